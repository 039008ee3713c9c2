// The demo pages as people meet them, as PNGs for the README: both pages, in English and in
// Chinese, on a desktop (1280 × 800) and a phone (390 × 844), the whole page each time; and
// the themed page on a desktop, light and dark.
// `bash scripts/screenshots.sh` (which installs what this needs) or, with the package built,
// `node www/scripts/screenshots.mjs [OUT_DIR]` (default: docs/screenshots/).
//
// The clock stands at 14:00 on 20 May 2026 in Shanghai (the provider's zone), the day both
// pages show, so the images are the same on every run.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { serveStatic } from './serve.mjs';
import { launch } from '../test/browser.mjs';

const www = fileURLToPath(new URL('..', import.meta.url));
const out = process.argv[2] ?? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });

const PAGES = [['pricing', ''], ['account', 'account.html']];
const VIEWPORTS = [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]];
const LANGUAGES = ['en', 'zh-CN'];

const server = await serveStatic(www);
const browser = await launch();
try {
  for (const [name, path] of PAGES) {
    for (const [device, viewport] of VIEWPORTS) {
      for (const lang of LANGUAGES) {
        const context = await browser.newContext({ viewport, timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1, hasTouch: device === 'phone' });
        const page = await context.newPage();
        await page.clock.setFixedTime(new Date('2026-05-20T14:00:00+08:00'));
        await page.goto(`${server.url}/demo/${path}?lang=${lang}`);
        await page.waitForFunction((l) => {
          const el = document.querySelector('refund-estimator');
          return el?.result && el.shadowRoot.querySelector('[lang]')?.lang === l;
        }, lang);
        await page.evaluate(() => document.fonts.ready);
        const file = join(out, `${name}-${device}-${lang}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`wrote ${file}`);
        await context.close();
      }
    }
  }
  // The themed page, restyled by custom properties and ::part() only, in both schemes.
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: VIEWPORTS[0][1], timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1, colorScheme: scheme });
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date('2026-05-20T14:00:00+08:00'));
    await page.goto(`${server.url}/demo/themed.html`);
    await page.waitForFunction(() => document.querySelector('refund-estimator')?.result);
    await page.evaluate(() => document.fonts.ready);
    const file = join(out, `themed-desktop-en-${scheme}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${file}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
