//! Fees for leaving early: a handling fee and an early-termination fee.
//!
//! Handling fee: a percent of the amount paid for the service (or of what remains after
//! consumption), picked from `tiers` by term length and contract year of use. The
//! early-termination fee follows its `kind` (see `policy::EarlyTermination`). Both are
//! clamped to `min`/`max` and waived for the reasons in `waivedFor`, or for every reason when
//! the customer's framework contract waives them (`order.feesWaived`: both, or the ones it
//! names), in which case a zero line says so. An early-termination fee may apply only before
//! the service starts. The handling fee never exceeds the unused amount (see `handling`).

use super::{Ctx, Draft};
use crate::error::Error;
use crate::i18n::{Clamp, Detail, FeeFormula, LineCode};
use crate::money;
use crate::order::Fee;
use crate::policy::{EarlyTermination, EarlyTerminationFee, FeeBase, HandlingFee};
use rust_decimal::Decimal;

pub(super) fn apply(ctx: &Ctx<'_>, d: &mut Draft) -> Result<(), Error> {
    if d.decided() {
        return Ok(());
    }
    let fees = &ctx.rules.fees;
    // The contract's waiver is named first: it holds whatever the reason.
    let waived = |fee: Fee| {
        if ctx.order.fees_waived.contains(fee) {
            Some(Detail::WaivedByContract)
        } else if fees.waived_for.contains(&ctx.request.reason) {
            Some(Detail::Waived {
                reason: ctx.request.reason,
            })
        } else {
            None
        }
    };
    if let Some(rule) = &fees.handling {
        if let Some((fee, detail)) = handling(ctx, d, rule)? {
            let why = waived(Fee::Handling);
            push_fee(d, LineCode::HandlingFee, fee, detail, &why);
        }
    }
    if let Some(rule) = &fees.early_termination {
        if let Some((fee, detail)) = early_termination(ctx, rule)? {
            let why = waived(Fee::EarlyTermination);
            push_fee(d, LineCode::EarlyTerminationFee, fee, detail, &why);
        }
    }
    Ok(())
}

/// The fee's line, or a 0.00 line saying why it is waived.
#[inline(always)]
fn push_fee(d: &mut Draft, code: LineCode, fee: Decimal, detail: Detail, waived: &Option<Detail>) {
    match waived {
        Some(why) => d.push(code, Decimal::ZERO, why.clone()),
        None => d.push(code, -fee, detail),
    }
}

/// Applies `min` and `max`, which are policy prices: with tax added when prices exclude it.
fn clamp(
    ctx: &Ctx<'_>,
    fee: Decimal,
    min: Option<Decimal>,
    max: Option<Decimal>,
) -> Result<(Decimal, Clamp), Error> {
    let min = min.map(|m| ctx.policy.gross(m)).transpose()?;
    let max = max.map(|m| ctx.policy.gross(m)).transpose()?;
    Ok(match (min, max) {
        (Some(lo), _) if fee < lo => (lo, Clamp::Min(lo)),
        (_, Some(hi)) if fee > hi => (hi, Clamp::Max(hi)),
        _ => (fee, Clamp::None),
    })
}

/// The fee is a percent of the amount paid or of the unused amount, clamped to `min` and
/// `max`, and never more than the unused amount: a fee for handling a refund cannot take
/// more than is left to refund, so it never creates an amount owed, a `min` never turns
/// "nothing left" into a bill, and a later cancellation never refunds more. `None` when
/// nothing is left (the term is used up).
fn handling(
    ctx: &Ctx<'_>,
    d: &Draft,
    rule: &HandlingFee,
) -> Result<Option<(Decimal, Detail)>, Error> {
    // What is left after everything charged for use: time, its multiplier and usage.
    let used = [
        LineCode::Consumed,
        LineCode::ConsumedMultiplier,
        LineCode::PromotionClawback,
        LineCode::Usage,
    ]
    .iter()
    .try_fold(Decimal::ZERO, |acc, code| money::add(acc, d.sum_of(*code)?))?;
    let unused = money::add(ctx.recurring, used)?.max(Decimal::ZERO);
    if unused.is_zero() {
        return Ok(None);
    }
    let term_months = ctx.plan.term.months();
    let mut percent = rule.percent;
    let mut year = None;
    if let Some(months) = term_months {
        if let Some(tier) = rule
            .tiers
            .iter()
            .rev()
            .find(|t| t.min_term_months <= months)
        {
            let index = ctx.whole_months_elapsed()? / 12;
            let last = tier.by_year.len().saturating_sub(1);
            let i = usize::try_from(index).unwrap_or(usize::MAX).min(last);
            if let Some(p) = tier.by_year.get(i) {
                percent = *p;
                year = Some((index.saturating_add(1), months));
            }
        }
    }
    let base = match rule.base {
        FeeBase::Paid => ctx.recurring,
        FeeBase::Remaining => unused,
    };
    let (mut fee, mut clamped) = clamp(ctx, money::percent_of(base, percent)?, rule.min, rule.max)?;
    if fee > unused {
        let min = match clamped {
            Clamp::Min(m) => Some(m),
            _ => None,
        };
        (fee, clamped) = (unused, Clamp::Unused { unused, min });
    }
    Ok(Some((
        fee,
        Detail::Handling {
            percent,
            base,
            of: rule.base,
            year,
            clamp: clamped,
            // A refund base lowered to the plan's current price (stages/refund_base.rs).
            on_lower_price: ctx.recurring < money::sub(ctx.paid_total, ctx.order.setup_fee)?,
        },
    )))
}

/// `None` when no month of the term is left (nothing is terminated early).
fn early_termination(
    ctx: &Ctx<'_>,
    rule: &EarlyTerminationFee,
) -> Result<Option<(Decimal, Detail)>, Error> {
    let months_used = ctx.months_started()?;
    // Before the service is delivered (its activation still ahead, or never activated), a
    // clause of its own may apply: "the one-time charge plus one month" (§3.15).
    let order = ctx.order;
    let undelivered = !order.activated || order.activated_at.is_some_and(|t| ctx.request.at < t);
    let (rule, before_delivery) = match (&rule.before_delivery, undelivered) {
        (Some(clause), true) => (clause.as_ref(), true),
        _ => (rule, false),
    };
    let term_months = ctx.plan.term.months().unwrap_or(0);
    let months_left = term_months.saturating_sub(months_used);
    let ends_early = ctx.request.at < ctx.order.end;
    if !ends_early || (term_months > 0 && months_left == 0) {
        return Ok(None);
    }
    if rule.only_before_start && ctx.request.at >= ctx.order.start {
        return Ok(None);
    }
    let monthly = match ctx.plan.monthly_fee() {
        Some(m) => ctx.policy.gross(m)?,
        None => Decimal::ZERO,
    };
    let (fee, formula) = match &rule.kind {
        EarlyTermination::RemainingPercent(percent) => {
            let remaining = money::mul(monthly, Decimal::from(months_left))?;
            (
                money::percent_of(remaining, *percent)?,
                FeeFormula::RemainingPercent {
                    percent: *percent,
                    monthly,
                    months_left,
                },
            )
        }
        EarlyTermination::MonthsOfFee(months) => (
            money::mul(monthly, Decimal::from(*months))?,
            FeeFormula::MonthsOfFee {
                months: *months,
                monthly,
            },
        ),
        EarlyTermination::Flat(amount) => {
            let amount = ctx.policy.gross(*amount)?;
            (amount, FeeFormula::Flat { amount })
        }
        EarlyTermination::Schedule(steps) => {
            // Month m of the term (1-based) costs the percent of the last step starting
            // at or before m; months months_used+1 ..= term are the ones left.
            let mut groups: Vec<(u32, Decimal)> = Vec::new();
            let mut fee = Decimal::ZERO;
            for (i, step) in steps.iter().enumerate() {
                let next_from = steps
                    .get(i.saturating_add(1))
                    .map_or(u32::MAX, |s| s.from_month);
                let first = step.from_month.max(months_used.saturating_add(1));
                let last = next_from.saturating_sub(1).min(term_months);
                if first > last {
                    continue;
                }
                let n = last.saturating_sub(first).saturating_add(1);
                let part = money::percent_of(money::mul(monthly, Decimal::from(n))?, step.percent)?;
                fee = money::add(fee, part)?;
                groups.push((n, step.percent));
            }
            (fee, FeeFormula::Schedule { monthly, groups })
        }
        EarlyTermination::LesserOfDiscountOrRemaining => {
            let list_monthly = ctx
                .policy
                .gross(ctx.plan.list_monthly_price.unwrap_or(Decimal::ZERO))?;
            let per_month = money::sub(list_monthly, monthly)?.max(Decimal::ZERO);
            let discount = money::mul(per_month, Decimal::from(months_used))?;
            let remaining = money::mul(monthly, Decimal::from(months_left))?;
            let formula = FeeFormula::Lesser {
                discount,
                list_monthly,
                monthly,
                months_used,
                months_left,
            };
            (discount.min(remaining), formula)
        }
    };
    // The plan's one-time charge, less what the order paid of it and forfeits anyway.
    let one_time = if rule.plus_setup_fee {
        let kept = match ctx.rules.non_refundable.setup_fee {
            crate::policy::SetupFeeRule::Forfeit => order.setup_fee,
            crate::policy::SetupFeeRule::Refund => Decimal::ZERO,
        };
        let charge = ctx.policy.gross(ctx.plan.setup_fee)?;
        Some(money::sub(charge, kept)?.max(Decimal::ZERO))
    } else {
        None
    };
    let fee = money::add(fee, one_time.unwrap_or(Decimal::ZERO))?;
    let (fee, clamped) = clamp(ctx, fee, rule.min, rule.max)?;
    Ok(Some((
        fee,
        Detail::EarlyTermination {
            formula,
            clamp: clamped,
            before_delivery,
            one_time,
        },
    )))
}
