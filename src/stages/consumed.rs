//! Consumed value: the part of the service already used, which does not come back.
//!
//! - `pro_rata`: `paid for the service × used ÷ term`, time measured in the policy's unit
//!   with its rounding (see `calendar::Measure`). Monthly-billed plans pro-rate only the
//!   current billing month, which is what `order.paid` covers.
//! - `list_rate`: used time re-priced at the plan's list rates, whole periods of the
//!   longest rate first, the remainder at the last rate (discount recapture).
//! - `none`: nothing is charged for time (postpaid plans always behave so).
//! - a `multiplier` raises the consumed value, optionally only within N days of the start.
//! - metered usage beyond the included units is charged at the meter's unit price.
//! - a promotion order under `promotion: "clawback"` loses its discount on the time used
//!   (`promotion_clawback`, right after the time charge), so used time costs the list price.

use super::{Ctx, Draft};
use crate::calendar::{Instant, Measure, Unit};
use crate::error::{Error, ErrorCode};
use crate::i18n::{Detail, LineCode, Notice};
use crate::money;
use crate::order::Order;
use crate::policy::{Billing, Plan, Policy, PromotionRule, Term, TimeMethod};
use rust_decimal::Decimal;

pub(super) fn apply(ctx: &Ctx<'_>, d: &mut Draft) -> Result<(), Error> {
    if d.decided() {
        return Ok(());
    }
    if ctx.request.at > ctx.order.end {
        d.notices.push(Notice::AfterEnd);
    }
    let rule = &ctx.rules.consumed;
    let consumed = match (ctx.plan.billing, rule.method) {
        (Billing::Postpaid, _) | (_, TimeMethod::None) => None,
        (Billing::Monthly, _) => Some(current_month(ctx)?),
        (Billing::Prepaid, TimeMethod::ProRata) => Some(pro_rata(ctx)?),
        (Billing::Prepaid, TimeMethod::ListRate) => Some(list_rate(ctx)?),
    };
    if let Some((amount, detail)) = consumed {
        let share = time_share(&detail);
        d.push(LineCode::Consumed, -amount, detail);
        if let Some(m) = rule.multiplier {
            let days = Measure::exact(Unit::Day)
                .between(ctx.order.start, ctx.request.at, ctx.policy.timezone)
                .ok_or_else(|| Error::overflow("request.at"))?;
            let applies = m.within_days.map_or(true, |w| days < Decimal::from(w));
            if applies && m.factor != Decimal::ONE && !amount.is_zero() {
                let extra = money::mul(amount, money::sub(m.factor, Decimal::ONE)?)?;
                let detail = Detail::Multiplier {
                    consumed: amount,
                    factor: m.factor,
                    within_days: m.within_days,
                };
                d.push(LineCode::ConsumedMultiplier, -extra, detail);
            }
        }
        if let Some(share) = share {
            clawback(ctx, d, share)?;
        }
    }
    if rule.usage {
        usage(ctx, d)?;
    }
    Ok(())
}

/// The time used and the whole it is a share of, for pro rata (the term, or the billing
/// month under monthly billing); `None` for list rates, which already re-price the time.
fn time_share(detail: &Detail) -> Option<(Decimal, Decimal, crate::calendar::Unit)> {
    match detail {
        Detail::ProRata {
            used, term, unit, ..
        } => Some((*used, *term, *unit)),
        Detail::CurrentMonth {
            used, period, unit, ..
        } => Some((*used, *period, *unit)),
        _ => None,
    }
}

/// A promotion's discount is lost on the time used, not charged twice: `(list − paid) ×
/// used ÷ term`, so the time used costs the list price (as list-rate recapture re-prices
/// it) and the unused part comes back at what was paid. The list price is the plan's
/// `price`, or its monthly fee under monthly billing (one bill is what the order paid).
fn clawback(
    ctx: &Ctx<'_>,
    d: &mut Draft,
    (used, whole, unit): (Decimal, Decimal, crate::calendar::Unit),
) -> Result<(), Error> {
    let promotion = ctx.rules.eligibility.promotion == PromotionRule::Clawback;
    if !ctx.order.promotion || !promotion {
        return Ok(());
    }
    let list = match ctx.plan.billing {
        Billing::Monthly => ctx.plan.monthly_fee().unwrap_or(ctx.plan.price),
        _ => ctx.plan.price,
    };
    let price = ctx.policy.gross(list)?;
    let paid = ctx.recurring;
    let discount = money::sub(price, paid)?;
    if discount <= Decimal::ZERO {
        return Ok(());
    }
    let amount = share_used(discount, used, whole)?;
    d.push(
        LineCode::PromotionClawback,
        -amount,
        Detail::PromotionClawback {
            price,
            paid,
            used,
            whole,
            unit,
        },
    );
    Ok(())
}

fn measure(ctx: &Ctx<'_>, m: &Measure, from: Instant, to: Instant) -> Result<Decimal, Error> {
    m.between(from, to, ctx.policy.timezone)
        .ok_or_else(|| Error::overflow("request.at"))
}

/// The whole term in the unit of pro-rata consumption, for [`Ctx::term_length`]; `None`
/// when the plan's time is not charged pro rata.
pub(super) fn term_length(
    policy: &Policy,
    plan: &Plan,
    order: &Order,
) -> Result<Option<Decimal>, Error> {
    let rule = &plan.rules.consumed;
    if plan.billing != Billing::Prepaid || rule.method != TimeMethod::ProRata {
        return Ok(None);
    }
    // The term is measured exactly, start to end: rounding applies to the time used, so a
    // 30-day term is 720 hours even when a 10:30 start counts from 10:00. Unless the policy
    // floors the whole order onto the same grid (`termMeasure: "as_used"`).
    rule.length_measure()
        .between(order.start, order.end, policy.timezone)
        .map(Some)
        .ok_or_else(|| Error::overflow("request.at"))
}

fn pro_rata(ctx: &Ctx<'_>) -> Result<(Decimal, Detail), Error> {
    let m = &ctx.rules.consumed.measure;
    let term = ctx
        .term_length
        .ok_or_else(|| Error::overflow("request.at"))?;
    // At or after the term's end the whole term is used, whatever the rounding of its ends.
    let used = if ctx.request.at >= ctx.order.end {
        term
    } else {
        measure(ctx, m, ctx.order.start, ctx.request.at)?.min(term)
    };
    let base = ctx.recurring;
    let amount = share_used(base, used, term)?;
    Ok((
        amount,
        Detail::ProRata {
            base,
            used,
            term,
            unit: m.unit,
        },
    ))
}

/// `base × used ÷ whole`, and exactly `base` once all is used: `x × y ÷ y` may be off in its
/// 28th digit, which would leave a dust of unused amount (and a 0.00 handling-fee line). A
/// whole of zero length (a 30/360 billing month from the 30th to the 31st) is used at once.
fn share_used(base: Decimal, used: Decimal, whole: Decimal) -> Result<Decimal, Error> {
    if used >= whole {
        Ok(base)
    } else {
        money::mul_div(base, used, whole)
    }
}

/// Monthly billing: `order.paid` covers the billing month in progress.
fn current_month(ctx: &Ctx<'_>) -> Result<(Decimal, Detail), Error> {
    let tz = ctx.policy.timezone;
    let m = &ctx.rules.consumed.measure;
    let at = ctx.at_within_term();
    // At or after the term's end the last billing month is the one in progress, fully used.
    let last_month = ctx.plan.term.months().unwrap_or(1).saturating_sub(1);
    let mut whole = ctx.whole_months_elapsed()?.min(last_month);
    let overflow = || Error::overflow("request.at");
    let month_start = |k: u32| ctx.order.start.add_months(k, tz).ok_or_else(overflow);
    let mut period_start = month_start(whole)?;
    // An order `end` on a month boundary before the term's: the last billing month is the
    // one that starts before it, not the empty one that starts on it.
    while whole > 0 && period_start >= ctx.order.end {
        whole = whole.saturating_sub(1);
        period_start = month_start(whole)?;
    }
    let period_end = ctx
        .order
        .start
        .add_months(whole.saturating_add(1), tz)
        .ok_or_else(overflow)?
        .min(ctx.order.end);
    // The billing month is a length, measured exactly like a term (docs §3.3.1): the grid
    // and the roundings apply to the time used only, so a clock-anchored month from the 15th
    // at 10:30 is 30 days, not the 30.4375 from a start rounded down to midnight.
    let period = measure(
        ctx,
        &ctx.rules.consumed.length_measure(),
        period_start,
        period_end,
    )?;
    // At or after the term's end the last billing month is used in full, whatever the
    // rounding of its ends (§3.3.3).
    let used = if ctx.request.at >= ctx.order.end {
        period
    } else {
        measure(ctx, m, period_start, at)?.min(period)
    };
    let base = ctx.recurring;
    let amount = share_used(base, used, period)?;
    Ok((
        amount,
        Detail::CurrentMonth {
            base,
            used,
            period,
            unit: m.unit,
        },
    ))
}

/// Re-prices the used time: whole periods of each rate but the last, longest first, then
/// the remainder at the last rate, rounded by the policy's end rounding.
fn list_rate(ctx: &Ctx<'_>) -> Result<(Decimal, Detail), Error> {
    let tz = ctx.policy.timezone;
    let rounding = ctx.rules.consumed.measure.end;
    let at = ctx.at_within_term();
    let mut cursor = ctx.order.start;
    let mut total = Decimal::ZERO;
    let mut parts = Vec::new();
    let count = ctx.plan.list_rates.len();
    for (i, rate) in ctx.plan.list_rates.iter().enumerate() {
        let last = i.saturating_add(1) == count;
        let (unit, per) = match rate.per {
            Term::Months(n) => (Unit::Month, n),
            Term::Days(n) => (Unit::Day, n),
            Term::Hours(n) => (Unit::Hour, n),
        };
        let in_units = measure(ctx, &Measure::exact(unit), cursor, at)?;
        let periods = money::div(in_units, Decimal::from(per))?;
        let periods = if last {
            match rounding {
                crate::calendar::Partial::Up => periods.ceil(),
                crate::calendar::Partial::Down => periods.floor(),
                crate::calendar::Partial::Exact => periods,
            }
        } else {
            periods.floor()
        };
        if periods.is_zero() {
            continue;
        }
        let price = ctx.policy.gross(rate.price)?;
        total = money::add(total, money::mul(periods, price)?)?;
        parts.push((periods, rate.per, price));
        if !last {
            let whole = money::whole(periods);
            cursor = match rate.per {
                Term::Months(n) => cursor.add_months(whole.saturating_mul(n), tz),
                Term::Days(n) => cursor.add_days(whole.saturating_mul(n), tz),
                Term::Hours(n) => {
                    cursor.add_seconds(i64::from(whole.saturating_mul(n)).saturating_mul(3600))
                }
            }
            .ok_or_else(|| Error::overflow("request.at"))?;
        }
    }
    Ok((total, Detail::ListRate { parts }))
}

/// The most that metered usage may charge, all meters together: 10^25. Quantities and unit
/// prices go up to 10^12 each, and a thousand meters of such products reach 10^27, where a
/// decimal of 28 to 29 digits no longer has room for the minor unit: lines printed without
/// decimals that no longer summed to the refund. Up to 10^25 three decimals still fit
/// (10^28 < 7.9 × 10^28); beyond it the estimate is refused, with the meter's path.
const MAX_USAGE_CHARGE: Decimal =
    Decimal::from_parts(1_241_513_984, 370_409_800, 542_101, false, 0);

fn usage(ctx: &Ctx<'_>, d: &mut Draft) -> Result<(), Error> {
    let mut charged = Decimal::ZERO;
    for (i, meter) in ctx.plan.meters.iter().enumerate() {
        let name = || meter.name.get(ctx.request.locale).to_owned();
        let Some(used) = ctx.order.usage_of(i) else {
            d.notices.push(Notice::UsageNotReported { meter: name() });
            continue;
        };
        if used.is_zero() {
            continue;
        }
        let billable = money::sub(used, meter.included)?.max(Decimal::ZERO);
        let unit_price = ctx.policy.gross(meter.unit_price)?;
        let charge = money::mul(billable, unit_price)?;
        charged = money::add(charged, charge)?;
        if charged > MAX_USAGE_CHARGE {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                format!("order.usage.{}", meter.id),
                format!(
                    "metered usage would charge {} ({} × {} for this meter), above 10^25 for all meters together, beyond what the engine keeps exact to the minor unit: check the quantity and the unit price",
                    money::plain(charged),
                    money::plain(billable),
                    money::plain(unit_price)
                ),
            ));
        }
        d.push(
            LineCode::Usage,
            -charge,
            Detail::Usage {
                meter: name(),
                used,
                included: meter.included,
                unit_price,
            },
        );
    }
    Ok(())
}
