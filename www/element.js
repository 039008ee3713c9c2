// <refund-estimator>: the estimator as a custom element, for two pages.
//   mode="pricing" (default): a visitor who has not bought tries what-ifs: plan, purchase
//     date, cancellation date, reason, payment, a promotion; the plans compared for the same
//     cancellation date right under the figure, and the curve over the term.
//   mode="account": a live preview of this customer's refund, from the `order` they hold.
// Every figure comes from the engine (estimate, refundCurve, comparePlans); the words around
// them are in element-text.js. Data is rendered as text (textContent), never as HTML.
//
// Loading: importing this module registers the element at once; the WebAssembly module is
// loaded when the first element connects, while the form and a placeholder of the result's
// size are already on screen. The element then updates only the nodes whose text changes,
// and computes the curve again only when something other than the cancellation date changes.
import { init, isReady, estimate, refundCurve, comparePlans, defaultPolicy, createEstimator } from './slim.js';
import {
  TEXTS, PROSPECT_REASONS, localeOf, money, isZero, isDay, addDays, daysBetween, addMonths, monthsAndDays,
  dayIn, dayAt, dayOf, timeOf, isMidnight, formatDay, formatRange, nameIn,
} from './element-text.js';

const CSS = `
:host {
  --_font: var(--re-font, system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif);
  --_text: var(--re-text, #1d2330);
  --_muted: var(--re-muted, #4a5368);
  --_accent: var(--re-accent, #2f6fde);
  --_danger: var(--re-danger, #b00020);
  --_warning: var(--re-warning, #8a5a00);
  --_surface: var(--re-surface, #f7f9fc);
  --_border: var(--re-border, #e3e7ef);
  --_strong-border: var(--re-strong-border, #c5ccd9);
  --_tag: var(--re-tag, #eef1f7);
  display: block; font: var(--re-font-size, 15px)/1.5 var(--_font); color: var(--_text);
}
/* Dark colours where the page allows a dark scheme (color-scheme: light dark) and the reader
   prefers it: light-dark() follows the scheme the page gives the element. */
@supports (color: light-dark(#000, #fff)) {
  :host {
    --_text: var(--re-text, light-dark(#1d2330, #e6e9ef));
    --_muted: var(--re-muted, light-dark(#4a5368, #aab3c5));
    --_accent: var(--re-accent, light-dark(#2f6fde, #7aa7ff));
    --_danger: var(--re-danger, light-dark(#b00020, #ff8a80));
    --_warning: var(--re-warning, light-dark(#8a5a00, #f0c36d));
    --_surface: var(--re-surface, light-dark(#f7f9fc, #1b2130));
    --_border: var(--re-border, light-dark(#e3e7ef, #343c4f));
    --_strong-border: var(--re-strong-border, light-dark(#c5ccd9, #4b5468));
    --_tag: var(--re-tag, light-dark(#eef1f7, #2a3244));
  }
}
:host([hidden]) { display: none; }
[hidden] { display: none !important; }
form { display: flex; flex-wrap: wrap; gap: .75rem 1.25rem; margin: 0 0 1rem; align-items: flex-start; }
.field { display: flex; flex-direction: column; align-items: flex-start; font-size: .85em; gap: .2rem; max-width: 100%; }
.field > :is(input, select) { max-width: 100%; }
.field.check { flex-direction: row; align-items: center; align-self: center; gap: .4rem; }
select, input { font: inherit; padding: .3rem .4rem; color: inherit; }
select[name=plan] { min-width: 16em; max-width: 100%; }
.note { font-size: .9em; color: var(--_muted); max-width: 22em; }
.field-error { font-size: .95em; color: var(--_danger); font-weight: 600; max-width: 22em; }
.invalid :is(input, select) { outline: 2px solid var(--_danger); outline-offset: 1px; border-color: var(--_danger); }
.placeholder { min-height: 26rem; border-radius: .4rem; background: var(--_surface); color: var(--_muted); padding: 1rem; box-sizing: border-box; }
.problem { color: var(--_danger); font-weight: 600; margin: 0 0 1rem; }
.problem button { font: inherit; margin-left: .5rem; }
.stale-note { margin: 0 0 .5rem; padding: .4rem .6rem; border-left: 4px solid var(--_danger); background: var(--_surface); font-weight: 600; }
/* Not updated: greyed and framed (no fading, which would fail contrast), the layout unmoved. */
.stale .figures { filter: grayscale(1); outline: 2px dashed var(--_strong-border); outline-offset: 6px; border-radius: 2px; }
.headline { margin: 0; font-size: 1.05em; }
.headline strong { font-size: 1.9em; font-weight: 650; }
#of-paid { white-space: nowrap; }
.context, .credit-line, .within-day { margin: .2rem 0 0; }
.within-day { font-weight: 600; }
.order { margin: 0 0 .75rem; }
.tag { white-space: nowrap; display: inline-block; font-size: .8em; background: var(--_tag); border-radius: .4rem; padding: .1rem .5rem; vertical-align: middle; margin-left: .3rem; }
.owed { color: var(--_danger); font-weight: 600; margin: .2rem 0 0; }
.muted { color: var(--_muted); }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
td, th { border-top: 1px solid var(--_border); padding: .4rem .5rem; vertical-align: top; text-align: left; }
thead th { border-top: 0; font-weight: 600; }
tfoot th, tfoot td { border-top: 2px solid var(--_strong-border); font-weight: 600; }
/* The credits' table is aligned with the breakdown's. */
div:not(.narrow) .lines :is(td, th):first-child { width: 12em; }
div:not(.narrow) .lines td.amount { width: 8em; }
td.amount, th.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.quiet td { color: var(--_muted); }
h3 { font-size: 1em; margin: 1.25rem 0 .4rem; }
details { margin: 1rem 0 0; }
summary { font-weight: 600; cursor: pointer; }
ul, ol { padding-left: 1.3rem; margin: .4rem 0; }
li + li { margin-top: .2rem; }
.compare-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem 1rem; }
.compare-head h3 { margin-bottom: .2rem; }
.stay { white-space: nowrap; font-size: .9em; }
.stay input { width: 4.5em; }
tr.chosen-plan td:first-child { font-weight: 600; }
svg { display: block; width: 100%; height: 180px; background: var(--_surface); border-radius: .4rem; cursor: crosshair; touch-action: pan-y; }
svg:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
.curve { fill: none; stroke: var(--_accent); stroke-width: 2; }
.grid { stroke: var(--_strong-border); }
.axis { font-size: 11px; fill: var(--_muted); }
.marker { stroke: var(--_accent); stroke-width: 1.5; }
.chosen { fill: var(--_accent); }
.guide line { stroke: var(--_muted); stroke-dasharray: 4 3; }
.guide circle { fill: var(--_surface); stroke: var(--_accent); stroke-width: 2; }
.break { fill: var(--_danger); }
.readout { margin: .4rem 0 0; font-variant-numeric: tabular-nums; }
.hint { margin: 0; font-size: .8em; }
.warnings { color: var(--_warning); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
/* Narrow (the element under 560 px, measured by a ResizeObserver: a container query would make
   a shrink-to-fit host, in a flex row say, 0 px wide): a breakdown line's explanation under
   its label and amount; a plan's figures in a labelled grid. */
.narrow .lines tr { display: grid; grid-template-columns: 1fr auto; border-top: 1px solid var(--_border); }
.narrow .lines td, .narrow .lines th { border: 0; }
.narrow .lines td:empty { display: none; }
.narrow .lines td.detail { grid-column: 1 / -1; padding-top: 0; }
.narrow .plans thead { display: none; }
.narrow .plans tr { display: grid; grid-template-columns: 1fr 1fr; border-top: 1px solid var(--_border); padding: .3rem 0; }
.narrow .plans td { border: 0; padding: .15rem .5rem; }
.narrow .plans td.amount { text-align: left; }
.narrow .plans td:first-child { grid-column: 1 / -1; }
.narrow .plans td[data-label]::before { content: attr(data-label); display: block; font-size: .8em; color: var(--_muted); }
`;

// One stylesheet shared by every element (constructable, so a strict CSP's style-src allows
// it); a <style> element where adoptedStyleSheets is missing.
let sheet = null;
function adoptStyles(root) {
  if (globalThis.CSSStyleSheet && 'replaceSync' in CSSStyleSheet.prototype && 'adoptedStyleSheets' in root) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [sheet];
    return null;
  }
  return el('style', { textContent: CSS });
}

const SVG = 'http://www.w3.org/2000/svg';

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** Sets a node's text only when it changes (no layout work for an equal text); the text set
 *  is remembered on the node, cheaper to compare than its textContent. */
function setText(node, text) {
  if (node.__text !== text) {
    node.textContent = text;
    node.__text = text;
  }
}

function show(node, shown) {
  if (node.hidden === shown) node.hidden = !shown;
}

/** Makes `list`'s children the `items`, each rendered by `fill(node, item)`, reusing nodes. */
function setItems(list, items, make, fill) {
  while (list.children.length > items.length) list.lastElementChild.remove();
  while (list.children.length < items.length) list.append(make());
  items.forEach((item, i) => fill(list.children[i], item));
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

/** Today as YYYY-MM-DD in the visitor's time zone. */
function localToday() {
  const d = new Date();
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The plans of a policy the element can offer: objects with an id (the rest is the engine's to refuse). */
const plansOf = (policy) => (Array.isArray(policy?.plans) ? policy.plans.filter((p) => p && typeof p === 'object' && typeof p.id === 'string') : []);

/** Whether the plan's SLA credit has a claim window: only then does the fault's day matter. */
function hasClaimWindow(policy, plan) {
  const sla = plan?.rules && 'sla' in plan.rules ? plan.rules.sla : policy?.rules?.sla;
  return Boolean(sla?.claimWindow);
}

/** How the plan treats an order bought in a promotion: "standard", "clawback" or "not_refundable". */
function promotionRule(policy, plan) {
  const eligibility = plan?.rules && 'eligibility' in plan.rules ? plan.rules.eligibility : policy?.rules?.eligibility;
  return eligibility?.promotion ?? 'standard';
}

/**
 * The term of `plan` in progress when leaving at the end of `day`, for an order bought on
 * `start` and renewed at each term's end (as the plan comparison renews, term after term):
 * `{ number, start }`, 1 and `start` itself within the first term.
 */
function termInProgress(plan, start, day) {
  const term = plan?.term;
  const length = term?.months ?? term?.days;
  const first = { number: 1, start };
  // (A plan billed after use does not renew by the term: its deposit is what comes back.)
  if (!isDay(start) || !isDay(day) || !Number.isInteger(length) || length < 1 || term.hours !== undefined || plan.billing === 'postpaid') return first;
  const next = term.months !== undefined ? (d) => addMonths(d, length) : (d) => addDays(d, length);
  const leave = addDays(day, 1);
  let current = first;
  for (let end = next(start); end < leave && current.number < 1200; end = next(end)) current = { number: current.number + 1, start: end };
  return current;
}

/** A number for each policy object the element is given (a new object is a new policy). */
const policyIds = new WeakMap();
let nextPolicyId = 1;
const policyId = (policy) => {
  if (!policy) return 0;
  if (!policyIds.has(policy)) policyIds.set(policy, nextPolicyId++);
  return policyIds.get(policy);
};
/**
 * The engine for each host policy object: an estimator (createEstimator), which validates
 * the policy once and then reads only each call's order and request, instead of the whole
 * policy with every call; or the error that refused the policy. The bundled policy's engine
 * is the module's own functions.
 */
const engines = new WeakMap();
const BUNDLED = { estimate, refundCurve, comparePlans };
function engineOf(policy) {
  if (!policy) return { engine: BUNDLED };
  let found = engines.get(policy);
  if (!found) {
    try {
      found = { engine: createEstimator(policy) };
    } catch (error) {
      found = { error };
    }
    // (A value that is not an object is not kept: it cannot be a WeakMap key.)
    if (typeof policy === 'object') engines.set(policy, found);
  }
  return found;
}

/** The control an engine error is about, by its path; pricing mode adds the order's fields it fills. */
const FIELD_OF_PATH = { 'request.at': 'at', 'request.submittedOn': 'at', 'request.availability': 'availability', 'request.faultOn': 'faultOn' };
const PRICING_FIELD_OF_PATH = { 'order.start': 'start', 'order.paid': 'paid', 'order.paid.cash': 'paid', 'order.setupFee': 'paid' };

/** An error of the element's own (a host's mistake, a field), shaped as the engine's: `{ code, path, errors }`. */
function elementError(code, path, message) {
  return Object.assign(new Error(`${code} at ${path}: ${message}`), { code, path, errors: [{ code, path, message }] });
}

/** "Leave after N months" as used: a whole number from 1 to 60 (0 → 1); null when empty or absent. */
function monthsOf(text) {
  if (text === null || text === '') return null;
  return Math.min(Math.max(Math.round(Number(text)) || 1, 1), 60);
}

/** Attributes, and the control each sets. */
const CONTROL_OF_ATTRIBUTE = { plan: 'plan', start: 'start', at: 'at', reason: 'reason', availability: 'availability', 'fault-on': 'faultOn', 'payment-method': 'method' };

/**
 * The module, loaded once for every element: `failed` is the last attempt's error, and each
 * element waiting is told when an attempt ends.
 */
const loader = { promise: null, failed: null, waiting: new Set() };
function loadModule(then) {
  loader.waiting.add(then);
  // init() with no argument: slim.js finds the module next to itself, also where Vite's dev
  // server pre-bundles the package away from it.
  loader.promise ??= init().then(
    () => { loader.failed = null; },
    (error) => { loader.failed = error; },
  ).finally(() => {
    loader.promise = null; // after a failure, a later attempt loads again
    const waiting = [...loader.waiting];
    loader.waiting.clear();
    for (const done of waiting) done();
  });
}

// Where there is no DOM (a server rendering the page), the module defines nothing.
const Base = globalThis.HTMLElement ?? class {};

export class RefundEstimatorElement extends Base {
  static observedAttributes = ['mode', 'locale', 'plans', 'order', 'months', ...Object.keys(CONTROL_OF_ATTRIBUTE)];

  #policy = null; // set by the host page; null: the bundled policy
  #bundled = null;
  #order = null;
  #orderAttribute = { text: null, value: null, error: null };
  #ui = null;
  #built = ''; // what the tree was built for: mode, locale, plans
  #scheduled = false;
  #result = null;
  #atFollowsToday = false;
  #dayWatch = null; // the interval that looks for a new day (#watchTheDay)
  #refocus = null; // the id of the control that had the focus before a rebuild
  #curve = { key: null, data: null };
  #chart = null; // what the curve draws, and where the chosen day is
  #announce = 0;
  #resize = globalThis.ResizeObserver ? new ResizeObserver((entries) => {
    for (const { target, contentRect } of entries) {
      if (target === this) this.#ui?.root.classList.toggle('narrow', contentRect.width < 560);
      else this.#drawCurve();
    }
  }) : null;

  /** The refund policy (default: the bundled sample policy, once the module has loaded). */
  get policy() {
    if (this.#policy) return this.#policy;
    if (!this.#bundled && isReady()) this.#bundled = defaultPolicy();
    return this.#bundled;
  }
  set policy(value) {
    this.#policy = value ?? null;
    this.#schedule();
  }

  /**
   * Account mode: the customer's order ({plan, start, paid, usage, paymentMethod, …}); null
   * when there is none, or when the `order` attribute is not JSON (the element shows why).
   */
  get order() {
    try {
      return this.#readOrder();
    } catch {
      return null;
    }
  }

  /** The order, from the property or the attribute; throws when the attribute is not JSON. */
  #readOrder() {
    if (this.#order) return this.#order;
    const text = this.getAttribute('order');
    if (!text) return null;
    const cached = this.#orderAttribute;
    if (cached.text !== text) {
      cached.text = text;
      try {
        cached.value = JSON.parse(text);
        cached.error = null;
      } catch (error) {
        cached.value = null;
        cached.error = elementError('invalid_json', 'order', `the order attribute is not JSON: ${error.message}`);
      }
    }
    if (cached.error) throw cached.error;
    return cached.value;
  }
  set order(value) {
    // A string is the order as JSON, as the attribute takes it (a framework may pass either).
    if (typeof value === 'string') {
      this.#order = null;
      this.setAttribute('order', value);
    } else {
      this.#order = value ?? null;
    }
    this.#schedule();
  }

  /** The estimate shown (kept, marked as not updated, while a field is wrong), or null. */
  get result() { return this.#result; }

  // A property for every attribute (frameworks such as React 19 set properties when the
  // element has them): each reads and writes its attribute; null removes it.
  get mode() { return this.getAttribute('mode'); }
  set mode(value) { this.#reflect('mode', value); }
  get locale() { return this.getAttribute('locale'); }
  set locale(value) { this.#reflect('locale', value); }
  /** Comma-separated plan ids (an array is joined). */
  get plans() { return this.getAttribute('plans'); }
  set plans(value) { this.#reflect('plans', Array.isArray(value) ? value.join(',') : value); }
  get plan() { return this.getAttribute('plan'); }
  set plan(value) { this.#reflect('plan', value); }
  get start() { return this.getAttribute('start'); }
  set start(value) { this.#reflect('start', value); }
  get at() { return this.getAttribute('at'); }
  set at(value) { this.#reflect('at', value); }
  get reason() { return this.getAttribute('reason'); }
  set reason(value) { this.#reflect('reason', value); }
  get availability() { return this.getAttribute('availability'); }
  set availability(value) { this.#reflect('availability', value); }
  /** The `fault-on` attribute. */
  get faultOn() { return this.getAttribute('fault-on'); }
  set faultOn(value) { this.#reflect('fault-on', value); }
  /** The `payment-method` attribute. */
  get paymentMethod() { return this.getAttribute('payment-method'); }
  set paymentMethod(value) { this.#reflect('payment-method', value); }
  get months() { return this.getAttribute('months'); }
  set months(value) { this.#reflect('months', value); }

  #reflect(name, value) {
    if (value === null || value === undefined) this.removeAttribute(name);
    else this.setAttribute(name, String(value));
  }

  connectedCallback() {
    // A page may set `order` or `policy` before this module loads; those own properties
    // would shadow the accessors: re-apply them through the accessors.
    for (const prop of ['policy', 'order', 'mode', 'locale', 'plans', 'plan', 'start', 'at', 'reason', 'availability', 'faultOn', 'paymentMethod', 'months']) {
      if (Object.hasOwn(this, prop)) {
        const value = this[prop];
        delete this[prop];
        this[prop] = value;
      }
    }
    this.#build();
    this.#resize?.observe(this);
    if (this.#ui) this.#resize?.observe(this.#ui.curve);
    this.#watchTheDay();
    // The first estimate comes after connection and a microtask, so a listener added right
    // after the element was inserted (a framework's effect) hears it.
    this.#schedule();
  }

  disconnectedCallback() {
    this.#resize?.disconnect();
    clearTimeout(this.#announce);
    clearInterval(this.#dayWatch);
    this.#dayWatch = null;
    document.removeEventListener('visibilitychange', this.#onVisible);
  }

  /**
   * An account page left open: while the date follows the provider's today, a new day (seen
   * once a minute, or when the page is shown again) moves it and updates the estimate.
   */
  #watchTheDay() {
    this.#dayWatch ??= setInterval(() => this.#followToday(), 60_000);
    document.addEventListener('visibilitychange', this.#onVisible);
  }

  #onVisible = () => {
    if (document.visibilityState === 'visible') this.#followToday();
  };

  #followToday() {
    if (this.#ui && this.#atFollowsToday && this.#ui.controls.at.value !== this.#today()) this.#schedule();
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#ui || old === value) return;
    if (name === 'mode' || name === 'locale') {
      this.#schedule(true);
      return;
    }
    if (name === 'plans') {
      this.#schedule();
      return;
    }
    if (name === 'order') {
      this.#schedule();
      return;
    }
    if (name === 'months') {
      // "Or leave after N months" is the comparison's field, not a form control.
      if (this.#ui?.months && value !== null) {
        this.#ui.months.value = value;
        this.#leaveAfterMonths();
      }
      this.#schedule();
      return;
    }
    // A chosen day stops following today; removing it (account mode) follows today again.
    if (name === 'at') this.#atFollowsToday = value === null && this.#mode === 'account';
    const control = this.#control(CONTROL_OF_ATTRIBUTE[name]);
    if (control && value !== null) {
      control.value = name === 'at' || name === 'start' || name === 'fault-on' ? value.slice(0, 10) : value;
    }
    this.#schedule();
  }

  get #mode() { return this.getAttribute('mode') === 'account' ? 'account' : 'pricing'; }
  get #locale() { return localeOf(this.getAttribute('locale')); }
  get #t() { return TEXTS[this.#locale]; }

  /** The plans offered: the `plans` attribute (comma-separated ids) or all of the policy's. */
  get #offered() {
    const policy = this.policy;
    const attribute = this.getAttribute('plans');
    const cached = this.#offeredCache;
    if (cached.policy === policy && cached.attribute === attribute) return cached.plans;
    const all = plansOf(policy);
    const ids = attribute?.split(',').map((s) => s.trim()).filter(Boolean);
    this.#offeredCache = { policy, attribute, plans: ids ? all.filter((p) => ids.includes(p.id)) : all };
    return this.#offeredCache.plans;
  }

  #offeredCache = { policy: undefined, attribute: undefined, plans: [] };
  #engine = BUNDLED; // the policy's: estimate, refundCurve, comparePlans
  #plansShown = { key: null, wanted: null }; // what the plan field offers, and the plan to choose in it

  /**
   * The plan field's options: the plans offered, by name. The plan chosen stays if it is
   * still offered; else the `plan` attribute's (a plan the policy lacks is then said beside
   * the field, nothing chosen), else the first.
   */
  #fillPlans() {
    const select = this.#ui.controls.plan;
    const policy = this.policy;
    if (!select || !policy) return;
    const plans = this.#offered;
    const key = `${policyId(policy)}|${this.getAttribute('plans')}`;
    const shown = this.#plansShown;
    if (shown.key === key) return;
    const offered = (id) => plans.some((p) => p.id === id);
    const current = shown.key === null ? shown.wanted : select.value;
    const wanted = offered(current) ? current : this.getAttribute('plan') ?? plans[0]?.id ?? '';
    select.replaceChildren(...plans.map((p) => new Option(nameIn(p.name, this.#locale, p.id), p.id, false, p.id === wanted)));
    if (!offered(wanted)) {
      select.prepend(new Option('—', '', true, true));
      select.options[0].disabled = true;
    }
    select.disabled = false;
    this.#plansShown = { key, wanted };
  }

  #control(name) { return name && this.#ui?.controls[name]; }

  /**
   * An update: `rebuild` (a new mode or locale) builds the tree again first.
   * Changes from the host are gathered in one microtask; the visitor's input updates at once.
   */
  #schedule(rebuild = false) {
    if (rebuild) this.#built = '';
    if (this.#scheduled || !this.isConnected) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.isConnected) this.#update();
    });
  }

  /** What the tree depends on, besides the visitor's input. */
  #buildKey() {
    return [this.#mode, this.#locale].join('|');
  }

  #build() {
    if (!this.isConnected) return;
    const key = this.#buildKey();
    if (this.#ui && this.#built === key) return;
    this.#built = key;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const t = this.#t;
    const pricing = this.#mode === 'pricing';
    const old = this.#ui;
    // A rebuild (a new locale or mode) keeps what the visitor already chose, and the focus.
    const kept = {};
    if (old) for (const [name, control] of Object.entries(old.controls)) kept[name] = control.type === 'checkbox' ? control.checked : control.value;
    const attr = (name, fallback) => {
      if (kept[name] !== undefined) return kept[name];
      const attribute = Object.keys(CONTROL_OF_ATTRIBUTE).find((a) => CONTROL_OF_ATTRIBUTE[a] === name);
      return (attribute && this.getAttribute(attribute)) ?? fallback;
    };
    const focused = root.activeElement;
    const refocus = focused?.id;

    const controls = {};
    const fields = {};
    const uid = (name) => `re-${name}`;
    // A control with its label, and beside it a line for notes (the day in words) and one for its error.
    const field = (name, label, control, { note = false, check = false, hidden = false } = {}) => {
      control.id = uid(name);
      control.name = name;
      controls[name] = control;
      const error = el('span', { id: `${uid(name)}-error`, className: 'field-error', hidden: true });
      error.part = 'field-error';
      const noteLine = note ? el('span', { id: `${uid(name)}-note`, className: 'note' }) : null;
      control.setAttribute('aria-describedby', [noteLine?.id, error.id].filter(Boolean).join(' '));
      const labelNode = el('label', { htmlFor: control.id, textContent: label });
      const box = el('div', { className: check ? 'field check' : 'field', hidden }, check ? [control, labelNode, error] : [labelNode, control, ...(noteLine ? [noteLine] : []), error]);
      fields[name] = { box, error, note: noteLine };
      return box;
    };
    const select = (options, value) => {
      const node = el('select');
      for (const [v, text] of options) node.append(new Option(text, v, false, v === value));
      return node;
    };
    const date = (value, extra = {}) => el('input', { type: 'date', value: String(value ?? '').slice(0, 10), min: '1900-01-01', max: '9999-12-31', ...extra });

    // Plans: the policy's names, once it is known (the bundled one comes with the module).
    // The plans' options come with the policy (the bundled one with the module): #fillPlans.
    const planSelect = el('select');
    planSelect.append(new Option(t.loadingPlans, '', true, true));
    planSelect.disabled = true;
    this.#plansShown = { key: null, wanted: kept.plan ?? this.getAttribute('plan') };
    const reasons = Object.entries(t.reasons).filter(([r]) => !pricing || PROSPECT_REASONS.includes(r));
    const form = el('form', {}, [
      ...(pricing ? [
        field('plan', t.plan, planSelect),
        field('start', t.start, date(attr('start', localToday())), { note: true }),
      ] : []),
      field('at', t.at, date(attr('at', '')), { note: true }),
      field('reason', t.reason, select(reasons, attr('reason', 'business_change'))),
      // Shown for a fault (the reason), for a claim window and for promotions (the policy's).
      field('availability', t.availability, el('input', { type: 'number', min: 0, max: 100, step: 'any', value: attr('availability', '99') }), { hidden: attr('reason', 'business_change') !== 'provider_fault' }),
      // For a policy with an SLA claim window: the estimate says by when to claim.
      field('faultOn', t.faultOn, date(attr('faultOn', '')), { hidden: true }),
      ...(pricing ? [
        field('method', t.method, select(Object.entries(t.methods), attr('method', 'card')), { note: true }),
        field('promotion', t.promotion, el('input', { type: 'checkbox', checked: kept.promotion === true }), { check: true, hidden: true }),
        field('paid', t.promoPaid, el('input', { type: 'text', inputMode: 'decimal', autocomplete: 'off', value: attr('paid', '') }), { hidden: true }),
      ] : []),
    ]);
    form.part = 'controls';
    if (pricing) setText(fields.method.note, t.methodHint);
    form.addEventListener('submit', (e) => e.preventDefault());
    form.addEventListener('input', (event) => this.#onInput(event.target));
    // A pricing page without a cancellation date: leaving after `months` (default 3) months,
    // on the last day of the last one.
    if (pricing && !controls.at.value) {
      const months = monthsOf(this.getAttribute('months')) ?? 3;
      controls.at.value = addDays(addMonths(controls.start.value || localToday(), months), -1);
    }
    // Account mode without a chosen date: the field follows the provider's today, even on a
    // page left open past midnight. Kept across a rebuild; a chosen date or `at` ends it.
    this.#atFollowsToday = !pricing && (old ? this.#atFollowsToday : !this.hasAttribute('at'));

    // Each date field's day in words from the first paint on (see #update).
    for (const name of ['start', 'at']) {
      const day = controls[name]?.value ?? '';
      if (fields[name]?.note && isDay(day)) setText(fields[name].note, formatDay(day, this.#locale, true));
    }
    const ui = { form, controls, fields, pricing };
    const h = (text) => el('h3', { textContent: text });
    ui.placeholder = el('div', { className: 'placeholder', role: 'status', textContent: t.loading });
    ui.placeholder.part = 'placeholder';
    ui.retry = el('button', { type: 'button', textContent: t.retry, hidden: true });
    ui.retry.addEventListener('click', () => this.#load(true));
    ui.problemText = el('span');
    ui.problem = el('p', { className: 'problem', role: 'alert', hidden: true }, [ui.problemText, ui.retry]);
    ui.problem.part = 'error';

    ui.order = el('p', { className: 'muted order', hidden: true });
    ui.order.part = 'order';
    ui.stale = el('p', { className: 'stale-note', role: 'status', textContent: t.stale, hidden: true });
    ui.stale.part = 'stale';
    ui.refund = el('strong', { id: 'refund' });
    ui.ofPaid = el('span', { id: 'of-paid' });
    ui.outcome = el('span', { id: 'outcome', className: 'tag' });
    ui.context = el('p', { id: 'context', className: 'context muted' });
    ui.term = el('p', { id: 'term', className: 'context', hidden: true });
    ui.credit = el('p', { id: 'credit', className: 'credit-line' });
    ui.withinDay = el('p', { id: 'within-day', className: 'within-day' });
    ui.owed = el('p', { id: 'owed', className: 'owed', hidden: true });
    ui.warnings = el('ul', { id: 'warnings', className: 'warnings' });
    const headline = el('div', {}, [el('p', { className: 'headline' }, [ui.refund, ' ', ui.ofPaid, ' ', ui.outcome]), ui.context, ui.term, ui.credit, ui.withinDay, ui.owed, ui.warnings]);
    headline.part = 'headline';

    // The comparison (pricing): which plan costs least, for the same cancellation date.
    ui.compareTitle = el('h3', { id: 'compare-title' });
    ui.months = el('input', { type: 'number', min: 1, max: 60, step: 1, name: 'months', value: old?.months?.value ?? this.getAttribute('months') ?? '' });
    ui.months.setAttribute('aria-label', t.leaveAfterLabel);
    ui.months.setAttribute('aria-describedby', 'months-note');
    ui.months.addEventListener('input', () => this.#leaveAfterMonths(true));
    // What was used is written back once the field is left (0 → 1, 75 → 60).
    ui.months.addEventListener('change', () => {
      const used = this.#months();
      if (used !== null) ui.months.value = String(used);
    });
    ui.monthsNote = el('span', { id: 'months-note', className: 'note', hidden: true });
    ui.plansTable = el('tbody', { id: 'plans' });
    ui.compare = el('section', { hidden: true }, [
      el('div', { className: 'compare-head' }, [ui.compareTitle, el('span', { className: 'stay' }, [`${t.leaveAfter} `, ui.months, ` ${t.months}`]), ui.monthsNote]),
      el('table', { className: 'plans' }, [
        el('thead', {}, [el('tr', {}, [t.plan, t.paidInAll, t.backOnLeaving, t.net, t.perMonth].map((text, i) => el('th', { textContent: text, className: i > 0 ? 'amount' : '', scope: 'col' })))]),
        ui.plansTable,
      ]),
    ]);
    ui.compare.part = 'compare';
    ui.compare.setAttribute('aria-labelledby', 'compare-title');

    // The curve is a slider over the days of the term: pointing reads a day, a click or the
    // arrow keys choose it as the cancellation date.
    ui.curve = document.createElementNS(SVG, 'svg');
    ui.curve.id = 'curve';
    ui.curve.setAttribute('part', 'chart');
    for (const [k, v] of [['role', 'slider'], ['tabindex', '0'], ['aria-label', t.curve], ['aria-describedby', 'curve-hint'], ['aria-valuemin', '0'], ['aria-valuemax', '0'], ['aria-valuenow', '0']]) ui.curve.setAttribute(k, v);
    ui.curve.addEventListener('pointermove', (e) => this.#showDay(this.#pointAt(e)));
    ui.curve.addEventListener('pointerleave', () => this.#showDay(null));
    ui.curve.addEventListener('click', (e) => this.#chooseDay(this.#pointAt(e)));
    ui.curve.addEventListener('keydown', (e) => this.#onCurveKey(e));
    ui.readout = el('p', { id: 'readout', className: 'readout' });
    // A touch screen has no pointing without choosing, nor arrow keys.
    ui.hint = el('p', { id: 'curve-hint', className: 'hint muted', textContent: matchMedia('(pointer: coarse)').matches ? t.tapHint : t.curveHint });
    ui.best = el('p', { id: 'best' });
    ui.breakpoints = el('ul', { id: 'breakpoints', className: 'muted' });
    ui.curveBox = el('div', {}, [h(t.curve), ui.curve, ui.readout, ui.hint, ui.best, ui.breakpoints]);
    ui.curveBox.part = 'curve';

    ui.lines = el('tbody', { id: 'lines' });
    ui.total = el('tr', { id: 'total' }, [el('th', { scope: 'row' }), el('td', { className: 'amount' }), el('td')]);
    ui.credits = el('tbody', { id: 'credits' });
    ui.creditsBox = el('div', { id: 'credits-box' }, [h(t.credits), el('table', { className: 'lines' }, [ui.credits])]);
    ui.breakdown = el('div', {}, [h(t.breakdown), el('table', { className: 'lines' }, [ui.lines, el('tfoot', {}, [ui.total])]), ui.creditsBox]);
    ui.breakdown.part = 'breakdown';
    ui.summary = el('p', { id: 'summary' });
    ui.destinationsList = el('ul', { id: 'destinations' });
    ui.destinations = el('div', {}, [h(t.destinations), ui.summary, ui.destinationsList]);
    ui.destinations.part = 'destinations';
    // The procedure folds away on a pricing page, and is open for a customer.
    ui.documentsTitle = el('summary');
    ui.documentsList = el('ul', { id: 'documents' });
    ui.documents = el('details', { open: !pricing }, [ui.documentsTitle, ui.documentsList]);
    ui.documents.part = 'documents';
    ui.stepsList = el('ol', { id: 'steps' });
    ui.steps = el('details', { open: !pricing }, [el('summary', { textContent: t.steps }), ui.stepsList]);
    ui.steps.part = 'steps';
    for (const details of [ui.documents, ui.steps]) details.addEventListener('toggle', () => this.#fillFolded());
    ui.policy = el('p', { id: 'policy', className: 'muted' });
    ui.policy.part = 'policy';

    // The figure and what qualifies it; on a pricing page the comparison right under it;
    // then the curve, so that choosing a day on it changes little above it; then the details.
    ui.figures = el('div', { className: 'figures' }, [headline, ui.compare, ui.curveBox, ui.breakdown, ui.destinations, ui.documents, ui.steps, ui.policy]);
    ui.result = el('section', { hidden: true }, [ui.stale, ui.figures]);
    ui.result.part = 'result';
    // Only the settled figure is announced, not every step of the slider.
    ui.live = el('p', { className: 'visually-hidden' });
    ui.live.setAttribute('aria-live', 'polite');
    // `lang`: Chinese text in Chinese glyphs, whatever the host page's language.
    // (The narrow layout is the ResizeObserver's to set, before the first paint: measuring
    // here would lay the page out while it is still being parsed.)
    ui.root = el('div', { className: old?.root.classList.contains('narrow') ? 'narrow' : '', lang: this.#locale }, [ui.order, form, ui.placeholder, ui.problem, ui.result, ui.live]);
    ui.root.part = 'root';
    const style = adoptStyles(root);
    root.replaceChildren(...(style ? [style] : []), ui.root);
    this.#ui = ui;
    // A `months` attribute of 0 or 61 is used as 1 or 60, and the element says so.
    if (pricing && this.hasAttribute('months')) this.#noteMonthsUsed();
    this.#chart = null;
    this.#curve = { key: null, data: null };
    this.#resize?.disconnect();
    this.#resize?.observe(this);
    this.#resize?.observe(ui.curve);
    // (Once the new tree shows what it has: a hidden control takes no focus.)
    this.#refocus = refocus ?? null;
  }

  /** Today in the policy's zone (the provider's day, which the engine's dates are in). */
  #today(now = Date.now()) { return dayIn(now, this.policy?.timezone); }

  /** The visitor's input: each control's value. */
  #values() {
    const c = this.#ui.controls;
    const value = (name) => c[name]?.value ?? '';
    return {
      plan: value('plan'), start: value('start'), at: value('at'), reason: value('reason'),
      availability: value('availability'), faultOn: value('faultOn'), method: value('method'),
      promotion: c.promotion?.checked ?? false, paid: value('paid').trim(),
    };
  }

  #onInput(target) {
    if (target.name === 'at') this.#atFollowsToday = false;
    this.#update();
  }

  /** The months field, as compared: a whole number from 1 to 60; null when empty. */
  #months() {
    return monthsOf(this.#ui.months.value);
  }

  /** Says beside the months field when the number typed or given is not the one used (0 → 1). */
  #noteMonthsUsed() {
    const ui = this.#ui;
    const months = this.#months();
    const clamped = months !== null && Number(ui.months.value) !== months;
    show(ui.monthsNote, clamped);
    if (clamped) setText(ui.monthsNote, this.#t.monthsClamped(months));
    return months;
  }

  /** "Or leave after N months" sets the cancellation date to the last day of the N-th month. */
  #leaveAfterMonths(fromVisitor = false) {
    const ui = this.#ui;
    const months = this.#noteMonthsUsed();
    const start = ui.controls.start?.value;
    if (months === null || !isDay(start ?? '')) return;
    ui.controls.at.value = addDays(addMonths(start, months), -1);
    this.#atFollowsToday = false;
    if (fromVisitor) this.#update();
  }

  /** The order the estimate is of: the host's (account) or the visitor's what-if (pricing). */
  #orderOf(v) {
    if (this.#mode === 'account') return this.#readOrder();
    const plan = this.#offered.find((p) => p.id === v.plan);
    // Without `paid`, the engine charges the list price (tax and setup fee included); a
    // visitor's usage is taken as within the plan's allowance.
    // A plan kept past its term renews, as the comparison assumes: the estimate is of the term
    // in progress at the end of the chosen day (a renewal: no setup fee, no cooling-off).
    const term = termInProgress(plan, v.start, v.at);
    const order = {
      plan: v.plan, start: term.start, paymentMethod: v.method,
      usage: Object.fromEntries((Array.isArray(plan?.meters) ? plan.meters : []).map((m) => [m?.id, '0'])),
    };
    if (term.number > 1) order.renewal = true;
    else if (v.promotion && promotionRule(this.policy, plan) !== 'standard') {
      order.promotion = true;
      if (v.paid !== '') order.paid = { cash: v.paid };
    }
    return order;
  }

  /**
   * The estimate input for the chosen day. A day is the whole day, not its midnight: the
   * figure is that of cancelling at its end (the next midnight in the policy's zone; with
   * the engine's rules a started day counts whole, so that is the day's figure all day
   * long), and the request is submitted that day. On an account page today is now.
   */
  #inputOf(v, order, now) {
    const request = { at: addDays(v.at, 1), submittedOn: v.at, reason: v.reason, locale: this.#locale };
    if (v.reason === 'provider_fault' && v.availability !== '') request.availability = v.availability;
    // Sent only when shown (a claim window): a hidden field must not refuse the estimate.
    if (!this.#ui.fields.faultOn.box.hidden && v.faultOn !== '') request.faultOn = v.faultOn;
    let atNow = this.#mode === 'account' && v.at === this.#today(now);
    if (atNow) {
      request.at = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z'); // whole seconds
      delete request.submittedOn;
      // An order that starts later today (not a renewal, which may be cancelled before): its start.
      const start = Date.parse(order?.start);
      if (order?.renewal !== true && String(order?.start).length > 10 && start > now) {
        request.at = order.start;
        atNow = false;
      }
    }
    return { input: { order, request }, atNow };
  }

  /** A problem with what the host gave (policy, plans, order), before any estimate: `{kind, error}`. */
  #hostProblem() {
    const { engine, error: refused } = engineOf(this.#policy);
    if (refused) {
      // The engine's paths are in the policy ("plans"): said as in an input ("policy.plans").
      const first = refused.errors?.[0] ?? refused;
      const path = first.path ? `policy.${first.path}` : 'policy';
      const error = Object.assign(new Error(`${first.code} at ${path}: ${first.message}`), { code: first.code, path, errors: refused.errors });
      return { kind: 'policy', error };
    }
    this.#engine = engine;
    if (this.#mode === 'pricing' && this.#offered.length === 0) {
      const names = this.getAttribute('plans') ?? '';
      const message = names ? `the plans attribute names no plan of the policy: "${names}"` : 'the policy has no plan';
      return { kind: 'plan', error: elementError('unknown_plan', 'plans', message) };
    }
    if (this.#mode === 'account') {
      try {
        this.#readOrder();
      } catch (error) {
        return { kind: 'order', error };
      }
    }
    return null;
  }

  /** The visitor's mistake the element sees itself (an empty date, an unknown plan): `{field, message, error}`. */
  #fieldProblem(v) {
    const t = this.#t;
    const problem = (field, message, code, detail) => ({ field, message, error: elementError(code, field, detail) });
    if (this.#mode === 'pricing') {
      if (!this.#offered.some((p) => p.id === v.plan)) {
        const wanted = this.getAttribute('plan');
        return problem('plan', t.errors.plan, 'unknown_plan', `the plan attribute names no plan offered: "${wanted}"`);
      }
      if (v.start === '') return problem('start', t.errors.empty, 'invalid_type', 'expected a date');
    }
    if (v.at === '') return problem('at', t.errors.empty, 'invalid_type', 'expected a date');
    return null;
  }

  /** The field an engine error is about, and what the visitor can do, in their language. */
  #fieldOfError(error, v) {
    const t = this.#t;
    const field = FIELD_OF_PATH[error.path] ?? (this.#mode === 'pricing' ? PRICING_FIELD_OF_PATH[error.path] : undefined);
    if (!field) return null;
    const year = (day) => Number(day.slice(0, 4));
    const inYears = (day) => year(day) >= 1900 && year(day) <= 9999;
    let message = t.errors.date;
    if (field === 'availability') message = t.errors.availability;
    else if (field === 'faultOn') message = error.code === 'invalid_date' ? t.errors.date : t.errors.faultOn;
    else if (field === 'paid') {
      const plan = this.#offered.find((p) => p.id === v.plan);
      message = error.path === 'order.setupFee' ? t.errors.setupFee(typeof plan?.setupFee === 'string' ? money(plan.setupFee, this.policy.currency, this.#locale) : '') : t.errors.amount;
    } else if (error.code === 'cancel_before_start') message = t.errors.beforeStart;
    else if (error.code === 'invalid_type') message = t.errors.empty;
    else if (error.code === 'invalid_date' || error.code === 'out_of_range') {
      const day = field === 'start' ? v.start : v.at;
      // A valid day the engine refuses: outside its years, or (a purchase) a term that would end after them.
      message = field === 'start' && inYears(day) ? t.errors.termEnd : t.errors.years;
    }
    return { field, message, error };
  }

  /** Loads the module (once for all elements), then shows the estimate, or what went wrong. */
  #load(retry = false) {
    const ui = this.#ui;
    if (loader.failed && !retry) {
      this.#showProblem('load', loader.failed);
      return;
    }
    show(ui.problem, false);
    show(ui.placeholder, true);
    loadModule(() => this.#schedule());
  }

  /** Everything shown follows the controls, the attributes and the host's data. */
  #update({ quiet = false } = {}) {
    if (!this.isConnected) return;
    this.#build();
    const ui = this.#ui;
    if (!isReady()) {
      this.#load();
      return;
    }
    show(ui.placeholder, false);
    const host = this.#hostProblem();
    if (host) {
      this.#showProblem(host.kind, host.error);
      return;
    }
    this.#fillPlans();
    const v = this.#values();
    const now = Date.now();
    if (this.#atFollowsToday) {
      const today = this.#today(now);
      if (ui.controls.at.value !== today) ui.controls.at.value = today;
      v.at = today;
    }
    let order;
    try {
      order = this.#orderOf(v);
    } catch (error) {
      this.#showProblem('order', error);
      return;
    }
    // An account page often sets the order after loading it: wait quietly until then.
    if (!order) {
      this.#result = null;
      this.#clearProblems();
      show(ui.result, false);
      show(ui.order, false);
      return;
    }
    const plan = plansOf(this.policy).find((p) => p.id === order.plan);
    show(ui.fields.availability.box, v.reason === 'provider_fault');
    show(ui.fields.faultOn.box, v.reason === 'provider_fault' && hasClaimWindow(this.policy, plan));
    if (ui.pricing) {
      const promotion = promotionRule(this.policy, plan) !== 'standard';
      show(ui.fields.promotion.box, promotion);
      show(ui.fields.paid.box, promotion && v.promotion && promotionRule(this.policy, plan) === 'clawback');
    }
    // No cancellation before the purchase, except for a renewal paid ahead. (Set only when it
    // changes: setting it resets the browser's typing in the field.)
    const min = ui.pricing ? (isDay(v.start) ? v.start : '1900-01-01')
      : order.renewal === true || typeof order.start !== 'string' ? '1900-01-01' : dayAt(order.start, this.policy.timezone);
    if (ui.controls.at.min !== min) ui.controls.at.min = min;

    // Each date field says its day in the element's language (the field itself is the
    // browser's), whether or not the estimate takes it.
    for (const name of ['start', 'at']) {
      const note = ui.fields[name]?.note;
      if (note) setText(note, isDay(v[name]) ? formatDay(v[name], this.#locale, true) : '');
    }
    const fieldProblem = this.#fieldProblem(v);
    if (fieldProblem) {
      this.#showFieldProblem(fieldProblem);
      return;
    }
    const { input, atNow } = this.#inputOf(v, order, now);
    let e;
    try {
      e = this.#engine.estimate(input);
    } catch (error) {
      if (!quiet) this.#onEngineError(error, v);
      return;
    }
    // The curve does not depend on the day chosen: computed when anything else changes, and
    // then after the figure is painted (undefined until then).
    const curve = this.#curveOf(order, v);
    // Plans billed after use cost what is used, not how long one stays: not compared.
    const comparable = ui.pricing ? this.#offered.filter((p) => p.billing !== 'postpaid').map((p) => p.id) : [];
    let comparison = null;
    if (comparable.length > 0) {
      try {
        // Leaving at the end of the chosen day: whole months when it is a month's last day
        // (the cost per month is then exact), else days.
        const [months, days] = monthsAndDays(v.start, addDays(v.at, 1));
        const after = days === 0 && months > 0 ? { months } : { days: Math.max(daysBetween(v.start, addDays(v.at, 1)), 1) };
        comparison = this.#engine.comparePlans(
          { start: v.start, paymentMethod: v.method, reason: v.reason, locale: this.#locale },
          { after, plans: comparable },
        );
      } catch (error) {
        if (!quiet) this.#onEngineError(error, v);
        return;
      }
    }
    this.#clearProblems();
    this.#result = e;
    show(ui.result, true);
    this.#showEstimate(e, input, v, plan, curve, atNow, now);
    if (comparison) this.#showComparison(comparison, v);
    show(ui.compare, Boolean(comparison));
    if (!comparison) show(ui.term, false);
    if (this.#refocus) {
      // (A control still hidden, the curve being computed, takes it on the next pass.)
      this.shadowRoot.getElementById(this.#refocus)?.focus();
      if (this.shadowRoot.activeElement?.id === this.#refocus || this.#curve.key !== null) this.#refocus = null;
    }
    // (The input as estimate() takes it: with the host's policy, if any.)
    if (!quiet) this.dispatchEvent(new CustomEvent('refund-estimate', { detail: { input: this.#policy ? { policy: this.#policy, ...input } : input, estimate: e }, bubbles: true, composed: true }));
  }

  /** An engine error: the visitor's (a field: keep the last estimate) or the host's. */
  #onEngineError(error, v) {
    if (!error?.code) {
      this.#showProblem('other', error); // not the engine's refusal: a bug, shown as one
      return;
    }
    const field = this.#fieldOfError(error, v);
    if (field) this.#showFieldProblem(field);
    else this.#showProblem(/^policy(\.|$)/.test(error.path) ? 'policy' : error.code === 'unknown_plan' ? 'plan' : /^order(\.|$)/.test(error.path) ? 'order' : 'other', error);
  }

  #clearProblems() {
    const ui = this.#ui;
    if (!ui.problemsShown) return; // (the usual case: nothing to clear, nothing touched)
    ui.problemsShown = false;
    for (const [name, { box, error }] of Object.entries(ui.fields)) {
      if (box.classList.contains('invalid')) {
        box.classList.remove('invalid');
        ui.controls[name].removeAttribute('aria-invalid');
      }
      show(error, false);
    }
    show(ui.problem, false);
    show(ui.stale, false);
    ui.result.classList.remove('stale');
  }

  /** A visitor's mistake: the field marked, its message beside it; the last estimate stays, marked as not updated. */
  #showFieldProblem({ field, message, error }) {
    const ui = this.#ui;
    this.#clearProblems();
    const { box, error: line } = ui.fields[field];
    ui.problemsShown = true;
    box.classList.add('invalid');
    ui.controls[field].setAttribute('aria-invalid', 'true');
    setText(line, message);
    show(line, true);
    const kept = this.#result !== null && !ui.result.hidden;
    show(ui.stale, kept);
    ui.result.classList.toggle('stale', kept);
    this.dispatchEvent(new CustomEvent('refund-estimate-error', { detail: { error }, bubbles: true, composed: true }));
  }

  /**
   * The host's mistake (its policy, plans or order), or a module that did not load: a short
   * message in the visitor's language, nothing estimated; the engine's error to the console
   * and to `error` and `refund-estimate-error` events.
   */
  #showProblem(kind, error) {
    const ui = this.#ui;
    const t = this.#t;
    this.#clearProblems();
    this.#result = null;
    show(ui.result, false);
    show(ui.order, false);
    show(ui.placeholder, false);
    ui.problemsShown = true;
    setText(ui.problemText, kind === 'load' ? t.loadFailed : t.errors[kind] ?? t.errors.other);
    show(ui.retry, kind === 'load');
    show(ui.problem, true);
    console.error(`<refund-estimator>: ${error?.message ?? error}`, error);
    this.dispatchEvent(new ErrorEvent('error', { error, message: String(error?.message ?? error) }));
    this.dispatchEvent(new CustomEvent('refund-estimate-error', { detail: { error }, bubbles: true, composed: true }));
  }

  /** Shows an estimate and what goes with it; only the nodes whose text changes are touched. */
  #showEstimate(e, input, v, plan, curve, atNow, now) {
    const ui = this.#ui;
    const t = this.#t;
    const locale = this.#locale;
    const m = (amount) => money(amount, e.currency, locale);
    const order = input.order;
    const owing = !isZero(e.owed);
    const paid = e.lines.find((l) => l.code === 'paid')?.amount;

    if (!ui.pricing) setText(ui.order, `${t.yourOrder}${t.colon}${nameIn(plan?.name, locale, order.plan)} · ${formatDay(dayAt(order.start, this.policy.timezone), locale)}`);
    show(ui.order, !ui.pricing);

    // The headline in context: what comes back of what was paid, when, and what to prepare.
    setText(ui.refund, m(e.refund));
    setText(ui.ofPaid, paid ? t.backOf(m(paid)) : '');
    setText(ui.outcome, t.outcome[e.outcome] ?? '');
    const context = [];
    // (The timeline's range is the cash's; a credit's own range, when the engine gives one, is below.)
    if (!isZero(e.refund) && e.timeline.earliest) context.push(t.arrives(formatRange(e.timeline.earliest, e.timeline.latest, locale)));
    // A plan kept to the end of its term: the day the service stops, in the policy's zone.
    if (e.serviceEnds) context.push(t.serviceEnds(formatDay(dayAt(e.serviceEnds, this.policy.timezone), locale)));
    if (e.documents.length > 0) context.push(t.toPrepare(e.documents.length));
    setText(ui.context, context.join(t.sep));
    show(ui.context, context.length > 0);
    // Credits (an SLA's) beside the refund, with their own arrival when the engine gives it.
    const credits = e.credits ?? [];
    const creditTotal = credits.reduce((sum, c) => sum + Math.round(Number(c.amount) * 10 ** 6), 0);
    if (credits.length > 0) {
      const digits = credits[0].amount.split('.')[1]?.length ?? 0;
      const total = (creditTotal / 10 ** 6).toFixed(digits);
      const parts = [t.credit(m(credits.length === 1 ? credits[0].amount : total), credits.every((c) => c.code === 'sla_credit'))];
      const c = e.timeline.credit;
      if (c?.earliest) parts.push(t.arrives(formatRange(c.earliest, c.latest, locale)));
      setText(ui.credit, parts.join(t.sep));
    }
    show(ui.credit, credits.length > 0);
    show(ui.owed, owing);
    setText(ui.owed, `${t.owed}${t.colon}${m(e.owed)}`);
    setItems(ui.warnings, e.warnings, () => el('li'), (li, w) => setText(li, w.message));

    // The breakdown: lines that move money, the ones at zero folded into one quiet line.
    const shown = e.lines.filter((l) => l.code === 'paid' || !isZero(l.amount));
    const zero = e.lines.filter((l) => l.code !== 'paid' && isZero(l.amount));
    const rows = shown.map((l) => ({ label: l.label, amount: m(l.amount), detail: l.detail, quiet: false }));
    if (zero.length) rows.push({ label: t.notCharged, amount: m(zero[0].amount), detail: zero.map((l) => l.label).join(t.sep), quiet: true });
    const row = () => el('tr', {}, [el('td'), el('td', { className: 'amount' }), el('td', { className: 'muted detail' })]);
    const fillRow = (tr, r) => {
      setText(tr.cells[0], r.label);
      setText(tr.cells[1], r.amount);
      setText(tr.cells[2], r.detail);
      tr.classList.toggle('quiet', r.quiet);
    };
    setItems(ui.lines, rows, row, fillRow);
    // The lines add up to the headline: the refund, or what is owed to leave.
    setText(ui.total.cells[0], owing ? t.owed : t.refund);
    setText(ui.total.cells[1], m(owing ? e.owed : e.refund));
    setItems(ui.credits, credits.map((l) => ({ label: l.label, amount: m(l.amount), detail: l.detail, quiet: false })), row, fillRow);
    show(ui.creditsBox, credits.length > 0);

    const li = () => el('li');
    setText(ui.summary, e.timeline.summary);
    setItems(ui.destinationsList, e.destinations, li, (node, d) => setText(node, `${d.label}${t.colon}${m(d.amount)}`));
    show(ui.destinations, e.destinations.length > 0); // nothing paid out: no heading
    setText(ui.documentsTitle, t.documents(e.documents.length));
    // A folded list is filled when it is unfolded (its texts change with every day).
    this.#lists = { documents: e.documents, steps: e.steps };
    this.#fillFolded();
    show(ui.documents, e.documents.length > 0);
    show(ui.steps, e.steps.length > 0);
    // The policy by its name and date, not its internal id.
    const policy = this.policy;
    const policyName = nameIn(e.policy?.name, locale, '') || nameIn(policy?.name, locale, '');
    const version = typeof policy?.version === 'string' && isDay(policy.version) ? formatDay(policy.version, locale) : '';
    setText(ui.policy, policyName ? t.policy(policyName, version) : '');
    show(ui.policy, policyName !== '');

    // The curve: the chosen day, or now, marked; what changes within the day said.
    const chosenText = owing
      ? t.toPay(atNow ? null : formatDay(v.at, locale), m(e.owed))
      : t.back(atNow ? null : formatDay(v.at, locale), m(e.refund));
    this.#showCurve(curve, { day: v.at, atNow, now: atNow ? { time: Date.parse(input.request.at), net: owing ? -Number(e.owed) : Number(e.refund) } : null, chosenText, paid, e, nowMs: now, order });
    this.#say(`${m(owing ? e.owed : e.refund)} ${owing ? t.owed : t.outcome[e.outcome] ?? ''}`);
  }

  #lists = { documents: [], steps: [] };

  /** The documents and the steps, into those of their <details> that are open. */
  #fillFolded() {
    const ui = this.#ui;
    const t = this.#t;
    const li = () => el('li');
    if (ui.documents.open) setItems(ui.documentsList, this.#lists.documents, li, (node, d) => setText(node, `${d.label} — ${d.detail}`));
    if (ui.steps.open) setItems(ui.stepsList, this.#lists.steps, li, (node, s) => setText(node, `${s.label}${t.colon}${s.detail}`));
  }

  /** Announces the settled figure once the visitor stops changing things. */
  #say(text) {
    clearTimeout(this.#announce);
    this.#announce = setTimeout(() => setText(this.#ui.live, text), 700);
  }

  /** The comparison of the plans offered, for the cancellation date chosen. */
  #showComparison(comparison, v) {
    const ui = this.#ui;
    const t = this.#t;
    const locale = this.#locale;
    const m = (amount) => money(amount, comparison.currency, locale);
    const [months, days] = monthsAndDays(v.start, addDays(v.at, 1));
    setText(ui.compareTitle, t.compare(formatDay(v.at, locale), t.stay(months, days)));
    // The months field shows the whole months of the stay, except while the visitor types in it.
    if (this.shadowRoot.activeElement !== ui.months && ui.months.value !== String(Math.max(months, 1)) && months >= 1) ui.months.value = String(months);
    // The chosen plan kept past its term: the estimate above is of its term in progress.
    const chosen = comparison.rows.find((row) => row.plan === v.plan);
    const renewed = chosen && chosen.terms > 1 && this.#result?.lines;
    if (renewed) {
      const start = termInProgress(this.#offered.find((p) => p.id === v.plan), v.start, v.at).start;
      setText(ui.term, t.renews(chosen.terms, formatDay(v.at, locale), formatDay(start, locale), m(chosen.totalPaid)));
    }
    show(ui.term, Boolean(renewed));
    const lowest = comparison.rows[0]?.netCost;
    const cell = (label) => {
      const td = el('td', { className: 'amount' });
      td.dataset.label = label;
      return td;
    };
    setItems(ui.plansTable, comparison.rows, () => el('tr', {}, [
      el('td', {}, [el('span'), el('span', { className: 'tag' }), el('span', { className: 'tag' })]),
      cell(t.paidInAll), cell(t.backOnLeaving), cell(t.net), cell(t.perMonth),
    ]), (tr, row) => {
      // The engine's sentence, which says the same, as the row's tooltip.
      if (tr.title !== row.label) tr.title = row.label;
      const [name, cheapest, chosen] = tr.cells[0].children;
      setText(name, row.name);
      setText(cheapest, t.cheapest);
      show(cheapest, row.netCost === lowest);
      setText(chosen, t.chosenPlan);
      show(chosen, row.plan === v.plan);
      tr.classList.toggle('chosen-plan', row.plan === v.plan);
      setText(tr.cells[1], m(row.totalPaid));
      setText(tr.cells[2], isZero(row.owed) ? m(row.refund) : `-${m(row.owed)}`);
      setText(tr.cells[3], m(row.netCost));
      setText(tr.cells[4], m(row.netCostPerMonth));
    });
  }

  /**
   * The curve of this order over its term (break points and best moment as refundCurve gives
   * them), with its days: a day's figure is the point at the midnight that ends it, the
   * instants a date field holds. Computed again only when its key changes (not the day).
   * `{ points, days: [{index, day}], breakpoints, best, currency, start }`, or null when the
   * engine refuses it (the estimate then says why, or stands without a chart).
   */
  #curveOf(order, v) {
    const renewalFrom = order.renewal === true && isDay(v.at) ? v.at : '';
    const request = { at: order.start, reason: v.reason, locale: this.#locale };
    if (v.reason === 'provider_fault' && v.availability !== '') request.availability = v.availability;
    if (!this.#ui.fields.faultOn.box.hidden && v.faultOn !== '') request.faultOn = v.faultOn;
    const input = { order, request };
    const key = JSON.stringify([policyId(this.#policy), order, request]);
    const cached = this.#curve;
    // A renewal seen before its start is drawn from the chosen day: an earlier day draws again.
    if (cached.key === key && !(cached.data?.renewal && renewalFrom && renewalFrom < cached.data.firstDay)) return cached.data;
    if (!this.#curveNow) {
      this.#deferCurve();
      return undefined;
    }
    let data = null;
    try {
      const engine = this.#engine;
      let whole = engine.refundCurve(input, {});
      const first = whole.points[0]?.at;
      const renewal = order.renewal === true;
      const ahead = renewal && first && renewalFrom && renewalFrom < dayOf(first);
      if (ahead) whole = engine.refundCurve(input, { from: renewalFrom });
      let points = whole.points;
      if (points.length && !points.every((p) => isMidnight(p.at))) {
        // An order that starts at another time of day: its days from its first midnight on,
        // drawn from its start.
        const midnight = addDays(dayOf(points[0].at), 1);
        try {
          points = [points[0], ...engine.refundCurve(input, { from: midnight }).points];
        } catch (error) {
          if (!error.path?.startsWith('options.')) throw error;
          points = points.filter((p, i) => i === 0 || isMidnight(p.at)); // a term that ends before its first midnight
        }
      }
      const startMs = Date.parse(whole.points[0]?.at ?? '');
      const days = [];
      points.forEach((p, index) => {
        // The midnight ending a day after the purchase (for a renewal seen ahead, any day).
        if (isMidnight(p.at) && (ahead || Date.parse(p.at) > startMs)) days.push({ index, day: addDays(dayOf(p.at), -1) });
      });
      data = { points, days, dayIndex: new Map(days.map((d, k) => [d.day, k])), breakpoints: whole.breakpoints, best: whole.best, currency: whole.currency, renewal, firstDay: points[0] ? dayOf(points[0].at) : '', startAt: first };
    } catch (error) {
      if (!error?.code) throw error; // not the engine's refusal: a bug
    }
    this.#curve = { key, data };
    this.#chart = null;
    return data;
  }

  /**
   * The curve's computation, after the figure it goes with is painted (a curve of a long
   * term takes milliseconds; the figure is what the visitor waits for): the next frame's
   * task updates again, the curve then computed.
   */
  #deferCurve() {
    if (this.#curveJob) return;
    this.#curveJob = true;
    requestAnimationFrame(() => setTimeout(() => {
      this.#curveJob = false;
      this.#curveNow = true;
      try {
        this.#update({ quiet: true });
      } finally {
        this.#curveNow = false;
      }
    }, 0));
  }

  #curveJob = false;
  #curveNow = false;

  /** Shows the curve (drawn again only when it changed), the chosen day on it, and its sentences. */
  #showCurve(curve, chosen) {
    const ui = this.#ui;
    const t = this.#t;
    const locale = this.#locale;
    if (curve === undefined) {
      // Being computed: the chart drawn stays a frame longer, or none is shown yet.
      show(ui.curveBox, Boolean(this.#chart));
      show(ui.withinDay, false);
      if (this.#chart) this.#chart.chosenText = chosen.chosenText;
      return;
    }
    show(ui.curveBox, Boolean(curve));
    if (!curve) {
      this.#chart = null;
      setText(ui.withinDay, '');
      show(ui.withinDay, false);
      return;
    }
    const m = (amount) => money(amount, curve.currency, locale);
    const net = (refund, owed, full) => (isZero(owed) ? (full ? t.netFull : t.netBack(m(refund))) : t.netPay(m(owed)));
    // A rule that changes within the chosen day (after now, today): said with its time.
    const k = curve.dayIndex.get(chosen.day) ?? -1;
    const end = k >= 0 ? curve.points[curve.days[k].index] : null;
    const dayEnd = end ? Date.parse(end.at) : Infinity;
    const from = chosen.atNow ? chosen.now.time : -Infinity;
    const within = curve.breakpoints.filter((b) => dayOf(b.at) === chosen.day && !isMidnight(b.at) && Date.parse(b.at) > from && Date.parse(b.at) < dayEnd);
    // After the last change, the day's own figure (its end's).
    const sentences = within.map((b, i) => {
      const next = within[i + 1];
      const after = next ? net(next.before, next.owedBefore) : end ? net(end.refund, end.owed) : net(b.after, b.owedAfter);
      return t.untilThen(net(b.before, b.owedBefore, b.before === chosen.paid && isZero(b.owedBefore)), timeOf(b.at), chosen.atNow ? null : formatDay(chosen.day, locale), after);
    });
    setText(ui.withinDay, sentences.join(' '));
    show(ui.withinDay, sentences.length > 0);

    // The best moment, in words read one way: the last full day, or the exact time; not
    // advised on an account page once it has passed.
    const best = curve.best;
    const passed = this.#mode === 'account' && Boolean(best) && Date.parse(best.at) <= chosen.nowMs;
    // (Written again only for a new curve, or when the best moment passes.)
    if (this.#curveTexts.curve !== curve || this.#curveTexts.passed !== passed) {
      this.#curveTexts = { curve, passed };
      this.#writeCurveTexts(curve, passed, m, net);
    }

    if (this.#chart?.curve !== curve) {

      this.#chart = { curve, money: m };
      this.#drawCurve();
    }
    const chart = this.#chart;
    chart.chosen = chosen.day;
    chart.now = chosen.now;
    chart.chosenText = chosen.chosenText;
    chart.k = k;
    this.#placeMarker();
  }

  #curveTexts = { curve: null, passed: false };

  /** The best moment and the break points listed under the curve. */
  #writeCurveTexts(curve, passed, m, net) {
    const ui = this.#ui;
    const t = this.#t;
    const locale = this.#locale;
    const best = curve.best;
    let bestText = '';
    if (best && !passed) {
      if (isZero(best.refund)) bestText = t.bestNone;
      else if (Date.parse(best.at) === Date.parse(curve.startAt)) bestText = t.bestSooner(m(best.refund));
      else if (isMidnight(best.at)) bestText = t.bestByEndOf(formatDay(addDays(dayOf(best.at), -1), locale), m(best.refund));
      else bestText = t.bestBefore(timeOf(best.at), formatDay(dayOf(best.at), locale), m(best.refund));
    }
    setText(ui.best, bestText);
    show(ui.best, bestText !== '');
    setItems(ui.breakpoints, curve.breakpoints, () => el('li'), (li, b) => {
      const when = isMidnight(b.at) ? t.whenEndOf(formatDay(addDays(dayOf(b.at), -1), locale)) : t.whenAt(timeOf(b.at), formatDay(dayOf(b.at), locale));
      setText(li, t.breakLine(b.label, when, net(b.before, b.owedBefore), net(b.after, b.owedAfter)));
    });
  }

  /**
   * Draws the net refund (refund, or minus what is owed) over the term at the SVG's own pixel
   * size (crisp text, round dots): the amounts at the top and at zero, the first and last
   * days, the break points; then the chosen day's marker.
   */
  #drawCurve() {
    const chart = this.#chart;
    const svg = this.#ui?.curve;
    if (!chart || !svg) return;
    const { curve, money: m } = chart;
    const points = curve.points;
    chart.geometry = null;
    const empty = curve.days.length === 0;
    for (const node of [svg, this.#ui.readout, this.#ui.hint]) node.toggleAttribute('hidden', empty);
    if (empty) return;
    const width = Math.max(Math.round(svg.getBoundingClientRect().width) || 600, 160);
    const height = 180;
    const [left, right, top, bottom] = [8, width - 8, 24, height - 24];
    const nets = points.map((p) => (isZero(p.owed) ? p.refund : `-${p.owed}`));
    const values = nets.map(Number);
    const times = points.map((p) => Date.parse(p.at));
    const [t0, t1] = [times[0], times[times.length - 1]];
    let hiIndex = 0;
    let loIndex = 0;
    values.forEach((value, i) => {
      if (value > values[hiIndex]) hiIndex = i;
      if (value < values[loIndex]) loIndex = i;
    });
    const hi = Math.max(values[hiIndex], 0);
    const lo = Math.min(values[loIndex], 0);
    const x = (time) => left + ((time - t0) / Math.max(t1 - t0, 1)) * (right - left);
    const y = (value) => bottom - ((value - lo) / Math.max(hi - lo, 1e-9)) * (bottom - top);
    chart.geometry = { left, right, top, bottom, times, nets, values, x, y };

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
      shapes.push(shape('text', { class: 'axis', x: left + 2, y: y(value) - 5 }, amount.startsWith('-') ? `-${m(amount.slice(1))}` : m(amount)));
    }
    // The first and last days of the slider.
    const days = curve.days;
    shapes.push(shape('text', { class: 'axis', x: left, y: height - 6 }, formatDay(days[0].day, this.#locale)));
    shapes.push(shape('text', { class: 'axis', x: right, y: height - 6, 'text-anchor': 'end' }, formatDay(days[days.length - 1].day, this.#locale)));
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
    // Break points before the first point drawn are listed, not drawn. At its instant the
    // estimate is still `before` (the change comes right after): the dot is on the curve.
    for (const b of curve.breakpoints.filter((b) => Date.parse(b.at) >= t0)) {
      const before = isZero(b.owedBefore) ? b.before : `-${b.owedBefore}`;
      const dot = shape('circle', { class: 'break', cx: x(Date.parse(b.at)), cy: y(Number(before)), r: 4 });
      dot.append(shape('title', {}, b.label));
      shapes.push(dot);
    }
    chart.marker = shape('line', { class: 'marker', y1: top - 8, y2: bottom, x1: 0, x2: 0 });
    chart.dot = shape('circle', { class: 'chosen', r: 4, cx: 0, cy: 0 });
    const guide = shape('g', { class: 'guide', visibility: 'hidden' });
    guide.append(shape('line', { y1: top - 8, y2: bottom, x1: 0, x2: 0 }), shape('circle', { r: 4, cx: 0, cy: 0 }));
    chart.guide = guide;
    shapes.push(chart.marker, chart.dot, guide);
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('aria-valuemax', String(days.length - 1));
    svg.replaceChildren(...shapes);
    this.#placeMarker();
  }

  /** Moves the marker to the chosen day (or now), and sets the slider's value and readout. */
  #placeMarker() {
    const chart = this.#chart;
    const svg = this.#ui?.curve;
    if (!chart?.geometry || chart.chosen === undefined) return;
    const { x, y, times, values } = chart.geometry;
    const days = chart.curve.days;
    const [t0, t1] = [times[0], times[times.length - 1]];
    // The chosen day, when the curve has it; now (on an account page), where it is.
    const point = chart.k >= 0 ? days[chart.k].index : -1;
    const visible = point >= 0 || Boolean(chart.now);
    for (const node of [chart.marker, chart.dot]) node.setAttribute('visibility', visible ? 'visible' : 'hidden');
    if (visible) {
      const [cx, cy] = chart.now ? [x(Math.min(Math.max(chart.now.time, t0), t1)), y(chart.now.net)] : [x(times[point]), y(values[point])];
      for (const k of ['x1', 'x2']) chart.marker.setAttribute(k, cx.toFixed(1));
      chart.dot.setAttribute('cx', cx.toFixed(1));
      chart.dot.setAttribute('cy', cy.toFixed(1));
    }
    // A slider always has a value: outside the term, the nearest end (its text says the day).
    const last = days.length - 1;
    const valueNow = chart.k >= 0 ? chart.k : chart.chosen < days[0].day ? 0 : last;
    svg.setAttribute('aria-valuenow', String(valueNow));
    svg.setAttribute('aria-valuetext', chart.chosenText);
    this.#showDay(null);
  }

  /** "Cancel on 20 May 2026: CN¥43,145.72 back" for the day at `k`. */
  #describe(k) {
    const { curve, money: m, geometry } = this.#chart;
    const t = this.#t;
    const { index, day } = curve.days[k];
    const net = geometry.nets[index];
    const text = formatDay(day, this.#locale);
    return net.startsWith('-') ? t.toPay(text, m(net.slice(1))) : t.back(text, m(net));
  }

  /** Shows the day at `k` under the pointer; null: back to the chosen day. */
  #showDay(k) {
    const chart = this.#chart;
    if (!chart?.geometry) return;
    const { x, y, times, values } = chart.geometry;
    if (k === null) {
      chart.guide.setAttribute('visibility', 'hidden');
      setText(this.#ui.readout, chart.chosenText ?? '');
      return;
    }
    const index = chart.curve.days[k].index;
    const [line, dot] = chart.guide.children;
    for (const attr of ['x1', 'x2']) line.setAttribute(attr, x(times[index]).toFixed(1));
    dot.setAttribute('cx', x(times[index]).toFixed(1));
    dot.setAttribute('cy', y(values[index]).toFixed(1));
    chart.guide.setAttribute('visibility', 'visible');
    setText(this.#ui.readout, this.#describe(k));
  }

  /** The day (its position in `days`) nearest the pointer, in time. */
  #pointAt(event) {
    const geometry = this.#chart?.geometry;
    if (!geometry) return null;
    const { left, right, times } = geometry;
    const days = this.#chart.curve.days;
    const box = this.#ui.curve.getBoundingClientRect();
    const width = Number(this.#ui.curve.viewBox.baseVal.width) || box.width;
    const px = ((event.clientX - box.left) / Math.max(box.width, 1)) * width;
    const share = Math.min(Math.max((px - left) / Math.max(right - left, 1), 0), 1);
    const time = times[0] + share * (times[times.length - 1] - times[0]);
    // Binary search for the first day at or after `time`, then the nearer neighbour.
    const at = (k) => times[days[k].index];
    let [lo, hi] = [0, days.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at(mid) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && time - at(lo - 1) < at(lo) - time ? lo - 1 : lo;
  }

  /** Makes the day at `k` the cancellation date. */
  #chooseDay(k) {
    if (k === null || !this.#chart?.geometry) return;
    // What is above the curve (the amount owed, warnings) may change height: scroll by as
    // much, so that the curve stays under the pointer.
    const top = () => this.#ui.curve.getBoundingClientRect().top;
    const before = top();
    this.#ui.controls.at.value = this.#chart.curve.days[k].day;
    this.#atFollowsToday = false;
    this.#update();
    // Measured before the next paint (where the layout is done anyway, not once more now);
    // scrolled at once (a page's smooth scrolling would slide the curve back), in the box
    // that scrolls the element, which may not be the page.
    requestAnimationFrame(() => {
      const moved = top() - before;
      if (Math.abs(moved) >= 0.5) scrollerOf(this).scrollBy({ top: moved, behavior: 'instant' });
    });
  }

  /**
   * The slider's keys: arrows a day, Page Up/Down 30 days, Home/End the term's ends. From a
   * chosen day outside the term, a key towards it goes to its nearest end; away, nothing.
   */
  #onCurveKey(event) {
    const chart = this.#chart;
    if (!chart?.geometry) return;
    const days = chart.curve.days;
    const last = days.length - 1;
    const step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 30, PageDown: -30 }[event.key];
    let next;
    if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = last;
    else if (step === undefined) return;
    else if (chart.k >= 0) next = Math.min(Math.max(chart.k + step, 0), last);
    else if (chart.chosen < days[0].day) next = step > 0 ? 0 : null;
    else next = step < 0 ? last : null;
    event.preventDefault();
    this.#chooseDay(next);
  }
}

if (globalThis.customElements && !customElements.get('refund-estimator')) customElements.define('refund-estimator', RefundEstimatorElement);
