//! The estimator and the prepared order against `estimate()`: on every golden case
//! (tests/cases), `Estimator::estimate`, `PreparedOrder::estimate`, `estimate_at` and `at`
//! give the bytes `estimate()` gives for the same input and instant, or the same errors in
//! the same order; and `at` equals `estimate()` at many instants of every case's order.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use refund_estimator::{estimate, refund_curve, Error, Estimate, Estimator, Figures, Value};
use serde_json::{json, Value as Json};
use std::path::Path;

fn cases() -> Vec<(String, Json)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "golden cases: {}", files.len());
    files
        .into_iter()
        .map(|f| {
            let case: Json = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (name, case)
        })
        .collect()
}

fn value(j: &Json) -> Value {
    Value::parse(&j.to_string()).unwrap()
}

/// An answer or an error as text: equal texts are equal bytes.
fn text(result: &Result<Estimate, Error>) -> String {
    match result {
        Ok(e) => e.to_json(),
        Err(e) => format!("error {}", e.to_json()),
    }
}

/// The figures of a whole estimate, as `PreparedOrder::at` gives them.
fn figures_of(e: &Estimate) -> String {
    let lines: Vec<Json> = e
        .lines
        .iter()
        .map(|l| json!({"code": l.code, "amount": l.amount}))
        .collect();
    json!({"refund": e.refund, "owed": e.owed, "outcome": e.outcome.as_str(), "lines": lines})
        .to_string()
}

fn figures_text(result: &Result<Figures, Error>) -> String {
    match result {
        Ok(f) => serde_json::from_str::<Json>(&f.to_json())
            .unwrap()
            .to_string(),
        Err(e) => format!("error {}", e.to_json()),
    }
}

/// The estimator of a case's policy (the bundled one without), and its input without it;
/// `None` when the case's policy is invalid.
fn estimator_of(input: &Json) -> Option<(Estimator, Json)> {
    let mut rest = input.clone();
    let policy = rest.as_object_mut().and_then(|o| o.remove("policy"));
    let estimator = match &policy {
        None => Estimator::bundled().unwrap(),
        Some(p) => Estimator::from_value(&value(p)).ok()?,
    };
    Some((estimator, rest))
}

fn with_at(input: &Json, at: &str) -> Json {
    let mut input = input.clone();
    input["request"]["at"] = json!(at);
    input
}

#[test]
fn every_golden_case_gives_the_same_bytes_through_an_estimator_and_a_prepared_order() {
    let mut checked = 0;
    for (name, case) in cases() {
        let input = &case["input"];
        let expected = text(&estimate(&value(input)));
        let Some((estimator, rest)) = estimator_of(input) else {
            // An invalid policy: the estimator refuses it with the problems estimate()
            // lists under `policy`.
            let policy = value(&input["policy"]);
            let refused = Estimator::from_value(&policy).unwrap_err();
            let whole = estimate(&value(input)).unwrap_err();
            for problem in refused.problems() {
                assert!(
                    whole.problems().any(|p| p.code == problem.code
                        && p.path == format!("policy.{}", problem.path).trim_end_matches('.')),
                    "{name}: {problem:?} not in {whole}"
                );
            }
            continue;
        };
        let rest_value = value(&rest);
        assert_eq!(
            text(&estimator.estimate(&rest_value)),
            expected,
            "{name}: Estimator::estimate"
        );
        let prepared = estimator.prepare(&rest_value);
        match &prepared {
            Err(e) => assert_eq!(
                format!("error {}", e.to_json()),
                expected,
                "{name}: prepare"
            ),
            Ok(order) => {
                assert_eq!(text(&order.estimate()), expected, "{name}: estimate");
                let at = input["request"]["at"].as_str().unwrap();
                assert_eq!(
                    text(&order.estimate_at(at)),
                    expected,
                    "{name}: estimate_at"
                );
                let figures = figures_text(&order.at(at));
                match estimate(&value(input)) {
                    Ok(whole) => assert_eq!(figures, figures_of(&whole), "{name}: at"),
                    Err(_) => assert_eq!(figures, expected, "{name}: at"),
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 100, "{checked} cases prepared");
}

/// Instants across an order's term and beyond it: the curve's days (every `stride`-th),
/// and the instants around the start and after the end.
fn instants(input: &Json, stride: usize) -> Vec<String> {
    let Ok(curve) = refund_curve(&value(input), &value(&json!({}))) else {
        return Vec::new();
    };
    let mut out: Vec<String> = curve
        .points
        .iter()
        .step_by(stride)
        .map(|p| p.at.clone())
        .collect();
    out.extend(curve.points.last().map(|p| p.at.clone()));
    out.extend(curve.breakpoints.iter().map(|b| b.at.clone()));
    // Just before the start (refused, unless a renewal), a plain date, far past the end.
    let start = &curve.points[0].at;
    out.push(shift(start, -1));
    out.push(shift(start, 3600 * 24 * 3 + 1));
    out.push(start[..10].to_owned());
    out.push(shift(&curve.points.last().unwrap().at, 3600 * 24 * 40));
    out
}

/// `at` moved by `secs` seconds, keeping its offset.
fn shift(at: &str, secs: i64) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    (t + chrono::Duration::seconds(secs)).to_rfc3339()
}

#[test]
fn at_equals_estimate_at_instants_across_every_golden_order() {
    let mut compared = 0;
    for (name, case) in cases() {
        let input = &case["input"];
        let Some((estimator, rest)) = estimator_of(input) else {
            continue;
        };
        let Ok(order) = estimator.prepare(&value(&rest)) else {
            continue;
        };
        for at in instants(input, 37) {
            let whole = estimate(&value(&with_at(input, &at)));
            let figures = figures_text(&order.at(&at));
            match &whole {
                Ok(e) => assert_eq!(figures, figures_of(e), "{name} at {at}"),
                Err(_) => assert_eq!(figures, text(&whole), "{name} at {at}"),
            }
            assert_eq!(
                text(&order.estimate_at(&at)),
                text(&whole),
                "{name}: estimate_at {at}"
            );
            compared += 1;
        }
    }
    assert!(compared >= 1000, "{compared} instants compared");
}

/// Three orders of different policies, every day of their term: `at` equals `estimate()`.
#[test]
fn at_equals_estimate_on_every_day_of_a_few_orders() {
    for file in [
        "01-default-annual-daily.json",
        "04-telecom-36m-monthly-knee.json",
        "05-kwd-multiplier-window-daily.json",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/whatif")
            .join(file);
        let case: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let input = &case["input"];
        let (estimator, rest) = estimator_of(input).unwrap();
        let order = estimator.prepare(&value(&rest)).unwrap();
        let days = instants(input, 1);
        assert!(days.len() > 150, "{file}: {} days", days.len());
        for at in days {
            let whole = estimate(&value(&with_at(input, &at)));
            match &whole {
                Ok(e) => assert_eq!(
                    figures_text(&order.at(&at)),
                    figures_of(e),
                    "{file} at {at}"
                ),
                Err(_) => assert_eq!(figures_text(&order.at(&at)), text(&whole), "{file} at {at}"),
            }
        }
    }
}

#[test]
fn a_bad_instant_is_refused_at_request_at_and_the_order_keeps_working() {
    let estimator = Estimator::bundled().unwrap();
    let input = json!({
        "order": {"plan": "annual-100m", "start": "2026-01-15T10:30:00+08:00",
                  "paid": {"cash": "70160.00"}, "setupFee": "800.00"},
        "request": {"at": "2026-05-20T18:40:00+08:00", "reason": "business_change"}
    });
    let order = estimator.prepare(&value(&input)).unwrap();
    for (at, code) in [
        ("2026-02-30", "invalid_date"),
        ("yesterday", "invalid_date"),
        ("2026-01-15T10:29:59+08:00", "cancel_before_start"),
    ] {
        let e = order.at(at).unwrap_err();
        assert_eq!((e.code().as_str(), e.path()), (code, "request.at"), "{at}");
        // The same error estimate() gives for the input with that instant.
        let whole = estimate(&value(&with_at(&input, at))).unwrap_err();
        assert_eq!(e.to_json(), whole.to_json(), "{at}");
    }
    assert_eq!(
        order.at("2026-05-20T18:40:00+08:00").unwrap().refund,
        "43145.72"
    );
    assert_eq!(
        order
            .at("2026-01-15T10:30:00+08:00")
            .unwrap()
            .outcome
            .as_str(),
        "full"
    );
}

#[test]
fn an_estimator_refuses_a_policy_in_its_input() {
    let estimator = Estimator::bundled().unwrap();
    let input = json!({
        "policy": {"id": "x"},
        "order": {"plan": "annual-100m", "start": "2026-01-15", "paid": {"cash": "70160.00"}},
        "request": {"at": "2026-02-01", "reason": "bored"}
    });
    let e = estimator.estimate(&value(&input)).unwrap_err();
    let problems: Vec<(&str, &str)> = e
        .problems()
        .map(|p| (p.code.as_str(), p.path.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            ("unknown_field", "policy"),
            ("invalid_enum", "request.reason")
        ]
    );
    assert!(e.to_string().contains("has its own policy"), "{e}");
}

#[test]
fn an_invalid_policy_is_refused_with_every_problem() {
    let mut policy: Json = serde_json::from_str(refund_estimator::DEFAULT_POLICY_JSON).unwrap();
    policy["currency"] = json!("XYZ");
    policy["plans"][0]["price"] = json!("-1");
    let e = Estimator::from_value(&value(&policy)).unwrap_err();
    let problems: Vec<(&str, &str)> = e
        .problems()
        .map(|p| (p.code.as_str(), p.path.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            ("unknown_currency", "currency"),
            ("invalid_amount", "plans[0].price")
        ]
    );
}
