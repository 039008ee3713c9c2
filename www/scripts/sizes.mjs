// Prints the shipped sizes (raw, gzip -9, brotli) of the wasm module and the JS that loads
// it, against the budget. Sizes are deterministic for a given toolchain. The budget is
// asserted by www/test/package.test.js; this script only reports.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

export const BUDGET_GZIP = 45 * 1024;
const files = ['pkg/refund_estimator_bg.wasm', 'pkg/refund_estimator.js', 'slim.js', 'index.js'];

export function measure(root = new URL('..', import.meta.url)) {
  const rows = files.map((file) => {
    const bytes = readFileSync(new URL(file, root));
    return {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  return { rows, total };
}

/** The module's code and data sections, whose sum is most of its size. */
export function sections(bytes) {
  const out = {};
  let at = 8; // magic and version
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const name = { 10: 'code', 11: 'data' }[id];
    if (name) out[name] = bytes.subarray(at, at + size);
    at += size;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows, total } = measure();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
  console.log(`${'file'.padEnd(32)}${'raw'.padStart(9)}${'gzip'.padStart(9)}${'brotli'.padStart(9)}`);
  for (const r of [...rows, { file: 'total', ...total }]) {
    console.log(`${r.file.padEnd(32)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);
    if (r.file.endsWith('.wasm')) {
      // Each section compressed on its own: a little more than its share of the whole.
      const wasm = readFileSync(new URL(`../${r.file}`, import.meta.url));
      for (const [name, body] of Object.entries(sections(wasm))) {
        console.log(`${`  its ${name} section`.padEnd(32)}${kb(body.length)}${kb(gzipSync(body, { level: 9 }).length)}`);
      }
    }
  }
  const verdict = total.gzip <= BUDGET_GZIP ? 'within' : 'OVER';
  console.log(`gzip total ${kb(total.gzip).trim()} is ${verdict} the budget of ${BUDGET_GZIP / 1024} KB`);
  // The element is an optional entry ('refund-estimator/element'), outside the budget.
  const element = readFileSync(new URL('../element.js', import.meta.url));
  console.log(`${'element.js (optional entry)'.padEnd(32)}${kb(element.length)}${kb(gzipSync(element, { level: 9 }).length)}`);
}
