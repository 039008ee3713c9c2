// The element in other people's pages (issue #16, items 5, 7 and 8): a property for every
// attribute, JSX types for React 19 and Preact, a custom-elements.json manifest that says
// what the element has; constructable stylesheets under a strict Content Security Policy,
// with a fallback; parts for every visible block, font and colour tokens, a dark scheme,
// and the themed demo page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, open, waitForText, waitForEstimate, textOf, inElement, axeViolations, ROOT, DESKTOP } from './demo-helpers.mjs';
import { serveStatic } from '../scripts/serve.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** The manifest's module and its declaration of the element (read in the tests that need it). */
const manifest = () => {
  const json = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8'));
  return [json, json.modules[0].declarations[0]];
};

test('#16.5 a property for every attribute: set, read back, removed with null, and the element follows it', async () => {
  const { page, errors, context } = await open(env, '');
  const seen = await inElement(page, (el) => {
    const names = { mode: 'mode', locale: 'locale', plans: 'plans', plan: 'plan', start: 'start', at: 'at', reason: 'reason', availability: 'availability', faultOn: 'fault-on', paymentMethod: 'payment-method', months: 'months' };
    const out = {};
    for (const [property, attribute] of Object.entries(names)) {
      const before = el.getAttribute(attribute);
      el[property] = property === 'months' ? 7 : 'x';
      const set = [el.getAttribute(attribute), el[property]];
      el.setAttribute(attribute, 'y');
      const read = el[property];
      el[property] = null;
      out[property] = [...set, read, el.hasAttribute(attribute)];
      if (before === null) el.removeAttribute(attribute);
      else el.setAttribute(attribute, before);
    }
    el.plans = ['annual-100m', 'monthly-100m'];
    out.array = el.getAttribute('plans');
    return out;
  });
  const expected = Object.fromEntries(['mode', 'locale', 'plans', 'plan', 'start', 'at', 'reason', 'availability', 'faultOn', 'paymentMethod', 'months']
    .map((p) => [p, p === 'months' ? ['7', '7', 'y', false] : ['x', 'x', 'y', false]]));
  assert.deepEqual(seen, { ...expected, array: 'annual-100m,monthly-100m' });
  // Every observed attribute has its property, and the manifest says so.
  const [, DECLARATION] = manifest();
  const observed = await inElement(page, (el) => el.constructor.observedAttributes);
  assert.deepEqual(DECLARATION.attributes.map((a) => a.name).sort(), [...observed].sort());
  for (const attribute of DECLARATION.attributes) {
    assert.ok(await inElement(page, (el, root, name) => name in el, attribute.fieldName), attribute.fieldName);
  }
  // The element follows a property as it follows its attribute: 17 Jan is inside the window.
  await page.evaluate(() => { const el = document.querySelector('refund-estimator'); el.plans = 'annual-100m,monthly-100m'; el.at = '2026-01-17'; });
  await waitForText(page, '#outcome', 'Full refund');
  assert.deepEqual(errors, []);
  await context.close();

  // Properties set on the tag before its module defines it are taken (a framework may render
  // before the script has run): the module held back, `at` and `order` set, then released.
  const early = await env.browser.newContext({ viewport: DESKTOP });
  const held = await early.newPage();
  let release;
  const wait = new Promise((r) => { release = r; });
  await held.route('**/element.js', async (route) => { await wait; await route.continue(); });
  await held.goto(`${env.server.url}/demo/account.html`, { waitUntil: 'commit' });
  await held.waitForFunction(() => document.querySelector('refund-estimator'));
  await held.evaluate(() => {
    const el = document.querySelector('refund-estimator');
    el.at = '2026-01-17';
    el.order = { plan: 'monthly-50m', start: '2026-01-15', paid: { cash: '4600.00' } };
  });
  release();
  await waitForEstimate(held);
  // The monthly order, inside its 5-day window: all of it back.
  assert.deepEqual([await textOf(held, '#refund'), await textOf(held, '#outcome')], ['CN¥4,600.00', 'Full refund']);
  // The order as a JSON string (what a framework passes from markup) is the attribute's JSON.
  await held.evaluate(() => {
    document.querySelector('refund-estimator').order = JSON.stringify({ plan: 'monthly-50m', start: '2026-01-10', paid: { cash: '4600.00' } });
  });
  await held.waitForFunction(() => document.querySelector('refund-estimator').result?.outcome === 'partial');
  assert.deepEqual(await held.evaluate(() => {
    const el = document.querySelector('refund-estimator');
    return [el.order.start, el.getAttribute('order').includes('2026-01-10')];
  }), ['2026-01-10', true]);
  await early.close();
});

test('#16.5 custom-elements.json names the element\'s attributes, properties, events, parts and custom properties', async () => {
  const [MANIFEST, DECLARATION] = manifest();
  assert.equal(MANIFEST.schemaVersion, '2.1.0');
  assert.deepEqual([DECLARATION.tagName, DECLARATION.name, DECLARATION.customElement], ['refund-estimator', 'RefundEstimatorElement', true]);
  assert.deepEqual(DECLARATION.events.map((e) => e.name), ['refund-estimate', 'refund-estimate-error', 'error']);
  assert.ok(['order', 'policy', 'result'].every((m) => DECLARATION.members.some((x) => x.name === m)));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.customElements, 'custom-elements.json');
  assert.ok(pkg.files.includes('custom-elements.json'));
  // Every part the element draws is in the manifest, and every part there is drawn.
  const { page, context } = await open(env, '');
  await inElement(page, (el) => { el.setAttribute('at', '2025-12-01'); });
  await page.waitForFunction(() => document.querySelector('refund-estimator').shadowRoot.querySelector('[aria-invalid=true]'));
  const drawn = await inElement(page, (el, root) => [...new Set([...root.querySelectorAll('[part]')].flatMap((n) => [...n.part]))].sort());
  assert.deepEqual(drawn, DECLARATION.cssParts.map((p) => p.name).sort());
  await context.close();
  // Every custom property the styles read is in the manifest (and the types).
  const css = readFileSync(join(ROOT, 'element.js'), 'utf8');
  const read = [...new Set([...css.matchAll(/var\((--re-[a-z-]+)/g)].map((m) => m[1]))].sort();
  assert.deepEqual(read, DECLARATION.cssProperties.map((p) => p.name).sort());
  const types = readFileSync(join(ROOT, 'element.d.ts'), 'utf8');
  for (const name of [...read, ...DECLARATION.cssParts.map((p) => `'${p.name}'`)]) assert.ok(types.includes(name), name);
});

/**
 * The pinned tools of the JSX type test (test/element-types/package.json), installed once per
 * lock file into www/.cache/element-types/<hash>.
 */
function typeTools() {
  const here = fileURLToPath(new URL('element-types/', import.meta.url));
  const lock = readFileSync(join(here, 'package-lock.json'));
  const key = createHash('sha256').update(lock).update(readFileSync(join(here, 'package.json'))).digest('hex').slice(0, 16);
  const root = fileURLToPath(new URL('../.cache/element-types/', import.meta.url));
  const dir = join(root, key);
  if (!existsSync(join(dir, '.installed'))) {
    if (existsSync(root)) for (const old of readdirSync(root)) rmSync(join(root, old), { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(join(here, 'package.json'), join(dir, 'package.json'));
    cpSync(join(here, 'package-lock.json'), join(dir, 'package-lock.json'));
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'pipe' });
    writeFileSync(join(dir, '.installed'), new Date().toISOString());
  }
  return dir;
}

test('#16.5 JSX types: <refund-estimator> in React 19 and Preact type-checks under --strict, a wrong value does not; a project with neither still type-checks', () => {
  const dir = typeTools();
  const project = join(dir, 'project');
  rmSync(project, { recursive: true, force: true });
  mkdirSync(join(project, 'node_modules', 'refund-estimator'), { recursive: true });
  for (const file of ['element.d.ts', 'types.d.ts']) cpSync(join(ROOT, file), join(project, 'node_modules', 'refund-estimator', file));
  const component = (hooks) => `import 'refund-estimator/element';
import type { Order } from 'refund-estimator/types';
import { useRef } from '${hooks}';
export function Preview({ order }: { order: Order }) {
  const ref = useRef<HTMLElement>(null);
  return <refund-estimator ref={ref} id="preview" mode="account" at="2026-05-20" order={order} months={4}
    onrefund-estimate={(event) => console.log(event.detail.estimate.refund.toUpperCase())} />;
}
// @ts-expect-error "monthly" is not a mode
export const wrong = <refund-estimator mode="monthly" />;
`;
  writeFileSync(join(project, 'node_modules', 'refund-estimator', 'package.json'), JSON.stringify({ name: 'refund-estimator', type: 'module', exports: { './element': { types: './element.d.ts' }, './types': { types: './types.d.ts' } } }));
  writeFileSync(join(project, 'react.tsx'), component('react'));
  writeFileSync(join(project, 'preact.tsx'), component('preact/hooks'));
  writeFileSync(join(project, 'plain.ts'), `import type { RefundEstimatorElement } from 'refund-estimator/element';
const el = document.querySelector('refund-estimator') as RefundEstimatorElement;
el.plans = ['annual-100m']; el.months = 4; el.paymentMethod = 'alipay';
el.addEventListener('refund-estimate', (event) => console.log(event.detail.estimate.refund));
`);
  const options = { strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false };
  const tsc = (name, compilerOptions, files) => {
    writeFileSync(join(project, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { ...options, ...compilerOptions }, files }));
    return execFileSync(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${name}.json`], { cwd: project, encoding: 'utf8' });
  };
  // React's types from the tools; Preact's JSX through jsxImportSource; no framework at all.
  tsc('react', { jsx: 'react-jsx', typeRoots: [join(dir, 'node_modules', '@types')] }, ['react.tsx']);
  tsc('preact', { jsx: 'react-jsx', jsxImportSource: 'preact', types: [] }, ['preact.tsx']);
  tsc('plain', { types: [] }, ['plain.ts']);
  // A props mistake is caught (the @ts-expect-error above would fail if it were not).
  writeFileSync(join(project, 'typo.tsx'), component('react').replace('// @ts-expect-error "monthly" is not a mode\n', ''));
  assert.throws(() => tsc('typo', { jsx: 'react-jsx', typeRoots: [join(dir, 'node_modules', '@types')] }, ['typo.tsx']), (error) => /Type '"monthly"' is not assignable/.test(error.stdout));
});

const CSP = "script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

test('#16.7 under `Content-Security-Policy: script-src \'self\' \'wasm-unsafe-eval\'; style-src \'self\'` the element is styled as without it (constructable stylesheets); without them, a <style> element', async () => {
  const strict = await serveStatic(ROOT, { headers: { 'content-security-policy': CSP } });
  const look = async (url, init) => {
    const context = await env.browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`)));
    if (init) await page.addInitScript(init);
    await page.goto(url);
    await waitForEstimate(page);
    const seen = await inElement(page, (el, root) => ({
      refund: root.querySelector('#refund').textContent,
      size: getComputedStyle(root.querySelector('#refund')).fontSize,
      curve: [getComputedStyle(root.querySelector('#curve polyline')).fill, getComputedStyle(root.querySelector('#curve polyline')).stroke],
      styleElements: root.querySelectorAll('style').length,
      adopted: root.adoptedStyleSheets?.length ?? null,
    }));
    await context.close();
    return { seen, problems };
  };
  try {
    const open_ = await look(`${env.server.url}/demo/`);
    const locked = await look(`${strict.url}/demo/`);
    assert.deepEqual(locked.problems, []);
    assert.deepEqual(locked.seen, open_.seen);
    // 15 px × 1.05 × 1.9 (a browser's default would be 16 px); the curve a line, not a black shape.
    assert.deepEqual(locked.seen, { refund: 'CN¥43,145.72', size: '29.925px', curve: ['none', 'rgb(47, 111, 222)'], styleElements: 0, adopted: 1 });
    // A browser without constructable stylesheets: the same look from a <style> element.
    const old = await look(`${env.server.url}/demo/`, () => { delete ShadowRoot.prototype.adoptedStyleSheets; delete Document.prototype.adoptedStyleSheets; });
    assert.deepEqual(old.seen, { ...open_.seen, styleElements: 1, adopted: null });
  } finally {
    await strict.close();
  }
});

test('#16.8 parts for every visible block, font and colour tokens, a dark scheme where the page allows one, and the themed page (axe, light and dark)', async () => {
  const { page, errors, context } = await open(env, '');
  // Every visible block of a pricing estimate is a part with a size.
  const blocks = await inElement(page, (el, root) => Object.fromEntries(['controls', 'headline', 'compare', 'curve', 'chart', 'breakdown', 'destinations', 'documents', 'steps', 'policy']
    .map((part) => [part, (root.querySelector(`[part~="${part}"]`)?.getBoundingClientRect().height ?? 0) > 0])));
  assert.ok(Object.values(blocks).every(Boolean), JSON.stringify(blocks));
  // Tokens set on the element reach its blocks; a part can be styled from the page.
  const styled = await page.evaluate(() => {
    const el = document.querySelector('refund-estimator');
    el.style.setProperty('--re-accent', 'rgb(200, 0, 100)');
    el.style.setProperty('--re-font', 'serif');
    el.style.setProperty('--re-font-size', '20px');
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('refund-estimator::part(headline) { background: rgb(1, 2, 3); }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const root = el.shadowRoot;
    return [getComputedStyle(root.querySelector('#curve polyline')).stroke, getComputedStyle(root.querySelector('#refund')).fontFamily, getComputedStyle(root.querySelector('#refund')).fontSize, getComputedStyle(root.querySelector('[part=headline]')).backgroundColor];
  });
  // 20 px × 1.05 × 1.9.
  assert.deepEqual(styled, ['rgb(200, 0, 100)', 'serif', '39.9px', 'rgb(1, 2, 3)']);
  assert.deepEqual(errors, []);
  await context.close();

  const colours = (p) => inElement(p, (el, root) => [getComputedStyle(root.querySelector('#refund')).color, getComputedStyle(root.querySelector('#curve')).backgroundColor]);
  // A page that says nothing of its scheme stays light for a reader who prefers dark…
  const plain = await env.browser.newContext({ viewport: DESKTOP, colorScheme: 'dark' });
  const pricing = await plain.newPage();
  await pricing.goto(`${env.server.url}/demo/`);
  await waitForEstimate(pricing);
  assert.deepEqual(await colours(pricing), ['rgb(29, 35, 48)', 'rgb(247, 249, 252)']);
  await plain.close();
  // …the themed page (color-scheme: light dark) turns dark, in its own colours, and passes axe
  // in both schemes and both languages.
  for (const scheme of ['light', 'dark']) {
    const themed = await env.browser.newContext({ viewport: DESKTOP, colorScheme: scheme });
    const tpage = await themed.newPage();
    const problems = [];
    tpage.on('pageerror', (e) => problems.push(e.message));
    await tpage.goto(`${env.server.url}/demo/themed.html`);
    await waitForEstimate(tpage);
    assert.deepEqual(await colours(tpage), scheme === 'dark' ? ['rgb(227, 239, 237)', 'rgb(27, 33, 48)'] : ['rgb(31, 42, 41)', 'rgb(247, 249, 252)'], scheme);
    assert.equal(await textOf(tpage, '#refund'), 'CN¥43,145.72');
    assert.deepEqual(await axeViolations(tpage), [], `themed, ${scheme}`);
    await tpage.selectOption('#language', 'zh-CN');
    await waitForText(tpage, '#outcome', '部分退款');
    assert.deepEqual(await axeViolations(tpage), [], `themed, ${scheme}, zh-CN`);
    assert.deepEqual(problems, []);
    await themed.close();
  }
});
