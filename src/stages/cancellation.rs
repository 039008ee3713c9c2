//! What cancelling does, when the plan says so (`rules.cancellation`): nothing comes back
//! for a plan that is not refundable, and for one whose cancellation takes effect at the end
//! of the term the renewal stops and the service runs to the end of the paid term. With a
//! refund window the refund rules apply within it (pro rata, fees, …) and nothing comes
//! back after it.
//!
//! Runs after the cooling-off window: a no-questions refund, a resource never activated
//! and a renewal not yet started are still refunded in full (their stages decide first).
//! A plan not refundable refuses the order (`not_refundable`, outcome `ineligible`); a
//! plan kept to the end of the term keeps the payment (`end_of_term`, outcome
//! `end_of_term`), and SLA credits and unpaid charges still apply to it.

use super::{Ctx, Draft};
use crate::error::Error;
use crate::i18n::{Detail, LineCode};
use crate::policy::{CancellationRefund, ServiceEnds};

pub(super) fn apply(ctx: &Ctx<'_>, d: &mut Draft) -> Result<(), Error> {
    let rule = ctx.rules.cancellation;
    if d.decided() {
        return Ok(());
    }
    match rule.refund {
        CancellationRefund::Rules => {}
        CancellationRefund::None => keep_payment(ctx, d, rule.service_ends, None),
        CancellationRefund::WithinWindow(window) => {
            // Within the window (its last instant included, and any instant before it
            // opens) the refund rules apply; a window past the supported years never closes.
            let tz = ctx.policy.timezone;
            if let Some(closes) = window.closes(ctx.order, ctx.policy) {
                if ctx.request.at > closes {
                    keep_payment(ctx, d, rule.service_ends, Some(closes.local(tz)));
                }
            }
        }
    }
    Ok(())
}

/// Nothing of the payment comes back: the order is refused, or kept to the end of its term.
/// `closed`: the day a refund window closed, when that is why.
pub(super) fn keep_payment(
    ctx: &Ctx<'_>,
    d: &mut Draft,
    service_ends: ServiceEnds,
    closed: Option<chrono::NaiveDateTime>,
) {
    let tz = ctx.policy.timezone;
    match service_ends {
        ServiceEnds::AtCancellation => {
            d.push(
                LineCode::NotRefundable,
                -ctx.paid_total,
                Detail::PlanNotRefundable { closed },
            );
            d.ineligible = true;
        }
        ServiceEnds::EndOfTerm => {
            d.push(
                LineCode::EndOfTerm,
                -ctx.paid_total,
                Detail::EndOfTerm {
                    ends: ctx.order.end.local(tz),
                    closed,
                },
            );
            d.runs_to_end = true;
        }
    }
}
