//! A limit on an account's refunds over a rolling window of months (`rules.accountCap`):
//! the refunds of `order.refundHistory` still counting at the cancellation are what was
//! used of it; a refund larger than what is left is trimmed to it, or refused whole, as
//! the policy says. Runs last, on the exact total of every line before it; the estimate's
//! `accountCap` shows the limit, what was used and what is left ([`standing`]).

use super::{Ctx, Draft};
use crate::error::Error;
use crate::i18n::{Detail, LineCode};
use crate::money;
use crate::policy::{AccountCap, CapOver};
use rust_decimal::Decimal;

/// Where the account stands against its limit at the cancellation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Standing {
    pub cap: AccountCap,
    /// The earlier refunds still counting.
    pub used: Decimal,
    /// What this refund may take: the limit less what was used, at least 0.
    pub left: Decimal,
}

pub(super) fn apply(ctx: &Ctx<'_>, d: &mut Draft) -> Result<(), Error> {
    let Some(standing) = standing(ctx)? else {
        return Ok(());
    };
    if d.ineligible {
        return Ok(());
    }
    let total = d.total()?;
    if total <= standing.left {
        return Ok(());
    }
    let tz = ctx.policy.timezone;
    // The window's start, for the text: the cancellation's wall-clock time `months` earlier.
    let since = ctx
        .request
        .at
        .local(tz)
        .checked_sub_months(chrono::Months::new(standing.cap.months))
        .map(|t| t.date());
    let over = match standing.cap.over {
        CapOver::Trim => money::sub(total, standing.left)?,
        CapOver::Refuse => total,
    };
    d.push(
        LineCode::AccountCap,
        -over,
        Detail::AccountCap {
            limit: standing.cap.amount,
            months: standing.cap.months,
            used: standing.used,
            left: standing.left,
            since,
            refused: standing.cap.over == CapOver::Refuse,
        },
    );
    Ok(())
}

/// The account's limit, what was used of it and what is left at the cancellation; `None`
/// when the plan has no limit.
pub(crate) fn standing(ctx: &Ctx<'_>) -> Result<Option<Standing>, Error> {
    let Some(cap) = ctx.rules.account_cap else {
        return Ok(None);
    };
    let used = ctx
        .order
        .refund_history
        .used(ctx.request.at, cap.months, ctx.policy.timezone)
        .ok_or_else(|| Error::overflow("order.refundHistory"))?;
    let left = money::sub(cap.amount, used)?.max(Decimal::ZERO);
    Ok(Some(Standing { cap, used, left }))
}
