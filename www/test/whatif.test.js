// refundCurve and comparePlans through the built package: the what-if golden cases of
// tests/whatif (the Rust suite checks every point against estimate()), and the 3-year
// daily curve in one call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { refundCurve, comparePlans, estimate } from '../node.js';
import { sortedJson } from './helpers.mjs';

const dir = new URL('../../tests/whatif/', import.meta.url);
const cases = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .map((file) => ({ file, ...JSON.parse(readFileSync(new URL(file, dir), 'utf8')) }));

for (const c of cases) {
  test(`what-if ${c.file}`, () => {
    const actual = c.kind === 'curve' ? refundCurve(c.input, c.options) : comparePlans(c.input, c.options);
    assert.equal(sortedJson(actual), sortedJson(c.expected));
  });
}

test('a 3-year daily curve comes back in one call, each point an estimate', () => {
  const input = {
    order: { plan: '3year-100m', start: '2026-01-15T10:30:00+08:00', paid: { cash: '184400.00' }, usage: { traffic_gb: '0' } },
    request: { at: '2026-01-15T10:30:00+08:00', reason: 'business_change' },
  };
  const curve = refundCurve(input);
  // 15 Jan 2026 to 15 Jan 2029 is 1,096 days (2028 is a leap year): 1,097 daily points, both ends included.
  assert.equal(curve.points.length, 1097);
  for (const i of [0, 1, 400, 1096]) {
    const p = curve.points[i];
    assert.equal(p.refund, estimate({ ...input, request: { ...input.request, at: p.at } }).refund, p.at);
  }
  assert.equal(curve.breakpoints[0].code, 'cooling_off_end');
  assert.equal(curve.best.at, '2026-01-20T10:30:00+08:00');
});

test('options are optional and validated like any input', () => {
  const input = {
    order: { plan: 'monthly-50m', start: '2026-01-15', paid: { cash: '4600.00' } },
    request: { at: '2026-01-20' },
  };
  assert.equal(refundCurve(input).points.length, 32);
  assert.throws(() => refundCurve(input, { step: 'fortnight' }), (e) => e.code === 'invalid_enum' && e.path === 'options.step');
  assert.throws(() => comparePlans({ start: '2026-01-15' }, {}), (e) => e.code === 'missing_field' && e.path === 'options.after');
  // Every plan of the bundled policy but the postpaid one, which costs what is used.
  assert.equal(comparePlans({ start: '2026-01-15' }, { after: { months: 1 } }).rows.length, 15);
});

test('every key the engine returns is declared in types.d.ts', async () => {
  // Without a TypeScript compiler in the suite, this keeps the declarations from falling
  // behind the output: every key of every golden answer must appear as `key:` or `key?:`.
  const { goldenCases } = await import('./helpers.mjs');
  const declared = readFileSync(new URL('../types.d.ts', import.meta.url), 'utf8');
  const keys = new Set();
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        keys.add(k);
        walk(x);
      }
    }
  };
  for (const c of cases) walk(c.expected);
  for (const c of goldenCases()) if (!c.error) walk(c.expected);
  assert.ok(keys.size > 40, `${keys.size} keys`);
  const missing = [...keys].filter((k) => !new RegExp(`(^|[\\s{;])'?${k}'?\\??:`, 'm').test(declared));
  assert.deepEqual(missing, []);
});

test('every warning, line and outcome code the engine returns is in types.d.ts', async () => {
  // The unions of codes fall behind the engine as easily as its keys (calendar_provisional did).
  const { goldenCases } = await import('./helpers.mjs');
  const declared = readFileSync(new URL('../types.d.ts', import.meta.url), 'utf8');
  const union = (name) => {
    const body = new RegExp(`export type ${name} =([^;]*);`).exec(declared)?.[1] ?? '';
    return new Set([...body.matchAll(/'([a-z_0-9]+)'/g)].map((m) => m[1]));
  };
  const declaredCodes = { warnings: union('WarningCode'), lines: union('LineCode'), outcomes: union('Outcome') };
  assert.ok(declaredCodes.warnings.size > 15 && declaredCodes.lines.size > 15 && declaredCodes.outcomes.size === 5);
  const seen = { warnings: new Set(), lines: new Set(), outcomes: new Set() };
  for (const c of goldenCases()) {
    if (c.error) continue;
    for (const w of c.expected.warnings) seen.warnings.add(w.code);
    for (const l of [...c.expected.lines, ...c.expected.credits]) seen.lines.add(l.code);
    seen.outcomes.add(c.expected.outcome);
  }
  for (const kind of Object.keys(seen)) {
    assert.deepEqual([...seen[kind]].filter((code) => !declaredCodes[kind].has(code)), [], kind);
  }
});
