// The bad-input corpus (tests/bad/corpus.json, shared with tests/bad_input.rs and
// tests/cli.rs) through the npm package: every entry given as JSON data gets its code and
// path, and a valid estimate comes right after it in the same module instance. Then what
// only JavaScript can pass: values that are not plain JSON data (#17.6), each refused at its
// field's path, and deep nesting, refused alike on the main thread and in a worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { estimate, refundCurve, comparePlans, validatePolicy, defaultPolicy } from '../node.js';
import { ORDER } from './helpers.mjs';

const clone = (v) => structuredClone(v);
const corpus = JSON.parse(readFileSync(new URL('../../tests/bad/corpus.json', import.meta.url), 'utf8'));

/** `{"$repeat": n, "item": x}`: n copies of x, `{i}` in their strings replaced by the index. */
function expand(v) {
  if (Array.isArray(v)) return v.map(expand);
  if (v && typeof v === 'object') {
    if ('$repeat' in v) {
      const item = JSON.stringify(expand(v.item));
      return Array.from({ length: v.$repeat }, (_, i) => JSON.parse(item.replaceAll('{i}', String(i))));
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x)]));
  }
  return v;
}

/** The problems a call reports: thrown, or validatePolicy's answer. */
function problems(entry) {
  const input = expand(entry.input);
  const options = entry.options === undefined ? undefined : expand(entry.options);
  try {
    switch (entry.call) {
      case 'estimate': estimate(input); break;
      case 'curve': refundCurve(input, options); break;
      case 'compare': comparePlans(input, options); break;
      case 'validate': {
        const { ok, errors } = validatePolicy(input);
        assert.equal(ok, false);
        return { first: errors[0], errors };
      }
      default: throw new Error(`unknown call ${entry.call}`);
    }
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    assert.ok(e instanceof Error);
    assert.equal(e.code, e.errors[0].code);
    assert.equal(e.path, e.errors[0].path);
    return { first: e.errors[0], errors: e.errors };
  }
  assert.fail('an answer where an error was expected');
}

const entries = corpus.filter((e) => e.input !== undefined);

test('the corpus has what the JS suite needs', () => {
  assert.ok(corpus.length >= 150, `${corpus.length} entries`);
  assert.ok(entries.length >= 130, `${entries.length} entries given as JSON data`);
});

for (const entry of entries) {
  test(`corpus: ${entry.name}: ${entry.code} at "${entry.path}"`, () => {
    const { first, errors } = problems(entry);
    assert.deepEqual([first.code, first.path], [entry.code, entry.path]);
    if (entry.says) assert.ok(first.message.includes(entry.says), first.message);
    if (entry.count) assert.equal(errors.length, entry.count);
    if (entry.last) assert.equal(errors.at(-1).code, entry.last);
    if (entry.lastSays) assert.ok(errors.at(-1).message.includes(entry.lastSays), errors.at(-1).message);
    assert.equal(estimate(clone(ORDER)).refund, '43145.72', 'a valid estimate right after');
  });
}

class WithGetter {
  constructor() {
    const { paid, ...rest } = clone(ORDER.order);
    Object.assign(this, rest);
  }

  get paid() { return { cash: '30605.10' }; }
}

/** Not plain JSON data: each refused at its field, with what to pass instead (#17.6). */
const NOT_PLAIN = [
  ['a Map of usage', 'order.usage', 'expected a plain object, got a Map: JSON would drop its entries; pass Object.fromEntries(map)',
    (i) => { i.order.usage = new Map([['traffic_gb', '99999']]); }],
  ['a Set of waived fees', 'order.feesWaived', 'expected an array, got a Set: JSON would drop its items; pass [...set]',
    (i) => { i.order.feesWaived = new Set(['handling_fee']); }],
  ['paid from a class getter', 'order', 'expected a plain object, got an instance of WithGetter whose "paid" is a getter, which JSON would drop: pass a plain object (or give the class a toJSON)',
    (i) => { i.order = new WithGetter(); }],
  ['paid on the prototype', 'order', 'expected a plain object, got an instance of Object whose "paid" is a property of its prototype, which JSON would drop: pass a plain object (or give the class a toJSON)',
    (i) => { const { paid, ...rest } = i.order; i.order = Object.assign(Object.create({ paid }), rest); }],
  ['a Date where a day is read', 'request.submittedOn', 'expected a day like "2026-05-20", got a Date object: a Date is an instant, and its day depends on the time zone; write the day as text',
    (i) => { i.request.submittedOn = new Date('2026-05-20T00:00:00Z'); }],
  ['a Date where a plan id is read', 'order.plan', 'expected a string, got a Date object',
    (i) => { i.order.plan = new Date(); }],
  ['a Date among the holidays', 'policy.calendar.holidays[1]', 'expected a day like "2026-05-20", got a Date object: a Date is an instant, and its day depends on the time zone; write the day as text',
    (i) => { i.policy = defaultPolicy(); i.policy.calendar.holidays[1] = new Date(); }],
  ['a bigint amount', 'order.paid.cash', 'expected JSON data, got a bigint: write 70160 as a string ("70160") or a number',
    (i) => { i.order.paid.cash = 70160n; }],
  ['a bigint in the policy', 'policy.plans[8].price', 'expected JSON data, got a bigint: write 1 as a string ("1") or a number',
    (i) => { i.policy = defaultPolicy(); i.policy.plans[8].price = 1n; }],
  ['a symbol reason', 'request.reason', 'expected JSON data, got a symbol',
    (i) => { i.request.reason = Symbol('business_change'); }],
  ['a function in the usage', 'order.usage.traffic_gb', 'expected JSON data, got a function',
    (i) => { i.order.usage.traffic_gb = () => '1200'; }],
  ['a typed array of usage', 'order.usage', 'expected JSON data, got a Uint8Array',
    (i) => { i.order.usage = new Uint8Array([1]); }],
  ['a cycle through an array', 'order.feesWaived[0]', 'the value contains itself (a cycle): JSON cannot hold it',
    (i) => { i.order.feesWaived = []; i.order.feesWaived.push(i.order); }],
];

for (const [what, path, message, breakIt] of NOT_PLAIN) {
  test(`not plain data: ${what}: invalid_type at "${path}"`, () => {
    const input = clone(ORDER);
    breakIt(input);
    assert.throws(() => estimate(input), (e) => {
      assert.equal(e.code, 'invalid_type');
      assert.equal(e.path, path);
      assert.equal(e.message, `invalid_type at ${path}: ${message}`);
      assert.deepEqual(e.errors, [{ code: 'invalid_type', path, message }]);
      return true;
    });
    assert.equal(estimate(clone(ORDER)).refund, '43145.72', 'a valid estimate right after');
  });
}

test('options and a policy given to validatePolicy: paths under "options", from the policy\'s root', () => {
  assert.throws(() => refundCurve(clone(ORDER), new Map([['step', 'week']])),
    (e) => e.code === 'invalid_type' && e.path === 'options');
  assert.throws(() => comparePlans({ start: '2026-01-15' }, { after: { months: 4n } }),
    (e) => e.code === 'invalid_type' && e.path === 'options.after.months');
  // validatePolicy answers, never throws, for a policy that is not plain JSON data too.
  const { ok, errors } = validatePolicy({ ...defaultPolicy(), id: Symbol('x') });
  assert.deepEqual([ok, errors.map((p) => [p.code, p.path])], [false, [['invalid_type', 'id']]]);
});

test('what JSON carries whole is read: own getters, a class of own fields, toJSON, a Date where an instant is read', () => {
  const expected = estimate(clone(ORDER));
  class Order { constructor() { Object.assign(this, clone(ORDER.order)); } greet() { return 'hi'; } }
  const own = clone(ORDER);
  own.order = new Order();
  Object.defineProperty(own.request, 'reason', { enumerable: true, get: () => 'business_change' });
  own.order.paid = { cash: { toJSON: () => '70160.00' } };
  own.request.at = new Date(ORDER.request.at);
  own.order.start = new Date(ORDER.order.start);
  const e = estimate(own);
  assert.equal(e.refund, expected.refund);
  assert.deepEqual(e.lines, expected.lines);
  // Before #17.6 a Map of usage was dropped (43145.72 instead of 0.00 for 99999 GB), and
  // paid from a getter ignored (the list price applied): their plain forms differ.
  const heavy = clone(ORDER);
  heavy.order.usage = { traffic_gb: '99999' };
  assert.notEqual(estimate(heavy).refund, expected.refund);
});

const deep = (n) => {
  let v = 1;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};

test('deep nesting: invalid_json at the first value past 64 levels, however deep', () => {
  const input = (n) => ({ order: deep(n), request: { at: '2026-05-20' } });
  for (const n of [64, 65, 1000, 100000]) {
    assert.throws(() => estimate(input(n)), (e) => {
      assert.equal(e.code, 'invalid_json');
      assert.equal(e.path, `order${'.a'.repeat(64)}`);
      return true;
    });
    assert.equal(estimate(clone(ORDER)).refund, '43145.72');
  }
  // 63 levels under "order" fit: the order's own error.
  assert.throws(() => estimate(input(63)), (e) => e.code === 'missing_field' && e.path === 'order.plan');
});

test('deep nesting: the same answer in a worker with a small stack as on the main thread', async () => {
  const depths = [65, 2000, 100000];
  const main = depths.map((n) => {
    try {
      estimate({ order: deep(n), request: { at: '2026-05-20' } });
      return { ok: true };
    } catch (e) {
      return { code: e.code, path: e.path, message: e.message };
    }
  });
  const worker = new Worker(new URL('./bad-input-worker.mjs', import.meta.url), {
    workerData: { depths },
    resourceLimits: { stackSizeMb: 0.5 },
  });
  const inWorker = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.deepEqual(inWorker, main);
  assert.ok(main.every((m) => m.code === 'invalid_json'), JSON.stringify(main));
});
