//! Provider fault: SLA credits by measured monthly availability.
//!
//! Tiers are ordered from the highest threshold down; an availability below several
//! thresholds earns the lowest one's percent of the monthly fee, capped at `capPercent` of
//! it. Paid as account credit beside the refund (`credits`), or added to the refund.
//!
//! With a `claimWindow`, the credit must be claimed within it: counted from the day of the
//! fault (`request.faultOn`) to the day of the claim (`request.slaClaimedOn`, by default the
//! day the request is submitted). A late claim earns
//! nothing (warning `sla_claim_late`); one in time says its deadline (`sla_claim_by`);
//! without the fault's day the window is stated (`sla_claim_window`). A claim before the
//! fault's day (a what-if, a curve's earlier days) is in time, with a warning
//! (`sla_fault_after_claim`).

use super::{Ctx, Draft, DraftLine};
use crate::error::Error;
use crate::i18n::{Detail, LineCode, Notice};
use crate::money;
use crate::policy::{ClaimWindow, SlaPayout};

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
    if let Some(window) = sla.claim_window {
        match ctx.request.fault_on {
            None => d.notices.push(Notice::SlaClaimWindow { window }),
            Some(fault) => {
                let deadline = window
                    .deadline(fault, &ctx.policy.timeline.calendar)
                    .ok_or_else(|| Error::overflow("request.faultOn"))?;
                let claimed = ctx
                    .request
                    .sla_claimed_on
                    .unwrap_or_else(|| ctx.submitted_on());
                if claimed < fault {
                    d.notices
                        .push(Notice::SlaFaultAfterClaim { fault, claimed });
                }
                let late = claimed > deadline;
                d.notices.push(if late {
                    Notice::SlaClaimLate {
                        window,
                        fault,
                        deadline,
                    }
                } else {
                    Notice::SlaClaimBy {
                        window,
                        fault,
                        deadline,
                        claimed: ctx.request.sla_claimed_on,
                    }
                });
                // Billing cycles end on calendar months: no business day is counted.
                if let ClaimWindow::BusinessDays(_) = window {
                    super::note_calendar_end(ctx, d, deadline);
                    super::note_calendar_provisional(ctx, d, fault, deadline);
                }
                if late {
                    return Ok(());
                }
            }
        }
    }
    let line = DraftLine {
        order: 0,
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
