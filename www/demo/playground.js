// The policy playground: a provider edits a policy's JSON (CodeMirror 6, JSON language), every
// problem is shown at its line as they type (the engine's own validation: its codes, paths and
// messages; the path mapped to the text by playground.positions.js), and the
// <refund-estimator> element and a table of sample orders run on the edited policy. Compare
// mode sets the previous version beside it on the same orders. The text is kept in the
// page's storage and can be downloaded.
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput } from '@codemirror/language';
import { json } from '@codemirror/lang-json';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { init, validatePolicy, createEstimator } from '../slim.js';
import { locate, placeOf, lineOf } from './playground.positions.js';

const STORE = 'refund-estimator-playground';
/** How long typing may pause before the policy is checked again, in milliseconds. */
const SETTLE_MS = 150;
const START = '2026-03-02';
/** Decimals kept when amounts are compared (every currency has at most 3). */
const SCALE = 6;

const TEXT = {
  en: {
    noProblems: 'No problems: the estimator and the sample orders run on this policy.',
    problems: (n) => (n === 1 ? '1 problem: the estimator and the sample orders keep the last valid version.' : `${n} problems: the estimator and the sample orders keep the last valid version.`),
    line: (n) => `Line ${n}`,
    saved: 'Kept in this browser.',
    loaded: (name) => `Loaded ${name}.`,
    baselineSet: 'This version is now the previous version the comparison starts from.',
    noChange: (m) => `No refund of the ${m} sample orders changes.`,
    changes: (n, m) => `${n} of the ${m} sample refunds change.`,
    up: (amount, where) => `The largest increase: ${amount} (${where}).`,
    down: (amount, where) => `The largest decrease: ${amount} (${where}).`,
    day: (n) => (n === 1 ? 'after 1 day' : `after ${n} days`),
    where: (plan, day) => `${plan}, ${day}`,
    sentences: ' ',
    notIn: 'not in this version',
    withdrawn: 'withdrawn',
    refused: (code) => `refused (${code})`,
  },
  'zh-CN': {
    noProblems: '没有问题：估算器和示例订单均按此政策计算。',
    problems: (n) => `${n} 处问题：估算器和示例订单仍按最后一个有效版本计算。`,
    line: (n) => `第 ${n} 行`,
    saved: '已保存在此浏览器中。',
    loaded: (name) => `已载入 ${name}。`,
    baselineSet: '已将此版本设为对比用的上一版本。',
    noChange: (m) => `${m} 笔示例订单的退款都没有变化。`,
    changes: (n, m) => `${m} 笔示例退款中有 ${n} 笔变化。`,
    up: (amount, where) => `增加最多：${amount}（${where}）。`,
    down: (amount, where) => `减少最多：${amount}（${where}）。`,
    day: (n) => `${n} 天后`,
    where: (plan, day) => `${plan}，${day}`,
    sentences: '',
    notIn: '此版本中没有',
    withdrawn: '已下架',
    refused: (code) => `无法估算（${code}）`,
  },
};
const words = () => TEXT[document.documentElement.lang === 'zh-CN' ? 'zh-CN' : 'en'];

const $ = (selector) => document.querySelector(selector);
const estimator = $('#estimator');
const problemsList = $('#problems');
const problemsSummary = $('#problems-summary');
const stale = $('#stale');
const saved = $('#saved');
const compare = $('#compare');
const compareSummary = $('#compare-summary');
const tbody = $('#samples tbody');

await init();

/** The page's state: the previous version (text and policy), and the last valid policy. */
const state = {
  baselineText: '',
  baseline: null,
  current: null,
  problems: [],
};

const kept = readStore();
const firstText = kept?.text ?? await fetchPolicy($('#source').value);
setBaseline(kept?.baseline ?? firstText);
if (kept?.source) $('#source').value = kept.source;

const view = new EditorView({
  parent: $('#editor'),
  state: EditorState.create({
    doc: firstText,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      syntaxHighlighting(defaultHighlightStyle),
      json(),
      lintGutter(),
      keymap.of([...defaultKeymap, ...historyKeymap]),
      // A tab stop of its own (the text is contenteditable), so the scrolling area around it is
      // reachable by keyboard as axe-core asks; Tab still leaves the editor.
      EditorView.contentAttributes.of({ 'aria-label': 'Policy JSON', 'aria-describedby': 'problems-summary', tabindex: '0' }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) schedule();
      }),
      theme(),
    ],
  }),
});

let timer = 0;
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(check, SETTLE_MS);
}

check();

// ---- checking ----

/** Checks the text: every problem at its line; a valid policy goes to the element and the table. */
function check() {
  clearTimeout(timer);
  const started = performance.now();
  const text = view.state.doc.toString();
  const { error, spans } = locate(text);
  let policy = null;
  let problems = [];
  if (error) {
    problems = [{ code: 'invalid_json', path: '', message: error.message, from: error.from, to: error.from }];
  } else {
    policy = JSON.parse(text);
    const result = validatePolicy(policy);
    if (!result.ok) problems = result.errors.map((e) => ({ ...e, ...placeOf(spans, e.path) }));
  }
  for (const p of problems) p.line = lineOf(text, p.from);
  state.problems = problems;
  showProblems(text);
  if (!problems.length) {
    state.current = policy;
    estimator.policy = policy;
  }
  stale.hidden = problems.length === 0;
  $('#baseline').disabled = problems.length > 0;
  renderSamples();
  store(text);
  // What one check costs (read by the page benchmark and the tests, never asserted on).
  performance.measure('playground check', { start: started, end: performance.now() });
}

function showProblems(text) {
  const diagnostics = state.problems.map((p) => {
    // A value over several lines (an object) is marked on its first line only.
    const end = text.indexOf('\n', p.from);
    const to = Math.max(p.from, Math.min(p.to, end < 0 ? text.length : end));
    return { from: p.from, to, severity: 'error', message: `${p.code}: ${p.message}`, source: p.path || '(policy)' };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
  const t = words();
  problemsSummary.textContent = state.problems.length ? t.problems(state.problems.length) : t.noProblems;
  problemsList.replaceChildren(...state.problems.map((p) => {
    const item = document.createElement('li');
    item.dataset.line = String(p.line);
    item.dataset.code = p.code;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'goto';
    button.textContent = t.line(p.line);
    button.addEventListener('click', () => {
      view.dispatch({ selection: { anchor: p.from, head: p.to }, scrollIntoView: true });
      view.focus();
    });
    const code = document.createElement('code');
    code.textContent = p.code;
    const message = document.createElement('span');
    message.className = 'message';
    message.textContent = p.path ? `${p.path}: ${p.message}` : p.message;
    item.append(button, ' ', code, ' ', message);
    return item;
  }));
}

// ---- sample orders ----

/** Days from START to the same day `months` later (the 31st clamps to the month's end). */
function monthDays(months) {
  const [y, m, d] = START.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return Math.round((target - Date.UTC(y, m - 1, d)) / 86_400_000);
}

function termDays(plan) {
  const term = plan.term ?? {};
  if (term.months) return monthDays(term.months);
  if (term.days) return term.days;
  return Math.max(1, Math.round((term.hours ?? 24) / 24));
}

function addDays(day, n) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** The three cancellations of a plan: 3 days in, a third of its term, two thirds. */
function cancellations(plan) {
  const days = termDays(plan);
  return [3, Math.round(days / 3), Math.round((days * 2) / 3)].map((offset) => ({ offset, at: addDays(START, offset) }));
}

/** What `policy` gives for each plan's sample orders: `Map(plan id → [{refund} | {error}])`. */
function refunds(policy) {
  const out = new Map();
  if (!policy) return out;
  let engine;
  try {
    engine = createEstimator(policy);
  } catch {
    return out;
  }
  try {
    for (const plan of policy.plans) {
      out.set(plan.id, cancellations(plan).map(({ offset, at }) => {
        try {
          const e = engine.estimate({ order: { plan: plan.id, start: START }, request: { at } });
          return { offset, at, refund: e.refund, owed: e.owed, currency: e.currency };
        } catch (error) {
          return { offset, at, error: error.code ?? 'error' };
        }
      }));
    }
  } finally {
    engine.free();
  }
  return out;
}

function renderSamples() {
  const t = words();
  const now = refunds(state.current);
  const comparing = compare.checked;
  const before = comparing ? refunds(state.baseline) : new Map();
  const ids = [...now.keys(), ...[...before.keys()].filter((id) => !now.has(id))];
  const changes = [];
  let count = 0;
  tbody.replaceChildren(...ids.map((id) => {
    const row = document.createElement('tr');
    row.dataset.plan = id;
    const head = document.createElement('th');
    head.scope = 'row';
    head.textContent = id;
    row.append(head);
    const cells = now.get(id) ?? before.get(id).map(() => null);
    cells.forEach((cell, i) => {
      const td = document.createElement('td');
      const old = before.get(id)?.[i];
      const shown = cell ?? old;
      td.title = `${t.where(id, t.day(shown.offset))} (${shown.at})`;
      count++;
      if (!comparing) {
        td.textContent = figure(cell, t);
      } else {
        const change = cell?.refund !== undefined && old?.refund !== undefined ? subtract(cell.refund, old.refund) : null;
        td.append(line('old', old ? figure(old, t) : t.notIn), line('arrow', '→'), line('new', cell ? figure(cell, t) : t.withdrawn));
        if (change !== null && change !== 0n) {
          td.classList.add('changed', change > 0n ? 'up' : 'down');
          td.append(line('change', signed(change, cell.currency)));
          changes.push({ change, currency: cell.currency, where: t.where(id, t.day(cell.offset)) });
        } else if (change === null && (cell || old) && (!cell || !old || cell.error || old.error)) {
          td.classList.add('changed');
          changes.push({ change: null });
        }
      }
      row.append(td);
    });
    return row;
  }));
  $('#samples').classList.toggle('comparing', comparing);
  if (!comparing) {
    compareSummary.textContent = '';
    return;
  }
  if (!changes.length) {
    compareSummary.textContent = t.noChange(count);
    return;
  }
  const sized = changes.filter((c) => c.change !== null);
  const largest = (sign) => sized.filter((c) => (sign > 0 ? c.change > 0n : c.change < 0n))
    .reduce((best, c) => (!best || (sign > 0 ? c.change > best.change : c.change < best.change) ? c : best), null);
  const up = largest(1);
  const down = largest(-1);
  compareSummary.textContent = [
    t.changes(changes.length, count),
    up ? t.up(signed(up.change, up.currency), up.where) : '',
    down ? t.down(signed(down.change, down.currency), down.where) : '',
  ].filter(Boolean).join(t.sentences);
}

function line(kind, text) {
  const span = document.createElement('span');
  span.className = kind;
  span.textContent = text;
  return span;
}

function figure(cell, t) {
  if (!cell) return '—';
  if (cell.error) return t.refused(cell.error);
  const owed = cell.owed && /[1-9]/.test(cell.owed) ? ` (owed ${money(cell.owed, cell.currency)})` : '';
  return money(cell.refund, cell.currency) + owed;
}

// Money stays exact: decimal strings are compared and subtracted as scaled integers.
function units(amount) {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const value = BigInt(whole + fraction.padEnd(SCALE, '0').slice(0, SCALE));
  return negative ? -value : value;
}
function subtract(a, b) {
  return units(a) - units(b);
}
function fromUnits(value, decimals) {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(SCALE + 1, '0');
  const whole = digits.slice(0, -SCALE);
  const fraction = digits.slice(-SCALE).slice(0, decimals);
  return { negative, whole, fraction };
}
/** `CNY 43,867.82`, with the currency's decimals as the engine wrote them. */
function money(amount, currency) {
  const decimals = (amount.split('.')[1] ?? '').length;
  const { negative, whole, fraction } = fromUnits(units(amount), decimals);
  return `${negative ? '−' : ''}${currency} ${group(whole)}${decimals ? `.${fraction}` : ''}`;
}
function signed(change, currency) {
  const { negative, whole, fraction } = fromUnits(change, decimalsOf(currency));
  return `${negative ? '−' : '+'}${currency} ${group(whole)}${fraction ? `.${fraction}` : ''}`;
}
function decimalsOf(currency) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
}
function group(whole) {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// ---- the previous version, storage, loading, download ----

function setBaseline(text) {
  state.baselineText = text;
  try {
    const policy = JSON.parse(text);
    state.baseline = validatePolicy(policy).ok ? policy : null;
  } catch {
    state.baseline = null;
  }
}

function readStore() {
  try {
    const value = JSON.parse(localStorage.getItem(STORE) ?? 'null');
    return value && typeof value.text === 'string' ? value : null;
  } catch {
    return null;
  }
}

function store(text) {
  try {
    localStorage.setItem(STORE, JSON.stringify({ text, baseline: state.baselineText, source: $('#source').value }));
    saved.textContent = words().saved;
  } catch {
    saved.textContent = '';
  }
}

async function fetchPolicy(path) {
  const response = await fetch(new URL(`../${path}`, import.meta.url));
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.text();
}

$('#load').addEventListener('click', async () => {
  const select = $('#source');
  const text = await fetchPolicy(select.value);
  setBaseline(text);
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  check();
  saved.textContent = words().loaded(select.selectedOptions[0].textContent);
});

$('#baseline').addEventListener('click', () => {
  if (state.problems.length) return;
  setBaseline(view.state.doc.toString());
  renderSamples();
  store(view.state.doc.toString());
  saved.textContent = words().baselineSet;
});

$('#download').addEventListener('click', () => {
  const text = view.state.doc.toString();
  const id = state.current?.id;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = `${typeof id === 'string' && /^[\w.-]+$/.test(id) ? id : 'policy'}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
});

compare.addEventListener('change', renderSamples);
// demo.js switches the page's own texts; these are the ones this script writes.
$('#language').addEventListener('change', () => queueMicrotask(() => {
  showProblems(view.state.doc.toString());
  renderSamples();
}));

function theme() {
  return EditorView.theme({
    '&': { fontSize: '13px', border: '1px solid #c5cad3', borderRadius: '6px', background: '#fff' },
    '&.cm-focused': { outline: '2px solid #2f6fde', outlineOffset: '1px' },
    '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.45' },
    // Line numbers dark enough to read (4.5:1 and more on the gutter's background).
    '.cm-gutters': { color: '#4a5368', background: '#f3f4f7', borderRight: '1px solid #dde1e8' },
    '.cm-activeLineGutter': { background: '#e4e8f0' },
    '.cm-activeLine': { background: '#f2f6fd' },
  });
}

document.documentElement.dataset.playground = 'ready';
