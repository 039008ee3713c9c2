// The bytes before the first estimate, as served (issue #14's first row), measured in
// headless Chromium: each demo page is opened in a fresh context, and every request that
// ended before the first `refund-estimate` event is fetched again from the demo server
// (www/scripts/serve.mjs) with `Accept-Encoding: br`, then `gzip`: the bodies as served in
// each encoding, summed. www/scripts/sizes.mjs computes the same set without a browser
// (the deterministic figure www/test/package.test.js holds to the target).
//   node www/bench/bytes.mjs [--files]      (scripts/bench.sh builds the package first)
import { request } from 'node:http';
import { serveStatic } from '../scripts/serve.mjs';
import { launch } from '../test/browser.mjs';
import { FIRST_LOAD_TARGET } from '../scripts/sizes.mjs';

const PAGES = [['pricing', 'demo/'], ['account', 'demo/account.html']];

/** The URLs a page fetched before its first estimate. */
async function fetchedBeforeFirstEstimate(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__first = null;
    document.addEventListener('refund-estimate', () => { window.__first ??= performance.now(); }, true);
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__first !== null, null, { timeout: 60_000 });
  const urls = await page.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
    .filter((e) => e.responseEnd <= window.__first)
    .map((e) => e.name));
  await context.close();
  return urls;
}

/** The body's size as the server sends it in `encoding`. */
function servedSize(url, encoding) {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let size = 0;
      res.on('data', (chunk) => { size += chunk.length; });
      res.on('end', () => resolve(size));
    }).on('error', reject).end();
  });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const server = await serveStatic(new URL('..', import.meta.url).pathname);
const browser = await launch();
try {
  console.log('bytes before the first estimate, as the demo server serves them (JS + wasm + data, headers not counted)');
  for (const [name, path] of PAGES) {
    const urls = await fetchedBeforeFirstEstimate(browser, `${server.url}/${path}`);
    const rows = [];
    for (const url of urls) rows.push({ url: url.replace(server.url, ''), br: await servedSize(url, 'br'), gzip: await servedSize(url, 'gzip'), raw: await servedSize(url, 'identity') });
    const total = (key) => rows.reduce((t, r) => t + r[key], 0);
    const verdict = (key, target) => `${kb(total(key))} ${key === 'br' ? 'brotli' : key} (≤ ${kb(target)}: ${total(key) <= target ? 'met' : 'NOT met'})`;
    console.log(`  ${name.padEnd(8)} ${rows.length} files, ${kb(total('raw'))} raw: ${verdict('br', FIRST_LOAD_TARGET.brotli)}, ${verdict('gzip', FIRST_LOAD_TARGET.gzip)}`);
    if (process.argv.includes('--files')) {
      for (const r of rows) console.log(`      ${r.url.padEnd(36)}${kb(r.br).padStart(10)} br${kb(r.gzip).padStart(10)} gzip${kb(r.raw).padStart(10)} raw`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
