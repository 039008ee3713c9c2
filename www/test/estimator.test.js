// createEstimator() and its prepared orders against estimate(), through the built package:
// on every golden case (tests/cases) an estimator's estimate(), a prepared order's
// estimate(), estimate(at) and at(at) give what estimate() gives for the same input and
// instant (the same JSON text, or the same error); at() equals estimate() at many instants
// of several orders; the what-if cases (tests/whatif) come out the same through an
// estimator; free() and garbage collection release the engine's copies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createEstimator, estimate, refundCurve, comparePlans, defaultPolicy } from '../node.js';
import { goldenCases, ORDER } from './helpers.mjs';

const clone = (v) => structuredClone(v);

/** An answer or a thrown error, as text: equal texts are equal answers. */
function outcome(fn) {
  try {
    return JSON.stringify(fn());
  } catch (e) {
    if (!(e instanceof Error) || !e.code) throw e;
    return `error ${JSON.stringify({ code: e.code, path: e.path, message: e.message, errors: e.errors })}`;
  }
}

/** The figures of a whole estimate, as PreparedOrder.at gives them. */
const figuresOf = (e) => ({ refund: e.refund, owed: e.owed, outcome: e.outcome, lines: e.lines.map(({ code, amount }) => ({ code, amount })) });

const withAt = (input, at) => ({ ...input, request: { ...input.request, at } });

/** The case's estimator and its input without the policy; null when the policy is invalid. */
function estimatorOf(input) {
  const { policy, ...rest } = input;
  try {
    return { estimator: createEstimator(policy), rest };
  } catch (error) {
    return { error, rest };
  }
}

const cases = goldenCases();

test('every golden case: an estimator and a prepared order answer as estimate() does', () => {
  let prepared = 0;
  for (const c of cases) {
    const expected = outcome(() => estimate(clone(c.input)));
    const { estimator, error, rest } = estimatorOf(clone(c.input));
    if (error) {
      // An invalid policy: createEstimator lists the problems estimate() lists under `policy`.
      assert.ok(expected.startsWith('error'), c.file);
      const whole = JSON.parse(expected.slice(6)).errors.map((p) => `${p.code} ${p.path}`);
      for (const p of error.errors) assert.ok(whole.includes(`${p.code} ${p.path === '' ? 'policy' : `policy.${p.path}`}`), `${c.file}: ${p.code} ${p.path}`);
      continue;
    }
    assert.equal(outcome(() => estimator.estimate(rest)), expected, `${c.file}: estimator.estimate`);
    let order;
    const made = outcome(() => (order = estimator.prepare(rest), null));
    if (order === undefined) {
      assert.equal(made, expected, `${c.file}: prepare`);
      continue;
    }
    const at = c.input.request.at;
    assert.equal(outcome(() => order.estimate()), expected, `${c.file}: order.estimate()`);
    assert.equal(outcome(() => order.estimate(at)), expected, `${c.file}: order.estimate(at)`);
    const figures = expected.startsWith('error') ? expected : JSON.stringify(figuresOf(JSON.parse(expected)));
    assert.equal(outcome(() => order.at(at)), figures, `${c.file}: order.at(at)`);
    order.free();
    estimator.free();
    prepared += 1;
  }
  assert.ok(prepared >= 100, `${prepared} cases prepared`);
});

/** The days of an order's curve (every `stride`-th), and instants around its start and after its end. */
function instants(input, stride) {
  let curve;
  try {
    curve = refundCurve(input);
  } catch {
    return [];
  }
  const days = curve.points.filter((_, i) => i % stride === 0).map((p) => p.at);
  const first = new Date(curve.points[0].at);
  const last = new Date(curve.points.at(-1).at);
  return [
    ...days,
    curve.points.at(-1).at,
    ...curve.breakpoints.map((b) => b.at),
    new Date(first.getTime() - 1000), // a Date, a second before the start
    curve.points[0].at.slice(0, 10), // a plain date
    new Date(last.getTime() + 40 * 86_400_000).toISOString(),
  ];
}

test('at() equals estimate() at instants across every golden order', () => {
  let compared = 0;
  for (const c of cases) {
    const { estimator, rest } = estimatorOf(clone(c.input));
    if (!estimator) continue;
    let order;
    try {
      order = estimator.prepare(rest);
    } catch {
      continue;
    }
    for (const at of instants(c.input, 41)) {
      const whole = outcome(() => estimate(withAt(c.input, at)));
      const figures = whole.startsWith('error') ? whole : JSON.stringify(figuresOf(JSON.parse(whole)));
      assert.equal(outcome(() => order.at(at)), figures, `${c.file} at ${at}`);
      assert.equal(outcome(() => order.estimate(at)), whole, `${c.file}: estimate(${at})`);
      compared += 1;
    }
  }
  assert.ok(compared >= 1000, `${compared} instants`);
});

test('at() equals estimate() on every day of a 3-year order', () => {
  const input = {
    order: { plan: '3year-100m', start: '2026-01-15T10:30:00+08:00', paid: { cash: '184400.00' }, usage: { traffic_gb: '0' } },
    request: { at: '2026-03-01T12:00:00+08:00', reason: 'business_change', locale: 'zh-CN' },
  };
  const order = createEstimator().prepare(input);
  const days = instants(input, 1);
  assert.ok(days.length > 1096, `${days.length} days`);
  for (const at of days) {
    assert.equal(outcome(() => order.at(at)), outcome(() => figuresOf(estimate(withAt(input, at)))), String(at));
  }
});

const whatifDir = new URL('../../tests/whatif/', import.meta.url);
const whatifCases = readdirSync(whatifDir).filter((f) => f.endsWith('.json')).sort()
  .map((file) => ({ file, ...JSON.parse(readFileSync(new URL(file, whatifDir), 'utf8')) }));

test('the what-if cases: an estimator\'s refundCurve and comparePlans answer as the functions do', () => {
  for (const c of whatifCases) {
    const { estimator, rest } = estimatorOf(clone(c.input));
    const [own, plain] = c.kind === 'curve'
      ? [() => estimator.refundCurve(rest, c.options), () => refundCurve(clone(c.input), c.options)]
      : [() => estimator.comparePlans(rest, c.options), () => comparePlans(clone(c.input), c.options)];
    assert.equal(outcome(own), outcome(plain), c.file);
  }
});

test('an estimator refuses an input with a policy of its own, and an invalid policy with every problem', () => {
  const estimator = createEstimator();
  assert.throws(() => estimator.estimate({ ...clone(ORDER), policy: defaultPolicy() }), (e) => {
    assert.equal(e.code, 'unknown_field');
    assert.equal(e.path, 'policy');
    assert.match(e.message, /has its own policy/);
    return true;
  });
  const policy = defaultPolicy();
  policy.currency = 'XYZ';
  policy.plans[0].price = NaN;
  assert.throws(() => createEstimator(policy), (e) => {
    assert.ok(e instanceof Error);
    assert.deepEqual(e.errors.map((p) => [p.code, p.path]), [['unknown_currency', 'currency'], ['invalid_amount', 'plans[0].price']]);
    return true;
  });
  // A function in the policy is refused before the engine sees it, at its path.
  assert.throws(() => createEstimator({ ...defaultPolicy(), id: () => 'x' }), { code: 'invalid_type', path: 'id' });
});

test('at() takes a Date, refuses what is not an instant at request.at, and keeps working', () => {
  const order = createEstimator().prepare(clone(ORDER));
  assert.deepEqual(order.at(new Date('2026-05-20T10:40:00Z')), order.at('2026-05-20T18:40:00+08:00'));
  assert.equal(order.at('2026-05-20T18:40:00+08:00').refund, '43145.72');
  for (const [bad, code] of [['2026-02-30', 'invalid_date'], [new Date(NaN), 'invalid_date'], [42, 'invalid_type'], [undefined, 'invalid_type'], ['2026-01-15T10:29:59+08:00', 'cancel_before_start']]) {
    assert.throws(() => order.at(bad), (e) => e.code === code && e.path === 'request.at', String(bad));
  }
  assert.equal(order.at('2026-01-20').outcome, 'full');
  assert.equal(order.estimate().refund, '43145.72');
});

test('free() releases at once; later calls say so; prepared orders outlive their estimator', () => {
  const estimator = createEstimator();
  const order = estimator.prepare(clone(ORDER));
  estimator.free();
  estimator.free(); // twice is harmless
  assert.throws(() => estimator.estimate(clone(ORDER)), { code: 'freed' });
  assert.equal(order.at('2026-05-20T18:40:00+08:00').refund, '43145.72');
  order.free();
  assert.throws(() => order.at('2026-05-20'), { code: 'freed' });
  if (typeof Symbol.dispose === 'symbol') assert.equal(typeof createEstimator()[Symbol.dispose], 'function');
});

test('the plain estimate() keeps a few policies: five used in turn all answer right', () => {
  const policies = [1, 2, 3, 4, 5].map((n) => ({ ...defaultPolicy(), version: `v${n}` }));
  for (let round = 0; round < 3; round++) {
    for (const policy of policies) {
      const e = estimate({ ...clone(ORDER), policy });
      assert.equal(e.policy.version, policy.version);
      assert.equal(e.refund, '43145.72');
    }
  }
});

test('estimators and prepared orders never freed by hand are freed when garbage-collected', async () => {
  // In a child Node with --expose-gc: rounds of 5,000 prepared orders (a few hundred bytes
  // each in the module's memory), dropped without free(). Were they not freed, the memory
  // would grow by megabytes a round; freed, it stops growing after the first rounds.
  const { execFileSync } = await import('node:child_process');
  const script = `
    import { createEstimator } from './node.js';
    import { initSync } from './pkg/refund_estimator.js';
    const memory = initSync().memory; // the instance node.js loaded
    const input = ${JSON.stringify(ORDER)};
    const sizes = [];
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 5000; i++) createEstimator().prepare(input).at('2026-05-20');
      // Finalizers run after a collection, when the event loop gets to them: a few turns.
      for (let turn = 0; turn < 3; turn++) {
        globalThis.gc();
        await new Promise((r) => setTimeout(r, 20));
      }
      sizes.push(memory.buffer.byteLength);
    }
    console.log(JSON.stringify(sizes));
  `;
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { cwd: new URL('..', import.meta.url), encoding: 'utf8' });
  const sizes = JSON.parse(out);
  assert.equal(sizes.at(-1), sizes[5], `the module's memory grew after round 6: ${sizes}`);
  assert.ok(sizes.at(-1) < 32 * 1024 * 1024, `${sizes}`);
});
