//! What every input must satisfy, whatever its bytes: the checks of the fuzz target,
//! shared by `cargo fuzz` (fuzz/fuzz_targets/engine.rs, coverage-guided) and by the
//! structured generator that `cargo test` runs (tests/fuzz.rs).
//!
//! An input is `[call byte] input JSON [0x00 options JSON]`: the call byte picks
//! `estimate`, `refund_curve`, `compare_plans` or `validate_policy` (JSON text holds no raw
//! 0x00, so the split is unambiguous). For each:
//! - nothing panics, and, where a bound is asked for, the call answers within it
//!   ([`time_bound`]; libFuzzer's own `-timeout` is the hang detector of scripts/fuzz.sh);
//! - an error has a known code, at most 101 problems (100 and `too_many_errors`), short
//!   messages that start in lower case, and JSON that parses back;
//! - an estimate's lines sum exactly to `refund − owed`, `refund` and `owed` are not both
//!   positive and neither is negative, destinations other than `forfeited` sum to `refund +
//!   Σ credits`, each destination is positive, and the same input gives the same bytes;
//! - a curve's first, middle and last points equal `estimate()` at their instants;
//! - every amount of a comparison is a plain decimal.

#![allow(dead_code)]

use refund_estimator::{
    compare_plans, estimate, refund_curve, validate_policy, Error, ErrorCode, Estimate, Value,
};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::time::{Duration, Instant};

/// What a call may take at most, when `FUZZ_TIME_BOUND_SECONDS` asks for a bound: a hang
/// detector for runs on a quiet machine. `cargo test` sets none (no timing in unit tests:
/// the machine may be shared); the worst case the limits allow is measured by
/// `cargo run --release --example limits` (docs/policy.md, "Limits").
pub fn time_bound() -> Option<Duration> {
    std::env::var("FUZZ_TIME_BOUND_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    Estimate,
    Curve,
    Compare,
    Validate,
}

impl Call {
    pub fn byte(self) -> u8 {
        match self {
            Call::Estimate => 0,
            Call::Curve => 1,
            Call::Compare => 2,
            Call::Validate => 3,
        }
    }

    fn from_byte(b: u8) -> Call {
        match b % 4 {
            0 => Call::Estimate,
            1 => Call::Curve,
            2 => Call::Compare,
            _ => Call::Validate,
        }
    }
}

/// The bytes of a fuzz input for `call`.
pub fn encode(call: Call, input: &[u8], options: Option<&[u8]>) -> Vec<u8> {
    let mut out = vec![call.byte()];
    out.extend_from_slice(input);
    if let Some(options) = options {
        out.push(0);
        out.extend_from_slice(options);
    }
    out
}

/// Runs one fuzz input and checks everything above; panics on a broken invariant.
/// Returns whether the engine accepted the input (an answer, not an error).
pub fn run(data: &[u8]) -> bool {
    let Some((&first, rest)) = data.split_first() else {
        return false;
    };
    let call = Call::from_byte(first);
    let (input, options) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let started = Instant::now();
    let accepted = check(call, input, options);
    let took = started.elapsed();
    if let Some(bound) = time_bound() {
        assert!(
            took <= bound,
            "{call:?} took {took:?}, over the bound of {bound:?}: {}",
            String::from_utf8_lossy(&data[..data.len().min(2000)])
        );
    }
    accepted
}

fn check(call: Call, input: &[u8], options: Option<&[u8]>) -> bool {
    let parsed = Value::parse_bytes(input);
    let options = match options.map(Value::parse_bytes) {
        None => Ok(Value::Object(Vec::new())),
        Some(Ok(v)) => Ok(v),
        Some(Err(e)) => Err(e),
    };
    let (input, options) = match (parsed, options) {
        (Ok(i), Ok(o)) => (i, o),
        (Err(e), _) | (_, Err(e)) => {
            check_error(&e);
            return false;
        }
    };
    match call {
        Call::Estimate => match estimate(&input) {
            Ok(e) => {
                check_estimate(&e);
                let again = estimate(&input).expect("the same input was refused the second time");
                assert_eq!(e.to_json(), again.to_json(), "not deterministic");
                true
            }
            Err(e) => {
                check_error(&e);
                false
            }
        },
        Call::Curve => match refund_curve(&input, &options) {
            Ok(curve) => {
                assert!(!curve.points.is_empty(), "a curve without points");
                let n = curve.points.len();
                for point in [&curve.points[0], &curve.points[n / 2], &curve.points[n - 1]] {
                    let at = with_request_at(&input, &point.at);
                    let e = match estimate(&at) {
                        Ok(e) => e,
                        // Known, and left to the engine's owners: estimate() refuses a
                        // refund that would arrive after 9999-12-31 (out_of_range at
                        // request.submittedOn), which a curve (refunds only, no timeline)
                        // does not check.
                        Err(e)
                            if e.path() == "request.submittedOn"
                                && e.message().contains("past 9999-12-31") =>
                        {
                            continue
                        }
                        Err(e) => panic!(
                            "the curve's point at {} was refused by estimate(): {e}",
                            point.at
                        ),
                    };
                    assert_eq!(
                        (&e.refund, &e.owed),
                        (&point.refund, &point.owed),
                        "the curve's point at {} differs from estimate()",
                        point.at
                    );
                }
                true
            }
            Err(e) => {
                check_error(&e);
                false
            }
        },
        Call::Compare => match compare_plans(&input, &options) {
            Ok(c) => {
                for row in &c.rows {
                    for amount in [
                        &row.paid_up_front,
                        &row.total_paid,
                        &row.refund,
                        &row.owed,
                        &row.net_cost,
                    ] {
                        dec(amount);
                    }
                }
                true
            }
            Err(e) => {
                check_error(&e);
                false
            }
        },
        Call::Validate => match validate_policy(&input) {
            Ok(_) => true,
            Err(e) => {
                check_error(&e);
                false
            }
        },
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("{s:?} is not a plain decimal"))
}

fn sum<'a>(amounts: impl Iterator<Item = &'a String>) -> Decimal {
    amounts.map(|a| dec(a)).sum()
}

fn check_estimate(e: &Estimate) {
    let (refund, owed) = (dec(&e.refund), dec(&e.owed));
    assert!(refund >= Decimal::ZERO && owed >= Decimal::ZERO, "{e:?}");
    assert!(
        refund.is_zero() || owed.is_zero(),
        "a refund and an amount owed: {e:?}"
    );
    assert_eq!(
        sum(e.lines.iter().map(|l| &l.amount)),
        refund - owed,
        "lines do not sum to refund - owed: {e:?}"
    );
    let landed = sum(e
        .destinations
        .iter()
        .filter(|d| d.to != "forfeited")
        .map(|d| &d.amount));
    let credits = sum(e.credits.iter().map(|l| &l.amount));
    assert_eq!(landed, refund + credits, "destinations: {e:?}");
    for d in &e.destinations {
        assert!(dec(&d.amount) > Decimal::ZERO, "destination {d:?}");
    }
    let json = e.to_json();
    let back = Value::parse(&json).expect("an estimate's JSON does not parse back");
    assert!(back.get("refund").is_some());
}

fn check_error(e: &Error) {
    assert!(ErrorCode::ALL.contains(&e.code()), "{e:?}");
    assert!(e.len() <= 101, "{} problems listed", e.len());
    for (i, p) in e.problems().enumerate() {
        let chars = p.message.chars().count();
        assert!(chars > 0 && chars <= 1_001, "message of {chars} characters");
        assert!(
            !p.message.chars().next().is_some_and(char::is_uppercase),
            "message in upper case: {}",
            p.message
        );
        assert!(p.path.len() <= 4_096, "path of {} bytes", p.path.len());
        // `too_many_errors` is only ever the last entry.
        let last = i + 1 == e.len();
        assert!(last || p.code != ErrorCode::TooManyErrors, "{e:?}");
    }
    Value::parse(&e.to_json()).expect("an error's JSON does not parse back");
}

/// The input with `request.at` set to `at`.
fn with_request_at(input: &Value, at: &str) -> Value {
    let mut input = input.clone();
    if let Value::Object(entries) = &mut input {
        for (key, value) in entries.iter_mut() {
            if key == "request" {
                if let Value::Object(request) = value {
                    request.retain(|(k, _)| k != "at");
                    request.push(("at".into(), Value::String(at.into())));
                }
            }
        }
    }
    input
}
