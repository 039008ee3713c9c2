// The words and formats of <refund-estimator> (element.js): the controls' labels and the
// sentences the element writes around the engine's figures, in English and Simplified
// Chinese; money and dates in the element's language; calendar days in the policy's time
// zone. Everything else the element shows is the engine's text, in the same language.

export const TEXTS = {
  en: {
    plan: 'Plan', start: 'Bought on', at: 'Cancel on', reason: 'Reason', method: 'Paid with',
    methodHint: 'Changes when and where the money arrives.',
    promotion: 'Bought in a promotion', promoPaid: 'Paid in the promotion, setup fee included',
    availability: 'Availability during the fault (%)', faultOn: 'Fault on',
    refund: 'Refund', owed: 'To pay to leave',
    breakdown: 'How it is computed', destinations: 'Where the money goes, and when', curve: 'If you cancel on another day',
    documents: (n) => `What to prepare (${n})`, steps: 'What to do', credits: 'Also credited to you',
    months: 'months', paidInAll: 'Paid in all', backOnLeaving: 'Back on leaving', net: 'Net cost', perMonth: 'Per month',
    cheapest: 'Cheapest', chosenPlan: 'Your choice', yourOrder: 'Your order', colon: ': ', sep: ' · ',
    loading: 'Loading the estimate…', loadingPlans: 'Loading plans…',
    loadFailed: 'The estimator could not be loaded. Check your connection, then try again.', retry: 'Try again',
    stale: 'Not updated: correct the marked field to see a new estimate.',
    // The headline in context: "CN¥43,145.72 back of CN¥70,160.00 paid".
    backOf: (paid) => `back of ${paid} paid`,
    arrives: (range) => `arrives ${range}`,
    serviceEnds: (day) => `the service runs until ${day}`,
    toPrepare: (n) => (n === 1 ? '1 document to prepare' : `${n} documents to prepare`),
    credit: (amount, sla) => `+ ${amount} ${sla ? 'SLA credit' : 'credit'} to your account`,
    // `day` null: now.
    back: (day, amount) => `Cancel ${day ? `on ${day}` : 'now'}: ${amount} back`,
    toPay: (day, amount) => `Cancel ${day ? `on ${day}` : 'now'}: nothing back, ${amount} to pay`,
    // A rule that changes within the chosen day (`day` null: today).
    netBack: (amount) => `${amount} back`, netFull: 'Full refund', netPay: (amount) => `nothing back, ${amount} to pay`,
    untilThen: (before, time, day, after) => `${before} until ${time} ${day ? `on ${day}` : 'today'}; after that ${after}.`,
    curveHint: 'Point at the curve to read another day; click it, or use the arrow keys, to choose that day.',
    tapHint: 'Tap the curve to choose a day.',
    bestByEndOf: (day, amount) => `Cancel by the end of ${day} to get the most back: ${amount}`,
    bestBefore: (time, day, amount) => `Cancel before ${time} on ${day} to get the most back: ${amount}`,
    bestSooner: (amount) => `The sooner you cancel, the more comes back: ${amount} right after the purchase.`,
    bestNone: 'Nothing comes back on any day of the term.',
    compare: (day, stay) => `Which plan costs least if you leave on ${day} (after ${stay})?`,
    stay: (m, d) => [m && (m === 1 ? '1 month' : `${m} months`), d && (d === 1 ? '1 day' : `${d} days`)].filter(Boolean).join(' and ') || '0 days',
    leaveAfter: 'Or leave after', leaveAfterLabel: 'Leave after how many months',
    monthsClamped: (n) => `From 1 to 60 months: ${n} used.`,
    renews: (n, day, from, total) => `The plan renews until you leave: ${day} is in its term ${n}, from ${from} (${total} paid in all).`,
    notCharged: 'Not charged',
    whenEndOf: (day) => `at the end of ${day}`, whenAt: (time, day) => `at ${time} on ${day}`,
    breakLine: (label, when, before, after) => `${label} ${when}: ${before} → ${after}`,
    policy: (name, date) => `Refund policy: ${name}${date ? `, ${date}` : ''}`,
    errors: {
      empty: 'Enter a date.', date: 'Enter a valid date.', years: 'Choose a date from 1900 to 9999.',
      termEnd: 'Choose an earlier date: this plan\'s term would end after the year 9999.',
      beforeStart: 'Choose a cancellation date on or after the purchase date.',
      availability: 'Enter a percentage from 0 to 100.', faultOn: 'The fault day must be within the order\'s term.',
      amount: 'Enter an amount such as 60000.00.', setupFee: (fee) => `Enter at least the one-time setup fee${fee ? ` (${fee})` : ''}.`,
      policy: 'The refund policy on this page has a mistake, so no estimate can be shown.',
      order: 'The order\'s details could not be read, so no estimate can be shown.',
      plan: 'This plan is not in the refund policy, so no estimate can be shown.',
      other: 'No estimate can be shown for these details.',
    },
    outcome: { full: 'Full refund', partial: 'Partial refund', none: 'No refund', ineligible: 'Not refundable', end_of_term: 'Runs to the end of the term' },
    reasons: {
      business_change: 'Business change', dissatisfied: 'Not satisfied', provider_fault: 'Fault on the provider\'s side',
      duplicate_purchase: 'Bought twice', switching_provider: 'Switching provider', other: 'Other',
    },
    methods: { card: 'Card', alipay: 'Alipay', wechat_pay: 'WeChat Pay', bank_transfer: 'Bank transfer', paypal: 'PayPal', balance: 'Account balance' },
  },
  'zh-CN': {
    plan: '套餐', start: '购买日期', at: '退订日期', reason: '退订原因', method: '支付方式',
    methodHint: '支付方式决定退款的去向和到账时间。',
    promotion: '促销活动中购买', promoPaid: '促销实付金额（含开通费）',
    availability: '故障期间的可用性（%）', faultOn: '故障日期',
    refund: '预计退款', owed: '退订需支付',
    breakdown: '计算明细', destinations: '退款去向与到账时间', curve: '换个日期退订会怎样',
    documents: (n) => `需要准备的材料（${n} 项）`, steps: '办理步骤', credits: '另获赔偿',
    months: '个月后退订', paidInAll: '共支付', backOnLeaving: '退订时可退', net: '实际花费', perMonth: '折合每月',
    cheapest: '最省钱', chosenPlan: '当前选择', yourOrder: '您的订单', colon: '：', sep: ' · ',
    loading: '正在加载估算…', loadingPlans: '正在加载套餐…',
    loadFailed: '估算工具加载失败。请检查网络连接后重试。', retry: '重试',
    stale: '尚未更新：请修改标出的内容，即可查看新的估算。',
    backOf: (paid) => `退回（已付 ${paid}）`,
    arrives: (range) => `预计${range}到账`,
    serviceEnds: (day) => `服务持续到${day}`,
    toPrepare: (n) => `需准备 ${n} 份材料`,
    credit: (amount, sla) => `另获 ${amount} ${sla ? 'SLA 赔偿' : '赔偿'}（计入账户）`,
    back: (day, amount) => `${day ?? '现在'}退订：退还 ${amount}`,
    toPay: (day, amount) => `${day ?? '现在'}退订：无退款，需支付 ${amount}`,
    netBack: (amount) => `可退 ${amount}`, netFull: '可全额退款', netPay: (amount) => `无退款，需支付 ${amount}`,
    untilThen: (before, time, day, after) => `${day ?? '今天'}${time}前退订${before}；之后${after}。`,
    curveHint: '指向曲线可查看其他日期的退款；点击或用方向键即可选定该日。',
    tapHint: '轻触曲线即可选定日期。',
    bestByEndOf: (day, amount) => `在${day}（含当天）前退订，可退金额最高：${amount}`,
    bestBefore: (time, day, amount) => `在${day}${time}前退订，可退金额最高：${amount}`,
    bestSooner: (amount) => `越早退订，退款越多：购买后立即退订可退 ${amount}。`,
    bestNone: '服务期内任何一天退订都没有退款。',
    compare: (day, stay) => `假如在${day}退订（已使用 ${stay}），哪个套餐最省钱？`,
    stay: (m, d) => [m && `${m} 个月`, d && `${d} 天`].filter(Boolean).join('零 ') || '0 天',
    leaveAfter: '或：假如使用', leaveAfterLabel: '假如使用几个月后退订',
    monthsClamped: (n) => `月数须在 1 到 60 之间，已按 ${n} 个月计算。`,
    renews: (n, day, from, total) => `套餐会一直续订到您退订：${day}处于第 ${n} 个服务期（自${from}起，共支付 ${total}）。`,
    notCharged: '不收取',
    whenEndOf: (day) => `${day}结束时`, whenAt: (time, day) => `${day}${time}`,
    breakLine: (label, when, before, after) => `${label}（${when}）：${before} → ${after}`,
    policy: (name, date) => `适用退款政策：${name}${date ? `（${date}版）` : ''}`,
    errors: {
      empty: '请输入日期。', date: '请输入有效的日期。', years: '请选择 1900 年至 9999 年之间的日期。',
      termEnd: '请选择更早的日期：该套餐的服务期将超出 9999 年。',
      beforeStart: '退订日期不能早于购买日期。',
      availability: '请输入 0 到 100 之间的百分比。', faultOn: '故障日期须在订单的服务期内。',
      amount: '请输入金额，例如 60000.00。', setupFee: (fee) => `金额不能低于一次性开通费${fee ? `（${fee}）` : ''}。`,
      policy: '本页的退款政策有误，无法显示估算。',
      order: '无法读取订单信息，无法显示估算。',
      plan: '退款政策中没有这个套餐，无法显示估算。',
      other: '无法根据这些信息进行估算。',
    },
    outcome: { full: '全额退款', partial: '部分退款', none: '无退款', ineligible: '不可退款', end_of_term: '服务至到期日' },
    reasons: {
      business_change: '业务调整', dissatisfied: '对服务不满意', provider_fault: '服务商故障',
      duplicate_purchase: '重复购买', switching_provider: '更换服务商', other: '其他',
    },
    methods: { card: '银行卡', alipay: '支付宝', wechat_pay: '微信支付', bank_transfer: '银行转账', paypal: 'PayPal', balance: '账户余额' },
  },
};

/** The reasons a prospect can have; the others are a customer's (an account page). */
export const PROSPECT_REASONS = ['business_change', 'dissatisfied', 'provider_fault'];

/**
 * The element's locale: any Chinese ("zh", "zh-cn", "zh-Hans-CN", and Traditional too) is
 * the one Chinese the engine writes, Simplified, which its readers read more easily than
 * English; anything else is English.
 */
export const localeOf = (value) => (/^zh(-|$)/i.test(value ?? '') ? 'zh-CN' : 'en');

const intlLocale = (locale) => (locale === 'en' ? 'en-GB' : locale);

// Intl formatters cost tens of microseconds to make, and formatting costs microseconds too:
// one formatter of each kind, and the texts of the last few thousand values remembered.
const formatters = new Map();
function formatter(key, make) {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f;
}
const texts = new Map();
function remembered(key, make) {
  let text = texts.get(key);
  if (text === undefined) {
    if (texts.size > 4000) texts.clear();
    texts.set(key, (text = make()));
  }
  return text;
}

/**
 * An engine amount ("43145.72") in `currency`, with exactly the digits the engine gives:
 * Intl would round to CLDR's decimals (IDR 0), the engine to ISO 4217's (IDR 2). Intl
 * formats the decimal string itself, with no conversion to a float.
 */
export function money(amount, currency, locale) {
  return remembered(`m${amount}|${currency}|${locale}`, () => {
    const digits = amount.split('.')[1]?.length ?? 0;
    const key = `n${locale}|${currency}|${digits}`;
    return formatter(key, () => new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits })).format(amount);
  });
}

export const isZero = (amount) => /^-?0(\.0*)?$/.test(amount);

// ---- Calendar days (`YYYY-MM-DD`), as the engine reads dates -----------------------------

const pad = (n, width = 2) => String(n).padStart(width, '0');
const utcDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const msOfDay = (day) => Date.parse(`${day}T00:00:00Z`);

export const isDay = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && remembered(`v${text}`, () => !Number.isNaN(msOfDay(text)) && utcDay(msOfDay(text)) === text);

/** `day` plus `n` calendar days. */
export const addDays = (day, n) => remembered(`a${day}|${n}`, () => utcDay(msOfDay(day) + n * 86_400_000));

/** Calendar days from `a` to `b`. */
export const daysBetween = (a, b) => Math.round((msOfDay(b) - msOfDay(a)) / 86_400_000);

/** `day` plus `n` calendar months, the 31st clamped to the month's end, as the engine adds months. */
export function addMonths(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${pad(first.getUTCFullYear(), 4)}-${pad(first.getUTCMonth() + 1)}-${pad(Math.min(d, last))}`;
}

/** Whole months and the days left from `a` to `b` (b after a): "4 months and 6 days". */
export function monthsAndDays(a, b) {
  const key = `s${a}|${b}`;
  let stay = texts.get(key);
  if (!stay) {
    let months = 0;
    while (addMonths(a, months + 1) <= b) months += 1;
    stay = [months, daysBetween(addMonths(a, months), b)];
    remembered(key, () => stay);
  }
  return stay;
}

/**
 * The day (`YYYY-MM-DD`) of `epochMs` in a policy's `timezone`: an offset ("+08:00", "Z";
 * none: UTC), by arithmetic, or a zone name ("America/New_York"), by the browser's own time
 * zone data (the engine has the same daylight-saving rules built in).
 */
export function dayIn(epochMs, timezone) {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(timezone ?? '');
  if (m) return utcDay(epochMs + (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000);
  try {
    const zone = timezone ?? 'UTC';
    const parts = formatter(`z${zone}`, () => new Intl.DateTimeFormat('en-US', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone })).formatToParts(epochMs);
    const part = (type) => parts.find((p) => p.type === type).value;
    return `${part('year')}-${part('month')}-${part('day')}`;
  } catch {
    return utcDay(epochMs); // "Z", or a zone the engine will refuse with its own error
  }
}

/** The policy's day of an instant; a bare date is already the policy's day. */
export function dayAt(instant, timezone) {
  const text = String(instant);
  const ms = text.length === 10 ? NaN : Date.parse(text);
  return Number.isNaN(ms) ? text.slice(0, 10) : dayIn(ms, timezone);
}

/** The day of an engine instant (RFC 3339 at the policy's offset in force): `YYYY-MM-DD`. */
export const dayOf = (instant) => instant.slice(0, 10);

/** The wall-clock time of an engine instant: "10:30". */
export const timeOf = (instant) => instant.slice(11, 16);

export const isMidnight = (instant) => instant.slice(11, 19) === '00:00:00';

/**
 * The parts of a day in `locale` (weekday, day, month, year), from the one date formatter
 * the element makes per locale: each formatter costs milliseconds on a phone the first time.
 */
function partsOf(day, locale) {
  return remembered(`p${day}|${locale}`, () => {
    const f = formatter(`p${locale}`, () => new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }));
    return Object.fromEntries(f.formatToParts(msOfDay(day)).filter((p) => p.type !== 'literal').map((p) => [p.type, p.value]));
  });
}

/** A day as the engine writes dates: "20 May 2026", "2026年5月20日"; with the weekday: "Wed, 20 May 2026", "2026年5月20日周三". */
export function formatDay(day, locale, weekday = false) {
  const p = partsOf(day, locale);
  if (locale === 'en') return weekday ? `${p.weekday}, ${p.day} ${p.month} ${p.year}` : `${p.day} ${p.month} ${p.year}`;
  return `${p.year}年${p.month}月${p.day}日${weekday ? p.weekday : ''}`;
}

/** Two days as a range, the year only when they differ: "28 May – 8 Jun", "3 – 22 Jun", "5月28日至6月8日"; one day if equal. */
export function formatRange(a, b, locale) {
  const [p, q] = [partsOf(a, locale), partsOf(b, locale)];
  const years = p.year !== q.year;
  if (locale === 'en') {
    if (a === b) return `${p.day} ${p.month}`;
    if (!years && p.month === q.month) return `${p.day} – ${q.day} ${q.month}`;
    return years ? `${formatDay(a, locale)} – ${formatDay(b, locale)}` : `${p.day} ${p.month} – ${q.day} ${q.month}`;
  }
  const short = (x) => `${years ? `${x.year}年` : ''}${x.month}月${x.day}日`;
  return a === b ? short(p) : `${short(p)}至${short(q)}`;
}

/** A policy's name (a string or `{en, zh-CN}`) in `locale`; `fallback` without one. */
export function nameIn(name, locale, fallback) {
  if (typeof name === 'string' && name) return name;
  const text = name?.[locale] ?? name?.en;
  return typeof text === 'string' && text ? text : fallback;
}
