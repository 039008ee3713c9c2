//! The pipeline: each stage reads the context and adds signed lines to a draft.
//!
//! ```text
//! eligibility → cooling_off → cancellation → refund_base → consumed → fees
//!   → non_refundable → sla → offsets → (together) → account_cap → settle
//! ```
//! `together` runs the stages up to `offsets` for each order settled with this one
//! (`settleWith`) and adds their lines.
//! A stage is a function `(ctx, draft) -> Result<()>` in its own file; adding one means
//! adding a file and a row to [`STAGES`]. Amounts in the draft keep full precision;
//! `settle` rounds them at one named point and turns the draft into an [`Estimate`].

mod account_cap;
mod cancellation;
mod consumed;
mod cooling_off;
mod eligibility;
mod fees;
mod next_steps;
mod non_refundable;
mod offsets;
mod refund_base;
mod settle;
pub(crate) use settle::To;
mod sla;
mod together;

use crate::calendar::{Instant, Partial};
use crate::error::Error;
use crate::estimate::Estimate;
use crate::i18n::{Detail, LineCode, Notice};
use crate::money;
use crate::order::Order;
use crate::policy::{Plan, Policy, Rules};
use crate::request::Request;
use rust_decimal::Decimal;

/// Everything a stage may read. Built once per estimate; a refund curve builds it once and
/// moves it from instant to instant with [`Ctx::at`].
pub(crate) struct Ctx<'a> {
    pub policy: &'a Policy,
    pub plan: &'a Plan,
    pub rules: &'a Rules,
    pub order: &'a Order,
    pub request: &'a Request,
    /// cash + credit + voucher.
    pub paid_total: Decimal,
    /// What the refund of the service is computed on: what was paid for it (paid − setup
    /// fee), or the plan's current price when that is lower and the policy says so
    /// (`refundBase`, the `lower_price` line explains the difference).
    pub recurring: Decimal,
    /// The whole term in the unit of pro-rata consumption (`None` for other methods).
    pub term_length: Option<Decimal>,
    /// Calendar months from the start to the cancellation (capped at the term's end): the
    /// whole ones, and whether one is in progress. `None` only past the calendar's range.
    months: Option<(u32, bool)>,
    /// Orders settled together with this one (`settleWith`: a renewal paid ahead, …);
    /// empty for an order settled alone.
    pub others: &'a [Order],
}

/// What a context computes from the policy and the order alone: the same at every
/// instant, so that a prepared order computes it once (src/estimator.rs).
#[derive(Clone, Copy, Debug)]
pub(crate) struct OrderFigures {
    paid_total: Decimal,
    recurring: Decimal,
    term_length: Option<Decimal>,
}

impl OrderFigures {
    pub fn new(policy: &Policy, order: &Order) -> Result<OrderFigures, Error> {
        let plan = plan_of(policy, order)?;
        let paid_total = money::add(
            money::add(order.paid.cash, order.paid.credit)?,
            order.paid.voucher,
        )?;
        Ok(OrderFigures {
            paid_total,
            recurring: refund_base::base(policy, plan, order, paid_total)?,
            term_length: consumed::term_length(policy, plan, order)?,
        })
    }
}

fn plan_of<'a>(policy: &'a Policy, order: &Order) -> Result<&'a Plan, Error> {
    policy
        .plans
        .get(order.plan)
        .ok_or_else(|| Error::overflow("order.plan"))
}

impl<'a> Ctx<'a> {
    pub fn new(
        policy: &'a Policy,
        order: &'a Order,
        request: &'a Request,
    ) -> Result<Ctx<'a>, Error> {
        let figures = OrderFigures::new(policy, order)?;
        Ctx::with_figures(policy, order, request, figures)
    }

    /// [`Ctx::new`] with the order's figures computed before.
    pub fn with_figures(
        policy: &'a Policy,
        order: &'a Order,
        request: &'a Request,
        figures: OrderFigures,
    ) -> Result<Ctx<'a>, Error> {
        let plan = plan_of(policy, order)?;
        let OrderFigures {
            paid_total,
            recurring,
            term_length,
        } = figures;
        let ctx = Ctx {
            policy,
            plan,
            rules: &plan.rules,
            order,
            request,
            paid_total,
            recurring,
            term_length,
            months: None,
            others: &[],
        };
        Ok(ctx.at(request))
    }

    /// The same context, with orders settled together with this one.
    pub fn with_others(self, others: &'a [Order]) -> Ctx<'a> {
        Ctx { others, ..self }
    }

    /// What every order settled here paid: this one's and those settled with it.
    pub fn paid_all(&self) -> Result<Decimal, Error> {
        self.others.iter().try_fold(self.paid_total, |sum, o| {
            money::add(
                sum,
                money::add(money::add(o.paid.cash, o.paid.credit)?, o.paid.voucher)?,
            )
        })
    }

    /// The same order and policy, cancelled as `request` says: only what depends on the
    /// cancellation instant is computed again.
    pub fn at(&self, request: &'a Request) -> Ctx<'a> {
        let within_term = request.at.min(self.order.end);
        Ctx {
            request,
            months: crate::calendar::whole_months(
                self.order.start,
                within_term,
                self.policy.timezone,
            ),
            ..*self
        }
    }

    /// The cancellation instant, but no later than the end of the term.
    pub fn at_within_term(&self) -> Instant {
        self.request.at.min(self.order.end)
    }

    /// Calendar months of the term that have started by the cancellation (month 1 starts
    /// with the order), at most the whole term.
    pub fn months_started(&self) -> Result<u32, Error> {
        let started = self.months_to_cancellation(Partial::Up)?;
        Ok(started.min(self.plan.term.months().unwrap_or(u32::MAX)))
    }

    /// Whole months elapsed since the start (for fee tiers by year of use).
    pub fn whole_months_elapsed(&self) -> Result<u32, Error> {
        self.months_to_cancellation(Partial::Down)
    }

    /// Calendar months from the start to the cancellation (capped at the term's end), a
    /// month in progress counted (`Partial::Up`) or not.
    fn months_to_cancellation(&self, partial: Partial) -> Result<u32, Error> {
        let (whole, in_progress) = self.months.ok_or_else(|| Error::overflow("request.at"))?;
        Ok(match partial {
            Partial::Up if in_progress => whole.saturating_add(1),
            _ => whole,
        })
    }

    /// The day the request is submitted: as given, or the date of the cancellation.
    pub fn submitted_on(&self) -> crate::calendar::Date {
        self.request
            .submitted_on
            .unwrap_or_else(|| self.request.at.date(self.policy.timezone))
    }
}

pub(crate) struct DraftLine {
    pub code: LineCode,
    /// Which order settled together the line belongs to: 0 for `order`, k for
    /// `settleWith[k - 1]`.
    pub order: u32,
    /// Exact, signed.
    pub amount: Decimal,
    pub detail: Detail,
}

/// The estimate being built.
#[derive(Default)]
pub(crate) struct Draft {
    pub lines: Vec<DraftLine>,
    /// Compensation beside the refund (SLA credit paid as account credit).
    pub credits: Vec<DraftLine>,
    pub notices: Vec<Notice>,
    /// A rule refused the refund; later stages add nothing.
    pub ineligible: bool,
    /// A rule granted a whole refund (cooling-off, not started, never activated); the
    /// pricing stages (consumed, fees, non-refundable) are skipped.
    pub whole: bool,
    /// Cash goes to the account balance instead of the original method.
    pub to_balance: bool,
    /// Vouchers come back as vouchers instead of being forfeited.
    pub vouchers_returned: bool,
    /// Cancelling stops the renewal and the service runs to the end of the paid term:
    /// nothing of the payment comes back. The pricing stages add nothing; SLA credits and
    /// unpaid charges still apply.
    pub runs_to_end: bool,
    /// For each order settled together with `order` (`settleWith`), in order: where its
    /// cash and vouchers go.
    pub together: Vec<Sources>,
}

/// Where an order's money goes back, as its stages decided.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sources {
    /// Cash goes to the account balance instead of the original method.
    pub to_balance: bool,
    /// Vouchers come back as vouchers.
    pub vouchers_returned: bool,
}

impl Draft {
    // Inlined: a line carries its detail (about 100 bytes), and a call moved it twice more;
    // every point of a refund curve pushes five or so.
    #[inline(always)]
    pub fn push(&mut self, code: LineCode, amount: Decimal, detail: Detail) {
        self.lines.push(DraftLine {
            code,
            order: 0,
            amount,
            detail,
        });
    }

    /// Back to an empty draft, keeping the allocations.
    pub fn clear(&mut self) {
        // Field by field, in place: a new field must be listed here (the pattern is
        // exhaustive). Rebuilding the draft moved it and dropped the old one per point.
        let Draft {
            lines,
            credits,
            notices,
            ineligible,
            whole,
            to_balance,
            vouchers_returned,
            runs_to_end,
            together,
        } = self;
        lines.clear();
        credits.clear();
        notices.clear();
        *ineligible = false;
        *whole = false;
        *to_balance = false;
        *vouchers_returned = false;
        *runs_to_end = false;
        together.clear();
    }

    /// True when the pricing stages have nothing to do.
    pub fn decided(&self) -> bool {
        self.ineligible || self.whole || self.runs_to_end
    }

    /// The exact running total of the lines so far.
    pub fn total(&self) -> Result<Decimal, Error> {
        let sum = money::sum(self.lines.iter().map(|l| &l.amount))?;
        // Without the noise of the lines' last digits (`money::denoise`).
        Ok(money::denoise(sum, self.lines.iter().map(|l| l.amount)))
    }

    /// The exact sum of the lines with `code`.
    pub fn sum_of(&self, code: LineCode) -> Result<Decimal, Error> {
        money::sum(
            self.lines
                .iter()
                .filter(|l| l.code == code)
                .map(|l| &l.amount),
        )
    }
}

/// Warns, once, when `day` (an arrival, a claim deadline) lies beyond the years the
/// policy's business calendar lists holidays for.
fn note_calendar_end(ctx: &Ctx<'_>, d: &mut Draft, day: crate::calendar::Date) {
    use chrono::Datelike;
    // An empty calendar lists no holidays at all: it is never "past its end".
    let Some(year) = ctx.policy.timeline.calendar.last_year() else {
        return;
    };
    let noted = d
        .notices
        .iter()
        .any(|n| matches!(n, Notice::CalendarEnds { .. }));
    if day.year() > year && !noted {
        d.notices.push(Notice::CalendarEnds { year });
    }
}

/// Warns, once, when business days counted from `from` to `to` (an arrival, a claim
/// deadline) run through a year whose holidays the policy's calendar only projects.
fn note_calendar_provisional(
    ctx: &Ctx<'_>,
    d: &mut Draft,
    from: crate::calendar::Date,
    to: crate::calendar::Date,
) {
    use chrono::Datelike;
    let years: Vec<i32> = ctx
        .policy
        .timeline
        .provisional_years
        .iter()
        .copied()
        .filter(|y| (from.year()..=to.year()).contains(y))
        .collect();
    let noted = d
        .notices
        .iter()
        .any(|n| matches!(n, Notice::CalendarProvisional { .. }));
    if !years.is_empty() && !noted {
        d.notices.push(Notice::CalendarProvisional { years });
    }
}

type Stage = fn(&Ctx<'_>, &mut Draft) -> Result<(), Error>;

/// The stages of one order, in order. Each file documents the rules it applies.
const STAGES: [Stage; 9] = [
    eligibility::apply,
    cooling_off::apply,
    cancellation::apply,
    refund_base::apply,
    consumed::apply,
    fees::apply,
    non_refundable::apply,
    sla::apply,
    offsets::apply,
];

/// Every order's stages, the orders settled together with it added (each through its own
/// stages), then the stages of the whole: the account's limit on refunds, which applies to
/// what all of them refund.
fn collect(ctx: &Ctx<'_>, draft: &mut Draft) -> Result<(), Error> {
    for stage in STAGES {
        stage(ctx, draft)?;
    }
    together::apply(ctx, draft, STAGES)?;
    account_cap::apply(ctx, draft)
}

/// The refund alone: the same stages and the same rounding as `run`, without the words,
/// the timeline or the documents. What a point of the refund curve costs; `draft` is
/// scratch space, emptied first, so that a curve reuses its allocations point after point.
/// Returns `(refund, owed)`.
pub(crate) fn refund_only(ctx: &Ctx<'_>, draft: &mut Draft) -> Result<(Decimal, Decimal), Error> {
    draft.clear();
    collect(ctx, draft)?;
    let settled = settle::amounts(ctx, draft, settle::Lines::Unrounded)?;
    Ok((settled.refund, settled.owed))
}

/// The figures of `run` without its words: the refund, what is owed, the outcome and each
/// line's rounded amount, from the same stages and the same rounding.
pub(crate) fn figures(ctx: &Ctx<'_>) -> Result<crate::figures::Figures, Error> {
    let mut draft = Draft::default();
    collect(ctx, &mut draft)?;
    settle::figures(ctx, draft)
}

pub(crate) fn run(ctx: &Ctx<'_>) -> Result<Estimate, Error> {
    let mut draft = Draft::default();
    if let Some(tag) = &ctx.request.unknown_locale {
        draft
            .notices
            .push(Notice::UnknownLocale { tag: tag.clone() });
    }
    collect(ctx, &mut draft)?;
    settle::finish(ctx, draft)
}
