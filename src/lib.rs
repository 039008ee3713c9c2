//! # refund-estimator
//!
//! Exact, itemized refund estimates from a provider's refund policy (data, not code), a
//! customer's order and a what-if request. The same crate runs in the browser (compiled to
//! WebAssembly) and natively (CLI and library), so a preview equals the final refund.
//!
//! ```
//! use refund_estimator::{estimate, Value};
//!
//! let input = Value::parse(r#"{
//!   "order": {
//!     "plan": "annual-100m",
//!     "start": "2026-01-15T10:30:00+08:00",
//!     "paid": { "cash": "36800.00" },
//!     "setupFee": "800.00",
//!     "usage": { "traffic_gb": "1200" }
//!   },
//!   "request": { "at": "2026-05-20T18:40:00+08:00", "reason": "business_change" }
//! }"#).unwrap();
//! let estimate = estimate(&input).unwrap();
//! assert_eq!(estimate.currency, "CNY");
//! // The breakdown sums exactly to the refund.
//! let sum: rust_decimal::Decimal = estimate.lines.iter().map(|l| l.amount.parse::<rust_decimal::Decimal>().unwrap()).sum();
//! assert_eq!(sum.to_string(), estimate.refund);
//! ```
//!
//! The flow is one way: `Value` → validated [`Policy`], order and request (every problem
//! reported at once with its path) → the pipeline of stages in `stages/` → [`Estimate`].
//! The engine is pure: no clock, no I/O; the caller passes every instant.
//!
//! Money crosses the API as decimal strings (the public JSON contract); each money field
//! also has a [`Decimal`] accessor beside it ([`Estimate::refund_decimal`],
//! [`Line::amount_decimal`], …).
//!
//! ## Cargo features
//!
//! - `serde` (native only; the wasm build never includes it): `Serialize` and `Deserialize`
//!   for [`Estimate`], [`Curve`], [`Comparison`] and their parts (the contract's JSON,
//!   exactly), for [`Value`] (the input, in any serde format), [`Error`] and [`ErrorCode`];
//!   `Deserialize` for [`Policy`] (validated: the error lists every problem with its path).
//! - `cli`: the `refund-estimator` command-line tool.

#![warn(missing_docs, unnameable_types)]

mod access;
mod calendar;
mod currency;
mod error;
mod estimate;
mod guidance;
mod i18n;
mod money;
mod order;
mod policy;
mod read;
mod request;
#[cfg(all(feature = "serde", not(target_arch = "wasm32")))]
mod serde_impls;
mod sort;
mod stages;
mod timeline;
mod value;
/// The WebAssembly exports (`estimate`, `validatePolicy`, `defaultPolicy`, `version`).
#[cfg(target_arch = "wasm32")]
pub mod wasm;
mod whatif;

pub use crate::error::{Error, ErrorCode, Problem};
pub use crate::estimate::{
    AccountLimit, CreditArrival, Destination, Estimate, Item, Line, Outcome, Phase, PolicyRef,
    TaxSplit, Timeline, Warning,
};
pub use crate::i18n::Locale;
pub use crate::policy::{Policy, DEFAULT_POLICY_JSON};
pub use crate::value::{Number, ToValue, Value, MAX_JSON_BYTES as MAX_INPUT_BYTES};
pub use crate::whatif::{Best, Breakpoint, Comparison, ComparisonRow, Curve, Point};
/// Exact decimal money, as the `_decimal` accessors return it (rust_decimal's type).
pub use rust_decimal::Decimal;

use crate::order::Order;
use crate::read::{Obj, Reader};
use crate::request::Request;
use std::sync::OnceLock;

/// The crate version, as in Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Computes a refund estimate from `{policy?, order, request}`. Without `policy`, the
/// bundled default policy applies.
pub fn estimate(input: &Value) -> Result<Estimate, Error> {
    estimate_with(input, PolicyArg::InInput)
}

fn estimate_with(input: &Value, policy: PolicyArg<'_>) -> Result<Estimate, Error> {
    Prepared::read(input, policy)?.estimate()
}

/// Parses JSON text and estimates. Errors in the text have code `invalid_json`.
pub fn estimate_json(text: &str) -> Result<Estimate, Error> {
    estimate(&Value::parse(text)?)
}

/// The refund as a curve over the cancellation date: `options` is `{from?, to?, step?}`
/// (default: the order's start to its end, daily). Each point is the refund `estimate()`
/// gives for that instant; break points come from the rules (cooling-off end, fee tiers,
/// schedule knees, multiplier windows, a renewal's start); `best` is the latest instant
/// with the highest refund.
pub fn refund_curve(input: &Value, options: &Value) -> Result<Curve, Error> {
    sample_curve(input, PolicyArg::InInput, options).map(whatif::Sampled::into_curve)
}

/// [`refund_curve`] as compact JSON, written straight from the engine's numbers: the
/// bytes of `refund_curve(…)?.to_json()`, faster (what the wasm build returns).
pub fn refund_curve_json(input: &Value, options: &Value) -> Result<String, Error> {
    sample_curve(input, PolicyArg::InInput, options)
        .map(|sampled| sampled.to_json(whatif::PointsAs::Objects))
}

fn sample_curve(
    input: &Value,
    policy: PolicyArg<'_>,
    options: &Value,
) -> Result<whatif::Sampled, Error> {
    let prepared = Prepared::read(input, policy)?;
    let mut r = Reader::new();
    let opts = r.at("options", |r| {
        whatif::CurveOptions::read(r, options, prepared.policy())
    });
    let opts = r.finish(opts)?;
    whatif::curve(prepared.policy(), &prepared.order, &prepared.request, &opts)
}

/// What each plan costs someone who leaves after `options.after` (`{months}` or `{days}`):
/// paid up front, refund on leaving, net cost and net cost per month, cheapest first.
/// `input` is `{policy?, start, paymentMethod?, reason?, locale?}`; `options.plans` limits
/// the plans compared.
pub fn compare_plans(input: &Value, options: &Value) -> Result<Comparison, Error> {
    compare_plans_with(input, PolicyArg::InInput, options)
}

fn compare_plans_with(
    input: &Value,
    policy: PolicyArg<'_>,
    options: &Value,
) -> Result<Comparison, Error> {
    let mut r = Reader::new();
    let Some(mut o) = r.object(input) else {
        return r.finish(None);
    };
    let Some(policy) = PolicySource::read(&mut r, &mut o, policy)? else {
        o.finish(&mut r);
        return r.finish(None);
    };
    let policy = policy.get();
    let compare_input = whatif::CompareInput::read(&mut r, &mut o, policy);
    o.finish(&mut r);
    let opts = r.at("options", |r| {
        whatif::CompareOptions::read(r, options, policy)
    });
    let (compare_input, opts) = r.finish(compare_input.zip(opts))?;
    whatif::compare(policy, &compare_input, &opts)
}

/// Validates a policy; `Ok` carries the policy, `Err` every problem with its path.
pub fn validate_policy(policy: &Value) -> Result<Policy, Error> {
    Policy::from_value(policy)
}

/// The bundled default policy as a value (parsed from the embedded JSON).
pub fn bundled_policy_value() -> Result<Value, Error> {
    Value::parse(DEFAULT_POLICY_JSON)
}

/// The bundled policy, parsed and validated once per process.
fn bundled_policy() -> Result<&'static Policy, Error> {
    static BUNDLED: OnceLock<Result<Policy, Error>> = OnceLock::new();
    BUNDLED
        .get_or_init(Policy::bundled)
        .as_ref()
        .map_err(Clone::clone)
}

/// Where an input's policy comes from. The wasm layer takes the `policy` member out of the
/// input and keeps the last valid one (src/wasm.rs): a host passes the same policy call
/// after call, and reading it was most of a call.
#[derive(Clone, Copy)]
enum PolicyArg<'p> {
    /// The input's own `policy` member; the bundled policy without one.
    InInput,
    /// The `policy` member, taken out of the input and already validated.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    Valid(&'p Policy),
}

enum PolicySource<'p> {
    Given(Box<Policy>),
    Shared(&'p Policy),
}

impl<'p> PolicySource<'p> {
    /// The policy of the input object `o`, as `arg` says; `None` when it is invalid (the
    /// problems are recorded). The same reads, in the same order, wherever the policy
    /// comes from, so errors and their order do not depend on it.
    fn read(r: &mut Reader, o: &mut Obj<'_>, arg: PolicyArg<'p>) -> Result<Option<Self>, Error> {
        let in_input = o.has("policy");
        let given = o.optional(r, "policy", |r, v| policy::read(r, v).map(Box::new));
        Ok(match (given, arg) {
            (Some(p), _) => Some(PolicySource::Given(p)),
            (None, _) if in_input => None,
            (None, PolicyArg::InInput) => Some(PolicySource::Shared(bundled_policy()?)),
            (None, PolicyArg::Valid(p)) => Some(PolicySource::Shared(p)),
        })
    }

    fn get(&self) -> &Policy {
        match self {
            PolicySource::Given(p) => p,
            PolicySource::Shared(p) => p,
        }
    }
}

/// A validated input, ready to estimate (and to re-estimate at other instants).
struct Prepared<'p> {
    policy: PolicySource<'p>,
    order: Order,
    request: Request,
}

impl<'p> Prepared<'p> {
    fn read(input: &Value, policy: PolicyArg<'p>) -> Result<Prepared<'p>, Error> {
        let mut r = Reader::new();
        let Some(mut o) = r.object(input) else {
            return r.finish(None);
        };
        let policy = PolicySource::read(&mut r, &mut o, policy)?;
        let order_value = o.required(&mut r, "order", |_, v| Some(v));
        let request_value = o.required(&mut r, "request", |_, v| Some(v));
        o.finish(&mut r);
        // The order cannot be read against a policy that is not valid.
        let Some(policy) = policy else {
            return r.finish(None);
        };
        let p = policy.get();
        let order = order_value.and_then(|v| r.at("order", |r| Order::read(r, v, p)));
        let request =
            request_value.and_then(|v| r.at("request", |r| Request::read(r, v, p.timezone)));
        if let (Some(order), Some(request)) = (&order, &request) {
            if request.at < order.start && !order.renewal {
                r.at("request", |r| {
                    r.at("at", |r| {
                        r.report(
                            ErrorCode::CancelBeforeStart,
                            "the cancellation is before the order starts; for a renewal paid ahead, set \"order.renewal\": true",
                        )
                    })
                });
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
        let prepared = match (order, request) {
            (Some(order), Some(request)) => Some(Prepared {
                policy,
                order,
                request,
            }),
            _ => None,
        };
        r.finish(prepared)
    }

    fn policy(&self) -> &Policy {
        self.policy.get()
    }

    fn estimate(&self) -> Result<Estimate, Error> {
        let ctx = stages::Ctx::new(self.policy(), &self.order, &self.request)?;
        stages::run(&ctx)
    }
}
