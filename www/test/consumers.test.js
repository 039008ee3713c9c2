// The consumer test matrix (#16): the package as frontend developers get it, `npm pack` then
// installed from the tarball into fresh projects, in every place they work: Node ESM, Node
// CJS, TypeScript --strict (bundler, node16, nodenext), SSR imports, the Vite dev server and
// `vite build`, webpack 5, esbuild, a module worker, React 19 and a strict Content Security
// Policy, the pages in Chromium; and publint and `attw --pack`. The code each row runs is the
// README's recipe (test/consumers/matrix.mjs reads the `<!-- test: name -->` blocks), with
// tools at pinned versions (test/consumers/package.json), installed once and cached.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build as viteBuild, createServer as viteServer } from 'vite';
import { launch, CHROMIUM } from './browser.mjs';
import { WWW, pack, project, recipes, runFolder, serve, shownValues, toolchain, withValueChecks, write } from './consumers/matrix.mjs';

const readme = recipes();
/** What the README's short input gives with the bundled policy (its recipes show it too). */
const REFUND = '43326.25';
const SHORT_INPUT = { order: { plan: 'annual-100m', start: '2026-01-15' }, request: { at: '2026-05-20' } };

let tools;
let runDir;
let tarball;
let browser;
const timings = {};

before(async () => {
  assert.ok(existsSync(join(WWW, 'pkg', 'refund_estimator_bg.wasm')), 'no www/pkg: run scripts/build-wasm.sh first');
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: run scripts/test.sh, which installs it`);
  const started = performance.now();
  tools = toolchain();
  timings.tools = `${tools.installed ? 'installed' : 'cached'} in ${Math.round(performance.now() - started)} ms`;
  runDir = runFolder(tools);
  tarball = pack(runDir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  console.log(`consumer matrix: tools ${timings.tools}`);
});

/** Runs Node on `file` in `cwd`; its stdout. */
function node(cwd, args, env = {}) {
  return execFileSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A tool of the matrix run in `cwd`, failing with its output. */
function run(cwd, bin, args) {
  try {
    return execFileSync(bin, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`${bin} ${args.join(' ')} failed:\n${error.stdout}\n${error.stderr}`);
  }
}

/** Opens `url` in Chromium and waits for `selector` (`#refund`) to be filled; the page and its errors. */
async function open(url, { selector = '#refund' } = {}) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !/favicon/.test(m.location()?.url ?? '') && errors.push(m.text()));
  await page.goto(url);
  if (selector) {
    // A dev server's first load (Vite pre-bundling) can take a while on a loaded machine; a
    // timeout says what the page had printed, not only that the figure is missing.
    await page.waitForFunction((s) => document.querySelector(s)?.textContent, selector, { timeout: 60_000 }).catch((e) => {
      throw new Error(`${url}: no ${selector} after 60 s (${e.message}); the page's errors: ${JSON.stringify(errors)}`);
    });
  }
  return { page, errors };
}

// ---- the package itself ----

test('publint finds nothing to fix in the packed files', () => {
  const dir = project(runDir, 'publint', tarball);
  const out = run(WWW, tools.bin('publint'), [join(dir, 'node_modules', 'refund-estimator'), '--pack', 'false', '--strict']);
  assert.match(out, /All good!/, out);
});

test('attw --pack: the types resolve for ESM consumers in every resolution mode (profile esm-only, www/.attw.json)', () => {
  // run() fails on a non-zero exit: attw exits 1 on any problem its profile counts.
  const report = JSON.parse(run(WWW, tools.bin('attw'), ['--pack', '.', '--format', 'json']));
  // The esm-only profile leaves out CommonJS (node16-cjs) and pre-exports (node10) resolution:
  // everything else, ESM from Node and bundlers, has no problem.
  const counted = report.analysis.problems.filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind));
  assert.deepEqual(counted, []);
  assert.deepEqual(Object.keys(report.analysis.entrypoints).sort(), ['.', './element', './package.json', './policies/default.json', './policies/examples/*.json', './policy.schema.json', './refund_estimator_bg.wasm', './slim']);
});

test('the tarball holds the package files, both licences and nothing else', () => {
  const dir = project(runDir, 'files', tarball);
  const installed = join(dir, 'node_modules', 'refund-estimator');
  const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  for (const file of pkg.files) assert.ok(existsSync(join(installed, file)), `missing ${file}`);
  for (const file of ['pkg/refund_estimator.js', 'pkg/refund_estimator_bg.wasm', 'policies/default.json', 'LICENSE-MIT', 'LICENSE-APACHE']) {
    assert.ok(existsSync(join(installed, file)), `missing ${file}`);
  }
  assert.match(readFileSync(join(installed, 'LICENSE-APACHE'), 'utf8'), /Apache License\s+Version 2\.0/);
  assert.match(readFileSync(join(installed, 'LICENSE-MIT'), 'utf8'), /^MIT License/);
  assert.ok(readdirSync(join(installed, 'policies', 'examples')).length >= 5, 'example policies');
  assert.ok(!existsSync(join(installed, 'test')), 'tests are not shipped');
  for (const field of ['repository', 'homepage', 'bugs', 'keywords']) assert.ok(pkg[field], `package.json has no ${field}`);
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
});

// ---- Node ----

test('Node ESM: the README\'s Use, what-if and errors code runs, and its value comments are true', () => {
  const { code, checks } = withValueChecks(['node/use.mjs', 'node/whatif.mjs', 'node/estimator.mjs', 'node/errors.mjs'].map((name) => readme.block(name)));
  assert.ok(checks >= 12, `only ${checks} value comments checked`);
  const dir = project(runDir, 'node', tarball, { 'use.mjs': `${code}\nconsole.log('ok');\n` });
  assert.equal(node(dir, ['use.mjs']).trim(), 'ok');
});

test('the value comments are checked: the old README\'s lines example (lines[0] is "paid") and plan comparison fail', () => {
  const use = readme.get('node/use.mjs').split('\nresult.refund;')[0];
  const wrong = [
    'result.lines;             // [{ code: "consumed", amount: "-23943.45", label, detail: "CN¥69,360.00 × 126 days used ÷ 365 days in the term" }, …]',
    "const { rows } = comparePlans({ start: '2026-01-15' }, { after: { months: 4 } });\nrows[0]; // { plan: \"annual-100m\", netCost: \"25931.12\", netCostPerMonth: \"6482.78\", label, … }",
  ];
  const dir = project(runDir, 'node-wrong', tarball);
  for (const [i, line] of wrong.entries()) {
    const { code, checks } = withValueChecks([{ code: `import { comparePlans } from 'refund-estimator';\n${use}\n${line}` }], 'old README');
    assert.equal(checks, 1);
    write(dir, { [`wrong${i}.mjs`]: code });
    // The first line is not lines[0] (that is "paid"); the plan is not the cheapest.
    assert.throws(() => node(dir, [`wrong${i}.mjs`]), i === 0 ? /README old README:\d+ says .* but code is "paid"/ : /README old README:\d+ says .* but plan is "[^"]+"/);
  }
});

test('Node CJS: require() of the package and of /slim + initSync(), and a dynamic import()', () => {
  const names = ['cjs/require.cjs', 'cjs/import.cjs', 'cjs/slim.cjs'];
  const files = Object.fromEntries(names.map((name) => [name.slice(4), readme.get(name)]));
  const dir = project(runDir, 'cjs', tarball, files, { type: 'commonjs' });
  for (const name of names) {
    const out = node(dir, [name.slice(4)]);
    assert.deepEqual(out.trim().split('\n'), shownValues(readme.get(name)), name);
    assert.deepEqual(shownValues(readme.get(name)), [REFUND]);
  }
});

test('SSR: every entry imports in Node without a DOM, registers nothing and fetches nothing', () => {
  const dir = project(runDir, 'ssr', tarball, {
    'server.mjs': readme.get('ssr/server.mjs'),
    // Any fetch at import time is an error; so is a custom element registry being touched.
    'no-fetch.mjs': "globalThis.fetch = () => { throw new Error('fetched at import'); };\n",
    'entries.mjs': `
      import * as main from 'refund-estimator';
      import * as slim from 'refund-estimator/slim';
      import * as element from 'refund-estimator/element';
      import policy from 'refund-estimator/policies/default.json' with { type: 'json' };
      import example from 'refund-estimator/policies/examples/telecom-termination.json' with { type: 'json' };
      import pkg from 'refund-estimator/package.json' with { type: 'json' };
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      // A server bundle that resolves the browser entries instead (no "node" condition).
      const browserEntry = await import(new URL('./node_modules/refund-estimator/index.js', import.meta.url));
      let constructed = null;
      try { new element.RefundEstimatorElement(); } catch (e) { constructed = e.message; }
      console.log(JSON.stringify({
        main: main.isReady() && main.estimate(${JSON.stringify(SHORT_INPUT)}).refund,
        slim: slim.isReady(),
        element: Object.keys(element), constructed, customElements: typeof customElements,
        policy: policy.id, example: example.id, name: pkg.name,
        wasm: require.resolve('refund-estimator/refund_estimator_bg.wasm').endsWith('pkg/refund_estimator_bg.wasm'),
        browserEntry: browserEntry.isReady() && browserEntry.estimate(${JSON.stringify(SHORT_INPUT)}).refund,
      }));
    `,
    // The browser entry where nothing can be read or fetched: it loads nothing at import, and
    // the first call says what to do.
    'bare.mjs': `
      delete process.getBuiltinModule;
      const entry = await import(new URL('./node_modules/refund-estimator/index.js', import.meta.url));
      try { entry.estimate(${JSON.stringify(SHORT_INPUT)}); } catch (e) { console.log(JSON.stringify({ ready: entry.isReady(), code: e.code, message: e.message })); }
    `,
  });
  assert.deepEqual(node(dir, ['--import', './no-fetch.mjs', 'server.mjs']).trim().split('\n'), shownValues(readme.get('ssr/server.mjs')));
  const seen = JSON.parse(node(dir, ['--import', './no-fetch.mjs', 'entries.mjs']));
  assert.deepEqual(seen, {
    // /slim shares the module the main entry loaded.
    main: REFUND, slim: true, element: ['RefundEstimatorElement'], constructed: seen.constructed, customElements: 'undefined',
    policy: 'streamline-dedicated-lines', example: 'telecom-termination', name: 'refund-estimator', wasm: true, browserEntry: REFUND,
  });
  assert.match(seen.constructed, /runs only in browsers/);
  const bare = JSON.parse(node(dir, ['--import', './no-fetch.mjs', 'bare.mjs']));
  assert.equal(bare.ready, false);
  assert.equal(bare.code, 'not_initialized');
  assert.match(bare.message, /await init\(\)/);
});

test('SSR: the server stand-in exports what element.js exports', () => {
  const names = (file) => [...readFileSync(join(WWW, file), 'utf8').matchAll(/^export (?:class|function|const|let) (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual(names('element-server.js'), names('element.js'));
});

// ---- TypeScript ----

test('TypeScript --strict: bundler, node16 and nodenext resolution; every bundled policy is a Policy', () => {
  const app = readme.get('ts/app.ts');
  const policy = readme.get('ts/policy.ts');
  const tsconfig = (module, moduleResolution, files) => JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module, moduleResolution, target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false, skipDefaultLibCheck: true, types: [] },
    files,
  });
  const dir = project(runDir, 'ts', tarball, {
    'app.ts': app,
    'policy.ts': policy,
    'tsconfig.bundler.json': tsconfig('esnext', 'bundler', ['app.ts', 'policy.ts', 'policies.ts']),
    // TypeScript's "module": "node16" has no import attributes: the JSON import needs node18+.
    'tsconfig.node16.json': tsconfig('node16', 'node16', ['app.ts']),
    'tsconfig.nodenext.json': tsconfig('nodenext', 'nodenext', ['app.ts', 'policy.ts']),
  });
  // Every shipped policy, as a Policy literal: the type is honest about the JSON (excess
  // properties are errors), so `import … from '…json'` typed as Policy is not a lie.
  const policies = join(dir, 'node_modules', 'refund-estimator', 'policies');
  const files = ['default.json', ...readdirSync(join(policies, 'examples')).map((f) => `examples/${f}`)];
  write(dir, {
    'policies.ts': `import type { Policy } from 'refund-estimator';\n${files.map((f, i) => `// ${f}\nexport const policy${i}: Policy = ${readFileSync(join(policies, f), 'utf8')};\n`).join('')}`,
  });
  for (const config of ['tsconfig.bundler.json', 'tsconfig.node16.json', 'tsconfig.nodenext.json']) {
    run(dir, tools.bin('tsc'), ['-p', config]);
  }
});

// ---- bundlers and browsers ----

test('plain HTML, no bundler: the page imports the package from node_modules (Chromium)', async () => {
  const dir = project(runDir, 'html', tarball, { 'index.html': readme.get('html/index.html') });
  const server = await serve(dir);
  try {
    const { page, errors } = await open(server.url);
    assert.equal(await page.textContent('#refund'), shownValues(readme.get('html/index.html'))[0]);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await server.close();
  }
});

test('Vite dev server, no configuration: the page estimates and the element renders (Chromium)', async () => {
  const dir = project(runDir, 'vite-dev', tarball, {
    'main.js': readme.get('vite/main.js'),
    'index.html': PAGE('/main.js'),
    // The element alone: it loads the module itself, from the pre-bundle too.
    'element.js': "import 'refund-estimator/element';\n",
    'element.html': PAGE('/element.js'),
  });
  const server = await viteServer({ root: dir, configFile: false, logLevel: 'silent', server: { host: '127.0.0.1', port: 0, strictPort: false } });
  await server.listen();
  try {
    const { page, errors } = await open(server.resolvedUrls.local[0]);
    assert.equal(await page.textContent('#refund'), shownValues(readme.get('vite/main.js'))[0]);
    await elementShowsItsEstimate(page);
    // The element's day is the whole day (its end: 126 started days), not its midnight.
    assert.equal(await page.textContent('refund-estimator >> #refund'), 'CN¥43,145.72');
    assert.deepEqual(errors, []);
    await page.close();
    const alone = await open(`${server.resolvedUrls.local[0]}element.html`, { selector: null });
    await elementShowsItsEstimate(alone.page);
    assert.deepEqual(alone.errors, []);
    await alone.page.close();
  } finally {
    await server.close();
  }
});

test('Vite build, no configuration: the .wasm is an asset; the page estimates and the element renders (Chromium)', async () => {
  const dir = project(runDir, 'vite-build', tarball, { 'main.js': readme.get('vite/main.js'), 'index.html': PAGE('/main.js') });
  await viteBuild({ root: dir, configFile: false, logLevel: 'silent' });
  const assets = readdirSync(join(dir, 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the wasm is emitted as an asset: ${assets}`);
  const server = await serve(join(dir, 'dist'));
  try {
    const { page, errors } = await open(server.url);
    assert.equal(await page.textContent('#refund'), REFUND);
    await elementShowsItsEstimate(page);
    // The element's day is the whole day (its end: 126 started days), not its midnight.
    assert.equal(await page.textContent('refund-estimator >> #refund'), 'CN¥43,145.72');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await server.close();
  }
});

test('webpack 5, no configuration (`npx webpack`): the page estimates (Chromium)', async () => {
  const dir = project(runDir, 'webpack', tarball, { 'src/index.js': readme.get('webpack/src/index.js') });
  run(dir, process.execPath, [tools.module('webpack-cli/bin/cli.js')]);
  write(dir, { 'dist/index.html': '<!doctype html><meta charset="utf-8"><title>webpack</title><link rel="icon" href="data:,"><p id="refund"></p><script src="main.js"></script>' });
  assert.ok(readdirSync(join(dir, 'dist')).some((f) => f.endsWith('.wasm')), 'the wasm is emitted');
  const server = await serve(join(dir, 'dist'));
  try {
    const { page, errors } = await open(server.url);
    assert.equal(await page.textContent('#refund'), shownValues(readme.get('webpack/src/index.js'))[0]);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await server.close();
  }
});

test('esbuild, the README recipe (slim + the file loader): the page estimates (Chromium)', async () => {
  const dir = project(runDir, 'esbuild', tarball, { 'app.js': readme.get('esbuild/app.js'), 'index.html': readme.get('esbuild/index.html') });
  const command = readme.get('esbuild/build.sh').trim().split(/\s+/);
  assert.deepEqual(command.slice(0, 2), ['npx', 'esbuild']);
  run(dir, tools.bin('esbuild'), command.slice(2));
  assert.ok(readdirSync(join(dir, 'dist')).some((f) => f.endsWith('.wasm')), 'the wasm is copied by the file loader');
  const server = await serve(dir);
  try {
    const { page, errors } = await open(server.url);
    assert.equal(await page.textContent('#refund'), shownValues(readme.get('esbuild/app.js'))[0]);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await server.close();
  }
});

test('a module worker (slim + initSync(module)): a message posted at once is answered (Vite build, Chromium)', async () => {
  const dir = project(runDir, 'worker', tarball, {
    'main.js': readme.get('worker/main.js'),
    'estimate-worker.js': readme.get('worker/estimate-worker.js'),
    'index.html': '<!doctype html><meta charset="utf-8"><title>worker</title><link rel="icon" href="data:,"><p id="refund"></p><script type="module" src="/main.js"></script>',
  });
  await viteBuild({ root: dir, configFile: false, logLevel: 'silent' });
  const server = await serve(join(dir, 'dist'));
  try {
    const { page, errors } = await open(server.url);
    assert.equal(await page.textContent('#refund'), shownValues(readme.get('worker/main.js'))[0]);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await server.close();
  }
});

// The React row tests what #16 item 5 delivers in element.d.ts: the JSX IntrinsicElements
// types of <refund-estimator>.
test('React 19: a component with the element in typed JSX (tsc --strict), objects as properties, the first event seen (Vite build, Chromium)', async () => {
  const order = { plan: 'annual-100m', start: '2026-01-15', paid: { cash: '70160.00' } };
  const dir = project(runDir, 'react', tarball, {
    'RefundPreview.tsx': readme.get('react/RefundPreview.tsx'),
    'main.tsx': `import { createRoot } from 'react-dom/client';
import { RefundPreview } from './RefundPreview';

createRoot(document.getElementById('root')!).render(<RefundPreview order={${JSON.stringify(order)}} />);
`,
    'tsconfig.json': JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, jsx: 'react-jsx', module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom', 'dom.iterable'], skipLibCheck: false, skipDefaultLibCheck: true },
      files: ['main.tsx'],
    }),
    'index.html': '<!doctype html><meta charset="utf-8"><title>react</title><link rel="icon" href="data:,"><div id="root"></div><script type="module" src="/main.tsx"></script>',
  });
  run(dir, tools.bin('tsc'), ['-p', 'tsconfig.json']);
  await viteBuild({ root: dir, configFile: false, logLevel: 'silent' });
  const expected = JSON.parse(node(dir, ['--input-type=module', '-e', `import { estimate } from 'refund-estimator'; console.log(JSON.stringify(estimate({ order: ${JSON.stringify(order)}, request: { at: '2026-05-21', submittedOn: '2026-05-20' } }).refund))`])); // the element's at="2026-05-20" is that whole day: its end
  const server = await serve(join(dir, 'dist'));
  try {
    const { page, errors } = await open(server.url, { selector: 'output' });
    // <output> is filled by the element's first refund-estimate event only.
    assert.equal(await page.textContent('output'), expected);
    // The order reached the element as an object (a property), not "[object Object]".
    assert.equal(await page.evaluate(() => typeof document.querySelector('refund-estimator').order), 'object');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await server.close();
  }
});

test('the element under the strict Content Security Policy of the README renders as without it (Vite build, Chromium)', async () => {
  const [name, value] = readme.get('csp/header.txt').trim().split(/:\s*/, 2);
  assert.equal(name, 'Content-Security-Policy');
  const dir = project(runDir, 'csp', tarball, {
    'main.js': "import 'refund-estimator/element';\n",
    'index.html': PAGE('/main.js').replace('<p id="refund"></p>', ''),
  });
  await viteBuild({ root: dir, configFile: false, logLevel: 'silent' });
  /** What the page shows: the headline, its size and the curve's fill; and any CSP violation. */
  const look = async (headers) => {
    const server = await serve(join(dir, 'dist'), headers);
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(server.url);
      await page.waitForFunction(() => document.querySelector('refund-estimator')?.shadowRoot?.querySelector('#refund')?.textContent);
      const seen = await page.evaluate(() => {
        const root = document.querySelector('refund-estimator').shadowRoot;
        const headline = root.querySelector('#refund');
        const curve = root.querySelector('svg .curve');
        return {
          headline: headline.textContent,
          fontSize: getComputedStyle(headline).fontSize,
          curveFill: curve ? getComputedStyle(curve).fill : null,
        };
      });
      await page.close();
      return { seen, errors };
    } finally {
      await server.close();
    }
  };
  const open = await look({});
  const strict = await look({ [name]: value });
  assert.deepEqual(strict.errors, []);
  assert.deepEqual(strict.seen, open.seen);
  assert.equal(strict.seen.headline, 'CN¥43,145.72'); // the element's whole day of 20 May
  assert.notEqual(strict.seen.fontSize, '16px', 'the headline is styled');
  assert.ok(strict.seen.curveFill, 'the curve is drawn');
});

/**
 * Waits for the element of the same bundle to show its estimate: the headline is the
 * refund of its `result`, as money. (Which instant the element estimates is its own
 * business, tested by the demo suites; here it must load and render.)
 */
async function elementShowsItsEstimate(page) {
  await page.waitForFunction(() => document.querySelector('refund-estimator')?.shadowRoot?.querySelector('#refund')?.textContent, null, { timeout: 20_000 });
  const { headline, refund } = await page.evaluate(() => {
    const element = document.querySelector('refund-estimator');
    return { headline: element.shadowRoot.querySelector('#refund').textContent, refund: element.result?.refund };
  });
  assert.match(refund, /^\d+\.\d{2}$/);
  assert.equal(headline, `CN¥${new Intl.NumberFormat('en', { minimumFractionDigits: 2 }).format(refund)}`);
}

/** A page with the recipe's `#refund` and the element, pricing mode, shown the short input. */
function PAGE(script) {
  return `<!doctype html><meta charset="utf-8"><title>consumer</title><link rel="icon" href="data:,">
    <p id="refund"></p>
    <refund-estimator plans="monthly-100m,annual-100m" plan="annual-100m" start="2026-01-15" at="2026-05-20"></refund-estimator>
    <script type="module" src="${script}"></script>`;
}

