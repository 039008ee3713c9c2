// The package as users get it: `npm pack`, installed from the tarball into a fresh project,
// then (a) imported from Node and (b) bundled by Vite and loaded in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, CHROMIUM } from './browser.mjs';
import { ORDER } from './helpers.mjs';

const www = fileURLToPath(new URL('..', import.meta.url));
let app;

before(() => {
  app = mkdtempSync(join(tmpdir(), 'refund-estimator-pack-'));
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', app], { cwd: www, encoding: 'utf8' }).trim().split('\n').pop();
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // The package has no dependencies, so installing the tarball needs no registry.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(app, tarball)], { cwd: app, stdio: 'pipe' });
});

after(() => rmSync(app, { recursive: true, force: true }));

test('the tarball holds the package files and nothing else', () => {
  const installed = join(app, 'node_modules', 'refund-estimator');
  for (const file of ['index.js', 'node.js', 'slim.js', 'element.js', 'element-text.js', 'index.d.ts', 'slim.d.ts', 'element.d.ts', 'types.d.ts', 'README.md',
    'pkg/refund_estimator.js', 'pkg/refund_estimator_bg.wasm', 'policies/default.json']) {
    assert.ok(existsSync(join(installed, file)), `missing ${file}`);
  }
  assert.ok(readdirSync(join(installed, 'policies', 'examples')).length >= 5, 'example policies');
  assert.ok(!existsSync(join(installed, 'test')), 'tests are not shipped');
});

test('(a) Node imports the installed package and estimates with no init call', () => {
  writeFileSync(join(app, 'main.mjs'), `
    import { estimate } from 'refund-estimator';
    import policy from 'refund-estimator/policies/default.json' with { type: 'json' };
    const e = estimate(${JSON.stringify(ORDER)});
    console.log(JSON.stringify({ refund: e.refund, plans: policy.plans.length }));
  `);
  const out = JSON.parse(execFileSync(process.execPath, ['main.mjs'], { cwd: app, encoding: 'utf8' }));
  assert.deepEqual(out, { refund: '43145.72', plans: 12 });
});

test('(b) a Vite app bundles the package and shows the estimate in Chromium', async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: run scripts/test.sh, which installs it`);
  writeFileSync(join(app, 'index.html'), `<!doctype html><meta charset="utf-8"><title>consumer</title>
    <p id="refund"></p><refund-estimator mode="account" at="2026-05-20"></refund-estimator>
    <script type="module" src="/main.js"></script>`);
  writeFileSync(join(app, 'main.js'), `
    import { estimate } from 'refund-estimator';
    import 'refund-estimator/element';
    document.querySelector('refund-estimator').order = ${JSON.stringify(ORDER.order)};
    const e = estimate(${JSON.stringify({ ...ORDER, request: { ...ORDER.request, locale: 'zh-CN' } })});
    document.querySelector('#refund').textContent = e.refund + ' ' + e.lines[1].label;
  `);
  // Vite from this repository's devDependencies (pinned), building the consumer's project.
  execFileSync(process.execPath, [join(www, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: app, stdio: 'pipe' });
  const assets = readdirSync(join(app, 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the wasm is emitted as an asset: ${assets}`);
  const server = await serve(join(app, 'dist'));
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelector('#refund').textContent !== '', null, { timeout: 10_000 });
    assert.equal(await page.textContent('#refund'), '43145.72 已使用的服务费用');
    // The element from the same bundle, shown the same order cancelled that day (the whole
    // day, as at 18:40: 126 started days), once its module is there.
    await page.waitForFunction(() => document.querySelector('refund-estimator').shadowRoot?.querySelector('#refund')?.textContent, null, { timeout: 10_000 });
    assert.equal(await page.textContent('refund-estimator >> #refund'), 'CN¥43,145.72');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
