//! Every sentence the estimate shows, in English and Simplified Chinese.
//!
//! Stages never write text: they record *what* happened as a [`Detail`] or [`Notice`] with
//! the numbers, and this file turns that into words for the request's locale. Adding a
//! locale means adding one arm per `match` here, and the compiler lists every one.

use crate::calendar::{units_figure, Unit};
use crate::currency::Currency;
use crate::money;
use crate::policy::{FeeBase, Term, WindowLength};
use crate::read::Reader;
use crate::request::Reason;
use crate::value::Value;
use rust_decimal::Decimal;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    En,
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

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

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
            en: s.to_owned(),
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

pub(crate) fn read_text(r: &mut Reader, v: &Value) -> Option<Text> {
    if let Value::String(_) = v {
        return r.string(v).map(|s| Text { en: s, zh: None });
    }
    let mut o = r.object(v)?;
    let en = o.required(r, "en", Reader::string);
    let zh = o.optional(r, "zh-CN", Reader::string);
    o.finish(r);
    Some(Text { en: en?, zh })
}

/// Formats numbers and money for one locale and currency.
pub(crate) struct Fmt {
    pub locale: Locale,
    pub currency: Currency,
}

impl Fmt {
    fn zh(&self) -> bool {
        self.locale == Locale::ZhCn
    }

    /// `CN¥12,000.00` in English, `¥12,000.00` in Chinese, at the currency's minor unit
    /// (intermediate figures keep full precision in the arithmetic, not in the text).
    pub fn money(&self, amount: Decimal) -> String {
        let minor = self.currency.minor_unit();
        self.symbol_and_figure(money::round(amount, minor, money::Rounding::HalfUp))
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

    /// `12.5%`.
    pub fn percent(&self, d: Decimal) -> String {
        format!("{}%", money::figure(d))
    }

    /// `126 days`, `1 month`, `126天`, `3个月`.
    pub fn units(&self, n: Decimal, unit: Unit) -> String {
        let figure = units_figure(n);
        if self.zh() {
            let u = match unit {
                Unit::Second => "秒",
                Unit::Minute => "分钟",
                Unit::Hour => "小时",
                Unit::Day => "天",
                Unit::Month => "个月",
            };
            return format!("{figure}{u}");
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

    fn term(&self, t: Term) -> String {
        match t {
            Term::Months(m) => self.units(Decimal::from(m), Unit::Month),
            Term::Days(d) => self.units(Decimal::from(d), Unit::Day),
            Term::Hours(h) => self.units(Decimal::from(h), Unit::Hour),
        }
    }

    fn window(&self, w: WindowLength) -> String {
        match w {
            WindowLength::Days(d) => self.units(Decimal::from(d), Unit::Day),
            WindowLength::Hours(h) => self.units(Decimal::from(h), Unit::Hour),
        }
    }

    fn reason(&self, reason: Reason) -> &'static str {
        match (reason, self.zh()) {
            (Reason::BusinessChange, false) => "a change of business plans",
            (Reason::BusinessChange, true) => "业务调整",
            (Reason::Dissatisfied, false) => "dissatisfaction with the service",
            (Reason::Dissatisfied, true) => "对服务不满意",
            (Reason::ProviderFault, false) => "a fault on the provider's side",
            (Reason::ProviderFault, true) => "服务商原因导致的故障",
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
    Voucher,
    Credit,
    SlaCredit,
    Outstanding,
    Cap,
    BelowMinimum,
    Floor,
}

impl LineCode {
    pub const ALL: [LineCode; 18] = [
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
        LineCode::Voucher,
        LineCode::Credit,
        LineCode::SlaCredit,
        LineCode::Outstanding,
        LineCode::Cap,
        LineCode::BelowMinimum,
        LineCode::Floor,
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
            LineCode::Voucher => "voucher",
            LineCode::Credit => "credit",
            LineCode::SlaCredit => "sla_credit",
            LineCode::Outstanding => "outstanding",
            LineCode::Cap => "cap",
            LineCode::BelowMinimum => "below_minimum",
            LineCode::Floor => "floor",
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
            (LineCode::PromotionClawback, false) => "Promotion discount taken back",
            (LineCode::PromotionClawback, true) => "收回促销优惠",
            (LineCode::Consumed, false) => "Service already used",
            (LineCode::Consumed, true) => "已使用的服务费用",
            (LineCode::ConsumedMultiplier, false) => "Early-cancellation surcharge",
            (LineCode::ConsumedMultiplier, true) => "短期使用加收",
            (LineCode::Usage, false) => "Metered usage",
            (LineCode::Usage, true) => "按量使用费用",
            (LineCode::HandlingFee, false) => "Handling fee",
            (LineCode::HandlingFee, true) => "退订手续费",
            (LineCode::EarlyTerminationFee, false) => "Early-termination fee",
            (LineCode::EarlyTerminationFee, true) => "提前解约费",
            (LineCode::SetupFee, false) => "One-time setup fee",
            (LineCode::SetupFee, true) => "一次性开通费",
            (LineCode::Voucher, false) => "Vouchers",
            (LineCode::Voucher, true) => "代金券",
            (LineCode::Credit, false) => "Gift credit",
            (LineCode::Credit, true) => "赠送金",
            (LineCode::SlaCredit, false) => "SLA compensation",
            (LineCode::SlaCredit, true) => "SLA 赔偿",
            (LineCode::Outstanding, false) => "Unpaid charges",
            (LineCode::Outstanding, true) => "欠费抵扣",
            (LineCode::Cap, false) => "Limited to the amount paid",
            (LineCode::Cap, true) => "以实付金额为上限",
            (LineCode::BelowMinimum, false) => "Below the minimum refund",
            (LineCode::BelowMinimum, true) => "低于最低退款额",
            (LineCode::Floor, false) => "No refund below zero",
            (LineCode::Floor, true) => "退款不低于零",
        }
    }
}

/// A cap or floor applied to a fee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Clamp {
    None,
    Min(Decimal),
    Max(Decimal),
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
    InvoicedBlocked,
    NotStarted {
        start: String,
    },
    NeverActivated,
    CoolingOff {
        window: WindowLength,
        elapsed_hours: Decimal,
    },
    PromotionClawback {
        price: Decimal,
        paid: Decimal,
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
    },
    EarlyTermination {
        formula: FeeFormula,
        clamp: Clamp,
    },
    Waived {
        reason: Reason,
    },
    SetupFee,
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
    Floor,
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
                let mut parts = vec![if zh {
                    format!("现金 {}", m(*cash))
                } else {
                    format!("{} cash", m(*cash))
                }];
                if !credit.is_zero() {
                    parts.push(if zh {
                        format!("赠送金 {}", m(*credit))
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
                if zh {
                    format!("续费订单尚未生效（{start} 开始），全额退款。")
                } else {
                    format!("This renewal has not started yet (it starts {start}), so it is refunded in full.")
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
                elapsed_hours,
            } => {
                if zh {
                    format!(
                        "在开通后 {} 内申请（距开通 {} 小时），属于无理由退款期，全额退还实付现金。",
                        self.window(*window),
                        units_figure(*elapsed_hours)
                    )
                } else {
                    format!(
                        "Cancelled {} hours after the start, inside the {} no-questions window: the cash paid comes back in full.",
                        units_figure(*elapsed_hours),
                        self.window(*window)
                    )
                }
            }
            Detail::PromotionClawback { price, paid } => {
                if zh {
                    format!(
                        "促销订单退款时收回优惠：原价 {} − 实付 {}",
                        m(*price),
                        m(*paid)
                    )
                } else {
                    format!(
                        "The promotion discount is taken back: list price {} − paid {}",
                        m(*price),
                        m(*paid)
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
                        let per_text = self.term(*per);
                        if zh {
                            format!(
                                "{} × {}（每{}）",
                                units_figure(*n),
                                self.price(*price),
                                per_text
                            )
                        } else {
                            format!(
                                "{} × {} per {}",
                                units_figure(*n),
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
                        m(*consumed)
                    ),
                    (Some(days), false) => format!(
                        "Cancelled within {days} days of the start, so time used costs ×{}: {} × {extra}",
                        self.num(*factor),
                        m(*consumed)
                    ),
                    (None, true) => format!("已用费用按 {} 倍计：{} × {extra}", self.num(*factor), m(*consumed)),
                    (None, false) => format!("Time used costs ×{}: {} × {extra}", self.num(*factor), m(*consumed)),
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
                if zh {
                    format!(
                        "{meter}：已用 {} − 套餐内含 {} = {} × 单价 {}",
                        self.num(*used),
                        self.num(*included),
                        self.num(billable),
                        self.price(*unit_price)
                    )
                } else {
                    format!(
                        "{meter}: {} used − {} included = {} × {}",
                        self.num(*used),
                        self.num(*included),
                        self.num(billable),
                        self.price(*unit_price)
                    )
                }
            }
            Detail::Handling {
                percent,
                base,
                of,
                year,
                clamp,
            } => {
                let of_text = match (of, zh) {
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
                        m(*base),
                        self.percent(*percent)
                    )
                } else {
                    format!(
                        "{} of {}: {} × {}",
                        self.percent(*percent),
                        of_text,
                        m(*base),
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
            Detail::EarlyTermination { formula, clamp } => {
                let mut s = self.fee_formula(formula);
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
            Detail::SetupFee => {
                if zh {
                    "开通、安装等一次性费用不予退还。".into()
                } else {
                    "One-time charges (setup, installation) are not refunded.".into()
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
                        m(*remaining),
                        m(*voucher),
                        m(*total)
                    )
                } else {
                    format!(
                        "The refund follows the cash share of the payment; the voucher share is kept: {} × {} ÷ {}",
                        m(*remaining),
                        m(*voucher),
                        m(*total)
                    )
                }
            }
            Detail::CreditForfeit { credit } => {
                if zh {
                    format!("支付时使用的赠送金 {} 不予退还。", m(*credit))
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
            Detail::Floor => {
                if zh {
                    "扣除项超过可退金额时不退款，也不会向您收取差额。".into()
                } else {
                    "The deductions exceed what is refundable: no refund, and never a bill.".into()
                }
            }
        }
    }

    fn clamp(&self, c: Clamp) -> String {
        match (c, self.zh()) {
            (Clamp::None, _) => String::new(),
            (Clamp::Min(x), true) => format!("，最低收取 {}", self.money(x)),
            (Clamp::Min(x), false) => format!(", raised to the minimum of {}", self.money(x)),
            (Clamp::Max(x), true) => format!("，最高收取 {}", self.money(x)),
            (Clamp::Max(x), false) => format!(", limited to the maximum of {}", self.money(x)),
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
                        m(*monthly),
                        self.percent(*percent)
                    )
                } else {
                    format!(
                        "{} of the {months_left} remaining months' charges: {} × {months_left} × {}",
                        self.percent(*percent),
                        m(*monthly),
                        self.percent(*percent)
                    )
                }
            }
            FeeFormula::MonthsOfFee { months, monthly } => {
                if zh {
                    format!("{months} 个月的月费：{} × {months}", m(*monthly))
                } else {
                    format!(
                        "{months} months of the monthly fee: {} × {months}",
                        m(*monthly)
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
                    .map(|(n, p)| format!("{} × {n} × {}", m(*monthly), self.percent(*p)))
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
                        "取较低者：已享优惠 ({} − {}) × {months_used} 个月 = {}，或剩余月费 {} × {months_left} 个月 = {}",
                        m(*list_monthly),
                        m(*monthly),
                        m(*discount),
                        m(*monthly),
                        m(remaining)
                    )
                } else {
                    format!(
                        "The lesser of the discount received, ({} − {}) × {months_used} months = {}, and the remaining charges, {} × {months_left} months = {}",
                        m(*list_monthly),
                        m(*monthly),
                        m(*discount),
                        m(*monthly),
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
    CoolingOffQuotaUsed { quota: u32 },
    CoolingOffNotUnused,
    InvoicedToBalance,
    UnknownLocale { tag: String },
    UsageNotReported { meter: String },
    AfterEnd,
    FeesOwed { owed: Decimal },
}

impl Notice {
    pub const CODES: [&'static str; 7] = [
        "cooling_off_quota_used",
        "cooling_off_requires_unused",
        "invoiced_to_balance",
        "unknown_locale",
        "usage_not_reported",
        "after_end",
        "fees_owed",
    ];

    pub fn code(&self) -> &'static str {
        match self {
            Notice::CoolingOffQuotaUsed { .. } => "cooling_off_quota_used",
            Notice::CoolingOffNotUnused => "cooling_off_requires_unused",
            Notice::InvoicedToBalance => "invoiced_to_balance",
            Notice::UnknownLocale { .. } => "unknown_locale",
            Notice::UsageNotReported { .. } => "usage_not_reported",
            Notice::AfterEnd => "after_end",
            Notice::FeesOwed { .. } => "fees_owed",
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
            Notice::InvoicedToBalance => {
                if zh {
                    "订单已开票：退款退至账户余额，并需冲红或退回发票。".into()
                } else {
                    "The order was invoiced: the refund goes to the account balance and the invoice must be reversed.".into()
                }
            }
            Notice::UnknownLocale { tag } => {
                format!("Locale \"{tag}\" is not available; showing English. Available: en, zh-CN.")
            }
            Notice::UsageNotReported { meter } => {
                if zh {
                    format!(
                        "订单未提供「{meter}」的用量，按 0 估算；实际退款会扣除超出套餐的用量。"
                    )
                } else {
                    format!("No usage was given for {meter}; it is estimated as zero, and real overage would be deducted.")
                }
            }
            Notice::AfterEnd => {
                if zh {
                    "取消时间已在服务期结束之后。".into()
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
        }
    }
}

impl Fmt {
    /// Where a part of the refund lands, e.g. "Back to your card" / "原路退回银行卡".
    pub(crate) fn destination(&self, to: crate::stages::To) -> String {
        use crate::order::PaymentMethod as M;
        use crate::stages::To;
        let zh = self.zh();
        let s = match (to, zh) {
            (To::Original(M::Card), false) => "Back to the card you paid with",
            (To::Original(M::Card), true) => "原路退回支付银行卡",
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
            (To::AccountCredit, false) => "As account credit",
            (To::AccountCredit, true) => "以赠送金形式返还账户",
            (To::Voucher, false) => "As vouchers, returned to your account",
            (To::Voucher, true) => "代金券退回账户",
            (To::Forfeited, false) => "Not returned (vouchers and credit used to pay)",
            (To::Forfeited, true) => "不予退还（支付时使用的代金券、赠送金）",
        };
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(locale: Locale, code: &str) -> Fmt {
        Fmt {
            locale,
            currency: Currency::from_code(code).unwrap(),
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
            "3个月"
        );
    }

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::parse("zh-Hans"), Some(Locale::ZhCn));
        assert_eq!(Locale::parse("EN-us"), Some(Locale::En));
        assert_eq!(Locale::parse("fr"), None);
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
