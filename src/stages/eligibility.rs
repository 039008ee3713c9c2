//! Eligibility: who can get money back at all, and who gets all of it.
//!
//! - A trial order, a frozen account or a transaction in progress refuses any refund while
//!   it lasts, for the blockers the policy lists (`eligibility.blockers`, default all).
//! - Promotion orders may be refused (`eligibility.promotion: "not_refundable"`); the
//!   clawback variant is applied with the other non-refundable items.
//! - Invoiced orders may be refused (`"block"`) or refunded to the balance (`"balance"`).
//! - A resource never activated, and a renewal cancelled before it starts, are refunded in
//!   full with vouchers returned (`neverActivated` / `notStarted: "full"`).
//!
//! Every estimate starts here with the `paid` line.

use super::{Ctx, Draft};
use crate::error::Error;
use crate::i18n::{Detail, LineCode, Notice};
use crate::policy::{Blocker, InvoicedRule, PromotionRule, WholeRefund};

pub(super) fn apply(ctx: &Ctx<'_>, d: &mut Draft) -> Result<(), Error> {
    let paid = ctx.order.paid;
    d.push(
        LineCode::Paid,
        ctx.paid_total,
        Detail::Paid {
            cash: paid.cash,
            credit: paid.credit,
            voucher: paid.voucher,
        },
    );

    let rules = ctx.rules.eligibility;
    let order = ctx.order;
    // A blocker stops everything, even the whole refunds below: nothing can be paid out
    // while the account is frozen or another transaction is running.
    for (on, blocker) in [
        (order.trial, Blocker::Trial),
        (order.frozen, Blocker::Frozen),
        (order.pending_transaction, Blocker::PendingTransaction),
    ] {
        if on && rules.blockers.contains(blocker) {
            return refuse(ctx, d, Detail::Blocked { blocker });
        }
    }
    // A resource that never worked is refunded whatever else applies (domain.md §1).
    if !order.activated && rules.never_activated == WholeRefund::Full {
        return whole(d, Detail::NeverActivated);
    }
    if order.promotion && rules.promotion == PromotionRule::NotRefundable {
        return refuse(ctx, d, Detail::PromotionNotRefundable);
    }
    if order.invoiced {
        match rules.invoiced {
            InvoicedRule::Block => return refuse(ctx, d, Detail::InvoicedBlocked),
            InvoicedRule::Balance => {
                d.to_balance = true;
                d.notices.push(Notice::InvoicedToBalance);
            }
            InvoicedRule::Standard => {}
        }
    }
    let not_started = order.renewal && ctx.request.at < order.start;
    if not_started && rules.not_started == WholeRefund::Full {
        let start = order.start.date(ctx.policy.timezone);
        return whole(d, Detail::NotStarted { start });
    }
    Ok(())
}

fn refuse(ctx: &Ctx<'_>, d: &mut Draft, why: Detail) -> Result<(), Error> {
    d.push(LineCode::NotRefundable, -ctx.paid_total, why);
    d.ineligible = true;
    Ok(())
}

fn whole(d: &mut Draft, why: Detail) -> Result<(), Error> {
    d.push(LineCode::WholeRefund, rust_decimal::Decimal::ZERO, why);
    d.whole = true;
    d.vouchers_returned = true;
    Ok(())
}
