//! Golden cases: every `tests/cases/*.json` is `{name, note, input, expected | error}`.
//! The same files drive the JS suite against the wasm package, so native and wasm are
//! held to the same bytes. Failures are collected and reported per file.
//!
//! After an intended change of output, `BLESS=1 cargo test --test golden` rewrites the
//! `expected` blocks; review the diff (git diff tests/cases) before committing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn case_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/cases exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Runs one case; `Err` describes the mismatch.
fn run_case(case: &Json) -> Result<Json, String> {
    let input = serde_json::to_string(&case["input"]).unwrap();
    match refund_estimator::estimate_json(&input) {
        Ok(estimate) => Ok(serde_json::from_str(&estimate.to_json()).unwrap()),
        Err(e) => {
            Ok(serde_json::json!({ "error": serde_json::from_str::<Json>(&e.to_json()).unwrap() }))
        }
    }
}

#[test]
fn golden_cases() {
    let bless = std::env::var_os("BLESS").is_some();
    let files = case_files();
    assert!(
        files.len() >= 40,
        "expected at least 40 golden cases, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let mut case: Json =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let actual = run_case(&case).unwrap();
        if let Some(expected_error) = case.get("error") {
            // Error cases pin the code and path of the first problem.
            let got = &actual["error"];
            let same =
                got["code"] == expected_error["code"] && got["path"] == expected_error["path"];
            if !same {
                failures.push(format!(
                    "{name}: expected error {expected_error}, got {actual}"
                ));
            }
            continue;
        }
        if case["expected"] != actual {
            if bless {
                case["expected"] = actual;
                std::fs::write(file, serde_json::to_string_pretty(&case).unwrap() + "\n").unwrap();
            } else {
                failures.push(format!(
                    "{name}:\n  expected {}\n  actual   {}",
                    serde_json::to_string(&case["expected"]).unwrap(),
                    serde_json::to_string(&actual).unwrap()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden cases failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// Every golden estimate's lines sum exactly to its refund (or to -owed), and its
/// destinations (other than `forfeited`) to refund + credits.
#[test]
fn golden_sums_hold() {
    use rust_decimal::Decimal;
    let dec = |v: &Json| v.as_str().unwrap().parse::<Decimal>().unwrap();
    for file in case_files() {
        let case: Json = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let Some(expected) = case.get("expected") else {
            continue;
        };
        let name = file.display();
        let lines: Decimal = expected["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| dec(&l["amount"]))
            .sum();
        let refund = dec(&expected["refund"]);
        let owed = dec(&expected["owed"]);
        assert_eq!(
            lines,
            refund - owed,
            "{name}: lines do not sum to refund - owed"
        );
        let credits: Decimal = expected["credits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| dec(&l["amount"]))
            .sum();
        let landed: Decimal = expected["destinations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["to"] != "forfeited")
            .map(|d| dec(&d["amount"]))
            .sum();
        assert_eq!(
            landed,
            refund + credits,
            "{name}: destinations do not sum to refund + credits"
        );
    }
}
