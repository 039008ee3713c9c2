//! The `serde` feature (#16.12): every golden estimate, curve and comparison serializes as
//! exactly the contract's JSON (what `to_json` writes, what the npm package returns) and
//! deserializes back to an equal value, from owned text; every golden input goes through
//! serde as a `Value` unchanged and estimates the same; a `Policy` deserializes through the
//! validating reader; errors round-trip with every problem. `cargo test --all-features`
//! (scripts/test.sh) runs it.

#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use refund_estimator::{
    compare_plans, estimate, refund_curve, validate_policy, Comparison, Curve, Decimal, Error,
    ErrorCode, Estimate, Line, Locale, Outcome, Policy, Value, DEFAULT_POLICY_JSON,
};
use serde_json::Value as Json;
use std::path::Path;

fn cases(dir: &str) -> Vec<(String, Json)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                serde_json::from_str(&text).unwrap(),
            )
        })
        .collect()
}

/// The input of a case as our `Value`, built by serde from serde_json's tree.
fn value(j: &Json) -> Value {
    serde_json::from_value(j.clone()).unwrap()
}

/// Serializes with serde, checks it is the contract's JSON, and reads it back from owned text.
fn round_trip<T>(name: &str, output: &T, contract_json: &str)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let serialized = serde_json::to_value(output).unwrap();
    let contract: Json = serde_json::from_str(contract_json).unwrap();
    assert_eq!(
        serialized, contract,
        "{name}: serde's JSON is not the contract's"
    );
    let text = serde_json::to_string(output).unwrap();
    let back: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(&back, output, "{name}: not equal after a round trip");
}

#[test]
fn every_golden_estimate_round_trips_as_the_contract() {
    let mut estimates = 0;
    for (name, case) in cases("tests/cases") {
        let input = value(&case["input"]);
        // The input went through serde unchanged: its JSON text parses to the same Value.
        assert_eq!(
            input,
            Value::parse(&case["input"].to_string()).unwrap(),
            "{name}: input"
        );
        let written = serde_json::to_string(&input).unwrap();
        assert_eq!(
            Value::parse(&written).unwrap(),
            input,
            "{name}: input back through JSON"
        );
        match estimate(&input) {
            Ok(e) => {
                round_trip(&name, &e, &e.to_json());
                estimates += 1;
            }
            Err(error) => {
                let text = serde_json::to_string(&error).unwrap();
                let back: Error = serde_json::from_str(&text).unwrap();
                assert_eq!(back, error, "{name}: error");
                let j: Json = serde_json::from_str(&text).unwrap();
                assert_eq!(j["code"], error.code().as_str());
                assert_eq!(j["errors"].as_array().unwrap().len(), error.len());
            }
        }
    }
    assert!(estimates > 100, "only {estimates} golden estimates");
}

#[test]
fn every_golden_curve_and_comparison_round_trips_as_the_contract() {
    let (mut curves, mut comparisons) = (0, 0);
    for (name, case) in cases("tests/whatif") {
        let input = value(&case["input"]);
        let options = value(&case["options"]);
        match case["kind"].as_str().unwrap() {
            "curve" => {
                let c: Curve = refund_curve(&input, &options).unwrap();
                round_trip(&name, &c, &c.to_json());
                curves += 1;
            }
            "compare" => {
                let c: Comparison = compare_plans(&input, &options).unwrap();
                round_trip(&name, &c, &c.to_json());
                comparisons += 1;
            }
            other => panic!("{name}: kind {other}"),
        }
    }
    assert!(
        curves > 5 && comparisons > 5,
        "{curves} curves, {comparisons} comparisons"
    );
}

#[test]
fn an_estimate_reads_back_from_its_json_and_its_money_as_decimals() {
    let input = Value::parse(
        r#"{"order": {"plan": "annual-100m", "start": "2026-01-15T10:30:00+08:00", "paid": {"cash": "70160.00"}},
            "request": {"at": "2026-05-20T18:40:00+08:00"}}"#,
    )
    .unwrap();
    let e = estimate(&input).unwrap();
    // What a back office stored (the npm package's answer, say) reads back as an Estimate.
    let stored: Estimate = serde_json::from_str(&e.to_json()).unwrap();
    assert_eq!(stored, e);
    assert_eq!(stored.outcome, Outcome::Partial);
    let sum: Decimal = stored
        .lines
        .iter()
        .map(|l| l.amount_decimal().unwrap())
        .sum();
    assert_eq!(sum, stored.refund_decimal().unwrap());
    assert_eq!(stored.lines[0].code, "paid");
    assert_eq!(
        stored.lines[0].amount_decimal().unwrap(),
        Decimal::new(7_016_000, 2)
    );
}

#[test]
fn codes_read_back_are_the_engines_and_unknown_ones_are_refused() {
    let line: Line =
        serde_json::from_str(r#"{"code":"consumed","amount":"-1.00","label":"x","detail":"y"}"#)
            .unwrap();
    assert_eq!(line.code, "consumed");
    let unknown = serde_json::from_str::<Line>(
        r#"{"code":"made_up","amount":"-1.00","label":"x","detail":"y"}"#,
    )
    .unwrap_err();
    assert!(
        unknown
            .to_string()
            .contains("line.code: unknown code \"made_up\""),
        "{unknown}"
    );
    let missing = serde_json::from_str::<Line>(r#"{"code":"consumed","label":"x","detail":"y"}"#)
        .unwrap_err();
    assert!(
        missing.to_string().contains("line: missing field amount"),
        "{missing}"
    );
    assert_eq!(
        serde_json::from_str::<ErrorCode>(r#""too_precise""#).unwrap(),
        ErrorCode::TooPrecise
    );
    assert!(serde_json::from_str::<Outcome>(r#""mostly""#).is_err());
}

#[test]
fn a_policy_deserializes_through_the_validating_reader() {
    let policy: Policy = serde_json::from_str(DEFAULT_POLICY_JSON).unwrap();
    let validated = validate_policy(&Value::parse(DEFAULT_POLICY_JSON).unwrap()).unwrap();
    assert_eq!(policy.id(), validated.id());
    assert_eq!(policy.currency(), "CNY");
    assert!(policy.name(Locale::ZhCn).is_some());
    let mut bad: Json = serde_json::from_str(DEFAULT_POLICY_JSON).unwrap();
    bad["currency"] = Json::from("XYZ");
    bad["plans"][0]["price"] = Json::from("12,000");
    let error = serde_json::from_value::<Policy>(bad)
        .unwrap_err()
        .to_string();
    // Every problem, each with its path, not just the first.
    assert!(
        error.starts_with("unknown_currency at currency: "),
        "{error}"
    );
    assert!(
        error.contains("; invalid_amount at plans[0].price: "),
        "{error}"
    );
}

#[test]
fn values_keep_what_the_reader_needs_to_report() {
    // Duplicate keys are kept (the reader reports them), big integers and fractions are
    // numbers with a fraction (refused with the field's path), as from JSON text.
    let text = r#"{"a":1,"a":2,"big":18446744073709551615,"f":2.5,"n":null}"#;
    let parsed = Value::parse(text).unwrap();
    let via_serde: Value = serde_json::from_str(text).unwrap();
    assert_eq!(via_serde, parsed);
    let again: Value = serde_json::from_str(&serde_json::to_string(&via_serde).unwrap()).unwrap();
    assert_eq!(again, parsed);
    // An input built in Rust with serde_json::json! estimates like its text.
    let input = serde_json::json!({
        "order": {"plan": "annual-100m", "start": "2026-01-15", "paid": {"cash": "70160.00"}},
        "request": {"at": "2026-05-20", "locale": "zh-CN"}
    });
    assert_eq!(
        estimate(&value(&input)).unwrap(),
        estimate(&Value::parse(&input.to_string()).unwrap()).unwrap()
    );
}
