// The demo pages in headless Chromium: the <refund-estimator> element on a pricing page (a
// visitor's what-ifs) and on an account page (a customer's live preview). The issue-by-issue
// checks of what people meet are in demo-issue13.test.js, accessibility in demo-a11y.test.js,
// loading and embedding in demo-loading.test.js.
//
// A day in a date field is the whole day: its figure is that of cancelling at its end (the
// next midnight at the policy's +08:00), which under the bundled policy (a started day counts
// whole) is the figure all day long. Hand notes give each figure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, waitForText, waitForEstimate, textOf, inElement, PHONE, DESKTOP } from './demo-helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('pricing page: a visitor tries what-ifs, sees the comparison and the curve', async () => {
  const { page, errors, context } = await open(env, '');
  // annual-100m bought 15 Jan, cancelled on 20 May (at its end, 21 May 00:00), no `paid`: the
  // list price 69,360 + 800 setup. 126 of 365 days: 69,360 × 126/365 = 23,943.45 consumed; 5%
  // of the remaining 45,416.55 = 2,270.83; 70,160 − 23,943.45 − 2,270.83 − 800 = 43,145.72.
  assert.equal(await textOf(page, '#refund'), 'CN¥43,145.72');
  assert.equal(await textOf(page, '#outcome'), 'Partial refund');
  // Review 5–10 business days (2 more for a business change), then 5–10 for a card refund,
  // from Wed 20 May: 10 business days is Wed 3 Jun; 22 is Mon 22 Jun (19 Jun, the Dragon Boat
  // Festival, is a holiday).
  assert.equal(await textOf(page, '#summary'), '10–22 business days: arrives between 3 Jun and 22 Jun 2026');
  assert.deepEqual(await page.locator('#destinations li').allTextContents(), ['Back to the card you paid with: CN¥43,145.72']);
  assert.deepEqual(await page.locator('#lines tr').nth(1).locator('td').allTextContents(),
    ['Service already used', '-CN¥23,943.45', 'CN¥69,360.00 × 126 days used ÷ 365 days in the term']);
  // A visitor's usage counts as within the allowance: no "usage not reported" warning; only
  // what the reason adds to the review.
  assert.deepEqual(await page.locator('#warnings li').allTextContents(),
    ['The review may take up to 2 business days longer: cancelling for this reason usually needs more communication with the provider. The dates above include it.']);
  // Only the plans of the `plans` attribute are offered.
  assert.deepEqual(await page.locator('select[name=plan] option').evaluateAll((os) => os.map((o) => o.value)),
    ['monthly-100m', 'quarterly-100m', 'semiannual-100m', 'annual-100m', '3year-100m', 'postpaid-100m']);

  // The curve over the whole term (one refundCurve call): 366 daily points, from the purchase
  // (15 Jan 00:00) to the term's end (15 Jan 2027 00:00); the 365 days of the slider are those
  // they end, 15 Jan 2026 to 14 Jan 2027. The 5-day cooling-off window ends at 20 Jan 00:00,
  // the end of 19 Jan: the one break point, and the best moment.
  assert.equal((await page.locator('#curve polyline').getAttribute('points')).split(' ').length, 366);
  assert.deepEqual(await page.locator('#curve text').allTextContents(), ['CN¥0.00', 'CN¥70,160.00', '15 Jan 2026', '14 Jan 2027']);
  // A slider over the 365 days, at the chosen one (day 125: 20 May).
  const slider = await page.locator('#curve').evaluate((svg) => Object.fromEntries(['role', 'aria-valuemin', 'aria-valuemax', 'aria-valuenow', 'aria-valuetext'].map((k) => [k, svg.getAttribute(k)])));
  assert.deepEqual(slider, { role: 'slider', 'aria-valuemin': '0', 'aria-valuemax': '364', 'aria-valuenow': '125', 'aria-valuetext': 'Cancel on 20 May 2026: CN¥43,145.72 back' });
  assert.equal(await textOf(page, '#readout'), 'Cancel on 20 May 2026: CN¥43,145.72 back');
  assert.equal(await textOf(page, '#best'), 'Cancel by the end of 19 Jan 2026 to get the most back: CN¥70,160.00');
  assert.deepEqual(await page.locator('#breakpoints li').allTextContents(),
    ['The 5-day no-questions window ends at the end of 19 Jan 2026: CN¥70,160.00 back → CN¥64,808.84 back']);

  // The comparison, for the same day: leaving on 20 May (at its end, 4 months and 6 days after
  // 15 Jan) the half-year plan is cheapest: 36,720 + 800 setup paid; 36,720 × 126/181 days =
  // 25,561.99 used, 5% of the unused 11,158.01 = 557.90, 800 kept: 10,600.11 back. The annual
  // plan, the visitor's choice, gives back what the headline says. Columns: plan, paid in all,
  // back on leaving, net cost, per month; the cheapest and the chosen tagged. The postpaid plan
  // is offered in the form but not compared: nothing of it is paid up front.
  assert.equal(await textOf(page, '#compare-title'), 'Which plan costs least if you leave on 20 May 2026 (after 4 months and 6 days)?');
  const row = (n) => page.locator('#plans tr').nth(n).locator('td').evaluateAll((tds) => tds.map((td) => [...td.childNodes].filter((c) => !c.hidden).map((c) => c.textContent).join(' ')));
  assert.deepEqual(await row(0), ['Half-year dedicated line, 100 Mbps Cheapest', 'CN¥37,520.00', 'CN¥10,600.11', 'CN¥26,919.89', 'CN¥6,502.97']);
  assert.deepEqual(await row(1), ['Annual dedicated line, 100 Mbps Your choice', 'CN¥70,160.00', 'CN¥43,145.72', 'CN¥27,014.28', 'CN¥6,525.77']);
  // The monthly plan kept 126 days is 5 terms: 7,600 (setup included) + 4 × 6,800 = 34,800;
  // the 5th, from 15 May, cancelled after 6 of its 31 days: 6,800 × 6/31 = 1,316.13 used, 5%
  // of 5,483.87 = 274.19, 5,209.68 back.
  assert.deepEqual(await row(3), ['Monthly dedicated line, 100 Mbps', 'CN¥34,800.00', 'CN¥5,209.68', 'CN¥29,590.32', 'CN¥7,148.06']);
  assert.equal(await page.locator('#plans tr').count(), 5);
  // The engine's sentence, which says the same, is the row's tooltip.
  assert.equal(await page.locator('#plans tr').nth(3).getAttribute('title'),
    'Monthly dedicated line, 100 Mbps: pay CN¥7,600.00 up front (5 terms in all), get CN¥5,209.68 back when you leave; it costs CN¥29,590.32, CN¥7,148.06 a month');
  // "Or leave after 1 month" sets the date to the month's last day, 14 Feb: the monthly plan wins.
  assert.equal(await page.inputValue('input[name=months]'), '4');
  await page.fill('input[name=months]', '1');
  await waitForText(page, '#compare-title', 'Which plan costs least if you leave on 14 Feb 2026 (after 1 month)?');
  assert.equal(await page.inputValue('input[name=at]'), '2026-02-14');
  assert.deepEqual(await row(0), ['Monthly dedicated line, 100 Mbps Cheapest', 'CN¥7,600.00', 'CN¥0.00', 'CN¥7,600.00', 'CN¥7,600.00']);

  // On a phone the tables reflow: a line's explanation under its label and amount, a plan's
  // figures in a grid, each with its label.
  const layout = () => page.evaluate(() => {
    const root = document.querySelector('refund-estimator').shadowRoot;
    const style = (selector) => getComputedStyle(root.querySelector(selector));
    return {
      lines: style('table.lines tr').display,
      detail: style('table.lines td.detail').gridColumn,
      head: style('table.plans thead').display,
      label: getComputedStyle(root.querySelector('#plans td.amount'), '::before').content,
    };
  });
  assert.deepEqual(await layout(), { lines: 'table-row', detail: 'auto', head: 'table-header-group', label: 'none' });
  await page.setViewportSize({ width: 390, height: 800 });
  await page.waitForFunction(() => getComputedStyle(document.querySelector('refund-estimator').shadowRoot.querySelector('table.plans thead')).display === 'none');
  assert.deepEqual(await layout(), { lines: 'grid', detail: '1 / -1', head: 'none', label: '"Paid in all"' });
  await page.setViewportSize(DESKTOP);

  // Inside the cooling-off window everything comes back.
  await page.fill('input[name=at]', '2026-01-17');
  await waitForText(page, '#outcome', 'Full refund');
  assert.equal(await textOf(page, '#refund'), 'CN¥70,160.00');

  // The language switch re-renders every text in Chinese, figures included.
  await page.selectOption('#language', 'zh-CN');
  await waitForText(page, '#outcome', '全额退款');
  assert.equal(await textOf(page, '#refund'), '¥70,160.00');
  assert.equal(await page.textContent('label[for=re-at]'), '退订日期');
  assert.deepEqual(errors, []);
  await context.close();
});

test('account page: a live preview of this customer\'s refund, with an SLA credit for a fault', async () => {
  const { page, errors, context } = await open(env, 'account.html');
  // The customer's own order: bought 15 Jan 10:30, 1,200 GB used (within the allowance), paid
  // with Alipay; cancelled on 20 May (126 started days, as above).
  assert.equal(await textOf(page, '#refund'), 'CN¥43,145.72');
  assert.deepEqual(await page.locator('#destinations li').allTextContents(), ['Back to your Alipay account: CN¥43,145.72']);
  assert.equal(await page.locator('select[name=plan]').count(), 0, 'an account page does not choose the plan');
  assert.equal(await page.locator('section[part=compare]').isHidden(), true);

  // Provider fault: the availability field appears; 98.5% earns 25% of the 5,780 monthly fee
  // as account credit, and the handling fee is waived (45,416.55 back).
  assert.equal(await page.locator('input[name=availability]').isHidden(), true);
  await page.selectOption('select[name=reason]', 'provider_fault');
  await page.fill('input[name=availability]', '98.5');
  await waitForText(page, '#refund', 'CN¥45,416.55');
  assert.deepEqual(await page.locator('#destinations li').allTextContents(),
    ['Back to your Alipay account: CN¥45,416.55', 'SLA compensation in account credit: CN¥1,445.00']);
  assert.ok((await page.locator('#documents li').allTextContents()).some((d) => d.startsWith('Fault evidence')));

  // The host page sets a new order as a property: the preview follows, and fires an event.
  const refund = await page.evaluate(() => new Promise((resolve) => {
    const el = document.querySelector('refund-estimator');
    el.addEventListener('refund-estimate', (e) => resolve(e.detail.estimate.refund), { once: true });
    el.order = { plan: 'monthly-50m', start: '2026-05-01', paid: { cash: '4600.00' } };
  }));
  // Cancelled on 20 May, at its end: 20 of 31 days. 3,800 × 20/31 = 2,451.61 consumed; the 5%
  // fee is waived (provider fault); setup 800 kept: 4,600 − 2,451.61 − 800 = 1,348.39.
  assert.equal(refund, '1348.39');
  assert.equal(await textOf(page, '#refund'), 'CN¥1,348.39');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the element: attributes after connect, a host policy (text only, exact digits), account mode waiting for its order', async () => {
  const { page, errors, context } = await open(env, 'account.html');
  // The page's own texts follow the language switch too.
  await page.selectOption('#language', 'zh-CN');
  assert.equal(await page.textContent('h1'), '您的专线');
  await waitForText(page, '#outcome', '部分退款');

  // An attribute changed after connect re-estimates: cancelled the day after purchase,
  // inside the 5-day window, everything comes back.
  await inElement(page, (el) => el.setAttribute('at', '2026-01-16'));
  await waitForText(page, '#outcome', '全额退款');
  assert.equal(await textOf(page, '#refund'), '¥70,160.00');

  // An account element with no order yet waits: nothing shown, no error, no error event.
  const waiting = await page.evaluate(async () => {
    const el = document.createElement('refund-estimator');
    el.setAttribute('mode', 'account');
    el.id = 'second';
    let events = 0;
    el.addEventListener('refund-estimate-error', () => { events += 1; });
    el.addEventListener('error', () => { events += 1; });
    document.body.append(el);
    await new Promise((r) => setTimeout(r, 50));
    const root = el.shadowRoot;
    return { events, problem: root.querySelector('[part=error]').hidden, hidden: root.querySelector('section[part=result]').hidden, result: el.result };
  });
  assert.deepEqual(waiting, { events: 0, problem: true, hidden: true, result: null });

  // A host policy with markup in a plan name and a currency whose ISO minor unit (IDR: 2)
  // differs from CLDR's display digits (0): the name is text, the cents are kept.
  const shown = await page.evaluate(async () => {
    const el = document.querySelector('#second');
    el.setAttribute('mode', 'pricing');
    el.setAttribute('at', '2026-01-31');
    el.setAttribute('start', '2026-01-01');
    el.policy = {
      id: 'idr', version: '1', currency: 'IDR', timezone: '+07:00',
      rules: { consumed: { unit: 'day' } },
      plans: [{ id: 'p', name: '<img src=x onerror="window.__xss = 1">', term: { days: 100 }, price: '1000000.55' }],
    };
    await new Promise((r) => setTimeout(r, 50));
    const root = el.shadowRoot;
    return { option: root.querySelector('select[name=plan] option').textContent, images: root.querySelectorAll('img').length, xss: window.__xss ?? null, refund: root.querySelector('#refund').textContent };
  });
  // Cancelled on 31 Jan, at its end: 31 of 100 days used: 1,000,000.55 × 31/100 = 310,000.17.
  assert.deepEqual(shown, { option: '<img src=x onerror="window.__xss = 1">', images: 0, xss: null, refund: 'IDR\u00a0690,000.38' });
  assert.deepEqual(errors, []);
  await context.close();
});

/** The curve's readout, the cancellation date and the headline, as the visitor sees them. */
function shown(page) {
  return inElement(page, (el, root) => ({
    readout: root.querySelector('#readout').textContent,
    at: root.querySelector('input[name=at]').value,
    refund: root.querySelector('#refund').textContent,
    owed: root.querySelector('#owed').hidden ? null : root.querySelector('#owed').textContent,
  }));
}

const atIs = (page, day) => page.waitForFunction((v) => document.querySelector('refund-estimator').shadowRoot.querySelector('input[name=at]').value === v, day);

test('the curve: pointing reads a day, a click or the arrow keys choose it, and the chosen day\'s estimate is the day read', async () => {
  const { page, errors, context } = await open(env, '');
  const curve = page.locator('#curve');
  // Drawn at its own pixel size (round dots, crisp text), and again when that size changes.
  const widths = () => curve.evaluate((svg) => [svg.viewBox.baseVal.width, Math.round(svg.getBoundingClientRect().width)]);
  const [drawn, box] = await widths();
  assert.equal(drawn, box);
  await page.setViewportSize({ width: 700, height: 800 });
  await page.waitForFunction((old) => document.querySelector('refund-estimator').shadowRoot.querySelector('#curve').viewBox.baseVal.width !== old, drawn);
  const [redrawn, newBox] = await widths();
  assert.equal(redrawn, newBox);

  // Pointing at 70% of the term reads that day without choosing it; leaving goes back.
  await curve.scrollIntoViewIfNeeded();
  const { width } = await curve.boundingBox();
  await curve.hover({ position: { x: width * 0.7, y: 60 } });
  const read = (await shown(page)).readout;
  const [, day, amount] = /^Cancel on (.+): (CN¥[\d,.]+) back$/.exec(read);
  assert.notEqual(day, '20 May 2026');
  assert.equal((await shown(page)).at, '2026-05-20');
  await page.mouse.move(0, 0);
  assert.equal((await shown(page)).readout, 'Cancel on 20 May 2026: CN¥43,145.72 back');

  // A click there chooses that day: the estimate of the day equals what the curve read.
  await curve.click({ position: { x: width * 0.7, y: 60 } });
  await waitForText(page, '#refund', amount);
  assert.equal(await curve.getAttribute('aria-valuetext'), read);

  // The keys: a day later (20 May: 43,145.72; 21 May, 127 days: 69,360 × 127/365 =
  // 24,133.48, 5% of 45,226.52 = 2,261.33, 42,965.19), the ends of the term.
  await page.fill('input[name=at]', '2026-05-20');
  await waitForText(page, '#refund', 'CN¥43,145.72');
  await curve.focus();
  await page.keyboard.press('ArrowRight');
  await waitForText(page, '#refund', 'CN¥42,965.19');
  assert.deepEqual(await shown(page), { readout: 'Cancel on 21 May 2026: CN¥42,965.19 back', at: '2026-05-21', refund: 'CN¥42,965.19', owed: null });
  await page.keyboard.press('Home');
  await waitForText(page, '#outcome', 'Full refund');
  assert.deepEqual(await shown(page), { readout: 'Cancel on 15 Jan 2026: CN¥70,160.00 back', at: '2026-01-15', refund: 'CN¥70,160.00', owed: null });
  await page.keyboard.press('End');
  await atIs(page, '2027-01-14');
  // The last day of the term: at its end the whole term is used.
  assert.deepEqual(await shown(page), { readout: 'Cancel on 14 Jan 2027: CN¥0.00 back', at: '2027-01-14', refund: 'CN¥0.00', owed: null });
  // Past the term's end the plan renews (as the comparison assumes): the curve is the second
  // year's, from 15 Jan 2027. A renewal pays no setup fee and has no no-questions window: at
  // its start 69,360 less the 5% fee, 65,892.00. 1 Jun 2027 at its end is 138 days in:
  // 69,360 × 138/365 = 26,223.78 used, 5% of 43,136.22 = 2,156.81, 40,979.41 back.
  await page.fill('input[name=at]', '2027-06-01');
  await waitForText(page, '#readout', 'Cancel on 1 Jun 2027: CN¥40,979.41 back');
  assert.deepEqual(await page.locator('#curve text').allTextContents(), ['CN¥0.00', 'CN¥65,892.00', '15 Jan 2027', '14 Jan 2028']);
  assert.equal(await curve.getAttribute('aria-valuenow'), '137');

  // An account page's order does not renew: past its end, no marker; the slider stays at its
  // last day and says the chosen day's figure (the estimate's); a key away from the term does
  // nothing, the left arrow comes back to its last day.
  await page.goto(`${env.server.url}/demo/account.html`);
  await waitForEstimate(page);
  await page.fill('input[name=at]', '2027-06-01');
  await waitForText(page, '#readout', 'Cancel on 1 Jun 2027: CN¥0.00 back');
  assert.equal(await page.locator('#curve .marker').getAttribute('visibility'), 'hidden');
  assert.deepEqual([await curve.getAttribute('aria-valuenow'), await curve.getAttribute('aria-valuetext')], ['364', 'Cancel on 1 Jun 2027: CN¥0.00 back']);
  await curve.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('PageUp');
  assert.equal((await shown(page)).at, '2027-06-01');
  await page.keyboard.press('ArrowLeft');
  await atIs(page, '2027-01-14');
  await page.goto(`${env.server.url}/demo/`);
  await waitForEstimate(page);

  // In Chinese, the readout and the scale follow.
  await page.fill('input[name=at]', '2026-05-20');
  await page.selectOption('#language', 'zh-CN');
  await waitForText(page, '#readout', '2026年5月20日退订：退还 ¥43,145.72');
  assert.deepEqual(await page.locator('#curve text').allTextContents(), ['¥0.00', '¥70,160.00', '2026年1月15日', '2027年1月14日']);
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * Gives the element a policy billed by the hour, with a flat 500 fee to leave (so leaving
 * late costs money), and an order bought at 10:30 on 1 Jan, cancelled on `at`.
 */
function useHourly(page, at) {
  return page.evaluate((day) => {
    const el = document.querySelector('refund-estimator');
    el.policy = {
      id: 'hourly', version: '1', currency: 'USD', timezone: '+07:00',
      rules: { consumed: { unit: 'hour' }, fees: { earlyTermination: { kind: 'flat', amount: '500.00' } }, settlement: { negative: 'owed' } },
      plans: [{ id: 'p', name: 'Plan', term: { days: 100 }, price: '1000.00' }],
    };
    el.setAttribute('at', day);
    el.order = { plan: 'p', start: '2026-01-01T10:30:00+07:00', paid: { cash: '1000.00' } };
  }, at);
}

test('the curve of an order bought at 10:30, billed by the hour, that can end owing: every day read is the estimate of that day', async () => {
  // (The customer's clock before the purchase: the best moment is still ahead.)
  const { page, errors, context } = await open(env, 'account.html', { now: '2025-12-31T12:00:00Z' });
  // Billed by the hour, a day's figure is that of its end: 28 Feb at its end (1 Mar 00:00) is
  // 1,405.5 hours in: 1,000 × 1,405.5/2,400 = 585.625 used, 500 fee: 85.63 owed.
  await useHourly(page, '2026-02-28');
  await waitForText(page, '#readout', 'Cancel on 28 Feb 2026: nothing back, $85.63 to pay');
  assert.equal(await textOf(page, '#owed'), 'To pay to leave: $85.63');
  // Drawn from the purchase (10:30 on 1 Jan: 1,000 − 500 = 500 back) through each midnight to
  // the last (11 Apr: 2,389.5 hours in, 495.63 owed); its days are 1 Jan to 10 Apr. The best
  // moment is the purchase itself.
  assert.deepEqual(await page.locator('#curve text').allTextContents(), ['$0.00', '$500.00', '-$495.63', '1 Jan 2026', '10 Apr 2026']);
  assert.equal(await textOf(page, '#best'), 'The sooner you cancel, the more comes back: $500.00 right after the purchase.');
  // Nothing is paid out: no "where the money goes" heading over an empty list.
  assert.equal(await page.locator('h3', { hasText: 'Where the money goes' }).isHidden(), true);

  const curve = page.locator('#curve');
  await curve.focus();
  // 1 Jan at its end: 13.5 hours, 1,000 × 13.5/2,400 = 5.625 → 5.63; 494.38 back; each day 10 less.
  for (const [key, at, readout, refund, owed] of [
    ['Home', '2026-01-01', 'Cancel on 1 Jan 2026: $494.38 back', '$494.38', null],
    ['ArrowRight', '2026-01-02', 'Cancel on 2 Jan 2026: $484.38 back', '$484.38', null],
    ['PageUp', '2026-02-01', 'Cancel on 1 Feb 2026: $184.38 back', '$184.38', null],
    ['End', '2026-04-10', 'Cancel on 10 Apr 2026: nothing back, $495.63 to pay', '$0.00', 'To pay to leave: $495.63'],
  ]) {
    await page.keyboard.press(key);
    await atIs(page, at);
    assert.deepEqual(await shown(page), { readout, at, refund, owed }, key);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a fault under a policy with an SLA claim window: the day of the fault gives the deadline, a late claim loses the credit', async () => {
  const { page, errors, context } = await open(env, 'account.html');
  // The bundled policy with Tencent Cloud's window: 20 business days after the fault.
  await inElement(page, (el) => {
    const policy = structuredClone(el.policy);
    policy.rules.sla.claimWindow = { businessDays: 20 };
    el.policy = policy;
  });
  await waitForEstimate(page);
  assert.equal(await page.locator('input[name=faultOn]').isHidden(), true);
  await page.selectOption('select[name=reason]', 'provider_fault');
  await page.fill('input[name=availability]', '98.5');
  // No fault day yet: the credit, and how long the window is.
  await waitForText(page, '#warnings li', 'The SLA credit must be claimed within 20 business days after the fault; give the day of the fault to see the deadline.');
  // Fri 8 May: 20 business days later is 4 Jun (Sat 9 May is a make-up working day after
  // the Labour Day holidays); the request on 20 May is in time.
  await page.fill('input[name=faultOn]', '2026-05-08');
  await waitForText(page, '#warnings li', 'Claim the SLA credit no later than 4 Jun 2026: it must be claimed within 20 business days after the fault on 8 May 2026.');
  assert.deepEqual(await page.locator('#destinations li').allTextContents(),
    ['Back to your Alipay account: CN¥45,416.55', 'SLA compensation in account credit: CN¥1,445.00']);
  // 1 Apr: the window (across the Qingming holidays) closed before 20 May: no credit.
  await page.fill('input[name=faultOn]', '2026-04-01');
  await waitForText(page, '#warnings li', 'No SLA credit: it had to be claimed within 20 business days after the fault on 1 Apr 2026, no later than 30 Apr 2026.');
  assert.deepEqual(await page.locator('#destinations li').allTextContents(), ['Back to your Alipay account: CN¥45,416.55']);
  // The attribute sets the field too.
  await inElement(page, (el) => el.setAttribute('fault-on', '2026-05-08'));
  await waitForText(page, '#warnings li', 'Claim the SLA credit no later than 4 Jun 2026: it must be claimed within 20 business days after the fault on 8 May 2026.');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the element at the edges: a flex-row host, a term shorter than a day, no timezone, a renewal paid ahead, a century-long term, a curve too long to compute, focus across a language switch', async () => {
  const { page, errors, context } = await open(env, 'account.html');
  // In a flex row beside a sidebar, the element takes the room its content needs (no
  // containment that would shrink it to nothing).
  const width = await page.evaluate(async () => {
    const row = Object.assign(document.createElement('div'), { style: 'display: flex; gap: 16px' });
    const side = Object.assign(document.createElement('nav'), { style: 'width: 200px; flex: none', textContent: 'menu' });
    const el = document.createElement('refund-estimator');
    el.setAttribute('plan', 'annual-100m');
    el.setAttribute('start', '2026-01-15');
    el.setAttribute('at', '2026-05-20');
    row.append(side, el);
    document.body.prepend(row);
    await new Promise((r) => setTimeout(r, 50));
    const w = Math.round(el.getBoundingClientRect().width);
    row.remove();
    return w;
  });
  assert.ok(width > 600, `the element is ${width} px wide in a flex row`);

  // Sets the account element's policy, order and cancellation day; returns what it shows.
  const show = (policy, order, at) => page.evaluate(async ([policy, order, at]) => {
    const el = document.querySelector('refund-estimator');
    el.setAttribute('at', at);
    el.policy = policy;
    el.order = order;
    // The curve comes a frame after the figure.
    for (let i = 0; i < 2; i++) await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const root = el.shadowRoot;
    const svg = root.querySelector('#curve');
    return {
      refund: root.querySelector('#refund').textContent,
      problem: root.querySelector('[part=error]').hidden ? '' : root.querySelector('[part=error]').textContent,
      chart: svg.getBoundingClientRect().height > 0,
      readout: root.querySelector('#readout').textContent,
      days: svg.getAttribute('aria-valuemax'),
      first: root.querySelector('#curve text:nth-last-of-type(2)')?.textContent ?? null,
      drawn: root.querySelector('#curve polyline')?.getAttribute('points').split(' ').length ?? 0,
      width: svg.viewBox.baseVal.width,
    };
  }, [policy, order, at]);
  const plan = (term, rules = {}) => ({ id: 'e', version: '1', currency: 'USD', timezone: 'Z', rules, plans: [{ id: 'p', name: 'P', term, price: '1000.00' }] });

  // A 5-hour term started at 10:30 has no midnight to draw: no chart, the figures stand.
  let s = await show(plan({ hours: 5 }, { fees: { earlyTermination: { kind: 'flat', amount: '300.00' } } }), { plan: 'p', start: '2026-03-10T10:30:00Z', paid: { cash: '1000.00' } }, '2026-03-11');
  assert.deepEqual([s.problem, s.chart, s.refund], ['', false, '$0.00']);

  // `timezone: null` is no timezone (UTC): a day's figure is its end's (1 Mar at its end is
  // 1,429.5 hours of 2,400 used: 1000 × 970.5/2400 = 404.38); the first day is the purchase's.
  const hourly = { ...plan({ days: 100 }, { consumed: { unit: 'hour' } }), timezone: null };
  s = await show(hourly, { plan: 'p', start: '2026-01-01T10:30:00Z', paid: { cash: '1000.00' } }, '2026-03-01');
  assert.deepEqual([s.refund, s.readout, s.first], ['$404.38', 'Cancel on 1 Mar 2026: $404.38 back', '1 Jan 2026']);

  // A renewal paid ahead, looked at before it starts: drawn from the chosen day, which is on
  // the curve, with the start as a break point.
  s = await show(plan({ days: 30 }, { consumed: { unit: 'day' } }), { plan: 'p', start: '2026-06-01T09:00:00Z', paid: { cash: '1000.00' }, renewal: true }, '2026-05-20');
  assert.deepEqual([s.refund, s.readout, s.first], ['$1,000.00', 'Cancel on 20 May 2026: $1,000.00 back', '19 May 2026']);
  assert.equal(await page.locator('#curve .marker').getAttribute('visibility'), 'visible');

  // A century of days: a point a day for the slider, at most two a pixel column drawn.
  s = await show(plan({ days: 36_500 }, { consumed: { unit: 'day' } }), { plan: 'p', start: '2026-01-01', paid: { cash: '1000.00' } }, '2030-01-01');
  assert.equal(s.days, '36499');
  assert.ok(s.drawn <= 2 * s.width, `${s.drawn} points drawn on ${s.width} px`);

  // An order whose `end` is more than 40,000 days away: the engine refuses its daily
  // curve, the estimate is still shown, without a chart.
  s = await show(plan({ months: 12 }, { consumed: { unit: 'day' } }), { plan: 'p', start: '2026-01-01', end: '2200-01-01', paid: { cash: '1000.00' } }, '2026-03-01');
  assert.deepEqual([s.problem, s.chart], ['', false]);
  assert.match(s.refund, /^\$\d/);

  // The focus stays on the slider when the language changes (the element is rebuilt).
  await show(plan({ days: 30 }, { consumed: { unit: 'day' } }), { plan: 'p', start: '2026-06-01', paid: { cash: '1000.00' } }, '2026-06-10');
  await page.locator('#curve').focus();
  await page.selectOption('#language', 'zh-CN');
  // 10 Jun at its end: 10 of 30 days used.
  await waitForText(page, '#readout', '2026年6月10日退订：退还 US$666.67');
  assert.equal(await inElement(page, (el, root) => root.activeElement?.id), 'curve');
  assert.deepEqual(errors, []);
  await context.close();
});

test('account page: the order\'s date written out, SLA credits shown, no fault day without a claim window', async () => {
  const { page, errors, context } = await open(env, 'account.html');
  assert.equal(await textOf(page, '[part=order]'), 'Your order: Annual dedicated line, 100 Mbps · 15 Jan 2026');
  // Bought 15 Jan at 10:30: the first day to cancel on is that day, inside the window.
  assert.equal(await page.locator('input[name=at]').getAttribute('min'), '2026-01-15');
  await page.fill('input[name=at]', '2026-01-15');
  await waitForText(page, '#outcome', 'Full refund');
  assert.equal(await textOf(page, '#refund'), 'CN¥70,160.00');
  await page.fill('input[name=at]', '2026-05-20');

  // The SLA credit beside the refund (provider fault, 98.5%: 25% of the 5,780 monthly fee),
  // in a table like the breakdown; no table without a credit.
  assert.equal(await page.locator('#credits').isHidden(), true);
  await page.selectOption('select[name=reason]', 'provider_fault');
  // The bundled policy has no claim window: the day of the fault would change nothing.
  assert.equal(await page.locator('input[name=faultOn]').isHidden(), true);
  await page.fill('input[name=availability]', '98.5');
  await waitForText(page, '#refund', 'CN¥45,416.55');
  assert.equal(await page.locator('h3', { hasText: 'Also credited to you' }).isVisible(), true);
  assert.deepEqual(await page.locator('#credits td').allTextContents(),
    ['SLA compensation', 'CN¥1,445.00', 'Availability of 98.5% is below 99%: 25% of the monthly fee, CN¥5,780.00 × 25%']);
  await page.selectOption('#language', 'zh-CN');
  await waitForText(page, '#refund', '¥45,416.55');
  assert.equal(await page.locator('h3', { hasText: '另获赔偿' }).isVisible(), true);
  assert.equal(await textOf(page, '[part=order]'), '您的订单：年付国际专线 100M · 2026年1月15日');
  assert.deepEqual(errors, []);
  await context.close();
});

test('account page: today is now, so a policy that counts a started day counts today\'s; the marker is at now', async () => {
  // The customer's today is 20 May 2026, 14:00 in Shanghai; the page says at="2026-05-20".
  const { page, context } = await open(env, 'account.html', { timezoneId: 'Asia/Shanghai', now: '2026-05-20T14:00:00+08:00' });
  // Bought 15 Jan 10:30, now 20 May 14:00: 125 days 3.5 hours, a started day counts whole: 126.
  await waitForText(page, '#refund', 'CN¥43,145.72');
  assert.equal(await textOf(page, '#readout'), 'Cancel now: CN¥43,145.72 back');
  // The marker is between the midnights of 20 and 21 May (points 125 and 126: the purchase,
  // then each midnight from 16 Jan), at the height of now's figure, which is 21 May's.
  const [[x125], [x126, y126], markerX, dotY] = await inElement(page, (el, root) => {
    const svg = root.querySelector('#curve');
    const points = svg.querySelector('polyline').getAttribute('points').split(' ').map((p) => p.split(',').map(Number));
    return [points[125], points[126], Number(svg.querySelector('.marker').getAttribute('x1')), Number(svg.querySelector('.chosen').getAttribute('cy'))];
  });
  assert.ok(x125 < markerX && markerX < x126, `${x125} < ${markerX} < ${x126}`);
  assert.equal(dotY, y126);
  // Another day is the whole day, as on a pricing page: 21 May at its end, 127 days.
  await page.fill('input[name=at]', '2026-05-21');
  await waitForText(page, '#readout', 'Cancel on 21 May 2026: CN¥42,965.19 back');
  await page.fill('input[name=at]', '2026-05-20');
  await waitForText(page, '#readout', 'Cancel now: CN¥43,145.72 back');
  await inElement(page, (el) => el.setAttribute('locale', 'zh-CN'));
  await waitForText(page, '#readout', '现在退订：退还 ¥43,145.72');
  await context.close();
});

test('account page in other time zones: today is the provider\'s, it follows the clock past midnight; a renewal before its start; a purchase day written at another offset', async () => {
  // 23:30 on 19 May in New York is 11:30 on 20 May in Shanghai, the policy's +08:00.
  const { page, context } = await open(env, 'account.html', { timezoneId: 'America/New_York', now: '2026-05-19T23:30:00-04:00' });
  // A new element with no `at`: the date field holds the provider's today, and means now.
  await page.evaluate(() => {
    const old = document.querySelector('refund-estimator');
    const el = document.createElement('refund-estimator');
    el.setAttribute('mode', 'account');
    el.order = old.order;
    old.replaceWith(el);
  });
  await waitForText(page, '#readout', 'Cancel now: CN¥43,145.72 back');
  assert.equal(await page.inputValue('input[name=at]'), '2026-05-20');
  // A page left open: at 11:00 on 21 May in Shanghai, the field follows the day (127 days),
  // as soon as the page is shown again (or within a minute).
  await page.clock.setFixedTime(new Date('2026-05-21T11:00:00+08:00'));
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await waitForText(page, '#readout', 'Cancel now: CN¥42,965.19 back');
  assert.equal(await page.inputValue('input[name=at]'), '2026-05-21');
  // A host that sets a day and then removes it: the date follows today again.
  await inElement(page, (el) => { el.at = '2026-05-25'; });
  await page.waitForFunction(() => document.querySelector('refund-estimator').shadowRoot.querySelector('input[name=at]').value === '2026-05-25');
  await inElement(page, (el) => { el.at = null; });
  await waitForText(page, '#readout', 'Cancel now: CN¥42,965.19 back');
  assert.equal(await page.inputValue('input[name=at]'), '2026-05-21');
  // An order attribute that is not JSON: the property reads null, and the element says why.
  await inElement(page, (el) => { el.order = null; el.setAttribute('order', '{"plan": '); });
  await page.waitForFunction(() => !document.querySelector('refund-estimator').shadowRoot.querySelector('[part=error]')?.hidden);
  assert.equal(await inElement(page, (el) => el.order), null);

  // A renewal starting at 10:30 today, cancelled now at 09:00: before its start, in full; a
  // rule changes later today, and the element says so.
  await page.clock.setFixedTime(new Date('2026-06-01T09:00:00+08:00'));
  await inElement(page, (el) => {
    el.order = { plan: 'annual-100m', start: '2026-06-01T10:30:00+08:00', renewal: true, paid: { cash: '69360.00' } };
  });
  await waitForText(page, '#readout', 'Cancel now: CN¥69,360.00 back');
  assert.equal(await textOf(page, '#outcome'), 'Full refund');

  // An order whose start is written in UTC: 20:00Z on 15 Jan is 04:00 on 16 Jan in Shanghai,
  // the purchase day; that day is inside the 5-day window.
  await inElement(page, (el) => {
    el.setAttribute('at', '2026-01-16');
    el.order = { plan: 'annual-100m', start: '2026-01-15T20:00:00Z', paid: { cash: '70160.00' } };
  });
  await waitForText(page, '#outcome', 'Full refund');
  assert.equal(await page.locator('input[name=at]').getAttribute('min'), '2026-01-16');
  assert.equal(await textOf(page, '[part=order]'), 'Your order: Annual dedicated line, 100 Mbps · 16 Jan 2026');
  assert.equal(await page.locator('[part=error]').isHidden(), true);

  // A policy in New York, whose clocks go forward on 8 Mar 2026. At 00:00 EDT on 10 Mar
  // the customer's today is 10 Mar and now is its midnight: 215 of the term's 719 hours
  // used (golden case 185), 504.00 back. Every day of the curve is a local midnight, in
  // winter and summer time alike: 1 to 30 Mar, 30 days.
  await page.clock.setFixedTime(new Date('2026-03-10T04:00:00Z'));
  await page.evaluate(() => {
    const old = document.querySelector('refund-estimator');
    const el = document.createElement('refund-estimator');
    el.setAttribute('mode', 'account');
    el.policy = {
      id: 'dst-hourly', version: '1', currency: 'USD', timezone: 'America/New_York',
      rules: { consumed: { unit: 'hour' } },
      plans: [{ id: 'p30', name: '30-day plan', term: { days: 30 }, price: '719.00' }],
    };
    el.order = { plan: 'p30', start: '2026-03-01', paid: { cash: '719.00' } };
    old.replaceWith(el);
  });
  await waitForText(page, '#readout', 'Cancel now: $504.00 back');
  assert.equal(await page.inputValue('input[name=at]'), '2026-03-10');
  assert.equal(await page.locator('#curve').getAttribute('aria-valuemax'), '29');

  // An order whose start is written as a date (the policy's midnight), at 01:00 that day:
  // now is after the purchase, so the estimate is of now.
  await page.clock.setFixedTime(new Date('2026-01-15T01:00:00+08:00'));
  await page.evaluate(() => {
    const old = document.querySelector('refund-estimator');
    const el = document.createElement('refund-estimator');
    el.setAttribute('mode', 'account');
    el.order = { plan: 'annual-100m', start: '2026-01-15', paid: { cash: '70160.00' } };
    old.replaceWith(el);
  });
  await waitForText(page, '#readout', 'Cancel now: CN¥70,160.00 back');

  // A pricing element with no dates: bought today, leaving after three months, on the last
  // day of the third: 30 Nov plus three months is 28 Feb (as the engine adds months), so 27 Feb.
  await page.clock.setFixedTime(new Date('2026-11-30T12:00:00-05:00'));
  await page.evaluate(() => document.querySelector('refund-estimator').replaceWith(document.createElement('refund-estimator')));
  await page.waitForFunction(() => document.querySelector('refund-estimator').shadowRoot?.querySelector('input[name=at]'));
  assert.deepEqual([await page.inputValue('input[name=start]'), await page.inputValue('input[name=at]')], ['2026-11-30', '2027-02-27']);
  await context.close();
});

/** The top of each of the element's parts at `selectors`, in page pixels. */
function tops(page, selectors) {
  return page.evaluate((ss) => ss.map((s) => document.querySelector('refund-estimator').shadowRoot.querySelector(s).getBoundingClientRect().top), selectors);
}

test('the layout: warnings under the figure, the curve above the breakdown and still under the pointer after a click, a total that is the headline', async () => {
  const { page, errors, context } = await open(env, '');
  // The breakdown adds up to the headline.
  assert.deepEqual(await page.locator('#total > *').allTextContents(), ['Refund', 'CN¥43,145.72', '']);
  // What qualifies the figure (a business change lengthens the review), right under it,
  // above the comparison.
  await page.locator('#warnings li', { hasText: 'The review may take up to 2 business days longer' }).waitFor();
  const [headline, warnings, compare, curve, breakdown] = await tops(page, ['.headline', '#warnings', '[part=compare]', '#curve', 'table.lines']);
  assert.ok(headline < warnings && warnings < compare && compare < curve && curve < breakdown, `${[headline, warnings, compare, curve, breakdown]}`);

  // Clicks on the annual plan's curve, inside the cooling-off window and outside it: the
  // curve does not move under the pointer.
  const box = page.locator('#curve');
  await box.evaluate((svg) => svg.scrollIntoView({ block: 'center' }));
  const { width } = await box.boundingBox();
  const [top] = await tops(page, ['#curve']);
  await box.click({ position: { x: width * 0.005, y: 90 } });
  await waitForText(page, '#outcome', 'Full refund');
  await box.click({ position: { x: width * 0.6, y: 90 } });
  await waitForText(page, '#outcome', 'Partial refund');
  assert.ok(Math.abs((await tops(page, ['#curve']))[0] - top) <= 1);

  // An hourly plan that ends owing: the amount owed appears above the curve; the page
  // scrolls by as much, and the total says what is to pay.
  await page.goto(`${env.server.url}/demo/account.html`);
  await waitForText(page, '#outcome', 'Partial refund');
  await page.setViewportSize({ width: 1280, height: 500 });
  await useHourly(page, '2026-01-05');
  await waitForText(page, '#readout', 'Cancel on 5 Jan 2026: $454.38 back');
  await inElement(page, (el, root) => root.querySelector('#curve').scrollIntoView({ block: 'center' }));
  const [before] = await tops(page, ['#curve']);
  const hourly = await page.locator('#curve').boundingBox();
  await page.locator('#curve').click({ position: { x: hourly.width * 0.95, y: 90 } });
  await page.waitForFunction(() => !document.querySelector('refund-estimator').shadowRoot.querySelector('#owed').hidden);
  assert.ok(Math.abs((await tops(page, ['#curve']))[0] - before) <= 1);
  const owed = (await textOf(page, '#owed')).replace('To pay to leave: ', '');
  assert.deepEqual(await page.locator('#total > *').allTextContents(), ['To pay to leave', owed, '']);

  // In a box that scrolls, where the page does not: the box scrolls instead, at once even
  // under smooth scrolling, and the page stays where it was.
  await page.evaluate(() => {
    const el = document.querySelector('refund-estimator');
    const box = Object.assign(document.createElement('div'), { id: 'box' });
    box.style.cssText = 'height: 90vh; overflow: auto; scroll-behavior: smooth';
    document.documentElement.style.overflow = 'hidden';
    el.replaceWith(box);
    box.append(el, Object.assign(document.createElement('div'), { style: 'height: 2000px' }));
  });
  await page.waitForFunction(() => !document.querySelector('refund-estimator').shadowRoot.querySelector('#owed').hidden);
  await inElement(page, (el, root) => root.querySelector('#curve').scrollIntoView({ block: 'center', behavior: 'instant' }));
  const scrolls = () => page.evaluate(() => [scrollY, document.getElementById('box').scrollTop]);
  const [pageBefore, boxBefore] = await scrolls();
  const [inBox] = await tops(page, ['#curve']);
  await page.locator('#curve').click({ position: { x: hourly.width * 0.3, y: 90 } });
  await page.waitForFunction(() => document.querySelector('refund-estimator').shadowRoot.querySelector('#owed').hidden);
  assert.ok(Math.abs((await tops(page, ['#curve']))[0] - inBox) <= 1);
  const [pageAfter, boxAfter] = await scrolls();
  assert.equal(pageAfter, pageBefore);
  assert.ok(boxAfter < boxBefore, `the box scrolled up: ${boxBefore} → ${boxAfter}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the details: break points on the curve, the tag, lang, any Chinese locale, the chart\'s styles, a touch screen\'s hint', async () => {
  const { page, errors, context } = await open(env, '');
  // The cooling-off window's end, 20 Jan 00:00 (point 5), is still inside it: the dot is on
  // the curve's point there, at 70,160, not at what comes after (64,808.84).
  const [pointY, dotY] = await inElement(page, (el, root) => {
    const svg = root.querySelector('#curve');
    return [Number(svg.querySelector('polyline').getAttribute('points').split(' ')[5].split(',')[1]), Number(svg.querySelector('.break').getAttribute('cy'))];
  });
  assert.equal(dotY, pointY);

  // The tag does not wrap inside; the styles of the chart's lines.
  const styles = await inElement(page, (el, root) => {
    const style = (s) => getComputedStyle(root.querySelector(s));
    const stay = root.querySelector('input[name=months]').parentElement;
    return [style('#outcome').whiteSpace, style('#outcome').display, style('#curve .grid').stroke, style('#curve .marker').strokeWidth, getComputedStyle(stay).whiteSpace];
  });
  // …and the months field keeps its unit on its line.
  assert.deepEqual(styles, ['nowrap', 'inline-block', 'rgb(197, 204, 217)', '1.5px', 'nowrap']);

  // Any Chinese locale is the element's Chinese, in Chinese glyphs (`lang`) on this English page.
  const lang = () => inElement(page, (el, root) => root.querySelector('[part=root]').lang);
  assert.equal(await lang(), 'en');
  for (const locale of ['zh', 'zh-cn', 'zh-Hans', 'zh-Hans-CN']) {
    await inElement(page, (el) => el.setAttribute('locale', 'en'));
    await waitForText(page, '#outcome', 'Partial refund');
    await inElement(page, (el, root, l) => el.setAttribute('locale', l), locale);
    await waitForText(page, '#outcome', '部分退款');
    assert.equal(await lang(), 'zh-CN', locale);
  }
  assert.equal(await page.getAttribute('input[name=months]', 'aria-label'), '假如使用几个月后退订');
  // "zha" is Zhuang, not Chinese: English.
  await inElement(page, (el) => el.setAttribute('locale', 'zha'));
  await waitForText(page, '#outcome', 'Partial refund');
  assert.deepEqual(errors, []);
  await context.close();

  // A touch screen: nothing to point with, no arrow keys.
  const touch = await open(env, '', { hasTouch: true });
  await waitForText(touch.page, '#curve-hint', 'Tap the curve to choose a day.');
  await touch.page.selectOption('#language', 'zh-CN');
  await waitForText(touch.page, '#curve-hint', '轻触曲线即可选定日期。');
  await touch.context.close();
});

test('on a phone (390 × 844), both pages in both languages show the estimate without overflowing sideways', async () => {
  for (const path of ['', 'account.html']) {
    for (const lang of ['en', 'zh-CN']) {
      const { page, errors, context } = await open(env, path, { lang, viewport: PHONE });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `${path || 'pricing'} ${lang}`);
      assert.match(await textOf(page, '#refund'), /43,145\.72$/);
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});
