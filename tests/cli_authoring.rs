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

// ---- diff ----

/// A file in the temp directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!(
            "refund-estimator-diff-{}-{name}",
            std::process::id()
        ));
        std::fs::write(&path, text).unwrap();
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn bundled() -> Json {
    serde_json::from_str(&std::fs::read_to_string(repo("policies/default.json")).unwrap()).unwrap()
}

/// The bundled policy with a handling fee of 8 % of what remains instead of 5 %.
fn handling_8() -> Json {
    let mut policy = bundled();
    policy["rules"]["fees"]["handling"]["percent"] = "8".into();
    policy
}

/// Handling 8 % on every plan but the three-year ones, which go down to 2 %; and the annual
/// 50 Mbps plan withdrawn: refunds go down and up, and some orders are refused.
fn mixed() -> Json {
    let mut policy = handling_8();
    for plan in policy["plans"].as_array_mut().unwrap() {
        if plan["id"].as_str().unwrap().starts_with("3year") {
            plan["rules"]["fees"]["handling"]["percent"] = "2".into();
        }
    }
    policy["plans"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["id"] != "annual-50m");
    policy
}

const ORDERS: &str = "policies/samples/orders.jsonl";

fn lines(out: &Output) -> Vec<Json> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn dec(v: &Json) -> rust_decimal::Decimal {
    v.as_str().unwrap().parse().unwrap()
}

/// Each order's figures under `policy`, from `estimate --jsonl --policy`: the diff must
/// say what the estimate says.
fn estimates(policy: &str, orders: &str) -> Vec<Json> {
    let out = cli(&["estimate", orders, "--jsonl", "--policy", policy]);
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The line and amount of the largest change one way.
type Extreme = Option<(usize, rust_decimal::Decimal)>;

/// Checks a diff's lines against the estimates of each version, and its summary against
/// the lines.
fn check_against_estimates(diff: &[Json], old: &str, new: &str) {
    let (before, after) = (estimates(old, ORDERS), estimates(new, ORDERS));
    let orders: Vec<Json> = std::fs::read_to_string(repo(ORDERS))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (answers, summary) = diff.split_at(diff.len() - 1);
    assert_eq!(answers.len(), orders.len());
    let (mut changed, mut unchanged, mut refused) = (0, 0, 0);
    let mut total = rust_decimal::Decimal::ZERO;
    let (mut up, mut down): (Extreme, Extreme) = (None, None);
    for (i, answer) in answers.iter().enumerate() {
        assert_eq!(answer["line"], i + 1);
        assert_eq!(answer["plan"], orders[i]["order"]["plan"]);
        assert_eq!(answer["at"], orders[i]["request"]["at"]);
        for (side, estimate) in [("old", &before[i]), ("new", &after[i])] {
            if estimate.get("refund").is_some() {
                for field in ["refund", "owed", "outcome"] {
                    assert_eq!(
                        answer[side][field],
                        estimate[field],
                        "line {} {side}",
                        i + 1
                    );
                }
            } else {
                assert_eq!(answer[side]["error"], *estimate, "line {} {side}", i + 1);
            }
        }
        if answer.get("change").is_none() {
            refused += 1;
            continue;
        }
        let change = dec(&answer["new"]["refund"]) - dec(&answer["old"]["refund"]);
        assert_eq!(dec(&answer["change"]), change);
        assert_eq!(
            dec(&answer["owedChange"]),
            dec(&answer["new"]["owed"]) - dec(&answer["old"]["owed"])
        );
        total += change;
        if change.is_zero() && answer["old"]["outcome"] == answer["new"]["outcome"] {
            unchanged += 1;
        } else {
            changed += 1;
        }
        if change > rust_decimal::Decimal::ZERO && up.map_or(true, |(_, c)| change > c) {
            up = Some((i + 1, change));
        }
        if change < rust_decimal::Decimal::ZERO && down.map_or(true, |(_, c)| change < c) {
            down = Some((i + 1, change));
        }
    }
    let s = &summary[0]["summary"];
    assert_eq!(s["orders"], answers.len());
    assert_eq!(
        (
            s["changed"].as_u64().unwrap(),
            s["unchanged"].as_u64().unwrap(),
            s["refused"].as_u64().unwrap()
        ),
        (changed, unchanged, refused)
    );
    assert_eq!(dec(&s["totalChange"]), total);
    for (name, extreme) in [("largestIncrease", up), ("largestDecrease", down)] {
        match extreme {
            None => assert_eq!(s[name], Json::Null, "{name}"),
            Some((line, change)) => {
                assert_eq!(s[name]["line"], line, "{name}");
                assert_eq!(dec(&s[name]["change"]), change, "{name}");
                assert_eq!(s[name]["plan"], orders[line - 1]["order"]["plan"], "{name}");
            }
        }
    }
}

/// Golden: the bundled policy against itself with an 8 % handling fee, on the sample orders.
/// The output is held to tests/diff/handling-fee-8.jsonl byte for byte; each figure equals
/// what `estimate` says under each version; and the change follows from the fee by hand: a
/// refund of 95 % of what remains becomes 92 % of it.
#[test]
fn diff_handling_fee_5_to_8_golden() {
    let new = TempFile::new("handling-8.json", &handling_8().to_string());
    let old = repo("policies/default.json");
    let out = cli(&[
        "diff",
        old.to_str().unwrap(),
        new.path(),
        "--orders",
        repo(ORDERS).to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    golden("handling-fee-8.jsonl", &stdout(&out));
    let diff = lines(&out);
    check_against_estimates(&diff, old.to_str().unwrap(), new.path());
    let summary = &diff[48]["summary"];
    assert_eq!(summary["orders"], 48);
    assert_eq!(summary["refused"], 0);
    assert_eq!(summary["currency"], "CNY");
    assert_eq!(summary["largestIncrease"], Json::Null);
    // Refunds inside the 5-day cooling-off window (3 days in) come back whole under both:
    // no fee; the three-year plans and the postpaid plan have fees of their own.
    for answer in &diff[..48] {
        let plan = answer["plan"].as_str().unwrap();
        let cooling_off = answer["old"]["outcome"] == "full";
        let own_fees = plan.starts_with("3year") || plan == "postpaid-100m";
        if cooling_off || own_fees {
            assert_eq!(answer["change"], "0.00", "{answer}");
            continue;
        }
        // refund = 95 % of what remains (within a cent, the rounding of each figure).
        let old = dec(&answer["old"]["refund"]);
        let by_hand = (old / rust_decimal::Decimal::new(95, 2) * rust_decimal::Decimal::new(92, 2))
            .round_dp(2);
        let new = dec(&answer["new"]["refund"]);
        assert!(
            (new - by_hand).abs() <= rust_decimal::Decimal::new(1, 2),
            "{answer}: by hand {by_hand}"
        );
        assert!(
            dec(&answer["change"]) < rust_decimal::Decimal::ZERO,
            "{answer}"
        );
    }
    assert_eq!(summary["changed"], 24);
    assert_eq!(summary["unchanged"], 24);
}

/// Golden: changes both ways, and orders of a plan the new version withdrew: answered with
/// the error in the new version's place, counted as refused, exit 1.
#[test]
fn diff_up_down_and_refused_golden() {
    let new = TempFile::new("mixed.json", &mixed().to_string());
    let old = repo("policies/default.json");
    let out = cli(&[
        "diff",
        old.to_str().unwrap(),
        new.path(),
        "--orders",
        repo(ORDERS).to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    golden("up-down-refused.jsonl", &stdout(&out));
    let diff = lines(&out);
    check_against_estimates(&diff, old.to_str().unwrap(), new.path());
    let summary = &diff[48]["summary"];
    assert_eq!(summary["refused"], 3);
    for answer in diff[..48].iter().filter(|a| a["plan"] == "annual-50m") {
        assert_eq!(answer["new"]["error"]["code"], "unknown_plan");
        assert_eq!(answer["new"]["error"]["path"], "order.plan");
        assert!(answer.get("change").is_none());
    }
    assert!(summary["largestIncrease"]["plan"]
        .as_str()
        .unwrap()
        .starts_with("3year"));
    assert!(dec(&summary["largestIncrease"]["change"]) > rust_decimal::Decimal::ZERO);
    assert!(dec(&summary["largestDecrease"]["change"]) < rust_decimal::Decimal::ZERO);
}

/// tests/diff/NAME holds the expected output; `UPDATE_GOLDEN=1` rewrites it.
fn golden(name: &str, actual: &str) {
    let path = repo("tests/diff").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    assert!(
        actual == expected,
        "{name} differs from the output:\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

#[test]
fn diff_of_a_policy_with_itself_changes_nothing_and_reads_stdin() {
    let policy = repo("policies/default.json");
    let orders = std::fs::read_to_string(repo(ORDERS)).unwrap();
    let mut child = Command::new(BIN)
        .args([
            "diff",
            policy.to_str().unwrap(),
            policy.to_str().unwrap(),
            "--orders",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(orders.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let diff = lines(&out);
    assert_eq!(diff.len(), 49);
    assert!(diff[..48]
        .iter()
        .all(|a| a["change"] == "0.00" && a["owedChange"] == "0.00" && a["old"] == a["new"]));
    assert_eq!(
        diff[48],
        serde_json::json!({"summary": {"orders": 48, "changed": 0, "unchanged": 48, "refused": 0,
            "currency": "CNY", "totalChange": "0.00", "totalOwedChange": "0.00",
            "largestIncrease": null, "largestDecrease": null}})
    );
}

/// A line that cannot be read is answered in its place (line N stays line N), and the rest
/// are read; a line's own policy is replaced by the two versions.
#[test]
fn diff_answers_bad_lines_in_place() {
    let order = std::fs::read_to_string(repo(ORDERS))
        .unwrap()
        .lines()
        .nth(25)
        .unwrap()
        .to_owned();
    let mut with_policy: Json = serde_json::from_str(&order).unwrap();
    with_policy["policy"] = serde_json::from_str(
        &std::fs::read_to_string(repo("policies/examples/telecom-termination.json")).unwrap(),
    )
    .unwrap();
    let orders = TempFile::new(
        "orders.jsonl",
        &format!("{order}\n\n{{\"order\": \n{with_policy}\n"),
    );
    let new = TempFile::new("handling-8b.json", &handling_8().to_string());
    let old = repo("policies/default.json");
    let out = cli(&[
        "diff",
        old.to_str().unwrap(),
        new.path(),
        "--orders",
        orders.path(),
    ]);
    assert_eq!(code(&out), 1);
    let diff = lines(&out);
    assert_eq!(diff.len(), 5);
    assert_eq!(diff[0]["change"], "-1385.30");
    assert_eq!(diff[1]["line"], 2);
    assert_eq!(diff[1]["error"]["code"], "invalid_json");
    assert_eq!(diff[2]["line"], 3);
    assert_eq!(diff[2]["error"]["code"], "invalid_json");
    assert_eq!(diff[3]["line"], 4);
    assert_eq!(
        diff[3]["old"], diff[0]["old"],
        "the line's own policy is not used"
    );
    assert_eq!(diff[3]["change"], "-1385.30");
    assert_eq!(diff[4]["summary"]["orders"], 4);
    assert_eq!(diff[4]["summary"]["refused"], 2);
    assert_eq!(diff[4]["summary"]["changed"], 2);
}

#[test]
fn diff_refuses_bad_policies_and_arguments() {
    let old = repo("policies/default.json");
    let old = old.to_str().unwrap();
    let orders = repo(ORDERS);
    let orders = orders.to_str().unwrap();
    // Usage (exit 2), before anything is read.
    for (args, says) in [
        (&["diff"][..], "diff needs two policy files"),
        (&["diff", old], "diff needs two policy files"),
        (&["diff", old, old], "diff needs --orders FILE"),
        (
            &["diff", old, old, "x.json", "--orders", orders],
            "unexpected argument \"x.json\"",
        ),
        (&["diff", old, old, "--orders"], "--orders needs a value"),
        (
            &["diff", old, old, "--orders", orders, "--jsonl"],
            "diff does not take --jsonl",
        ),
        (
            &["estimate", "--orders", orders],
            "estimate does not take --orders",
        ),
        (
            &["diff", "-", old, "--orders", "-"],
            "diff reads standard input (-) for one of",
        ),
    ] {
        let out = cli(args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with(&format!("error: {says}")),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("Usage: refund-estimator"), "{args:?}");
        assert_eq!(stdout(&out), "");
    }
    // Files that cannot be read (exit 3).
    for args in [
        &["diff", old, "/nonexistent/new.json", "--orders", orders][..],
        &["diff", old, old, "--orders", "/nonexistent/orders.jsonl"],
    ] {
        let out = cli(args);
        assert_eq!(code(&out), 3, "{args:?}");
        assert!(
            stderr(&out).contains("cannot read /nonexistent/"),
            "{}",
            stderr(&out)
        );
    }
    // A policy refused (exit 1): its problems under "old" or "new", the file named.
    let mut broken = bundled();
    broken["plans"][0]["price"] = "-1".into();
    broken["rules"]["fees"]["handling"]["percnt"] = "5".into();
    let broken = TempFile::new("broken.json", &broken.to_string());
    let out = cli(&["diff", old, broken.path(), "--orders", orders]);
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    let error: Json = serde_json::from_str(&stderr(&out)).unwrap();
    let paths: Vec<&str> = error["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"new.rules.fees.handling.percnt"),
        "{paths:?}"
    );
    assert!(paths.contains(&"new.plans[0].price"), "{paths:?}");
    let not_json = TempFile::new("not-json.json", "{\"id\": ");
    let out = cli(&["diff", not_json.path(), old, "--orders", orders]);
    assert_eq!(code(&out), 1);
    let error: Json = serde_json::from_str(&stderr(&out)).unwrap();
    assert_eq!(error["code"], "invalid_json");
    assert_eq!(error["path"], "old");
    // Two versions of one policy share a currency.
    let out = cli(&[
        "diff",
        old,
        repo("policies/examples/telecom-termination.json")
            .to_str()
            .unwrap(),
        "--orders",
        orders,
    ]);
    assert_eq!(code(&out), 1);
    let error: Json = serde_json::from_str(&stderr(&out)).unwrap();
    assert_eq!(error["code"], "invalid_enum");
    assert_eq!(error["path"], "new.currency");
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("expected \"CNY\", the currency of the old policy, got \"USD\""));
}

#[test]
fn diff_help_says_what_each_line_holds() {
    let out = cli(&["diff", "--help"]);
    assert_eq!(code(&out), 0);
    let help = stdout(&out);
    assert!(help.starts_with("What a new version of a policy changes, order by order"));
    assert!(
        help.contains("Usage: refund-estimator diff OLD_POLICY NEW_POLICY --orders ORDERS_FILE")
    );
    assert!(help.contains("--orders FILE"));
    assert!(help.contains("{summary: {orders, changed, unchanged, refused, currency,"));
    assert!(help.contains("Exit codes:"));
    assert!(stdout(&cli(&["help"]))
        .contains("  diff            Two versions of a policy on the same orders"));
}
