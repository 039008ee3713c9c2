//! Offsets: outstanding unpaid charges are deducted before anything is paid out.

use super::{Ctx, Draft};
use crate::error::Error;
use crate::i18n::{Detail, LineCode};

pub(super) fn apply(ctx: &Ctx<'_>, d: &mut Draft) -> Result<(), Error> {
    let outstanding = ctx.order.outstanding;
    if d.ineligible || outstanding.is_zero() {
        return Ok(());
    }
    d.push(LineCode::Outstanding, -outstanding, Detail::Outstanding);
    Ok(())
}
