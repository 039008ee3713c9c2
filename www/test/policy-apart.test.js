// A policy inside the input crosses into the engine apart from the rest, and the engine
// keeps the last valid one with its JSON text (www/slim.js, src/wasm.rs). These tests hold
// that to giving exactly what the whole input gives: the same answers, the same errors in
// the same order, and never a stale policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { estimate, refundCurve, comparePlans, validatePolicy, defaultPolicy } from '../node.js';
// The raw exports, given the whole input as one JSON text and no policy apart.
import * as raw from '../pkg/refund_estimator.js';
import { goldenCases, ORDER, readTape } from './helpers.mjs';

const whatIfDir = new URL('../../tests/whatif/', import.meta.url);
const whatIfCases = readdirSync(whatIfDir).filter((f) => f.endsWith('.json')).sort()
  .map((file) => ({ file, ...JSON.parse(readFileSync(new URL(file, whatIfDir), 'utf8')) }));

/** `{ok, value}` or `{error: {message, code, path, errors}}`: what a call gives, comparably. */
function outcome(call) {
  try {
    return { ok: JSON.stringify(call()) };
  } catch (e) {
    return { error: { message: e.message, code: e.code, path: e.path, errors: e.errors } };
  }
}

/** A curve from www/slim.js with its points packed again, to compare with the raw export. */
function packed(curve) {
  return { ...curve, points: curve.points.map((p) => `${p.at},${p.refund},${p.owed}`).join(';') };
}

const keys = raw.tapeKeys().split(',');
const { memory } = raw.initSync(); // the instance node.js loaded
const whole = {
  estimate: (input) => readTape(raw.estimate(JSON.stringify(input), ''), memory, keys),
  // Its points as the engine packs them (`at,refund,owed;…`).
  curve: (input, options) => readTape(raw.refundCurve(JSON.stringify(input), '', JSON.stringify(options ?? {})), memory, keys),
  compare: (input, options) => readTape(raw.comparePlans(JSON.stringify(input), '', JSON.stringify(options ?? {})), memory, keys),
};

/** Policies that break in several places at once, with orders that break too. */
function brokenInputs() {
  const badPolicy = defaultPolicy();
  badPolicy.currency = 'XYZ';
  badPolicy.plans[1].id = badPolicy.plans[0].id;
  badPolicy.rules.sla.tiers[1].below = '99.99';
  const badOrder = structuredClone(ORDER);
  badOrder.order.paid.cash = 'x';
  badOrder.request.reason = 'bored';
  badOrder.extra = 1;
  return [
    { ...structuredClone(ORDER), policy: badPolicy },
    { ...badOrder, policy: badPolicy },
    { ...badOrder, policy: defaultPolicy() },
    // "policy" among misspelt keys: the suggestions must not change.
    { ...badOrder, policy: defaultPolicy(), policies: {}, ordr: {} },
    { policy: defaultPolicy() },
    { policy: { ...defaultPolicy(), plans: 'none' }, order: 1, request: [] },
  ];
}

test('estimate: a policy apart gives what the whole input gives, for every golden case', () => {
  let compared = 0;
  for (const c of goldenCases()) {
    // Twice: the first call reads the policy, the second finds it kept.
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(outcome(() => estimate(c.input)), outcome(() => whole.estimate(c.input)), c.file);
    }
    compared += c.input.policy ? 1 : 0;
  }
  assert.ok(compared > 50, `${compared} cases had a policy`);
});

test('estimate: the same errors, in the same order, when policy and order are both broken', () => {
  for (const input of brokenInputs()) {
    const apart = outcome(() => estimate(input));
    assert.ok(apart.error, JSON.stringify(input).slice(0, 80));
    assert.deepEqual(apart, outcome(() => whole.estimate(input)));
  }
  // The policy's problems first, then the input's unknown key; the order is not read
  // against a policy that is not valid.
  const [, both, validPolicy] = brokenInputs();
  assert.deepEqual(outcome(() => estimate(both)).error.errors.map((p) => p.path),
    ['policy.currency', 'policy.rules.sla.tiers[1].below', 'policy.plans[1].id', 'extra']);
  assert.deepEqual(outcome(() => estimate(validPolicy)).error.errors.map((p) => p.path),
    ['extra', 'order.paid.cash', 'request.reason']);
});

test('refundCurve and comparePlans: a policy apart gives what the whole input gives', () => {
  for (const c of whatIfCases) {
    const [apart, all] = c.kind === 'curve'
      ? [() => packed(refundCurve(c.input, c.options)), () => whole.curve(c.input, c.options)]
      : [() => comparePlans(c.input, c.options), () => whole.compare(c.input, c.options)];
    assert.deepEqual(outcome(apart), outcome(all), c.file);
  }
  for (const input of brokenInputs()) {
    assert.deepEqual(outcome(() => refundCurve(input)), outcome(() => whole.curve(input)));
  }
  const badCompare = { start: '2026-01-15', policy: { ...defaultPolicy(), timezone: '8' }, extra: true };
  assert.deepEqual(outcome(() => comparePlans(badCompare, { after: { months: 4 } })),
    outcome(() => whole.compare(badCompare, { after: { months: 4 } })));
});

test('the kept policy follows the policy text, not the object: a changed policy is read again', () => {
  const policy = defaultPolicy();
  const input = { ...structuredClone(ORDER), policy };
  const before = estimate(input).refund;
  assert.equal(before, estimate({ ...structuredClone(ORDER), policy: defaultPolicy() }).refund);
  // The same object, changed in place: a 20 % handling fee instead of 5 %.
  policy.rules.fees.handling.percent = '20';
  const after = estimate(input);
  assert.equal(after.refund, '36333.24');
  assert.equal(JSON.stringify(after), JSON.stringify(whole.estimate(input)));
  // Broken, then valid again: the error, then the right answer.
  policy.currency = 'XYZ';
  assert.throws(() => estimate(input), (e) => e.code === 'unknown_currency' && e.path === 'policy.currency');
  policy.currency = 'CNY';
  assert.equal(estimate(input).refund, after.refund);
  // Another policy in between, then this one.
  assert.equal(estimate(structuredClone(ORDER)).refund, '43145.72');
  assert.equal(estimate({ ...structuredClone(ORDER), policy: defaultPolicy() }).refund, before);
  assert.equal(estimate(input).refund, after.refund);
});

test('validatePolicy keeps a valid policy for the calls that follow, and they stay right', () => {
  const policy = defaultPolicy();
  policy.rules.fees.handling.percent = '10';
  assert.deepEqual(validatePolicy(policy), { ok: true, errors: [] });
  const input = { ...structuredClone(ORDER), policy };
  assert.equal(JSON.stringify(estimate(input)), JSON.stringify(whole.estimate(input)));
  assert.equal(estimate(input).refund, '40874.89');
  // An invalid policy validated in between changes nothing kept.
  assert.equal(validatePolicy({ ...policy, currency: 'XYZ' }).ok, false);
  assert.equal(JSON.stringify(estimate(input)), JSON.stringify(whole.estimate(input)));
});

test('inputs that are not plain objects go whole and answer as before', () => {
  class Input {
    constructor() { Object.assign(this, structuredClone(ORDER), { policy: defaultPolicy() }); }
  }
  assert.equal(estimate(new Input()).refund, '43145.72');
  const withToJson = { toJSON: () => ({ ...structuredClone(ORDER), policy: defaultPolicy() }) };
  assert.equal(estimate(withToJson).refund, '43145.72');
  // A policy that is not an object keeps its own error.
  assert.throws(() => estimate({ ...structuredClone(ORDER), policy: 'default' }),
    (e) => e.code === 'invalid_type' && e.path === 'policy');
  assert.throws(() => estimate({ ...structuredClone(ORDER), policy: [] }),
    (e) => e.code === 'invalid_type' && e.path === 'policy');
  // A getter that throws is refused like any value JSON cannot carry.
  const input = structuredClone(ORDER);
  Object.defineProperty(input, 'policy', { enumerable: true, get() { throw new Error('no'); } });
  assert.throws(() => estimate(input), (e) => e.code === 'invalid_type' && e.path === '');
  assert.equal(estimate(structuredClone(ORDER)).refund, '43145.72');
});

/** `{a: {a: … value}}`, `n` objects deep. */
function deep(n, value = 1) {
  let v = value;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

test('nesting past the limit: the same code as the whole input\'s, at the first value too deep', () => {
  const cases = [
    // Within the policy: too deep only when counted from the input's root.
    { ...structuredClone(ORDER), policy: { ...defaultPolicy(), extra: deep(63) } },
    { ...structuredClone(ORDER), policy: { ...defaultPolicy(), extra: deep(62) } },
    // After the policy in the text.
    { policy: defaultPolicy(), order: deep(64), request: ORDER.request },
  ];
  const a = (n) => '.a'.repeat(n);
  for (const [input, path] of [[cases[0], `policy.extra${a(63)}`], [cases[2], `order${a(64)}`]]) {
    // slim.js finds it as it writes the text (src/value.rs counts the same 64 levels).
    const found = outcome(() => estimate(input)).error;
    assert.equal(found.code, 'invalid_json');
    assert.equal(found.path, path);
    assert.equal(found.message, `invalid_json at ${path}: nesting is deeper than 64 levels`);
    assert.equal(outcome(() => whole.estimate(input)).error.code, 'invalid_json');
  }
  assert.deepEqual(outcome(() => estimate(cases[1])), outcome(() => whole.estimate(cases[1])));
  assert.equal(outcome(() => estimate(cases[1])).error.code, 'unknown_field');
  // A deep policy and deep options: the policy's error, as when the input is read whole first.
  const options = { step: deep(64) };
  assert.equal(outcome(() => refundCurve(cases[0], options)).error.path, `policy.extra${a(63)}`);
});

test('a host\'s own error thrown while reading the input is wrapped, whatever its code', () => {
  const thrown = Object.assign(new Error('mine'), { code: 'invalid_type', path: 'x' });
  const input = { ...structuredClone(ORDER), policy: defaultPolicy() };
  Object.defineProperty(input, 'order', { enumerable: true, get() { throw thrown; } });
  assert.throws(() => estimate(input), (e) => {
    assert.match(e.message, /^invalid_type: the input must be plain JSON data/);
    assert.equal(e.path, '');
    assert.equal(e.cause, thrown);
    return true;
  });
});

test('JSON longer than 16 MiB is refused the same way, whole or with the policy apart', () => {
  const limit = 16 * 1024 * 1024;
  // The whole input's text at exactly `length` bytes of UTF-8 (the policy has Chinese
  // names), padded in a misspelt field of the order: unknown_field at the limit,
  // input_too_large past it.
  const bytes = (value) => Buffer.byteLength(JSON.stringify(value));
  const sized = (length) => {
    const input = { ...structuredClone(ORDER), policy: defaultPolicy() };
    input.order.padding = '';
    input.order.padding = 'x'.repeat(length - bytes(input));
    assert.equal(bytes(input), length);
    return input;
  };
  for (const [length, code] of [[limit, 'unknown_field'], [limit + 1, 'input_too_large']]) {
    const input = sized(length);
    const { policy, ...rest } = input;
    // The engine's own check, on the raw exports: the same with the policy apart.
    const apart = outcome(() => raw.estimate(JSON.stringify(rest), JSON.stringify(policy)));
    assert.deepEqual(apart, outcome(() => whole.estimate(input)));
    assert.equal(apart.error.code, code);
    // And through the package.
    assert.deepEqual(outcome(() => estimate(input)), apart);
  }
  // The policy alone in the input: no comma before it in the whole text.
  for (const [length, code] of [[limit, 'unknown_field'], [limit + 1, 'input_too_large']]) {
    const input = { policy: { ...defaultPolicy(), padding: '' } };
    input.policy.padding = 'x'.repeat(length - bytes(input));
    assert.equal(bytes(input), length);
    const apart = outcome(() => raw.estimate('{}', JSON.stringify(input.policy)));
    assert.deepEqual(apart, outcome(() => whole.estimate(input)));
    assert.equal(apart.error.code, code);
  }
  // ASCII only, so that slim.js finds the text too long before the module does: the same error.
  const ascii = { ...structuredClone(ORDER), policy: { ...defaultPolicy(), name: 'n' } };
  ascii.order.padding = 'x'.repeat(limit);
  assert.deepEqual(outcome(() => estimate(ascii)), outcome(() => whole.estimate(ascii)));
  assert.deepEqual(outcome(() => estimate(sized(limit + 1))).error.errors,
    [{ code: 'input_too_large', path: '', message: 'the input is longer than 16 MiB (16777216 bytes)' }]);
  assert.equal(estimate(structuredClone(ORDER)).refund, '43145.72');
});

test('an input and options that are both not JSON data: the input\'s error comes first', () => {
  for (const input of [{ ...structuredClone(ORDER), policy: { ...defaultPolicy(), f: () => 1 } },
    { ...structuredClone(ORDER), policy: defaultPolicy(), g: () => 1 }, { ...structuredClone(ORDER), g: () => 1 }]) {
    for (const call of [() => refundCurve(input, { f: () => 1 }), () => comparePlans(input, { f: () => 1 })]) {
      assert.throws(call, (e) => e.code === 'invalid_type' && /^(policy\.f|g)$/.test(e.path));
    }
  }
});

test('proxies and getters: the policy JSON.stringify sees, errors with the same cause', () => {
  const fee20 = defaultPolicy();
  fee20.rules.fees.handling.percent = '20';
  // A get trap that answers another policy than the property holds: the trap's.
  const trap = new Proxy({ ...structuredClone(ORDER), policy: defaultPolicy() }, {
    get: (target, key) => (key === 'policy' ? fee20 : target[key]),
  });
  assert.equal(estimate(trap).refund, '36333.24');
  // ownKeys hiding the policy: no policy, the bundled one.
  const hidden = new Proxy({ ...structuredClone(ORDER), policy: fee20 }, {
    ownKeys: (target) => Reflect.ownKeys(target).filter((k) => k !== 'policy'),
  });
  assert.equal(estimate(hidden).refund, '43145.72');
  // A getPrototypeOf trap that throws, which JSON.stringify never calls: still an answer.
  const throwing = { getPrototypeOf() { throw new Error('no'); } };
  assert.equal(estimate(new Proxy({ ...structuredClone(ORDER), policy: fee20 }, throwing)).refund, '36333.24');
  assert.equal(estimate({ ...structuredClone(ORDER), policy: new Proxy(fee20, throwing) }).refund, '36333.24');
  // The first failure in key order is the cause, and each getter runs once.
  const mine = new Error('mine');
  let calls = 0;
  const input = {
    get order() { calls++; throw mine; },
    request: ORDER.request,
    policy: { ...defaultPolicy(), n: 1n },
  };
  assert.throws(() => estimate(input), (e) => e.code === 'invalid_type' && e.cause === mine);
  assert.equal(calls, 1);
  const policyFirst = { policy: { ...defaultPolicy(), n: 1n }, get order() { throw mine; }, request: ORDER.request };
  assert.throws(() => estimate(policyFirst), (e) => e.code === 'invalid_type' && e.path === 'policy.n');
  // A function elsewhere and a policy past the limit: the function, found first.
  const both = { ...structuredClone(ORDER), f() {}, policy: { ...defaultPolicy(), pad: 'x'.repeat(17 << 20) } };
  assert.throws(() => estimate(both), (e) => e.code === 'invalid_type');
});
