// The policy's JSON Schema (policy.schema.json, generated from the reader by src/schema.rs),
// as the npm package ships it, checked by a validator editors and CI tools use: ajv (pinned),
// JSON Schema 2020-12 in strict mode. Every shipped policy and every policy of the golden
// cases that the engine accepts validates; every example in the schema validates against its
// own field; misspelt keys, a kind's stray parameter and a closed set's unknown name do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { validatePolicy } from '../node.js';

const WWW = fileURLToPath(new URL('..', import.meta.url));
const REPO = join(WWW, '..');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const schema = readJson(join(WWW, 'policy.schema.json'));

function validator() {
  // Strict mode (unknown keywords and formats refused, every keyword beside its type), with
  // unions ("a string or an integer" for decimals) and `required` naming properties of the
  // object around it ("exactly one of days and hours" is oneOf [{required: [days]}, …]).
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, strictRequired: false, allErrors: true });
  ajv.addSchema(schema);
  return ajv;
}
const ajv = validator();
const validate = ajv.getSchema(schema.$id);

const problems = (value) => (validate(value) ? [] : validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`));

/** The policies of a folder of golden cases (`input.policy`), with their file names. */
function casePolicies(dir) {
  const folder = join(REPO, 'tests', dir);
  return readdirSync(folder).filter((f) => f.endsWith('.json')).sort()
    .map((file) => [`tests/${dir}/${file}`, readJson(join(folder, file)).input?.policy])
    .filter(([, policy]) => policy);
}

/** Whether the engine accepts the policy (`validatePolicy` answers `{ ok, errors }`). */
const accepted = (policy) => validatePolicy(policy).ok === true;

test('the package ships the committed schema, and refund-estimator/policy.schema.json resolves to it', () => {
  assert.equal(readFileSync(join(WWW, 'policy.schema.json'), 'utf8'), readFileSync(join(REPO, 'policy.schema.json'), 'utf8'), 'run scripts/build-wasm.sh');
  const pkg = readJson(join(WWW, 'package.json'));
  assert.ok(pkg.files.includes('policy.schema.json'));
  assert.equal(pkg.exports['./policy.schema.json'], './policy.schema.json');
  // The package resolves itself by name through its exports.
  const require = createRequire(join(WWW, 'index.js'));
  assert.equal(require.resolve('refund-estimator/policy.schema.json'), join(WWW, 'policy.schema.json'));
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(schema.$id, 'https://unpkg.com/refund-estimator/policy.schema.json');
});

test('every shipped policy carries "$schema", which leads to the schema from where it lies, and validates', () => {
  const dirs = [join(WWW, 'policies'), join(WWW, 'policies', 'examples'), join(REPO, 'policies'), join(REPO, 'policies', 'examples')];
  let count = 0;
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const policy = readJson(join(dir, file));
      assert.equal(typeof policy.$schema, 'string', file);
      assert.equal(resolve(dirname(join(dir, file)), policy.$schema), resolve(dir.startsWith(WWW) ? WWW : REPO, 'policy.schema.json'), `${dir}/${file}`);
      assert.deepEqual(problems(policy), [], `${dir}/${file}`);
      assert.ok(accepted(policy), `${file}: the engine accepts "$schema"`);
      count++;
    }
  }
  assert.equal(count, 12);
});

test('every policy of the golden and what-if cases that the engine accepts validates against the schema', () => {
  const cases = [...casePolicies('cases'), ...casePolicies('whatif')];
  let valid = 0;
  for (const [file, policy] of cases) {
    if (!accepted(policy)) continue;
    assert.deepEqual(problems(policy), [], file);
    valid++;
  }
  assert.ok(valid >= 100, `${valid} policies`);
  assert.ok(valid < cases.length, 'the error cases\' policies are left out');
});

test('every example in the schema validates against its own field', () => {
  let count = 0;
  const visit = (node, pointer) => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${pointer}/${i}`));
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node.examples)) {
      const check = ajv.getSchema(`${schema.$id}#${pointer}`);
      assert.ok(check, pointer);
      for (const example of node.examples) {
        assert.ok(check(example), `${pointer}: ${JSON.stringify(example)}: ${JSON.stringify(check.errors)}`);
        count++;
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'examples' && key !== 'default' && key !== 'const' && key !== 'enum') visit(value, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  visit(schema, '');
  assert.ok(count > 150, `${count} examples`);
});

test('every field has a description and an example; every object is closed', () => {
  const fields = [];
  const visit = (node, path) => {
    if (!node || typeof node !== 'object') return;
    if (node.properties) {
      assert.equal(node.additionalProperties, false, path);
      for (const [key, field] of Object.entries(node.properties)) {
        fields.push(`${path}.${key}`);
        assert.ok(typeof field.description === 'string' && field.description.length > 10, `${path}.${key}: description`);
        assert.ok(Array.isArray(field.examples) && field.examples.length > 0, `${path}.${key}: examples`);
      }
    }
    for (const alternative of node.anyOf ?? []) visit(alternative, path);
  };
  visit(schema, '(policy)');
  for (const [name, def] of Object.entries(schema.$defs)) {
    assert.ok(def.description, `${name}: description`);
    visit(def, name);
  }
  assert.ok(fields.length > 150, `${fields.length} fields`);
});

test('the mistakes an editor should mark are refused, each at its place', () => {
  const base = readJson(join(WWW, 'policies', 'default.json'));
  const change = (edit) => {
    const policy = structuredClone(base);
    edit(policy);
    return problems(policy);
  };
  const has = (list, text) => assert.ok(list.some((p) => p.includes(text)), `${text} not in ${JSON.stringify(list)}`);
  has(change((p) => { p.plans[0].setupFe = '0.00'; }), '/plans/0 must NOT have additional properties');
  has(change((p) => { p.rules.fees.handling.percent = 5.5; }), '/rules/fees/handling/percent must be string');
  has(change((p) => { p.rules.fees.handling.percent = '150'; }), '/rules/fees/handling/percent must match pattern');
  has(change((p) => { p.rounding = 'half-up'; }), '/rounding must be equal to one of the allowed values');
  has(change((p) => { p.currency = 'RMB'; }), '/currency must be equal to one of the allowed values');
  has(change((p) => { p.timezone = 'Asia/Shanghia'; }), '/timezone must match a schema in anyOf');
  has(change((p) => { p.plans[0].term = { months: 12, days: 3 }; }), '/plans/0/term must NOT have more than 1 properties');
  has(change((p) => { p.rules.fees.earlyTermination = { kind: 'flat', percent: '10' }; }), "/rules/fees/earlyTermination must have required property 'amount'");
  has(change((p) => { p.rules.fees.earlyTermination = { kind: 'flat', amount: '100.00', percent: '10' }; }), '/rules/fees/earlyTermination/percent boolean schema is false');
  has(change((p) => { p.rules.coolingOff = { days: 5, hours: 120 }; }), '/rules/coolingOff must match exactly one schema in oneOf');
  has(change((p) => { p.rules.cancellation = { refund: 'within_window' }; }), "/rules/cancellation must have required property 'window'");
  has(change((p) => { p.plans = []; }), '/plans must NOT have fewer than 1 items');
  // What the reader accepts, the schema accepts: a text as one string, a section switched
  // off, an amount as a JSON integer, a zone name, "-0".
  assert.deepEqual(change((p) => {
    p.name = 'StreamLine';
    p.rules.sla = false;
    p.plans[0].price = 4200;
    p.timezone = 'Asia/Shanghai';
    p.rules.settlement.minimumRefund = '-0.00';
  }), []);
});
