//! Provider fault: SLA credits by measured monthly availability.
//!
//! Tiers are ordered from the highest threshold down; an availability below several
//! thresholds earns the lowest one's percent of the monthly fee, capped at `capPercent` of
//! it. Paid as account credit beside the refund (`credits`), or added to the refund.

use super::{Ctx, Draft, DraftLine};
use crate::error::Error;
use crate::i18n::{Detail, LineCode};
use crate::money;
use crate::policy::SlaPayout;

pub(super) fn apply(ctx: &Ctx<'_>, d: &mut Draft) -> Result<(), Error> {
    let (Some(sla), Some(availability)) = (&ctx.rules.sla, ctx.request.availability) else {
        return Ok(());
    };
    if d.ineligible {
        return Ok(());
    }
    let Some(tier) = sla.tiers.iter().rev().find(|t| availability < t.below) else {
        return Ok(());
    };
    // Validation guarantees a monthly fee wherever an SLA section applies.
    let Some(monthly) = ctx.plan.monthly_fee() else {
        return Ok(());
    };
    let monthly = ctx.policy.gross(monthly)?;
    let earned = money::percent_of(monthly, tier.percent)?;
    let cap = money::percent_of(monthly, sla.cap_percent)?;
    let (amount, capped) = if earned > cap {
        (cap, Some(cap))
    } else {
        (earned, None)
    };
    let line = DraftLine {
        code: LineCode::SlaCredit,
        amount,
        detail: Detail::Sla {
            availability,
            below: tier.below,
            percent: tier.percent,
            monthly,
            cap: capped,
        },
    };
    match sla.pay_as {
        SlaPayout::Credit => d.credits.push(line),
        SlaPayout::Refund => d.lines.push(line),
    }
    Ok(())
}
