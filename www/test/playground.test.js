// The policy playground (demo/playground.html) in Chromium, driven with the keyboard as a
// provider edits: a typo gets its message at the right line, fixing it updates the element,
// compare mode shows the refunds a changed handling fee changes (the same figures as the
// CLI's `diff`), the policy is kept across a reload and downloads as a file, examples load,
// and axe-core finds nothing on a desktop or a phone, in English or Chinese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { start, axeViolations, DESKTOP, PHONE } from './demo-helpers.mjs';
import { estimate } from '../node.js';

const WWW = fileURLToPath(new URL('..', import.meta.url));
const BUNDLED = readFileSync(`${WWW}policies/default.json`, 'utf8');
const LINES = BUNDLED.split('\n');
/** The 1-based line of the first line holding `needle` after the first one holding `after`. */
function lineOf(needle, after = null) {
  const from = after ? LINES.findIndex((l) => l.includes(after)) : 0;
  return LINES.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
}

let env;
before(async () => {
  env = await start();
  // The demo server compresses each file at brotli quality 11 the first time it is asked
  // for it (as a build step would): CodeMirror's 1 MB takes seconds of a loaded CPU. One
  // visit here pays for that once, so the tests' own 30 s waits measure the page.
  const { context } = await openPlayground({ readyWithin: 180_000 });
  await context.close();
});
after(async () => { await env?.stop(); });

async function openPlayground({ viewport = DESKTOP, lang, context, readyWithin = 30_000 } = {}) {
  context ??= await env.browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${env.server.url}/demo/playground.html`);
  await page.waitForFunction(() => document.documentElement.dataset.playground === 'ready', null, { timeout: readyWithin });
  await waitForElement(page, readyWithin);
  if (lang) await page.selectOption('#language', lang);
  return { page, errors, context };
}

/** Waits until the element shows an estimate. */
function waitForElement(page, timeout = 30_000) {
  return page.waitForFunction(() => document.querySelector('#estimator')?.result?.refund, null, { timeout });
}

/**
 * Puts the cursor at the start of `line`'s text with the keyboard (Ctrl+Home, Down, End,
 * Home). End first: CodeMirror's Home goes to the end of the indentation, or to column 0
 * when the cursor is there already, which it can be when the click or a lint update moved it.
 */
async function goToLine(page, line) {
  await page.click('.cm-content');
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
}

/** The playground's problems: `[{ line, code, text }]`. */
function problems(page) {
  return page.$$eval('#problems li', (items) => items.map((li) => ({ line: Number(li.dataset.line), code: li.dataset.code, text: li.textContent })));
}

/** Waits for the problems list to have `n` items (after the pause that ends typing). */
function waitForProblems(page, n) {
  return page.waitForFunction((count) => document.querySelectorAll('#problems li').length === count
    && document.querySelector('#problems-summary').textContent !== '', n);
}

test('a typo gets its message at its line, with its code; fixing it clears it', async () => {
  const { page, errors, context } = await openPlayground();
  assert.deepEqual(await problems(page), []);
  assert.equal(await page.textContent('#problems-summary'), 'No problems: the estimator and the sample orders run on this policy.');
  assert.equal(await page.isHidden('#stale'), true);

  // "setupFee" of the first plan, misspelt: Backspace at the end of the key.
  const line = lineOf('"setupFee": "800.00"', '"plans": [');
  assert.ok(line > 50, `line ${line}`);
  await goToLine(page, line);
  for (let i = 0; i < '"setupFee'.length; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Backspace');
  await waitForProblems(page, 1);
  assert.deepEqual(await problems(page), [{
    line,
    code: 'unknown_field',
    text: `Line ${line} unknown_field plans[0].setupFe: unknown field "setupFe"; did you mean "setupFee"?`,
  }]);
  assert.equal(await page.textContent('#problems-summary'), '1 problem: the estimator and the sample orders keep the last valid version.');
  // The editor marks the key itself, on that line, with a marker in the gutter.
  const marked = await page.$$eval('.cm-lintRange-error', (ranges) => ranges.map((r) => [r.textContent, r.closest('.cm-line').textContent.trim()]));
  assert.deepEqual(marked, [['"setupFe"', '"setupFe": "800.00",']]);
  assert.equal(await page.locator('.cm-lint-marker-error').count(), 1);
  assert.equal(await page.isVisible('#stale'), true);

  // The problem's button puts the cursor on it.
  await page.click('#problems li button');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('cm-content')), true);

  // Several problems at once, each at its line: a price that is no decimal, a bad rounding.
  await goToLine(page, lineOf('"rounding": "half_up"'));
  for (let i = 0; i < '"rounding": "half'.length; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Delete');
  await page.keyboard.type('-');
  await waitForProblems(page, 2);
  const two = await problems(page);
  assert.deepEqual(two.map((p) => [p.line, p.code]), [[lineOf('"rounding"'), 'invalid_enum'], [line, 'unknown_field']]);
  assert.match(two[0].text, /rounding: expected one of half_up, half_even, down, got "half-up"; did you mean "half_up"\?/);
  // Both fixed with the keyboard: the policy is valid again.
  await page.keyboard.press('Backspace');
  await page.keyboard.type('_');
  await goToLine(page, line);
  for (let i = 0; i < '"setupFe'.length; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.type('e');
  await waitForProblems(page, 0);
  assert.equal(await page.isHidden('#stale'), true);
  assert.equal(await page.locator('.cm-lintRange-error').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a JSON syntax error is marked at its line; the element keeps the last valid policy', async () => {
  const { page, errors, context } = await openPlayground();
  const line = lineOf('"currency": "CNY",');
  await goToLine(page, line);
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace'); // the comma
  await waitForProblems(page, 1);
  const [problem] = await problems(page);
  assert.equal(problem.code, 'invalid_json');
  assert.equal(problem.line, line + 1, 'marked where the comma was missed: the next key');
  assert.equal(problem.text, `Line ${line + 1} invalid_json expected "," or "}" after the value of "currency", got "\\""`);
  assert.equal(await page.isVisible('#stale'), true);
  assert.ok(await page.evaluate(() => document.querySelector('#estimator').result.refund));
  await page.keyboard.type(',');
  await waitForProblems(page, 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('fixing a value updates the element: a handling fee typed as 8x, then 8', async () => {
  const { page, errors, context } = await openPlayground();
  const before = await page.evaluate(() => document.querySelector('#estimator').result.refund);
  const events = [];
  await page.exposeFunction('recordEstimate', (detail) => events.push(detail));
  await page.evaluate(() => document.querySelector('#estimator').addEventListener('refund-estimate', (e) => window.recordEstimate(JSON.parse(JSON.stringify(e.detail)))));
  const line = lineOf('"percent": "5"', '"handling"');
  await goToLine(page, line);
  await page.keyboard.press('End');
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft'); // before `",`
  await page.keyboard.press('Backspace');
  await page.keyboard.type('8x');
  await waitForProblems(page, 1);
  const [problem] = await problems(page);
  assert.equal(problem.line, line);
  assert.equal(problem.code, 'invalid_number');
  assert.match(problem.text, /rules\.fees\.handling\.percent: expected a percent written as a plain decimal like "12\.5", got "8x"/);
  // The element still shows the last valid policy's refund.
  assert.equal(await page.evaluate(() => document.querySelector('#estimator').result.refund), before);

  await page.keyboard.press('Backspace');
  await waitForProblems(page, 0);
  await page.waitForFunction((old) => document.querySelector('#estimator').result.refund !== old, before);
  const after = await page.evaluate(() => document.querySelector('#estimator').result.refund);
  const last = events.at(-1);
  assert.equal(last.input.policy.rules.fees.handling.percent, '8');
  assert.equal(last.estimate.refund, after);
  // The same input through the package in Node: the element ran on the edited policy.
  assert.equal(estimate(last.input).refund, after);
  const five = structuredClone(last.input);
  five.policy.rules.fees.handling.percent = '5';
  assert.equal(estimate(five).refund, before, 'the figure before was the 5 % one');
  assert.notEqual(after, before);
  assert.deepEqual(errors, []);
  await context.close();
});

test('compare mode: a handling fee raised from 5 % to 8 % changes the refunds the CLI diff says', async () => {
  const { page, errors, context } = await openPlayground();
  await page.focus('#compare');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#compare-summary').textContent !== '');
  assert.equal(await page.textContent('#compare-summary'), 'No refund of the 48 sample orders changes.');

  await goToLine(page, lineOf('"percent": "5"', '"handling"'));
  await page.keyboard.press('End');
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('8');
  await page.waitForFunction(() => document.querySelectorAll('#samples td.changed').length > 0);
  assert.equal(await page.textContent('#compare-summary'), '24 of the 48 sample refunds change. The largest decrease: −CNY 2,546.50 (annual-200m, after 122 days).');
  const cell = await page.$eval('#samples tr[data-plan="annual-100m"] td:nth-of-type(2)', (td) => ({
    old: td.querySelector('.old').textContent, now: td.querySelector('.new').textContent, change: td.querySelector('.change').textContent, classes: td.className,
  }));
  assert.deepEqual(cell, { old: 'CNY 43,867.82', now: 'CNY 42,482.52', change: '−CNY 1,385.30', classes: 'changed down' });

  // Every sample's change is the CLI's (tests/diff/handling-fee-8.jsonl: the same plans and
  // days, cancelled at 10:00 where the page cancels at midnight; daily units make them equal).
  const cli = readFileSync(fileURLToPath(new URL('../../tests/diff/handling-fee-8.jsonl', import.meta.url)), 'utf8')
    .trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.line);
  const shown = await page.$$eval('#samples tbody tr', (rows) => rows.flatMap((row) => [...row.querySelectorAll('td')].map((td) => ({
    plan: row.dataset.plan, change: td.querySelector('.change')?.textContent ?? null,
  }))));
  assert.equal(shown.length, cli.length);
  const format = (change) => (change === '0.00' ? null : `${change.startsWith('-') ? '−' : '+'}CNY ${Number(change.replace('-', '')).toLocaleString('en', { minimumFractionDigits: 2 })}`);
  assert.deepEqual(shown, cli.map((l) => ({ plan: l.plan, change: format(l.change) })));

  // The current version as the previous one: nothing changes any more.
  await page.click('#baseline');
  await page.waitForFunction(() => document.querySelector('#compare-summary').textContent.startsWith('No refund'));
  assert.equal(await page.locator('#samples td.changed').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the policy is kept across a reload, downloads as a file, and examples load', async () => {
  const { page, errors, context } = await openPlayground();
  await goToLine(page, lineOf('"percent": "5"', '"handling"'));
  await page.keyboard.press('End');
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('7');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('refund-estimator-playground')).text.includes('"percent": "7"'));
  const edited = BUNDLED.replace(/("handling": \{\s*"percent": )"5"/, '$1"7"');
  assert.notEqual(edited, BUNDLED);

  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.playground === 'ready');
  await waitForElement(page);
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('refund-estimator-playground')).text), edited);
  assert.equal(await page.evaluate(() => document.querySelector('#estimator').policy.rules.fees.handling.percent), '7');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(download.suggestedFilename(), 'streamline-dedicated-lines.json');
  assert.equal(readFileSync(await download.path(), 'utf8'), edited);

  await page.selectOption('#source', 'policies/examples/telecom-termination.json');
  await page.click('#load');
  await page.waitForFunction(() => document.querySelector('#estimator').policy?.id === 'telecom-termination');
  const telecom = JSON.parse(readFileSync(`${WWW}policies/examples/telecom-termination.json`, 'utf8'));
  assert.deepEqual(await page.$$eval('#samples tbody tr', (rows) => rows.map((r) => r.dataset.plan)), telecom.plans.map((p) => p.id));
  assert.deepEqual(await problems(page), []);
  assert.match(await page.textContent('#saved'), /^Loaded telecom-termination\.json\.$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a phone shows the editor above the estimator, nothing wider than the screen', async () => {
  const { page, errors, context } = await openPlayground({ viewport: PHONE });
  const [editor, element] = await Promise.all(['#editor', '#estimator'].map((s) => page.locator(s).boundingBox()));
  assert.ok(element.y > editor.y + editor.height, 'stacked');
  assert.ok(editor.width <= PHONE.width && editor.width > PHONE.width * 0.8, `editor ${editor.width}px`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const lang of ['en', 'zh-CN']) {
  test(`axe: the playground in ${lang}, desktop and phone, with problems and in compare mode: no violations`, async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, errors, context } = await openPlayground({ viewport, lang });
      const where = `${lang}, ${viewport.width}px`;
      assert.deepEqual(await axeViolations(page), [], `${where}: the policy loaded`);
      await goToLine(page, lineOf('"rounding": "half_up"'));
      await page.keyboard.press('End');
      await page.keyboard.type(' oops');
      await waitForProblems(page, 1);
      assert.deepEqual(await axeViolations(page), [], `${where}: a problem shown`);
      await page.keyboard.press('Control+z');
      await waitForProblems(page, 0);
      await page.check('#compare');
      await goToLine(page, lineOf('"percent": "5"', '"handling"'));
      await page.keyboard.press('End');
      for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('9');
      await page.waitForFunction(() => document.querySelectorAll('#samples td.changed').length > 0);
      if (lang === 'zh-CN') assert.match(await page.textContent('#compare-summary'), /^48 笔示例退款中有 24 笔变化。减少最多：/);
      assert.deepEqual(await axeViolations(page), [], `${where}: compare mode`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
}

test('the demo pages link to the playground', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  for (const path of ['', 'account.html', 'themed.html']) {
    await page.goto(`${env.server.url}/demo/${path}`);
    assert.equal(await page.getAttribute('nav a[href="playground.html"]', 'data-zh'), '政策试验台', path);
  }
  await page.click('nav a[href="playground.html"]');
  await page.waitForFunction(() => document.documentElement.dataset.playground === 'ready', null, { timeout: 30_000 });
  assert.equal(await page.getAttribute('nav a[href="playground.html"]', 'aria-current'), 'page');
  await context.close();
});
