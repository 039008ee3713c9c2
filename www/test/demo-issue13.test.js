// Issue #13, "The widget as people meet it": one test per item, on the demo pages in headless
// Chromium, each of which fails on the element before the fix (run with DEMO_ROOT pointing at
// a copy of the package before it to see them fail).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, waitForText, waitForEstimate, textOf, isShown, inElement, typeDate, typeSegment, DESKTOP } from './demo-helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const valueIs = (page, name, value) => page.waitForFunction(([n, v]) => document.querySelector('refund-estimator').shadowRoot.querySelector(`input[name=${n}]`).value === v, [name, value]);

/** The bundled policy with Tencent Cloud's SLA claim window, so that the fault-day field shows. */
function useClaimWindow(page) {
  return inElement(page, (el) => {
    const policy = structuredClone(el.policy);
    policy.rules.sla.claimWindow = { businessDays: 20 };
    el.policy = policy;
  });
}

test('#13.1 typing a date with the keyboard gives that date, in every date field, on both pages, in both languages', async () => {
  for (const lang of ['en', 'zh-CN']) {
    const yuan = lang === 'en' ? 'CN¥' : '¥';
    const { page, errors, context } = await open(env, '', { lang });
    // The whole date, digit by digit: 25 May, at its end 131 days of 365: 69,360 × 131/365 =
    // 24,893.59 used; 5% of 44,466.41 = 2,223.32; 70,160 − 24,893.59 − 2,223.32 − 800 = 42,243.09.
    await typeDate(page, 'at', '2026-05-25');
    await valueIs(page, 'at', '2026-05-25');
    await waitForText(page, '#refund', `${yuan}42,243.09`);
    // One part at a time, as the visitor did: the day, the month, the year.
    await typeSegment(page, 'at', 'day', '27');
    await valueIs(page, 'at', '2026-05-27');
    await typeSegment(page, 'at', 'month', '11');
    await valueIs(page, 'at', '2026-11-27');
    await typeSegment(page, 'at', 'year', '2027');
    await valueIs(page, 'at', '2027-11-27');
    await typeDate(page, 'at', '2026-05-20');
    await waitForText(page, '#refund', `${yuan}43,145.72`);
    // "Bought on" too.
    await typeSegment(page, 'start', 'day', '16');
    await valueIs(page, 'start', '2026-01-16');
    await typeDate(page, 'start', '2026-01-15');
    await waitForText(page, '#refund', `${yuan}43,145.72`);
    assert.deepEqual(errors, []);
    await context.close();

    // The account page: "Cancel on", and the fault's day under a policy with a claim window.
    const account = await open(env, 'account.html', { lang });
    await typeDate(account.page, 'at', '2026-05-25');
    await valueIs(account.page, 'at', '2026-05-25');
    await waitForText(account.page, '#refund', `${yuan}42,243.09`);
    await typeSegment(account.page, 'at', 'day', '20');
    await valueIs(account.page, 'at', '2026-05-20');
    await typeSegment(account.page, 'at', 'month', '06');
    await valueIs(account.page, 'at', '2026-06-20');
    await useClaimWindow(account.page);
    await account.page.selectOption('select[name=reason]', 'provider_fault');
    await typeDate(account.page, 'faultOn', '2026-05-08');
    await valueIs(account.page, 'faultOn', '2026-05-08');
    await typeSegment(account.page, 'faultOn', 'day', '11');
    await valueIs(account.page, 'faultOn', '2026-05-11');
    assert.deepEqual(account.errors, []);
    await account.context.close();
  }
});

test('#13.2 a day is the whole day: a rule that changes within it is said, and the best moment is never an ambiguous midnight', async () => {
  // Pricing page, bought on 15 Jan (its midnight): the 5-day window closes at 20 Jan 00:00,
  // the end of 19 Jan. 19 Jan is in full; 20 Jan, any time of the day, is not: 6 started
  // days, 69,360 × 6/365 = 1,140.16 used; 5% of 68,219.84 = 3,410.99; 70,160 − 1,140.16 −
  // 3,410.99 − 800 = 64,808.85 from rounded lines, 64,808.84 from the exact sum (the rule).
  const { page, errors, context } = await open(env, '');
  await page.fill('input[name=at]', '2026-01-20');
  await waitForText(page, '#outcome', 'Partial refund');
  assert.equal(await textOf(page, '#refund'), 'CN¥64,808.84');
  await page.fill('input[name=at]', '2026-01-19');
  await waitForText(page, '#outcome', 'Full refund');
  assert.equal(await textOf(page, '#refund'), 'CN¥70,160.00');
  assert.equal(await textOf(page, '#best'), 'Cancel by the end of 19 Jan 2026 to get the most back: CN¥70,160.00');
  await page.selectOption('#language', 'zh-CN');
  await waitForText(page, '#best', '在2026年1月19日（含当天）前退订，可退金额最高：¥70,160.00');
  assert.doesNotMatch(await inElement(page, (el, root) => root.textContent), /00:00/);
  assert.deepEqual(errors, []);
  await context.close();

  // Account page, bought at 10:30 on 15 Jan: the window closes at 10:30 on 20 Jan. Seen on
  // 10 Jan (the best moment still ahead), 20 Jan says both figures.
  for (const [lang, within, best] of [
    ['en', 'Full refund until 10:30 on 20 Jan 2026; after that CN¥64,808.84 back.', 'Cancel before 10:30 on 20 Jan 2026 to get the most back: CN¥70,160.00'],
    ['zh-CN', '2026年1月20日10:30前退订可全额退款；之后可退 ¥64,808.84。', '在2026年1月20日10:30前退订，可退金额最高：¥70,160.00'],
  ]) {
    const account = await open(env, 'account.html', { lang, now: '2026-01-10T12:00:00+08:00' });
    await account.page.fill('input[name=at]', '2026-01-20');
    await waitForText(account.page, '#within-day', within);
    assert.match(await textOf(account.page, '#refund'), /64,808\.84$/);
    assert.equal(await textOf(account.page, '#best'), best);
    // 19 Jan is a whole day inside the window: nothing changes within it.
    await account.page.fill('input[name=at]', '2026-01-19');
    await waitForText(account.page, '#refund', lang === 'en' ? 'CN¥70,160.00' : '¥70,160.00');
    assert.equal(await isShown(account.page, '#within-day'), false);
    assert.doesNotMatch(await inElement(account.page, (el, root) => root.textContent), /00:00/);
    assert.deepEqual(account.errors, []);
    await account.context.close();
  }

  // Today on the account page is now: at 09:00 on 20 Jan the window is still open until 10:30.
  const today = await open(env, 'account.html', { now: '2026-01-20T09:00:00+08:00' });
  await today.page.fill('input[name=at]', '2026-01-20');
  await waitForText(today.page, '#within-day', 'Full refund until 10:30 today; after that CN¥64,808.84 back.');
  assert.equal(await textOf(today.page, '#refund'), 'CN¥70,160.00');
  assert.equal(await textOf(today.page, '#readout'), 'Cancel now: CN¥70,160.00 back');
  await today.context.close();
});

test('#13.3 one mistake keeps the last estimate on screen, marked as not updated, with the field marked and its message beside it', async () => {
  for (const lang of ['en', 'zh-CN']) {
    const { page, errors, context } = await open(env, '', { lang });
    const height = () => page.locator('refund-estimator').evaluate((el) => el.getBoundingClientRect().height);
    const before = await height();
    const figure = await textOf(page, '#refund');
    // A cancellation before the purchase, typed.
    await page.fill('input[name=at]', '2025-12-01');
    const message = lang === 'en' ? 'Choose a cancellation date on or after the purchase date.' : '退订日期不能早于购买日期。';
    await page.waitForFunction(() => document.querySelector('refund-estimator').shadowRoot.querySelector('[aria-invalid=true]'));
    const state = await inElement(page, (el, root) => {
      const input = root.querySelector('input[name=at]');
      const box = input.closest('.field');
      const line = [...box.querySelectorAll('.field-error')].find((n) => !n.hidden);
      const described = input.getAttribute('aria-describedby').split(' ').map((id) => root.getElementById(id)?.textContent);
      const note = root.querySelector('[part=stale]');
      return {
        invalid: input.getAttribute('aria-invalid'),
        outline: getComputedStyle(input).outlineColor,
        beside: line?.textContent,
        described: described.includes(line?.textContent),
        stale: note && !note.hidden ? note.textContent : null,
        framed: getComputedStyle(root.querySelector('.figures')).outlineStyle,
        greyed: getComputedStyle(root.querySelector('.figures')).filter,
        refund: root.querySelector('#refund').textContent,
        curve: root.querySelector('#curve').getBoundingClientRect().height > 0,
        // The field still says, in words, the day it holds.
        note: root.querySelector('#re-at-note').textContent,
      };
    });
    assert.deepEqual(state, {
      invalid: 'true', outline: 'rgb(176, 0, 32)', beside: message, described: true,
      stale: lang === 'en' ? 'Not updated: correct the marked field to see a new estimate.' : '尚未更新：请修改标出的内容，即可查看新的估算。',
      framed: 'dashed', greyed: 'grayscale(1)', refund: figure, curve: true,
      note: lang === 'en' ? 'Mon, 1 Dec 2025' : '2025年12月1日周一',
    });
    // The page does not shrink under the visitor (it was 800 px shorter): it gains the note
    // and the message, no more.
    const after_ = await height();
    assert.ok(after_ >= before && after_ - before < 150, `${before} → ${after_}`);
    // An emptied date: its own message, the estimate still there.
    await page.locator('input[name=at]').focus();
    await page.keyboard.press('Backspace');
    await page.waitForFunction((m) => [...document.querySelector('refund-estimator').shadowRoot.querySelectorAll('.field-error')].some((n) => !n.hidden && n.textContent === m), lang === 'en' ? 'Enter a date.' : '请输入日期。');
    assert.equal(await textOf(page, '#refund'), figure);
    // A good date again: the new estimate, nothing marked.
    await typeDate(page, 'at', '2026-05-25');
    await waitForText(page, '#refund', lang === 'en' ? 'CN¥42,243.09' : '¥42,243.09');
    assert.equal(await page.locator('[aria-invalid=true]').count(), 0);
    assert.equal(await isShown(page, '[part=stale]'), false);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('#13.4 the engine\'s error goes to the console and an error event; the customer reads a short message in their language', async () => {
  for (const [lang, message, planMessage] of [
    ['en', 'The order\'s details could not be read, so no estimate can be shown.', 'This plan is not in the refund policy, so no estimate can be shown.'],
    ['zh-CN', '无法读取订单信息，无法显示估算。', '退款政策中没有这个套餐，无法显示估算。'],
  ]) {
    const { page, errors, logs, context } = await open(env, 'account.html', { lang });
    const events = await page.evaluateHandle(() => {
      const seen = [];
      document.querySelector('refund-estimator').addEventListener('error', (e) => seen.push([e.error?.code, e.error?.path]));
      return seen;
    });
    // A host page passing an amount past the engine's limit.
    await inElement(page, (el) => { el.order = { plan: 'annual-100m', start: '2026-01-15', paid: { cash: '100000000000000000' } }; });
    await waitForText(page, '[part=error] span', message);
    const text = await inElement(page, (el, root) => root.textContent);
    assert.doesNotMatch(text, /invalid_amount|order\.paid\.cash|10\^15/);
    assert.equal(await isShown(page, 'section[part=result]'), false);
    assert.ok(logs.some((l) => l.includes('invalid_amount at order.paid.cash')), logs.join('\n'));
    assert.deepEqual(await events.jsonValue(), [['invalid_amount', 'order.paid.cash']]);
    // An unknown plan: no list of the policy's internal plan ids.
    await inElement(page, (el) => { el.order = { plan: 'annual-500m', start: '2026-01-15' }; });
    await waitForText(page, '[part=error] span', planMessage);
    assert.doesNotMatch(await inElement(page, (el, root) => root.textContent), /monthly-50m|unknown_plan/);
    assert.ok(logs.some((l) => l.includes('unknown_plan at order.plan')));
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('#13.5 a host\'s policy or plans that are wrong give a visible, specific error state, never a crash or a stale estimate', async () => {
  const { page, errors, logs, context } = await open(env, '');
  const policyMessage = 'The refund policy on this page has a mistake, so no estimate can be shown.';
  // `plans` not an array, then a null plan.
  for (const plans of ['monthly', [null]]) {
    await inElement(page, (el, root, p) => { el.policy = { ...el.policy, plans: p }; }, plans);
    await waitForText(page, '[part=error] span', policyMessage);
    // The previous estimate (of the bundled policy) is not left on screen as if it applied.
    assert.equal(await isShown(page, 'section[part=result]'), false);
  }
  assert.ok(logs.some((l) => l.includes('invalid_type at policy.plans')), logs.join('\n'));
  // A good policy again: the estimate comes back.
  await inElement(page, (el) => { el.policy = null; });
  await waitForEstimate(page);
  // A `plan` attribute naming no plan: said beside the plan field, not "expected a non-empty string".
  await page.evaluate(() => {
    const el = document.createElement('refund-estimator');
    for (const [k, v] of [['plans', 'monthly-100m,annual-100m'], ['plan', 'annual-500m'], ['start', '2026-01-15'], ['at', '2026-05-20']]) el.setAttribute(k, v);
    document.querySelector('refund-estimator').replaceWith(el);
  });
  await page.waitForFunction(() => document.querySelector('refund-estimator').shadowRoot?.querySelector('[aria-invalid=true]'));
  assert.equal(await inElement(page, (el, root) => root.querySelector('select[name=plan]').closest('.field').querySelector('.field-error').textContent),
    'This plan is not in the refund policy, so no estimate can be shown.');
  assert.doesNotMatch(await inElement(page, (el, root) => root.textContent), /non-empty string/);
  // Choosing a plan that is there works again.
  await page.selectOption('select[name=plan]', 'annual-100m');
  await waitForText(page, '#refund', 'CN¥43,145.72');
  // A `plans` attribute naming none of the policy's plans.
  await inElement(page, (el) => el.setAttribute('plans', 'a,b'));
  await waitForText(page, '[part=error] span', 'This plan is not in the refund policy, so no estimate can be shown.');
  assert.equal(await isShown(page, 'section[part=result]'), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('#13.6 the headline in context: what comes back of what was paid, when it arrives, what to prepare; an SLA credit beside it', async () => {
  const { page, errors, context } = await open(env, '');
  const headline = () => inElement(page, (el, root) => [root.querySelector('.headline').textContent, root.querySelector('#context').textContent]);
  // Review 5–12 business days and 5–10 to a card, from Wed 20 May: 3 Jun to 22 Jun.
  assert.deepEqual(await headline(), ['CN¥43,145.72 back of CN¥70,160.00 paid Partial refund', 'arrives 3 – 22 Jun · 2 documents to prepare']);
  await page.selectOption('#language', 'zh-CN');
  await waitForText(page, '#outcome', '部分退款');
  assert.deepEqual(await headline(), ['¥43,145.72 退回（已付 ¥70,160.00） 部分退款', '预计6月3日至6月22日到账 · 需准备 2 份材料']);
  await context.close();

  // A fault on the provider's side: the SLA credit in the headline, apart from the cash.
  const account = await open(env, 'account.html');
  await account.page.selectOption('select[name=reason]', 'provider_fault');
  await account.page.fill('input[name=availability]', '98.5');
  await waitForText(account.page, '#refund', 'CN¥45,416.55');
  // The credit arrives apart from the cash: review 5–10 business days (5 more to look into a
  // fault), then at once on the account: 27 May to 10 Jun; the cash by Alipay (0–1 more) by 11 Jun.
  assert.equal(await textOf(account.page, '#credit'), '+ CN¥1,445.00 SLA credit to your account · arrives 27 May – 10 Jun');
  // Screenshots, bills, the fault's evidence and the records of what was said.
  assert.equal(await textOf(account.page, '#context'), 'arrives 27 May – 11 Jun · 4 documents to prepare');
  assert.equal(await isShown(account.page, '#credit'), true);
  assert.deepEqual([...errors, ...account.errors], []);
  await account.context.close();
});

test('#13.7 the plan comparison sits under the headline and answers for the same cancellation date; a plan kept past its term renews', async () => {
  const { page, errors, context } = await open(env, '');
  // On the first screen at 1280 × 800, above the curve (it was at y = 1,537).
  const [compareTop, compareBottom, curveTop] = await inElement(page, (el, root) => {
    const compare = root.querySelector('[part=compare]').getBoundingClientRect();
    return [compare.top + scrollY, compare.bottom + scrollY, root.querySelector('#curve').getBoundingClientRect().top + scrollY];
  });
  assert.ok(compareBottom <= DESKTOP.height && compareTop < curveTop, `${compareTop}–${compareBottom}, curve at ${curveTop}`);
  // The chosen plan's "back on leaving" is the headline, whatever the day.
  const chosenBack = () => inElement(page, (el, root) => root.querySelector('#plans tr.chosen-plan td:nth-child(3)').textContent);
  for (const [day, figure] of [['2026-05-20', 'CN¥43,145.72'], ['2026-09-01', null], ['2026-01-17', 'CN¥70,160.00']]) {
    await page.fill('input[name=at]', day);
    await page.waitForFunction((d) => document.querySelector('refund-estimator').result && document.querySelector('refund-estimator').shadowRoot.querySelector('#compare-title').textContent.includes(d), day.slice(8).replace(/^0/, ''));
    const refund = await textOf(page, '#refund');
    if (figure) assert.equal(refund, figure);
    assert.equal(await chosenBack(), refund, day);
  }
  // The monthly plan on 20 May is in its 5th month (renewed 15 Feb, Mar, Apr, May): the
  // headline is that term's refund, as the comparison's (5,209.68: 6 of 31 days used, 5% fee),
  // not "CN¥0.00 No refund · after the end of the term".
  await page.fill('input[name=at]', '2026-05-20');
  await page.selectOption('select[name=plan]', 'monthly-100m');
  await waitForText(page, '#refund', 'CN¥5,209.68');
  assert.equal(await page.inputValue('input[name=at]'), '2026-05-20');
  assert.equal(await chosenBack(), 'CN¥5,209.68');
  assert.equal(await textOf(page, '#term'), 'The plan renews until you leave: 20 May 2026 is in its term 5, from 15 May 2026 (CN¥34,800.00 paid in all).');
  assert.ok(!(await page.locator('#warnings li').allTextContents()).some((w) => /end of the term/.test(w)));
  // "Or leave after N months" sets the same date the headline uses.
  await page.fill('input[name=months]', '7');
  await waitForText(page, '#compare-title', 'Which plan costs least if you leave on 14 Aug 2026 (after 7 months)?');
  assert.equal(await page.inputValue('input[name=at]'), '2026-08-14');
  assert.equal(await chosenBack(), await textOf(page, '#refund'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('#13.8 a prospect can try a promotion, is offered a prospect\'s reasons, and is told what "Paid with" changes', async () => {
  const { page, errors, context } = await open(env, '');
  // The bundled policy claws back a promotion's discount on the time used: paid 60,000 (setup
  // 800 included) for a 69,360 plan, cancelled on 20 May: 126 days used of the 59,200 paid for
  // the service, 59,200 × 126/365 = 20,436.164…; the discount 69,360 − 59,200 = 10,160 × 126/365
  // = 3,507.288… taken back; 5% of the unused 35,256.548… = 1,762.827…; 60,000 − 20,436.164 −
  // 3,507.288 − 1,762.827 − 800 = 33,493.72.
  assert.deepEqual(await page.locator('select[name=reason] option').evaluateAll((os) => os.map((o) => o.value)),
    ['business_change', 'dissatisfied', 'provider_fault']);
  await page.check('input[name=promotion]');
  await page.fill('input[name=paid]', '60000.00');
  await page.waitForFunction(() => document.querySelector('refund-estimator').result?.lines.some((l) => l.code === 'promotion_clawback'));
  const clawback = await inElement(page, (el) => el.result.lines.find((l) => l.code === 'promotion_clawback').amount);
  assert.equal(clawback, '-3507.29');
  assert.equal(await textOf(page, '#refund'), 'CN¥33,493.72');
  // A price below the setup fee is the visitor's to fix, said beside the field.
  await page.fill('input[name=paid]', '500');
  await page.waitForFunction(() => document.querySelector('refund-estimator').shadowRoot.querySelector('input[name=paid][aria-invalid=true]'));
  assert.equal(await inElement(page, (el, root) => root.querySelector('input[name=paid]').closest('.field').querySelector('.field-error').textContent),
    'Enter at least the one-time setup fee (CN¥800.00).');
  await page.uncheck('input[name=promotion]');
  await waitForText(page, '#refund', 'CN¥43,145.72');
  // "Paid with" says what it changes, and is described by it.
  assert.equal(await inElement(page, (el, root) => {
    const select = root.querySelector('select[name=method]');
    return root.getElementById(select.getAttribute('aria-describedby').split(' ')[0]).textContent;
  }), 'Changes when and where the money arrives.');
  await context.close();
  // The account page offers a customer's reasons.
  const account = await open(env, 'account.html');
  assert.deepEqual(await account.page.locator('select[name=reason] option').evaluateAll((os) => os.map((o) => o.value)),
    ['business_change', 'dissatisfied', 'provider_fault', 'duplicate_purchase', 'switching_provider', 'other']);
  assert.deepEqual([...errors, ...account.errors], []);
  await account.context.close();
});

test('#13.9 less clutter: zero lines folded, the procedure folded on a pricing page, the policy by its name, the order once, no best moment that has passed', async () => {
  const { page, errors, context } = await open(env, 'account.html');
  // 1,200 GB within the allowance: the metered usage line is 0.00, folded into one quiet line.
  assert.deepEqual(await page.locator('#lines tr.quiet td').allTextContents(), ['Not charged', 'CN¥0.00', 'Metered usage']);
  assert.equal(await page.locator('#lines tr').count(), 5);
  // The procedure is open for a customer; the policy named, with its date, not its id.
  assert.deepEqual(await page.locator('details').evaluateAll((ds) => ds.map((d) => [d.part.value, d.open])), [['documents', true], ['steps', true]]);
  assert.equal(await textOf(page, '[part=policy]'), 'Refund policy: StreamLine overseas live-streaming dedicated lines, 1 Nov 2026');
  // The order is said once on the page: by the element, not again by the page's text.
  const page_ = await page.evaluate(() => document.querySelector('main').innerText);
  assert.equal((page_.match(/Annual dedicated line, 100 Mbps/g) ?? []).length, 0);
  assert.equal(await textOf(page, '[part=order]'), 'Your order: Annual dedicated line, 100 Mbps · 15 Jan 2026');
  // The page's clock is past 20 Jan 2026 10:30: no advice to cancel by then.
  assert.equal(await isShown(page, '#best'), false);
  await context.close();

  const pricing = await open(env, '');
  assert.deepEqual(await pricing.page.locator('details').evaluateAll((ds) => ds.map((d) => [d.part.value, d.open])), [['documents', false], ['steps', false]]);
  assert.equal(await pricing.page.locator('summary').first().textContent(), 'What to prepare (2)');
  assert.equal(await pricing.page.locator('#lines tr.quiet').count(), 0);
  assert.deepEqual([...errors, ...pricing.errors], []);
  await pricing.context.close();
});

test('#13.10 the form and a placeholder of the result\'s size are there before the module arrives; a module that fails says so, in the visitor\'s language', async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`${env.server.url}/demo/`);
  await page.waitForFunction(() => document.querySelector('refund-estimator')?.shadowRoot?.querySelector('input[name=at]'));
  const waiting = await inElement(page, (el, root) => ({
    at: root.querySelector('input[name=at]').value,
    placeholder: root.querySelector('[part=placeholder]')?.getBoundingClientRect().height ?? 0,
    text: root.querySelector('[part=placeholder]')?.textContent,
  }));
  assert.equal(waiting.at, '2026-05-20');
  assert.ok(waiting.placeholder >= 300, `placeholder ${waiting.placeholder} px`);
  assert.equal(waiting.text, 'Loading the estimate…');
  release();
  await waitForEstimate(page);
  await context.close();

  // The module cannot be fetched: a message in Chinese, and a button that tries again.
  const failing = await env.browser.newContext({ viewport: DESKTOP });
  const broken = await failing.newPage();
  let fail = true;
  await broken.route('**/*.wasm', (route) => (fail ? route.abort() : route.continue()));
  await broken.goto(`${env.server.url}/demo/`);
  await broken.selectOption('#language', 'zh-CN');
  await waitForText(broken, '[part=error] span', '估算工具加载失败。请检查网络连接后重试。');
  fail = false;
  await broken.click('[part=error] button');
  await waitForEstimate(broken);
  assert.equal(await textOf(broken, '#refund'), '¥43,145.72');
  await failing.close();
});

test('a months attribute of 0 leaves after 1 month, and the element says so', async () => {
  const { page, errors, context } = await open(env, '');
  await inElement(page, (el) => {
    const other = document.createElement('refund-estimator');
    other.id = 'second';
    other.setAttribute('plan', 'annual-100m');
    other.setAttribute('start', '2026-01-15');
    other.setAttribute('months', '0');
    el.after(other);
  });
  await page.waitForFunction(() => document.querySelector('#second')?.result?.refund);
  const shown = await page.evaluate(() => {
    const root = document.querySelector('#second').shadowRoot;
    return [root.querySelector('input[name=at]').value, root.querySelector('#months-note').textContent, root.querySelector('#months-note').hidden];
  });
  assert.deepEqual(shown, ['2026-02-14', 'From 1 to 60 months: 1 used.', false]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('#13.11 small things: a date out of range says so, the months box says when it clamps, dates in the element\'s language, one announcement per settled figure, a favicon', async () => {
  const { page, errors, context } = await open(env, '');
  // A purchase on 1 Jan 9999: the date is valid, the annual term would end in 10000.
  await page.fill('input[name=start]', '9999-01-01');
  await page.waitForFunction(() => [...document.querySelector('refund-estimator').shadowRoot.querySelectorAll('.field-error')].some((n) => !n.hidden));
  assert.equal(await inElement(page, (el, root) => root.querySelector('input[name=start]').closest('.field').querySelector('.field-error').textContent),
    'Choose an earlier date: this plan\'s term would end after the year 9999.');
  await page.fill('input[name=start]', '2026-01-15');
  await waitForEstimate(page);
  // The months box: 0, −3 and 61 are compared as 1, 1 and 60, and it says so.
  for (const [typed, used] of [['0', '1'], ['-3', '1'], ['61', '60']]) {
    await page.fill('input[name=months]', typed);
    await page.waitForFunction((u) => document.querySelector('refund-estimator').shadowRoot.querySelector('#months-note').textContent === `From 1 to 60 months: ${u} used.`, used);
    await page.locator('input[name=months]').blur();
    assert.equal(await page.inputValue('input[name=months]'), used, typed);
  }
  // The `months` property set by a host after the element is on the page moves the date, as
  // the field does (React 19 sets it again on each render); 0 is used as 1, and said.
  await inElement(page, (el) => { el.months = 6; });
  await waitForText(page, '#compare-title', 'Which plan costs least if you leave on 14 Jul 2026 (after 6 months)?');
  assert.equal(await page.inputValue('input[name=at]'), '2026-07-14');
  await inElement(page, (el) => { el.months = 0; });
  await waitForText(page, '#months-note', 'From 1 to 60 months: 1 used.');
  await waitForText(page, '#compare-title', 'Which plan costs least if you leave on 14 Feb 2026 (after 1 month)?');

  // Each date field says its day in the element's language (the field itself is the browser's).
  await page.fill('input[name=at]', '2026-05-20');
  await waitForText(page, '#re-at-note', 'Wed, 20 May 2026');
  await page.selectOption('#language', 'zh-CN');
  await waitForText(page, '#re-at-note', '2026年5月20日周三');
  assert.equal(await textOf(page, '#re-start-note'), '2026年1月15日周四');
  await page.selectOption('#language', 'en');
  await waitForText(page, '#re-at-note', 'Wed, 20 May 2026');

  // The live region is told the settled figure once, not each step of the slider.
  const announced = await page.evaluateHandle(() => {
    const seen = [];
    const live = document.querySelector('refund-estimator').shadowRoot.querySelector('[aria-live=polite]');
    new MutationObserver(() => seen.push(live.textContent)).observe(live, { childList: true, characterData: true, subtree: true });
    return seen;
  });
  await page.locator('#curve').focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await waitForText(page, '#readout', 'Cancel on 25 May 2026: CN¥42,243.09 back');
  // The figure is announced once it has stood for 700 ms: wait for it, and a little more.
  await page.waitForFunction((seen) => seen.length > 0 && seen.at(-1) === 'CN¥42,243.09 Partial refund', announced);
  await page.waitForTimeout(900);
  const seen = await announced.jsonValue();
  // One announcement; a machine that stalls 700 ms between two key presses may announce a
  // figure it stopped on, never each of the five steps.
  assert.equal(seen.at(-1), 'CN¥42,243.09 Partial refund', seen.join(' | '));
  assert.ok(seen.length <= 2, seen.join(' | '));

  // A favicon.
  const icon = await page.evaluate(async () => {
    const link = document.querySelector('link[rel=icon]');
    return link ? (await fetch(link.href)).status : null;
  });
  assert.equal(icon, 200);
  assert.deepEqual(errors, []);
  await context.close();
});
