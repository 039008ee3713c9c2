//! The refund base: what the refund of the service is computed on. By default what was
//! paid for it (paid − setup fee); under `refundBase: {"of": "lower_of_paid_and_current"}`
//! the lower of that and the plan's current price (the order's `currentPrice`, else the
//! plan's), so a price cut since the purchase is not refunded. The `lower_price` line shows
//! both figures and deducts the difference; the later stages compute on the lower base
//! ([`Ctx::recurring`]).

use super::{Ctx, Draft};
use crate::error::Error;
use crate::i18n::{Detail, LineCode};
use crate::money;
use crate::order::Order;
use crate::policy::{Plan, Policy, RefundBase};
use rust_decimal::Decimal;

pub(super) fn apply(ctx: &Ctx<'_>, d: &mut Draft) -> Result<(), Error> {
    if d.decided() || ctx.rules.refund_base != RefundBase::LowerOfPaidAndCurrent {
        return Ok(());
    }
    let paid = money::sub(ctx.paid_total, ctx.order.setup_fee)?;
    let Some(current) = current_price(ctx.policy, ctx.plan, ctx.order)? else {
        return Ok(());
    };
    // Both figures, whichever is lower: a 0.00 line when what was paid is the lower.
    d.push(
        LineCode::LowerPrice,
        money::sub(ctx.recurring, paid)?,
        Detail::LowerPrice { paid, current },
    );
    Ok(())
}

/// The refund base for [`Ctx::recurring`]: what was paid for the service, or the current
/// price when the policy refunds on the lower of the two and it is lower.
pub(super) fn base(
    policy: &Policy,
    plan: &Plan,
    order: &Order,
    paid_total: Decimal,
) -> Result<Decimal, Error> {
    let paid = money::sub(paid_total, order.setup_fee)?;
    if plan.rules.refund_base != RefundBase::LowerOfPaidAndCurrent {
        return Ok(paid);
    }
    Ok(match current_price(policy, plan, order)? {
        Some(current) => paid.min(current),
        None => paid,
    })
}

/// The current price as paid: the order's, or the plan's with tax added when the policy's
/// prices exclude it. (Validation requires one of them for an estimate; a plan comparison
/// without either computes on what was paid.)
fn current_price(policy: &Policy, plan: &Plan, order: &Order) -> Result<Option<Decimal>, Error> {
    match (order.current_price, plan.current_price) {
        (Some(price), _) => Ok(Some(price)),
        (None, Some(price)) => policy.gross(price).map(Some),
        (None, None) => Ok(None),
    }
}
