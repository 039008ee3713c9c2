// A static server for the demo: `node www/scripts/serve.mjs DIR PORT` (loopback only).
// It serves files as a production deployment would: JavaScript minified (esbuild, as a
// bundler or a CDN's `+esm` does; `--no-minify` serves the sources as they are), brotli or
// gzip by the request's Accept-Encoding (both made once per file version, then kept in
// memory), `application/wasm` for the module (so browsers compile it while it streams), and
// cache headers: an ETag and `Cache-Control: no-cache`, so a reload revalidates (304)
// instead of downloading again. The tests and the page benchmark import `serveStatic`;
// www/scripts/sizes.mjs computes the same bodies without a server (`servedBody`).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};
// Worth compressing: text, and WebAssembly (its code compresses to about 40 %).
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.wasm']);

/**
 * The body served for a file's bytes: JavaScript minified (same names exported, same
 * behaviour; about 14 KB less brotli before the first estimate), everything else as it is.
 */
export function servedBody(path, bytes, { minify = true } = {}) {
  if (!minify || !/\.m?js$/.test(path)) return bytes;
  try {
    return Buffer.from(transformSync(bytes.toString('utf8'), { minify: true, format: 'esm', legalComments: 'none', sourcefile: path }).code);
  } catch {
    return bytes; // what esbuild cannot parse is served as it is, for the browser to judge
  }
}

/** The encoding to answer with: brotli, then gzip, when the client accepts it (q > 0). */
export function negotiate(acceptEncoding = '') {
  const accepted = new Map(acceptEncoding.split(',').map((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)).find(Boolean);
    return [name, q ? Number(q[1]) : 1];
  }));
  for (const encoding of ['br', 'gzip']) if ((accepted.get(encoding) ?? accepted.get('*') ?? 0) > 0) return encoding;
  return 'identity';
}

/**
 * Serves `root` on 127.0.0.1 (an ephemeral port unless given); resolves to `{ url, close }`.
 * `headers`: extra response headers for every answer (a Content-Security-Policy, say).
 */
export function serveStatic(root, { port = 0, headers = {}, minify = true } = {}) {
  root = resolve(root);
  const cache = new Map(); // path → { mtimeMs, size, etag, bodies: { identity, br?, gzip? } }
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const info = await stat(file);
      let entry = cache.get(file);
      if (!entry || entry.mtimeMs !== info.mtimeMs || entry.size !== info.size) {
        const body = await readFile(file);
        const served = servedBody(file, body, { minify });
        entry = { mtimeMs: info.mtimeMs, size: info.size, etag: `"${createHash('sha1').update(served).digest('base64url')}"`, bodies: { identity: served } };
        cache.set(file, entry);
      }
      const ext = extname(file);
      const encoding = COMPRESSIBLE.has(ext) ? negotiate(req.headers['accept-encoding']) : 'identity';
      const etag = encoding === 'identity' ? entry.etag : `${entry.etag.slice(0, -1)}-${encoding}"`;
      const common = {
        'content-type': TYPES[ext] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        etag,
        ...(COMPRESSIBLE.has(ext) ? { vary: 'Accept-Encoding' } : {}),
        ...headers,
      };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, common).end();
        return;
      }
      const body = (entry.bodies[encoding] ??= encoding === 'br'
        ? brotliCompressSync(entry.bodies.identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: entry.bodies.identity.length } })
        : encoding === 'gzip' ? gzipSync(entry.bodies.identity, { level: 9 }) : entry.bodies.identity);
      res.writeHead(200, { ...common, ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }), 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end('not found');
    }
  });
  return new Promise((resolvePromise) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolvePromise({ url: `http://127.0.0.1:${bound}`, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const minify = !process.argv.includes('--no-minify');
  const [dir = 'www', port = '8080'] = process.argv.slice(2).filter((a) => a !== '--no-minify');
  const { url } = await serveStatic(dir, { port: Number(port), minify });
  console.log(`serving ${resolve(dir)} at ${url} (${minify ? 'JavaScript minified, ' : ''}brotli/gzip, ETag)`);
}
