// Shared by the demo pages' browser suites (demo*.test.js): the compressing demo server,
// Debian's Chromium, and ways to open a page and read the <refund-estimator> element's shadow
// root. Playwright's CSS selectors pierce the open shadow root; page functions go through it
// by hand.
//
// DEMO_ROOT (default: www/) serves another copy of the package: the suites are run against
// the element before a fix to check that each of its tests fails there.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../scripts/serve.mjs';
import { launch, CHROMIUM } from './browser.mjs';

export const ROOT = process.env.DEMO_ROOT ?? fileURLToPath(new URL('..', import.meta.url));

/** Starts the server and the browser; returns `{ server, browser, stop }`. */
export async function start(options = {}) {
  // No silent skip: the test command installs Chromium, so a missing browser is a failure.
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: run scripts/test.sh, which installs it`);
  const server = await serveStatic(ROOT, options);
  const browser = await launch();
  return { server, browser, stop: async () => { await browser.close(); await server.close(); } };
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * Opens a demo page (`''` pricing, `'account.html'`) and waits for the element's first
 * estimate. Options: `lang` ('zh-CN' switches the page's language), `viewport`,
 * `timezoneId` and `now` (the page's clock stands there), `context` options.
 * Returns `{ page, errors, logs, context }`: uncaught errors and console errors.
 */
export async function open(env, path, { lang, viewport = DESKTOP, timezoneId, now, wait = true, hasTouch } = {}) {
  const context = await env.browser.newContext({ viewport, timezoneId, hasTouch });
  const page = await context.newPage();
  const errors = [];
  const logs = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') logs.push(m.text()); });
  if (now) await page.clock.setFixedTime(new Date(now));
  await page.goto(`${env.server.url}/demo/${path}`);
  if (lang && lang !== 'en') {
    // The page's own switch (the element's `locale` attribute and the page's texts).
    await page.waitForFunction(() => document.querySelector('#language'));
    await page.selectOption('#language', lang);
  }
  if (wait) await waitForEstimate(page, 'refund-estimator', lang ?? 'en');
  return { page, errors, logs, context };
}

/** Waits until the element shows an estimate. */
export function waitForEstimate(page, selector = 'refund-estimator', lang = null) {
  return page.waitForFunction(([s, l]) => {
    const el = document.querySelector(s);
    const root = el?.shadowRoot;
    return el?.result && root?.querySelector('#refund')?.textContent && !root.querySelector('section[part=result]').hidden
      && (!l || root.querySelector('[lang]')?.lang === l);
  }, [selector, lang]);
}

/** Waits until the element's shadow root has `text` at `selector`. */
export function waitForText(page, selector, text) {
  return page.waitForFunction(([s, t]) => document.querySelector('refund-estimator')?.shadowRoot?.querySelector(s)?.textContent === t, [selector, text]);
}

/** The text at `selector` in the element, or null. */
export function textOf(page, selector) {
  return page.evaluate((s) => document.querySelector('refund-estimator').shadowRoot.querySelector(s)?.textContent ?? null, selector);
}

/** Whether the node at `selector` in the element is shown (rendered with a size). */
export function isShown(page, selector) {
  return page.evaluate((s) => {
    const node = document.querySelector('refund-estimator').shadowRoot.querySelector(s);
    return Boolean(node && node.getClientRects().length > 0 && getComputedStyle(node).visibility !== 'hidden');
  }, selector);
}

/** Runs `fn(element, root, arg)` in the page. */
export function inElement(page, fn, arg) {
  return page.evaluate(([source, a]) => {
    const el = document.querySelector('refund-estimator');
    // eslint-disable-next-line no-new-func
    return new Function('el', 'root', 'arg', `return (${source})(el, root, arg);`)(el, el.shadowRoot, a);
  }, [fn.toString(), arg]);
}

/**
 * Types a day into a date field with the keyboard, as a visitor does: Chromium's date field
 * (month / day / year here, the browser's language) takes the digits segment by segment.
 */
export async function typeDate(page, name, day) {
  const [y, m, d] = day.split('-');
  await focusFirstSegment(page, name);
  await page.keyboard.type(`${m}${d}${y}`);
}

/** Types `digits` into one segment of a date field ('month', 'day' or 'year'), as a visitor correcting it. */
export async function typeSegment(page, name, segment, digits) {
  await focusFirstSegment(page, name);
  for (let i = 0; i < ['month', 'day', 'year'].indexOf(segment); i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.type(digits);
}

/** Focus on a date field's first segment (the focus arrives there from outside the field). */
async function focusFirstSegment(page, name) {
  await page.evaluate(() => document.activeElement?.blur());
  await inElement(page, (el, root) => root.activeElement?.blur());
  await page.locator(`input[name=${name}]`).focus();
}

/** axe-core's source, for injecting into a page. */
export const AXE = readFileSync(fileURLToPath(new URL('../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

/** axe-core's violations on the page (every rule, best practices included), as "rule: target" lines. */
export async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
  return violations;
}
