//! How long the refund takes: approval by amount, payout by destination, counted in the
//! policy's business days from the day the request is submitted.
//!
//! Policy sections read here: `timeline` (approval tiers, reason adjustments, named
//! conditions that extend the review, payout per payment method) and `calendar` (holidays
//! and make-up working days). Without them the
//! defaults below apply; they are the figures of domain.md section 9.

use crate::calendar::BusinessCalendar;
use crate::error::ErrorCode;
use crate::i18n::Text;
use crate::order::PaymentMethod;
use crate::read::{Obj, Reader};
use crate::request::{read_date, Reason};
use crate::value::{Number, Value};
use rust_decimal::Decimal;

/// The longest business-day figure accepted anywhere (a year and a half of working days).
const MAX_DAYS: u32 = 400;

#[derive(Clone, Debug)]
pub struct TimelinePolicy {
    /// Ordered by `up_to`, ascending; the last tier has no limit.
    pub approval: Vec<ApprovalTier>,
    /// Business days added to (or, when negative, taken from) approval for a reason.
    pub adjustments: Vec<(Reason, [i32; 2])>,
    /// Payout after approval, by payment method (`balance` also times account credit).
    pub payout: Vec<(PaymentMethod, Payout)>,
    /// Named conditions that make the review take longer (a very large amount, an account
    /// to check, an investigation), each said in a warning when it applies.
    pub extensions: Vec<Extension>,
    pub calendar: BusinessCalendar,
    /// Years whose holidays the calendar projects rather than takes from an official notice
    /// (`calendar.provisional`): a count of business days through them says so.
    pub provisional_years: Vec<i32>,
}

/// A condition that extends the review: when `when` holds, `days` are added to the approval
/// days, and the estimate says why.
#[derive(Clone, Debug)]
pub struct Extension {
    /// `large_amount`, `account_check`, `investigation`, `communication` (built-in texts) or
    /// the policy's own code with a `label`.
    pub code: String,
    /// Why it takes longer, as a clause: "very large refunds are checked more closely".
    pub label: Option<Text>,
    pub when: crate::guidance::Condition,
    pub days: [u32; 2],
}

#[derive(Clone, Debug)]
pub struct ApprovalTier {
    /// A code such as `automatic`, `review`, `large_amount`.
    pub tier: String,
    pub label: Option<Text>,
    /// The largest refund this tier approves; `None` for the last tier.
    pub up_to: Option<Decimal>,
    pub days: [u32; 2],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Payout {
    pub days: [u32; 2],
    /// The method accepts refunds only this many days after payment (WeChat Pay 365,
    /// PayPal 180); later, the money goes to the account balance.
    pub refund_window_days: Option<u32>,
    /// The rail is an international (cross-border) wire, which may lose intermediary bank
    /// fees on the way.
    pub intermediary_fees: bool,
}

impl Default for TimelinePolicy {
    fn default() -> Self {
        TimelinePolicy {
            approval: vec![ApprovalTier {
                tier: "automatic".into(),
                label: None,
                up_to: None,
                days: [1, 3],
            }],
            adjustments: Vec::new(),
            payout: default_payout(),
            extensions: Vec::new(),
            calendar: BusinessCalendar::default(),
            provisional_years: Vec::new(),
        }
    }
}

/// domain.md section 9: card 5–10 business days (Stripe); Alipay immediate; WeChat Pay
/// minutes to a wallet, 1–3 days to a bank card; bank transfer 1–5 days; PayPal 3–5 days.
/// A bank transfer is domestic unless the policy says its wires cross borders
/// (`intermediaryFees`): a CNY 对公转账 is not an international wire.
fn default_payout() -> Vec<(PaymentMethod, Payout)> {
    let p = |a, b| Payout {
        days: [a, b],
        refund_window_days: None,
        intermediary_fees: false,
    };
    vec![
        (PaymentMethod::Card, p(5, 10)),
        (PaymentMethod::Alipay, p(0, 1)),
        (PaymentMethod::WechatPay, p(0, 3)),
        (PaymentMethod::BankTransfer, p(1, 5)),
        (PaymentMethod::Paypal, p(3, 5)),
        (PaymentMethod::Balance, p(0, 0)),
    ]
}

impl TimelinePolicy {
    pub fn payout(&self, method: PaymentMethod) -> Payout {
        self.payout
            .iter()
            .find(|(m, _)| *m == method)
            .map(|(_, p)| *p)
            .or_else(|| {
                default_payout()
                    .into_iter()
                    .find(|(m, _)| *m == method)
                    .map(|(_, p)| p)
            })
            .unwrap_or(Payout {
                days: [0, 0],
                refund_window_days: None,
                intermediary_fees: false,
            })
    }

    /// The tier approving `amount`: the first whose `up_to` is at least the amount.
    pub fn tier_for(&self, amount: Decimal) -> Option<&ApprovalTier> {
        self.approval
            .iter()
            .find(|t| t.up_to.map_or(true, |limit| amount <= limit))
    }

    /// The most business days any estimate under this policy can wait, approval and payout
    /// together (every extension applied): a bound on its arrival dates, for a prepared
    /// order's figures, which are computed without the timeline (src/estimator.rs).
    pub fn longest_wait(&self) -> u32 {
        let most = |[lo, hi]: [u32; 2]| lo.max(hi);
        let tier = self
            .approval
            .iter()
            .map(|t| most(t.days))
            .max()
            .unwrap_or(0);
        let adjustment = self
            .adjustments
            .iter()
            .map(|(_, [lo, hi])| (*lo).max(*hi).max(0).unsigned_abs())
            .max()
            .unwrap_or(0);
        let extensions = self
            .extensions
            .iter()
            .fold(0u32, |sum, e| sum.saturating_add(most(e.days)));
        let payout = self
            .payout
            .iter()
            .chain(&default_payout())
            .map(|(_, p)| most(p.days))
            .max()
            .unwrap_or(0);
        tier.saturating_add(adjustment)
            .saturating_add(extensions)
            .saturating_add(payout)
    }

    /// Approval days in `tier`, adjusted for the reason and never below zero.
    pub fn approval_days(&self, tier: &ApprovalTier, reason: Reason) -> [u32; 2] {
        let [mut lo, mut hi] = tier.days;
        if let Some((_, [add_lo, add_hi])) = self.adjustments.iter().find(|(r, _)| *r == reason) {
            lo = lo.saturating_add_signed(*add_lo);
            hi = hi.saturating_add_signed(*add_hi);
        }
        [lo.min(hi), hi.max(lo)]
    }
}

pub(crate) fn read_timeline(r: &mut Reader, v: &Value) -> Option<TimelinePolicy> {
    let mut o = r.object(v)?;
    let approval = o.optional(r, "approval", read_approval);
    let adjustments = o.optional(r, "reasons", |r, v| {
        r.array(v, |r, v| {
            let mut a = r.object(v)?;
            let reason = a.required(r, "reason", |r, v| r.one_of(v, &Reason::NAMES));
            // Deltas, not a range: [0, -1] keeps the fastest and shortens the slowest.
            let days = a.required(r, "businessDays", |r, v| read_pair(r, v, signed_days));
            a.finish(r);
            Some((reason?, days?))
        })
    });
    let payout = o.optional(r, "payout", read_payout);
    let extensions = o.optional(r, "extensions", read_extensions);
    o.finish(r);
    let defaults = TimelinePolicy::default();
    Some(TimelinePolicy {
        approval: approval.unwrap_or(defaults.approval),
        adjustments: adjustments.unwrap_or_default(),
        payout: payout.unwrap_or(defaults.payout),
        extensions: extensions.unwrap_or_default(),
        calendar: BusinessCalendar::default(),
        provisional_years: Vec::new(),
    })
}

/// `[{"code": "large_amount", "when": {"minRefund": "200000.00"}, "businessDays": [0, 10]}]`.
fn read_extensions(r: &mut Reader, v: &Value) -> Option<Vec<Extension>> {
    let list = r.array(v, |r, v| {
        let mut o = r.object(v)?;
        let code = o.required(r, "code", Reader::string);
        let label = o.optional(r, "label", crate::i18n::read_text);
        let when = o
            .optional(r, "when", crate::guidance::read_condition)
            .unwrap_or_default();
        let days = o.required(r, "businessDays", |r, v| {
            read_range(r, v, |r, v| r.count(v, MAX_DAYS))
        });
        o.finish(r);
        let code = code?;
        if label.is_none() && crate::i18n::extension_reason(&code, crate::i18n::Locale::En).is_none() {
            r.at("label", |r| {
                r.report(
                    ErrorCode::MissingField,
                    format!(
                        "\"{}\" is not a built-in condition (large_amount, account_check, investigation, communication): give it a \"label\" that says why the review takes longer",
                        crate::read::shorten(&code)
                    ),
                )
            });
        }
        Some(Extension {
            code,
            label,
            when,
            days: days?,
        })
    })?;
    for (i, e) in list.iter().enumerate() {
        if list.iter().take(i).any(|f| f.code == e.code) {
            r.at_index(i, |r| {
                r.at("code", |r| {
                    r.report(
                        ErrorCode::DuplicateField,
                        format!(
                            "condition \"{}\" is listed twice",
                            crate::read::shorten(&e.code)
                        ),
                    )
                })
            });
        }
    }
    Some(list)
}

fn read_approval(r: &mut Reader, v: &Value) -> Option<Vec<ApprovalTier>> {
    let tiers = r.array(v, |r, v| {
        let mut t = r.object(v)?;
        let tier = t.required(r, "tier", Reader::string);
        let label = t.optional(r, "label", crate::i18n::read_text);
        let up_to = t.optional(r, "upTo", |r, v| r.amount(v, None));
        let days = t.required(r, "businessDays", |r, v| read_range(r, v, |r, v| r.count(v, MAX_DAYS)));
        t.finish(r);
        let tier = tier?;
        if label.is_none() && crate::i18n::approval_label(&tier, crate::i18n::Locale::En).is_none() {
            r.at("label", |r| {
                r.report(
                    ErrorCode::MissingField,
                    format!("tier \"{tier}\" is not a built-in tier (automatic, review, large_amount): give it a \"label\""),
                )
            });
        }
        Some(ApprovalTier { tier, label, up_to, days: days? })
    })?;
    if tiers.is_empty() {
        r.report(ErrorCode::OutOfRange, "expected at least one approval tier");
        return None;
    }
    let last = tiers.len().saturating_sub(1);
    for (i, t) in tiers.iter().enumerate() {
        let previous = i
            .checked_sub(1)
            .and_then(|p| tiers.get(p))
            .and_then(|p| p.up_to);
        match (t.up_to, i == last) {
            (Some(_), true) => r.at_index(i, |r| {
                r.at("upTo", |r| {
                    r.report(
                        ErrorCode::TiersNotOrdered,
                        "the last tier takes every larger amount: remove its \"upTo\"",
                    )
                })
            }),
            (None, false) => r.at_index(i, |r| {
                r.at("upTo", |r| {
                    r.report(
                        ErrorCode::MissingField,
                        "every tier but the last needs \"upTo\"",
                    )
                })
            }),
            (Some(limit), false) if previous.is_some_and(|p| limit <= p) => r.at_index(i, |r| {
                r.at("upTo", |r| {
                    r.report(
                        ErrorCode::TiersNotOrdered,
                        "tiers must have strictly increasing \"upTo\"",
                    )
                })
            }),
            _ => {}
        }
    }
    Some(tiers)
}

fn read_payout(r: &mut Reader, v: &Value) -> Option<Vec<(PaymentMethod, Payout)>> {
    let mut o = r.object(v)?;
    let mut out = default_payout();
    for (name, method) in PaymentMethod::NAMES {
        let payout = o.optional(r, name, |r, v| {
            let mut p = r.object(v)?;
            let days = p.required(r, "businessDays", |r, v| {
                read_range(r, v, |r, v| r.count(v, MAX_DAYS))
            });
            let refund_window_days = p.optional(r, "refundWindowDays", |r, v| r.count(v, 36_600));
            let intermediary_fees = p
                .optional(r, "intermediaryFees", Reader::boolean)
                .unwrap_or(false);
            p.finish(r);
            Some(Payout {
                days: days?,
                refund_window_days,
                intermediary_fees,
            })
        });
        if let (Some(payout), Some(slot)) = (payout, out.iter_mut().find(|(m, _)| *m == method)) {
            slot.1 = payout;
        }
    }
    o.finish(r);
    Some(out)
}

/// `[a, b]`: exactly two items.
fn read_pair<T: Copy>(
    r: &mut Reader,
    v: &Value,
    item: impl Fn(&mut Reader, &Value) -> Option<T>,
) -> Option<[T; 2]> {
    let items = r.array(v, |r, v| item(r, v))?;
    let [a, b] = items.as_slice() else {
        r.report(
            ErrorCode::InvalidType,
            "expected two numbers: [fewest, most]",
        );
        return None;
    };
    Some([*a, *b])
}

/// `[min, max]` with min ≤ max.
fn read_range<T: Copy + PartialOrd>(
    r: &mut Reader,
    v: &Value,
    item: impl Fn(&mut Reader, &Value) -> Option<T>,
) -> Option<[T; 2]> {
    let [lo, hi] = read_pair(r, v, item)?;
    if lo > hi {
        r.report(
            ErrorCode::TiersNotOrdered,
            "expected [fewest, most] with fewest ≤ most",
        );
        return None;
    }
    Some([lo, hi])
}

fn signed_days(r: &mut Reader, v: &Value) -> Option<i32> {
    let limit = i64::from(MAX_DAYS);
    match v {
        Value::Number(Number::Int(i)) if i.unsigned_abs() <= limit.unsigned_abs() => {
            i32::try_from(*i).ok()
        }
        _ => {
            r.report(
                ErrorCode::OutOfRange,
                format!("expected a whole number of days from -{MAX_DAYS} to {MAX_DAYS}"),
            );
            None
        }
    }
}

/// `{"holidays": [...], "workdays": [...], "provisional": [2027], "note": "..."}`: the
/// calendar, and the years it only projects.
pub(crate) fn read_calendar(r: &mut Reader, v: &Value) -> Option<(BusinessCalendar, Vec<i32>)> {
    let mut o = r.object(v)?;
    let holidays = o
        .optional(r, "holidays", |r, v| r.array(v, read_date))
        .unwrap_or_default();
    let workdays = o
        .optional(r, "workdays", |r, v| r.array(v, read_date))
        .unwrap_or_default();
    let provisional = o
        .optional(r, "provisional", |r, v| {
            r.array(v, |r, v| {
                r.count_in(v, 1900, 9999)
                    .and_then(|year| i32::try_from(year).ok())
            })
        })
        .unwrap_or_default();
    // Where the dates come from; for people, not for the engine.
    let _note = o.optional(r, "note", Reader::string);
    o.finish(r);
    Some((BusinessCalendar::new(holidays, workdays), provisional))
}

/// Reads the policy's `timeline` and `calendar` into one model.
pub(crate) fn read_sections(r: &mut Reader, o: &mut Obj<'_>) -> TimelinePolicy {
    let mut timeline = o.optional(r, "timeline", read_timeline).unwrap_or_default();
    if let Some((calendar, provisional)) = o.optional(r, "calendar", read_calendar) {
        timeline.calendar = calendar;
        timeline.provisional_years = provisional;
    }
    timeline
}
