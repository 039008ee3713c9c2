#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
//! The CLI's authoring commands, run as a process: `schema` (the policy's JSON Schema) and
//! `diff` (two versions of a policy on the same orders).

use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_refund-estimator");

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn cli(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn schema_prints_the_committed_policy_schema() {
    let out = cli(&["schema"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let committed = std::fs::read_to_string(repo("policy.schema.json")).unwrap();
    assert_eq!(stdout(&out), committed);
    let schema: Json = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        schema["$id"],
        "https://unpkg.com/refund-estimator/policy.schema.json"
    );
    assert_eq!(
        schema["required"],
        serde_json::json!(["id", "version", "currency", "plans"])
    );

    let help = cli(&["schema", "--help"]);
    assert_eq!(code(&help), 0);
    assert!(stdout(&help).starts_with("Prints the policy's JSON Schema (2020-12)"));
    assert!(stdout(&help).contains("Usage: refund-estimator schema"));
    assert!(stdout(&cli(&["--help"])).contains("  schema          Print the policy's JSON Schema"));

    for (args, says) in [
        (
            &["schema", "extra.json"][..],
            "unexpected argument \"extra.json\"",
        ),
        (&["schema", "--compact"], "schema does not take --compact"),
    ] {
        let out = cli(args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(
            stderr(&out).starts_with(&format!("error: {says}")),
            "{}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), "");
    }
}

/// The shipped policies name the schema with `$schema`, and the engine reads past it.
#[test]
fn policies_with_schema_validate() {
    for policy in [
        "policies/default.json",
        "policies/examples/telecom-termination.json",
    ] {
        let text = std::fs::read_to_string(repo(policy)).unwrap();
        assert!(text.contains("\"$schema\": \""), "{policy}");
        let out = cli(&["validate", repo(policy).to_str().unwrap()]);
        assert_eq!(code(&out), 0, "{policy}: {}", stderr(&out));
    }
    // It must be a string, like every other field.
    let text = std::fs::read_to_string(repo("policies/default.json"))
        .unwrap()
        .replacen("\"../policy.schema.json\"", "42", 1);
    let file = std::env::temp_dir().join(format!(
        "refund-estimator-schema-{}.json",
        std::process::id()
    ));
    std::fs::write(&file, text).unwrap();
    let out = cli(&["validate", file.to_str().unwrap()]);
    std::fs::remove_file(&file).unwrap();
    assert_eq!(code(&out), 1);
    let error: Json = serde_json::from_str(&stderr(&out)).unwrap();
    assert_eq!(error["code"], "invalid_type");
    assert_eq!(error["path"], "$schema");
}
