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

/**
 * An answer of the raw wasm exports (the byte address of its tape in the module's memory,
 * src/write.rs), read by a decoder of its own: the objects www/slim.js builds from it, for
 * tests that call the exports directly.
 */
export function readTape(at, memory, keys) {
  const all = new Uint32Array(memory.buffer);
  const start = at / 4;
  const words = all.subarray(start, start + all[start]);
  const count = words[1];
  const units = new Uint16Array(memory.buffer, at + (count + 2) * 4, (words.length - count - 2) * 2);
  let text = '';
  for (const unit of units) text += String.fromCharCode(unit);
  let w = 2;
  let t = 0;
  const take = (n) => text.slice(t, (t += n));
  const read = () => {
    const word = words[w++];
    const [tag, payload] = [word & 15, word >>> 4];
    if (tag === 0) return take(payload);
    if (tag === 1) return payload;
    if (tag === 5) return words[w++];
    if (tag === 3) {
      const items = [];
      while ((words[w] & 15) !== 4) items.push(read());
      w++;
      return items;
    }
    if (tag === 2) {
      const entries = [];
      for (let key = words[w++]; (key & 15) !== 4; key = words[w++]) {
        entries.push([(key & 15) === 6 ? keys[key >>> 4] : take(key >>> 4), read()]);
      }
      return Object.fromEntries(entries);
    }
    throw new Error(`tag ${tag} at word ${w - 1}`);
  };
  return read();
}
