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
mod estimator;
mod figures;
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
/// The WebAssembly exports (`estimate`, `refundCurve`, `comparePlans`, `validatePolicy`,
/// `defaultPolicy`, `version`, and the `Estimator` and `PreparedOrder` classes).
#[cfg(target_arch = "wasm32")]
pub mod wasm;
mod whatif;
mod write;

pub use crate::error::{Error, ErrorCode, Problem};
pub use crate::estimate::{
    AccountLimit, CreditArrival, Destination, Estimate, Item, Line, Outcome, Phase, PolicyRef,
    TaxSplit, Timeline, Warning,
};
pub use crate::estimator::{Estimator, PreparedOrder};
pub use crate::figures::{Figures, LineFigure};
pub use crate::i18n::Locale;
pub use crate::policy::{Policy, DEFAULT_POLICY_JSON};
pub use crate::value::{Number, ToValue, Value, MAX_JSON_BYTES as MAX_INPUT_BYTES};
pub use crate::whatif::{Best, Breakpoint, Comparison, ComparisonRow, Curve, Point};
/// Exact decimal money, as the `_decimal` accessors return it (rust_decimal's type).
pub use rust_decimal::Decimal;

use crate::estimator::{compare_plans_with, estimate_with, sample_curve, PolicyArg};

/// The crate version, as in Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Computes a refund estimate from `{policy?, order, request}`. Without `policy`, the
/// bundled default policy applies.
pub fn estimate(input: &Value) -> Result<Estimate, Error> {
    estimate_with(input, PolicyArg::InInput)
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

/// What each plan costs someone who leaves after `options.after` (`{months}` or `{days}`):
/// paid up front, refund on leaving, net cost and net cost per month, cheapest first.
/// `input` is `{policy?, start, paymentMethod?, reason?, locale?}`; `options.plans` limits
/// the plans compared.
pub fn compare_plans(input: &Value, options: &Value) -> Result<Comparison, Error> {
    compare_plans_with(input, PolicyArg::InInput, options)
}

/// Validates a policy; `Ok` carries the policy, `Err` every problem with its path.
pub fn validate_policy(policy: &Value) -> Result<Policy, Error> {
    Policy::from_value(policy)
}

/// The bundled default policy as a value (parsed from the embedded JSON).
pub fn bundled_policy_value() -> Result<Value, Error> {
    Value::parse(DEFAULT_POLICY_JSON)
}
