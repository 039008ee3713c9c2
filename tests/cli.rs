#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
//! The native CLI, run as a process: input from a file or stdin, `--policy`, `--locale`,
//! `--jsonl` (also as a co-process), `--compact`, `validate`, `default-policy`, `--help` on
//! every command, and the exit codes (0 success, 1 input refused with the error JSON on
//! stderr, 2 usage error, 3 a file that cannot be read).

use rust_decimal::Decimal;
use serde_json::{json, Value as Json};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::str::FromStr;

const BIN: &str = env!("CARGO_BIN_EXE_refund-estimator");

/// Runs the CLI with `args`, feeding `stdin` when given.
fn cli(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        // The CLI may reject its arguments before reading stdin and close the pipe.
        match pipe.write_all(text.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.unwrap(),
        }
    }
    child.wait_with_output().unwrap()
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

fn json_out(o: &Output) -> Json {
    serde_json::from_str(&stdout(o))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(o)))
}

fn json_err(o: &Output) -> Json {
    serde_json::from_str(&stderr(o))
        .unwrap_or_else(|e| panic!("stderr is not JSON ({e}): {}", stderr(o)))
}

/// A file in the temp directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!(
            "refund-estimator-cli-{}-{name}",
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

fn default_policy_path() -> String {
    format!("{}/policies/default.json", env!("CARGO_MANIFEST_DIR"))
}

/// An input against the bundled policy (no `policy` field).
fn input() -> Json {
    json!({
        "order": {
            "plan": "annual-100m",
            "start": "2026-01-15T10:30:00+08:00",
            "paid": {"cash": "69360.00", "credit": "800.00", "voucher": "600.00"},
            "setupFee": "800.00",
            "usage": {"traffic_gb": "30000"}
        },
        "request": {"at": "2026-05-20T18:40:00+08:00", "reason": "business_change", "locale": "en"}
    })
}

/// A small policy of our own, in USD.
fn own_policy() -> Json {
    json!({
        "id": "cli-test-policy",
        "version": "7",
        "currency": "USD",
        "rounding": "half_even",
        "rules": {"consumed": {"unit": "day", "endRounding": "up"}},
        "plans": [{"id": "annual-100m", "term": {"months": 12}, "price": "1200.00"}]
    })
}

fn dec(s: &Json) -> Decimal {
    Decimal::from_str(s.as_str().unwrap()).unwrap()
}

/// The lines sum exactly to the refund (minus what is owed).
fn assert_lines_sum(e: &Json) {
    let lines = e["lines"].as_array().unwrap();
    assert!(!lines.is_empty());
    let sum: Decimal = lines.iter().map(|l| dec(&l["amount"])).sum();
    assert_eq!(sum, dec(&e["refund"]) - dec(&e["owed"]), "{e}");
}

#[test]
fn estimates_from_a_file() {
    let file = TempFile::new("input.json", &input().to_string());
    let out = cli(&["estimate", file.path()], None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let e = json_out(&out);
    assert_eq!(e["currency"], "CNY");
    assert_eq!(e["policy"]["id"], "streamline-dedicated-lines");
    assert_eq!(e["lines"][0]["code"], "paid");
    assert_eq!(dec(&e["lines"][0]["amount"]), Decimal::new(7_076_000, 2));
    assert!(dec(&e["refund"]) > Decimal::ZERO);
    assert_lines_sum(&e);
    // Pretty by default: more than one line.
    assert!(stdout(&out).trim_end().lines().count() > 1);
}

#[test]
fn estimates_from_stdin_with_the_same_bytes() {
    let text = input().to_string();
    let file = TempFile::new("stdin.json", &text);
    let from_file = cli(&["estimate", file.path()], None);
    let from_stdin = cli(&["estimate"], Some(&text));
    let from_dash = cli(&["estimate", "-"], Some(&text));
    for out in [&from_stdin, &from_dash] {
        assert_eq!(code(out), 0, "{}", stderr(out));
        assert_eq!(stdout(out), stdout(&from_file));
    }
    assert_lines_sum(&json_out(&from_stdin));
}

#[test]
fn compact_prints_one_line_with_the_same_value() {
    let text = input().to_string();
    let pretty = cli(&["estimate"], Some(&text));
    let compact = cli(&["estimate", "--compact"], Some(&text));
    assert_eq!(code(&compact), 0);
    assert_eq!(stdout(&compact).trim_end().lines().count(), 1);
    assert_eq!(json_out(&compact), json_out(&pretty));
}

#[test]
fn the_policy_option_replaces_the_input_policy() {
    let policy = TempFile::new("policy.json", &own_policy().to_string());
    // Without "policy" in the input…
    let out = cli(
        &["estimate", "--policy", policy.path()],
        Some(
            &json!({
                "order": {"plan": "annual-100m", "start": "2026-01-01", "paid": {"cash": "1200.00"}},
                "request": {"at": "2026-01-11"}
            })
            .to_string(),
        ),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let e = json_out(&out);
    assert_eq!(e["currency"], "USD");
    assert_eq!(
        e["policy"],
        json!({"id": "cli-test-policy", "version": "7"})
    );
    // 10 days of 365 used: 1200 × 10 / 365 = 32.876… → 32.88 consumed.
    assert_eq!(e["refund"], "1167.12");
    assert_lines_sum(&e);

    // …and with one, which --policy replaces.
    let mut with_policy = input();
    with_policy["policy"] = json!({"id": "broken"});
    with_policy["order"]["paid"] = json!({"cash": "1200.00"});
    with_policy["order"]
        .as_object_mut()
        .unwrap()
        .remove("setupFee");
    with_policy["order"]
        .as_object_mut()
        .unwrap()
        .remove("usage");
    let out = cli(
        &["estimate", "--policy", policy.path()],
        Some(&with_policy.to_string()),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(json_out(&out)["policy"]["id"], "cli-test-policy");
}

#[test]
fn a_bad_policy_file_is_bad_input() {
    let policy = TempFile::new("bad-policy.json", "{\"id\": ");
    let out = cli(
        &["estimate", "--policy", policy.path()],
        Some(&input().to_string()),
    );
    assert_eq!(code(&out), 1);
    assert_eq!(json_err(&out)["code"], "invalid_json");

    let policy = TempFile::new("invalid-policy.json", &json!({"id": "x"}).to_string());
    let out = cli(
        &["estimate", "--policy", policy.path()],
        Some(&input().to_string()),
    );
    assert_eq!(code(&out), 1);
    let err = json_err(&out);
    assert_eq!(err["code"], "missing_field");
    assert_eq!(err["path"], "policy.version");
}

#[test]
fn the_locale_changes_labels_not_amounts() {
    // The input asks for "en": --locale replaces it.
    let text = input().to_string();
    let en = json_out(&cli(&["estimate", "--locale", "en"], Some(&text)));
    let zh = json_out(&cli(&["estimate", "--locale", "zh-CN"], Some(&text)));
    let amounts = |e: &Json| {
        (
            e["refund"].clone(),
            e["owed"].clone(),
            e["outcome"].clone(),
            e["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| (l["code"].clone(), l["amount"].clone()))
                .collect::<Vec<_>>(),
            e["destinations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| (d["to"].clone(), d["amount"].clone()))
                .collect::<Vec<_>>(),
            e["credits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| (c["code"].clone(), c["amount"].clone()))
                .collect::<Vec<_>>(),
            e["tax"].clone(),
        )
    };
    assert_eq!(amounts(&en), amounts(&zh));
    let labels = |e: &Json| {
        e["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["label"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let (en_labels, zh_labels) = (labels(&en), labels(&zh));
    assert_eq!(en_labels[0], "Amount paid");
    for (a, b) in en_labels.iter().zip(&zh_labels) {
        assert_ne!(a, b, "a label was not translated");
    }
    assert!(
        zh_labels.iter().all(|l| l.chars().any(|c| c > '\u{2e80}')),
        "{zh_labels:?}"
    );
}

#[test]
fn jsonl_reports_the_bad_line_and_continues() {
    let good = input().to_string();
    let mut bad = input();
    bad["order"]["paid"]["cash"] = json!("-5");
    let text = format!("{good}\n{}\n{good}\n", bad);
    let out = cli(&["estimate", "--jsonl"], Some(&text));
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let lines: Vec<Json> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{}", stdout(&out));
    assert_eq!(lines[1]["code"], "invalid_amount");
    assert_eq!(lines[1]["path"], "order.paid.cash");
    assert!(lines[1]["message"].as_str().unwrap().contains("-5"));
    assert_eq!(lines[1]["errors"].as_array().unwrap().len(), 1);
    for l in [&lines[0], &lines[2]] {
        assert_eq!(l["currency"], "CNY");
        assert_lines_sum(l);
    }
    assert_eq!(lines[0], lines[2]);

    // Malformed JSON on a line is an error object too.
    let out = cli(&["estimate", "--jsonl"], Some(&format!("{{\n{good}\n")));
    assert_eq!(code(&out), 1);
    let lines: Vec<Json> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["code"], "invalid_json");
    assert_eq!(lines[1]["currency"], "CNY");

    // All good: exit 0, and the same answers as one at a time.
    let file = TempFile::new("lines.jsonl", &format!("{good}\n{good}\n"));
    let out = cli(&["estimate", "--jsonl", file.path()], None);
    assert_eq!(code(&out), 0);
    let single = json_out(&cli(&["estimate"], Some(&good)));
    for l in stdout(&out).lines() {
        assert_eq!(serde_json::from_str::<Json>(l).unwrap(), single);
    }
}

#[test]
fn malformed_json_exits_1_with_the_error_on_stderr() {
    let out = cli(&["estimate"], Some("{\"order\": "));
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    let err = json_err(&out);
    assert_eq!(err["code"], "invalid_json");
    assert_eq!(err["path"], "");
    assert!(err["message"].as_str().unwrap().contains("line 1"));

    // Valid JSON, invalid input: the same channel, every problem listed.
    let mut bad = input();
    bad["order"]["paid"]["cash"] = json!("1.001");
    bad["request"]["at"] = json!("2026-02-30");
    let out = cli(&["estimate"], Some(&bad.to_string()));
    assert_eq!(code(&out), 1);
    let err = json_err(&out);
    assert_eq!(err["code"], "too_precise");
    assert_eq!(err["path"], "order.paid.cash");
    let paths: Vec<&str> = err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["order.paid.cash", "request.at"]);
}

#[test]
fn validate_accepts_the_bundled_policy() {
    let out = cli(&["validate", &default_policy_path()], None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let ok = json_out(&out);
    assert_eq!(ok["ok"], true);
    assert_eq!(ok["id"], "streamline-dedicated-lines");
    assert_eq!(ok["plans"], 16);
    assert!(stdout(&out).contains("\"ok\":true"));
}

#[test]
fn validate_reports_every_problem_of_a_bad_policy() {
    let bad = json!({
        "id": "p",
        "version": "1",
        "currency": "RMB",
        "timezone": "+8",
        "rules": {"consumed": {"unit": "days"}},
        "plans": [{"id": "a", "term": {"months": 1201}, "price": "-1", "colour": "red"}]
    });
    let file = TempFile::new("bad-validate.json", &bad.to_string());
    let out = cli(&["validate", file.path()], None);
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    let err = json_err(&out);
    let problems: Vec<(&str, &str)> = err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["code"].as_str().unwrap(), e["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        problems,
        [
            ("unknown_currency", "currency"),
            ("invalid_timezone", "timezone"),
            ("invalid_enum", "rules.consumed.unit"),
            ("out_of_range", "plans[0].term.months"),
            ("invalid_amount", "plans[0].price"),
            ("unknown_field", "plans[0].colour"),
        ]
    );
    assert_eq!(err["code"], "unknown_currency");

    let file = TempFile::new("bad-validate-json.json", "{");
    let out = cli(&["validate", file.path()], None);
    assert_eq!(code(&out), 1);
    assert_eq!(json_err(&out)["code"], "invalid_json");
}

#[test]
fn default_policy_prints_a_policy_that_validates() {
    let out = cli(&["default-policy"], None);
    assert_eq!(code(&out), 0);
    let mut printed = json_out(&out);
    let on_disk: Json =
        serde_json::from_str(&std::fs::read_to_string(default_policy_path()).unwrap()).unwrap();
    // Saved on its own, it names the published schema, not the repository's relative path.
    assert_eq!(
        printed["$schema"],
        "https://unpkg.com/refund-estimator/policy.schema.json"
    );
    printed["$schema"] = on_disk["$schema"].clone();
    assert_eq!(printed, on_disk);
}

/// Usage errors exit 2, clap's convention, with the usage on stderr; every one is found
/// before any input is read (stdin here is a valid input).
#[test]
fn usage_errors_exit_2() {
    let valid = input().to_string();
    for (args, says) in [
        (&[][..], "a command is required"),
        (&["estimate", "--bogus"], "invalid option '--bogus'"),
        (&["--bogus"], "invalid option '--bogus'"),
        (&["frobnicate"], "unknown command 'frobnicate'"),
        (&["help", "frobnicate"], "unknown command 'frobnicate'"),
        (&["validate"], "validate needs a policy file"),
        (
            &["validate", "a.json", "b.json"],
            "unexpected argument \"b.json\"",
        ),
        (&["estimate", "--policy"], "--policy needs a value"),
        (&["estimate", "--locale"], "--locale needs a value"),
        (
            &["estimate", "a.json", "b.json"],
            "unexpected argument \"b.json\"",
        ),
        // Options a command does not take are refused up front.
        (&["curve", "--jsonl"], "curve does not take --jsonl"),
        (&["compare", "--jsonl"], "compare does not take --jsonl"),
        (
            &["validate", "--policy", "p.json", "x.json"],
            "validate does not take --policy",
        ),
        (
            &["validate", "x.json", "--locale", "en"],
            "validate does not take --locale",
        ),
        (
            &["estimate", "--options", "{}"],
            "estimate does not take --options",
        ),
        (
            &["default-policy", "--compact"],
            "default-policy does not take --compact",
        ),
        (
            &["default-policy", "extra"],
            "unexpected argument \"extra\"",
        ),
    ] {
        let out = cli(args, Some(&valid));
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{args:?}");
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!("error: {says}")),
            "{args:?}: {err}"
        );
        assert!(err.contains("Usage: refund-estimator"), "{args:?}: {err}");
        assert!(err.contains("--help"), "{args:?}: {err}");
    }
    let out = cli(
        &["estimate", "/nonexistent/refund-estimator/input.json"],
        None,
    );
    assert_eq!(code(&out), 3);
    assert!(stderr(&out).contains("cannot read"), "{}", stderr(&out));
}

#[test]
fn help_and_version_exit_0() {
    for flag in ["--help", "-h", "help"] {
        let out = cli(&[flag], None);
        assert_eq!(code(&out), 0, "{flag}");
        let text = stdout(&out);
        for word in [
            "estimate",
            "curve",
            "compare",
            "validate",
            "default-policy",
            "--version",
            "Exit codes",
        ] {
            assert!(text.contains(word), "{flag}: help lacks {word}");
        }
    }
    // Every command has its help, with the options it takes and no other.
    for (command, takes, not) in [
        (
            "estimate",
            &["--policy", "--locale", "--jsonl", "--compact"][..],
            &["--options"][..],
        ),
        (
            "curve",
            &["--options", "--policy", "--locale", "--compact"],
            &["--jsonl"],
        ),
        (
            "compare",
            &["--options", "--policy", "--locale", "--compact"],
            &["--jsonl"],
        ),
        (
            "validate",
            &["--compact"],
            &["--policy", "--jsonl", "--locale"],
        ),
        ("default-policy", &[], &["--compact", "--policy"]),
    ] {
        for args in [
            &[command, "--help"][..],
            &[command, "-h"],
            &["help", command],
            &[command, "x.json", "--help"],
        ] {
            let out = cli(args, None);
            assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
            let text = stdout(&out);
            assert!(
                text.contains(&format!("Usage: refund-estimator {command}")),
                "{args:?}: {text}"
            );
            assert!(text.contains("Exit codes"), "{args:?}");
            for word in takes {
                assert!(text.contains(word), "{args:?}: help lacks {word}");
            }
            for word in not {
                assert!(!text.contains(word), "{args:?}: help names {word}");
            }
        }
    }
    for flag in ["--version", "-V"] {
        let out = cli(&[flag], None);
        assert_eq!(code(&out), 0, "{flag}");
        assert_eq!(
            stdout(&out).trim(),
            format!("refund-estimator {}", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn curve_prints_points_break_points_and_best() {
    let out = cli(
        &["curve", "--options", r#"{"step": "month"}"#, "--compact"],
        Some(&input().to_string()),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let curve = json_out(&out);
    // 15 Jan 2026 → 15 Jan 2027 monthly, both ends: 13 points.
    assert_eq!(curve["points"].as_array().unwrap().len(), 13);
    assert_eq!(curve["breakpoints"][0]["code"], "cooling_off_end");
    assert_eq!(curve["best"]["at"], "2026-01-20T10:30:00+08:00");
    // Options come from a file too, and bad options are bad input.
    let options = TempFile::new("curve-options.json", r#"{"step": "fortnight"}"#);
    let at_file = format!("@{}", options.path());
    let out = cli(
        &["curve", "--options", &at_file],
        Some(&input().to_string()),
    );
    assert_eq!(code(&out), 1);
    assert_eq!(json_err(&out)["path"], "options.step");
}

#[test]
fn compare_ranks_plans_in_the_requested_locale() {
    let out = cli(
        &[
            "compare",
            "--options",
            r#"{"after": {"months": 4}, "plans": ["monthly-100m", "annual-100m"]}"#,
            "--locale",
            "zh-CN",
        ],
        Some(r#"{"start": "2026-01-15"}"#),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows = json_out(&out)["rows"].as_array().unwrap().clone();
    let plans: Vec<&str> = rows.iter().map(|r| r["plan"].as_str().unwrap()).collect();
    assert_eq!(plans, ["annual-100m", "monthly-100m"]);
    assert_eq!(rows[0]["netCost"], "25931.12");
    assert!(rows[0]["label"]
        .as_str()
        .unwrap()
        .starts_with("年付国际专线 100M：首期支付"));
    let out = cli(&["compare"], Some(r#"{"start": "2026-01-15"}"#));
    assert_eq!(code(&out), 1);
    assert_eq!(json_err(&out)["path"], "options.after");
}

/// Runs the CLI with raw bytes on stdin.
fn cli_bytes(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    // Written from another thread: the CLI may stop reading (at 16 MiB) before the end.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// `--jsonl` as a co-process: the answer to line 1 is read before line 2 is written.
#[test]
fn jsonl_answers_each_line_as_it_comes() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(BIN)
        .args(["estimate", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let answers = BufReader::new(child.stdout.take().unwrap());
    // Answers are read on their own thread: one that never comes fails the test (after a
    // minute) instead of hanging it, as an unflushed answer did.
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in answers.lines() {
            if sender.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let good = input().to_string();
    let single = json_out(&cli(&["estimate"], Some(&good)));
    let read_answer = || {
        let line = receiver
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("no answer while stdin is open: answers must be flushed line by line");
        serde_json::from_str::<Json>(&line).unwrap()
    };
    // Line 1 is written and its answer read while stdin stays open.
    writeln!(stdin, "{good}").unwrap();
    stdin.flush().unwrap();
    assert_eq!(read_answer(), single);
    // A bad line answers with its error, and the next line is still read.
    writeln!(stdin, "{{\"order\": 1}}").unwrap();
    stdin.flush().unwrap();
    let error = read_answer();
    assert_eq!(error["code"], "missing_field");
    writeln!(stdin, "{good}").unwrap();
    stdin.flush().unwrap();
    assert_eq!(read_answer(), single);
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
}

/// Line N's answer is line N: a blank line, a line that is not UTF-8, a line too long and
/// a line that is not JSON each answer with their error, and the batch goes on.
#[test]
fn jsonl_keeps_line_n_to_answer_n() {
    let good = input().to_string();
    let mut text: Vec<u8> = Vec::new();
    text.extend_from_slice(good.as_bytes());
    text.extend_from_slice(b"\n\n");
    text.extend_from_slice(b"   \r\n");
    text.extend_from_slice(b"{\"order\": \"\xff\xfe\"}\n");
    text.extend_from_slice(b"{\n");
    text.extend_from_slice(good.as_bytes());
    text.extend_from_slice(b"\r\n");
    text.extend_from_slice(&vec![b' '; (16 << 20) + 10]);
    text.extend_from_slice(b"\n");
    text.extend_from_slice(good.as_bytes()); // the last line needs no newline
    let out = cli_bytes(&["estimate", "--jsonl", "--compact"], &text);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let lines: Vec<Json> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let codes: Vec<&str> = lines
        .iter()
        .map(|l| l["code"].as_str().unwrap_or("estimate"))
        .collect();
    assert_eq!(
        codes,
        [
            "estimate",
            "invalid_json",
            "invalid_json",
            "invalid_json",
            "invalid_json",
            "estimate",
            "input_too_large",
            "estimate"
        ]
    );
    assert_eq!(
        lines[1]["message"],
        "the line is empty: each line of --jsonl input holds one JSON input"
    );
    assert_eq!(
        lines[3]["message"],
        "the input is not valid UTF-8: byte 0xFF at line 1 column 12; JSON text must be UTF-8"
    );
    assert_eq!(lines[0], lines[5]);
    assert_eq!(lines[0], lines[7]);
    for l in &lines {
        assert!(
            l.get("errors").is_some() || l.get("refund").is_some(),
            "{l}"
        );
    }
}

/// Input past 16 MiB is refused with `input_too_large` without being read to its end:
/// from stdin, from a file, from /dev/zero, for --policy and --options files.
#[test]
fn input_past_16_mib_is_refused_as_it_is_read() {
    let huge = vec![b' '; (16 << 20) + 1];
    let check = |out: &Output, path: &str| {
        assert_eq!(code(out), 1, "{}", stderr(out));
        let err = json_err(out);
        assert_eq!(err["code"], "input_too_large");
        assert_eq!(err["path"], path);
        assert!(err["message"]
            .as_str()
            .unwrap()
            .contains("longer than 16 MiB"));
    };
    check(&cli_bytes(&["estimate"], &huge), "");
    let file = TempFile::new("huge.json", std::str::from_utf8(&huge).unwrap());
    check(&cli(&["estimate", file.path()], None), "");
    check(&cli(&["validate", file.path()], None), "");
    check(&cli(&["estimate", "/dev/zero"], None), "");
    check(
        &cli(
            &["estimate", "--policy", "/dev/zero"],
            Some(&input().to_string()),
        ),
        "policy",
    );
    check(
        &cli(
            &["curve", "--options", "@/dev/zero"],
            Some(&input().to_string()),
        ),
        "options",
    );
    // 16 MiB itself is read: spaces around a valid input.
    let mut exactly = input().to_string().into_bytes();
    exactly.resize(16 << 20, b' ');
    let out = cli_bytes(&["estimate", "--compact"], &exactly);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// Bytes that are not UTF-8 are refused as the input's error (exit 1, the error JSON),
/// never as a usage error; a byte-order mark is skipped.
#[test]
fn invalid_utf8_is_bad_input_and_a_bom_is_skipped() {
    let out = cli_bytes(
        &["estimate"],
        b"{\"order\": {\"plan\": \"annual\xc3\x28\"}}",
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = json_err(&out);
    assert_eq!(err["code"], "invalid_json");
    assert_eq!(err["path"], "");
    assert_eq!(
        err["message"],
        "the input is not valid UTF-8: byte 0xC3 at line 1 column 27; JSON text must be UTF-8"
    );
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(input().to_string().as_bytes());
    let out = cli_bytes(&["estimate"], &bom);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        json_out(&out),
        json_out(&cli(&["estimate"], Some(&input().to_string())))
    );
}

/// `--compact` prints errors on one line too; without it they are indented.
#[test]
fn compact_errors_are_one_line() {
    let out = cli(&["estimate", "--compact"], Some("{\"order\": 1}"));
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert_eq!(json_err(&out)["path"], "request");
    let out = cli(&["estimate"], Some("{\"order\": 1}"));
    assert!(stderr(&out).lines().count() > 1);
    assert_eq!(json_err(&out)["path"], "request");
}

/// Bad JSON in `--options` or a `--policy` file names the option and its path.
#[test]
fn bad_json_in_options_and_policy_files_names_them() {
    let out = cli(
        &["curve", "--options", "{\"step\": "],
        Some(&input().to_string()),
    );
    assert_eq!(code(&out), 1);
    let err = json_err(&out);
    assert_eq!(err["code"], "invalid_json");
    assert_eq!(err["path"], "options");
    assert_eq!(
        err["message"],
        "the --options JSON is not valid JSON: unexpected end of input at line 1 column 10"
    );
    let policy = TempFile::new("broken-policy.json", "{\"id\": }");
    let out = cli(
        &["estimate", "--policy", policy.path()],
        Some(&input().to_string()),
    );
    assert_eq!(code(&out), 1);
    let err = json_err(&out);
    assert_eq!(err["path"], "policy");
    assert_eq!(
        err["message"],
        format!(
            "the --policy file ({}) is not valid JSON: expected a value at line 1 column 8",
            policy.path()
        )
    );
    // A --policy file with problems: each at its path under "policy".
    let policy = TempFile::new("bad-policy-paths.json", &json!({"id": "x", "version": "1", "currency": "RMB", "plans": [{"id": "a", "term": {"months": 0}, "price": "1"}]}).to_string());
    let out = cli(
        &["estimate", "--policy", policy.path(), "--compact"],
        Some(&input().to_string()),
    );
    let paths: Vec<String> = json_err(&out)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paths, ["policy.currency", "policy.plans[0].term.months"]);
}

#[path = "bad/corpus.rs"]
mod corpus;

/// Every entry of the bad-input corpus through the CLI: exit 1 and the error JSON with its
/// code and path. An estimate's input is sent as a --jsonl line with a valid line after it,
/// so the same process answers the valid one right after the error.
#[test]
fn the_bad_input_corpus_through_the_cli() {
    let good = input().to_string();
    for c in corpus::corpus() {
        let blank = c.bytes.iter().all(u8::is_ascii_whitespace);
        if c.call == "estimate" && !c.bytes.contains(&b'\n') {
            let mut text = c.bytes.clone();
            text.push(b'\n');
            text.extend_from_slice(good.as_bytes());
            text.push(b'\n');
            let out = cli_bytes(&["estimate", "--jsonl"], &text);
            assert_eq!(code(&out), 1, "{}: {}", c.name, stderr(&out));
            let lines: Vec<Json> = stdout(&out)
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_eq!(lines.len(), 2, "{}: {}", c.name, stdout(&out));
            let err = &lines[0];
            assert_eq!(
                (err["code"].as_str().unwrap(), err["path"].as_str().unwrap()),
                (c.code.as_str(), c.path.as_str()),
                "{}: {err}",
                c.name
            );
            if let (Some(says), false) = (&c.says, blank) {
                assert!(
                    err["message"].as_str().unwrap().contains(says.as_str()),
                    "{}: {err}",
                    c.name
                );
            }
            if let Some(n) = c.count {
                assert_eq!(err["errors"].as_array().unwrap().len(), n, "{}", c.name);
            }
            assert_eq!(lines[1]["currency"], "CNY", "{}: the next line", c.name);
            assert_lines_sum(&lines[1]);
            continue;
        }
        let mut args = vec![c.call.as_str(), "--compact"];
        if c.call == "validate" {
            args.insert(1, "-");
        }
        if let Some(options) = &c.options {
            args.push("--options");
            args.push(options);
        }
        let out = cli_bytes(&args, &c.bytes);
        assert_eq!(code(&out), 1, "{}: {}", c.name, stderr(&out));
        assert_eq!(
            stderr(&out).lines().count(),
            1,
            "{}: compact errors are one line",
            c.name
        );
        let err = json_err(&out);
        assert_eq!(
            (err["code"].as_str().unwrap(), err["path"].as_str().unwrap()),
            (c.code.as_str(), c.path.as_str()),
            "{}: {err}",
            c.name
        );
        if let Some(says) = &c.says {
            assert!(
                err["message"].as_str().unwrap().contains(says.as_str()),
                "{}: {err}",
                c.name
            );
        }
    }
}
