//! A policy validated once, and orders validated once against it.
//!
//! [`Estimator`] holds a validated policy: every estimate, curve and comparison it makes
//! skips reading the policy, which was most of an estimate's cost for a host that passes
//! its own policy. [`PreparedOrder`] holds an order and its request, validated against
//! that policy: [`PreparedOrder::at`] re-estimates it at another instant, without reading
//! anything again and without rendering a word.
//!
//! The free functions of the crate ([`estimate`](crate::estimate), …) go through the same
//! reader here, so an input gives the same answer, or the same errors in the same order,
//! whichever way it comes.

use crate::calendar;
use crate::error::{Error, ErrorCode};
use crate::estimate::Estimate;
use crate::figures::Figures;
use crate::order::Order;
use crate::policy::{self, Policy};
use crate::read::{Obj, Reader};
use crate::request::{read_instant, Request};
use crate::value::Value;
use crate::whatif::{self, Comparison, Curve};
use crate::{stages, DEFAULT_POLICY_JSON};
use std::sync::{Arc, OnceLock};

/// A validated policy, ready to estimate any number of orders.
///
/// ```
/// use refund_estimator::{Estimator, Value};
///
/// let estimator = Estimator::bundled()?; // or Estimator::from_value(&policy)?
/// let input = Value::parse(r#"{
///   "order": { "plan": "annual-100m", "start": "2026-01-15T10:30:00+08:00",
///              "paid": { "cash": "70160.00" }, "setupFee": "800.00" },
///   "request": { "at": "2026-05-20T18:40:00+08:00", "reason": "business_change" }
/// }"#)?;
/// assert_eq!(estimator.estimate(&input)?.refund, "43145.72");
///
/// // The same order, validated once, at other instants: the figures without the words.
/// let order = estimator.prepare(&input)?;
/// assert_eq!(order.at("2026-05-20T18:40:00+08:00")?.refund, "43145.72");
/// assert_eq!(order.at("2026-01-20")?.outcome.as_str(), "full");
/// # Ok::<(), refund_estimator::Error>(())
/// ```
///
/// Its inputs are `{order, request}`, with `settleWith` where the policy settles orders
/// together (`{start, …}` for [`compare_plans`](Self::compare_plans)):
/// a `policy` member is refused (`unknown_field`), since the estimator has its own.
/// Cloning an estimator shares its policy.
#[derive(Clone, Debug)]
pub struct Estimator {
    policy: Arc<Policy>,
}

impl Estimator {
    /// An estimator for a policy already validated.
    pub fn new(policy: Policy) -> Estimator {
        Estimator {
            policy: Arc::new(policy),
        }
    }

    /// Validates `policy` (JSON-shaped, as [`validate_policy`](crate::validate_policy)
    /// takes it); `Err` lists every problem with its path.
    pub fn from_value(policy: &Value) -> Result<Estimator, Error> {
        Policy::from_value(policy).map(Estimator::new)
    }

    /// The bundled default policy's estimator (the policy is read once per process and
    /// shared by every such estimator).
    pub fn bundled() -> Result<Estimator, Error> {
        Ok(Estimator {
            policy: bundled_policy()?,
        })
    }

    /// The estimator's policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// [`estimate`](crate::estimate) of `{order, request}` under this policy.
    pub fn estimate(&self, input: &Value) -> Result<Estimate, Error> {
        estimate_with(input, PolicyArg::Fixed(&self.policy))
    }

    /// [`refund_curve`](crate::refund_curve) of `{order, request}` under this policy.
    pub fn refund_curve(&self, input: &Value, options: &Value) -> Result<Curve, Error> {
        sample_curve(input, PolicyArg::Fixed(&self.policy), options)
            .map(whatif::Sampled::into_curve)
    }

    /// The curve before its points become text (the wasm layer writes them packed).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn sample_curve(
        &self,
        input: &Value,
        options: &Value,
    ) -> Result<whatif::Sampled, Error> {
        sample_curve(input, PolicyArg::Fixed(&self.policy), options)
    }

    /// [`compare_plans`](crate::compare_plans) of `{start, paymentMethod?, reason?,
    /// locale?}` under this policy.
    pub fn compare_plans(&self, input: &Value, options: &Value) -> Result<Comparison, Error> {
        compare_plans_with(input, PolicyArg::Fixed(&self.policy), options)
    }

    /// Validates `{order, request}` once, for estimates at other instants
    /// ([`PreparedOrder::at`], [`PreparedOrder::estimate_at`]). The errors are those
    /// [`estimate`](Self::estimate) gives for the input.
    pub fn prepare(&self, input: &Value) -> Result<PreparedOrder, Error> {
        PreparedOrder::read(input, PolicyArg::Fixed(&self.policy))
    }
}

/// An order and its request, validated against a policy: what an estimate reads, ready to
/// estimate again at other cancellation instants.
///
/// [`at`](Self::at) gives the figures alone (refund, owed, outcome, the lines' codes and
/// amounts) through the same stages and rounding as an estimate, without rendering its
/// texts: what a page needs while the customer drags a slider or types a date. Every
/// figure equals that of [`estimate`](crate::estimate) for the input with `request.at`
/// set to that instant.
#[derive(Clone, Debug)]
pub struct PreparedOrder {
    policy: Arc<Policy>,
    order: Order,
    /// Orders settled together with `order` (`settleWith`); empty for one order.
    others: Vec<Order>,
    request: Request,
    /// The policy's longest wait in business days (`TimelinePolicy::longest_wait`).
    longest_wait: u32,
    /// What every instant's context computes from the order alone (or the error it gives).
    figures: Result<stages::OrderFigures, Error>,
}

impl PreparedOrder {
    /// The estimate of the prepared input, as [`estimate`](crate::estimate) gives it.
    pub fn estimate(&self) -> Result<Estimate, Error> {
        self.run(&self.request)
    }

    /// The estimate of the prepared input cancelled at `at` instead (RFC 3339, or a date:
    /// midnight in the policy's zone). A bad instant is an error at `request.at`, as for
    /// an input with it.
    pub fn estimate_at(&self, at: &str) -> Result<Estimate, Error> {
        self.run(&self.request_at(at)?)
    }

    /// The figures of [`estimate_at`](Self::estimate_at)`(at)` without its words: the
    /// refund, what is owed, the outcome and each line's code and amount.
    pub fn at(&self, at: &str) -> Result<Figures, Error> {
        let request = self.request_at(at)?;
        let ctx = self.ctx(&request)?;
        // The figures skip the timeline, and an estimate fails where its money would arrive
        // past 9999-12-31. Near that day, the figures are those of the whole estimate, so
        // that they fail as it does.
        let last_arrival = self
            .policy
            .timeline
            .calendar
            .latest_after(ctx.submitted_on(), self.longest_wait);
        let last_day = calendar::Date::from_ymd_opt(9999, 12, 31);
        if last_arrival
            .zip(last_day)
            .is_some_and(|(day, last)| day <= last)
        {
            stages::figures(&ctx)
        } else {
            self.run(&request).map(|e| Figures::of(&e))
        }
    }

    /// The policy the order was validated against.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    fn ctx<'a>(&'a self, request: &'a Request) -> Result<stages::Ctx<'a>, Error> {
        let figures = self.figures.clone()?;
        let ctx = stages::Ctx::with_figures(&self.policy, &self.order, request, figures)?;
        Ok(ctx.with_others(&self.others))
    }

    fn run(&self, request: &Request) -> Result<Estimate, Error> {
        stages::run(&self.ctx(request)?)
    }

    /// The prepared request, cancelled at `at`: read and checked as `request.at` of an
    /// input is.
    fn request_at(&self, at: &str) -> Result<Request, Error> {
        // The usual case first, without a reader: an ASCII timestamp (no bidirectional
        // control the reader would refuse) that parses, not before the start.
        if at.is_ascii() {
            if let Ok(t) = calendar::Instant::parse_checked(at, self.policy.timezone) {
                if self.order.started_by(t) && self.others.iter().all(|o| o.started_by(t)) {
                    return Ok(Request {
                        at: t,
                        ..self.request.clone()
                    });
                }
            }
        }
        let mut r = Reader::new();
        let value = Value::String(at.to_owned());
        let instant = r.at("request", |r| {
            r.at("at", |r| read_instant(r, &value, self.policy.timezone))
        });
        if let Some(t) = instant {
            if !self.order.started_by(t) {
                cancel_before_start(&mut r);
            }
            // As estimate() reads `settleWith`: an order settled together must have started.
            for (i, other) in self.others.iter().enumerate() {
                if !other.started_by(t) {
                    r.at("settleWith", |r| {
                        r.at_index(i, crate::order::starts_after_cancellation)
                    });
                }
            }
        }
        let at = r.finish(instant)?;
        Ok(Request {
            at,
            ..self.request.clone()
        })
    }

    pub(crate) fn read(input: &Value, policy: PolicyArg<'_>) -> Result<PreparedOrder, Error> {
        let mut r = Reader::new();
        let Some(mut o) = r.object(input) else {
            return r.finish(None);
        };
        let policy = read_policy(&mut r, &mut o, policy)?;
        let order_value = o.required(&mut r, "order", |_, v| Some(v));
        let request_value = o.required(&mut r, "request", |_, v| Some(v));
        let others_value = o.optional(&mut r, "settleWith", |_, v| Some(v));
        o.finish(&mut r);
        // The order cannot be read against a policy that is not valid.
        let Some(policy) = policy else {
            return r.finish(None);
        };
        let p = &*policy;
        let order = order_value.and_then(|v| r.at("order", |r| Order::read(r, v, p)));
        let request =
            request_value.and_then(|v| r.at("request", |r| Request::read(r, v, p.timezone)));
        if let (Some(order), Some(request)) = (&order, &request) {
            if request.at < order.start && !order.renewal {
                cancel_before_start(&mut r);
            }
            let start_day = order.start.date(p.timezone);
            if request.submitted_on.is_some_and(|d| d < start_day) && !order.renewal {
                r.at("request", |r| {
                    r.at("submittedOn", |r| {
                        r.report(
                            ErrorCode::CancelBeforeStart,
                            "the request is submitted before the order starts",
                        )
                    })
                });
            }
            // A fault, and its claim, belong to this order's service. (A fault after the
            // claim is claimed in time: a what-if, or a curve's earlier days, may come
            // before it.)
            for (field, day, what) in [
                ("faultOn", request.fault_on, "the fault"),
                ("slaClaimedOn", request.sla_claimed_on, "the SLA claim"),
            ] {
                if let Some(day) = day.filter(|d| *d < start_day && !order.renewal) {
                    let message = format!(
                        "{what} ({}) is before the order starts ({})",
                        calendar::format_date(day),
                        calendar::format_date(start_day)
                    );
                    r.at("request", |r| {
                        r.at(field, |r| r.report(ErrorCode::OutOfRange, message))
                    });
                }
            }
        }
        // Orders settled together with it (#19.6), read like it.
        let others = match others_value {
            Some(v) => r.at("settleWith", |r| {
                crate::order::read_settle_with(r, v, p, order.as_ref(), request.as_ref())
            }),
            None => Some(Vec::new()),
        };
        let prepared = match (order, request, others) {
            (Some(order), Some(request), Some(others)) => Some(PreparedOrder {
                longest_wait: policy.timeline.longest_wait(),
                figures: stages::OrderFigures::new(&policy, &order),
                policy,
                order,
                others,
                request,
            }),
            _ => None,
        };
        r.finish(prepared)
    }
}

/// `request.at` before the order's start (not a renewal).
fn cancel_before_start(r: &mut Reader) {
    r.at("request", |r| {
        r.at("at", |r| {
            r.report(
                ErrorCode::CancelBeforeStart,
                "the cancellation is before the order starts; for a renewal paid ahead, set \"order.renewal\": true",
            )
        })
    });
}

/// Where an input's policy comes from.
#[derive(Clone, Copy)]
pub(crate) enum PolicyArg<'p> {
    /// The input's own `policy` member; the bundled policy without one.
    InInput,
    /// A policy validated before (an [`Estimator`]'s, or one the wasm layer keeps): the
    /// input has none of its own.
    Fixed(&'p Arc<Policy>),
}

/// The policy of the input object `o`, as `arg` says; `None` when it is invalid (the
/// problems are recorded). The same reads, in the same order, wherever the policy comes
/// from, so errors and their order do not depend on it.
fn read_policy(
    r: &mut Reader,
    o: &mut Obj<'_>,
    arg: PolicyArg<'_>,
) -> Result<Option<Arc<Policy>>, Error> {
    match arg {
        PolicyArg::InInput => {
            let in_input = o.has("policy");
            let given = o.optional(r, "policy", policy::read);
            Ok(match given {
                Some(p) => Some(Arc::new(p)),
                None if in_input => None,
                None => Some(bundled_policy()?),
            })
        }
        PolicyArg::Fixed(p) => {
            o.optional(r, "policy", |r, _| {
                r.report(
                    ErrorCode::UnknownField,
                    "the estimator has its own policy: leave \"policy\" out of its inputs (estimate() takes an input with a policy of its own)",
                );
                None::<()>
            });
            Ok(Some(Arc::clone(p)))
        }
    }
}

/// The bundled policy, parsed and validated once per process.
pub(crate) fn bundled_policy() -> Result<Arc<Policy>, Error> {
    static BUNDLED: OnceLock<Result<Arc<Policy>, Error>> = OnceLock::new();
    BUNDLED
        .get_or_init(|| Policy::from_value(&Value::parse(DEFAULT_POLICY_JSON)?).map(Arc::new))
        .clone()
}

pub(crate) fn estimate_with(input: &Value, policy: PolicyArg<'_>) -> Result<Estimate, Error> {
    PreparedOrder::read(input, policy)?.estimate()
}

pub(crate) fn sample_curve(
    input: &Value,
    policy: PolicyArg<'_>,
    options: &Value,
) -> Result<whatif::Sampled, Error> {
    let prepared = PreparedOrder::read(input, policy)?;
    let mut r = Reader::new();
    let opts = r.at("options", |r| {
        whatif::CurveOptions::read(r, options, prepared.policy())
    });
    let opts = r.finish(opts)?;
    whatif::curve(
        prepared.policy(),
        &prepared.order,
        &prepared.others,
        &prepared.request,
        &opts,
    )
}

pub(crate) fn compare_plans_with(
    input: &Value,
    policy: PolicyArg<'_>,
    options: &Value,
) -> Result<Comparison, Error> {
    let mut r = Reader::new();
    let Some(mut o) = r.object(input) else {
        return r.finish(None);
    };
    let Some(policy) = read_policy(&mut r, &mut o, policy)? else {
        o.finish(&mut r);
        return r.finish(None);
    };
    let compare_input = whatif::CompareInput::read(&mut r, &mut o, &policy);
    o.finish(&mut r);
    let opts = r.at("options", |r| {
        whatif::CompareOptions::read(r, options, &policy)
    });
    let (compare_input, opts) = r.finish(compare_input.zip(opts))?;
    whatif::compare(&policy, &compare_input, &opts)
}
