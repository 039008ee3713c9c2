// Shared by the JS suites: the golden cases of tests/cases and a key-sorting serializer.
import { readFileSync, readdirSync } from 'node:fs';

const casesDir = new URL('../../tests/cases/', import.meta.url);

/** Every golden case: `{ file, name, input, expected? , error? }`. */
export function goldenCases() {
  return readdirSync(casesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(new URL(file, casesDir), 'utf8')) }));
}

/** JSON with object keys sorted, so two values compare as text regardless of key order. */
export function sortedJson(value) {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v,
  );
}

/** The input most tests start from: an annual plan on the bundled policy. */
export const ORDER = Object.freeze({
  order: {
    plan: 'annual-100m',
    start: '2026-01-15T10:30:00+08:00',
    paid: { cash: '70160.00' },
    usage: { traffic_gb: '1200' },
    paymentMethod: 'alipay',
  },
  request: { at: '2026-05-20T18:40:00+08:00', reason: 'business_change' },
});
