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
    availability: 'Availability during the fault (%)', refund: 'Refund', owed: 'To pay to leave',
    breakdown: 'How it is computed', destinations: 'Where the money goes', curve: 'If you cancel on another day',
    documents: 'What to prepare', steps: 'What to do', compare: 'Not sure how long you will stay? Leaving after',
    months: 'months', net: 'Net cost', perMonth: 'Per month', yourOrder: 'Your order', colon: ': ',
    outcome: { full: 'Full refund', partial: 'Partial refund', none: 'No refund', ineligible: 'Not refundable' },
    reasons: {
      business_change: 'Business change', dissatisfied: 'Not satisfied', provider_fault: 'Fault on the provider\'s side',
      duplicate_purchase: 'Bought twice', switching_provider: 'Switching provider', other: 'Other',
    },
    methods: { card: 'Card', alipay: 'Alipay', wechat_pay: 'WeChat Pay', bank_transfer: 'Bank transfer', paypal: 'PayPal', balance: 'Account balance' },
  },
  'zh-CN': {
    plan: '套餐', start: '购买日期', at: '退订日期', reason: '退订原因', method: '支付方式',
    availability: '故障期间的可用性（%）', refund: '预计退款', owed: '退订需支付',
    breakdown: '计算明细', destinations: '退款去向', curve: '换个日期退订会怎样',
    documents: '需要准备的材料', steps: '办理步骤', compare: '不确定会用多久？如果用满',
    months: '个月后离开', net: '实际花费', perMonth: '折合每月', yourOrder: '您的订单', colon: '：',
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
.tag { font-size: .4em; background: var(--re-tag, #eef1f7); border-radius: .4rem; padding: .15rem .5rem; vertical-align: middle; }
.owed { color: var(--re-danger, #b00020); font-weight: 600; }
.muted { color: var(--re-muted, #4a5368); }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
td, th { border-top: 1px solid #e3e7ef; padding: .4rem .5rem; vertical-align: top; text-align: left; }
td.amount, th.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
h3 { font-size: 1em; margin: 1.25rem 0 .4rem; }
svg { width: 100%; height: 140px; background: #f7f9fc; border-radius: .4rem; }
polyline { fill: none; stroke: var(--re-accent, #2f6fde); stroke-width: 2; vector-effect: non-scaling-stroke; }
line { stroke: #8a94a8; stroke-dasharray: 4 3; vector-effect: non-scaling-stroke; }
circle { fill: var(--re-danger, #d2462c); }
.warnings { color: #8a5a00; }
.error { color: var(--re-danger, #b00020); }
`;

const SVG = 'http://www.w3.org/2000/svg';

/** Today as YYYY-MM-DD in the visitor's time zone; `months` later when given. */
function localDate(months = 0) {
  const d = new Date();
  d.setMonth(d.getMonth() + months);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A plan's name in `locale`: policy names are a string or `{en, zh-CN}`. */
function planName(plan, locale) {
  if (typeof plan.name === 'string') return plan.name;
  return plan.name?.[locale] ?? plan.name?.en ?? plan.id;
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

export class RefundEstimatorElement extends HTMLElement {
  static observedAttributes = ['mode', 'locale', 'plan', 'plans', 'start', 'at', 'reason', 'payment-method', 'months', 'order'];

  #policy = null; // set by the host page; null: the bundled policy
  #bundled = null;
  #order = null;
  #result = null;
  #ui = null;

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
    const input = name === 'months' ? this.#ui.months : this.#ui.form.elements[{ 'payment-method': 'method' }[name] ?? name];
    if (input && this.hasAttribute(name)) input.value = this.getAttribute(name);
    this.#update();
  }

  get #mode() { return this.getAttribute('mode') === 'account' ? 'account' : 'pricing'; }
  get #locale() { return this.getAttribute('locale') === 'zh-CN' ? 'zh-CN' : 'en'; }

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
    const attrName = { method: 'payment-method' };
    const attr = (n, fallback) => kept[n] ?? this.getAttribute(attrName[n] ?? n) ?? fallback;

    const plans = Object.fromEntries(this.#plans.map((p) => [p.id, name(p)]));
    const form = el('form', {}, [
      ...(pricing ? [
        field(t.plan, select('plan', plans, attr('plan', Object.keys(plans)[0]))),
        field(t.start, el('input', { name: 'start', type: 'date', value: attr('start', localDate()) })),
      ] : []),
      field(t.at, el('input', { name: 'at', type: 'date', value: attr('at', pricing ? localDate(3) : localDate()) })),
      field(t.reason, select('reason', t.reasons, attr('reason', 'business_change'))),
      field(t.availability, el('input', { name: 'availability', type: 'number', min: 0, max: 100, step: 'any', value: attr('availability', '99') }), true),
      ...(pricing ? [field(t.method, select('method', t.methods, attr('method', 'card')))] : []),
    ]);
    form.part = 'controls';
    form.addEventListener('submit', (e) => e.preventDefault());
    form.addEventListener('input', () => this.#update());

    const ui = {
      form,
      order: el('p', { className: 'muted', hidden: pricing }),
      refund: el('strong', { id: 'refund' }),
      outcome: el('span', { id: 'outcome', className: 'tag' }),
      owed: el('p', { id: 'owed', className: 'owed', hidden: true }),
      summary: el('p', { id: 'summary', className: 'muted' }),
      lines: el('tbody'),
      destinations: el('ul', { id: 'destinations' }),
      curve: document.createElementNS(SVG, 'svg'),
      best: el('p', { id: 'best' }),
      breakpoints: el('ul', { id: 'breakpoints', className: 'muted' }),
      documents: el('ul', { id: 'documents' }),
      steps: el('ol', { id: 'steps' }),
      warnings: el('ul', { id: 'warnings', className: 'warnings' }),
      months: el('input', { name: 'months', type: 'number', min: 1, max: 60, value: attr('months', '4') }),
      plansTable: el('tbody', { id: 'plans' }),
      error: el('p', { id: 'error', className: 'error', role: 'alert' }),
    };
    ui.curve.id = 'curve';
    ui.curve.setAttribute('viewBox', '0 0 600 140');
    ui.curve.setAttribute('preserveAspectRatio', 'none');
    ui.curve.setAttribute('role', 'img');
    ui.months.addEventListener('input', () => this.#update());
    const h = (text) => el('h3', { textContent: text });
    ui.result = el('section', { part: 'result' }, [
      ui.order,
      el('p', { className: 'headline' }, [ui.refund, ' ', ui.outcome]),
      ui.owed, ui.summary,
      h(t.breakdown), el('table', {}, [ui.lines]),
      h(t.destinations), ui.destinations,
      h(t.curve), ui.curve, ui.best, ui.breakpoints,
      h(t.documents), ui.documents,
      h(t.steps), ui.steps,
      ui.warnings,
    ]);
    ui.result.setAttribute('aria-live', 'polite');
    ui.compare = el('section', { part: 'compare', hidden: !pricing }, [
      el('h3', {}, [`${t.compare} `, ui.months, ` ${t.months}`]),
      el('table', {}, [
        el('thead', {}, [el('tr', {}, [t.plan, t.net, t.perMonth, ''].map((text, i) => el('th', { textContent: text, className: i === 1 || i === 2 ? 'amount' : '' })))]),
        ui.plansTable,
      ]),
    ]);
    root.replaceChildren(el('style', { textContent: STYLE }), form, ui.error, ui.result, ui.compare);
    this.#ui = ui;
    this.#update();
  }

  /** The estimate input for the current controls. */
  #input() {
    const f = this.#ui.form.elements;
    const request = { at: f.at.value, reason: f.reason.value, locale: this.#locale };
    if (f.reason.value === 'provider_fault' && f.availability.value !== '') request.availability = f.availability.value;
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
    return { ...(this.#policy ? { policy: this.#policy } : {}), order, request };
  }

  #update() {
    const ui = this.#ui;
    if (!ui) return;
    const t = UI[this.#locale];
    const f = ui.form.elements;
    f.availability.parentElement.hidden = f.reason.value !== 'provider_fault';
    // Intl would round to CLDR's decimals (IDR 0), the engine to ISO 4217's (IDR 2): show
    // exactly the digits the engine gives.
    const money = (amount, currency) => {
      const digits = amount.split('.')[1]?.length ?? 0;
      return new Intl.NumberFormat(this.#locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
    };
    try {
      const input = this.#input();
      // An account page often sets the order after loading it: wait quietly until then.
      if (!input.order) {
        this.#result = null;
        ui.result.hidden = true;
        ui.error.textContent = '';
        return;
      }
      const e = estimate(input);
      this.#result = e;
      ui.error.textContent = '';
      ui.result.hidden = false;
      const plan = this.policy.plans.find((p) => p.id === input.order.plan);
      ui.order.textContent = `${t.yourOrder}${t.colon}${plan ? planName(plan, this.#locale) : input.order.plan} · ${String(input.order.start).slice(0, 10)}`;
      ui.refund.textContent = money(e.refund, e.currency);
      ui.outcome.textContent = t.outcome[e.outcome];
      ui.owed.hidden = /^0(\.0*)?$/.test(e.owed);
      ui.owed.textContent = `${t.owed}${t.colon}${money(e.owed, e.currency)}`;
      ui.summary.textContent = e.timeline.summary;
      ui.lines.replaceChildren(...e.lines.map((l) => el('tr', {}, [
        el('td', { textContent: l.label }),
        el('td', { textContent: money(l.amount, e.currency), className: 'amount' }),
        el('td', { textContent: l.detail, className: 'muted' }),
      ])));
      const list = (node, items, text) => node.replaceChildren(...items.map((item) => el('li', { textContent: text(item) })));
      list(ui.destinations, e.destinations, (d) => `${d.label}${t.colon}${money(d.amount, e.currency)}`);
      list(ui.documents, e.documents, (d) => `${d.label} — ${d.detail}`);
      list(ui.steps, e.steps, (s) => `${s.label}${t.colon}${s.detail}`);
      list(ui.warnings, e.warnings, (w) => w.message);

      // The same order cancelled on every day of its term, in one call.
      const curve = refundCurve(input, {});
      this.#drawCurve(curve, input.request.at);
      ui.best.textContent = curve.best.label;
      list(ui.breakpoints, curve.breakpoints, (b) => `${b.label}${t.colon}${money(b.before, e.currency)} → ${money(b.after, e.currency)}`);

      if (this.#mode === 'pricing') {
        const comparison = comparePlans(
          { ...(this.#policy ? { policy: this.#policy } : {}), start: f.start.value, paymentMethod: f.method.value, reason: f.reason.value, locale: this.#locale },
          { after: { months: Math.max(1, Math.round(Number(ui.months.value)) || 1) }, plans: this.#plans.map((p) => p.id) },
        );
        ui.plansTable.replaceChildren(...comparison.rows.map((row) => el('tr', {}, [
          el('td', { textContent: row.name }),
          el('td', { textContent: money(row.netCost, comparison.currency), className: 'amount' }),
          el('td', { textContent: money(row.netCostPerMonth, comparison.currency), className: 'amount' }),
          el('td', { textContent: row.label, className: 'muted' }),
        ])));
      }
      this.dispatchEvent(new CustomEvent('refund-estimate', { detail: { input, estimate: e }, bubbles: true, composed: true }));
    } catch (error) {
      this.#result = null;
      ui.result.hidden = true;
      ui.error.textContent = `${error.message}${error.path ? ` (${error.path})` : ''}`;
      this.dispatchEvent(new CustomEvent('refund-estimate-error', { detail: { error }, bubbles: true, composed: true }));
    }
  }

  /** The refund over the term as a polyline, a dashed line at the chosen date, dots at break points. */
  #drawCurve(curve, at) {
    const svg = this.#ui.curve;
    const times = curve.points.map((p) => Date.parse(p.at));
    const [t0, t1] = [times[0], times[times.length - 1]];
    const top = Math.max(...curve.points.map((p) => Number(p.refund)), 1);
    const x = (t) => ((t - t0) / Math.max(t1 - t0, 1)) * 590 + 5;
    const y = (refund) => 130 - (Number(refund) / top) * 120;
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', curve.points.map((p, i) => `${x(times[i]).toFixed(1)},${y(p.refund).toFixed(1)}`).join(' '));
    const shapes = [line];
    const chosen = Date.parse(at);
    if (chosen >= t0 && chosen <= t1) {
      const marker = document.createElementNS(SVG, 'line');
      for (const [k, v] of [['x1', x(chosen)], ['x2', x(chosen)], ['y1', 5], ['y2', 135]]) marker.setAttribute(k, String(v));
      shapes.push(marker);
    }
    for (const b of curve.breakpoints) {
      const dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('cx', x(Date.parse(b.at)).toFixed(1));
      dot.setAttribute('cy', y(b.after).toFixed(1));
      dot.setAttribute('r', '4');
      const title = document.createElementNS(SVG, 'title');
      title.textContent = b.label;
      dot.append(title);
      shapes.push(dot);
    }
    svg.replaceChildren(...shapes);
    svg.setAttribute('aria-label', curve.best.label);
  }
}

if (!customElements.get('refund-estimator')) customElements.define('refund-estimator', RefundEstimatorElement);
