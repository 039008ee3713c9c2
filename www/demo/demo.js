// The demo page: every change of the form re-estimates in the browser. Data is rendered as
// text (textContent), never as HTML.
import { estimate, defaultPolicy } from '../index.js';

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

function update() {
  const locale = form.locale.value;
  const plan = policy.plans.find((p) => p.id === form.plan.value);
  document.documentElement.lang = locale;
  for (const el of document.querySelectorAll('[data-en]')) el.textContent = locale === 'zh-CN' ? el.dataset.zh : el.dataset.en;
  try {
    const e = estimate({
      order: {
        plan: plan.id,
        start: form.start.value,
        paid: { cash: (Number(plan.price) + Number(plan.setupFee ?? 0)).toFixed(2) },
        paymentMethod: form.paymentMethod.value,
      },
      request: { at: form.at.value, reason: form.reason.value, locale },
    });
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
  } catch (error) {
    $('#result').hidden = true;
    $('#error').textContent = `${error.code ?? 'error'} at ${error.path ?? '?'}: ${error.message}`;
  }
}

form.addEventListener('input', update);
update();
