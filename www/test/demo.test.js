// The demo page in headless Chromium: it estimates on load and again on every change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve, launch, CHROMIUM } from './browser.mjs';

test('the demo page shows a what-if estimate and follows the form', { skip: !existsSync(CHROMIUM) && `no ${CHROMIUM}` }, async () => {
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
