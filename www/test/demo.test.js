// The demo pages in headless Chromium: the <refund-estimator> element on a pricing page (a
// visitor's what-ifs) and on an account page (a customer's live preview). Playwright's CSS
// selectors pierce the element's open shadow root; page functions go through it by hand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve, launch, CHROMIUM } from './browser.mjs';

let server;
let browser;

before(async () => {
  // No silent skip: the test command installs Chromium, so a missing browser is a failure.
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: run scripts/test.sh, which installs it`);
  server = await serve(fileURLToPath(new URL('..', import.meta.url)));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a demo page and waits for the element's first estimate. */
async function open(path) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/demo/${path}`);
  await page.waitForFunction(() => document.querySelector('refund-estimator')?.result !== null
    && document.querySelector('refund-estimator')?.shadowRoot?.querySelector('#refund')?.textContent !== '');
  return { page, errors };
}

/** Waits until the element's shadow root has `text` at `selector`. */
function waitForText(page, selector, text) {
  return page.waitForFunction(([s, t]) => document.querySelector('refund-estimator').shadowRoot.querySelector(s)?.textContent === t, [selector, text]);
}

test('pricing page: a visitor tries what-ifs, sees the curve and compares plans', async () => {
  const { page, errors } = await open('');
  // annual-100m bought 15 Jan, cancelled 20 May, no `paid`: the list price 69,360 + 800 setup.
  // 125 of 365 days: 69,360 × 125/365 = 23,753.42 consumed; 5% of the remaining 45,606.58 =
  // 2,280.33; 70,160 − 23,753.42 − 2,280.33 − 800 = 43,326.25.
  assert.equal(await page.textContent('#refund'), 'CN¥43,326.25');
  assert.equal(await page.textContent('#outcome'), 'Partial refund');
  // Review 1–3 business days, then 5–10 for a card refund.
  assert.equal(await page.textContent('#summary'), '6–13 business days: arrives between 28 May and 8 Jun 2026');
  assert.deepEqual(await page.locator('#destinations li').allTextContents(), ['Back to the card you paid with: CN¥43,326.25']);
  assert.deepEqual(await page.locator('tr:has(td) >> nth=1').locator('td').allTextContents(),
    ['Service already used', '-CN¥23,753.42', 'CN¥69,360.00 × 125 days used ÷ 365 days in the term']);
  // A visitor's usage counts as within the allowance: no "usage not reported" warning.
  assert.deepEqual(await page.locator('#warnings li').allTextContents(), []);
  // Only the plans of the `plans` attribute are offered.
  assert.deepEqual(await page.locator('select[name=plan] option').evaluateAll((os) => os.map((o) => o.value)),
    ['monthly-100m', 'quarterly-100m', 'annual-100m', '3year-100m']);

  // The curve over the whole term (one refundCurve call): 366 daily points, the 5-day
  // cooling-off window as the one break point, and its last instant as the best moment.
  assert.equal((await page.locator('#curve polyline').getAttribute('points')).split(' ').length, 366);
  assert.equal(await page.locator('#curve line').count(), 1, 'a marker at the chosen date');
  assert.equal(await page.textContent('#best'), 'Cancel by 20 Jan 2026 00:00 to get the most back: CN¥70,160.00');
  assert.deepEqual(await page.locator('#breakpoints li').allTextContents(), ['The 5-day no-questions window ends: CN¥70,160.00 → CN¥64,808.84']);

  // Leaving after 4 months the annual plan is cheapest (70,160 paid, 44,228.88 back); after 1
  // month the monthly plan wins.
  const firstRow = () => page.locator('#plans tr').first().locator('td').allTextContents();
  assert.deepEqual((await firstRow()).slice(0, 3), ['Annual dedicated line, 100 Mbps', 'CN¥25,931.12', 'CN¥6,482.78']);
  assert.equal(await page.locator('#plans tr').count(), 4);
  await page.fill('input[name=months]', '1');
  await waitForText(page, '#plans td', 'Monthly dedicated line, 100 Mbps');
  assert.deepEqual((await firstRow()).slice(0, 3), ['Monthly dedicated line, 100 Mbps', 'CN¥7,600.00', 'CN¥7,600.00']);

  // Inside the cooling-off window everything comes back.
  await page.fill('input[name=at]', '2026-01-17');
  await waitForText(page, '#outcome', 'Full refund');
  assert.equal(await page.textContent('#refund'), 'CN¥70,160.00');

  // The language switch re-renders every text in Chinese, figures included.
  await page.selectOption('#language', 'zh-CN');
  await waitForText(page, '#outcome', '全额退款');
  assert.equal(await page.textContent('#refund'), '¥70,160.00');
  assert.equal(await page.textContent('label:has(input[name=at])'), '退订日期');

  // A cancellation before the purchase is refused with the engine's message and path; the
  // next good input works again.
  await page.fill('input[name=at]', '2025-12-01');
  await page.waitForFunction(() => document.querySelector('refund-estimator').shadowRoot.querySelector('#error').textContent !== '');
  assert.match(await page.textContent('#error'), /\(request\.at\)$/);
  assert.equal(await page.locator('section[part=result]').isHidden(), true);
  await page.fill('input[name=at]', '2026-05-20');
  await waitForText(page, '#refund', '¥43,326.25');
  assert.deepEqual(errors, []);
  await page.close();
});

test('account page: a live preview of this customer\'s refund, with an SLA credit for a fault', async () => {
  const { page, errors } = await open('account.html');
  // The customer's own order: bought 15 Jan 10:30, 1,200 GB used (within the allowance),
  // paid with Alipay; cancelled 20 May.
  assert.equal(await page.textContent('#refund'), 'CN¥43,326.25');
  assert.deepEqual(await page.locator('#destinations li').allTextContents(), ['Back to your Alipay account: CN¥43,326.25']);
  assert.equal(await page.locator('select[name=plan]').count(), 0, 'an account page does not choose the plan');
  assert.equal(await page.textContent('#best'), 'Cancel by 20 Jan 2026 10:30 to get the most back: CN¥70,160.00');

  // Provider fault: the availability field appears; 98.5% earns 25% of the 5,780 monthly
  // fee as account credit, and the handling fee is waived (45,606.58 back).
  assert.equal(await page.locator('label:has(input[name=availability])').isHidden(), true);
  await page.selectOption('select[name=reason]', 'provider_fault');
  await page.fill('input[name=availability]', '98.5');
  await waitForText(page, '#refund', 'CN¥45,606.58');
  assert.deepEqual(await page.locator('#destinations li').allTextContents(),
    ['Back to your Alipay account: CN¥45,606.58', 'SLA compensation in account credit: CN¥1,445.00']);
  assert.ok((await page.locator('#documents li').allTextContents()).some((d) => d.startsWith('Fault evidence')));

  // The host page sets a new order as a property: the preview follows, and fires an event.
  const refund = await page.evaluate(() => new Promise((resolve) => {
    const el = document.querySelector('refund-estimator');
    el.addEventListener('refund-estimate', (e) => resolve(e.detail.estimate.refund), { once: true });
    el.order = { plan: 'monthly-50m', start: '2026-05-01', paid: { cash: '4600.00' } };
  }));
  // 3,800 × 19/31 days consumed = 2,329.03; 5% of the remaining 1,470.97 is waived (provider
  // fault); setup 800 kept: 4,600 − 2,329.03 − 800 = 1,470.97.
  assert.equal(refund, '1470.97');
  assert.equal(await page.textContent('#refund'), 'CN¥1,470.97');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the element: attributes after connect, a host policy (text only, exact digits), account mode waiting for its order', async () => {
  const { page, errors } = await open('account.html');
  // The page's own texts follow the language switch too.
  await page.selectOption('#language', 'zh-CN');
  assert.equal(await page.textContent('h1'), '您的专线');
  await waitForText(page, '#outcome', '部分退款');

  // An attribute changed after connect re-estimates: cancelled the day after purchase,
  // inside the 5-day window, everything comes back.
  await page.evaluate(() => document.querySelector('refund-estimator').setAttribute('at', '2026-01-16'));
  await waitForText(page, '#outcome', '全额退款');
  assert.equal(await page.textContent('#refund'), '¥70,160.00');

  // An account element with no order yet waits: nothing shown, no error, no error event.
  const waiting = await page.evaluate(() => {
    const el = document.createElement('refund-estimator');
    el.setAttribute('mode', 'account');
    el.id = 'second';
    let events = 0;
    el.addEventListener('refund-estimate-error', () => { events += 1; });
    document.body.append(el);
    const root = el.shadowRoot;
    return { events, error: root.querySelector('#error').textContent, hidden: root.querySelector('section[part=result]').hidden, result: el.result };
  });
  assert.deepEqual(waiting, { events: 0, error: '', hidden: true, result: null });

  // A host policy with markup in a plan name and a currency whose ISO minor unit (IDR: 2)
  // differs from CLDR's display digits (0): the name is text, the cents are kept.
  const shown = await page.evaluate(() => {
    const el = document.querySelector('#second');
    el.setAttribute('mode', 'pricing');
    el.setAttribute('at', '2026-02-01');
    el.setAttribute('start', '2026-01-01');
    el.policy = {
      id: 'idr', version: '1', currency: 'IDR', timezone: '+07:00',
      rules: { consumed: { unit: 'day' } },
      plans: [{ id: 'p', name: '<img src=x onerror="window.__xss = 1">', term: { days: 100 }, price: '1000000.55' }],
    };
    const root = el.shadowRoot;
    return { option: root.querySelector('select[name=plan] option').textContent, images: root.querySelectorAll('img').length, xss: window.__xss ?? null, refund: root.querySelector('#refund').textContent };
  });
  // 31 of 100 days used: 1,000,000.55 × 31/100 = 310,000.17; 1,000,000.55 − 310,000.17.
  assert.deepEqual(shown, { option: '<img src=x onerror="window.__xss = 1">', images: 0, xss: null, refund: 'IDR\u00a0690,000.38' });
  assert.deepEqual(errors, []);
  await page.close();
});
