// The playground's JSON position mapper (demo/playground.positions.js): every value of every
// shipped and golden policy is found where it stands (the text at its span parses to the
// value at its path), the engine's error paths land on the right line, and syntax errors are
// found where JSON.parse finds them, with a message that says what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locate, placeOf, lineOf, parent } from '../demo/playground.positions.js';
import { validatePolicy } from '../node.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

function texts() {
  const out = [];
  for (const dir of ['policies', 'policies/examples']) {
    for (const f of readdirSync(join(REPO, dir)).filter((f) => f.endsWith('.json'))) out.push([`${dir}/${f}`, readFileSync(join(REPO, dir, f), 'utf8')]);
  }
  for (const dir of ['tests/cases', 'tests/whatif']) {
    for (const f of readdirSync(join(REPO, dir)).filter((f) => f.endsWith('.json'))) out.push([`${dir}/${f}`, readFileSync(join(REPO, dir, f), 'utf8')]);
  }
  return out;
}

/** The value at an engine path (`a.b[2].c`). */
function at(value, path) {
  if (path === '') return value;
  let v = value;
  for (const [, key, index] of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) v = index !== undefined ? v[Number(index)] : v[key];
  return v;
}

test('every value of every policy and case file is found at its span', () => {
  let values = 0;
  for (const [file, text] of texts()) {
    const { error, spans } = locate(text);
    assert.equal(error, null, file);
    const whole = JSON.parse(text);
    for (const [path, span] of spans) {
      assert.deepEqual(JSON.parse(text.slice(span.from, span.to)), at(whole, path), `${file} ${path}`);
      if (span.keyFrom !== undefined) {
        const key = JSON.parse(text.slice(span.keyFrom, span.keyTo));
        assert.equal(key, path.slice(path.lastIndexOf('.') + 1), `${file} ${path}`);
      }
      values++;
    }
  }
  assert.ok(values > 50_000, `${values} values`);
});

test('an error path lands on the line of its key, or of the object that lacks it', () => {
  const text = readFileSync(join(REPO, 'policies/default.json'), 'utf8');
  const policy = JSON.parse(text);
  const lines = text.split('\n');
  // A misspelt key in the first plan: unknown_field at the key, missing_field at the plan.
  const typo = text.replace('"setupFee": "800.00"', '"setupFe": "800.00"');
  const plan = JSON.stringify(policy.plans[0].id);
  const { spans } = locate(typo);
  const { ok, errors } = validatePolicy(JSON.parse(typo));
  assert.equal(ok, false);
  assert.deepEqual(errors.map((e) => [e.code, e.path]), [['unknown_field', 'plans[0].setupFe']]);
  const place = placeOf(spans, errors[0].path);
  const line = lineOf(typo, place.from);
  assert.match(typo.split('\n')[line - 1], /"setupFe": "800\.00"/);
  assert.equal(typo.slice(place.from, place.to), '"setupFe"');
  // A path the text does not have: its nearest enclosing value (the plan's opening brace).
  const missing = placeOf(spans, 'plans[0].price.amount');
  assert.equal(lineOf(typo, missing.from), lines.findIndex((l) => l.includes('"price": "3800.00"')) + 1);
  const whole = placeOf(spans, 'plans[0]');
  assert.equal(typo[whole.from], '{');
  assert.ok(typo.slice(whole.from, whole.to).includes(plan));
  assert.deepEqual(placeOf(spans, ''), { from: 0, to: typo.length - 1 });
  assert.deepEqual(placeOf(new Map(), 'a.b'), { from: 0, to: 0 });
  assert.deepEqual(['a.b[2].c', 'a.b[2]', 'a.b', 'a'].map(parent), ['a.b[2]', 'a.b', 'a', '']);
});

test('syntax errors are found where JSON.parse finds them, and say what to do', () => {
  const cases = [
    ['{"a": 1 "b": 2}', 8, 'expected "," or "}" after the value of "a", got "\\""'],
    ['{"a": 1,}', 8, 'a comma before "}": remove it'],
    ['[1, 2,]', 6, 'a comma before "]": remove it'],
    ['{"a": "x\n"}', 8, 'a string is not closed on its line: add the closing quote'],
    ['{"a": True}', 6, 'expected a value, got True (JSON writes true)'],
    ['{"a": CNY}', 6, 'expected a value, got CNY: strings need quotes'],
    ["{'a': 1}", 1, 'expected a key in double quotes, got "\'"'],
    ['{"a": 1} x', 9, 'unexpected "x" after the JSON value'],
    ['{"a": [1, 2}', 11, 'expected "," or "]" after an item, got "}"'],
    ['{"a": 1', 7, 'expected "," or "}" after the value of "a", got the end of the text'],
    ['  ', 2, 'the text is empty: a policy is a JSON object'],
    ['{"a": "\\q"}', 7, 'unknown escape \\q in a string'],
    ['{"a": 01}', 7, 'expected "," or "}" after the value of "a", got "1"'],
  ];
  for (const [text, from, message] of cases) {
    assert.throws(() => JSON.parse(text), SyntaxError, text);
    assert.deepEqual(locate(text).error, { from, message }, text);
  }
  // What JSON.parse accepts, the mapper accepts.
  for (const text of ['{}', '[]', '"x"', '0', '-1.5e+3', 'true', '{"a":{"b":[null,{"c":"\\u00e9\\n"}]}}', '\ufeff{"a": 1}']) {
    assert.equal(locate(text).error, null, text);
  }
  assert.equal(lineOf('a\nb\nc', 4), 3);
});
