//! After the numbers: how long it takes (timeline), what to prepare (documents) and what
//! to do (steps), from the settled refund and where it lands.

use super::{Ctx, Draft, To};
use crate::calendar::{Date, Measure, Unit};
use crate::error::{Error, ErrorCode};
use crate::estimate::{CreditArrival, Item, Outcome, Phase, Timeline};
use crate::guidance::Situation;
use crate::i18n::{
    approval_label, document_text, step_label, Detail, Fmt, LineCode, Notice, SlaClaim, StepFacts,
    STEP_CODES,
};
use crate::money;
use crate::order::PaymentMethod;
use rust_decimal::Decimal;

/// What follows the numbers, and the warnings found while building it.
pub(super) struct NextSteps {
    pub timeline: Timeline,
    pub documents: Vec<Item>,
    pub steps: Vec<Item>,
    /// Conditions that make the review longer.
    pub notices: Vec<Notice>,
}

pub(super) fn build(
    ctx: &Ctx<'_>,
    d: &Draft,
    (refund, owed): (Decimal, Decimal),
    outcome: Outcome,
    parts: &[(To, Decimal)],
    fmt: &Fmt,
) -> Result<NextSteps, Error> {
    let policy = ctx.policy;
    let timeline_policy = &policy.timeline;
    let submitted = ctx.submitted_on();
    let paid_out: Vec<&(To, Decimal)> = parts
        .iter()
        .filter(|(to, _)| *to != To::Forfeited)
        .collect();
    // One review covers the whole request: the tier is chosen on everything paid out.
    let payable = money::sum(paid_out.iter().map(|(_, a)| a))?;
    // The refund and the compensation beside it arrive apart: the credit lands on the
    // account balance, the refund on the rails of its destinations.
    let is_credit = |to: &To| *to == To::SlaCredit;
    let refund_parts: Vec<&(To, Decimal)> = paid_out
        .iter()
        .copied()
        .filter(|(to, _)| !is_credit(to))
        .collect();
    let has_credit = paid_out.iter().any(|(to, _)| is_credit(to));
    let refunded = money::sum(refund_parts.iter().map(|(_, a)| a))?;
    // Every destination of the refund, in order, each named once.
    let mut labels: Vec<String> = Vec::new();
    for (to, _) in &refund_parts {
        let label = fmt.destination(*to);
        if !labels.contains(&label) {
            labels.push(label);
        }
    }

    let situation = Situation {
        reason: ctx.request.reason,
        payment_method: ctx.order.payment_method,
        invoiced: ctx.order.invoiced,
        refund,
        destinations: paid_out.iter().map(|(to, _)| to.code()).collect(),
        payment_method_valid: ctx.order.payment_method_valid,
    };
    let mut notices = Vec::new();
    let mut approval_text = String::new();
    let mut approval_days = [0, 0];
    let (mut earliest, mut latest): (Option<Date>, Option<Date>) = (None, None);
    let tier = timeline_policy
        .tier_for(payable)
        .filter(|_| !payable.is_zero());
    if let Some(tier) = tier {
        approval_days = timeline_policy.approval_days(tier, ctx.request.reason);
        // Conditions that make the review longer: added, and each said with its reason.
        for extension in &timeline_policy.extensions {
            if extension.when.holds(&situation) {
                let [lo, hi] = extension.days;
                approval_days = [
                    approval_days[0].saturating_add(lo),
                    approval_days[1].saturating_add(hi),
                ];
                notices.push(Notice::ReviewLonger {
                    code: extension.code.clone(),
                    label: extension.label.clone(),
                    days: extension.days,
                });
            }
        }
        approval_text = match &tier.label {
            Some(label) => label.get(fmt.locale).to_owned(),
            None => approval_label(&tier.tier, fmt.locale)
                .unwrap_or(&tier.tier)
                .to_owned(),
        };
    }
    let after_approval = |payout: [u32; 2]| {
        [
            approval_days[0].saturating_add(payout[0]),
            approval_days[1].saturating_add(payout[1]),
        ]
    };
    let mut timeline = match tier {
        Some(tier) if !refunded.is_zero() => {
            // Each part pays out on its own rail; the range spans the fastest and slowest.
            let payout_days = refund_parts
                .iter()
                .map(|(to, _)| timeline_policy.payout(rail(*to)).days)
                .fold(None, |acc: Option<[u32; 2]>, [lo, hi]| match acc {
                    None => Some([lo, hi]),
                    Some([a, b]) => Some([a.min(lo), b.max(hi)]),
                })
                .unwrap_or([0, 0]);
            let total = after_approval(payout_days);
            earliest = Some(arrival(ctx, submitted, total[0])?);
            latest = Some(arrival(ctx, submitted, total[1])?);
            let main = fmt.destinations_text(&labels);
            Timeline {
                approval: tier.tier.clone(),
                business_days: total,
                earliest: earliest
                    .map(crate::calendar::format_date)
                    .unwrap_or_default(),
                latest: latest.map(crate::calendar::format_date).unwrap_or_default(),
                phases: vec![
                    Phase {
                        code: "approval",
                        label: fmt.phase_label("approval", &approval_text),
                        business_days: approval_days,
                    },
                    Phase {
                        code: "payout",
                        label: fmt.phase_label("payout", &main),
                        business_days: payout_days,
                    },
                ],
                summary: fmt.timeline_summary(total, earliest, latest),
                credit: None,
            }
        }
        _ => Timeline {
            approval: "none".to_owned(),
            summary: fmt.timeline_summary([0, 0], None, None),
            ..Timeline::default()
        },
    };
    // The credit: approval, then the balance rail.
    let mut credit_dates = None;
    if tier.is_some() && has_credit {
        let days = after_approval(timeline_policy.payout(PaymentMethod::Balance).days);
        let first = Some(arrival(ctx, submitted, days[0])?);
        let last = Some(arrival(ctx, submitted, days[1])?);
        credit_dates = first.zip(last);
        timeline.credit = Some(CreditArrival {
            business_days: days,
            earliest: first.map(crate::calendar::format_date).unwrap_or_default(),
            latest: last.map(crate::calendar::format_date).unwrap_or_default(),
            summary: fmt.credit_summary(days, first, last),
        });
    }

    // Nothing paid out: nothing to prove, nothing to prepare.
    let documents = policy
        .guidance
        .documents
        .iter()
        .filter(|rule| !payable.is_zero() && rule.when.holds(&situation))
        .map(|rule| {
            let builtin = document_text(&rule.code, fmt.locale);
            let text = |given: &Option<crate::i18n::Text>, fallback: Option<&str>| match given {
                Some(t) => t.get(fmt.locale).to_owned(),
                None => fallback.unwrap_or_default().to_owned(),
            };
            Item {
                code: rule.code.clone(),
                label: text(&rule.label, builtin.map(|b| b.0)),
                detail: text(&rule.detail, builtin.map(|b| b.1)),
            }
        })
        .collect();

    let days = Measure::exact(Unit::Day);
    let tz = policy.timezone;
    let overflow = || Error::overflow("request.at");
    let term_days = days
        .between(ctx.order.start, ctx.order.end, tz)
        .ok_or_else(overflow)?
        .floor();
    // Days used as the consumed line counts them when it counts days, so the two agree.
    let consumed = ctx.rules.consumed.measure;
    let used = if consumed.unit == Unit::Day {
        consumed
    } else {
        Measure {
            end: crate::calendar::Partial::Down,
            ..days
        }
    };
    let used_days = used
        .between(ctx.order.start, ctx.at_within_term(), tz)
        .ok_or_else(overflow)?
        .min(term_days);
    let mut deductions: Vec<&'static str> = Vec::new();
    for line in d
        .lines
        .iter()
        .filter(|l| l.amount < Decimal::ZERO && l.code != LineCode::Floor)
    {
        let label = line.code.label(fmt.locale);
        if !deductions.contains(&label) {
            deductions.push(label);
        }
    }
    let facts = StepFacts {
        plan: ctx.plan.name.get(fmt.locale),
        used_days,
        term_days,
        policy: policy.name.as_ref().map(|n| n.get(fmt.locale)),
        version: &policy.version,
        outcome,
        deductions,
        channels: policy
            .guidance
            .channels
            .iter()
            .map(|c| (fmt.channel(c.kind), c.contact.get(fmt.locale).to_owned()))
            .collect(),
        reason: ctx.request.reason,
        sla_claim: d.notices.iter().find_map(|n| match n {
            // Still to claim; one already claimed needs no deadline.
            Notice::SlaClaimBy {
                deadline,
                claimed: None,
                ..
            } => Some(SlaClaim::By(*deadline)),
            Notice::SlaClaimLate { .. } => Some(SlaClaim::Late),
            _ => None,
        }),
        nothing_due: payable.is_zero(),
        owed,
        blocked: d
            .lines
            .iter()
            .any(|l| matches!(l.detail, Detail::Blocked { .. })),
        approval: approval_text,
        approval_days,
        earliest,
        latest,
        credit_dates,
        destinations: labels,
        service_ends: d.runs_to_end.then(|| ctx.order.end.local(policy.timezone)),
    };
    let steps = STEP_CODES
        .iter()
        .map(|code| Item {
            code: (*code).to_owned(),
            label: step_label(code, fmt.locale).to_owned(),
            detail: fmt.step_detail(code, &facts),
        })
        .collect();
    Ok(NextSteps {
        timeline,
        documents,
        steps,
        notices,
    })
}

/// The day `days` business days after `submitted`. Dates stop at 9999-12-31, the last day
/// the engine reads: a later arrival could not be read back, so it is refused, with the path
/// of the day the count starts from.
fn arrival(ctx: &Ctx<'_>, submitted: Date, days: u32) -> Result<Date, Error> {
    let last = Date::from_ymd_opt(9999, 12, 31);
    let day = ctx
        .policy
        .timeline
        .calendar
        .add_business_days(submitted, days)
        .filter(|d| last.is_some_and(|last| *d <= last));
    day.ok_or_else(|| {
        let path = if ctx.request.submitted_on.is_some() {
            "request.submittedOn"
        } else {
            "request.at"
        };
        Error::new(
            ErrorCode::OutOfRange,
            path,
            format!(
                "the refund would arrive {days} business days after {}, past 9999-12-31, the last supported day: submit it earlier",
                crate::calendar::format_date(submitted)
            ),
        )
    })
}

/// The payout rail of a destination: account credit and vouchers land like the balance.
fn rail(to: To) -> PaymentMethod {
    match to {
        To::Original(m) => m,
        To::Balance | To::AccountCredit | To::SlaCredit | To::Voucher | To::Forfeited => {
            PaymentMethod::Balance
        }
    }
}
