//! What never comes back: one-time setup fees, the payment processor's fee, vouchers and
//! gift credit. (A promotion's discount on the time used is taken back with the time
//! itself, in consumed.)
//!
//! Vouchers: `forfeit` deducts the voucher part in full; `proportional` scales what is left
//! by the cash share (WeChat Pay: refund × cash ÷ order total); `refund` returns them.
//! Gift credit that is not forfeited comes back as account credit (see settle).

use super::{Ctx, Draft};
use crate::error::Error;
use crate::i18n::{Detail, LineCode};
use crate::money;
use crate::policy::{CreditRule, SetupFeeRule, VoucherRule};
use rust_decimal::Decimal;

pub(super) fn apply(ctx: &Ctx<'_>, d: &mut Draft) -> Result<(), Error> {
    if d.decided() {
        return Ok(());
    }
    let order = ctx.order;
    let rules = ctx.rules.non_refundable;
    if rules.setup_fee == SetupFeeRule::Forfeit && !order.setup_fee.is_zero() {
        d.push(LineCode::SetupFee, -order.setup_fee, Detail::SetupFee);
    }
    let cash = order.paid.cash;
    let method = order.payment_method;
    if let Some(fee) = rules.processing_fee.filter(|f| f.methods.contains(method)) {
        // Never more than the cash the processor handled, nor than what is left to refund:
        // a fee that is "not refunded" must not become a bill.
        let full = money::add(money::percent_of(cash, fee.percent)?, fee.fixed)?;
        let left = d.total()?.max(Decimal::ZERO);
        let amount = full.min(cash).min(left);
        if amount > Decimal::ZERO {
            let detail = Detail::ProcessingFee {
                cash,
                percent: fee.percent,
                fixed: fee.fixed,
                method,
                limited_to: (amount < full).then_some(amount),
            };
            d.push(LineCode::ProcessingFee, -amount, detail);
        }
    }
    let credit = order.paid.credit;
    if rules.credit == CreditRule::Forfeit && !credit.is_zero() {
        d.push(LineCode::Credit, -credit, Detail::CreditForfeit { credit });
    }
    let voucher = order.paid.voucher;
    match rules.vouchers {
        VoucherRule::Forfeit if !voucher.is_zero() => {
            d.push(
                LineCode::Voucher,
                -voucher,
                Detail::VoucherForfeit { voucher },
            );
        }
        VoucherRule::Proportional if !voucher.is_zero() => {
            let remaining = d.total()?;
            if remaining > Decimal::ZERO {
                let share = money::mul_div(remaining, voucher, ctx.paid_total)?;
                let detail = Detail::VoucherProportional {
                    remaining,
                    voucher,
                    total: ctx.paid_total,
                };
                d.push(LineCode::Voucher, -share, detail);
            }
        }
        VoucherRule::Refund => d.vouchers_returned = true,
        _ => {}
    }
    Ok(())
}
