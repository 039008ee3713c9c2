// The demo page: every change of the form re-estimates in the browser. Data is rendered as
// text (textContent), never as HTML.
import { estimate, refundCurve, comparePlans, defaultPolicy } from '../index.js';

const form = document.querySelector('#whatif');
const $ = (selector) => document.querySelector(selector);
const policy = defaultPolicy();

for (const plan of policy.plans) {
  const option = new Option(plan.name.en, plan.id);
  option.dataset.zh = plan.name['zh-CN'] ?? plan.name.en;
  option.dataset.en = plan.name.en;
  form.plan.add(option);
}
form.plan.value = 'annual-100m';

function list(selector, items, render) {
  const el = $(selector);
  el.replaceChildren(...items.map((item) => {
    const li = document.createElement('li');
    render(li, item);
    return li;
  }));
}

const SVG = 'http://www.w3.org/2000/svg';

/** The refund over the whole term as an SVG polyline, with a dot at each break point. */
function drawCurve(curve) {
  const svg = $('#curve');
  const times = curve.points.map((p) => Date.parse(p.at));
  const [t0, t1] = [times[0], times[times.length - 1]];
  const top = Math.max(...curve.points.map((p) => Number(p.refund)), 1);
  const x = (t) => ((t - t0) / Math.max(t1 - t0, 1)) * 590 + 5;
  const y = (refund) => 150 - (Number(refund) / top) * 140;
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', curve.points.map((p, i) => `${x(times[i]).toFixed(1)},${y(p.refund).toFixed(1)}`).join(' '));
  const dots = curve.breakpoints.map((b) => {
    const dot = document.createElementNS(SVG, 'circle');
    dot.setAttribute('cx', x(Date.parse(b.at)).toFixed(1));
    dot.setAttribute('cy', y(b.after).toFixed(1));
    dot.setAttribute('r', '4');
    const title = document.createElementNS(SVG, 'title');
    title.textContent = b.label;
    dot.append(title);
    return dot;
  });
  svg.replaceChildren(line, ...dots);
  svg.setAttribute('aria-label', curve.best.label);
}

function update() {
  const locale = form.locale.value;
  const plan = policy.plans.find((p) => p.id === form.plan.value);
  document.documentElement.lang = locale;
  for (const el of document.querySelectorAll('[data-en]')) el.textContent = locale === 'zh-CN' ? el.dataset.zh : el.dataset.en;
  try {
    const input = {
      order: {
        plan: plan.id,
        start: form.start.value,
        paid: { cash: (Number(plan.price) + Number(plan.setupFee ?? 0)).toFixed(2) },
        paymentMethod: form.paymentMethod.value,
      },
      request: { at: form.at.value, reason: form.reason.value, locale },
    };
    const e = estimate(input);
    $('#error').textContent = '';
    $('#result').hidden = false;
    $('#refund').textContent = `${e.currency} ${e.refund}`;
    $('#outcome').textContent = e.outcome;
    $('#summary').textContent = e.timeline.summary;
    const rows = e.lines.map((line) => {
      const tr = document.createElement('tr');
      for (const text of [line.label, line.amount, line.detail]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    });
    $('#lines tbody').replaceChildren(...rows);
    list('#destinations', e.destinations, (li, d) => { li.textContent = `${d.label}: ${d.amount}`; });
    list('#documents', e.documents, (li, d) => { li.textContent = `${d.label} — ${d.detail}`; });
    list('#steps', e.steps, (li, s) => { li.textContent = `${s.label}: ${s.detail}`; });
    list('#warnings', e.warnings, (li, w) => { li.textContent = w.message; });

    // The same order cancelled on any day of its term: one call, computed inside the engine.
    const curve = refundCurve(input, {});
    drawCurve(curve);
    $('#best').textContent = curve.best.label;
    list('#breakpoints', curve.breakpoints, (li, b) => { li.textContent = `${b.label}: ${b.before} → ${b.after}`; });

    // For a visitor who has not bought: the plans of the chosen bandwidth (the sample
    // policy's ids end in it), leaving after N months.
    const bandwidth = plan.id.split('-').pop();
    const comparison = comparePlans(
      { start: form.start.value, paymentMethod: form.paymentMethod.value, reason: form.reason.value, locale },
      {
        after: { months: Number(form.months.value) || 1 },
        plans: policy.plans.filter((p) => p.id.endsWith(`-${bandwidth}`)).map((p) => p.id),
      },
    );
    const planRows = comparison.rows.map((row) => {
      const tr = document.createElement('tr');
      for (const text of [row.name, row.netCost, row.netCostPerMonth, row.label]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    });
    $('#plans tbody').replaceChildren(...planRows);
  } catch (error) {
    $('#result').hidden = true;
    $('#error').textContent = `${error.code ?? 'error'} at ${error.path ?? '?'}: ${error.message}`;
  }
}

// The months field lives outside the form (form="whatif"): listen on the document.
document.addEventListener('input', update);
update();
