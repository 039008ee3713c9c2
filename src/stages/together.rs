//! Several orders settled as one (`settleWith`, where the policy's `settlement.orders` is
//! `together`): the current order and, say, a renewal already paid ahead are refunded as
//! one: (both payments − what was used) floored at zero over the sum, not each floored
//! alone. Each order goes through its own stages (its own plan's rules, from its own start);
//! their lines are added to this order's, tagged with their order, and settle rounds,
//! caps and floors the whole once.

use super::{Ctx, Draft, Sources, Stage};
use crate::error::Error;
use crate::i18n::{Detail, LineCode};

pub(super) fn apply(ctx: &Ctx<'_>, d: &mut Draft, stages: [Stage; 9]) -> Result<(), Error> {
    if ctx.others.is_empty() {
        return Ok(());
    }
    let tz = ctx.policy.timezone;
    name_paid_line(d, 1, ctx.order, tz);
    let mut every_one_refused = d.ineligible;
    for (i, other) in ctx.others.iter().enumerate() {
        let order_ctx = Ctx::new(ctx.policy, other, ctx.request)?;
        let mut part = Draft::default();
        for stage in stages {
            stage(&order_ctx, &mut part)?;
        }
        let index = u32::try_from(i.saturating_add(1)).unwrap_or(u32::MAX);
        name_paid_line(&mut part, index.saturating_add(1), other, tz);
        every_one_refused &= part.ineligible;
        for mut line in part.lines {
            line.order = index;
            d.lines.push(line);
        }
        for mut credit in part.credits {
            credit.order = index;
            d.credits.push(credit);
        }
        for notice in part.notices {
            if !d.notices.contains(&notice) {
                d.notices.push(notice);
            }
        }
        d.together.push(Sources {
            to_balance: part.to_balance,
            vouchers_returned: part.vouchers_returned,
        });
    }
    // The whole is refused only when every order is: an order refused adds nothing.
    d.ineligible = every_one_refused;
    Ok(())
}

/// The `paid` line of an order settled with others names it: "Paid for order 2, the
/// renewal from 15 Jan 2027: …".
fn name_paid_line(
    d: &mut Draft,
    number: u32,
    order: &crate::order::Order,
    tz: crate::calendar::Zone,
) {
    if let Some(line) = d.lines.iter_mut().find(|l| l.code == LineCode::Paid) {
        line.detail = Detail::PaidTogether {
            number,
            start: order.start.date(tz),
            renewal: order.renewal,
            cash: order.paid.cash,
            credit: order.paid.credit,
            voucher: order.paid.voucher,
        };
    }
}
