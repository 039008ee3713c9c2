//! Settlement: the one place where money is rounded, then the floor, the cap and the
//! minimum, the outcome, where each part lands, and the tax split.
//!
//! Rounding rule (documented in docs/policy.md): the refund is the exact sum of the lines,
//! rounded once to the currency's minor unit by the policy's mode. Each line is rounded by
//! the same mode, and any leftover minor units go one at a time to the lines whose
//! rounding moved them furthest the other way, earlier lines first on ties. So the lines
//! always sum exactly to the refund. Adjustments (cap, floor, minimum) are computed on
//! rounded figures and are therefore exact.

use super::{Ctx, Draft, DraftLine};
use crate::error::Error;
use crate::estimate::{Destination, Estimate, Line, Outcome, PolicyRef, TaxSplit, Warning};
use crate::figures::{Figures, LineFigure};
use crate::i18n::{Detail, Fmt, LineCode, Notice};
use crate::money;
use crate::order::PaymentMethod;
use crate::policy::{NegativeRule, OutstandingRule};
use rust_decimal::Decimal;

/// The settled figures: what `refund_curve` needs per point, and `finish` renders.
pub(super) struct Settled {
    pub refund: Decimal,
    pub owed: Decimal,
    /// Compensation beside the refund, rounded.
    pub credits: Vec<DraftLine>,
}

pub(super) fn finish(ctx: &Ctx<'_>, mut d: Draft) -> Result<Estimate, Error> {
    let Settled {
        refund,
        owed,
        credits,
    } = amounts(ctx, &mut d, Lines::Rounded)?;
    let minor = ctx.policy.minor_unit();
    let mode = ctx.policy.rounding;
    let outcome = outcome(&d, refund);

    let fmt = Fmt {
        locale: ctx.request.locale,
        currency: ctx.policy.currency,
        rounding: mode,
    };
    let parts = destinations(ctx, &mut d, refund, &credits)?;
    let super::next_steps::NextSteps {
        timeline,
        documents,
        steps,
        notices,
    } = super::next_steps::build(ctx, &d, (refund, owed), outcome, &parts, &fmt)?;
    d.notices.extend(notices);
    let credit_latest = timeline.credit.as_ref().map(|c| c.latest.as_str());
    for latest in [Some(timeline.latest.as_str()), credit_latest]
        .into_iter()
        .flatten()
    {
        if let Some(latest) = crate::calendar::parse_date(latest) {
            super::note_calendar_end(ctx, &mut d, latest);
            super::note_calendar_provisional(ctx, &mut d, ctx.submitted_on(), latest);
        }
    }
    let destinations = parts
        .iter()
        .map(|(to, amount)| Destination {
            to: to.code(),
            method: match to {
                To::Original(m) => Some(m.as_str()),
                _ => None,
            },
            amount: money::wire(*amount, minor),
            label: fmt.destination(*to),
        })
        .collect();
    // Net and tax in the original proportion, split like any other amount (no cent lost).
    let tax = match ctx.policy.tax {
        Some(t) => {
            let parts = money::split(refund, &[Decimal::ONE_HUNDRED, t.rate], minor, mode)?;
            let (net, tax) = (
                parts.first().copied().unwrap_or_default(),
                parts.get(1).copied().unwrap_or_default(),
            );
            Some(TaxSplit {
                rate: money::figure(t.rate),
                net: money::wire(net, minor),
                tax: money::wire(tax, minor),
            })
        }
        None => None,
    };
    // Where the account stands against its limit, and what this refund leaves of it.
    let account_cap = match super::account_cap::standing(ctx)? {
        Some(s) => Some(crate::estimate::AccountLimit {
            limit: money::wire(s.cap.amount, minor),
            months: s.cap.months,
            used: money::wire(s.used, minor),
            left: money::wire(s.left, minor),
            left_after: money::wire(money::sub(s.left, refund)?.max(Decimal::ZERO), minor),
        }),
        None => None,
    };
    let together = !ctx.others.is_empty();
    let render = |l: &DraftLine| Line {
        code: l.code.as_str(),
        amount: money::wire(l.amount, minor),
        label: l.code.label(fmt.locale).to_owned(),
        detail: fmt.detail(&l.detail),
        // Which order settled together the line is of: the input's path of that order.
        order: together.then(|| match l.order.checked_sub(1) {
            None => "order".to_owned(),
            Some(i) => format!("settleWith[{i}]"),
        }),
    };
    Ok(Estimate {
        currency: ctx.policy.currency.code(),
        refund: money::wire(refund, minor),
        owed: money::wire(owed, minor),
        outcome,
        service_ends: d
            .runs_to_end
            .then(|| ctx.order.end.rfc3339(ctx.policy.timezone)),
        lines: d.lines.iter().map(render).collect(),
        credits: credits.iter().map(render).collect(),
        destinations,
        tax,
        account_cap,
        timeline,
        documents,
        steps,
        warnings: d
            .notices
            .iter()
            .map(|n| Warning {
                code: n.code(),
                message: fmt.notice(n),
            })
            .collect(),
        policy: PolicyRef {
            id: ctx.policy.id.clone(),
            version: ctx.policy.version.clone(),
        },
    })
}

/// Full, partial, none or ineligible, from the settled lines and refund.
fn outcome(d: &Draft, refund: Decimal) -> Outcome {
    if d.ineligible {
        Outcome::Ineligible
    } else if d.runs_to_end {
        Outcome::EndOfTerm
    } else if refund.is_zero() {
        Outcome::None
    } else if d
        .lines
        .iter()
        .all(|l| keeps_full(l.code) || l.amount.is_zero())
    {
        Outcome::Full
    } else {
        Outcome::Partial
    }
}

/// The figures of `finish`, without its words, timeline or destinations: the refund, what
/// is owed, the outcome and each line's rounded amount (a prepared order's `at`).
pub(super) fn figures(ctx: &Ctx<'_>, mut d: Draft) -> Result<Figures, Error> {
    let Settled { refund, owed, .. } = amounts(ctx, &mut d, Lines::Rounded)?;
    let minor = ctx.policy.minor_unit();
    Ok(Figures {
        refund: money::wire(refund, minor),
        owed: money::wire(owed, minor),
        outcome: outcome(&d, refund),
        lines: d
            .lines
            .iter()
            .map(|l| LineFigure {
                code: l.code.as_str(),
                amount: money::wire(l.amount, minor),
            })
            .collect(),
    })
}

/// Lines that do not make a refund partial: the payment itself, explanations, vouchers the
/// policy never refunds, and compensation.
fn keeps_full(code: LineCode) -> bool {
    matches!(
        code,
        LineCode::Paid
            | LineCode::WholeRefund
            | LineCode::CoolingOff
            | LineCode::Voucher
            | LineCode::SlaCredit
            | LineCode::Cap
    )
}

/// Splits the refund by the kinds of money paid (cash, gift credit, returned vouchers),
/// losing no minor unit, then adds compensation credits and what is forfeited. Cash goes
/// back to the original method unless the policy, the method or its refund window says
/// the account balance. Orders settled together each bring their own three parts (cash to
/// their own method), split in one go; parts that land at the same place are added up.
fn destinations(
    ctx: &Ctx<'_>,
    d: &mut Draft,
    refund: Decimal,
    credits: &[DraftLine],
) -> Result<Vec<(To, Decimal)>, Error> {
    let minor = ctx.policy.minor_unit();
    let first = super::Sources {
        to_balance: d.to_balance,
        vouchers_returned: d.vouchers_returned,
    };
    let orders = std::iter::once((ctx.order, first))
        .chain(ctx.others.iter().zip(d.together.iter().copied()));
    let mut sources: Vec<Source> = Vec::with_capacity(ctx.others.len().saturating_add(1));
    for (index, (order, flags)) in (0u32..).zip(orders) {
        let paid = order.paid;
        // Gift credit comes back as credit unless a `credit` line forfeited it (whole
        // refunds return it even under a forfeit rule: nothing of the order is kept).
        let credit_forfeited = d
            .lines
            .iter()
            .any(|l| l.code == LineCode::Credit && l.order == index);
        sources.push(Source {
            order,
            to_balance: flags.to_balance,
            weights: [
                paid.cash,
                if credit_forfeited {
                    Decimal::ZERO
                } else {
                    paid.credit
                },
                if flags.vouchers_returned {
                    paid.voucher
                } else {
                    Decimal::ZERO
                },
            ],
        });
    }
    let weights: Vec<Decimal> = sources.iter().flat_map(|s| s.weights).collect();
    let split = money::split(refund, &weights, minor, ctx.policy.rounding)?;
    let mut out: Vec<(To, Decimal)> = Vec::new();
    let mut add = |to: To, amount: Decimal| -> Result<(), Error> {
        if amount.is_zero() {
            return Ok(());
        }
        match out.iter_mut().find(|(t, _)| *t == to) {
            Some((_, sum)) => *sum = money::add(*sum, amount)?,
            None => out.push((to, amount)),
        }
        Ok(())
    };
    let mut excess = Decimal::ZERO;
    let mut any_cash_elsewhere = false;
    let (mut credit, mut voucher) = (Decimal::ZERO, Decimal::ZERO);
    for (source, parts) in sources.iter().zip(split.chunks(3)) {
        let mut part = |i: usize| -> Result<Decimal, Error> {
            // No source takes back more than it paid: a card refund above the original
            // charge is refused by the card network. The refund can exceed a source when
            // an SLA credit paid as refund comes on top of forfeited credit or vouchers;
            // the excess goes to the account balance.
            let (amount, paid) = (
                parts.get(i).copied().unwrap_or_default(),
                source.weights.get(i).copied().unwrap_or_default(),
            );
            if amount > paid {
                excess = money::add(excess, money::sub(amount, paid)?)?;
                return Ok(paid);
            }
            Ok(amount)
        };
        let cash = part(0)?;
        credit = money::add(credit, part(1)?)?;
        voucher = money::add(voucher, part(2)?)?;
        let cash_to = cash_destination(ctx, d, source, cash);
        any_cash_elsewhere |= cash_to != To::Balance;
        add(cash_to, cash)?;
    }
    if !excess.is_zero() && any_cash_elsewhere {
        push_once(d, Notice::ExcessToBalance { excess });
    }
    add(To::Balance, excess)?;
    add(To::AccountCredit, credit)?;
    add(To::Voucher, voucher)?;
    // Each compensation credit lands on its own (they are not added up).
    for c in credits.iter().filter(|c| !c.amount.is_zero()) {
        out.push((To::SlaCredit, c.amount));
    }
    let forfeited = money::add(d.sum_of(LineCode::Voucher)?, d.sum_of(LineCode::Credit)?)?;
    if !forfeited.is_zero() {
        out.push((To::Forfeited, -forfeited));
    }
    Ok(out)
}

/// One order's money: what it paid and can take back, as [cash, gift credit, vouchers].
struct Source<'a> {
    order: &'a crate::order::Order,
    to_balance: bool,
    weights: [Decimal; 3],
}

/// Where an order's cash goes: its payment method, or the account balance when the policy
/// (an invoiced order), the method (the balance itself, or one that can no longer take
/// money) or its refund window says so; the warnings that say why, when cash goes there.
fn cash_destination(ctx: &Ctx<'_>, d: &mut Draft, source: &Source<'_>, cash: Decimal) -> To {
    let order = source.order;
    let method = order.payment_method;
    let payout = ctx.policy.timeline.payout(method);
    let paid_on = order.start.date(ctx.policy.timezone);
    let days_since_payment = ctx.submitted_on().signed_duration_since(paid_on).num_days();
    let window_closed = payout
        .refund_window_days
        .is_some_and(|w| days_since_payment > i64::from(w));
    // A method that can no longer take money (an expired card, a closed account) sends the
    // cash to the balance, as Alibaba does.
    let method_invalid = !order.payment_method_valid && method != PaymentMethod::Balance;
    let cash_to =
        if source.to_balance || method == PaymentMethod::Balance || window_closed || method_invalid
        {
            To::Balance
        } else {
            To::Original(method)
        };
    if !cash.is_zero() {
        if method_invalid && !source.to_balance {
            push_once(d, Notice::MethodInvalid { method });
        } else if let (true, Some(days)) = (
            window_closed && !source.to_balance,
            payout.refund_window_days,
        ) {
            push_once(d, Notice::MethodWindowClosed { method, days });
        }
        if cash_to == To::Original(PaymentMethod::BankTransfer) && payout.intermediary_fees {
            push_once(d, Notice::WireFees);
        }
    }
    cash_to
}

/// A warning, once (orders settled together may each give it).
fn push_once(d: &mut Draft, notice: Notice) {
    if !d.notices.contains(&notice) {
        d.notices.push(notice);
    }
}

/// Where a part of the money lands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum To {
    Original(PaymentMethod),
    Balance,
    AccountCredit,
    /// Compensation paid as account credit beside the refund.
    SlaCredit,
    Voucher,
    Forfeited,
}

impl To {
    pub fn code(self) -> &'static str {
        match self {
            To::Original(_) => "original_method",
            To::Balance => "balance",
            To::AccountCredit | To::SlaCredit => "account_credit",
            To::Voucher => "voucher",
            To::Forfeited => "forfeited",
        }
    }
}

/// Whether `amounts` rounds each line for display, or settles the total alone (a point of
/// the refund curve: the refund depends only on the rounded total).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Lines {
    Rounded,
    Unrounded,
}

/// Rounds the lines (the one rounding point), then applies the cap, the floor or what is
/// owed, and the minimum refund, adding the lines that explain them.
pub(super) fn amounts(ctx: &Ctx<'_>, d: &mut Draft, lines: Lines) -> Result<Settled, Error> {
    let minor = ctx.policy.minor_unit();
    let mode = ctx.policy.rounding;
    let mut total = money::round(d.total()?, minor, mode);
    if lines == Lines::Rounded {
        let exact: Vec<Decimal> = d.lines.iter().map(|l| l.amount).collect();
        let rounded = money::round_parts(&exact, total, minor, mode)?;
        for (line, amount) in d.lines.iter_mut().zip(rounded) {
            line.amount = amount;
        }
    }

    let settlement = ctx.rules.settlement;
    // Orders settled together are capped at what all of them paid.
    let paid_total = ctx.paid_all()?;
    if total > paid_total {
        d.push(
            LineCode::Cap,
            money::sub(paid_total, total)?,
            Detail::Cap { paid: paid_total },
        );
        total = paid_total;
    }
    let mut owed = Decimal::ZERO;
    if total < Decimal::ZERO {
        match settlement.negative {
            NegativeRule::Zero => {
                // What the service and the fees cost beyond the refundable amount is not
                // billed; unpaid charges are a debt already, and stay owed unless the
                // policy waives them.
                let unpaid = match settlement.outstanding {
                    // The unpaid charges the lines deducted (every order settled here).
                    OutstandingRule::Owed if !d.ineligible => {
                        (-d.sum_of(LineCode::Outstanding)?).min(-total)
                    }
                    _ => Decimal::ZERO,
                };
                let forgiven = money::sub(-total, unpaid)?;
                if !forgiven.is_zero() {
                    let detail = Detail::Floor {
                        unpaid_owed: !unpaid.is_zero(),
                    };
                    d.push(LineCode::Floor, forgiven, detail);
                }
                if !unpaid.is_zero() {
                    owed = unpaid;
                    d.notices.push(Notice::OutstandingOwed { owed });
                }
                total = Decimal::ZERO;
            }
            NegativeRule::Owed if !d.ineligible => {
                owed = -total;
                d.notices.push(Notice::FeesOwed { owed });
            }
            NegativeRule::Owed => {}
        }
    }
    if let Some(minimum) = settlement.minimum_refund {
        if total > Decimal::ZERO && total < minimum {
            d.push(
                LineCode::BelowMinimum,
                -total,
                Detail::BelowMinimum { minimum },
            );
            total = Decimal::ZERO;
        }
    }
    let refund = total.max(Decimal::ZERO);
    let credits: Vec<DraftLine> = d
        .credits
        .drain(..)
        .map(|mut c| {
            c.amount = money::round(c.amount, minor, mode);
            c
        })
        .collect();
    Ok(Settled {
        refund,
        owed,
        credits,
    })
}
