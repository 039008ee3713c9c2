//! The cooling-off (no-questions) window: inside it, the cash paid comes back in full.
//!
//! The window runs for `days` or `hours` from the order's start, or with `from:
//! "activation"` from `order.activatedAt` (a dedicated line may be installed weeks after it
//! was bought); days are rolling (the same time of day N days later) or, with `counting:
//! "calendar_days"`, calendar days to 24:00 of the Nth day after the opening day (Civil
//! Code arts. 201 and 203); the instant it ends is still inside, and so is any instant between the
//! purchase and the activation. A yearly `quota` is checked against `order.coolingOffUsed`, and
//! `requireUnused` excludes orders with metered usage, and renewals qualify only with
//! `renewals: true`. When the window does not apply, a warning says why and the ordinary
//! rules follow.

use super::{Ctx, Draft};
use crate::error::Error;
use crate::i18n::{Detail, LineCode, Notice};
use crate::money;
use crate::policy::VoucherRule;
use rust_decimal::Decimal;

pub(super) fn apply(ctx: &Ctx<'_>, d: &mut Draft) -> Result<(), Error> {
    let Some(rule) = ctx.rules.cooling_off else {
        return Ok(());
    };
    if d.decided() {
        return Ok(());
    }
    let order = ctx.order;
    let (anchor, from) = rule.opens(order);
    let at = ctx.request.at;
    let elapsed = at.seconds_since(anchor);
    let closes = rule.closes(anchor, ctx.policy);
    let closed = closes.is_some_and(|closes| at > closes);
    if at < order.start || closed {
        return Ok(());
    }
    if ctx.order.renewal && !rule.renewals {
        d.notices.push(Notice::CoolingOffNotForRenewals);
        return Ok(());
    }
    if let Some(quota) = rule.quota {
        if ctx.order.cooling_off_used >= quota {
            d.notices.push(Notice::CoolingOffQuotaUsed { quota });
            return Ok(());
        }
    }
    if rule.require_unused && ctx.order.usage.iter().any(|(_, q)| !q.is_zero()) {
        d.notices.push(Notice::CoolingOffNotUnused);
        return Ok(());
    }
    // Hours since the anchor; none before the activation.
    let elapsed_hours = if elapsed < 0 {
        None
    } else {
        Some(money::div(Decimal::from(elapsed), Decimal::from(3600))?)
    };
    d.push(
        LineCode::CoolingOff,
        Decimal::ZERO,
        Detail::CoolingOff {
            window: rule.window,
            from,
            elapsed_hours,
            // Days counted on the calendar end at 24:00 of the last day: said as such.
            calendar_until: match rule.counting {
                crate::policy::Counting::CalendarDays { .. } => {
                    closes.map(|c| c.local(ctx.policy.timezone))
                }
                crate::policy::Counting::Rolling => None,
            },
        },
    );
    let voucher = ctx.order.paid.voucher;
    match rule.vouchers {
        // Inside the window nothing is consumed, so the cash share of the whole payment is
        // the cash itself: both rules keep the voucher.
        VoucherRule::Forfeit | VoucherRule::Proportional if !voucher.is_zero() => {
            d.push(
                LineCode::Voucher,
                -voucher,
                Detail::VoucherForfeit { voucher },
            );
        }
        VoucherRule::Refund => d.vouchers_returned = true,
        _ => {}
    }
    d.whole = true;
    Ok(())
}
