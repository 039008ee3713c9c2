//! Every sentence the estimate shows, in English and Simplified Chinese.
//!
//! Stages never write text: they record *what* happened as a [`Detail`] or [`Notice`] with
//! the numbers, and this file turns that into words for the request's locale. Adding a
//! locale means adding one arm per `match` here, and the compiler lists every one.

use crate::calendar::Unit;
use crate::currency::Currency;
use crate::money;
use crate::policy::{FeeBase, Term, WindowLength};
use crate::read::Reader;
use crate::request::Reason;
use crate::value::Value;
use rust_decimal::Decimal;

/// The languages the engine writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    /// English (`en`), the default.
    En,
    /// Simplified Chinese (`zh-CN`).
    ZhCn,
}

impl Locale {
    /// `en` and `zh-CN`, with their common spellings (`en-US`, `zh`, `zh-Hans`, …).
    pub fn parse(tag: &str) -> Option<Locale> {
        let lower = tag.to_ascii_lowercase().replace('_', "-");
        match lower.as_str() {
            "en" | "en-us" | "en-gb" => Some(Locale::En),
            "zh" | "zh-cn" | "zh-hans" | "zh-hans-cn" | "zh-sg" => Some(Locale::ZhCn),
            _ => None,
        }
    }

    /// The BCP 47 tag: `en` or `zh-CN`.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// Every locale.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];
}

/// Text a policy provides: one string for every locale, or `{"en": …, "zh-CN": …}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    en: String,
    zh: Option<String>,
}

impl Text {
    pub fn plain(s: &str) -> Text {
        Text {
            en: crate::read::isolate(s),
            zh: None,
        }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match (locale, &self.zh) {
            (Locale::ZhCn, Some(zh)) => zh,
            _ => &self.en,
        }
    }
}

/// A policy's text, isolated (`read::isolate`) when it holds right-to-left letters or
/// bidirectional controls: it goes into the engine's sentences.
pub(crate) fn read_text(r: &mut Reader, v: &Value) -> Option<Text> {
    if let Value::String(_) = v {
        return r.string(v).map(|s| Text::plain(&s));
    }
    let mut o = r.object(v)?;
    let en = o.required(r, "en", Reader::string);
    let zh = o.optional(r, "zh-CN", Reader::string);
    o.finish(r);
    Some(Text {
        en: crate::read::isolate(&en?),
        zh: zh.map(|zh| crate::read::isolate(&zh)),
    })
}

/// Formats numbers and money for one locale and currency.
pub(crate) struct Fmt {
    pub locale: Locale,
    pub currency: Currency,
    /// The policy's rounding, so figures in the text round like the amounts.
    pub rounding: money::Rounding,
}

impl Fmt {
    fn zh(&self) -> bool {
        self.locale == Locale::ZhCn
    }

    /// `CN¥12,000.00` in English, `¥12,000.00` in Chinese, at the currency's minor unit
    /// (intermediate figures keep full precision in the arithmetic, not in the text).
    pub fn money(&self, amount: Decimal) -> String {
        let minor = self.currency.minor_unit();
        self.symbol_and_figure(money::round(amount, minor, self.rounding))
    }

    /// A computed figure shown at the minor unit: marked "≈" when that display rounded it,
    /// so "≈CN¥46,556.71 × 5%" is not read as an exact product.
    pub fn approx(&self, amount: Decimal) -> String {
        let shown = money::round(amount, self.currency.minor_unit(), self.rounding);
        if shown == amount {
            self.money(amount)
        } else {
            format!("≈{}", self.money(amount))
        }
    }

    /// A unit price: like `money`, but with as many decimals as the price has (¥0.0035).
    pub fn price(&self, amount: Decimal) -> String {
        let minor = self.currency.minor_unit();
        let mut d = amount.normalize();
        if d.scale() < minor {
            d.rescale(minor);
        }
        self.symbol_and_figure(d)
    }

    fn symbol_and_figure(&self, d: Decimal) -> String {
        let sign = if d.is_sign_negative() && !d.is_zero() {
            "-"
        } else {
            ""
        };
        format!(
            "{sign}{}{}",
            self.currency.symbol(self.zh()),
            money::grouped(d.abs())
        )
    }

    pub fn num(&self, d: Decimal) -> String {
        money::figure(d)
    }

    /// A computed quantity (days used, periods re-priced): exact up to two decimals
    /// ("15.5"), else rounded to two and marked "≈" ("≈2.42"), never a raw fraction such as
    /// "56.6667".
    pub fn quantity(&self, d: Decimal) -> String {
        let shown =
            d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        if shown == d {
            money::figure(d)
        } else {
            format!("≈{}", money::figure_dp(d, 2))
        }
    }

    /// A quantity rounded to a whole number for prose ("about 57 hours"): the figure, and
    /// whether it was rounded.
    pub fn about_whole(&self, d: Decimal) -> (String, bool) {
        let whole =
            d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        (money::figure(whole), whole != d)
    }

    /// `12.5%`.
    pub fn percent(&self, d: Decimal) -> String {
        format!("{}%", money::figure(d))
    }

    /// `126 days`, `1 month`, `126天`, `3个月`.
    pub fn units(&self, n: Decimal, unit: Unit) -> String {
        let figure = self.quantity(n);
        if self.zh() {
            let u = match unit {
                Unit::Second => "秒",
                Unit::Minute => "分钟",
                Unit::Hour => "小时",
                Unit::Day => "天",
                Unit::Month => "个月",
            };
            return format!("{figure} {u}");
        }
        let one = n == Decimal::ONE;
        let u = match (unit, one) {
            (Unit::Second, true) => "second",
            (Unit::Second, false) => "seconds",
            (Unit::Minute, true) => "minute",
            (Unit::Minute, false) => "minutes",
            (Unit::Hour, true) => "hour",
            (Unit::Hour, false) => "hours",
            (Unit::Day, true) => "day",
            (Unit::Day, false) => "days",
            (Unit::Month, true) => "month",
            (Unit::Month, false) => "months",
        };
        format!("{figure} {u}")
    }

    /// As an adjective: "5-day", "120-hour" / "5 天", "120 小时".
    fn window(&self, w: WindowLength) -> String {
        match (w, self.zh()) {
            (WindowLength::Days(d), true) => format!("{d} 天"),
            (WindowLength::Hours(h), true) => format!("{h} 小时"),
            (WindowLength::Days(d), false) => format!("{d}-day"),
            (WindowLength::Hours(h), false) => format!("{h}-hour"),
        }
    }

    /// As an adjective, with how its days count: "5-day", "5-calendar-day" / "5 天",
    /// "5 个自然日".
    fn window_of(&self, w: WindowLength, counting: crate::policy::Counting) -> String {
        match (w, counting, self.zh()) {
            (WindowLength::Days(d), crate::policy::Counting::CalendarDays { .. }, true) => {
                format!("{d} 个自然日")
            }
            (WindowLength::Days(d), crate::policy::Counting::CalendarDays { .. }, false) => {
                format!("{d}-calendar-day")
            }
            _ => self.window(w),
        }
    }

    /// "month", "2 months" / "月", "2个月": the period a list rate is quoted per.
    fn per(&self, t: Term) -> String {
        let (n, unit) = match t {
            Term::Months(m) => (m, Unit::Month),
            Term::Days(d) => (d, Unit::Day),
            Term::Hours(h) => (h, Unit::Hour),
        };
        if n != 1 {
            return self.units(Decimal::from(n), unit);
        }
        let zh = self.zh();
        match (unit, zh) {
            (Unit::Month, true) => "月",
            (Unit::Day, true) => "天",
            (_, true) => "小时",
            (Unit::Month, false) => "month",
            (Unit::Day, false) => "day",
            (_, false) => "hour",
        }
        .to_owned()
    }

    fn reason(&self, reason: Reason) -> &'static str {
        match (reason, self.zh()) {
            (Reason::BusinessChange, false) => "a change of business plans",
            (Reason::BusinessChange, true) => "业务调整",
            (Reason::Dissatisfied, false) => "dissatisfaction with the service",
            (Reason::Dissatisfied, true) => "对服务不满意",
            (Reason::ProviderFault, false) => "a fault on the provider's side",
            (Reason::ProviderFault, true) => "服务商故障",
            (Reason::DuplicatePurchase, false) => "a duplicate purchase",
            (Reason::DuplicatePurchase, true) => "重复购买",
            (Reason::SwitchingProvider, false) => "a switch to another provider",
            (Reason::SwitchingProvider, true) => "更换服务商",
            (Reason::Other, false) => "another reason",
            (Reason::Other, true) => "其他原因",
        }
    }
}

/// Breakdown line codes. The string forms are part of the public contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineCode {
    Paid,
    NotRefundable,
    WholeRefund,
    CoolingOff,
    PromotionClawback,
    Consumed,
    ConsumedMultiplier,
    Usage,
    HandlingFee,
    EarlyTerminationFee,
    SetupFee,
    ProcessingFee,
    Voucher,
    Credit,
    SlaCredit,
    Outstanding,
    Cap,
    BelowMinimum,
    Floor,
    EndOfTerm,
    LowerPrice,
    AccountCap,
}

impl LineCode {
    /// Every line code (the serde feature reads codes back against it).
    #[cfg(any(test, all(feature = "serde", not(target_arch = "wasm32"))))]
    pub const ALL: [LineCode; 22] = [
        LineCode::Paid,
        LineCode::NotRefundable,
        LineCode::WholeRefund,
        LineCode::CoolingOff,
        LineCode::PromotionClawback,
        LineCode::Consumed,
        LineCode::ConsumedMultiplier,
        LineCode::Usage,
        LineCode::HandlingFee,
        LineCode::EarlyTerminationFee,
        LineCode::SetupFee,
        LineCode::ProcessingFee,
        LineCode::Voucher,
        LineCode::Credit,
        LineCode::SlaCredit,
        LineCode::Outstanding,
        LineCode::Cap,
        LineCode::BelowMinimum,
        LineCode::Floor,
        LineCode::EndOfTerm,
        LineCode::LowerPrice,
        LineCode::AccountCap,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LineCode::Paid => "paid",
            LineCode::NotRefundable => "not_refundable",
            LineCode::WholeRefund => "whole_refund",
            LineCode::CoolingOff => "cooling_off",
            LineCode::PromotionClawback => "promotion_clawback",
            LineCode::Consumed => "consumed",
            LineCode::ConsumedMultiplier => "consumed_multiplier",
            LineCode::Usage => "usage",
            LineCode::HandlingFee => "handling_fee",
            LineCode::EarlyTerminationFee => "early_termination_fee",
            LineCode::SetupFee => "setup_fee",
            LineCode::ProcessingFee => "processing_fee",
            LineCode::Voucher => "voucher",
            LineCode::Credit => "credit",
            LineCode::SlaCredit => "sla_credit",
            LineCode::Outstanding => "outstanding",
            LineCode::Cap => "cap",
            LineCode::BelowMinimum => "below_minimum",
            LineCode::Floor => "floor",
            LineCode::EndOfTerm => "end_of_term",
            LineCode::LowerPrice => "lower_price",
            LineCode::AccountCap => "account_cap",
        }
    }

    pub fn label(self, locale: Locale) -> &'static str {
        let zh = locale == Locale::ZhCn;
        match (self, zh) {
            (LineCode::Paid, false) => "Amount paid",
            (LineCode::Paid, true) => "实付金额",
            (LineCode::NotRefundable, false) => "Not refundable",
            (LineCode::NotRefundable, true) => "不可退款",
            (LineCode::WholeRefund, false) => "Full refund",
            (LineCode::WholeRefund, true) => "全额退款",
            (LineCode::CoolingOff, false) => "No-questions window",
            (LineCode::CoolingOff, true) => "无理由退款期",
            (LineCode::PromotionClawback, false) => "Promotion discount on the time used",
            (LineCode::PromotionClawback, true) => "收回已用时长的促销优惠",
            (LineCode::Consumed, false) => "Service already used",
            (LineCode::Consumed, true) => "已使用的服务费用",
            (LineCode::ConsumedMultiplier, false) => "Early-cancellation surcharge",
            (LineCode::ConsumedMultiplier, true) => "短期使用加收",
            (LineCode::Usage, false) => "Metered usage",
            (LineCode::Usage, true) => "按量使用费用",
            (LineCode::HandlingFee, false) => "Handling fee",
            (LineCode::HandlingFee, true) => "退订手续费",
            (LineCode::EarlyTerminationFee, false) => "Early-termination fee",
            (LineCode::EarlyTerminationFee, true) => "提前解约违约金",
            (LineCode::SetupFee, false) => "One-time setup fee",
            (LineCode::SetupFee, true) => "一次性开通费",
            (LineCode::ProcessingFee, false) => "Payment processing fee",
            (LineCode::ProcessingFee, true) => "支付手续费",
            (LineCode::Voucher, false) => "Vouchers",
            (LineCode::Voucher, true) => "代金券",
            (LineCode::Credit, false) => "Gift credit",
            (LineCode::Credit, true) => "抵用金",
            (LineCode::SlaCredit, false) => "SLA compensation",
            (LineCode::SlaCredit, true) => "SLA 赔偿",
            (LineCode::Outstanding, false) => "Unpaid charges",
            (LineCode::Outstanding, true) => "欠费抵扣",
            (LineCode::Cap, false) => "Limited to the amount paid",
            (LineCode::Cap, true) => "以实付金额为上限",
            (LineCode::BelowMinimum, false) => "Below the minimum refund",
            (LineCode::BelowMinimum, true) => "低于最低退款额",
            (LineCode::Floor, false) => "No refund below zero",
            (LineCode::Floor, true) => "退款金额最低为零",
            (LineCode::EndOfTerm, false) => "Service runs to the end of the term",
            (LineCode::EndOfTerm, true) => "服务保留至到期日",
            (LineCode::LowerPrice, false) => "Refunded on the lower price",
            (LineCode::LowerPrice, true) => "按较低价格退款",
            (LineCode::AccountCap, false) => "Account refund limit",
            (LineCode::AccountCap, true) => "账户退款额度上限",
        }
    }
}

/// A cap or floor applied to a fee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Clamp {
    None,
    Min(Decimal),
    Max(Decimal),
    /// A handling fee limited to the unused amount (after being raised to a minimum, if any).
    Unused {
        unused: Decimal,
        min: Option<Decimal>,
    },
}

/// What an early-termination fee was computed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FeeFormula {
    RemainingPercent {
        percent: Decimal,
        monthly: Decimal,
        months_left: u32,
    },
    MonthsOfFee {
        months: u32,
        monthly: Decimal,
    },
    Flat {
        amount: Decimal,
    },
    /// (months, percent) groups of the remaining months.
    Schedule {
        monthly: Decimal,
        groups: Vec<(u32, Decimal)>,
    },
    Lesser {
        discount: Decimal,
        list_monthly: Decimal,
        monthly: Decimal,
        months_used: u32,
        months_left: u32,
    },
}

/// What a line means, with the numbers that went into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Detail {
    Paid {
        cash: Decimal,
        credit: Decimal,
        voucher: Decimal,
    },
    PromotionNotRefundable,
    /// What one of several orders settled together paid (`number` from 1, `order` first).
    PaidTogether {
        number: u32,
        start: crate::calendar::Date,
        renewal: bool,
        cash: Decimal,
        credit: Decimal,
        voucher: Decimal,
    },
    /// The plan is not refundable (`cancellation.refund: "none"`), or its refund window
    /// closed on `closed`.
    PlanNotRefundable {
        closed: Option<chrono::NaiveDateTime>,
    },
    /// The account's refunds over a rolling window are limited: this refund is trimmed to
    /// what is left, or refused.
    AccountCap {
        limit: Decimal,
        months: u32,
        used: Decimal,
        left: Decimal,
        /// The window's start, for the text.
        since: Option<crate::calendar::Date>,
        refused: bool,
    },
    /// The refund is computed on the lower of what was paid for the service and the plan's
    /// current price.
    LowerPrice {
        paid: Decimal,
        current: Decimal,
    },
    /// Cancelling stops the renewal; the service runs until `ends` and the payment is kept
    /// (after a refund window that closed at `closed`, when there is one). Wall-clock
    /// times in the policy's zone.
    EndOfTerm {
        ends: chrono::NaiveDateTime,
        closed: Option<chrono::NaiveDateTime>,
    },
    Blocked {
        blocker: crate::policy::Blocker,
    },
    InvoicedBlocked,
    NotStarted {
        start: crate::calendar::Date,
    },
    NeverActivated,
    CoolingOff {
        window: WindowLength,
        from: crate::policy::WindowFrom,
        /// Since the window's start; `None` before the activation it starts from.
        elapsed_hours: Option<Decimal>,
        /// A window of calendar days: when it closes (24:00 of its last day), on the
        /// policy's wall clock; hours since it opened would mislead.
        calendar_until: Option<chrono::NaiveDateTime>,
    },
    /// The discount on the time used: `(price − paid) × used ÷ whole`.
    PromotionClawback {
        price: Decimal,
        paid: Decimal,
        used: Decimal,
        whole: Decimal,
        unit: Unit,
    },
    ProRata {
        base: Decimal,
        used: Decimal,
        term: Decimal,
        unit: Unit,
    },
    CurrentMonth {
        base: Decimal,
        used: Decimal,
        period: Decimal,
        unit: Unit,
    },
    ListRate {
        parts: Vec<(Decimal, Term, Decimal)>,
    },
    Multiplier {
        consumed: Decimal,
        factor: Decimal,
        within_days: Option<u32>,
    },
    Usage {
        meter: String,
        used: Decimal,
        included: Decimal,
        unit_price: Decimal,
    },
    Handling {
        percent: Decimal,
        base: Decimal,
        of: FeeBase,
        year: Option<(u32, u32)>,
        clamp: Clamp,
        /// The amount paid was lowered to the plan's current price (`refundBase`): the fee
        /// is a percent of that lower price.
        on_lower_price: bool,
    },
    EarlyTermination {
        formula: FeeFormula,
        clamp: Clamp,
        /// The clause for a cancellation before the service is delivered.
        before_delivery: bool,
        /// The plan's one-time charge added to the fee (what the order has not paid of it).
        one_time: Option<Decimal>,
    },
    Waived {
        reason: Reason,
    },
    /// Waived by the customer's framework contract.
    WaivedByContract,
    SetupFee,
    ProcessingFee {
        cash: Decimal,
        percent: Decimal,
        fixed: Decimal,
        method: crate::order::PaymentMethod,
        /// The fee, when the cash paid or what is left to refund limited it.
        limited_to: Option<Decimal>,
    },
    VoucherForfeit {
        voucher: Decimal,
    },
    VoucherProportional {
        remaining: Decimal,
        voucher: Decimal,
        total: Decimal,
    },
    CreditForfeit {
        credit: Decimal,
    },
    Sla {
        availability: Decimal,
        below: Decimal,
        percent: Decimal,
        monthly: Decimal,
        cap: Option<Decimal>,
    },
    Outstanding,
    Cap {
        paid: Decimal,
    },
    BelowMinimum {
        minimum: Decimal,
    },
    /// The part of a negative result not billed; `unpaid_owed` when unpaid charges beyond
    /// the refund are still owed (and said apart).
    Floor {
        unpaid_owed: bool,
    },
}

impl Fmt {
    pub fn detail(&self, d: &Detail) -> String {
        let zh = self.zh();
        let m = |x: Decimal| self.money(x);
        match d {
            Detail::Paid {
                cash,
                credit,
                voucher,
            } => {
                // Cash is named unless the order was paid without any (all credit or vouchers).
                let mut parts = Vec::new();
                if !cash.is_zero() || (credit.is_zero() && voucher.is_zero()) {
                    parts.push(if zh {
                        format!("现金 {}", m(*cash))
                    } else {
                        format!("{} cash", m(*cash))
                    });
                }
                if !credit.is_zero() {
                    parts.push(if zh {
                        format!("抵用金 {}", m(*credit))
                    } else {
                        format!("{} gift credit", m(*credit))
                    });
                }
                if !voucher.is_zero() {
                    parts.push(if zh {
                        format!("代金券 {}", m(*voucher))
                    } else {
                        format!("{} vouchers", m(*voucher))
                    });
                }
                if zh {
                    format!("本订单实付：{}", parts.join(" + "))
                } else {
                    format!("Paid for this order: {}", parts.join(" + "))
                }
            }
            Detail::PaidTogether {
                number,
                start,
                renewal,
                cash,
                credit,
                voucher,
            } => {
                let parts = self.paid_parts(*cash, *credit, *voucher);
                let start = self.date(*start);
                match (renewal, zh) {
                    (false, true) => format!("第 {number} 笔订单（{start}起）实付：{parts}"),
                    (true, true) => {
                        format!("第 {number} 笔订单（{start}起的续费）实付：{parts}")
                    }
                    (false, false) => format!("Paid for order {number}, from {start}: {parts}"),
                    (true, false) => {
                        format!("Paid for order {number}, the renewal from {start}: {parts}")
                    }
                }
            }
            Detail::Blocked { blocker } => {
                use crate::policy::Blocker;
                match (blocker, zh) {
                    (Blocker::Trial, true) => "试用订单不支持退款。".into(),
                    (Blocker::Trial, false) => "Trial orders cannot be refunded.".into(),
                    (Blocker::Frozen, true) => "账户已被冻结，解冻前无法办理退款。".into(),
                    (Blocker::Frozen, false) => {
                        "The account is frozen: no refund can be made until it is unfrozen.".into()
                    }
                    (Blocker::PendingTransaction, true) => {
                        "该订单有尚未完成的交易（续费、变更配置或退款），请在交易完成后再申请。".into()
                    }
                    (Blocker::PendingTransaction, false) => {
                        "Another transaction on this order (a renewal, a change or a refund) is still in progress: apply again once it completes.".into()
                    }
                }
            }
            Detail::PlanNotRefundable { closed: None } => {
                if zh {
                    "该套餐不支持退款：退订后服务即停止，已付费用不予退还。".into()
                } else {
                    "This plan is not refundable: cancelling ends the service, and nothing of the payment comes back.".into()
                }
            }
            Detail::PlanNotRefundable {
                closed: Some(closed),
            } => {
                let closed = self.moment(*closed);
                if zh {
                    format!("退款期已于{closed}结束，此后退订不予退款，服务随即停止。")
                } else {
                    format!("The refund window closed at {closed}: cancelling now ends the service, and nothing of the payment comes back.")
                }
            }
            Detail::AccountCap {
                limit,
                months,
                used,
                left,
                since,
                refused,
            } => {
                let since = since.map(|d| self.date(d)).unwrap_or_default();
                match (refused, zh) {
                    (false, true) => format!(
                        "本账户每 {months} 个月的退款额度为 {}：自{since}以来已退款 {}，剩余额度 {}，本次退款以此为限。",
                        m(*limit),
                        m(*used),
                        m(*left)
                    ),
                    (false, false) => format!(
                        "Refunds to this account are limited to {} per {}: {} refunded since {since} leaves {}, so this refund is limited to it.",
                        m(*limit),
                        self.units(Decimal::from(*months), Unit::Month),
                        m(*used),
                        m(*left)
                    ),
                    (true, true) => format!(
                        "本账户每 {months} 个月的退款额度为 {}：自{since}以来已退款 {}，剩余额度 {} 不足以支付本次退款，因此不予退款。",
                        m(*limit),
                        m(*used),
                        m(*left)
                    ),
                    (true, false) => format!(
                        "Refunds to this account are limited to {} per {}: {} refunded since {since} leaves {}, less than this refund, so it is refused.",
                        m(*limit),
                        self.units(Decimal::from(*months), Unit::Month),
                        m(*used),
                        m(*left)
                    ),
                }
            }
            Detail::LowerPrice { paid, current } if current < paid => {
                let difference = paid.checked_sub(*current).unwrap_or_default();
                if zh {
                    format!(
                        "退款按实付服务费用（{}）与套餐现价（{}）中的较低者计算，差额 {} 不予退还。",
                        m(*paid),
                        m(*current),
                        m(difference)
                    )
                } else {
                    format!(
                        "Refunds are computed on the lower of what was paid for the service ({}) and the plan's current price ({}): the {} difference is not refunded.",
                        m(*paid),
                        m(*current),
                        m(difference)
                    )
                }
            }
            Detail::LowerPrice { paid, current } => {
                if zh {
                    format!(
                        "退款按实付服务费用（{}）与套餐现价（{}）中的较低者计算，即按实付金额计算。",
                        m(*paid),
                        m(*current)
                    )
                } else {
                    format!(
                        "Refunds are computed on the lower of what was paid for the service ({}) and the plan's current price ({}): what was paid.",
                        m(*paid),
                        m(*current)
                    )
                }
            }
            Detail::EndOfTerm { ends, closed } => {
                let ends = self.moment(*ends);
                match (closed.map(|c| self.moment(c)), zh) {
                    (None, true) => format!(
                        "退订后不再续费：服务持续到已付服务期结束（{ends}），已付费用不予退还。"
                    ),
                    (None, false) => format!(
                        "Cancelling stops the renewal: the service runs until the paid term ends, at {ends}, and the payment is not refunded."
                    ),
                    (Some(closed), true) => format!(
                        "退款期已于{closed}结束：退订后不再续费，服务持续到已付服务期结束（{ends}），已付费用不予退还。"
                    ),
                    (Some(closed), false) => format!(
                        "The refund window closed at {closed}: cancelling now stops the renewal, the service runs until the paid term ends, at {ends}, and the payment is not refunded."
                    ),
                }
            }
            Detail::PromotionNotRefundable => {
                if zh {
                    "该订单为促销活动订单，按政策不支持退款。".into()
                } else {
                    "This order was bought in a promotion, and promotional orders cannot be refunded.".into()
                }
            }
            Detail::InvoicedBlocked => {
                if zh {
                    "该订单已开具发票，按政策不支持退订退款。".into()
                } else {
                    "An invoice has been issued for this order, and invoiced orders cannot be cancelled for a refund.".into()
                }
            }
            Detail::NotStarted { start } => {
                let start = self.date(*start);
                if zh {
                    format!("续费订单尚未生效（{start}起生效），全额退款。")
                } else {
                    format!("This renewal has not started yet (it starts on {start}), so it is refunded in full.")
                }
            }
            Detail::NeverActivated => {
                if zh {
                    "资源未能开通或从未启用，全额退款，代金券一并退回。".into()
                } else {
                    "The service was never activated, so everything is refunded, vouchers included."
                        .into()
                }
            }
            Detail::CoolingOff {
                window,
                from,
                elapsed_hours,
                calendar_until: Some(until),
            } => {
                use crate::policy::WindowFrom;
                let days = match window {
                    WindowLength::Days(d) | WindowLength::Hours(d) => *d,
                };
                let until = self.moment(*until);
                match (from, elapsed_hours.is_some(), zh) {
                    (WindowFrom::Purchase, _, true) => format!(
                        "在无理由退款期内申请（购买次日起 {days} 个自然日，至{until}止），全额退还实付现金。"
                    ),
                    (WindowFrom::Purchase, _, false) => format!(
                        "Cancelled inside the no-questions window of {days} calendar days (counted from the day after the purchase, to {until}): the cash paid comes back in full."
                    ),
                    (WindowFrom::Activation, true, true) => format!(
                        "在无理由退款期内申请（服务激活次日起 {days} 个自然日，至{until}止），全额退还实付现金。"
                    ),
                    (WindowFrom::Activation, true, false) => format!(
                        "Cancelled inside the no-questions window of {days} calendar days (counted from the day after the service was activated, to {until}): the cash paid comes back in full."
                    ),
                    (_, false, true) => format!(
                        "在服务激活前申请，属于无理由退款期（激活次日起 {days} 个自然日），全额退还实付现金。"
                    ),
                    (_, false, false) => format!(
                        "Cancelled before the service was activated, inside the no-questions window of {days} calendar days that starts at activation: the cash paid comes back in full."
                    ),
                }
            }
            Detail::CoolingOff {
                window,
                from,
                elapsed_hours,
                calendar_until: None,
            } => {
                use crate::policy::WindowFrom;
                let w = self.window(*window);
                match (from, elapsed_hours.map(|h| self.about_whole(h)), zh) {
                    (WindowFrom::Purchase, Some((h, about)), true) => format!(
                        "在购买后 {w}内申请（距购买{} {h} 小时），属于无理由退款期，全额退还实付现金。",
                        if about { "约" } else { "" }
                    ),
                    (WindowFrom::Purchase, Some((h, about)), false) => format!(
                        "Cancelled {}{h} hours after the purchase, inside the {w} no-questions window: the cash paid comes back in full.",
                        if about { "about " } else { "" }
                    ),
                    (WindowFrom::Activation, Some((h, about)), true) => format!(
                        "在服务激活后 {w}内申请（距激活{} {h} 小时），属于无理由退款期，全额退还实付现金。",
                        if about { "约" } else { "" }
                    ),
                    (WindowFrom::Activation, Some((h, about)), false) => format!(
                        "Cancelled {}{h} hours after the service was activated, inside the {w} no-questions window that starts at activation: the cash paid comes back in full.",
                        if about { "about " } else { "" }
                    ),
                    (_, None, true) => format!(
                        "在服务激活前申请，属于无理由退款期（激活后 {w}内），全额退还实付现金。"
                    ),
                    (_, None, false) => format!(
                        "Cancelled before the service was activated, inside the {w} no-questions window that starts at activation: the cash paid comes back in full."
                    ),
                }
            }
            Detail::PromotionClawback {
                price,
                paid,
                used,
                whole,
                unit,
            } => {
                if zh {
                    format!(
                        "促销优惠按已使用时长收回：（原价 {} − 实付 {}）× 已用 {} ÷ 总时长 {}",
                        m(*price),
                        m(*paid),
                        self.units(*used, *unit),
                        self.units(*whole, *unit)
                    )
                } else {
                    format!(
                        "The promotion discount on the time used is taken back: (list price {} − paid {}) × {} used ÷ {}",
                        m(*price),
                        m(*paid),
                        self.units(*used, *unit),
                        self.units(*whole, *unit)
                    )
                }
            }
            Detail::ProRata {
                base,
                used,
                term,
                unit,
            } => {
                if zh {
                    format!(
                        "按使用时长折算：{} × 已用 {} ÷ 总时长 {}",
                        m(*base),
                        self.units(*used, *unit),
                        self.units(*term, *unit)
                    )
                } else {
                    format!(
                        "{} × {} used ÷ {} in the term",
                        m(*base),
                        self.units(*used, *unit),
                        self.units(*term, *unit)
                    )
                }
            }
            Detail::CurrentMonth {
                base,
                used,
                period,
                unit,
            } => {
                if zh {
                    format!(
                        "本月账单按使用时长折算：{} × 已用 {} ÷ 本计费月 {}",
                        m(*base),
                        self.units(*used, *unit),
                        self.units(*period, *unit)
                    )
                } else {
                    format!(
                        "This month's bill, by time used: {} × {} used ÷ {} in the billing month",
                        m(*base),
                        self.units(*used, *unit),
                        self.units(*period, *unit)
                    )
                }
            }
            Detail::ListRate { parts } => {
                let terms: Vec<String> = parts
                    .iter()
                    .map(|(n, per, price)| {
                        let per_text = self.per(*per);
                        if zh {
                            format!(
                                "{} × {}（每{}）",
                                self.quantity(*n),
                                self.price(*price),
                                per_text
                            )
                        } else {
                            format!(
                                "{} × {} per {}",
                                self.quantity(*n),
                                self.price(*price),
                                per_text
                            )
                        }
                    })
                    .collect();
                if zh {
                    format!("已用时长按标准价格重新计费：{}", terms.join(" + "))
                } else {
                    format!("Time used, re-priced at list rates: {}", terms.join(" + "))
                }
            }
            Detail::Multiplier {
                consumed,
                factor,
                within_days,
            } => {
                let extra = self.num(factor.checked_sub(Decimal::ONE).unwrap_or_default());
                match (within_days, zh) {
                    (Some(days), true) => format!(
                        "开通后 {days} 天内退订，已用费用按 {} 倍计：{} × {extra}",
                        self.num(*factor),
                        self.approx(*consumed)
                    ),
                    (Some(days), false) => format!(
                        "Cancelled within {days} days of the start, so time used costs ×{}: {} × {extra}",
                        self.num(*factor),
                        self.approx(*consumed)
                    ),
                    (None, true) => format!("已用费用按 {} 倍计：{} × {extra}", self.num(*factor), self.approx(*consumed)),
                    (None, false) => format!("Time used costs ×{}: {} × {extra}", self.num(*factor), self.approx(*consumed)),
                }
            }
            Detail::Usage {
                meter,
                used,
                included,
                unit_price,
            } => {
                let billable = used
                    .checked_sub(*included)
                    .unwrap_or_default()
                    .max(Decimal::ZERO);
                match (billable.is_zero(), zh) {
                    // Nothing included: the quantity is what is billed.
                    (false, true) if included.is_zero() => format!(
                        "{meter}：已用 {} × 单价 {}",
                        self.num(*used),
                        self.price(*unit_price)
                    ),
                    (false, false) if included.is_zero() => format!(
                        "{meter}: {} used × {}",
                        self.num(*used),
                        self.price(*unit_price)
                    ),
                    (true, true) => format!(
                        "{meter}：已用 {}，未超出套餐内含的 {}，不另收费",
                        self.num(*used),
                        self.num(*included)
                    ),
                    (true, false) => format!(
                        "{meter}: {} used, within the {} included: nothing to pay",
                        self.num(*used),
                        self.num(*included)
                    ),
                    (false, true) => format!(
                        "{meter}：已用 {} − 套餐内含 {} = {} × 单价 {}",
                        self.num(*used),
                        self.num(*included),
                        self.num(billable),
                        self.price(*unit_price)
                    ),
                    (false, false) => format!(
                        "{meter}: {} used − {} included = {} × {}",
                        self.num(*used),
                        self.num(*included),
                        self.num(billable),
                        self.price(*unit_price)
                    ),
                }
            }
            Detail::Handling {
                percent,
                base,
                of,
                year,
                clamp,
                on_lower_price,
            } => {
                let of_text = match (of, zh) {
                    (FeeBase::Paid, false) if *on_lower_price => "the lower price",
                    (FeeBase::Paid, true) if *on_lower_price => "较低价格",
                    (FeeBase::Paid, false) => "the amount paid",
                    (FeeBase::Paid, true) => "实付金额",
                    (FeeBase::Remaining, false) => "the unused amount",
                    (FeeBase::Remaining, true) => "未使用金额",
                };
                let mut s = if zh {
                    format!(
                        "{}的 {}：{} × {}",
                        of_text,
                        self.percent(*percent),
                        self.approx(*base),
                        self.percent(*percent)
                    )
                } else {
                    format!(
                        "{} of {}: {} × {}",
                        self.percent(*percent),
                        of_text,
                        self.approx(*base),
                        self.percent(*percent)
                    )
                };
                if let Some((y, term)) = year {
                    s.push_str(&if zh {
                        format!("（{term} 个月合约的第 {y} 年）")
                    } else {
                        format!(" (year {y} of a {term}-month term)")
                    });
                }
                s.push_str(&self.clamp(*clamp));
                s
            }
            Detail::EarlyTermination {
                formula,
                clamp,
                before_delivery,
                one_time,
            } => {
                let mut s = match (before_delivery, zh) {
                    (false, _) => self.fee_formula(formula),
                    (true, true) => format!("服务交付前退订：{}", self.fee_formula(formula)),
                    (true, false) => format!(
                        "Cancelled before the service was delivered: {}",
                        lower_first(&self.fee_formula(formula))
                    ),
                };
                match (one_time, zh) {
                    (None, _) => {}
                    // Paid with the order and kept by the setup-fee line: not charged twice.
                    (Some(charge), true) if charge.is_zero() => {
                        s.push_str("；一次性费用已随订单支付，按开通费不予退还，不再重复收取")
                    }
                    (Some(charge), false) if charge.is_zero() => s.push_str(
                        "; the one-time charge was paid with the order and is kept as the setup fee, not charged twice",
                    ),
                    (Some(charge), true) => {
                        s.push_str(&format!("，另加一次性费用 {}", m(*charge)))
                    }
                    (Some(charge), false) => {
                        s.push_str(&format!(", plus the one-time charge of {}", m(*charge)))
                    }
                }
                s.push_str(&self.clamp(*clamp));
                s
            }
            Detail::Waived { reason } => {
                if zh {
                    format!("因{}退订，免收此项费用。", self.reason(*reason))
                } else {
                    format!(
                        "Waived: the cancellation is due to {}.",
                        self.reason(*reason)
                    )
                }
            }
            Detail::WaivedByContract => {
                if zh {
                    "已免除：您的框架合同约定免收此项费用。".into()
                } else {
                    "Waived: your framework contract waives this fee.".into()
                }
            }
            Detail::SetupFee => {
                if zh {
                    "开通、安装等一次性费用不予退还。".into()
                } else {
                    "One-time charges (setup, installation) are not refunded.".into()
                }
            }
            Detail::ProcessingFee {
                cash,
                percent,
                fixed,
                method,
                limited_to,
            } => {
                let formula = match (percent.is_zero(), fixed.is_zero()) {
                    (false, false) => {
                        format!("{} × {} + {}", m(*cash), self.percent(*percent), m(*fixed))
                    }
                    (false, true) => format!("{} × {}", m(*cash), self.percent(*percent)),
                    _ => m(*fixed),
                };
                let method = self.method_name(*method);
                let limit = match (limited_to, zh) {
                    (None, _) => String::new(),
                    // Limited by the cash paid or by what is left to refund.
                    (Some(x), true) => {
                        format!("，以 {} 为限（不超过实付现金和剩余可退金额）", m(*x))
                    }
                    (Some(x), false) => format!(
                        ", limited to {} (no more than the cash paid or what is left to refund)",
                        m(*x)
                    ),
                };
                if zh {
                    format!("{method}付款的支付手续费不予退还：{formula}{limit}")
                } else {
                    format!(
                        "The processing fee on the {method} payment is not refunded: {formula}{limit}"
                    )
                }
            }
            Detail::VoucherForfeit { voucher } => {
                if zh {
                    format!("支付时使用的代金券 {} 不予退还。", m(*voucher))
                } else {
                    format!("Vouchers used to pay ({}) are not refunded.", m(*voucher))
                }
            }
            Detail::VoucherProportional {
                remaining,
                voucher,
                total,
            } => {
                if zh {
                    format!(
                        "按现金支付比例退款，代金券部分不退：{} × {} ÷ {}",
                        self.approx(*remaining),
                        m(*voucher),
                        m(*total)
                    )
                } else {
                    format!(
                        "The refund follows the cash share of the payment; the voucher share is kept: {} × {} ÷ {}",
                        self.approx(*remaining),
                        m(*voucher),
                        m(*total)
                    )
                }
            }
            Detail::CreditForfeit { credit } => {
                if zh {
                    format!("支付时使用的抵用金 {} 不予退还。", m(*credit))
                } else {
                    format!("Gift credit used to pay ({}) is not refunded.", m(*credit))
                }
            }
            Detail::Sla {
                availability,
                below,
                percent,
                monthly,
                cap,
            } => {
                let mut s = if zh {
                    format!(
                        "当月可用性 {} 低于 {}：赔偿月费的 {}，{} × {}",
                        self.percent(*availability),
                        self.percent(*below),
                        self.percent(*percent),
                        m(*monthly),
                        self.percent(*percent)
                    )
                } else {
                    format!(
                        "Availability of {} is below {}: {} of the monthly fee, {} × {}",
                        self.percent(*availability),
                        self.percent(*below),
                        self.percent(*percent),
                        m(*monthly),
                        self.percent(*percent)
                    )
                };
                if let Some(cap) = cap {
                    s.push_str(&if zh {
                        format!("，以 {} 为上限", m(*cap))
                    } else {
                        format!(", capped at {}", m(*cap))
                    });
                }
                s
            }
            Detail::Outstanding => {
                if zh {
                    "未结清的欠费先从退款中抵扣。".into()
                } else {
                    "Unpaid charges are deducted before anything is paid out.".into()
                }
            }
            Detail::Cap { paid } => {
                if zh {
                    format!("退款不超过实付金额 {}。", m(*paid))
                } else {
                    format!("A refund never exceeds what was paid ({}).", m(*paid))
                }
            }
            Detail::BelowMinimum { minimum } => {
                if zh {
                    format!("低于 {} 的退款不予办理。", m(*minimum))
                } else {
                    format!("Refunds below {} are not paid out.", m(*minimum))
                }
            }
            Detail::Floor { unpaid_owed: false } => {
                if zh {
                    "扣除项超过可退金额，本次不退款，超出部分也不会向您收取。".into()
                } else {
                    "The deductions exceed the refundable amount, so nothing is refunded, and you are not billed for the difference.".into()
                }
            }
            Detail::Floor { unpaid_owed: true } => {
                if zh {
                    "服务费用和手续费超出可退金额的部分不向您收取；退款不足以抵扣的欠费仍需支付（见提示）。".into()
                } else {
                    "What the service and the fees cost beyond the refundable amount is not billed; the unpaid charges the refund does not cover are still owed (see the warnings).".into()
                }
            }
        }
    }

    /// "$9,000.00 cash + $1,000.00 vouchers" / "现金 ¥9,000.00 + 代金券 ¥1,000.00": cash is
    /// named unless the order was paid without any.
    fn paid_parts(&self, cash: Decimal, credit: Decimal, voucher: Decimal) -> String {
        let zh = self.zh();
        let m = |x: Decimal| self.money(x);
        let mut parts = Vec::new();
        if !cash.is_zero() || (credit.is_zero() && voucher.is_zero()) {
            parts.push(if zh {
                format!("现金 {}", m(cash))
            } else {
                format!("{} cash", m(cash))
            });
        }
        if !credit.is_zero() {
            parts.push(if zh {
                format!("抵用金 {}", m(credit))
            } else {
                format!("{} gift credit", m(credit))
            });
        }
        if !voucher.is_zero() {
            parts.push(if zh {
                format!("代金券 {}", m(voucher))
            } else {
                format!("{} vouchers", m(voucher))
            });
        }
        parts.join(" + ")
    }

    fn clamp(&self, c: Clamp) -> String {
        match (c, self.zh()) {
            (Clamp::None, _) => String::new(),
            (Clamp::Min(x), true) => format!("，最低收取 {}", self.money(x)),
            (Clamp::Min(x), false) => format!(", raised to the minimum of {}", self.money(x)),
            (Clamp::Max(x), true) => format!("，最高收取 {}", self.money(x)),
            (Clamp::Max(x), false) => format!(", limited to the maximum of {}", self.money(x)),
            (Clamp::Unused { unused, min }, true) => format!(
                "{}，但不超过未使用的金额 {}",
                min.map_or(String::new(), |m| self.clamp(Clamp::Min(m))),
                self.money(unused)
            ),
            (Clamp::Unused { unused, min }, false) => format!(
                "{}, but no more than the unused amount of {}",
                min.map_or(String::new(), |m| self.clamp(Clamp::Min(m))),
                self.money(unused)
            ),
        }
    }

    fn fee_formula(&self, f: &FeeFormula) -> String {
        let zh = self.zh();
        let m = |x: Decimal| self.money(x);
        match f {
            FeeFormula::RemainingPercent {
                percent,
                monthly,
                months_left,
            } => {
                if zh {
                    format!(
                        "剩余 {months_left} 个月月费的 {}：{} × {months_left} × {}",
                        self.percent(*percent),
                        self.approx(*monthly),
                        self.percent(*percent)
                    )
                } else {
                    format!(
                        "{} of the {months_left} remaining months' charges: {} × {months_left} × {}",
                        self.percent(*percent),
                        self.approx(*monthly),
                        self.percent(*percent)
                    )
                }
            }
            FeeFormula::MonthsOfFee { months, monthly } => {
                if zh {
                    format!("{months} 个月的月费：{} × {months}", self.approx(*monthly))
                } else {
                    format!(
                        "{} of the monthly fee: {} × {months}",
                        self.units(Decimal::from(*months), Unit::Month),
                        self.approx(*monthly)
                    )
                }
            }
            FeeFormula::Flat { amount } => {
                if zh {
                    format!("固定金额 {}", m(*amount))
                } else {
                    format!("A flat {} for leaving before the term ends", m(*amount))
                }
            }
            FeeFormula::Schedule { monthly, groups } => {
                let parts: Vec<String> = groups
                    .iter()
                    .map(|(n, p)| format!("{} × {n} × {}", self.approx(*monthly), self.percent(*p)))
                    .collect();
                if zh {
                    format!("按合约期剩余月份收取：{}", parts.join(" + "))
                } else {
                    format!(
                        "The remaining months of the term, by schedule: {}",
                        parts.join(" + ")
                    )
                }
            }
            FeeFormula::Lesser {
                discount,
                list_monthly,
                monthly,
                months_used,
                months_left,
            } => {
                let remaining = monthly
                    .checked_mul(Decimal::from(*months_left))
                    .unwrap_or_default();
                if zh {
                    format!(
                        "取以下两者中的较低者：已享优惠（{} − {}）× {months_used} 个月 = {}；剩余月费 {} × {months_left} 个月 = {}",
                        m(*list_monthly),
                        self.approx(*monthly),
                        m(*discount),
                        self.approx(*monthly),
                        m(remaining)
                    )
                } else {
                    format!(
                        "The lesser of the discount received, ({} − {}) × {months_used} months = {}, and the remaining charges, {} × {months_left} months = {}",
                        m(*list_monthly),
                        self.approx(*monthly),
                        m(*discount),
                        self.approx(*monthly),
                        m(remaining)
                    )
                }
            }
        }
    }
}

/// Warning codes and what they say. The string forms are part of the public contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Notice {
    CoolingOffQuotaUsed {
        quota: u32,
    },
    CoolingOffNotUnused,
    CoolingOffNotForRenewals,
    InvoicedToBalance,
    UnknownLocale {
        tag: String,
    },
    UsageNotReported {
        meter: String,
    },
    AfterEnd,
    FeesOwed {
        owed: Decimal,
    },
    /// Unpaid charges the refund does not cover are still owed.
    OutstandingOwed {
        owed: Decimal,
    },
    /// The original method no longer takes refunds (its refund window closed).
    MethodWindowClosed {
        method: crate::order::PaymentMethod,
        days: u32,
    },
    WireFees,
    /// The original method can no longer take refunds; the cash goes to the balance.
    MethodInvalid {
        method: crate::order::PaymentMethod,
    },
    /// Part of the refund exceeds what its source paid and goes to the balance instead.
    ExcessToBalance {
        excess: Decimal,
    },
    /// The SLA credit must be claimed within a window; the fault's day was not given.
    SlaClaimWindow {
        window: crate::policy::ClaimWindow,
    },
    /// The SLA credit is earned if claimed by `deadline`, or was claimed in time on
    /// `claimed` (`request.slaClaimedOn`).
    SlaClaimBy {
        window: crate::policy::ClaimWindow,
        fault: crate::calendar::Date,
        deadline: crate::calendar::Date,
        claimed: Option<crate::calendar::Date>,
    },
    /// A date the estimate gives (an arrival, a claim deadline) lies after the last year
    /// the business calendar lists holidays for: it counts weekdays only.
    CalendarEnds {
        year: i32,
    },
    /// Business days are counted through years whose holidays the calendar only projects.
    CalendarProvisional {
        years: Vec<i32>,
    },
    /// The fault's day is after the day of the claim (a what-if, or a mistyped day): the
    /// claim counts as in time.
    SlaFaultAfterClaim {
        fault: crate::calendar::Date,
        claimed: crate::calendar::Date,
    },
    /// A condition of `timeline.extensions` holds: the review takes up to `days` longer.
    ReviewLonger {
        code: String,
        label: Option<Text>,
        days: [u32; 2],
    },
    /// The claim window closed before the request: no SLA credit.
    SlaClaimLate {
        window: crate::policy::ClaimWindow,
        fault: crate::calendar::Date,
        deadline: crate::calendar::Date,
    },
}

impl Notice {
    /// Every warning code (the serde feature reads codes back against it).
    #[cfg(any(test, all(feature = "serde", not(target_arch = "wasm32"))))]
    pub const CODES: [&'static str; 20] = [
        "cooling_off_quota_used",
        "cooling_off_requires_unused",
        "cooling_off_not_for_renewals",
        "invoiced_to_balance",
        "unknown_locale",
        "usage_not_reported",
        "after_end",
        "fees_owed",
        "outstanding_owed",
        "method_window_closed",
        "wire_intermediary_fees",
        "excess_to_balance",
        "method_invalid",
        "sla_claim_window",
        "sla_claim_by",
        "sla_claim_late",
        "sla_fault_after_claim",
        "calendar_ends",
        "review_longer",
        "calendar_provisional",
    ];

    pub fn code(&self) -> &'static str {
        match self {
            Notice::CoolingOffQuotaUsed { .. } => "cooling_off_quota_used",
            Notice::CoolingOffNotUnused => "cooling_off_requires_unused",
            Notice::CoolingOffNotForRenewals => "cooling_off_not_for_renewals",
            Notice::InvoicedToBalance => "invoiced_to_balance",
            Notice::UnknownLocale { .. } => "unknown_locale",
            Notice::UsageNotReported { .. } => "usage_not_reported",
            Notice::AfterEnd => "after_end",
            Notice::FeesOwed { .. } => "fees_owed",
            Notice::OutstandingOwed { .. } => "outstanding_owed",
            Notice::MethodWindowClosed { .. } => "method_window_closed",
            Notice::WireFees => "wire_intermediary_fees",
            Notice::ExcessToBalance { .. } => "excess_to_balance",
            Notice::MethodInvalid { .. } => "method_invalid",
            Notice::SlaClaimWindow { .. } => "sla_claim_window",
            Notice::SlaClaimBy { .. } => "sla_claim_by",
            Notice::SlaClaimLate { .. } => "sla_claim_late",
            Notice::SlaFaultAfterClaim { .. } => "sla_fault_after_claim",
            Notice::CalendarEnds { .. } => "calendar_ends",
            Notice::ReviewLonger { .. } => "review_longer",
            Notice::CalendarProvisional { .. } => "calendar_provisional",
        }
    }
}

impl Fmt {
    pub fn notice(&self, n: &Notice) -> String {
        let zh = self.zh();
        match n {
            Notice::CoolingOffQuotaUsed { quota } => {
                if zh {
                    format!("本年度的无理由退款次数（{quota} 次）已用完，按常规规则计算。")
                } else {
                    format!("This year's no-questions refunds ({quota}) are used up, so the ordinary rules apply.")
                }
            }
            Notice::CoolingOffNotUnused => {
                if zh {
                    "无理由退款仅适用于未产生用量的订单，本订单已有用量，按常规规则计算。".into()
                } else {
                    "The no-questions window applies only to unused orders; this one has usage, so the ordinary rules apply.".into()
                }
            }
            Notice::CoolingOffNotForRenewals => {
                if zh {
                    "无理由退款仅适用于新购订单，续费订单按常规规则计算。".into()
                } else {
                    "The no-questions window applies to new purchases only; this renewal follows the ordinary rules.".into()
                }
            }
            Notice::InvoicedToBalance => {
                if zh {
                    "订单已开票：退款退至账户余额，并需冲红或退回发票。".into()
                } else {
                    "The order was invoiced: the refund goes to the account balance and the invoice must be reversed.".into()
                }
            }
            Notice::UnknownLocale { tag } => {
                format!(
                    "Locale \"{}\" is not available; showing English. Available: en, zh-CN.",
                    crate::read::shorten(tag)
                )
            }
            Notice::UsageNotReported { meter } => {
                if zh {
                    format!("订单未提供“{meter}”的用量，按 0 估算；实际退款会扣除超出套餐的用量。")
                } else {
                    format!("No usage was given for {meter}; it is estimated as zero, and real overage would be deducted.")
                }
            }
            Notice::AfterEnd => {
                if zh {
                    "退订时间已在服务期结束之后。".into()
                } else {
                    "The cancellation date is after the end of the term.".into()
                }
            }
            Notice::FeesOwed { owed } => {
                if zh {
                    format!("按合约，提前解约需另行支付 {}。", self.money(*owed))
                } else {
                    format!(
                        "Under this contract, leaving now means paying {} on top.",
                        self.money(*owed)
                    )
                }
            }
            Notice::OutstandingOwed { owed } => {
                if zh {
                    format!("退款不足以抵扣欠费，仍需支付欠费 {}。", self.money(*owed))
                } else {
                    format!(
                        "Unpaid charges of {} are still owed: the refund does not cover them.",
                        self.money(*owed)
                    )
                }
            }
            Notice::MethodWindowClosed { method, days } => {
                let method = self.method_name(*method);
                if zh {
                    format!("原支付方式（{method}）仅支持付款后 {days} 天内退款，已超出期限，退款将退至账户余额。")
                } else {
                    format!("The original payment method ({method}) takes refunds only within {days} days of payment, so the refund goes to the account balance.")
                }
            }
            Notice::WireFees => {
                if zh {
                    "国际电汇可能被中转行扣收手续费，实际到账金额可能略低于退款金额。".into()
                } else {
                    "Intermediary banks may deduct fees from an international wire, so slightly less may arrive.".into()
                }
            }
            Notice::MethodInvalid { method } => {
                let method = self.method_name(*method);
                if zh {
                    format!("原支付方式（{method}）已无法接收退款，退款将退至账户余额。")
                } else {
                    format!("The original payment method ({method}) can no longer take refunds, so the refund goes to the account balance.")
                }
            }
            Notice::ExcessToBalance { excess } => {
                if zh {
                    format!(
                        "退款（含 SLA 赔偿）超过了原支付方式实付的金额，超出的 {} 将退至账户余额。",
                        self.money(*excess)
                    )
                } else {
                    format!(
                        "The refund (with its SLA compensation) is more than the original payment method paid, so {} goes to the account balance.",
                        self.money(*excess)
                    )
                }
            }
            Notice::SlaClaimWindow { window } => {
                let clause = self.claim_window(*window, None);
                if zh {
                    format!("SLA 赔偿须{clause}申请；提供故障日期即可算出截止日期。")
                } else {
                    format!("The SLA credit must be claimed {clause}; give the day of the fault to see the deadline.")
                }
            }
            Notice::SlaClaimBy {
                window,
                fault,
                deadline,
                claimed,
            } => {
                let clause = self.claim_window(*window, Some(*fault));
                let deadline = self.date(*deadline);
                match (claimed, zh) {
                    (None, true) => format!("最晚于{deadline}（含当天）申请 SLA 赔偿：赔偿须{clause}申请。"),
                    (None, false) => format!("Claim the SLA credit no later than {deadline}: it must be claimed {clause}."),
                    (Some(day), true) => format!(
                        "SLA 赔偿已于{}申请，在期限内：赔偿须{clause}申请，最晚于{deadline}（含当天）。",
                        self.date(*day)
                    ),
                    (Some(day), false) => format!(
                        "The SLA credit was claimed on {}, in time: it had to be claimed {clause}, no later than {deadline}.",
                        self.date(*day)
                    ),
                }
            }
            Notice::CalendarEnds { year } => {
                if zh {
                    format!("营业日历只收录到{year}年的节假日，此后的日期按周一至周五计算工作日，实际日期可能更晚。")
                } else {
                    format!("The business calendar lists holidays only up to {year}; later dates count Monday to Friday as business days and may come later in fact.")
                }
            }
            Notice::CalendarProvisional { years } => {
                let list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
                if zh {
                    format!(
                        "营业日历中{}年的节假日为预估安排（尚未正式公布），涉及这些日期的工作日计算可能有变。",
                        list.join("年、")
                    )
                } else {
                    format!(
                        "Business days are counted on a provisional calendar: the holidays of {} are projected, not yet published, and the dates may move.",
                        join_list(&list, false)
                    )
                }
            }
            Notice::ReviewLonger { code, label, days } => {
                let why = match label {
                    Some(text) => text.get(self.locale).to_owned(),
                    None => extension_reason(code, self.locale)
                        .unwrap_or_default()
                        .to_owned(),
                };
                let more = self.days(*days);
                match (*days, zh) {
                    ([0, hi], true) => {
                        format!("审核时间可能最多延长 {hi} 个工作日：{why}。上述日期已计入。")
                    }
                    ([0, _], false) => format!(
                        "The review may take {more} longer: {why}. The dates above include it."
                    ),
                    (_, true) => format!("审核时间将延长 {more}：{why}。上述日期已计入。"),
                    (_, false) => format!(
                        "The review takes {more} longer: {why}. The dates above include it."
                    ),
                }
            }
            Notice::SlaFaultAfterClaim { fault, claimed } => {
                let (fault, claimed) = (self.date(*fault), self.date(*claimed));
                if zh {
                    format!("故障日期（{fault}）晚于申请日期（{claimed}），按期限内申请计算。")
                } else {
                    format!("The day of the fault ({fault}) is after the day of the claim ({claimed}); the claim counts as in time.")
                }
            }
            Notice::SlaClaimLate {
                window,
                fault,
                deadline,
            } => {
                let clause = self.claim_window(*window, Some(*fault));
                let deadline = self.date(*deadline);
                if zh {
                    format!("不予 SLA 赔偿：赔偿须{clause}申请，最晚于{deadline}（含当天），申请期限已过。")
                } else {
                    format!(
                        "No SLA credit: it had to be claimed {clause}, no later than {deadline}."
                    )
                }
            }
        }
    }

    /// When an SLA credit must be claimed: "within 20 business days after the fault on 29 May
    /// 2026", "by the end of the 2nd billing cycle after the one of the fault" / "在故障后 20
    /// 个工作日内", "在故障（2026年5月20日）所在账期之后第 2 个账期结束前".
    fn claim_window(
        &self,
        w: crate::policy::ClaimWindow,
        fault: Option<crate::calendar::Date>,
    ) -> String {
        use crate::policy::ClaimWindow as W;
        let (en_fault, zh_fault) = match fault {
            Some(f) => (
                format!("the fault on {}", self.date(f)),
                format!("故障（{}）", self.date(f)),
            ),
            None => ("the fault".to_owned(), "故障".to_owned()),
        };
        match (w, self.zh()) {
            (W::BusinessDays(n), true) => format!("在{zh_fault}后 {n} 个工作日内"),
            (W::BillingCycles(n), true) => format!("在{zh_fault}所在账期之后第 {n} 个账期结束前"),
            (W::BusinessDays(1), false) => format!("within 1 business day after {en_fault}"),
            (W::BusinessDays(n), false) => format!("within {n} business days after {en_fault}"),
            (W::BillingCycles(n), false) => format!(
                "by the end of the {} billing cycle after the one of {en_fault}",
                ordinal(n)
            ),
        }
    }
}

/// 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st, …
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl Fmt {
    /// Where a part of the refund lands, e.g. "Back to your card" / "原路退回银行卡".
    pub(crate) fn destination(&self, to: crate::stages::To) -> String {
        use crate::order::PaymentMethod as M;
        use crate::stages::To;
        let zh = self.zh();
        let s = match (to, zh) {
            (To::Original(M::Card), false) => "Back to the card you paid with",
            (To::Original(M::Card), true) => "原路退回付款银行卡",
            (To::Original(M::Alipay), false) => "Back to your Alipay account",
            (To::Original(M::Alipay), true) => "原路退回支付宝",
            (To::Original(M::WechatPay), false) => "Back to your WeChat Pay account",
            (To::Original(M::WechatPay), true) => "原路退回微信支付",
            (To::Original(M::BankTransfer), false) => "By bank transfer to your account",
            (To::Original(M::BankTransfer), true) => "银行转账退回对公账户",
            (To::Original(M::Paypal), false) => "Back to your PayPal account",
            (To::Original(M::Paypal), true) => "原路退回 PayPal 账户",
            (To::Original(M::Balance), false) | (To::Balance, false) => "To your account balance",
            (To::Original(M::Balance), true) | (To::Balance, true) => "退至账户余额",
            (To::SlaCredit, false) => "SLA compensation in account credit",
            (To::SlaCredit, true) => "以账户抵用金形式发放的 SLA 赔偿",
            (To::AccountCredit, false) => "As account credit",
            (To::AccountCredit, true) => "以抵用金形式退回账户",
            (To::Voucher, false) => "As vouchers, returned to your account",
            (To::Voucher, true) => "代金券退回账户",
            (To::Forfeited, false) => "Not returned (vouchers and credit used to pay)",
            (To::Forfeited, true) => "不予退还（支付时使用的代金券、抵用金）",
        };
        s.to_owned()
    }
}

/// "Back to your Alipay account" → "back to your Alipay account", for use mid-sentence;
/// acronyms ("SLA compensation") keep their capitals.
///
/// ASCII only: the English labels this is used on start with ASCII letters, and a
/// non-ASCII first letter is left as it is (no Unicode case tables in the module).
fn lower_first(s: &str) -> String {
    let mut out = s.to_owned();
    let bytes = s.as_bytes();
    if bytes.get(1).is_some_and(|next| !next.is_ascii_uppercase()) {
        if let Some(first) = out.get_mut(..1) {
            first.make_ascii_lowercase();
        }
    }
    out
}

/// "a, b and c" / "a、b、c".
fn join_list(items: &[String], zh: bool) -> String {
    match (items, zh) {
        (_, true) => items.join("、"),
        ([], false) => String::new(),
        ([only], false) => only.clone(),
        ([init @ .., last], false) => format!("{} and {last}", init.join(", ")),
    }
}

/// Why a built-in condition makes the review longer (`timeline.extensions`), as a clause.
pub(crate) fn extension_reason(code: &str, locale: Locale) -> Option<&'static str> {
    let zh = locale == Locale::ZhCn;
    Some(match (code, zh) {
        ("large_amount", false) => "very large refunds are checked more closely",
        ("large_amount", true) => "金额特别大的退款需要更严格的审核",
        ("account_check", false) => "the account has to be checked first",
        ("account_check", true) => "需要先核查账户",
        ("investigation", false) => "the case is investigated first",
        ("investigation", true) => "需要先调查核实情况",
        ("communication", false) => {
            "cancelling for this reason usually needs more communication with the provider"
        }
        ("communication", true) => "因此类原因退订，通常需要与服务商多沟通",
        _ => return None,
    })
}

/// Built-in approval tier names.
pub(crate) fn approval_label(tier: &str, locale: Locale) -> Option<&'static str> {
    let zh = locale == Locale::ZhCn;
    Some(match (tier, zh) {
        ("automatic", false) => "automatic",
        ("automatic", true) => "系统自动审核",
        ("review", false) => "manual review",
        ("review", true) => "人工审核",
        ("large_amount", false) => "large-amount review by your account manager",
        ("large_amount", true) => "大额退款审核，由客户经理审批",
        _ => return None,
    })
}

/// Built-in document codes, in checklist order.
pub(crate) const DOCUMENT_CODES: [&str; 7] = [
    "account_screenshot",
    "bill_screenshot",
    "invoice_reversal",
    "fault_evidence",
    "communication_records",
    "duplicate_orders",
    "bank_details",
];

/// Label and detail of a built-in document.
pub(crate) fn document_text(code: &str, locale: Locale) -> Option<(&'static str, &'static str)> {
    let zh = locale == Locale::ZhCn;
    Some(match (code, zh) {
        ("account_screenshot", false) => (
            "Account screenshots",
            "The plan, its remaining time and its status as the console shows them today.",
        ),
        ("account_screenshot", true) => {
            ("账户截图", "控制台中当前套餐、剩余时长和服务状态的截图。")
        }
        ("bill_screenshot", false) => (
            "Bills and payment records",
            "The order, the bills and the payment receipts, with order numbers visible.",
        ),
        ("bill_screenshot", true) => (
            "账单与付款凭证",
            "订单、账单和付款凭证的截图，需能看到订单号。",
        ),
        ("invoice_reversal", false) => (
            "Invoice to reverse",
            "The invoice issued for this order: it must be returned or reversed before the refund.",
        ),
        ("invoice_reversal", true) => (
            "发票冲红材料",
            "本订单已开具的发票：退款前需退回原发票或办理红字冲销。",
        ),
        ("fault_evidence", false) => (
            "Fault evidence",
            "Screenshots, logs and traceroutes of the fault, each with its date and time.",
        ),
        ("fault_evidence", true) => (
            "故障证明",
            "故障现象的截图、日志和路由追踪（traceroute）结果，均需带日期和时间。",
        ),
        ("communication_records", false) => (
            "Earlier communication",
            "Ticket numbers, emails and chat records about the problem.",
        ),
        ("communication_records", true) => (
            "沟通记录",
            "此前与服务商沟通该问题的工单号、邮件和在线客服记录。",
        ),
        ("duplicate_orders", false) => (
            "Both order numbers",
            "The numbers of the original order and of the duplicate.",
        ),
        ("duplicate_orders", true) => ("两笔订单的订单号", "原订单和重复购买订单的订单号。"),
        ("bank_details", false) => (
            "Bank account details",
            "Account name, account number and bank for the transfer (a transfer from abroad also needs the SWIFT/BIC code).",
        ),
        ("bank_details", true) => (
            "收款银行账户信息",
            "用于退款转账的户名、账号、开户行（境外汇款另需 SWIFT/BIC）。",
        ),
        _ => return None,
    })
}

/// Step codes, in order (domain.md section 10).
pub(crate) const STEP_CODES: [&str; 5] = [
    "check_status",
    "read_terms",
    "submit_request",
    "wait_for_review",
    "confirm_receipt",
];

pub(crate) fn step_label(code: &str, locale: Locale) -> &'static str {
    let zh = locale == Locale::ZhCn;
    match (code, zh) {
        ("check_status", false) => "Check the service and its charges",
        ("check_status", true) => "核对服务状态与费用",
        ("read_terms", false) => "Read the terms",
        ("read_terms", true) => "查阅服务协议",
        ("submit_request", false) => "Submit the request",
        ("submit_request", true) => "提交退款申请",
        ("wait_for_review", false) => "Wait for the review",
        ("wait_for_review", true) => "等待审核",
        (_, false) => "Confirm the money has arrived",
        (_, true) => "确认到账",
    }
}

impl Fmt {
    /// `28 May 2026` / `2026年5月28日`.
    pub(crate) fn date(&self, d: crate::calendar::Date) -> String {
        use chrono::Datelike;
        if self.zh() {
            return format!("{}年{}月{}日", d.year(), d.month(), d.day());
        }
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = usize::try_from(d.month0())
            .ok()
            .and_then(|m| MONTHS.get(m))
            .copied()
            .unwrap_or("");
        format!("{} {month} {}", d.day(), d.year())
    }

    /// An instant on the wall clock read one way: "09:00 on 10 Feb 2027", and a midnight as
    /// the end of the day before, "the end of 31 Dec 2026" (never an ambiguous "1 Jan
    /// 00:00") / "2027年2月10日09:00", "2026年12月31日24时" (Civil Code art. 203 counts a day
    /// to 24:00). Seconds only when there are some.
    pub(crate) fn moment(&self, at: chrono::NaiveDateTime) -> String {
        use chrono::Timelike;
        let zh = self.zh();
        if at.time() == chrono::NaiveTime::MIN {
            let day = self.date(at.date().pred_opt().unwrap_or(at.date()));
            return if zh {
                format!("{day}24时")
            } else {
                format!("the end of {day}")
            };
        }
        let clock = if at.second() == 0 {
            format!("{:02}:{:02}", at.hour(), at.minute())
        } else {
            format!("{:02}:{:02}:{:02}", at.hour(), at.minute(), at.second())
        };
        if zh {
            format!("{}{clock}", self.date(at.date()))
        } else {
            format!("{clock} on {}", self.date(at.date()))
        }
    }

    /// "on 28 May 2026", "between 28 May and 8 Jun 2026" / "2026年5月28日", "2026年5月28日至6月8日":
    /// the year is written once when both dates share it.
    pub(crate) fn date_range(&self, a: crate::calendar::Date, b: crate::calendar::Date) -> String {
        use chrono::Datelike;
        let zh = self.zh();
        if a == b {
            return if zh {
                self.date(a)
            } else {
                format!("on {}", self.date(a))
            };
        }
        let same_year = a.year() == b.year();
        match (zh, same_year) {
            (true, true) => format!("{}至{}月{}日", self.date(a), b.month(), b.day()),
            (true, false) => format!("{}至{}", self.date(a), self.date(b)),
            (false, true) => {
                let full = self.date(a);
                let short = full
                    .rsplit_once(' ')
                    .map_or(full.as_str(), |(head, _)| head)
                    .to_owned();
                format!("between {short} and {}", self.date(b))
            }
            (false, false) => format!("between {} and {}", self.date(a), self.date(b)),
        }
    }

    /// "1–3 business days", "up to 1 business day", "the same day" / "1至3 个工作日",
    /// "1 个工作日内", "当天".
    pub(crate) fn days(&self, [lo, hi]: [u32; 2]) -> String {
        let unit = |n: u32| {
            if n == 1 {
                "business day"
            } else {
                "business days"
            }
        };
        match (lo, hi, self.zh()) {
            (0, 0, true) => "当天".to_owned(),
            (0, 0, false) => "the same day".to_owned(),
            (0, _, true) => format!("{hi} 个工作日内"),
            (0, _, false) => format!("up to {hi} {}", unit(hi)),
            (_, _, true) if lo == hi => format!("{lo} 个工作日"),
            (_, _, false) if lo == hi => format!("{lo} {}", unit(lo)),
            (_, _, true) => format!("{lo}至{hi} 个工作日"),
            (_, _, false) => format!("{lo}–{hi} business days"),
        }
    }

    pub(crate) fn method_name(&self, m: crate::order::PaymentMethod) -> &'static str {
        use crate::order::PaymentMethod as M;
        match (m, self.zh()) {
            (M::Card, false) => "card",
            (M::Card, true) => "银行卡",
            (M::Alipay, false) => "Alipay",
            (M::Alipay, true) => "支付宝",
            (M::WechatPay, false) => "WeChat Pay",
            (M::WechatPay, true) => "微信支付",
            (M::BankTransfer, false) => "bank transfer",
            (M::BankTransfer, true) => "银行转账",
            (M::Paypal, false) => "PayPal",
            (M::Paypal, true) => "PayPal",
            (M::Balance, false) => "account balance",
            (M::Balance, true) => "账户余额",
        }
    }

    pub(crate) fn channel(&self, kind: crate::guidance::ChannelKind) -> &'static str {
        use crate::guidance::ChannelKind as K;
        match (kind, self.zh()) {
            (K::Hotline, false) => "hotline",
            (K::Hotline, true) => "客服热线",
            (K::OnlineChat, false) => "online chat",
            (K::OnlineChat, true) => "在线客服",
            (K::EmailTicket, false) => "email or ticket",
            (K::EmailTicket, true) => "邮件或工单",
            (K::AccountManager, false) => "your account manager",
            (K::AccountManager, true) => "专属客户经理",
        }
    }

    /// What to say when submitting: the reason, and an ask that follows the outcome (the
    /// unused part, a full refund, or only the cancellation when nothing comes back).
    pub(crate) fn what_to_say(
        &self,
        reason: Reason,
        claim: Option<SlaClaim>,
        outcome: crate::estimate::Outcome,
    ) -> String {
        use crate::estimate::Outcome;
        let zh = self.zh();
        let opener = match (reason, zh) {
            (Reason::ProviderFault, _) => return self.fault_to_say(claim, outcome),
            (Reason::BusinessChange, false) => {
                "Say that your business needs changed, and ask to cancel the plan"
            }
            (Reason::BusinessChange, true) => "请说明因业务调整不再需要该服务，申请退订",
            (Reason::Dissatisfied, false) => {
                "Say what fell short (latency, stability, support), and ask to cancel the plan"
            }
            (Reason::Dissatisfied, true) => {
                "请说明服务未达预期的具体方面（延迟、稳定性、服务响应等），申请退订"
            }
            (Reason::DuplicatePurchase, false) => {
                "Give the numbers of both orders, and ask to cancel the duplicate"
            }
            (Reason::DuplicatePurchase, true) => "请提供两笔订单的订单号，申请退订重复购买的订单",
            (Reason::SwitchingProvider, false) => {
                "Say that you are moving to another provider, and ask to cancel the plan on the date you choose"
            }
            (Reason::SwitchingProvider, true) => "请说明将更换服务商，申请在指定日期退订",
            (Reason::Other, false) => "Explain the reason briefly, and ask to cancel the plan",
            (Reason::Other, true) => "请简要说明原因，申请退订",
        };
        let ask = match (outcome, zh) {
            (Outcome::Partial, false) => " and refund the unused part.",
            (Outcome::Partial, true) => "并退还未使用部分的费用。",
            (Outcome::Full, false) => " for a full refund.",
            (Outcome::Full, true) => "并全额退款。",
            (Outcome::None | Outcome::Ineligible, false) => ".",
            (Outcome::None | Outcome::Ineligible, true) => "。",
            (Outcome::EndOfTerm, false) => " at the end of its paid term.",
            (Outcome::EndOfTerm, true) => "，于已付服务期结束时生效。",
        };
        format!("{opener}{ask}")
    }
}

impl Fmt {
    /// For a provider fault: the evidence, then what to ask for by the outcome, and the SLA
    /// credit, with the claim's deadline, or without the credit once its window has closed.
    fn fault_to_say(&self, claim: Option<SlaClaim>, outcome: crate::estimate::Outcome) -> String {
        use crate::estimate::Outcome;
        let zh = self.zh();
        let describe = if zh {
            "请说明故障情况：起止时间、具体现象（丢包、延迟、中断等），并附上带时间戳的日志；"
        } else {
            "Describe the fault: when it started and ended and what failed (packet loss, latency, outages), with logs and timestamps; "
        };
        let ask = match (outcome, zh) {
            (Outcome::Partial, false) => {
                "ask for the fees to be waived and the unused part refunded"
            }
            (Outcome::Partial, true) => "申请免收手续费、退还未使用部分的费用",
            (Outcome::Full, false) => "ask for a full refund",
            (Outcome::Full, true) => "申请全额退款",
            (Outcome::None | Outcome::Ineligible, false) => "ask to cancel the plan",
            (Outcome::None | Outcome::Ineligible, true) => "申请退订",
            (Outcome::EndOfTerm, false) => "ask to cancel the plan at the end of its paid term",
            (Outcome::EndOfTerm, true) => "申请于已付服务期结束时退订",
        };
        let credit = match (claim, zh) {
            (None, true) => "，并按 SLA 申请赔偿。".to_owned(),
            (None, false) => ", and for the SLA credit.".to_owned(),
            (Some(SlaClaim::By(day)), true) => {
                format!("，并最晚于{}（含当天）申请 SLA 赔偿。", self.date(day))
            }
            (Some(SlaClaim::By(day)), false) => format!(
                ", and claim the SLA credit no later than {}.",
                self.date(day)
            ),
            (Some(SlaClaim::Late), true) => "（SLA 赔偿的申请期限已过）。".to_owned(),
            (Some(SlaClaim::Late), false) => {
                " (the SLA credit can no longer be claimed).".to_owned()
            }
        };
        format!("{describe}{ask}{credit}")
    }

    /// "Refund policy: StreamLine … (version of 1 Nov 2026)." / "适用退款政策：StreamLine …
    /// （2026年11月1日版）。": the policy's name, never its id; a version written as a date
    /// reads as one.
    fn policy_sentence(&self, name: Option<&str>, version: &str) -> String {
        let zh = self.zh();
        let version = match (crate::calendar::parse_date(version), zh) {
            (Some(day), true) => format!("{}版", self.date(day)),
            (Some(day), false) => format!("version of {}", self.date(day)),
            (None, true) => format!("版本 {version}"),
            (None, false) => format!("version {version}"),
        };
        match (name, zh) {
            (Some(name), true) => format!("适用退款政策：{name}（{version}）。"),
            (Some(name), false) => format!("Refund policy: {name} ({version})."),
            (None, true) => format!("适用退款政策：{version}。"),
            (None, false) => format!("Refund policy: {version}."),
        }
    }
}

/// Where an SLA claim stands, for the steps.
#[derive(Clone, Copy, Debug)]
pub(crate) enum SlaClaim {
    /// In time; the last day to claim.
    By(crate::calendar::Date),
    /// The window has closed.
    Late,
}

/// The facts the steps are written from.
pub(crate) struct StepFacts<'a> {
    pub plan: &'a str,
    pub used_days: Decimal,
    pub term_days: Decimal,
    /// The policy's name in the locale, when it has one.
    pub policy: Option<&'a str>,
    pub version: &'a str,
    pub outcome: crate::estimate::Outcome,
    /// Labels of the deduction lines in this estimate.
    pub deductions: Vec<&'static str>,
    /// (channel name, contact) pairs.
    pub channels: Vec<(&'static str, String)>,
    pub reason: Reason,
    /// The SLA claim under a claim window, when the fault's day is known.
    pub sla_claim: Option<SlaClaim>,
    /// Nothing is paid out.
    pub nothing_due: bool,
    /// What leaving costs on top (fees or unpaid charges beyond the refund).
    pub owed: Decimal,
    /// A blocker (trial, frozen account, transaction in progress) refused the refund for now.
    pub blocked: bool,
    pub approval: String,
    pub approval_days: [u32; 2],
    pub earliest: Option<crate::calendar::Date>,
    pub latest: Option<crate::calendar::Date>,
    /// When the credit beside the refund (an SLA credit) reaches the account.
    pub credit_dates: Option<(crate::calendar::Date, crate::calendar::Date)>,
    /// Where the refund goes, every destination's label (the credit aside).
    pub destinations: Vec<String>,
    /// When the service ends, when it outlives the cancellation (the end of the term), on
    /// the policy's wall clock.
    pub service_ends: Option<chrono::NaiveDateTime>,
}

impl Fmt {
    /// Destination labels for mid-sentence use: "back to the card you paid with and as
    /// account credit" / "原路退回付款银行卡、以抵用金形式退回账户".
    pub(crate) fn destinations_text(&self, labels: &[String]) -> String {
        let zh = self.zh();
        let items: Vec<String> = labels
            .iter()
            .map(|l| if zh { l.clone() } else { lower_first(l) })
            .collect();
        join_list(&items, zh)
    }

    pub(crate) fn step_detail(&self, code: &str, f: &StepFacts<'_>) -> String {
        let zh = self.zh();
        let days = |d: Decimal| money::figure(d);
        match code {
            "check_status" if zh => {
                let (used, about) = self.about_whole(f.used_days);
                format!(
                    "在控制台核对套餐“{}”的服务期（共 {} 天，已使用{} {used} 天）和已产生的费用，并保存账单截图。",
                    f.plan,
                    days(f.term_days),
                    if about { "约" } else { "" }
                )
            }
            "check_status" => {
                let (used, about) = self.about_whole(f.used_days);
                format!(
                    "In your account, check the plan “{}”, the time used ({}{used} of {} days) and the charges so far; keep screenshots of the bills.",
                    f.plan,
                    if about { "about " } else { "" },
                    days(f.term_days)
                )
            }
            "read_terms" => {
                let labels: Vec<String> =
                    f.deductions.iter().map(|l| if zh { (*l).to_owned() } else { lower_first(l) }).collect();
                let list = join_list(&labels, zh);
                let policy = self.policy_sentence(f.policy, f.version);
                match (f.deductions.is_empty(), zh) {
                    (true, true) => format!("查阅服务协议中的合约期限、提前解约条款、违约责任、退款条件与限制，以及费用计算方式。{policy}本次估算没有扣除项。"),
                    (false, true) => format!("查阅服务协议中的合约期限、提前解约条款、违约责任、退款条件与限制，以及费用计算方式。{policy}本次估算的扣除项：{list}。"),
                    (true, false) => format!("Read the service agreement: the term, the early-termination clause, liability for breach, the refund conditions and limits, and how fees are computed. {policy} This estimate has no deductions."),
                    (false, false) => format!("Read the service agreement: the term, the early-termination clause, liability for breach, the refund conditions and limits, and how fees are computed. {policy} Deductions in this estimate: {list}."),
                }
            }
            "submit_request" => {
                let sep = if zh { "；" } else { "; " };
                let colon = if zh { "：" } else { ": " };
                let list: Vec<String> = f.channels.iter().map(|(name, contact)| format!("{name}{colon}{contact}")).collect();
                let say = self.what_to_say(f.reason, f.sla_claim, f.outcome);
                match (f.channels.is_empty(), zh) {
                    (true, true) => format!("通过服务商的客服渠道提交申请。{say}请同时提供账号、订单号和付款凭证。"),
                    (true, false) => format!("Contact the provider's support. {say} Give your account ID, the order number and the receipts."),
                    (false, true) => format!("可通过以下任一渠道提交申请——{}。{say}请同时提供账号、订单号和付款凭证。", list.join(sep)),
                    (false, false) => format!("Submit the request through one of these channels: {}. {say} Give your account ID, the order number and the receipts.", list.join(sep)),
                }
            }
            "wait_for_review" if f.blocked => if zh {
                "订单受限期间无法退款（原因见计算明细），请在限制解除后重新申请。".to_owned()
            } else {
                "No refund can be made while the order is blocked (the breakdown says why): apply again once that is resolved.".to_owned()
            },
            "wait_for_review" => match (f.nothing_due, zh) {
                (true, true) => "按政策本次没有可退金额，但退订仍需服务商审核确认。".to_owned(),
                (true, false) => "No refund is due under this policy. The provider still has to confirm the cancellation.".to_owned(),
                (false, true) => format!(
                    "服务商将核实退款金额、到账时间和收款账户（{}，{}），请核对收款账户是否正确，并保持提交渠道畅通：服务商可能联系您了解情况或要求补充材料。如需核查账户、调查情况或金额特别大，审核时间可能更长。",
                    f.approval,
                    self.approval_time(f.approval_days)
                ),
                (false, false) => format!(
                    "The provider confirms the amount, the timing and the account the money goes to: check that this account is right. Approval ({}) {}. Stay reachable on the channel you used: the provider may ask questions or for more documents. Account checks, investigations and very large amounts can take longer.",
                    f.approval,
                    self.approval_time(f.approval_days)
                ),
            },
            _ => {
                let follow_up = if zh {
                    "如逾期未到账，请凭工单号联系服务商跟进。"
                } else {
                    "If it is late, follow up with your ticket number."
                };
                let refund = match (f.nothing_due, f.earliest.zip(f.latest)) {
                    (false, Some((a, b))) => Some((a, b)),
                    _ => None,
                };
                match (refund, f.credit_dates, zh) {
                    (Some((a, b)), None, true) => format!(
                        "预计{}到账（{}）。{follow_up}",
                        self.date_range(a, b),
                        self.destinations_text(&f.destinations)
                    ),
                    (Some((a, b)), None, false) => format!(
                        "The money should arrive {} ({}). {follow_up}",
                        self.date_range(a, b),
                        self.destinations_text(&f.destinations)
                    ),
                    (Some((a, b)), Some((c, e)), true) => format!(
                        "预计{}到账（{}），SLA 赔偿预计{}发放至账户。{follow_up}",
                        self.date_range(a, b),
                        self.destinations_text(&f.destinations),
                        self.date_range(c, e)
                    ),
                    (Some((a, b)), Some((c, e)), false) => format!(
                        "The money should arrive {} ({}), and the SLA credit should be on your account {}. {follow_up}",
                        self.date_range(a, b),
                        self.destinations_text(&f.destinations),
                        self.date_range(c, e)
                    ),
                    (None, Some((c, e)), true) => format!(
                        "SLA 赔偿预计{}发放至账户。{}{follow_up}",
                        self.date_range(c, e),
                        f.service_ends.map_or(String::new(), |end| format!(
                            "请确认自动续费已关闭：服务持续到{}。",
                            self.moment(end)
                        ))
                    ),
                    (None, Some((c, e)), false) => format!(
                        "The SLA credit should be on your account {}. {}{follow_up}",
                        self.date_range(c, e),
                        f.service_ends.map_or(String::new(), |end| format!(
                            "Check that the renewal is stopped: the service runs until {}. ",
                            self.moment(end)
                        ))
                    ),
                    (None, None, true) if f.service_ends.is_some() => format!(
                        "请确认自动续费已关闭：服务持续到{}，此后不再产生新的扣费。{}",
                        f.service_ends.map(|e| self.moment(e)).unwrap_or_default(),
                        if f.owed.is_zero() { String::new() } else { format!("仍需支付 {}。", self.money(f.owed)) }
                    ),
                    (None, None, false) if f.service_ends.is_some() => format!(
                        "Check that the renewal is stopped: the service runs until {}, and no further charges appear after it.{}",
                        f.service_ends.map(|e| self.moment(e)).unwrap_or_default(),
                        if f.owed.is_zero() { String::new() } else { format!(" Pay the {} still owed.", self.money(f.owed)) }
                    ),
                    (None, None, true) if !f.owed.is_zero() => format!("请确认服务已停止，此后不再产生新的扣费；仍需支付 {}。", self.money(f.owed)),
                    (None, None, false) if !f.owed.is_zero() => format!("Check that the service is cancelled and that no further charges appear, and pay the {} still owed.", self.money(f.owed)),
                    (None, None, true) => "请确认服务已停止，此后不再产生新的扣费。".to_owned(),
                    (None, None, false) => "Check that the service is cancelled and that no further charges appear.".to_owned(),
                }
            }
        }
    }

    /// How long approval usually takes, for the `wait_for_review` step: "is usually done
    /// the same day", "usually takes up to 3 business days" / "通常当天完成", "通常 1 个工作日内
    /// 完成", "通常需要 5至10 个工作日".
    fn approval_time(&self, days: [u32; 2]) -> String {
        match (days, self.zh()) {
            ([0, 0], true) => "通常当天完成".to_owned(),
            ([0, 0], false) => "is usually done the same day".to_owned(),
            ([0, _], true) => format!("通常{}完成", self.days(days)),
            (_, true) => format!("通常需要 {}", self.days(days)),
            (_, false) => format!("usually takes {}", self.days(days)),
        }
    }

    pub(crate) fn phase_label(&self, code: &str, detail: &str) -> String {
        match (code, self.zh()) {
            ("approval", true) => format!("审核方式：{detail}"),
            ("approval", false) => format!("Approval: {detail}"),
            (_, true) => format!("退款去向：{detail}"),
            (_, false) => format!("Payout: {detail}"),
        }
    }

    pub(crate) fn timeline_summary(
        &self,
        days: [u32; 2],
        earliest: Option<crate::calendar::Date>,
        latest: Option<crate::calendar::Date>,
    ) -> String {
        match (earliest, latest, self.zh()) {
            (Some(a), Some(_), true) if days == [0, 0] => {
                format!("提交申请当天（{}）到账", self.date(a))
            }
            (Some(a), Some(_), false) if days == [0, 0] => {
                format!(
                    "Arrives on {}, the day you submit the request",
                    self.date(a)
                )
            }
            (Some(a), Some(b), true) => {
                format!("{}，预计{}到账", self.days(days), self.date_range(a, b))
            }
            (Some(a), Some(b), false) => format!(
                "{}: arrives {}",
                upper_first(&self.days(days)),
                self.date_range(a, b)
            ),
            (_, _, true) => "本次没有需要支付的退款".to_owned(),
            (_, _, false) => "No refund to pay out".to_owned(),
        }
    }

    /// When the SLA credit reaches the account, apart from the refund: "SLA credit, up to 1
    /// business day: on your account between 1 Mar and 2 Mar 2026" / "SLA 赔偿：1 个工作日内，
    /// 预计2026年3月1日至3月2日发放至账户".
    pub(crate) fn credit_summary(
        &self,
        days: [u32; 2],
        earliest: Option<crate::calendar::Date>,
        latest: Option<crate::calendar::Date>,
    ) -> String {
        match (earliest.zip(latest), self.zh()) {
            (Some((a, _)), true) if days == [0, 0] => {
                format!("SLA 赔偿：提交申请当天（{}）发放至账户", self.date(a))
            }
            (Some((a, _)), false) if days == [0, 0] => format!(
                "SLA credit: on your account on {}, the day you submit the request",
                self.date(a)
            ),
            (Some((a, b)), true) => format!(
                "SLA 赔偿：{}，预计{}发放至账户",
                self.days(days),
                self.date_range(a, b)
            ),
            (Some((a, b)), false) => format!(
                "SLA credit, {}: on your account {}",
                self.days(days),
                self.date_range(a, b)
            ),
            (None, true) => format!("SLA 赔偿：{}发放至账户", self.days(days)),
            (None, false) => format!("SLA credit: on your account in {}", self.days(days)),
        }
    }
}

/// "up to 3 business days" → "Up to 3 business days", at the start of a sentence.
/// ASCII only, like `lower_first`.
fn upper_first(s: &str) -> String {
    let mut out = s.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

impl Fmt {
    /// What changes at a break point of the refund curve.
    pub(crate) fn boundary(&self, b: &crate::whatif::Boundary) -> String {
        use crate::whatif::Boundary as B;
        let zh = self.zh();
        match b {
            B::CoolingOffEnd { window, counting } if zh => {
                format!("{}无理由退款期结束", self.window_of(*window, *counting))
            }
            B::CoolingOffEnd { window, counting } => {
                format!("The {} no-questions window ends", self.window_of(*window, *counting))
            }
            B::HandlingTier { from, to, year } if zh => {
                format!("进入第 {year} 年，手续费由 {} 调整为 {}", self.percent(*from), self.percent(*to))
            }
            B::HandlingTier { from, to, year } => {
                format!("Year {year} begins: the handling fee goes from {} to {}", self.percent(*from), self.percent(*to))
            }
            B::ScheduleKnee { from, to, month } if zh => format!(
                "第 {month} 个月起，剩余月份的违约金由月费的 {} 降为 {}",
                self.percent(*from),
                self.percent(*to)
            ),
            B::ScheduleKnee { from, to, month } => format!(
                "From month {month}, each remaining month's termination fee goes from {} to {} of the monthly fee",
                self.percent(*from),
                self.percent(*to)
            ),
            B::MultiplierEnd { days, factor } if zh => {
                format!("开通满 {days} 天，已用费用不再按 {} 倍计", self.num(*factor))
            }
            B::MultiplierEnd { days, factor } => {
                format!("After {days} days, time used no longer costs ×{}", self.num(*factor))
            }
            B::RenewalStart { kept_to_end: false } if zh => "续费订单开始生效，不再全额退款".to_owned(),
            B::RenewalStart { kept_to_end: false } => "The renewal starts and is no longer refunded in full".to_owned(),
            B::RenewalStart { kept_to_end: true } if zh => {
                "续费订单开始生效：此后退订，服务保留至新服务期结束，不予退款".to_owned()
            }
            B::RenewalStart { kept_to_end: true } => {
                "The renewal starts: cancelling after it keeps the service to the end of the new term, with nothing back".to_owned()
            }
            B::RefundWindowEnd { window, counting, kept_to_end: false } if zh => {
                format!("{}退款期结束，此后退订不予退款", self.window_of(*window, *counting))
            }
            B::RefundWindowEnd { window, counting, kept_to_end: false } => {
                format!("The {} refund window ends: nothing comes back after it", self.window_of(*window, *counting))
            }
            B::RefundWindowEnd { window, counting, kept_to_end: true } if zh => format!(
                "{}退款期结束，此后退订不予退款，服务保留至到期日",
                self.window_of(*window, *counting)
            ),
            B::RefundWindowEnd { window, counting, kept_to_end: true } => format!(
                "The {} refund window ends: after it, cancelling keeps the service to the end of the term, with nothing back",
                self.window_of(*window, *counting)
            ),
            B::Delivery if zh => "服务交付：此后按交付后的违约金条款计算".to_owned(),
            B::Delivery => {
                "The service is delivered: the early-termination fee after delivery applies from here"
                    .to_owned()
            }
            B::AccountCapRelease { amount, made, months } if zh => format!(
                "{}的退款 {} 不再计入 {months} 个月退款额度",
                self.date(*made),
                self.money(*amount)
            ),
            B::AccountCapRelease { amount, made, months } => format!(
                "The refund of {} made on {} stops counting against the {}-month refund limit",
                self.money(*amount),
                self.date(*made),
                months
            ),
            B::AccountCapReached { left, within: true, refuse: true } if zh => {
                format!("退款金额降至账户剩余退款额度（{}）以内，不再被拒绝", self.money(*left))
            }
            B::AccountCapReached { left, within: true, refuse: false } if zh => {
                format!("退款金额降至账户剩余退款额度（{}）以内，不再被削减", self.money(*left))
            }
            B::AccountCapReached { left, within: false, refuse: true } if zh => {
                format!("退款金额超出账户剩余退款额度（{}），将被拒绝", self.money(*left))
            }
            B::AccountCapReached { left, within: false, refuse: false } if zh => {
                format!("退款金额超出账户剩余退款额度（{}），以剩余额度为限", self.money(*left))
            }
            B::AccountCapReached { left, within: true, refuse: true } => format!(
                "The refund falls within what is left of the account's refund limit ({}) and is no longer refused",
                self.money(*left)
            ),
            B::AccountCapReached { left, within: true, refuse: false } => format!(
                "The refund falls within what is left of the account's refund limit ({}) and is no longer trimmed",
                self.money(*left)
            ),
            B::AccountCapReached { left, within: false, refuse: true } => format!(
                "The refund exceeds what is left of the account's refund limit ({}) and is refused",
                self.money(*left)
            ),
            B::AccountCapReached { left, within: false, refuse: false } => format!(
                "The refund exceeds what is left of the account's refund limit ({}) and is limited to it",
                self.money(*left)
            ),
            B::SlaClaimClosed { deadline } if zh => {
                format!("SLA 赔偿的申请期限于{}结束，此后不再赔偿", self.date(*deadline))
            }
            B::SlaClaimClosed { deadline } => {
                format!("The SLA claim window closes after {}: the SLA credit is lost", self.date(*deadline))
            }
        }
    }

    /// The best moment of a curve, the latest instant with the most back (refund − owed):
    /// "Cancel before 10:30 on 20 Jan 2026 to get the most back: CN¥70,160.00", "Cancel by
    /// the end of 19 Jan 2026 …" when the deadline is a midnight (never an ambiguous
    /// "20 Jan 00:00"), or what is true when nothing comes back. `owed_somewhere`: leaving
    /// costs money at some point of the range.
    pub(crate) fn best(
        &self,
        at: chrono::NaiveDateTime,
        first: bool,
        refund: Decimal,
        owed: Decimal,
        owed_somewhere: bool,
    ) -> String {
        let zh = self.zh();
        let (by, at_time) = self.deadline(at, first);
        // "Cancel by … to get the most back: ¥0.00" would promise something.
        match (refund.is_zero(), owed.is_zero(), owed_somewhere) {
            (false, _, _) if zh => {
                format!("在{by}退订，可退金额最高：{}", self.money(refund))
            }
            (false, _, _) => format!(
                "Cancel {by} to get the most back: {}",
                self.money(refund)
            ),
            (true, false, _) if zh => format!(
                "在所选时间范围内退订都不会退款；{at_time}退订，需支付的金额最少：{}",
                self.money(owed)
            ),
            (true, false, _) => format!(
                "Nothing comes back at any date in this range; leaving {at_time} costs the least: {}",
                self.money(owed)
            ),
            (true, true, true) if zh => {
                format!("在所选时间范围内退订都不会退款；{at_time}退订无需额外付费")
            }
            (true, true, true) => format!(
                "Nothing comes back at any date in this range; leaving {at_time} costs nothing extra"
            ),
            (true, true, false) if zh => "在所选时间范围内，任何时候退订都不会退款".to_string(),
            (true, true, false) => "No refund at any cancellation date in this range".to_string(),
        }
    }

    /// The best moment when the refund has just risen there (cancelling earlier gives
    /// less): "Cancel at 10:30 on 20 Jan 2026, not before, to get the most back: …", and a
    /// midnight as the start of its day / "于2026年10月4日0时退订（不要更早），可退金额最高：…".
    pub(crate) fn best_from(&self, at: chrono::NaiveDateTime, refund: Decimal) -> String {
        use chrono::Timelike;
        let zh = self.zh();
        let day = self.date(at.date());
        let when = match (at.time() == chrono::NaiveTime::MIN, zh) {
            (true, true) => format!("{day}0时"),
            (true, false) => format!("the start of {day}"),
            (false, true) => format!("{day}{:02}:{:02}", at.hour(), at.minute()),
            (false, false) => format!("{:02}:{:02} on {day}", at.hour(), at.minute()),
        };
        if zh {
            format!(
                "于{when}退订（不要更早），可退金额最高：{}",
                self.money(refund)
            )
        } else {
            format!(
                "Cancel at {when}, not before, to get the most back: {}",
                self.money(refund)
            )
        }
    }

    /// Nothing comes back, and leaving later than `at` costs more: "Nothing comes back at any
    /// date in this range; leaving before 09:00 on 2 Mar 2026 costs the least: $2,500.00".
    pub(crate) fn least_cost_before(
        &self,
        at: chrono::NaiveDateTime,
        first: bool,
        owed: Decimal,
    ) -> String {
        let (by, _) = self.deadline(at, first);
        if self.zh() {
            format!(
                "在所选时间范围内退订都不会退款；在{by}退订，需支付的金额最少：{}",
                self.money(owed)
            )
        } else {
            format!(
                "Nothing comes back at any date in this range; leaving {by} costs the least: {}",
                self.money(owed)
            )
        }
    }

    /// A last instant in words read one way: ("before 10:30 on 20 Jan 2026", "at 10:30 on
    /// 20 Jan 2026") / ("2026年1月20日10:30前", "于2026年1月20日10:30"), and for a midnight (or
    /// the second before one) the whole day before it: ("by the end of 19 Jan 2026", "at the
    /// end of 19 Jan 2026") / ("2026年1月19日（含当天）前", "于2026年1月19日结束时"). An instant
    /// within a minute is read at the next whole minute (10:29:59 is "before 10:30").
    /// `first`: `at` is the purchase at midnight, which ends no day of the order: ("at the
    /// start of 1 Jun 2026") / ("2026年6月1日0时", "于2026年6月1日0时").
    fn deadline(&self, at: chrono::NaiveDateTime, first: bool) -> (String, String) {
        use chrono::Timelike;
        let zh = self.zh();
        if first && at.time() == chrono::NaiveTime::MIN {
            let day = self.date(at.date());
            return if zh {
                (format!("{day}0时"), format!("于{day}0时"))
            } else {
                let start = format!("at the start of {day}");
                (start.clone(), start)
            };
        }
        let on_the_minute = at.second() == 0;
        let minute = if on_the_minute {
            Some(at)
        } else {
            at.with_second(0)
                .and_then(|t| t.checked_add_signed(chrono::Duration::minutes(1)))
        };
        let Some(t) = minute else {
            // The last minute of 9999: said as it is.
            let day = self.date(at.date());
            return if zh {
                (format!("{day}（含当天）前"), format!("于{day}结束时"))
            } else {
                (
                    format!("by the end of {day}"),
                    format!("at the end of {day}"),
                )
            };
        };
        if t.hour() == 0 && t.minute() == 0 {
            let day = self.date(t.date().pred_opt().unwrap_or(t.date()));
            return if zh {
                (format!("{day}（含当天）前"), format!("于{day}结束时"))
            } else {
                (
                    format!("by the end of {day}"),
                    format!("at the end of {day}"),
                )
            };
        }
        let (day, clock) = (
            self.date(t.date()),
            format!("{:02}:{:02}", t.hour(), t.minute()),
        );
        if zh {
            (format!("{day}{clock}前"), format!("于{day}{clock}"))
        } else {
            (
                format!("before {clock} on {day}"),
                format!("at {clock} on {day}"),
            )
        }
    }

    /// One row of the plan comparison.
    pub(crate) fn comparison_row(
        &self,
        name: &str,
        up_front: Decimal,
        terms: u32,
        refund: Decimal,
        net: Decimal,
        per_month: Decimal,
    ) -> String {
        if self.zh() {
            let renewals = if terms > 1 {
                format!("（共 {} 期）", money::grouped(Decimal::from(terms)))
            } else {
                String::new()
            };
            format!(
                "{name}：首期支付 {}{renewals}，届时退订可退 {}，实际花费 {}，折合每月 {}",
                self.money(up_front),
                self.money(refund),
                self.money(net),
                self.money(per_month)
            )
        } else {
            let renewals = if terms > 1 {
                format!(" ({} terms in all)", money::grouped(Decimal::from(terms)))
            } else {
                String::new()
            };
            format!(
                "{name}: pay {} up front{renewals}, get {} back when you leave; it costs {}, {} a month",
                self.money(up_front),
                self.money(refund),
                self.money(net),
                self.money(per_month)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(locale: Locale, code: &str) -> Fmt {
        Fmt {
            locale,
            currency: Currency::from_code(code).unwrap(),
            rounding: money::Rounding::HalfUp,
        }
    }

    #[test]
    fn money_by_locale_and_currency() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(fmt(Locale::En, "CNY").money(d("12000")), "CN¥12,000.00");
        assert_eq!(fmt(Locale::ZhCn, "CNY").money(d("12000")), "¥12,000.00");
        assert_eq!(fmt(Locale::En, "JPY").money(d("1500000")), "¥1,500,000");
        assert_eq!(fmt(Locale::En, "KWD").money(d("-12.5")), "-KWD 12.500");
        assert_eq!(fmt(Locale::En, "USD").price(d("0.0035")), "$0.0035");
        assert_eq!(
            fmt(Locale::En, "USD").money(d("45416.547945205479")),
            "$45,416.55"
        );
    }

    #[test]
    fn units_and_plurals() {
        let f = fmt(Locale::En, "USD");
        assert_eq!(f.units(Decimal::ONE, Unit::Day), "1 day");
        assert_eq!(f.units(Decimal::from(126), Unit::Day), "126 days");
        assert_eq!(
            fmt(Locale::ZhCn, "USD").units(Decimal::from(3), Unit::Month),
            "3 个月"
        );
    }

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::parse("zh-Hans"), Some(Locale::ZhCn));
        assert_eq!(Locale::parse("EN-us"), Some(Locale::En));
        assert_eq!(Locale::parse("fr"), None);
    }

    /// Walks every message of the catalogue with sample figures: each must have text in
    /// both locales, and the Chinese must not be the English left behind.
    #[test]
    fn catalogue_is_complete_in_both_locales() {
        use crate::calendar::Unit;
        use crate::order::PaymentMethod;
        use crate::policy::{FeeBase, Term, WindowLength};
        use crate::stages::To;
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let details = vec![
            Detail::Paid {
                cash: d("1"),
                credit: d("1"),
                voucher: d("1"),
            },
            Detail::PromotionNotRefundable,
            Detail::PaidTogether {
                number: 2,
                start: crate::calendar::parse_date("2027-01-15").unwrap(),
                renewal: true,
                cash: d("1"),
                credit: d("1"),
                voucher: Decimal::ZERO,
            },
            Detail::PaidTogether {
                number: 1,
                start: crate::calendar::parse_date("2026-01-15").unwrap(),
                renewal: false,
                cash: d("1"),
                credit: Decimal::ZERO,
                voucher: Decimal::ZERO,
            },
            Detail::PlanNotRefundable { closed: None },
            Detail::LowerPrice {
                paid: d("12000"),
                current: d("9000"),
            },
            Detail::AccountCap {
                limit: d("50000"),
                months: 12,
                used: d("38000"),
                left: d("12000"),
                since: crate::calendar::parse_date("2025-05-20"),
                refused: false,
            },
            Detail::AccountCap {
                limit: d("50000"),
                months: 1,
                used: d("38000"),
                left: d("12000"),
                since: crate::calendar::parse_date("2025-05-20"),
                refused: true,
            },
            Detail::LowerPrice {
                paid: d("9000"),
                current: d("12000"),
            },
            Detail::PlanNotRefundable {
                closed: crate::calendar::parse_date("2026-01-31")
                    .and_then(|d| d.and_hms_opt(0, 0, 0)),
            },
            Detail::EndOfTerm {
                ends: crate::calendar::parse_date("2027-01-01")
                    .and_then(|d| d.and_hms_opt(9, 30, 0))
                    .unwrap(),
                closed: None,
            },
            Detail::EndOfTerm {
                ends: crate::calendar::parse_date("2027-01-01")
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .unwrap(),
                closed: crate::calendar::parse_date("2026-01-31")
                    .and_then(|d| d.and_hms_opt(9, 0, 5)),
            },
            Detail::Blocked {
                blocker: crate::policy::Blocker::Trial,
            },
            Detail::Blocked {
                blocker: crate::policy::Blocker::Frozen,
            },
            Detail::Blocked {
                blocker: crate::policy::Blocker::PendingTransaction,
            },
            Detail::InvoicedBlocked,
            Detail::NotStarted {
                start: crate::calendar::parse_date("2026-01-01").unwrap(),
            },
            Detail::NeverActivated,
            Detail::CoolingOff {
                window: WindowLength::Days(5),
                from: crate::policy::WindowFrom::Purchase,
                elapsed_hours: Some(d("3")),
                calendar_until: None,
            },
            Detail::CoolingOff {
                window: WindowLength::Hours(120),
                from: crate::policy::WindowFrom::Activation,
                elapsed_hours: Some(d("3")),
                calendar_until: None,
            },
            Detail::CoolingOff {
                window: WindowLength::Hours(120),
                from: crate::policy::WindowFrom::Activation,
                elapsed_hours: None,
                calendar_until: None,
            },
            Detail::CoolingOff {
                window: WindowLength::Days(5),
                from: crate::policy::WindowFrom::Purchase,
                elapsed_hours: Some(d("3")),
                calendar_until: crate::calendar::parse_date("2026-01-21")
                    .and_then(|d| d.and_hms_opt(0, 0, 0)),
            },
            Detail::CoolingOff {
                window: WindowLength::Days(5),
                from: crate::policy::WindowFrom::Activation,
                elapsed_hours: Some(d("3")),
                calendar_until: crate::calendar::parse_date("2026-01-21")
                    .and_then(|d| d.and_hms_opt(0, 0, 0)),
            },
            Detail::CoolingOff {
                window: WindowLength::Days(5),
                from: crate::policy::WindowFrom::Activation,
                elapsed_hours: None,
                calendar_until: crate::calendar::parse_date("2026-01-21")
                    .and_then(|d| d.and_hms_opt(0, 0, 0)),
            },
            Detail::PromotionClawback {
                price: d("2"),
                paid: d("1"),
                used: d("1"),
                whole: d("2"),
                unit: Unit::Day,
            },
            Detail::ProRata {
                base: d("1"),
                used: d("1"),
                term: d("2"),
                unit: Unit::Day,
            },
            Detail::CurrentMonth {
                base: d("1"),
                used: d("1"),
                period: d("2"),
                unit: Unit::Hour,
            },
            Detail::ListRate {
                parts: vec![(d("1"), Term::Months(1), d("3"))],
            },
            Detail::Multiplier {
                consumed: d("1"),
                factor: d("1.5"),
                within_days: Some(30),
            },
            Detail::Multiplier {
                consumed: d("1"),
                factor: d("1.5"),
                within_days: None,
            },
            Detail::Usage {
                meter: "GB".into(),
                used: d("2"),
                included: d("1"),
                unit_price: d("0.5"),
            },
            Detail::Handling {
                percent: d("5"),
                base: d("1"),
                of: FeeBase::Paid,
                year: Some((1, 12)),
                clamp: Clamp::Min(d("1")),
                on_lower_price: false,
            },
            Detail::Handling {
                percent: d("5"),
                base: d("1"),
                of: FeeBase::Paid,
                year: None,
                clamp: Clamp::None,
                on_lower_price: true,
            },
            Detail::Handling {
                percent: d("5"),
                base: d("1"),
                of: FeeBase::Remaining,
                year: None,
                clamp: Clamp::Max(d("1")),
                on_lower_price: false,
            },
            Detail::Handling {
                percent: d("5"),
                base: d("1"),
                of: FeeBase::Paid,
                year: None,
                clamp: Clamp::Unused {
                    unused: d("1"),
                    min: Some(d("2")),
                },
                on_lower_price: false,
            },
            Detail::EarlyTermination {
                formula: FeeFormula::RemainingPercent {
                    percent: d("75"),
                    monthly: d("1"),
                    months_left: 2,
                },
                clamp: Clamp::None,
                before_delivery: false,
                one_time: None,
            },
            Detail::EarlyTermination {
                formula: FeeFormula::MonthsOfFee {
                    months: 2,
                    monthly: d("1"),
                },
                clamp: Clamp::None,
                before_delivery: false,
                one_time: None,
            },
            Detail::EarlyTermination {
                formula: FeeFormula::Flat { amount: d("1") },
                clamp: Clamp::None,
                before_delivery: false,
                one_time: None,
            },
            Detail::EarlyTermination {
                formula: FeeFormula::Schedule {
                    monthly: d("1"),
                    groups: vec![(2, d("50"))],
                },
                clamp: Clamp::None,
                before_delivery: false,
                one_time: None,
            },
            Detail::EarlyTermination {
                formula: FeeFormula::Lesser {
                    discount: d("1"),
                    list_monthly: d("2"),
                    monthly: d("1"),
                    months_used: 1,
                    months_left: 2,
                },
                clamp: Clamp::None,
                before_delivery: false,
                one_time: None,
            },
            Detail::EarlyTermination {
                formula: FeeFormula::MonthsOfFee {
                    months: 1,
                    monthly: d("1"),
                },
                clamp: Clamp::None,
                before_delivery: true,
                one_time: Some(d("1500")),
            },
            Detail::EarlyTermination {
                formula: FeeFormula::Flat { amount: d("1") },
                clamp: Clamp::Max(d("1")),
                before_delivery: true,
                one_time: None,
            },
            Detail::EarlyTermination {
                formula: FeeFormula::MonthsOfFee {
                    months: 1,
                    monthly: d("1"),
                },
                clamp: Clamp::None,
                before_delivery: true,
                one_time: Some(Decimal::ZERO),
            },
            Detail::SetupFee,
            Detail::WaivedByContract,
            Detail::ProcessingFee {
                cash: d("100"),
                percent: d("2.9"),
                fixed: d("0.30"),
                method: PaymentMethod::Card,
                limited_to: None,
            },
            Detail::ProcessingFee {
                cash: d("100"),
                percent: d("3.4"),
                fixed: Decimal::ZERO,
                method: PaymentMethod::Paypal,
                limited_to: Some(d("2")),
            },
            Detail::ProcessingFee {
                cash: d("100"),
                percent: Decimal::ZERO,
                fixed: d("0.30"),
                method: PaymentMethod::Alipay,
                limited_to: None,
            },
            Detail::VoucherForfeit { voucher: d("1") },
            Detail::VoucherProportional {
                remaining: d("1"),
                voucher: d("1"),
                total: d("2"),
            },
            Detail::CreditForfeit { credit: d("1") },
            Detail::Sla {
                availability: d("98"),
                below: d("99"),
                percent: d("25"),
                monthly: d("1"),
                cap: Some(d("1")),
            },
            Detail::Outstanding,
            Detail::Cap { paid: d("1") },
            Detail::BelowMinimum { minimum: d("1") },
            Detail::Floor { unpaid_owed: false },
            Detail::Floor { unpaid_owed: true },
        ];
        let mut details = details;
        for reason in crate::request::Reason::NAMES.map(|(_, r)| r) {
            details.push(Detail::Waived { reason });
        }
        let notices = vec![
            Notice::CoolingOffQuotaUsed { quota: 1 },
            Notice::CoolingOffNotUnused,
            Notice::CoolingOffNotForRenewals,
            Notice::InvoicedToBalance,
            Notice::UsageNotReported { meter: "GB".into() },
            Notice::AfterEnd,
            Notice::FeesOwed { owed: d("1") },
            Notice::OutstandingOwed { owed: d("1") },
            Notice::MethodWindowClosed {
                method: PaymentMethod::WechatPay,
                days: 365,
            },
            Notice::WireFees,
            Notice::ExcessToBalance { excess: d("1") },
            Notice::MethodInvalid {
                method: PaymentMethod::Card,
            },
        ];
        let day = |s: &str| crate::calendar::parse_date(s).unwrap();
        let mut notices = notices;
        for window in [
            crate::policy::ClaimWindow::BusinessDays(20),
            crate::policy::ClaimWindow::BillingCycles(1),
        ] {
            let (fault, deadline) = (day("2026-05-29"), day("2026-06-29"));
            notices.push(Notice::SlaClaimWindow { window });
            for claimed in [None, Some(fault)] {
                notices.push(Notice::SlaClaimBy {
                    window,
                    fault,
                    deadline,
                    claimed,
                });
            }
            notices.push(Notice::SlaClaimLate {
                window,
                fault,
                deadline,
            });
            notices.push(Notice::SlaFaultAfterClaim {
                fault: deadline,
                claimed: fault,
            });
            notices.push(Notice::CalendarEnds { year: 2027 });
            notices.push(Notice::CalendarProvisional {
                years: vec![2027, 2028],
            });
            for (code, days) in [("large_amount", [0, 10]), ("account_check", [2, 5])] {
                notices.push(Notice::ReviewLonger {
                    code: code.into(),
                    label: None,
                    days,
                });
            }
        }
        // Every warning code is produced by some notice (UnknownLocale is English by design).
        let mut codes: Vec<&str> = notices.iter().map(Notice::code).collect();
        codes.push(Notice::UnknownLocale { tag: "fr".into() }.code());
        for code in Notice::CODES {
            assert!(codes.contains(&code), "no sample for warning {code}");
        }
        let en = fmt(Locale::En, "CNY");
        let zh = fmt(Locale::ZhCn, "CNY");
        let both = |what: &str, a: String, b: String| {
            assert!(!a.is_empty() && !b.is_empty(), "{what}: empty text");
            assert_ne!(a, b, "{what}: the zh-CN text is the English text");
            assert!(
                b.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{what}: no Chinese in {b}"
            );
        };
        for detail in &details {
            both(&format!("{detail:?}"), en.detail(detail), zh.detail(detail));
        }
        for notice in &notices {
            both(notice.code(), en.notice(notice), zh.notice(notice));
        }
        for code in LineCode::ALL {
            both(
                code.as_str(),
                code.label(Locale::En).into(),
                code.label(Locale::ZhCn).into(),
            );
        }
        for code in DOCUMENT_CODES {
            let (a, b) = (
                document_text(code, Locale::En).unwrap(),
                document_text(code, Locale::ZhCn).unwrap(),
            );
            both(code, a.0.into(), b.0.into());
            both(code, a.1.into(), b.1.into());
        }
        for tier in ["automatic", "review", "large_amount"] {
            both(
                tier,
                approval_label(tier, Locale::En).unwrap().into(),
                approval_label(tier, Locale::ZhCn).unwrap().into(),
            );
        }
        for (_, reason) in crate::request::Reason::NAMES {
            for claim in [
                None,
                Some(SlaClaim::By(day("2026-06-29"))),
                Some(SlaClaim::Late),
            ] {
                for outcome in [
                    crate::estimate::Outcome::Full,
                    crate::estimate::Outcome::Partial,
                    crate::estimate::Outcome::None,
                    crate::estimate::Outcome::EndOfTerm,
                ] {
                    both(
                        "what_to_say",
                        en.what_to_say(reason, claim, outcome),
                        zh.what_to_say(reason, claim, outcome),
                    );
                }
            }
        }
        for (name, kind) in crate::guidance::ChannelKind::NAMES {
            both(name, en.channel(kind).into(), zh.channel(kind).into());
        }
        for (name, method) in PaymentMethod::NAMES {
            if method != PaymentMethod::Paypal {
                both(
                    name,
                    en.method_name(method).into(),
                    zh.method_name(method).into(),
                );
            }
            both(
                name,
                en.destination(To::Original(method)),
                zh.destination(To::Original(method)),
            );
        }
        for to in [
            To::Balance,
            To::AccountCredit,
            To::SlaCredit,
            To::Voucher,
            To::Forfeited,
        ] {
            both(to.code(), en.destination(to), zh.destination(to));
        }
        let facts = |nothing_due, blocked, service_ends| StepFacts {
            plan: "p",
            used_days: d("1"),
            term_days: d("2"),
            policy: Some("x"),
            version: "1",
            outcome: crate::estimate::Outcome::Partial,
            deductions: vec!["a"],
            channels: vec![("c", "d".into())],
            reason: crate::request::Reason::Other,
            sla_claim: None,
            nothing_due,
            owed: Decimal::ZERO,
            blocked,
            approval: "a".into(),
            approval_days: [1, 2],
            earliest: crate::calendar::parse_date("2026-01-05"),
            latest: crate::calendar::parse_date("2026-01-06"),
            credit_dates: None,
            destinations: vec!["D".into(), "E".into()],
            service_ends,
        };
        for code in STEP_CODES {
            both(
                code,
                step_label(code, Locale::En).into(),
                step_label(code, Locale::ZhCn).into(),
            );
            let ends =
                crate::calendar::parse_date("2027-01-05").and_then(|d| d.and_hms_opt(0, 0, 0));
            for (nothing_due, blocked, ends) in [
                (false, false, None),
                (true, false, None),
                (true, true, None),
                (true, false, ends),
            ] {
                both(
                    code,
                    en.step_detail(code, &facts(nothing_due, blocked, ends)),
                    zh.step_detail(code, &facts(nothing_due, blocked, ends)),
                );
            }
        }
        both(
            "phase",
            en.phase_label("approval", "x"),
            zh.phase_label("approval", "x"),
        );
        both(
            "phase",
            en.phase_label("payout", "x"),
            zh.phase_label("payout", "x"),
        );
        let day = crate::calendar::parse_date("2026-05-28");
        both(
            "summary",
            en.timeline_summary([1, 2], day, day),
            zh.timeline_summary([1, 2], day, day),
        );
        both(
            "summary",
            en.timeline_summary([0, 0], None, None),
            zh.timeline_summary([0, 0], None, None),
        );
        for days in [[0, 0], [0, 1], [1, 5]] {
            both(
                "credit summary",
                en.credit_summary(days, day, day),
                zh.credit_summary(days, day, day),
            );
        }
        assert_eq!(en.date(day.unwrap()), "28 May 2026");
        assert_eq!(zh.date(day.unwrap()), "2026年5月28日");

        // The what-if texts: break points, the best moment (also when nothing comes back)
        // and comparison rows (with and without renewals).
        use crate::whatif::Boundary;
        let boundaries = [
            Boundary::CoolingOffEnd {
                window: WindowLength::Hours(48),
                counting: crate::policy::Counting::Rolling,
            },
            Boundary::CoolingOffEnd {
                window: WindowLength::Days(5),
                counting: crate::policy::Counting::Rolling,
            },
            Boundary::CoolingOffEnd {
                window: WindowLength::Days(5),
                counting: crate::policy::Counting::CalendarDays {
                    to_business_day: true,
                },
            },
            Boundary::HandlingTier {
                from: d("5"),
                to: d("10"),
                year: 2,
            },
            Boundary::ScheduleKnee {
                from: d("100"),
                to: d("50"),
                month: 13,
            },
            Boundary::MultiplierEnd {
                days: 30,
                factor: d("1.5"),
            },
            Boundary::RenewalStart { kept_to_end: false },
            Boundary::RenewalStart { kept_to_end: true },
            Boundary::RefundWindowEnd {
                window: WindowLength::Days(30),
                counting: crate::policy::Counting::CalendarDays {
                    to_business_day: false,
                },
                kept_to_end: false,
            },
            Boundary::RefundWindowEnd {
                window: WindowLength::Hours(72),
                counting: crate::policy::Counting::Rolling,
                kept_to_end: true,
            },
            Boundary::SlaClaimClosed {
                deadline: day.unwrap(),
            },
            Boundary::Delivery,
            Boundary::AccountCapRelease {
                amount: d("20000"),
                made: day.unwrap(),
                months: 12,
            },
            Boundary::AccountCapReached {
                left: d("12000"),
                within: true,
                refuse: true,
            },
            Boundary::AccountCapReached {
                left: d("12000"),
                within: true,
                refuse: false,
            },
            Boundary::AccountCapReached {
                left: d("12000"),
                within: false,
                refuse: true,
            },
            Boundary::AccountCapReached {
                left: d("12000"),
                within: false,
                refuse: false,
            },
        ];
        for b in &boundaries {
            both(&format!("{b:?}"), en.boundary(b), zh.boundary(b));
        }
        let noon = day.unwrap().and_hms_opt(12, 0, 0).unwrap();
        for (refund, owed, somewhere) in [
            (d("1"), Decimal::ZERO, false),
            (Decimal::ZERO, d("1"), true),
            (Decimal::ZERO, Decimal::ZERO, true),
            (Decimal::ZERO, Decimal::ZERO, false),
        ] {
            both(
                "best",
                en.best(noon, false, refund, owed, somewhere),
                zh.best(noon, false, refund, owed, somewhere),
            );
        }
        for at in [noon, day.unwrap().and_hms_opt(0, 0, 0).unwrap()] {
            both(
                "best_from",
                en.best_from(at, d("1")),
                zh.best_from(at, d("1")),
            );
            both(
                "least_cost_before",
                en.least_cost_before(at, false, d("1")),
                zh.least_cost_before(at, false, d("1")),
            );
        }
        for terms in [1, 3] {
            let row = |f: &Fmt| f.comparison_row("P", d("3"), terms, d("1"), d("2"), d("1"));
            both("comparison_row", row(&en), row(&zh));
        }
    }

    /// The best moment never reads as an ambiguous midnight: a midnight is the end of the
    /// day before, the second before a midnight the end of its day, and a time within a
    /// minute the next whole minute.
    #[test]
    fn best_moment_deadlines_read_one_way() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let t = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        let (en, zh) = (fmt(Locale::En, "CNY"), fmt(Locale::ZhCn, "CNY"));
        let best = |f: &Fmt, at: &str| f.best(t(at), false, d("70160"), Decimal::ZERO, false);
        assert_eq!(
            best(&en, "2026-01-20 00:00:00"),
            "Cancel by the end of 19 Jan 2026 to get the most back: CN¥70,160.00"
        );
        assert_eq!(
            best(&zh, "2026-01-20 00:00:00"),
            "在2026年1月19日（含当天）前退订，可退金额最高：¥70,160.00"
        );
        assert_eq!(
            best(&en, "2026-01-20 10:30:00"),
            "Cancel before 10:30 on 20 Jan 2026 to get the most back: CN¥70,160.00"
        );
        assert_eq!(
            best(&zh, "2026-01-20 10:30:00"),
            "在2026年1月20日10:30前退订，可退金额最高：¥70,160.00"
        );
        assert_eq!(
            best(&en, "2026-06-19 23:59:59"),
            "Cancel by the end of 19 Jun 2026 to get the most back: CN¥70,160.00"
        );
        assert_eq!(
            best(&en, "2026-06-19 10:29:59"),
            "Cancel before 10:30 on 19 Jun 2026 to get the most back: CN¥70,160.00"
        );
        assert_eq!(
            en.best(t("2029-01-20 00:00:00"), false, Decimal::ZERO, d("5"), true),
            "Nothing comes back at any date in this range; leaving at the end of 19 Jan 2029 costs the least: CN¥5.00"
        );
        // A purchase at midnight is no day's end: the day before it did not belong to the
        // order.
        let first = |f: &Fmt| {
            f.best(
                t("2026-06-01 00:00:00"),
                true,
                d("100"),
                Decimal::ZERO,
                false,
            )
        };
        assert_eq!(
            first(&en),
            "Cancel at the start of 1 Jun 2026 to get the most back: CN¥100.00"
        );
        assert_eq!(first(&zh), "在2026年6月1日0时退订，可退金额最高：¥100.00");
    }

    #[test]
    fn every_line_has_a_label_in_every_locale() {
        for locale in Locale::ALL {
            for code in LineCode::ALL {
                assert!(!code.label(locale).is_empty(), "{code:?} {locale:?}");
            }
        }
        // zh labels are really Chinese, not English left behind.
        for code in LineCode::ALL {
            assert_ne!(code.label(Locale::En), code.label(Locale::ZhCn), "{code:?}");
        }
    }
}
