// Timing in Node: the median time of refundCurve() for a 3-year daily curve (1,097 points),
// and of estimate() on the same order, over repeated calls after a warm-up.
//   node www/bench/timing.mjs        (scripts/bench.sh builds the package first)
import { performance } from 'node:perf_hooks';
import { estimate, refundCurve, comparePlans, defaultPolicy } from '../node.js';
// The raw export, initialized by node.js: the curve with its points still packed in one string.
import { refundCurve as packedCurve } from '../pkg/refund_estimator.js';

const input = {
  order: { plan: '3year-100m', start: '2026-01-15T10:30:00+08:00', paid: { cash: '184400.00' }, usage: { traffic_gb: '0' } },
  request: { at: '2027-03-01T12:00:00+08:00', reason: 'business_change' },
};

function median(fn, runs) {
  for (let i = 0; i < Math.min(50, runs); i++) fn(); // warm-up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const curveMs = median(() => refundCurve(input), 101);
const estimateUs = median(() => estimate(input), 5001) * 1000;
const compareMs = median(() => comparePlans({ start: '2026-01-15' }, { after: { months: 4 } }), 201);
const points = refundCurve(input).points.length;
// The host's own policy in the input (here the bundled one, 14 KB), read on every call.
const withPolicy = { ...input, policy: defaultPolicy() };
const withPolicyUs = median(() => estimate(withPolicy), 2001) * 1000;
const curveWithPolicyMs = median(() => refundCurve(withPolicy), 101);
// The engine keeps one policy: two used in turn are each read again, and an invalid one is
// read twice (alone, then with the input, so its problems come in order).
const otherPolicy = { ...input, policy: { ...defaultPolicy(), version: 'other' } };
let turn = 0;
const alternatingUs = median(() => estimate(turn++ % 2 ? withPolicy : otherPolicy), 2001) * 1000;
const invalidPolicy = { ...input, policy: { ...defaultPolicy(), currency: 'XYZ' } };
const invalidUs = median(() => { try { estimate(invalidPolicy); } catch {} }, 2001) * 1000;
// What handing the answers over as JSON objects costs: the estimate's is what no engine can
// go below; the curve's points avoid it by crossing packed in one string (www/slim.js).
const curveText = JSON.stringify(refundCurve(input));
const estimateText = JSON.stringify(estimate(input));
const parseCurveMs = median(() => JSON.parse(curveText), 201);
const parseEstimateUs = median(() => JSON.parse(estimateText), 5001) * 1000;
const estimateBytes = new TextEncoder().encode(estimateText);
const decoder = new TextDecoder();
const decodeEstimateUs = median(() => decoder.decode(estimateBytes), 5001) * 1000;
const packedCurveMs = median(() => packedCurve(JSON.stringify(input), '', '{}'), 101);

const row = (what, value, budget, ok) =>
  console.log(`${what.padEnd(44)}${value.padStart(12)}${budget === '-' ? '' : `   budget ${budget.padEnd(8)} ${ok ? 'within' : 'OVER'}`}`);
console.log(`node ${process.version}, median of repeated calls`);
row(`refundCurve, 3-year daily (${points} points)`, `${curveMs.toFixed(3)} ms`, '1 ms', curveMs <= 1);
row('estimate(), same order', `${estimateUs.toFixed(1)} µs`, '3 µs', estimateUs <= 3);
row('comparePlans, 12 plans after 4 months', `${compareMs.toFixed(3)} ms`, '-', true);
row('estimate(), the 14 KB policy in the input', `${withPolicyUs.toFixed(1)} µs`, '-', true);
row('refundCurve, the 14 KB policy in the input', `${curveWithPolicyMs.toFixed(3)} ms`, '-', true);
row('estimate(), two 14 KB policies in turn', `${alternatingUs.toFixed(1)} µs`, '-', true);
row('estimate(), an invalid 14 KB policy', `${invalidUs.toFixed(1)} µs`, '-', true);
row(`  JSON.parse of the curve as objects (${(curveText.length / 1024).toFixed(0)} KB)`, `${parseCurveMs.toFixed(3)} ms`, '-', true);
row(`  JSON.parse of the estimate (${(estimateText.length / 1024).toFixed(1)} KB)`, `${parseEstimateUs.toFixed(1)} µs`, '-', true);
row('  UTF-8 decoding of the estimate', `${decodeEstimateUs.toFixed(1)} µs`, '-', true);
row('  refundCurve, its points left packed', `${packedCurveMs.toFixed(3)} ms`, '-', true);
