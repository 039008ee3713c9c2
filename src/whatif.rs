//! What-if over time and across plans: the refund as a curve over the cancellation date with
//! its break points and the best moment to leave, and the plans compared by what leaving
//! after a while would cost. Every figure is the refund `estimate()` gives for that input:
//! the same stages and rounding run for each point, on a policy and order validated once.

#[cfg(test)]
use crate::calendar::format_date;
use crate::calendar::{Instant, Zone};
use crate::error::{Error, ErrorCode};
use crate::i18n::{Fmt, Locale};
use crate::money;
use crate::order::{Order, Paid, PaymentMethod};
use crate::policy::{EarlyTermination, Policy};
use crate::read::Reader;
use crate::request::{read_instant, Reason, Request};
use crate::stages::{refund_only, Ctx, Draft};
use crate::value::Value;
use crate::write::{json_text, to_value_from_json, write_list, Json, JsonObject, WriteJson};
use rust_decimal::Decimal;

/// The most points one curve may have (a 3-year hourly curve is 26,304); fewer for a plan
/// with many meters (`policy::MAX_CURVE_WORK`).
const MAX_POINTS: usize = 40_000;

fn too_many_points(max_points: usize, items: usize) -> String {
    let why = if max_points < MAX_POINTS {
        format!(
            " for this plan: points × (1 + meters + schedule steps + list rates) is at most {}, and this plan prices {items} items at each point",
            crate::policy::MAX_CURVE_WORK
        )
    } else {
        String::new()
    };
    format!("the curve would have more than {max_points} points{why}: use a larger step or a shorter range")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Hour,
    Day,
    Week,
    Month,
}

pub(crate) struct CurveOptions {
    pub from: Option<Instant>,
    pub to: Option<Instant>,
    pub step: Step,
}

impl CurveOptions {
    pub(crate) fn read(r: &mut Reader, v: &Value, policy: &Policy) -> Option<CurveOptions> {
        let mut o = r.object(v)?;
        let from = o.optional(r, "from", |r, v| read_instant(r, v, policy.timezone));
        let to = o.optional(r, "to", |r, v| read_instant(r, v, policy.timezone));
        let step = o
            .optional(r, "step", |r, v| {
                r.one_of(
                    v,
                    &[
                        ("hour", Step::Hour),
                        ("day", Step::Day),
                        ("week", Step::Week),
                        ("month", Step::Month),
                    ],
                )
            })
            .unwrap_or(Step::Day);
        o.finish(r);
        Some(CurveOptions { from, to, step })
    }
}

/// The refund over the cancellation date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Curve {
    /// ISO 4217 code of every amount.
    pub currency: &'static str,
    /// One point per step from `from` to `to`, both included.
    pub points: Vec<Point>,
    /// Where a rule changes the refund, in time order.
    pub breakpoints: Vec<Breakpoint>,
    /// The latest instant with the highest refund (net of anything owed) in the range.
    pub best: Best,
}

/// One point of a refund curve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point {
    /// RFC 3339 in the policy's zone, at the offset in force then.
    pub at: String,
    /// The refund for cancelling then, as `estimate()` computes it.
    pub refund: String,
    /// What leaving then costs on top (telecom-style policies); "0.00" otherwise.
    pub owed: String,
}

/// Where a rule changes the refund (the end of the cooling-off window, a fee tier, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakpoint {
    /// When the rule changes the refund (RFC 3339, in the policy's zone).
    pub at: String,
    /// `cooling_off_end`, `handling_tier`, `schedule_knee`, `multiplier_end`, `renewal_start`,
    /// `sla_claim_closed`, `refund_window_end`, `account_cap_release`, `account_cap_reached`
    /// or `delivery`.
    pub code: &'static str,
    /// What changes, in the request's locale.
    pub label: String,
    /// The refund one second before `at`.
    pub before: String,
    /// The refund one second after `at`.
    pub after: String,
    /// What is owed one second before `at` (telecom-style policies).
    pub owed_before: String,
    /// What is owed one second after `at`.
    pub owed_after: String,
}

/// The best moment to cancel in a curve's range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Best {
    /// The instant (RFC 3339, in the policy's zone).
    pub at: String,
    /// The refund then.
    pub refund: String,
    /// One sentence: when to cancel and what comes back.
    pub label: String,
}

/// A rule boundary: where, what, and the figures that describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Boundary {
    CoolingOffEnd {
        window: crate::policy::WindowLength,
        counting: crate::policy::Counting,
    },
    HandlingTier {
        from: Decimal,
        to: Decimal,
        year: u32,
    },
    ScheduleKnee {
        from: Decimal,
        to: Decimal,
        month: u32,
    },
    MultiplierEnd {
        days: u32,
        factor: Decimal,
    },
    /// The renewal's start; `kept_to_end`: from then on the plan keeps the payment to the
    /// end of the new term (`cancellation.serviceEnds: "end_of_term"`).
    RenewalStart {
        kept_to_end: bool,
    },
    /// A refund window closes: after it nothing comes back; `kept_to_end`: the service then
    /// runs to the end of the term.
    RefundWindowEnd {
        window: crate::policy::WindowLength,
        counting: crate::policy::Counting,
        kept_to_end: bool,
    },
    /// The service is delivered (`order.activatedAt`): the early-termination clause after
    /// delivery replaces the one before it.
    Delivery,
    /// An earlier refund of the account stops counting against its limit.
    AccountCapRelease {
        amount: Decimal,
        made: crate::calendar::Date,
        months: u32,
    },
    /// The refund crosses what is left of the account's limit: `within` when it fits from
    /// then on; `refuse` when a refund above it is refused (else trimmed).
    AccountCapReached {
        left: Decimal,
        within: bool,
        refuse: bool,
    },
    /// The day after the last day to claim the SLA credit for the request's fault.
    SlaClaimClosed {
        deadline: crate::calendar::Date,
    },
}

impl Boundary {
    fn code(&self) -> &'static str {
        match self {
            Boundary::CoolingOffEnd { .. } => "cooling_off_end",
            Boundary::HandlingTier { .. } => "handling_tier",
            Boundary::ScheduleKnee { .. } => "schedule_knee",
            Boundary::MultiplierEnd { .. } => "multiplier_end",
            Boundary::RenewalStart { .. } => "renewal_start",
            Boundary::SlaClaimClosed { .. } => "sla_claim_closed",
            Boundary::RefundWindowEnd { .. } => "refund_window_end",
            Boundary::AccountCapRelease { .. } => "account_cap_release",
            Boundary::Delivery => "delivery",
            Boundary::AccountCapReached { .. } => "account_cap_reached",
        }
    }
}

/// The instants where the order's rules change the refund, from the rules themselves.
fn boundaries(policy: &Policy, order: &Order, request: &Request) -> Vec<(Instant, Boundary)> {
    let tz = policy.timezone;
    let Some(plan) = policy.plans.get(order.plan) else {
        return Vec::new();
    };
    let rules = &plan.rules;
    let start = order.start;
    let mut out = Vec::new();
    if let Some(c) = rules.cooling_off.filter(|c| c.renewals || !order.renewal) {
        if let Some(t) = c.closes(c.opens(order).0, policy) {
            out.push((
                t,
                Boundary::CoolingOffEnd {
                    window: c.window,
                    counting: c.counting,
                },
            ));
        }
    }
    if let crate::policy::CancellationRefund::WithinWindow(w) = rules.cancellation.refund {
        if let Some(t) = w.closes(order, policy) {
            let kept_to_end =
                rules.cancellation.service_ends == crate::policy::ServiceEnds::EndOfTerm;
            out.push((
                t,
                Boundary::RefundWindowEnd {
                    window: w.length,
                    counting: w.counting,
                    kept_to_end,
                },
            ));
        }
    }
    if let (Some(handling), Some(months)) = (&rules.fees.handling, plan.term.months()) {
        if let Some(tier) = handling
            .tiers
            .iter()
            .rev()
            .find(|t| t.min_term_months <= months)
        {
            for (year, pair) in (1u32..).zip(tier.by_year.windows(2)) {
                if let ([a, b], Some(t)) = (pair, start.add_months(year.saturating_mul(12), tz)) {
                    if a != b {
                        out.push((
                            t,
                            Boundary::HandlingTier {
                                from: *a,
                                to: *b,
                                year: year.saturating_add(1),
                            },
                        ));
                    }
                }
            }
        }
    }
    if let Some(EarlyTermination::Schedule(steps)) =
        rules.fees.early_termination.as_ref().map(|f| &f.kind)
    {
        for pair in steps.windows(2) {
            if let [a, b] = pair {
                if let Some(t) = start.add_months(b.from_month.saturating_sub(1), tz) {
                    out.push((
                        t,
                        Boundary::ScheduleKnee {
                            from: a.percent,
                            to: b.percent,
                            month: b.from_month,
                        },
                    ));
                }
            }
        }
    }
    if let Some(m) = rules.consumed.multiplier {
        if let Some((days, t)) = m
            .within_days
            .and_then(|d| Some((d, start.add_days(d, tz)?)))
        {
            out.push((
                t,
                Boundary::MultiplierEnd {
                    days,
                    factor: m.factor,
                },
            ));
        }
    }
    let two_clauses = rules
        .fees
        .early_termination
        .as_ref()
        .is_some_and(|f| f.before_delivery.is_some());
    if let (true, Some(delivered)) = (two_clauses, order.activated_at) {
        out.push((delivered, Boundary::Delivery));
    }
    if let Some(cap) = rules.account_cap {
        for (t, made, amount) in order.refund_history.releases(cap.months, tz) {
            out.push((
                t,
                Boundary::AccountCapRelease {
                    amount,
                    made: made.date(tz),
                    months: cap.months,
                },
            ));
        }
    }
    if order.renewal {
        let kept_to_end = rules.cancellation.refund == crate::policy::CancellationRefund::None
            && rules.cancellation.service_ends == crate::policy::ServiceEnds::EndOfTerm;
        out.push((start, Boundary::RenewalStart { kept_to_end }));
    }
    // A claim made on the day of the cancellation is late from the midnight after the
    // window's last day (a fixed `submittedOn` or `slaClaimedOn` does not move with it).
    if let (Some(sla), Some(fault), Some(_), None, None) = (
        &rules.sla,
        request.fault_on,
        request.availability,
        request.submitted_on,
        request.sla_claimed_on,
    ) {
        let window = sla.claim_window;
        let deadline = window.and_then(|w| w.deadline(fault, &policy.timeline.calendar));
        let closed = deadline.and_then(|d| {
            let midnight = d.succ_opt()?.and_hms_opt(0, 0, 0)?;
            Some((d, Instant::from_local(midnight, tz)?))
        });
        if let Some((deadline, t)) = closed {
            out.push((t, Boundary::SlaClaimClosed { deadline }));
        }
    }
    // By time; at one instant, in the order the rules were listed above.
    let mut out: Vec<(usize, (Instant, Boundary))> = out.into_iter().enumerate().collect();
    crate::sort::sort_by(&mut out, |(i, (a, _)), (j, (b, _))| (a, i) < (b, j));
    out.into_iter().map(|(_, boundary)| boundary).collect()
}

/// A computed curve before its points become text: [`Sampled::to_json`] writes them
/// straight into the answer (the wasm build), [`Sampled::into_curve`] makes the public
/// [`Curve`].
pub(crate) struct Sampled {
    currency: &'static str,
    zone: Zone,
    minor: u32,
    /// `(instant, refund, owed)`, rounded.
    points: Vec<(Instant, Decimal, Decimal)>,
    breakpoints: Vec<Breakpoint>,
    best: Best,
}

pub(crate) fn curve(
    policy: &Policy,
    order: &Order,
    others: &[Order],
    request: &Request,
    options: &CurveOptions,
) -> Result<Sampled, Error> {
    let tz = policy.timezone;
    let minor = policy.minor_unit();
    // Orders settled together must have started (or be renewals paid ahead) at every point,
    // as estimate() requires: by default the curve starts when the last of them does.
    let all_started = others
        .iter()
        .filter(|o| !o.renewal)
        .map(|o| o.start)
        .fold(order.start, |a, b| if b > a { b } else { a });
    let from = options.from.unwrap_or(all_started);
    let to = options.to.unwrap_or(order.end);
    let option_error = |path: &str, code, message: &str| Error::new(code, path, message);
    if to < from {
        return Err(option_error(
            "options.to",
            ErrorCode::OutOfRange,
            "the curve must end after it starts",
        ));
    }
    if !order.started_by(from) {
        return Err(option_error(
            "options.from",
            ErrorCode::CancelBeforeStart,
            "the curve starts before the order does; for a renewal paid ahead, set \"order.renewal\": true",
        ));
    }
    if let Some(i) = others.iter().position(|o| !o.started_by(from)) {
        return Err(option_error(
            "options.from",
            ErrorCode::CancelBeforeStart,
            &format!("the curve starts before the order settled with it (settleWith[{i}]) does; for a renewal paid ahead, set \"renewal\": true on it"),
        ));
    }
    // (refund, owed) at an instant, through the same stages and rounding as estimate().
    // One request, moved from instant to instant: nothing is re-read or re-validated.
    let base = Ctx::new(policy, order, request)?.with_others(others);
    let mut req = request.clone();
    let mut draft = Draft::default();
    let mut refund_at = |at: Instant| -> Result<(Decimal, Decimal), Error> {
        req.at = at;
        refund_only(&base.at(&req), &mut draft)
    };

    // Every point prices every meter, schedule step and list rate of the plan: the points
    // are limited by both.
    // Orders settled together are each priced at every point.
    let items = std::iter::once(order)
        .chain(others)
        .map(|o| policy.plans.get(o.plan).map_or(1, |p| p.items_per_point()))
        .fold(0usize, usize::saturating_add);
    let max_points = MAX_POINTS.min(
        crate::policy::MAX_CURVE_WORK
            .checked_div(items)
            .unwrap_or(MAX_POINTS),
    );
    let mut instants = Vec::new();
    let mut k: u32 = 0;
    loop {
        let t = match options.step {
            Step::Hour => from.add_seconds(i64::from(k).saturating_mul(3600)),
            Step::Day => from.add_days(k, tz),
            Step::Week => from.add_days(k.saturating_mul(7), tz),
            Step::Month => from.add_months(k, tz),
        };
        match t {
            Some(t) if t <= to => instants.push(t),
            _ => break,
        }
        if instants.len() > max_points {
            return Err(option_error(
                "options.step",
                ErrorCode::OutOfRange,
                &too_many_points(max_points, items),
            ));
        }
        k = k.saturating_add(1);
    }
    let mut points = Vec::with_capacity(instants.len());
    // The best moment nets what is owed: leaving with 0 back and 500 owed is worse than
    // leaving with 0 back and nothing owed.
    let mut best: Option<(Instant, Decimal, Decimal)> = None;
    let mut owed_somewhere = false;
    let mut consider = |t: Instant, (refund, owed): (Decimal, Decimal)| -> Result<(), Error> {
        owed_somewhere |= !owed.is_zero();
        let net = money::sub(refund, owed)?;
        if best.map_or(true, |(bt, bn, _)| net > bn || (net == bn && t > bt)) {
            best = Some((t, net, refund));
        }
        Ok(())
    };
    for t in instants {
        let (refund, owed) = refund_at(t)?;
        consider(t, (refund, owed))?;
        points.push((t, refund, owed));
    }

    let fmt = Fmt {
        locale: request.locale,
        currency: policy.currency,
        rounding: policy.rounding,
    };
    let mut breakpoints = Vec::new();
    // Every order's rules have their break points (a renewal paid ahead: its start).
    let mut found = boundaries(policy, order, request);
    for other in others {
        found.extend(boundaries(policy, other, request));
    }
    found.extend(cap_crossings(policy, order, others, request, &points)?);
    crate::sort::sort_by(&mut found, |(a, _), (b, _)| a < b);
    for (t, boundary) in found {
        if t < from || t > to {
            continue;
        }
        let (Some(just_before), Some(just_after)) = (t.add_seconds(-1), t.add_seconds(1)) else {
            continue;
        };
        let before = if just_before >= from {
            refund_at(just_before)?
        } else {
            refund_at(t)?
        };
        let after = refund_at(just_after)?;
        // The last second on the better side is a candidate for the best moment.
        consider(t, refund_at(t)?)?;
        if just_before >= from {
            consider(just_before, before)?;
        }
        if before == after {
            continue;
        }
        breakpoints.push(Breakpoint {
            at: t.rfc3339(tz),
            code: boundary.code(),
            label: fmt.boundary(&boundary),
            before: money::wire(before.0, minor),
            after: money::wire(after.0, minor),
            owed_before: money::wire(before.1, minor),
            owed_after: money::wire(after.1, minor),
        });
    }
    let (best_at, best_net, best_refund) = best.unwrap_or((from, Decimal::ZERO, Decimal::ZERO));
    let best_owed = money::sub(best_refund, best_net)?;
    // A best moment where the refund has just risen (a limit that no longer refuses, a fee
    // tier that drops) is no deadline: cancelling a second earlier gives less.
    let rises = match best_at.add_seconds(-1).filter(|t| *t >= from) {
        Some(earlier) if !best_refund.is_zero() => {
            let (refund, owed) = refund_at(earlier)?;
            money::sub(refund, owed)? < best_net
        }
        _ => false,
    };
    // Nothing back, and leaving a second later costs more (a fee clause that starts): the
    // best moment is a deadline, "before", not "at".
    let costs_more_after = match best_at.add_seconds(1) {
        Some(later) if best_refund.is_zero() && !best_owed.is_zero() => {
            let (refund, owed) = refund_at(later)?;
            money::sub(refund, owed)? < best_net
        }
        _ => false,
    };
    Ok(Sampled {
        currency: policy.currency.code(),
        zone: tz,
        minor,
        points,
        breakpoints,
        best: Best {
            at: best_at.rfc3339(tz),
            refund: money::wire(best_refund, minor),
            label: if rises {
                fmt.best_from(best_at.local(tz), best_refund)
            } else if costs_more_after {
                fmt.least_cost_before(best_at.local(tz), best_at == order.start, best_owed)
            } else {
                // The purchase instant itself: no day before it belonged to the order.
                let first = best_at == order.start;
                fmt.best(
                    best_at.local(tz),
                    first,
                    best_refund,
                    best_owed,
                    owed_somewhere,
                )
            },
        },
    })
}

/// Where the refund crosses what is left of the account's limit (`rules.accountCap`): found
/// from the rule's own state, whether it trims or refuses the refund, at each point, then to
/// the second by bisection between two points that disagree. (The limit's releases are
/// found from the history, in [`boundaries`].)
fn cap_crossings(
    policy: &Policy,
    order: &Order,
    others: &[Order],
    request: &Request,
    points: &[(Instant, Decimal, Decimal)],
) -> Result<Vec<(Instant, Boundary)>, Error> {
    let Some(cap) = policy
        .plans
        .get(order.plan)
        .and_then(|p| p.rules.account_cap)
    else {
        return Ok(Vec::new());
    };
    let base = Ctx::new(policy, order, request)?.with_others(others);
    let mut req = request.clone();
    let mut draft = Draft::default();
    let mut capped = |at: Instant| -> Result<bool, Error> {
        req.at = at;
        refund_only(&base.at(&req), &mut draft)?;
        Ok(draft
            .lines
            .iter()
            .any(|l| l.code == crate::i18n::LineCode::AccountCap))
    };
    // A release that frees room is its own break point; the crossing it causes is not.
    let releases: Vec<Instant> = order
        .refund_history
        .releases(cap.months, policy.timezone)
        .map(|(t, _, _)| t)
        .collect();
    let mut out = Vec::new();
    let mut previous: Option<(Instant, bool)> = None;
    for (t, _, _) in points {
        let now = capped(*t)?;
        if let Some((before, was)) = previous.filter(|(_, was)| *was != now) {
            // A release between the two points that already brings the new state is the
            // change: no bisection (a history has up to 1,000 of them).
            let mut released = false;
            for r in releases.iter().filter(|r| **r > before && **r <= *t) {
                if capped(*r)? == now {
                    released = true;
                    break;
                }
            }
            if released {
                previous = Some((*t, now));
                continue;
            }
            // The first second whose state is the new one.
            let (mut lo, mut hi) = (before, *t);
            while hi.seconds_since(lo) > 1 {
                let mid = lo
                    .add_seconds(hi.seconds_since(lo) / 2)
                    .ok_or_else(|| Error::overflow("options.step"))?;
                if capped(mid)? == was {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let left = order
                .refund_history
                .used(hi, cap.months, policy.timezone)
                .map_or(Decimal::ZERO, |used| {
                    cap.amount
                        .checked_sub(used)
                        .unwrap_or_default()
                        .max(Decimal::ZERO)
                });
            if releases.contains(&hi) {
                previous = Some((*t, now));
                continue;
            }
            out.push((
                hi,
                Boundary::AccountCapReached {
                    left,
                    within: !now,
                    refuse: cap.over == crate::policy::CapOver::Refuse,
                },
            ));
        }
        previous = Some((*t, now));
    }
    Ok(out)
}

/// How long the customer stays before leaving.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stay {
    Months(u32),
    Days(u32),
}

pub(crate) struct CompareInput {
    pub start: Instant,
    /// The account's earlier refunds, for plans that limit them (`accountCap`).
    pub refund_history: crate::order::RefundHistory,
    pub payment_method: PaymentMethod,
    pub reason: Reason,
    pub locale: Locale,
    pub unknown_locale: Option<String>,
}

pub(crate) struct CompareOptions {
    pub after: Stay,
    /// Plan indexes, in the order given; all plans when absent.
    pub plans: Option<Vec<usize>>,
}

impl CompareInput {
    /// `{policy?, start, paymentMethod?, reason?, locale?}` with the policy already read.
    pub(crate) fn read(
        r: &mut Reader,
        o: &mut crate::read::Obj<'_>,
        policy: &Policy,
    ) -> Option<CompareInput> {
        let start = o.required(r, "start", |r, v| read_instant(r, v, policy.timezone));
        let payment_method = o
            .optional(r, "paymentMethod", |r, v| {
                r.one_of(v, &PaymentMethod::NAMES)
            })
            .unwrap_or(PaymentMethod::Card);
        let reason = o
            .optional(r, "reason", |r, v| r.one_of(v, &Reason::NAMES))
            .unwrap_or(Reason::Other);
        let refund_history = o
            .optional(r, "refundHistory", |r, v| {
                let history = crate::order::read_refund_history(r, v, policy)?;
                if !history.is_empty() && policy.plans.iter().all(|p| p.rules.account_cap.is_none())
                {
                    r.report(
                        ErrorCode::IncompleteRule,
                        "no plan of the policy limits an account's refunds (\"accountCap\"): the refund history is not used",
                    );
                }
                Some(history)
            })
            .unwrap_or_default();
        let tag = o.optional(r, "locale", Reader::string);
        let (locale, unknown_locale) = match tag {
            None => (Locale::En, None),
            Some(t) => Locale::parse(&t).map_or((Locale::En, Some(t)), |l| (l, None)),
        };
        Some(CompareInput {
            start: start?,
            refund_history,
            payment_method,
            reason,
            locale,
            unknown_locale,
        })
    }
}

impl CompareOptions {
    pub(crate) fn read(r: &mut Reader, v: &Value, policy: &Policy) -> Option<CompareOptions> {
        let mut o = r.object(v)?;
        let after = o.required(r, "after", |r, v| {
            let mut a = r.object(v)?;
            let months = a.optional(r, "months", |r, v| r.count_in(v, 1, 1200));
            let days = a.optional(r, "days", |r, v| r.count_in(v, 1, 36_600));
            // Which were given, not which were valid: a bad value has its own error.
            let exactly_one = a.has("months") != a.has("days");
            a.finish(r);
            if !exactly_one {
                r.report(
                    ErrorCode::InvalidType,
                    "expected exactly one of \"months\" or \"days\"",
                );
                return None;
            }
            match (months, days) {
                (Some(m), _) => Some(Stay::Months(m)),
                (_, Some(d)) => Some(Stay::Days(d)),
                _ => None,
            }
        });
        let plans = o.optional(r, "plans", |r, v| {
            r.array(v, |r, v| {
                let id = r.string(v)?;
                let index = policy.plans.iter().position(|p| p.id == id);
                if index.is_none() {
                    r.report(
                        ErrorCode::UnknownPlan,
                        format!("the policy has no plan \"{}\"", crate::read::shorten(&id)),
                    );
                }
                index
            })
        });
        o.finish(r);
        Some(CompareOptions {
            after: after?,
            plans,
        })
    }
}

/// What each plan costs someone who leaves after a given stay, cheapest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// ISO 4217 code of every amount.
    pub currency: &'static str,
    /// How long the customer stays, as text ("4 months").
    pub after: String,
    /// Cheapest first; ties keep the policy's plan order.
    pub rows: Vec<ComparisonRow>,
}

/// One plan of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComparisonRow {
    /// The plan's id.
    pub plan: String,
    /// The plan's name in the request's locale.
    pub name: String,
    /// Terms paid to stay that long (a monthly plan kept 4 months is 4 terms).
    pub terms: u32,
    /// The first payment: one term (one bill, for monthly billing) and the setup fee.
    pub paid_up_front: String,
    /// Everything paid over the stay.
    pub total_paid: String,
    /// What cancelling at the end of the stay gives back, as `estimate()` computes it.
    pub refund: String,
    /// What leaving then costs on top (telecom-style termination fees).
    pub owed: String,
    /// What the stay costs: `total_paid` − `refund` + `owed`.
    pub net_cost: String,
    /// The net cost per month of the stay.
    pub net_cost_per_month: String,
    /// One sentence about the row, in the request's locale.
    pub label: String,
}

/// The average month, for stays given in days: 365.25 / 12.
const DAYS_PER_MONTH: Decimal = Decimal::from_parts(304_375, 0, 0, false, 4);

pub(crate) fn compare(
    policy: &Policy,
    input: &CompareInput,
    options: &CompareOptions,
) -> Result<Comparison, Error> {
    let tz = policy.timezone;
    let minor = policy.minor_unit();
    let mode = policy.rounding;
    let overflow = || Error::overflow("options.after");
    let leave = match options.after {
        Stay::Months(m) => input.start.add_months(m, tz),
        Stay::Days(d) => input.start.add_days(d, tz),
    }
    .ok_or_else(overflow)?;
    let months = match options.after {
        Stay::Months(m) => Decimal::from(m),
        Stay::Days(d) => money::div(Decimal::from(d), DAYS_PER_MONTH)?,
    };
    // Prepaid and monthly-billed plans, listed or not: a postpaid plan costs what is used,
    // whatever the stay, so it has no row.
    let indexes: Vec<usize> = options
        .plans
        .clone()
        .unwrap_or_else(|| (0..policy.plans.len()).collect())
        .into_iter()
        .filter(|&i| {
            policy
                .plans
                .get(i)
                .is_some_and(|p| p.billing != crate::policy::Billing::Postpaid)
        })
        .collect();
    let fmt = Fmt {
        locale: input.locale,
        currency: policy.currency,
        rounding: mode,
    };
    let mut rows: Vec<(Decimal, usize, ComparisonRow)> = Vec::with_capacity(indexes.len());
    for index in indexes {
        let Some(plan) = policy.plans.get(index) else {
            continue;
        };
        let probe = Request {
            at: leave,
            reason: input.reason,
            availability: None,
            submitted_on: None,
            fault_on: None,
            sla_claimed_on: None,
            locale: input.locale,
            unknown_locale: input.unknown_locale.clone(),
        };
        let gross = |price| policy.gross(price);
        let price = money::round(gross(plan.price)?, minor, mode);
        let setup = money::round(gross(plan.setup_fee)?, minor, mode);
        // Renew until the term in progress at the moment of leaving; cancel that one. The
        // count is arithmetic, not a walk: any number of renewals, none silently dropped.
        let terms = terms_until(input.start, plan, leave, tz).ok_or_else(overflow)?;
        let term_start =
            nth_term_start(input.start, plan, terms.saturating_sub(1), tz).ok_or_else(overflow)?;
        let end = nth_term_start(input.start, plan, terms, tz).ok_or_else(overflow)?;
        let first = terms == 1;
        let earlier_terms = money::mul(price, Decimal::from(terms.saturating_sub(1)))?;
        // What the last term costs until leaving, and what its order has paid: the whole
        // term up front, or (monthly billing) one bill per month started, the current one
        // being the order's payment.
        let (last_term_paid, order_paid, bill, single_payment) =
            match (plan.billing, plan.monthly_fee()) {
                (crate::policy::Billing::Monthly, Some(monthly)) => {
                    let bill = money::round(gross(monthly)?, minor, mode);
                    // The month in progress is billed at its first instant: whole months
                    // elapsed plus the current one, as the engine's monthly billing counts.
                    let elapsed = crate::calendar::Measure::exact(crate::calendar::Unit::Month)
                        .between(term_start, leave, tz)
                        .ok_or_else(overflow)?
                        .floor();
                    let term_months = Decimal::from(plan.term.months().unwrap_or(1));
                    let started = money::add(elapsed, Decimal::ONE)?.min(term_months);
                    (
                        money::mul(bill, started)?,
                        bill,
                        bill,
                        started == Decimal::ONE,
                    )
                }
                _ => (price, price, price, true),
            };
        // The setup fee belongs to the order's payment only if that is the very first one.
        let setup_now = first && single_payment;
        let order = Order {
            plan: index,
            start: term_start,
            end,
            paid: Paid {
                cash: if setup_now {
                    money::add(order_paid, setup)?
                } else {
                    order_paid
                },
                credit: Decimal::ZERO,
                voucher: Decimal::ZERO,
            },
            setup_fee: if setup_now { setup } else { Decimal::ZERO },
            usage: Vec::new(),
            outstanding: Decimal::ZERO,
            payment_method: input.payment_method,
            promotion: false,
            invoiced: false,
            fees_waived: crate::order::FeeSet::EMPTY,
            payment_method_valid: true,
            trial: false,
            frozen: false,
            pending_transaction: false,
            cooling_off_used: 0,
            renewal: !first,
            activated: true,
            activated_at: None,
            current_price: None,
            refund_history: input.refund_history.clone(),
        };
        let (refund, owed) =
            refund_only(&Ctx::new(policy, &order, &probe)?, &mut Draft::default())?;
        let total = money::add(money::add(earlier_terms, last_term_paid)?, setup)?;
        // Leaving costs what was paid, less what comes back, plus what is owed on top.
        let net = money::add(money::sub(total, refund)?, owed)?;
        let per_month = money::round(money::div(net, months)?, minor, mode);
        let paid_up_front = money::add(bill, setup)?;
        let name = plan.name.get(input.locale).to_owned();
        let label = fmt.comparison_row(&name, paid_up_front, terms, refund, net, per_month);
        rows.push((
            net,
            rows.len(),
            ComparisonRow {
                plan: plan.id.clone(),
                name,
                terms,
                paid_up_front: money::wire(paid_up_front, minor),
                total_paid: money::wire(total, minor),
                refund: money::wire(refund, minor),
                owed: money::wire(owed, minor),
                net_cost: money::wire(net, minor),
                net_cost_per_month: money::wire(per_month, minor),
                label,
            },
        ));
    }
    // Cheapest first; equal costs in plan order.
    crate::sort::sort_by(&mut rows, |a, b| (a.0, a.1) < (b.0, b.1));
    let after = match options.after {
        Stay::Months(m) => fmt.units(Decimal::from(m), crate::calendar::Unit::Month),
        Stay::Days(d) => fmt.units(Decimal::from(d), crate::calendar::Unit::Day),
    };
    Ok(Comparison {
        currency: policy.currency.code(),
        after,
        rows: rows.into_iter().map(|(_, _, r)| r).collect(),
    })
}

/// The start of term `k` of a plan bought at `start` (term 0 starts at `start`). Renewals
/// keep the purchase as their anchor: months from the purchase day (bought on 31 Jan, the
/// terms start on 28 Feb, 31 Mar, 30 Apr, …), calendar days, hours.
fn nth_term_start(start: Instant, plan: &crate::policy::Plan, k: u32, tz: Zone) -> Option<Instant> {
    use crate::policy::Term;
    match plan.term {
        Term::Months(m) => start.add_months(m.checked_mul(k)?, tz),
        Term::Days(d) => start.add_days(d.checked_mul(k)?, tz),
        Term::Hours(h) => {
            start.add_seconds(i64::from(h).checked_mul(3600)?.checked_mul(i64::from(k))?)
        }
    }
}

/// How many terms a customer who bought at `start` and leaves at `leave` pays: the
/// smallest n ≥ 1 whose n-th term ends at or after `leave`. A first guess from the time
/// elapsed (whole months, calendar days or hours), then at most a step or two each way.
fn terms_until(
    start: Instant,
    plan: &crate::policy::Plan,
    leave: Instant,
    tz: Zone,
) -> Option<u32> {
    use crate::calendar::{Measure, Unit};
    use crate::policy::Term;
    let (elapsed, per) = match plan.term {
        Term::Months(m) => (crate::calendar::whole_months(start, leave, tz)?.0, m),
        Term::Days(d) => {
            let days = Measure::exact(Unit::Day).between(start, leave, tz)?.floor();
            (money::whole(days), d)
        }
        Term::Hours(h) => {
            let hours = leave.seconds_since(start).max(0) / 3600;
            (u32::try_from(hours).ok()?, h)
        }
    };
    let mut n = elapsed.checked_div(per).unwrap_or(0).max(1);
    while nth_term_start(start, plan, n, tz)? < leave {
        n = n.checked_add(1)?;
    }
    while n > 1 && nth_term_start(start, plan, n.saturating_sub(1), tz)? >= leave {
        n = n.saturating_sub(1);
    }
    Some(n)
}

/// How [`Sampled::to_json`] writes the points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PointsAs {
    /// `[{"at":…,"refund":…,"owed":…},…]`: the public shape.
    Objects,
    /// One string, `at,refund,owed` per point, `;` between points, which the JS wrapper
    /// (www/slim.js) expands into objects. For 1,097 points that is about 0.1 ms in Node
    /// against 0.29 ms for `JSON.parse` of the objects, and 43 KB of text instead of 75 KB.
    /// None of the three fields can contain `,` or `;`.
    // Written by the wasm build only; natively, a unit test expands it.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    Packed,
}

impl Sampled {
    /// Compact JSON. With [`PointsAs::Objects`], the bytes of
    /// `into_curve().to_value().to_json()` (tests/whatif.rs holds them equal), with the
    /// points written straight from their numbers: a 3-year daily curve has 1,097 points,
    /// and a `String` for each field and a `Value` for each point were a third of the call
    /// in wasm.
    pub(crate) fn to_json(&self, points_as: PointsAs) -> String {
        let mut out = Json::text(self.points.len().saturating_mul(80).saturating_add(2048));
        self.write(&mut out, points_as);
        out.into_text()
    }

    /// The curve as a tape (src/write.rs) in `buffer`, its points packed.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn tape(&self, buffer: &mut crate::write::TapeBuffer) {
        let mut out = Json::tape(buffer);
        self.write(&mut out, PointsAs::Packed);
        out.finish_tape(buffer);
    }

    fn write(&self, out: &mut Json, points_as: PointsAs) {
        let mut o = JsonObject::start(out);
        o.str("currency", self.currency);
        let out = o.key("points");
        match points_as {
            PointsAs::Objects => {
                out.begin_array();
                for point in &self.points {
                    let mut p = JsonObject::start(out);
                    let (at, refund, owed) = point;
                    p.key("at")
                        .plain_string(|text| at.push_rfc3339(text, self.zone));
                    p.key("refund")
                        .plain_string(|text| money::push_wire(text, *refund, self.minor));
                    p.key("owed")
                        .plain_string(|text| money::push_wire(text, *owed, self.minor));
                    p.end();
                }
                out.end_array();
            }
            PointsAs::Packed => out.plain_string(|text| {
                text.reserve(self.points.len().saturating_mul(40));
                for (i, (at, refund, owed)) in self.points.iter().enumerate() {
                    if i > 0 {
                        text.push(';');
                    }
                    at.push_rfc3339(text, self.zone);
                    text.push(',');
                    money::push_wire(text, *refund, self.minor);
                    text.push(',');
                    money::push_wire(text, *owed, self.minor);
                }
            }),
        }
        write_list(o.key("breakpoints"), &self.breakpoints);
        self.best.write_json(o.key("best"));
        o.end();
    }

    pub(crate) fn into_curve(self) -> Curve {
        let (zone, minor) = (self.zone, self.minor);
        Curve {
            currency: self.currency,
            points: self
                .points
                .into_iter()
                .map(|(at, refund, owed)| Point {
                    at: at.rfc3339(zone),
                    refund: money::wire(refund, minor),
                    owed: money::wire(owed, minor),
                })
                .collect(),
            breakpoints: self.breakpoints,
            best: self.best,
        }
    }
}

impl Curve {
    /// The curve as compact JSON, as the npm package returns it.
    pub fn to_json(&self) -> String {
        json_text(
            self,
            self.points.len().saturating_mul(80).saturating_add(2048),
        )
    }
}

impl Comparison {
    /// The comparison as compact JSON, as the npm package returns it.
    pub fn to_json(&self) -> String {
        json_text(self, self.rows.len().saturating_mul(400).saturating_add(64))
    }
}

// The field names of the public contract, written straight into the JSON text, as for
// `Estimate`; `ToValue` parses this text.

impl WriteJson for Curve {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("currency", self.currency);
        write_list(o.key("points"), &self.points);
        write_list(o.key("breakpoints"), &self.breakpoints);
        self.best.write_json(o.key("best"));
        o.end();
    }
}

impl WriteJson for Point {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("at", &self.at)
            .str("refund", &self.refund)
            .str("owed", &self.owed);
        o.end();
    }
}

impl WriteJson for Breakpoint {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("at", &self.at)
            .str("code", self.code)
            .str("label", &self.label)
            .str("before", &self.before)
            .str("after", &self.after)
            .str("owedBefore", &self.owed_before)
            .str("owedAfter", &self.owed_after);
        o.end();
    }
}

impl WriteJson for Best {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("at", &self.at)
            .str("refund", &self.refund)
            .str("label", &self.label);
        o.end();
    }
}

impl WriteJson for Comparison {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("currency", self.currency).str("after", &self.after);
        write_list(o.key("rows"), &self.rows);
        o.end();
    }
}

impl WriteJson for ComparisonRow {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("plan", &self.plan).str("name", &self.name);
        o.key("terms").number(self.terms);
        o.str("paidUpFront", &self.paid_up_front)
            .str("totalPaid", &self.total_paid)
            .str("refund", &self.refund)
            .str("owed", &self.owed)
            .str("netCost", &self.net_cost)
            .str("netCostPerMonth", &self.net_cost_per_month)
            .str("label", &self.label);
        o.end();
    }
}

to_value_from_json!(Curve, Point, Breakpoint, Best, Comparison, ComparisonRow);

/// `YYYY-MM-DD` of an instant, for tests.
#[cfg(test)]
fn day(t: Instant, policy: &Policy) -> String {
    format_date(t.date(policy.timezone))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::arithmetic_side_effects)]
    use super::*;
    use crate::order::term_end;

    #[test]
    fn boundaries_come_from_the_rules() {
        let policy = Policy::bundled().unwrap();
        let plan = policy
            .plans
            .iter()
            .position(|p| p.id == "annual-100m")
            .unwrap();
        let start = Instant::parse("2026-01-15T10:30:00+08:00", policy.timezone).unwrap();
        let order = Order {
            plan,
            start,
            end: term_end(start, &policy.plans[plan], &policy).unwrap(),
            paid: Paid {
                cash: Decimal::from(70160),
                credit: Decimal::ZERO,
                voucher: Decimal::ZERO,
            },
            setup_fee: Decimal::from(800),
            usage: Vec::new(),
            outstanding: Decimal::ZERO,
            payment_method: PaymentMethod::Card,
            promotion: false,
            invoiced: false,
            fees_waived: crate::order::FeeSet::EMPTY,
            payment_method_valid: true,
            trial: false,
            frozen: false,
            pending_transaction: false,
            cooling_off_used: 0,
            renewal: false,
            activated: true,
            activated_at: None,
            current_price: None,
            refund_history: crate::order::RefundHistory::default(),
        };
        let request = Request {
            at: start,
            reason: crate::request::Reason::ProviderFault,
            availability: None,
            submitted_on: None,
            fault_on: None,
            sla_claimed_on: None,
            locale: crate::i18n::Locale::En,
            unknown_locale: None,
        };
        let found = boundaries(&policy, &order, &request);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].0.rfc3339(policy.timezone),
            "2026-01-20T10:30:00+08:00"
        );
        assert_eq!(day(found[0].0, &policy), "2026-01-20");
    }

    /// Renewals are counted, not walked, and keep the purchase day as their anchor: a
    /// monthly plan bought on 31 Jan renews on 28 Feb and 31 Mar (not 28 Mar).
    #[test]
    fn renewals_keep_the_purchase_day() {
        let policy = Policy::bundled().unwrap();
        let plan = policy.plan("monthly-100m").unwrap();
        let tz = policy.timezone;
        let at = |s: &str| Instant::parse(s, tz).unwrap();
        let start = at("2026-01-31T10:00:00+08:00");
        let third = nth_term_start(start, plan, 2, tz).unwrap();
        assert_eq!(third.rfc3339(tz), "2026-03-31T10:00:00+08:00");
        assert_eq!(
            terms_until(start, plan, at("2026-03-31T10:00:00+08:00"), tz),
            Some(2)
        );
        assert_eq!(
            terms_until(start, plan, at("2026-03-31T10:00:01+08:00"), tz),
            Some(3)
        );
        assert_eq!(terms_until(start, plan, start, tz), Some(1));
        // Five years of a daily plan: 1,826 terms, not the 1,200 the old walk stopped at.
        let daily = crate::policy::Plan {
            term: crate::policy::Term::Days(1),
            ..plan.clone()
        };
        let start = at("2026-01-01T00:00:00+08:00");
        assert_eq!(
            terms_until(start, &daily, start.add_months(60, tz).unwrap(), tz),
            Some(1826)
        );
    }

    /// The packed points (what the wasm build hands to www/slim.js) expand, the way slim.js
    /// expands them, into the very points of the public shape.
    #[test]
    fn packed_points_expand_to_the_points() {
        let input = Value::parse(
            r#"{"order": {"plan": "monthly-50m", "start": "2026-01-31T23:30:00+08:00",
                          "paid": {"cash": "7000.00"}},
                "request": {"at": "2026-02-03T12:00:00+08:00", "reason": "business_change"}}"#,
        )
        .unwrap();
        for step in ["hour", "day", "week"] {
            let options = Value::parse(&format!(r#"{{"step": "{step}"}}"#)).unwrap();
            let sampled = crate::sample_curve(&input, crate::PolicyArg::InInput, &options).unwrap();
            let objects = Value::parse(&sampled.to_json(PointsAs::Objects)).unwrap();
            let packed = Value::parse(&sampled.to_json(PointsAs::Packed)).unwrap();
            let Value::String(text) = packed.get("points").unwrap() else {
                panic!("points are not packed in a string")
            };
            let expanded: Vec<Value> = text
                .split(';')
                .map(|row| {
                    let [at, refund, owed] =
                        <[&str; 3]>::try_from(row.split(',').collect::<Vec<_>>()).unwrap();
                    Value::object([
                        ("at", Value::String(at.to_owned())),
                        ("refund", Value::String(refund.to_owned())),
                        ("owed", Value::String(owed.to_owned())),
                    ])
                })
                .collect();
            assert!(expanded.len() >= 5, "{step}: {} points", expanded.len());
            assert_eq!(
                Some(&Value::Array(expanded)),
                objects.get("points"),
                "{step}"
            );
            for key in ["currency", "breakpoints", "best"] {
                assert_eq!(packed.get(key), objects.get(key), "{step}: {key}");
            }
        }
    }
}
