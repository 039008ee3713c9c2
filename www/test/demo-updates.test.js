// No wasted work per input (issue #14, the element's side), checked by what changes in the
// DOM, not by timing (speed is measured by www/bench/page.mjs): an input updates the nodes
// whose text changes and no others; a new cancellation date does not compute or draw the
// curve again, a new plan does. And the demo server serves as a production server would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { start, open, waitForText, inElement, ROOT } from './demo-helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** Records, in the page, every mutation in the element's shadow root from now on. */
function watch(page) {
  return inElement(page, (el, root) => {
    window.__mutations = [];
    window.__observer?.disconnect();
    window.__observer = new MutationObserver((records) => {
      for (const r of records) {
        const node = r.target.nodeType === 3 ? r.target.parentNode : r.target;
        const where = node.id || node.getAttribute?.('class') || node.nodeName.toLowerCase();
        window.__mutations.push(r.type === 'attributes' ? `${where}@${r.attributeName}` : `${where}:${r.type}`);
      }
    });
    window.__observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}
const mutations = (page) => page.evaluate(() => { window.__observer.takeRecords(); return [...new Set(window.__mutations)]; });
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));

test('a new date touches the texts that change and the marker, not the curve, the form or the table\'s rows; a new plan draws the curve again', async () => {
  const { page, errors, context } = await open(env, '');
  await settle(page);
  const nodes = () => inElement(page, (el, root) => {
    window.__nodes ??= {};
    const now = { headline: root.querySelector('#refund'), polyline: root.querySelector('#curve polyline'), row: root.querySelector('#plans tr'), line: root.querySelector('#lines tr'), form: root.querySelector('form') };
    const same = Object.fromEntries(Object.entries(now).map(([k, n]) => [k, window.__nodes[k] === undefined || window.__nodes[k] === n]));
    window.__nodes = now;
    return same;
  });
  await nodes();
  await watch(page);
  // 20 May → 25 May: the figures and dates change.
  await page.fill('input[name=at]', '2026-05-25');
  await waitForText(page, '#refund', 'CN¥42,243.09');
  await settle(page);
  const changed = await mutations(page);
  assert.deepEqual(await nodes(), { headline: true, polyline: true, row: true, line: true, form: true });
  // The curve is neither computed nor drawn again: its polyline, scale and dots are untouched.
  assert.deepEqual(changed.filter((m) => /^(curve|grid|axis|break)[@:]/.test(m) && !/@aria-value/.test(m)), []);
  assert.ok(changed.includes('marker@x1') && changed.includes('refund:childList'), changed.join(' '));
  // No node is added or removed but texts (rows and lines are reused).
  const structural = changed.filter((m) => m.endsWith(':childList') && !/^(refund|of-paid|outcome|context|readout|summary|compare-title|re-at-note|amount|detail|muted detail|months-note)/.test(m));
  assert.deepEqual(structural.filter((m) => /^(tbody|plans|lines|ul|ol|form|section|svg|curve):/.test(m)), []);

  // The folded steps are not filled while folded; unfolded, they are the day's (131 days used).
  assert.deepEqual(changed.filter((m) => /^(steps|documents):/.test(m)), []);
  await inElement(page, (el, root) => { root.querySelector('details[part=steps]').open = true; });
  await page.waitForFunction(() => /131 of 365 days/.test(document.querySelector('refund-estimator').shadowRoot.querySelector('#steps li').textContent));

  // A new plan: the curve is computed and drawn again (a frame later).
  await watch(page);
  await page.selectOption('select[name=plan]', 'quarterly-100m');
  await page.waitForFunction(() => document.querySelector('refund-estimator').shadowRoot.querySelector('#curve').getAttribute('aria-valuemax') !== '364');
  await settle(page);
  assert.ok((await mutations(page)).includes('curve:childList'));
  assert.equal((await nodes()).polyline, false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the first estimate comes after the element is connected and a microtask has passed, so a listener added right after insertion hears it', async () => {
  const { page, errors, context } = await open(env, '');
  const heard = await page.evaluate(async () => {
    const el = document.createElement('refund-estimator');
    el.setAttribute('plan', 'annual-100m');
    el.setAttribute('start', '2026-01-15');
    el.setAttribute('at', '2026-05-20');
    document.body.append(el);
    // As a framework's effect does, after the element is in the page.
    return new Promise((resolve) => {
      el.addEventListener('refund-estimate', (e) => resolve(e.detail.estimate.refund), { once: true });
      setTimeout(() => resolve('not heard'), 5000);
    });
  });
  assert.equal(heard, '43145.72');
  assert.deepEqual(errors, []);
  await context.close();
});

/** One GET of the demo server: `{ status, headers, body }` (the body decoded). */
function get(path, headers = {}) {
  return new Promise((resolve, reject) => {
    request(`${env.server.url}${path}`, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const body = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode, headers: res.headers, size: raw.length, body });
      });
    }).on('error', reject).end();
  });
}

test('the demo server: brotli or gzip as asked, application/wasm, ETags that answer 304', async () => {
  const wasm = readFileSync(`${ROOT}/pkg/refund_estimator_bg.wasm`);
  const br = await get('/pkg/refund_estimator_bg.wasm', { 'accept-encoding': 'gzip, deflate, br' });
  assert.deepEqual([br.status, br.headers['content-type'], br.headers['content-encoding'], br.headers.vary, br.headers['cache-control']], [200, 'application/wasm', 'br', 'Accept-Encoding', 'no-cache']);
  assert.ok(br.body.equals(wasm));
  assert.ok(br.size < wasm.length * 0.5, `${br.size} of ${wasm.length}`);
  const gz = await get('/pkg/refund_estimator_bg.wasm', { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(gz.body.equals(wasm));
  const plain = await get('/pkg/refund_estimator_bg.wasm', { 'accept-encoding': 'br;q=0, gzip;q=0' });
  assert.deepEqual([plain.headers['content-encoding'], plain.size], [undefined, wasm.length]);
  // A reload revalidates: the same ETag answers 304, with no body.
  const again = await get('/pkg/refund_estimator_bg.wasm', { 'accept-encoding': 'br', 'if-none-match': br.headers.etag });
  assert.deepEqual([again.status, again.size], [304, 0]);
  assert.equal((await get('/demo/favicon.svg')).headers['content-type'], 'image/svg+xml');
  assert.equal((await get('/%2e%2e/%2e%2e/etc/hostname')).status, 404);
});
