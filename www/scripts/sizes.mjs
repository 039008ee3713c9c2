// Sizes, deterministic for a given toolchain:
//   - the package's files (the wasm module, the glue, slim.js, index.js): raw, gzip -9, brotli;
//   - the bytes a demo page loads before its first estimate (issue #14's first row): every
//     file its HTML loads or preloads and every module those import statically (an
//     `import()` made later does not count), and the WebAssembly module, compressed as the
//     demo server serves them (www/scripts/serve.mjs: JavaScript minified, brotli quality
//     11, gzip level 9).
// The #14 target is asserted by www/test/package.test.js; this script reports.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { servedBody } from './serve.mjs';

/** Issue #14: JS + wasm + data before the first estimate, as served. */
export const FIRST_LOAD_TARGET = { brotli: 80 * 1024, gzip: 95 * 1024 };

const WWW = new URL('..', import.meta.url);
const files = ['pkg/refund_estimator_bg.wasm', 'pkg/refund_estimator.js', 'slim.js', 'index.js'];

/** Raw, gzip and brotli sizes of some bytes, compressed as the demo server does. */
export function compressed(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  };
}

const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });

export function measure(root = WWW) {
  const rows = files.map((file) => ({ file, ...compressed(readFileSync(new URL(file, root))) }));
  return { rows, total: sum(rows) };
}

/**
 * What the demo page `page` (a path under www/) loads before its first estimate: the page,
 * its stylesheets, scripts and preloads, every module those import statically, and the
 * WebAssembly module the package's loader fetches. `{ rows: [{ file, raw, gzip, brotli }], total }`.
 */
export function firstLoad(page = 'demo/index.html', root = WWW) {
  const seen = new Set();
  const order = [];
  const visit = (url) => {
    const key = url.href;
    if (seen.has(key) || url.href.startsWith('data:')) return;
    seen.add(key);
    let text;
    try {
      text = readFileSync(url);
    } catch {
      return; // a link to a page that is not there (none is loaded)
    }
    order.push(url);
    const source = url.pathname.endsWith('.wasm') ? '' : text.toString('utf8');
    if (url.pathname.endsWith('.html')) {
      // Stylesheets, module scripts, module preloads and preloads: what the page fetches.
      for (const m of source.matchAll(/<(?:link|script)\b[^>]*>/g)) {
        const tag = m[0];
        const rel = /\brel="([^"]+)"/.exec(tag)?.[1] ?? '';
        const ref = /\b(?:href|src)="([^"]+)"/.exec(tag)?.[1];
        if (!ref) continue;
        if (tag.startsWith('<script') || ['stylesheet', 'modulepreload', 'preload'].includes(rel)) visit(new URL(ref, url));
      }
    } else if (/\.m?js$/.test(url.pathname)) {
      // Static imports and re-exports (`import … from '…'`, `export … from '…'`,
      // `import '…'`), not dynamic ones; and the module slim.js loads by default.
      for (const m of source.matchAll(/^\s*(?:import|export)\b[^'"`;]*?(?:from\s*)?['"]([^'"]+)['"]/gm)) visit(new URL(m[1], url));
      for (const m of source.matchAll(/new URL\(\s*'([^']+\.wasm)'\s*,\s*import\.meta\.url\s*\)/g)) visit(new URL(m[1], url));
    }
  };
  visit(new URL(page, root));
  const rows = order.map((url) => ({ file: url.pathname.slice(new URL(root).pathname.length), ...compressed(servedBody(url.pathname, readFileSync(url))) }));
  return { rows, total: sum(rows) };
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

const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows, total } = measure();
  console.log(`${'file'.padEnd(32)}${'raw'.padStart(9)}${'gzip'.padStart(9)}${'brotli'.padStart(9)}`);
  for (const r of [...rows, { file: 'total', ...total }]) {
    console.log(`${r.file.padEnd(32)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);
    if (r.file.endsWith('.wasm')) {
      // Each section compressed on its own: a little more than its share of the whole.
      const wasm = readFileSync(new URL(r.file, WWW));
      for (const [name, body] of Object.entries(sections(wasm))) {
        console.log(`${`  its ${name} section`.padEnd(32)}${kb(body.length)}${kb(gzipSync(body, { level: 9 }).length)}`);
      }
    }
  }
  const node = compressed(readFileSync(new URL('pkg/refund_estimator_node.wasm', WWW)));
  console.log(`${'pkg/refund_estimator_node.wasm'.padEnd(32)}${kb(node.raw)}${kb(node.gzip)}${kb(node.brotli)}   (Node only, opt-level 3)`);
  const page = firstLoad();
  const verdict = (key) => `${kb(page.total[key]).trim()} ${key} (target ${FIRST_LOAD_TARGET[key] / 1024} KB: ${page.total[key] <= FIRST_LOAD_TARGET[key] ? 'met' : 'NOT met'})`;
  console.log(`before the first estimate on demo/index.html, ${page.rows.length} files: ${verdict('brotli')}, ${verdict('gzip')}`);
}
