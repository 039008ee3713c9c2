// <refund-estimator>: the estimator as a custom element, for two pages.
//   mode="pricing" (default): a visitor who has not bought tries what-ifs: plan, purchase
//     date, cancellation date, reason; plus a curve over the term and a plan comparison.
//   mode="account": a live preview of this customer's refund, from the `order` they hold.
// Everything shown comes from the engine (estimate, refundCurve, comparePlans) except the
// labels of the controls, below in both locales. Data is rendered as text, never as HTML.
// Browser-only: importing this module registers the element (Node has no custom elements).
import { estimate, refundCurve, comparePlans, defaultPolicy } from './index.js';

const UI = {
  en: {
    plan: 'Plan', start: 'Bought on', at: 'Cancel on', reason: 'Reason', method: 'Paid with',
    availability: 'Availability during the fault (%)', faultOn: 'Fault on', refund: 'Refund', owed: 'To pay to leave',
    breakdown: 'How it is computed', destinations: 'Where the money goes', curve: 'If you cancel on another day',
    documents: 'What to prepare', steps: 'What to do', compare: 'Not sure how long you will stay? Leaving after',
    months: 'months', paidInAll: 'Paid in all', backOnLeaving: 'Back on leaving', net: 'Net cost', perMonth: 'Per month',
    cheapest: 'Cheapest', yourOrder: 'Your order', colon: ': ', stay: 'Leaving after how many months',
    credits: 'Also credited to you',
    // `day` null: now.
    back: (day, amount) => `Cancel ${day ? `on ${day}` : 'now'}: ${amount} back`,
    toPay: (day, amount) => `Cancel ${day ? `on ${day}` : 'now'}: nothing back, ${amount} to pay`,
    curveHint: 'Point at the curve to read another day; click it, or use the arrow keys, to choose that day.',
    tapHint: 'Tap the curve to choose a day.',
    // What the visitor can fix in a control they filled (the engine's message is for developers).
    errors: {
      empty: 'Enter a date.', date: 'Enter a valid date.', beforeStart: 'Choose a cancellation date on or after the purchase date.',
      availability: 'Enter a percentage from 0 to 100.', faultOn: 'The fault day must be within the order\'s term.',
    },
    outcome: { full: 'Full refund', partial: 'Partial refund', none: 'No refund', ineligible: 'Not refundable' },
    reasons: {
      business_change: 'Business change', dissatisfied: 'Not satisfied', provider_fault: 'Fault on the provider\'s side',
      duplicate_purchase: 'Bought twice', switching_provider: 'Switching provider', other: 'Other',
    },
    methods: { card: 'Card', alipay: 'Alipay', wechat_pay: 'WeChat Pay', bank_transfer: 'Bank transfer', paypal: 'PayPal', balance: 'Account balance' },
  },
  'zh-CN': {
    plan: '套餐', start: '购买日期', at: '退订日期', reason: '退订原因', method: '支付方式',
    availability: '故障期间的可用性（%）', faultOn: '故障日期', refund: '预计退款', owed: '退订需支付',
    breakdown: '计算明细', destinations: '退款去向', curve: '换个日期退订会怎样',
    documents: '需要准备的材料', steps: '办理步骤', compare: '不确定会用多久？如果用满',
    months: '个月后离开', paidInAll: '共支付', backOnLeaving: '离开时退回', net: '实际花费', perMonth: '折合每月',
    cheapest: '最省钱', yourOrder: '您的订单', colon: '：', stay: '用满几个月后离开',
    credits: '另获补偿',
    back: (day, amount) => `${day ?? '现在'}退订：退还 ${amount}`,
    toPay: (day, amount) => `${day ?? '现在'}退订：无退款，需支付 ${amount}`,
    curveHint: '指向曲线可查看其他日期的退款；点击或用方向键即可选定该日。',
    tapHint: '轻触曲线即可选定日期。',
    errors: {
      empty: '请输入日期。', date: '请输入有效的日期。', beforeStart: '退订日期不能早于购买日期。',
      availability: '请输入 0 到 100 之间的百分比。', faultOn: '故障日期须在订单的服务期内。',
    },
    outcome: { full: '全额退款', partial: '部分退款', none: '无退款', ineligible: '不可退款' },
    reasons: {
      business_change: '业务调整', dissatisfied: '对服务不满意', provider_fault: '服务商故障',
      duplicate_purchase: '重复购买', switching_provider: '更换服务商', other: '其他',
    },
    methods: { card: '银行卡', alipay: '支付宝', wechat_pay: '微信支付', bank_transfer: '银行转账', paypal: 'PayPal', balance: '账户余额' },
  },
};

const STYLE = `
:host { display: block; font: 15px/1.5 system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif; color: var(--re-text, #1d2330); }
:host([hidden]) { display: none; }
form { display: flex; flex-wrap: wrap; gap: .75rem 1.25rem; margin: 0 0 1rem; }
label { display: flex; flex-direction: column; font-size: .85em; gap: .25rem; }
label[hidden] { display: none; }
select, input { font: inherit; padding: .3rem .4rem; }
.headline { margin: 0; font-size: 2em; font-weight: 600; }
.tag { white-space: nowrap; display: inline-block; font-size: .4em; background: var(--re-tag, #eef1f7); border-radius: .4rem; padding: .15rem .5rem; vertical-align: middle; }
.owed { color: var(--re-danger, #b00020); font-weight: 600; }
.muted { color: var(--re-muted, #4a5368); }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
td, th { border-top: 1px solid #e3e7ef; padding: .4rem .5rem; vertical-align: top; text-align: left; }
tfoot th, tfoot td { border-top: 2px solid #c5ccd9; font-weight: 600; }
/* The credits' table is aligned with the breakdown's. */
div:not(.narrow) .lines :is(td, th):first-child { width: 12em; }
div:not(.narrow) .lines td.amount { width: 8em; }
td.amount, th.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
h3 { font-size: 1em; margin: 1.25rem 0 .4rem; }
svg { display: block; width: 100%; height: 180px; background: #f7f9fc; border-radius: .4rem; cursor: crosshair; touch-action: pan-y; }
svg[hidden] { display: none; }
svg:focus-visible { outline: 2px solid var(--re-accent, #2f6fde); outline-offset: 2px; }
.curve { fill: none; stroke: var(--re-accent, #2f6fde); stroke-width: 2; }
.grid { stroke: #c5ccd9; }
.axis { font-size: 11px; fill: var(--re-muted, #4a5368); }
.marker { stroke: var(--re-accent, #2f6fde); stroke-width: 1.5; }
.chosen { fill: var(--re-accent, #2f6fde); }
.guide line { stroke: #8a94a8; stroke-dasharray: 4 3; }
.guide circle { fill: #fff; stroke: var(--re-accent, #2f6fde); stroke-width: 2; }
.break { fill: var(--re-danger, #d2462c); }
.readout { margin: .4rem 0 0; font-variant-numeric: tabular-nums; }
.hint { margin: 0; font-size: .8em; }
.warnings { color: #8a5a00; }
.plans .tag { font-size: .75em; margin-left: .4rem; }
.stay { white-space: nowrap; }
/* Narrow (the element under 560 px, measured by a ResizeObserver: a container query would make
   a shrink-to-fit host, in a flex row say, 0 px wide): a breakdown line's explanation under
   its label and amount; a plan's figures in a labelled grid. */
.narrow .lines tr { display: grid; grid-template-columns: 1fr auto; border-top: 1px solid #e3e7ef; }
.narrow .lines td, .narrow .lines th { border: 0; }
.narrow .lines td:empty { display: none; }
.narrow .lines td.detail { grid-column: 1 / -1; padding-top: 0; }
.narrow .plans thead { display: none; }
.narrow .plans tr { display: grid; grid-template-columns: 1fr 1fr; border-top: 1px solid #e3e7ef; padding: .3rem 0; }
.narrow .plans td { border: 0; padding: .15rem .5rem; }
.narrow .plans td.amount { text-align: left; }
.narrow .plans td:first-child { grid-column: 1 / -1; font-weight: 600; }
.narrow .plans td[data-label]::before { content: attr(data-label); display: block; font-size: .8em; color: var(--re-muted, #4a5368); }
.error { color: var(--re-danger, #b00020); }
`;

const SVG = 'http://www.w3.org/2000/svg';

const pad = (n) => String(Math.trunc(Math.abs(n))).padStart(2, '0');

/** Today as YYYY-MM-DD in the visitor's time zone; `months` later when given (30 Nov + 3
 *  months is 28 Feb, as the engine adds months, not 2 Mar). */
function localDate(months = 0) {
  const d = new Date();
  const day = d.getDate();
  d.setDate(1);
  d.setMonth(d.getMonth() + months);
  d.setDate(Math.min(day, new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate()));
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The nearest ancestor of `node` that scrolls vertically, across shadow roots; else the page. */
function scrollerOf(node) {
  for (let n = node.parentElement ?? node.getRootNode().host; n; n = n.parentElement ?? n.getRootNode().host) {
    if (n === document.scrollingElement || n === document.body) break;
    const { overflowY } = getComputedStyle(n);
    if ((overflowY === 'auto' || overflowY === 'scroll') && n.scrollHeight > n.clientHeight) return n;
  }
  return window;
}

/**
 * The day (`YYYY-MM-DD`) of `epochMs` in a policy's `timezone`: an offset ("+08:00", "Z";
 * none: UTC), by arithmetic, or a zone name ("America/New_York"), by the browser's own
 * time zone data (the engine has the same daylight-saving rules built in).
 */
function dayIn(epochMs, timezone) {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(timezone ?? '');
  const utcDay = (minutes) => new Date(epochMs + minutes * 60_000).toISOString().slice(0, 10);
  if (m) return utcDay((m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])));
  try {
    const options = { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: timezone ?? 'UTC' };
    const parts = new Intl.DateTimeFormat('en-US', options).formatToParts(epochMs);
    const part = (type) => parts.find((p) => p.type === type).value;
    return `${part('year')}-${part('month')}-${part('day')}`;
  } catch {
    return utcDay(0); // "Z", or a zone the engine will refuse with its own error
  }
}

/** The policy's day of an instant; a bare date is already the policy's day. */
function dayAt(instant, timezone) {
  const text = String(instant);
  const ms = text.length === 10 ? NaN : Date.parse(text);
  return Number.isNaN(ms) ? text.slice(0, 10) : dayIn(ms, timezone);
}

/** A plan's name in `locale`: policy names are a string or `{en, zh-CN}`. */
function planName(plan, locale) {
  if (typeof plan.name === 'string') return plan.name;
  return plan.name?.[locale] ?? plan.name?.en ?? plan.id;
}

/** The day of an engine instant (RFC 3339, written in the policy's timezone): `YYYY-MM-DD`. */
const dayOf = (instant) => instant.slice(0, 10);

/** A `YYYY-MM-DD` day as the engine writes dates: "20 May 2026", "2026年5月20日". */
function formatDay(day, locale) {
  const [y, m, d] = day.split('-').map(Number);
  const options = { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, options).format(Date.UTC(y, m - 1, d));
}

/**
 * The first midnight at or after an engine instant, as `YYYY-MM-DD`. The engine writes
 * instants at the policy's offset, so their date is already the policy's day.
 */
function firstMidnight(instant) {
  const day = dayOf(instant);
  if (instant.slice(11, 19) === '00:00:00') return day;
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

const isZero = (amount) => /^-?0(\.0*)?$/.test(amount);

/** The months of the stay compared, as used: a whole number from 1 to 60. */
const stayOf = (value) => Math.min(Math.max(Math.round(Number(value)) || 1, 1), 60);

/** The control an engine error is about, by its path (a control of the form, when it has it). */
const FIELDS = { 'request.at': 'at', 'order.start': 'start', 'request.availability': 'availability', 'request.faultOn': 'faultOn' };

/** What the visitor can do about an error in the control `name`; null: the engine's message. */
function fieldMessage(t, name, code) {
  if (name === 'availability') return t.errors.availability;
  if (code === 'invalid_type') return t.errors.empty;
  if (code === 'invalid_date') return t.errors.date;
  if (name === 'at' && code === 'cancel_before_start') return t.errors.beforeStart;
  if (name === 'faultOn') return t.errors.faultOn;
  return null;
}

/** Whether the plan's SLA credit has a claim window: only then does the fault's day matter. */
function hasClaimWindow(policy, planId) {
  const plan = policy?.plans?.find((p) => p?.id === planId);
  // A plan's own `sla` section replaces the policy's.
  const sla = plan?.rules && 'sla' in plan.rules ? plan.rules.sla : policy?.rules?.sla;
  return Boolean(sla?.claimWindow);
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

export class RefundEstimatorElement extends HTMLElement {
  static observedAttributes = ['mode', 'locale', 'plan', 'plans', 'start', 'at', 'reason', 'availability', 'fault-on', 'payment-method', 'months', 'order'];

  #policy = null; // set by the host page; null: the bundled policy
  #bundled = null;
  #order = null;
  #result = null;
  // Account mode without a chosen date: the date field follows the provider's today, even
  // on a page left open past midnight.
  #atFollowsToday = false;
  #ui = null;
  #chart = null; // what the curve shows: { curve, chosen, money, locale }, then what it drew
  #curves = { key: null, byOptions: new Map() }; // curves of the current input, by options
  // The host's width switches the narrow layout; the chart's redraws it at its pixel size.
  #resize = new ResizeObserver((entries) => {
    for (const { target, contentRect } of entries) {
      if (target === this) this.#ui?.root.classList.toggle('narrow', contentRect.width < 560);
      else this.#drawCurve();
    }
  });

  /** The refund policy (default: the bundled sample policy). */
  get policy() { return this.#policy ?? (this.#bundled ??= defaultPolicy()); }
  set policy(value) { this.#policy = value; this.#build(); }

  /** Account mode: the customer's order ({plan, start, paid, usage, paymentMethod, …}). */
  get order() {
    if (this.#order) return this.#order;
    const text = this.getAttribute('order');
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw Object.assign(new Error(`the order attribute is not JSON: ${error.message}`), { code: 'invalid_json', path: 'order' });
    }
  }
  set order(value) { this.#order = value; this.#update(); }

  /** The last estimate shown (or null after an error). */
  get result() { return this.#result; }

  connectedCallback() {
    // A page may set `order` or `policy` before this module loads; those own properties
    // would shadow the accessors: re-apply them through the accessors.
    for (const prop of ['policy', 'order']) {
      if (Object.hasOwn(this, prop)) {
        const value = this[prop];
        delete this[prop];
        this[prop] = value;
      }
    }
    this.#build();
  }

  attributeChangedCallback(name) {
    if (!this.#ui) return;
    if (name === 'mode' || name === 'locale' || name === 'plans') {
      this.#build();
      return;
    }
    if (name === 'at') this.#atFollowsToday = false;
    const input = name === 'months' ? this.#ui.months : this.#ui.form.elements[{ 'payment-method': 'method', 'fault-on': 'faultOn' }[name] ?? name];
    if (input && this.hasAttribute(name)) input.value = this.getAttribute(name);
    this.#update();
  }

  get #mode() { return this.getAttribute('mode') === 'account' ? 'account' : 'pricing'; }
  // Any Chinese ("zh", "zh-cn", "zh-Hans-CN", and Traditional too) gets the one Chinese the
  // engine writes, Simplified, which its readers read more easily than English.
  get #locale() { return /^zh(-|$)/i.test(this.getAttribute('locale') ?? '') ? 'zh-CN' : 'en'; }

  /** The plans offered: the `plans` attribute (comma-separated ids) or all of the policy's. */
  get #plans() {
    const ids = this.getAttribute('plans')?.split(',').map((s) => s.trim()).filter(Boolean);
    const all = this.policy.plans ?? [];
    return ids ? all.filter((p) => ids.includes(p.id)) : all;
  }

  #build() {
    if (!this.isConnected) return;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const t = UI[this.#locale];
    const pricing = this.#mode === 'pricing';
    const name = (plan) => planName(plan, this.#locale);
    const select = (field, options, value) => el('select', { name: field }, Object.entries(options).map(([v, text]) => {
      const option = new Option(text, v);
      option.selected = v === value;
      return option;
    }));
    const field = (label, input, hidden = false) => el('label', { hidden }, [label, input]);
    // A rebuild (new locale, mode or plans) keeps what the visitor already chose.
    const kept = {};
    for (const input of this.#ui?.form.elements ?? []) kept[input.name] = input.value;
    if (this.#ui) kept.months = this.#ui.months.value;
    const attrName = { method: 'payment-method', faultOn: 'fault-on' };
    const attr = (n, fallback) => kept[n] ?? this.getAttribute(attrName[n] ?? n) ?? fallback;
    // Date fields hold a day: a timestamp given as an attribute keeps its date.
    const day = (n, fallback) => attr(n, fallback).slice(0, 10);
    // …and the focus: the same control of the new tree gets it back.
    const focused = root.activeElement;
    const refocus = focused === this.#ui?.curve ? '#curve' : focused?.name ? `[name="${focused.name}"]` : null;

    const plans = Object.fromEntries(this.#plans.map((p) => [p.id, name(p)]));
    const form = el('form', {}, [
      ...(pricing ? [
        field(t.plan, select('plan', plans, attr('plan', Object.keys(plans)[0]))),
        field(t.start, el('input', { name: 'start', type: 'date', value: day('start', localDate()) })),
      ] : []),
      field(t.at, el('input', { name: 'at', type: 'date', value: day('at', pricing ? localDate(3) : this.#today()) })),
      field(t.reason, select('reason', t.reasons, attr('reason', 'business_change'))),
      field(t.availability, el('input', { name: 'availability', type: 'number', min: 0, max: 100, step: 'any', value: attr('availability', '99') }), true),
      // For a policy with an SLA claim window: the estimate says by when to claim.
      field(t.faultOn, el('input', { name: 'faultOn', type: 'date', value: day('faultOn', '') }), true),
      ...(pricing ? [field(t.method, select('method', t.methods, attr('method', 'card')))] : []),
    ]);
    form.part = 'controls';
    form.addEventListener('submit', (e) => e.preventDefault());
    form.addEventListener('input', (event) => {
      if (event.target.name === 'at') this.#atFollowsToday = false;
      this.#update();
    });
    // Kept across a rebuild (a new locale); a chosen date or an `at` attribute ends it.
    this.#atFollowsToday = !pricing && (kept.at === undefined ? !this.hasAttribute('at') : this.#atFollowsToday);

    const ui = {
      form,
      order: el('p', { id: 'order', className: 'muted', hidden: pricing }),
      refund: el('strong', { id: 'refund' }),
      outcome: el('span', { id: 'outcome', className: 'tag' }),
      owed: el('p', { id: 'owed', className: 'owed', hidden: true }),
      summary: el('p', { id: 'summary', className: 'muted' }),
      lines: el('tbody'),
      total: el('tr', { id: 'total' }),
      credits: el('tbody', { id: 'credits' }),
      destinations: el('ul', { id: 'destinations' }),
      curve: document.createElementNS(SVG, 'svg'),
      readout: el('p', { id: 'readout', className: 'readout' }),
      // A touch screen has no pointing without choosing, nor arrow keys.
      hint: el('p', { id: 'curve-hint', className: 'hint muted', textContent: matchMedia('(pointer: coarse)').matches ? t.tapHint : t.curveHint }),
      best: el('p', { id: 'best' }),
      breakpoints: el('ul', { id: 'breakpoints', className: 'muted' }),
      documents: el('ul', { id: 'documents' }),
      steps: el('ol', { id: 'steps' }),
      warnings: el('ul', { id: 'warnings', className: 'warnings' }),
      months: el('input', { name: 'months', type: 'number', min: 1, max: 60, value: attr('months', '4') }),
      plansTable: el('tbody', { id: 'plans' }),
      error: el('p', { id: 'error', className: 'error', role: 'alert' }),
    };
    // The curve is a slider over the days of the term: pointing reads a day, a click or the
    // arrow keys choose it as the cancellation date.
    ui.curve.id = 'curve';
    for (const [k, v] of [['role', 'slider'], ['tabindex', '0'], ['aria-label', t.curve], ['aria-describedby', 'curve-hint'], ['aria-valuemin', '0']]) ui.curve.setAttribute(k, v);
    ui.readout.setAttribute('aria-live', 'off'); // it follows the pointer: not announced
    ui.curve.addEventListener('pointermove', (e) => this.#showDay(this.#pointAt(e)));
    ui.curve.addEventListener('pointerleave', () => this.#showDay(null));
    ui.curve.addEventListener('click', (e) => this.#chooseDay(this.#pointAt(e)));
    ui.curve.addEventListener('keydown', (e) => this.#onCurveKey(e));
    this.#resize.disconnect();
    this.#resize.observe(this);
    this.#resize.observe(ui.curve);
    ui.months.setAttribute('aria-label', t.stay); // the heading's sentence, around the field
    ui.months.addEventListener('input', () => this.#update());
    // 0, -3, 2.5 or nothing are compared as 1, 1, 3 and 1: the field says so once left.
    ui.months.addEventListener('change', () => { ui.months.value = String(stayOf(ui.months.value)); });
    const h = (text) => el('h3', { textContent: text });
    ui.destinationsTitle = h(t.destinations);
    // Only the figure is announced when it changes: the rest follows every key of the slider.
    const headline = el('p', { className: 'headline' }, [ui.refund, ' ', ui.outcome]);
    headline.setAttribute('aria-live', 'polite');
    ui.curveBox = el('div', {}, [h(t.curve), ui.curve, ui.readout, ui.hint, ui.best, ui.breakpoints]);
    ui.creditsBox = el('div', {}, [h(t.credits), el('table', { className: 'lines' }, [ui.credits])]);
    // The figure, what qualifies it (warnings such as "after the term's end"), then the curve,
    // so that choosing a day on it changes little above it; then how the figure is computed.
    ui.result = el('section', { part: 'result' }, [
      ui.order,
      headline,
      ui.owed, ui.summary,
      ui.warnings,
      ui.curveBox,
      h(t.breakdown), el('table', { className: 'lines' }, [ui.lines, el('tfoot', {}, [ui.total])]),
      ui.creditsBox,
      ui.destinationsTitle, ui.destinations,
      h(t.documents), ui.documents,
      h(t.steps), ui.steps,
    ]);
    ui.compare = el('section', { part: 'compare', hidden: !pricing }, [
      // The field and its unit stay on one line ("4 个月后离开" broke before its last character).
      el('h3', {}, [`${t.compare} `, el('span', { className: 'stay' }, [ui.months, ` ${t.months}`])]),
      el('table', { className: 'plans' }, [
        el('thead', {}, [el('tr', {}, [t.plan, t.paidInAll, t.backOnLeaving, t.net, t.perMonth].map((text, i) => el('th', { textContent: text, className: i > 0 ? 'amount' : '' })))]),
        ui.plansTable,
      ]),
    ]);
    // `lang`: Chinese text in Chinese glyphs, whatever the host page's language.
    ui.root = el('div', { className: this.getBoundingClientRect().width < 560 ? 'narrow' : '', lang: this.#locale }, [form, ui.error, ui.result, ui.compare]);
    root.replaceChildren(el('style', { textContent: STYLE }), ui.root);
    this.#ui = ui;
    this.#update();
    if (refocus) root.querySelector(refocus)?.focus();
  }

  /** The policy's time zone (an offset or a name): its days are the days of dates and of the curve. */
  get #zone() { return this.policy.timezone; }

  /** Today in the policy's zone (the provider's day, which the engine's dates are in). */
  #today(now = Date.now()) { return dayIn(now, this.#zone); }

  /**
   * The estimate input for the current controls, and whether it is of cancelling now: on an
   * account page, today means now, so a policy that counts a started day counts today's.
   */
  #input() {
    const f = this.#ui.form.elements;
    const now = Date.now();
    if (this.#atFollowsToday) f.at.value = this.#today(now);
    const request = { at: f.at.value, reason: f.reason.value, locale: this.#locale };
    if (f.reason.value === 'provider_fault' && f.availability.value !== '') request.availability = f.availability.value;
    // Sent only when shown (a claim window): a hidden field must not refuse the estimate.
    if (!f.faultOn.parentElement.hidden && f.faultOn.value !== '') request.faultOn = f.faultOn.value;
    const plan = this.#plans.find((p) => p.id === f.plan?.value);
    const order = this.#mode === 'account'
      ? this.order
      // Without `paid`, the engine charges the list price (tax and setup fee included); a
      // visitor's usage is taken as within the plan's allowance.
      : {
        plan: f.plan.value,
        start: f.start.value,
        paymentMethod: f.method.value,
        usage: Object.fromEntries((plan?.meters ?? []).map((m) => [m.id, '0'])),
      };
    // The date field means midnight in the policy's zone, except today on an account page.
    let atNow = this.#mode === 'account' && f.at.value === this.#today(now);
    if (atNow) request.at = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z'); // whole seconds
    // On the day of an order bought at 10:30, midnight is before it started: that day means
    // the purchase itself, unless now is later. (A renewal may be cancelled before it starts.)
    const startDay = order?.start ? dayAt(order.start, this.#zone) : null;
    // (A start written as a date is the policy's midnight: now is never before it.)
    const startIsInstant = String(order?.start).length > 10;
    const beforeStart = !atNow || (startIsInstant && Date.parse(request.at) < Date.parse(order.start));
    if (startDay === f.at.value && order.renewal !== true && beforeStart) {
      request.at = order.start;
      atNow = false;
    }
    return { input: { ...(this.#policy ? { policy: this.#policy } : {}), order, request }, atNow };
  }

  #update() {
    const ui = this.#ui;
    if (!ui) return;
    const t = UI[this.#locale];
    const f = ui.form.elements;
    f.availability.parentElement.hidden = f.reason.value !== 'provider_fault';
    let planId = f.plan?.value;
    if (!planId) {
      try {
        planId = this.order?.plan;
      } catch {
        // An order attribute that is not JSON: the estimate reports it.
      }
    }
    f.faultOn.parentElement.hidden = f.reason.value !== 'provider_fault' || !hasClaimWindow(this.policy, planId);
    // Intl would round to CLDR's decimals (IDR 0), the engine to ISO 4217's (IDR 2): show
    // exactly the digits the engine gives.
    const money = (amount, currency) => {
      const digits = amount.split('.')[1]?.length ?? 0;
      return new Intl.NumberFormat(this.#locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
    };
    this.#showError(null);
    let failed = false;
    try {
      this.#estimate(money);
    } catch (error) {
      failed = true;
      this.#result = null;
      this.#chart = null;
      ui.result.hidden = true;
      this.#showError(error);
    }
    // The comparison does not depend on the cancellation date: it follows the other
    // controls even while that date is refused.
    if (this.#mode === 'pricing') {
      try {
        this.#compare(money);
        ui.compare.hidden = false;
      } catch (error) {
        ui.compare.hidden = true;
        if (!failed) this.#showError(error);
      }
    }
  }

  /**
   * Shows an engine error (null: none). One about a control the visitor filled says what to
   * do, in their language, and marks that control; others (the host's policy or order: a
   * developer's mistake) keep the engine's message and path.
   */
  #showError(error) {
    const ui = this.#ui;
    for (const input of ui.form.elements) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
    ui.error.textContent = '';
    if (!error) return;
    const input = ui.form.elements[FIELDS[error.path]];
    const message = input && fieldMessage(UI[this.#locale], input.name, error.code);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'error');
    }
    ui.error.textContent = message ?? `${error.message}${error.path ? ` (${error.path})` : ''}`;
    this.dispatchEvent(new CustomEvent('refund-estimate-error', { detail: { error }, bubbles: true, composed: true }));
  }

  /** Shows the estimate of the controls, its curve and what it lists; throws an engine error. */
  #estimate(money) {
    const ui = this.#ui;
    const t = UI[this.#locale];
    const { input, atNow } = this.#input();
    // An account page often sets the order after loading it: wait quietly until then.
    if (!input.order) {
      this.#result = null;
      ui.result.hidden = true;
      return;
    }
    // No cancellation before the purchase, except for a renewal paid ahead.
    const startDay = dayAt(input.order.start ?? '', this.#zone);
    ui.form.elements.at.min = input.order.renewal === true ? '' : startDay;
    const e = estimate(input);
    this.#result = e;
    ui.result.hidden = false;
    const plan = this.policy.plans.find((p) => p.id === input.order.plan);
    ui.order.textContent = `${t.yourOrder}${t.colon}${plan ? planName(plan, this.#locale) : input.order.plan} · ${formatDay(startDay, this.#locale)}`;
    ui.refund.textContent = money(e.refund, e.currency);
    ui.outcome.textContent = t.outcome[e.outcome];
    ui.owed.hidden = isZero(e.owed);
    ui.owed.textContent = `${t.owed}${t.colon}${money(e.owed, e.currency)}`;
    ui.summary.textContent = e.timeline.summary;
    const rows = (node, lines) => node.replaceChildren(...lines.map((l) => el('tr', {}, [
      el('td', { textContent: l.label }),
      el('td', { textContent: money(l.amount, e.currency), className: 'amount' }),
      el('td', { textContent: l.detail, className: 'muted detail' }),
    ])));
    rows(ui.lines, e.lines);
    // The lines add up to the headline: the refund, or what is owed to leave.
    const owing = !isZero(e.owed);
    ui.total.replaceChildren(
      el('th', { textContent: owing ? t.owed : t.refund }),
      el('td', { textContent: money(owing ? e.owed : e.refund, e.currency), className: 'amount' }),
      el('td'),
    );
    rows(ui.credits, e.credits);
    ui.creditsBox.hidden = e.credits.length === 0;
    const list = (node, items, text) => node.replaceChildren(...items.map((item) => el('li', { textContent: text(item) })));
    list(ui.destinations, e.destinations, (d) => `${d.label}${t.colon}${money(d.amount, e.currency)}`);
    ui.destinationsTitle.hidden = e.destinations.length === 0; // nothing paid out: no heading
    list(ui.documents, e.documents, (d) => `${d.label} — ${d.detail}`);
    list(ui.steps, e.steps, (s) => `${s.label}${t.colon}${s.detail}`);
    list(ui.warnings, e.warnings, (w) => w.message);

    // The same order cancelled on every day of its term. A curve the engine refuses (a term
    // of more than 40,000 days) leaves the estimate without its chart.
    let curve = null;
    try {
      curve = this.#curveOf(input);
    } catch (error) {
      if (!error.code) throw error; // not the engine's refusal: a bug, shown as one
    }
    ui.curveBox.hidden = !curve;
    const chosen = dayAt(input.request.at, this.#zone);
    this.#chart = curve && {
      curve,
      chosen,
      // Today on an account page is now, not midnight: the marker goes where the estimate is.
      now: atNow ? { time: Date.parse(input.request.at), net: owing ? -Number(e.owed) : Number(e.refund) } : null,
      // The chosen day's figure is the estimate's, whether or not the curve has that day.
      chosenText: owing
        ? t.toPay(atNow ? null : formatDay(chosen, this.#locale), money(e.owed, e.currency))
        : t.back(atNow ? null : formatDay(chosen, this.#locale), money(e.refund, e.currency)),
      money,
      locale: this.#locale,
    };
    this.#drawCurve();
    if (curve) {
      ui.best.textContent = curve.best.label;
      list(ui.breakpoints, curve.breakpoints, (b) => `${b.label}${t.colon}${money(b.before, e.currency)} → ${money(b.after, e.currency)}`);
    }
    this.dispatchEvent(new CustomEvent('refund-estimate', { detail: { input, estimate: e }, bubbles: true, composed: true }));
  }

  /** The plan comparison (pricing mode) for the stay in the months field. */
  #compare(money) {
    const ui = this.#ui;
    const t = UI[this.#locale];
    const f = ui.form.elements;
    const comparison = comparePlans(
      { ...(this.#policy ? { policy: this.#policy } : {}), start: f.start.value, paymentMethod: f.method.value, reason: f.reason.value, locale: this.#locale },
      { after: { months: stayOf(ui.months.value) }, plans: this.#plans.map((p) => p.id) },
    );
    // Figures in columns (labelled in each cell for the narrow layout); the engine's
    // sentence, which says the same, as the row's tooltip.
    const figure = (label, amount) => {
      const cell = el('td', { textContent: money(amount, comparison.currency), className: 'amount' });
      cell.dataset.label = label;
      return cell;
    };
    const lowest = comparison.rows[0]?.netCost;
    ui.plansTable.replaceChildren(...comparison.rows.map((row) => el('tr', { title: row.label }, [
      el('td', {}, [row.name, ...(row.netCost === lowest ? [' ', el('span', { className: 'tag', textContent: t.cheapest })] : [])]),
      figure(t.paidInAll, row.totalPaid),
      figure(t.backOnLeaving, isZero(row.owed) ? row.refund : `-${row.owed}`),
      figure(t.net, row.netCost),
      figure(t.perMonth, row.netCostPerMonth),
    ])));
  }

  /** A curve of this input, kept while only the cancellation date changes (the curve does not
   *  depend on it), so choosing days on the slider does not compute it again. */
  #cachedCurve(input, options) {
    const key = JSON.stringify([input.policy ?? null, input.order, { ...input.request, at: null }]);
    if (this.#curves.key !== key || this.#curves.byOptions.size > 8) this.#curves = { key, byOptions: new Map() };
    const byOptions = this.#curves.byOptions;
    const k = JSON.stringify(options);
    if (!byOptions.has(k)) byOptions.set(k, refundCurve(input, options));
    return byOptions.get(k);
  }

  /**
   * The curve over the whole term (its break points and best moment, as refundCurve gives
   * them), with the points to draw: one a day at midnight in the policy's timezone, the
   * instants a date field holds, so that each is the estimate of its day. An order that
   * starts at another time of day takes a second call from its first midnight; a renewal
   * paid ahead is drawn from the chosen day before its start, where the customer is now.
   */
  #curveOf(input) {
    let whole = this.#cachedCurve(input, {});
    const first = whole.points[0]?.at;
    if (!first) return whole;
    const chosen = dayAt(input.request.at, this.#zone);
    if (input.order.renewal === true && chosen < dayOf(first)) {
      whole = this.#cachedCurve(input, { from: chosen });
    }
    const isMidnight = (p) => p.at.slice(11, 19) === '00:00:00';
    if (whole.points.every(isMidnight)) return whole;
    const from = firstMidnight(first);
    try {
      return { ...whole, points: this.#cachedCurve(input, { from }).points };
    } catch (error) {
      // A term that ends before its first midnight: no day to draw.
      if (error.path?.startsWith('options.')) return { ...whole, points: whole.points.filter(isMidnight) };
      throw error;
    }
  }

  /**
   * Draws the net refund (refund, or minus what is owed) over the term at the SVG's own pixel
   * size (crisp text, round dots): the amounts at the top and at zero, the first and last
   * days, the break points, and the chosen day.
   */
  #drawCurve() {
    const chart = this.#chart;
    const svg = this.#ui?.curve;
    if (!chart || !svg) return;
    const { curve, money } = chart;
    const points = curve.points;
    chart.geometry = null;
    // (`hidden` is an attribute of SVG elements, not a property.)
    for (const node of [svg, this.#ui.readout, this.#ui.hint]) node.toggleAttribute('hidden', points.length === 0);
    if (points.length === 0) return;
    const width = Math.max(Math.round(svg.getBoundingClientRect().width) || 600, 160);
    const height = 180;
    const [left, right, top, bottom] = [8, width - 8, 24, height - 24];
    const nets = points.map((p) => (isZero(p.owed) ? p.refund : `-${p.owed}`));
    const values = nets.map(Number);
    const times = points.map((p) => Date.parse(p.at));
    const [t0, t1] = [times[0], times[times.length - 1]];
    const hiIndex = values.indexOf(Math.max(...values));
    const loIndex = values.indexOf(Math.min(...values));
    const hi = Math.max(values[hiIndex], 0);
    const lo = Math.min(values[loIndex], 0);
    const x = (time) => left + ((time - t0) / Math.max(t1 - t0, 1)) * (right - left);
    const y = (value) => bottom - ((value - lo) / Math.max(hi - lo, 1e-9)) * (bottom - top);
    chart.geometry = { left, right, times, nets, x, y };

    const shape = (tag, attrs, text) => {
      const node = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, typeof v === 'number' ? v.toFixed(1) : v);
      if (text !== undefined) node.textContent = text;
      return node;
    };
    const digits = points[0].refund.split('.')[1]?.length ?? 0;
    const zero = digits ? `0.${'0'.repeat(digits)}` : '0';
    const shapes = [];
    const levels = [[0, zero]];
    if (hi > 0) levels.push([hi, nets[hiIndex]]);
    if (lo < 0) levels.push([lo, nets[loIndex]]);
    for (const [value, amount] of levels) {
      // Zero always; the top and the bottom when they are apart from it (labels 14 px high).
      if (value !== 0 && Math.abs(y(value) - y(0)) < 14) continue;
      shapes.push(shape('line', { class: 'grid', x1: left, x2: right, y1: y(value), y2: y(value) }));
      shapes.push(shape('text', { class: 'axis', x: left + 2, y: y(value) - 5 }, money(amount, curve.currency)));
    }
    const days = [dayOf(points[0].at), dayOf(points[points.length - 1].at)];
    shapes.push(shape('text', { class: 'axis', x: left, y: height - 6 }, formatDay(days[0], chart.locale)));
    shapes.push(shape('text', { class: 'axis', x: right, y: height - 6, 'text-anchor': 'end' }, formatDay(days[1], chart.locale)));
    // More points than pixels (a term of years): each pixel column keeps its lowest and
    // highest point, so a cliff still shows.
    let drawn = times.map((_, i) => i);
    if (points.length > 2 * (right - left)) {
      const columns = new Map();
      for (const i of drawn) {
        const column = Math.round(x(times[i]));
        const [low, high] = columns.get(column) ?? [i, i];
        columns.set(column, [values[i] < values[low] ? i : low, values[i] > values[high] ? i : high]);
      }
      drawn = [...columns.values()].flatMap(([low, high]) => (low === high ? [low] : [Math.min(low, high), Math.max(low, high)]));
    }
    shapes.push(shape('polyline', { class: 'curve', points: drawn.map((i) => `${x(times[i]).toFixed(1)},${y(values[i]).toFixed(1)}`).join(' ') }));
    // Break points before the first day drawn are listed, not drawn. At its instant the
    // estimate is still `before` (the change comes right after): the dot is on the curve.
    for (const b of curve.breakpoints.filter((b) => Date.parse(b.at) >= t0)) {
      const before = isZero(b.owedBefore) ? b.before : `-${b.owedBefore}`;
      const dot = shape('circle', { class: 'break', cx: x(Date.parse(b.at)), cy: y(Number(before)), r: 4 });
      dot.append(shape('title', {}, b.label));
      shapes.push(dot);
    }
    // The chosen cancellation day, when the curve has it; now (on an account page), where it
    // is, even on the purchase day before the first midnight drawn.
    const chosen = points.findIndex((p) => dayOf(p.at) === chart.chosen);
    chart.index = chosen;
    if (chosen >= 0 || chart.now) {
      const [cx, cy] = chart.now
        ? [x(Math.min(Math.max(chart.now.time, t0), t1)), y(chart.now.net)]
        : [x(times[chosen]), y(values[chosen])];
      shapes.push(shape('line', { class: 'marker', x1: cx, x2: cx, y1: top - 8, y2: bottom }));
      shapes.push(shape('circle', { class: 'chosen', cx, cy, r: 4 }));
    }
    const guide = shape('g', { class: 'guide', visibility: 'hidden' });
    guide.append(shape('line', { y1: top - 8, y2: bottom, x1: 0, x2: 0 }), shape('circle', { r: 4, cx: 0, cy: 0 }));
    shapes.push(guide);
    chart.guide = guide;

    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    // A slider always has a value: outside the term, the nearest end (its text says the day).
    const last = points.length - 1;
    const valueNow = chosen >= 0 ? chosen : chart.chosen < days[0] ? 0 : last;
    svg.setAttribute('aria-valuemax', String(last));
    svg.setAttribute('aria-valuenow', String(valueNow));
    svg.setAttribute('aria-valuetext', chart.chosenText);
    svg.replaceChildren(...shapes);
    this.#showDay(null);
  }

  /** "Cancel on 20 May 2026: CN¥43,326.25 back" for the point at `index`. */
  #describe(index) {
    const { curve, money, locale, geometry } = this.#chart;
    const t = UI[locale];
    const day = formatDay(dayOf(curve.points[index].at), locale);
    const net = geometry.nets[index];
    return net.startsWith('-') ? t.toPay(day, money(net.slice(1), curve.currency)) : t.back(day, money(net, curve.currency));
  }

  /** Shows the point at `index` under the pointer; null: back to the chosen day. */
  #showDay(index) {
    const chart = this.#chart;
    if (!chart?.geometry) return;
    const { x, y, times, nets } = chart.geometry;
    if (index === null) {
      chart.guide.setAttribute('visibility', 'hidden');
      this.#ui.readout.textContent = chart.chosenText;
      return;
    }
    const [line, dot] = chart.guide.children;
    for (const k of ['x1', 'x2']) line.setAttribute(k, x(times[index]).toFixed(1));
    dot.setAttribute('cx', x(times[index]).toFixed(1));
    dot.setAttribute('cy', y(Number(nets[index])).toFixed(1));
    chart.guide.setAttribute('visibility', 'visible');
    this.#ui.readout.textContent = this.#describe(index);
  }

  /** The index of the point nearest the pointer, in time. */
  #pointAt(event) {
    const geometry = this.#chart?.geometry;
    if (!geometry) return null;
    const { left, right, times } = geometry;
    const box = this.#ui.curve.getBoundingClientRect();
    const width = Number(this.#ui.curve.viewBox.baseVal.width) || box.width;
    const px = ((event.clientX - box.left) / Math.max(box.width, 1)) * width;
    const share = Math.min(Math.max((px - left) / Math.max(right - left, 1), 0), 1);
    const time = times[0] + share * (times[times.length - 1] - times[0]);
    // Binary search for the first point at or after `time`, then the nearer neighbour.
    let [lo, hi] = [0, times.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] < time) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && time - times[lo - 1] < times[lo] - time ? lo - 1 : lo;
  }

  /** Makes the point at `index` the cancellation date. */
  #chooseDay(index) {
    if (index === null || !this.#chart?.geometry) return;
    // What is above the curve (the amount owed, warnings) may change height: scroll by as
    // much, so that the curve stays under the pointer.
    const top = () => this.#ui.curve.getBoundingClientRect().top;
    const before = top();
    this.#ui.form.elements.at.value = dayOf(this.#chart.curve.points[index].at);
    this.#atFollowsToday = false;
    this.#update();
    const moved = top() - before;
    // At once (a page's smooth scrolling would slide the curve back), and in the box that
    // scrolls the element, which may not be the page.
    if (Math.abs(moved) >= 0.5) scrollerOf(this).scrollBy({ top: moved, behavior: 'instant' });
  }

  /**
   * The slider's keys: arrows a day, Page Up/Down 30 days, Home/End the term's ends. From a
   * chosen day outside the term, a key towards it goes to its nearest end; away, nothing.
   */
  #onCurveKey(event) {
    const chart = this.#chart;
    if (!chart?.geometry) return;
    const last = chart.curve.points.length - 1;
    const step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 30, PageDown: -30 }[event.key];
    let next;
    if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = last;
    else if (step === undefined) return;
    else if (chart.index >= 0) next = Math.min(Math.max(chart.index + step, 0), last);
    else if (chart.chosen < dayOf(chart.curve.points[0].at)) next = step > 0 ? 0 : null;
    else next = step < 0 ? last : null;
    event.preventDefault();
    this.#chooseDay(next);
  }
}

if (!customElements.get('refund-estimator')) customElements.define('refund-estimator', RefundEstimatorElement);
