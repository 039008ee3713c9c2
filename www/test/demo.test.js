// The demo page in headless Chromium: it estimates on load and again on every change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve, launch, CHROMIUM } from './browser.mjs';

// No silent skip: the test command installs Chromium, so a missing browser is a failure.
test('the demo page shows a what-if estimate and follows the form', async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: run scripts/test.sh, which installs it`);
  const server = await serve(fileURLToPath(new URL('..', import.meta.url)));
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/demo/`);
    await page.waitForFunction(() => document.querySelector('#refund').textContent !== '');
    // annual-100m bought 15 Jan, cancelled 20 May, both at midnight: 125 of 365 days, so
    // 69,360 × 125/365 = 23,753.42 consumed; 5% of the remaining 45,606.58 = 2,280.33;
    // 70,160 − 23,753.42 − 2,280.33 − 800 setup = 43,326.25.
    assert.equal(await page.textContent('#refund'), 'CNY 43326.25');
    // The curve over the whole term (one refundCurve call): 366 daily points, the 5-day
    // cooling-off window as the one break point, and its last instant as the best moment.
    assert.equal(await page.locator('#curve polyline').getAttribute('points').then((p) => p.split(' ').length), 366);
    assert.equal(await page.textContent('#best'), 'Cancel by 20 Jan 2026 00:00 to get the most back: CN¥70,160.00');
    assert.deepEqual(await page.locator('#breakpoints li').allTextContents(), ['The 5-day no-questions window ends: 70160.00 → 64808.84']);
    // The 100 Mbps plans for a visitor who would leave after 4 months: the annual plan is
    // cheapest (70,160 paid, 44,228.88 back); after 1 month the monthly plan wins.
    const firstRow = () => page.locator('#plans tr').first().locator('td').allTextContents();
    assert.deepEqual((await firstRow()).slice(0, 3), ['Annual dedicated line, 100 Mbps', '25931.12', '6482.78']);
    assert.equal(await page.locator('#plans tr').count(), 4);
    await page.fill('input[name=months]', '1');
    await page.waitForFunction(() => document.querySelector('#plans td').textContent.startsWith('Monthly'));
    assert.deepEqual((await firstRow()).slice(0, 3), ['Monthly dedicated line, 100 Mbps', '7600.00', '7600.00']);
    await page.selectOption('select[name=locale]', 'zh-CN');
    assert.equal(await page.textContent('#lines tr:nth-child(2) td:first-child'), '已使用的服务费用');
    await page.fill('input[name=at]', '2026-01-17');
    await page.waitForFunction(() => document.querySelector('#outcome').textContent === 'full');
    assert.equal(await page.textContent('#refund'), 'CNY 70160.00');
    await page.fill('input[name=at]', '2025-12-01');
    await page.waitForFunction(() => document.querySelector('#error').textContent !== '');
    assert.match(await page.textContent('#error'), /^cancel_before_start at request\.at/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
