// The demo pages' speed in headless Chromium (issue #14, the element's side):
//   - navigation → first estimate painted, on localhost and on a slow profile (150 ms RTT,
//     1.6 Mbps down, 0.75 Mbps up, CPU × 4, by CDP's Network.emulateNetworkConditions and
//     Emulation.setCPUThrottlingRate), each run in a fresh context (nothing cached): minimum
//     and median over the runs; whether the form and the placeholder were on the first paint;
//   - the bytes transferred before the first estimate, as the demo server serves them
//     (brotli, which Chromium asks for), headers included, and the bodies alone;
//   - input → headline updated, script time: a date typed (the input event handled, the
//     headline's text set), p50 / p95 over many inputs at CPU × 1 and × 4; for comparison a
//     plan changed (the curve computed again) and a day chosen with the slider's arrow key.
// Usage (the package built): node www/bench/page.mjs [--runs N] [--inputs N]
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../scripts/serve.mjs';
import { launch } from '../test/browser.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 7);
const INPUTS = arg('inputs', 200);
const PAGES = [['pricing', ''], ['account', 'account.html']];
const SLOW = { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8, cpu: 4 };

// In the page before anything else: when the first estimate is painted (the frame after the
// first `refund-estimate` event), and the first frame with the element's form in it.
const PROBE = `
  window.__bench = { first: null, form: null, placeholder: false };
  document.addEventListener('refund-estimate', () => {
    if (window.__bench.seen) return;
    window.__bench.seen = true;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__bench.first = performance.now(); };
      channel.port2.postMessage(0);
    });
  }, true);
  (function frame() {
    const root = document.querySelector('refund-estimator')?.shadowRoot;
    if (root?.querySelector('form')) {
      window.__bench.form = performance.now();
      const placeholder = root.querySelector('[part=placeholder]');
      window.__bench.placeholder = Boolean(placeholder && !placeholder.hidden && placeholder.getBoundingClientRect().height > 0);
      return;
    }
    requestAnimationFrame(frame);
  })();
`;

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
};
const median = (values) => quantile(values, 0.5);
const ms = (n) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

async function throttle(page, profile) {
  const cdp = await page.context().newCDPSession(page);
  if (profile) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: profile.latency, downloadThroughput: profile.downloadThroughput, uploadThroughput: profile.uploadThroughput });
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile?.cpu ?? 1 });
  return cdp;
}

/** One cold navigation: `{ first, fcp, formAtFirstPaint, placeholder, transferred, bodies, requests }`. */
async function navigate(browser, url, profile) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(PROBE);
  await throttle(page, profile);
  await page.goto(url);
  await page.waitForFunction(() => window.__bench?.first !== null, null, { timeout: 60_000 });
  const result = await page.evaluate(() => {
    const { first, form, placeholder } = window.__bench;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].filter((e) => e.responseEnd <= first);
    return {
      first, fcp, form, placeholder,
      transferred: entries.reduce((sum, e) => sum + e.transferSize, 0),
      bodies: entries.reduce((sum, e) => sum + e.encodedBodySize, 0),
      requests: entries.map((e) => `${e.name.replace(location.origin, '')} ${e.encodedBodySize}`),
    };
  });
  await context.close();
  // The form was drawn in the frame of the first paint, or before it.
  return { ...result, formAtFirstPaint: result.form !== null && result.fcp !== null && result.form <= result.fcp + 1 };
}

/** Script time of `count` inputs made by `act(i)` in the page (a frame between each). */
async function inputs(page, what, count) {
  return page.evaluate(async ([kind, n]) => {
    const el = document.querySelector('refund-estimator');
    const root = el.shadowRoot;
    const at = root.querySelector('input[name=at]');
    const plan = root.querySelector('select[name=plan]');
    const curve = root.querySelector('#curve');
    const refund = root.querySelector('#refund');
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const times = [];
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const before = refund.textContent;
      let t0;
      if (kind === 'date') {
        // Days of the term in turn (each a new figure), as typing a date sets the field.
        at.value = `2026-${String(2 + (i % 9)).padStart(2, '0')}-${String(1 + ((i * 7) % 27)).padStart(2, '0')}`;
        t0 = performance.now();
        at.dispatchEvent(new Event('input', { bubbles: true }));
      } else if (kind === 'plan') {
        plan.selectedIndex = (plan.selectedIndex + 1) % plan.options.length;
        t0 = performance.now();
        plan.dispatchEvent(new Event('input', { bubbles: true }));
      } else {
        // The slider's key: a day later, or back to the first day at the end.
        t0 = performance.now();
        curve.dispatchEvent(new KeyboardEvent('keydown', { key: i % 60 === 59 ? 'Home' : 'ArrowRight', bubbles: true }));
      }
      times.push(performance.now() - t0);
      if (refund.textContent !== before) changed += 1;
      await frame();
    }
    return { times, changed };
  }, [what, count]);
}

const www = fileURLToPath(new URL('..', import.meta.url));
const server = await serveStatic(www);
const browser = await launch();
try {
  console.log(`refund-estimator demo pages in headless Chromium (${RUNS} cold runs a profile, ${INPUTS} inputs a measure)\n`);
  console.log('navigation → first estimate painted (min / median)');
  for (const [name, path] of PAGES) {
    for (const [profile, settings] of [['localhost', null], ['slow: 150 ms RTT, 1.6 Mbps, CPU ×4', SLOW]]) {
      const runs = [];
      for (let i = 0; i < (settings ? Math.max(3, Math.ceil(RUNS / 2)) : RUNS); i++) runs.push(await navigate(browser, `${server.url}/demo/${path}`, settings));
      const firsts = runs.map((r) => r.first);
      const fcps = runs.map((r) => r.fcp);
      const form = runs.every((r) => r.formAtFirstPaint) ? 'yes' : `${runs.filter((r) => r.formAtFirstPaint).length}/${runs.length}`;
      const placeholder = runs.every((r) => r.placeholder) ? 'yes' : 'no';
      console.log(`  ${name.padEnd(8)} ${profile.padEnd(36)} ${ms(Math.min(...firsts)).padStart(8)} / ${ms(median(firsts)).padStart(8)}   first paint ${ms(median(fcps))}, form on it: ${form}, placeholder: ${placeholder}`);
      if (!settings) {
        const r = runs[0];
        console.log(`  ${''.padEnd(8)} bytes before the first estimate: ${kb(r.transferred)} transferred (${kb(r.bodies)} of bodies, brotli), ${r.requests.length} requests`);
        if (process.argv.includes('--requests')) for (const request of r.requests) console.log(`      ${request}`);
      }
    }
  }

  console.log('\ninput → headline updated, script time (p50 / p95 / max)');
  for (const [name, path] of PAGES) {
    for (const rate of [1, 4]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/demo/${path}`);
      await page.waitForFunction(() => document.querySelector('refund-estimator')?.result);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const kinds = path ? ['date', 'slider'] : ['date', 'slider', 'plan'];
      for (const kind of kinds) {
        const { times, changed } = await inputs(page, kind, kind === 'plan' ? Math.min(INPUTS, 40) : INPUTS);
        const label = { date: 'a date typed', slider: 'a day on the slider (key)', plan: 'a plan chosen (curve again)' }[kind];
        console.log(`  ${name.padEnd(8)} CPU ×${rate}  ${label.padEnd(28)} ${ms(quantile(times, 0.5)).padStart(8)} / ${ms(quantile(times, 0.95)).padStart(8)} / ${ms(Math.max(...times)).padStart(8)}   (${changed} of ${times.length} changed the figure)`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
