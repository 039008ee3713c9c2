#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
//! Bad input: every error code but `overflow` (a guard that the input limits keep out of
//! reach, tested at those limits) is reachable, with its exact code and path; validation
//! reports every problem at once; hostile input (huge numbers, deep nesting, megabyte
//! strings, absurd dates) returns an error and never panics; and after any error the
//! library keeps working.

use refund_estimator::{
    estimate, estimate_json, validate_policy, Error, ErrorCode, Estimate, Value,
};
use serde_json::{json, Value as Json};

#[path = "bad/corpus.rs"]
mod corpus;
use corpus::corpus;

/// A small valid policy: two plans, one with a meter.
fn policy() -> Json {
    json!({
        "id": "p",
        "version": "1",
        "currency": "CNY",
        "timezone": "+08:00",
        "plans": [
            {
                "id": "annual",
                "term": {"months": 12},
                "price": "1200.00",
                "meters": [{"id": "traffic_gb", "included": "100", "unitPrice": "0.60"}]
            },
            {"id": "monthly", "term": {"months": 1}, "price": "100.00"}
        ]
    })
}

/// A valid input against `policy()`.
fn valid() -> Json {
    json!({
        "policy": policy(),
        "order": {
            "plan": "annual",
            "start": "2026-01-15T10:30:00+08:00",
            "paid": {"cash": "1200.00"},
            "usage": {"traffic_gb": "150"}
        },
        "request": {"at": "2026-05-20T18:40:00+08:00", "reason": "business_change"}
    })
}

/// Every problem of an error as `(code, path)`, in order.
fn codes_and_paths(e: &Error) -> Vec<(&str, &str)> {
    e.problems()
        .map(|p| (p.code.as_str(), p.path.as_str()))
        .collect()
}

fn value(j: &Json) -> Value {
    Value::parse(&j.to_string()).unwrap()
}

fn run(j: &Json) -> Result<Estimate, Error> {
    estimate(&value(j))
}

/// The valid input's estimate, computed fresh: the library still works after an error.
fn assert_still_works() {
    let e = run(&valid()).unwrap_or_else(|e| panic!("the valid input failed: {e}"));
    assert_eq!(e.currency, "CNY");
    assert!(
        e.refund.parse::<f64>().unwrap() > 0.0,
        "refund {}",
        e.refund
    );
    let bundled = estimate_json(
        r#"{"order": {"plan": "annual-100m", "start": "2026-01-15", "paid": {"cash": "36800.00"}},
            "request": {"at": "2026-03-01"}}"#,
    );
    assert!(bundled.is_ok(), "the bundled policy failed: {bundled:?}");
}

/// `valid()` changed by `f`.
fn with(f: impl FnOnce(&mut Json)) -> Json {
    let mut j = valid();
    f(&mut j);
    j
}

/// JSON text of `valid()` with `from` replaced by `to` (for what serde_json cannot build:
/// duplicate keys, invalid JSON).
fn text_with(from: &str, to: &str) -> String {
    let text = serde_json::to_string(&valid()).unwrap();
    assert!(text.contains(from), "{from} not in {text}");
    text.replacen(from, to, 1)
}

enum Input {
    Json(Json),
    Text(String),
}

struct Case {
    name: &'static str,
    code: &'static str,
    path: &'static str,
    input: Input,
    /// A phrase the first problem's message must contain.
    says: &'static str,
}

fn case(name: &'static str, code: &'static str, path: &'static str, input: Json) -> Case {
    Case {
        name,
        code,
        path,
        input: Input::Json(input),
        says: "",
    }
}

fn text_case(name: &'static str, code: &'static str, path: &'static str, text: String) -> Case {
    Case {
        name,
        code,
        path,
        input: Input::Text(text),
        says: "",
    }
}

impl Case {
    fn says(mut self, phrase: &'static str) -> Case {
        self.says = phrase;
        self
    }
}

/// One or more inputs per error code, each with exactly one problem.
fn cases() -> Vec<Case> {
    vec![
        text_case("truncated JSON", "invalid_json", "", "{\"order\": ".into())
            .says("line 1 column 11"),
        text_case(
            "a text past 16 MiB",
            "input_too_large",
            "",
            format!("{}{}", valid(), " ".repeat(16 << 20)),
        )
        .says("longer than 16 MiB"),
        text_case(
            "a trailing comma",
            "invalid_json",
            "",
            text_with(
                "\"reason\":\"business_change\"",
                "\"reason\":\"business_change\",",
            ),
        ),
        case(
            "no plan",
            "missing_field",
            "order.plan",
            with(|j| {
                j["order"].as_object_mut().unwrap().remove("plan");
            }),
        )
        .says("\"plan\" is required"),
        case(
            "no request",
            "missing_field",
            "request",
            with(|j| {
                j.as_object_mut().unwrap().remove("request");
            }),
        ),
        case(
            "no money in paid",
            "missing_field",
            "order.paid",
            with(|j| j["order"]["paid"] = json!({})),
        ),
        case(
            "a typo in an order field",
            "unknown_field",
            "order.pland",
            with(|j| j["order"]["pland"] = json!("annual")),
        )
        .says("did you mean \"plan\"?"),
        case(
            "a typo in a policy field",
            "unknown_field",
            "policy.plans[1].prise",
            with(|j| j["policy"]["plans"][1]["prise"] = json!("1")),
        )
        .says("did you mean \"price\"?"),
        text_case(
            "a key twice",
            "duplicate_field",
            "order.plan",
            text_with(
                "\"plan\":\"annual\"",
                "\"plan\":\"annual\",\"plan\":\"annual\"",
            ),
        ),
        case(
            "a meter twice in a plan",
            "duplicate_field",
            "policy.plans[0].meters[1].id",
            with(|j| {
                j["policy"]["plans"][0]["meters"] = json!([
                    {"id": "traffic_gb", "unitPrice": "0.60"},
                    {"id": "traffic_gb", "unitPrice": "0.70"}
                ]);
            }),
        ),
        case(
            "a string for a boolean",
            "invalid_type",
            "order.promotion",
            with(|j| j["order"]["promotion"] = json!("yes")),
        )
        .says("expected true or false"),
        case(
            "a number for a string",
            "invalid_type",
            "request.at",
            with(|j| j["request"]["at"] = json!(20_260_520)),
        ),
        case(
            "a negative amount",
            "invalid_amount",
            "order.paid.cash",
            with(|j| j["order"]["paid"]["cash"] = json!("-1")),
        ),
        case(
            "a float amount",
            "invalid_amount",
            "order.paid.cash",
            with(|j| j["order"]["paid"]["cash"] = json!(1200.5)),
        ),
        case(
            "sub-cent yuan",
            "too_precise",
            "order.paid.cash",
            with(|j| j["order"]["paid"]["cash"] = json!("1200.001")),
        )
        .says("at most 2 decimals"),
        case(
            "a malformed availability",
            "invalid_number",
            "request.availability",
            with(|j| j["request"]["availability"] = json!("99.9%")),
        ),
        case(
            "a plan term of 1201 months",
            "out_of_range",
            "policy.plans[1].term.months",
            with(|j| j["policy"]["plans"][1]["term"]["months"] = json!(1201)),
        ),
        case(
            "a percent above 100",
            "out_of_range",
            "policy.tax.rate",
            with(|j| j["policy"]["tax"] = json!({"rate": "100.01"})),
        ),
        case(
            "usage beyond 10^12",
            "out_of_range",
            "order.usage.traffic_gb",
            with(|j| j["order"]["usage"]["traffic_gb"] = json!("1000000000001")),
        ),
        case(
            "a misspelt reason",
            "invalid_enum",
            "request.reason",
            with(|j| j["request"]["reason"] = json!("bussiness_change")),
        )
        .says("did you mean \"business_change\"?"),
        case(
            "30 February",
            "invalid_date",
            "request.at",
            with(|j| j["request"]["at"] = json!("2026-02-30T10:00:00+08:00")),
        ),
        case(
            "the year 10000",
            "invalid_date",
            "order.start",
            with(|j| j["order"]["start"] = json!("10000-01-01T00:00:00Z")),
        ),
        case(
            "an offset without minutes",
            "invalid_timezone",
            "policy.timezone",
            with(|j| j["policy"]["timezone"] = json!("+8")),
        ),
        case(
            "a zone name the engine does not know",
            "invalid_timezone",
            "policy.timezone",
            with(|j| j["policy"]["timezone"] = json!("America/Phoenix")),
        ),
        case(
            "a misspelt zone name",
            "invalid_timezone",
            "policy.timezone",
            with(|j| j["policy"]["timezone"] = json!("America/New_Yrok")),
        )
        .says("did you mean \"America/New_York\"?"),
        case(
            "an unterminated right-to-left override in a plan name",
            "invalid_text",
            "policy.plans[0].name",
            with(|j| j["policy"]["plans"][0]["name"] = json!("Annual \u{202e}100M")),
        )
        .says("U+202E (right-to-left override) at character 8 that is never closed"),
        case(
            "RMB",
            "unknown_currency",
            "policy.currency",
            with(|j| j["policy"]["currency"] = json!("RMB")),
        ),
        case(
            "a plan id with a typo",
            "unknown_plan",
            "order.plan",
            with(|j| j["order"]["plan"] = json!("anual")),
        )
        .says("did you mean \"annual\"?"),
        case(
            "two plans with one id",
            "duplicate_plan",
            "policy.plans[1].id",
            with(|j| j["policy"]["plans"][1]["id"] = json!("annual")),
        ),
        case(
            "usage of a meter the plan lacks",
            "unknown_meter",
            "order.usage.traffic",
            with(|j| j["order"]["usage"] = json!({"traffic": "1"})),
        )
        .says("traffic_gb"),
        case(
            "SLA thresholds going up",
            "tiers_not_ordered",
            "policy.rules.sla.tiers[1].below",
            with(|j| {
                j["policy"]["rules"] = json!({"sla": {"tiers": [
                    {"below": "99", "percent": "10"},
                    {"below": "99.9", "percent": "20"}
                ]}});
            }),
        ),
        case(
            "a schedule not starting at month 1",
            "tiers_not_ordered",
            "policy.rules.fees.earlyTermination.schedule[0].fromMonth",
            with(|j| {
                j["policy"]["rules"] = json!({"fees": {"earlyTermination": {
                    "kind": "schedule",
                    "schedule": [{"fromMonth": 2, "percent": "100"}]
                }}});
            }),
        ),
        case(
            "30/360 without days",
            "incomplete_rule",
            "policy.rules.consumed.dayCount",
            with(|j| j["policy"]["rules"] = json!({"consumed": {"dayCount": "30/360"}})),
        ),
        case(
            "a 1-day term by 30/360, 0 days from the 30th",
            "out_of_range",
            "policy.plans[0].term",
            with(|j| {
                j["policy"]["rules"] = json!({"consumed": {"unit": "day", "dayCount": "30/360"}});
                j["policy"]["plans"][0]["term"] = json!({"days": 1});
            }),
        ),
        case(
            "an order end 0 days after its start by 30/360",
            "out_of_range",
            "order.end",
            with(|j| {
                j["policy"]["rules"] = json!({"consumed": {"unit": "day", "dayCount": "30/360"}});
                j["order"]["start"] = json!("2026-05-30");
                j["order"]["end"] = json!("2026-05-31");
                j["request"]["at"] = json!("2026-05-30T18:00:00+08:00");
            }),
        ),
        case(
            "list rates missing",
            "incomplete_rule",
            "policy.plans[0]",
            with(|j| {
                j["policy"]["plans"][0]["rules"] = json!({"consumed": {"method": "list_rate"}})
            }),
        ),
        case(
            "an end before the start",
            "end_before_start",
            "order.end",
            with(|j| j["order"]["end"] = json!("2026-01-01")),
        ),
        case(
            "a cancellation before the start",
            "cancel_before_start",
            "request.at",
            with(|j| j["request"]["at"] = json!("2026-01-01")),
        )
        .says("renewal"),
    ]
}

/// `overflow` is not reachable from input within the limits (see
/// `the_largest_input_the_limits_allow_does_not_overflow`): its row checks the code's name.
const OVERFLOW_ROW: &str = "overflow";

fn check(c: &Case) {
    let result = match &c.input {
        Input::Json(j) => run(j),
        Input::Text(t) => estimate_json(t),
    };
    let e = match result {
        Ok(_) => panic!(
            "{}: expected {} at {:?}, got an estimate",
            c.name, c.code, c.path
        ),
        Err(e) => e,
    };
    assert_eq!(
        (e.code().as_str(), e.path()),
        (c.code, c.path),
        "{}: {e}",
        c.name
    );
    assert_eq!(e.len(), 1, "{}: one problem expected, got {e}", c.name);
    assert!(
        e.message().contains(c.says),
        "{}: message {:?} should say {:?}",
        c.name,
        e.message(),
        c.says
    );
    assert!(
        e.message()
            .chars()
            .next()
            .is_some_and(|ch| !ch.is_uppercase()),
        "{}: messages are lowercase: {:?}",
        c.name,
        e.message()
    );
    assert_still_works();
}

fn check_code(code: ErrorCode) {
    let cases: Vec<Case> = cases()
        .into_iter()
        .filter(|c| c.code == code.as_str())
        .collect();
    assert!(!cases.is_empty(), "no case for {code}");
    for c in &cases {
        check(c);
    }
}

macro_rules! one_test_per_code {
    ($($name:ident => $code:ident,)*) => {
        $(
            #[test]
            fn $name() {
                check_code(ErrorCode::$code);
            }
        )*
    };
}

one_test_per_code! {
    invalid_json => InvalidJson,
    missing_field => MissingField,
    unknown_field => UnknownField,
    duplicate_field => DuplicateField,
    invalid_type => InvalidType,
    invalid_amount => InvalidAmount,
    too_precise => TooPrecise,
    invalid_number => InvalidNumber,
    out_of_range => OutOfRange,
    invalid_enum => InvalidEnum,
    invalid_date => InvalidDate,
    invalid_timezone => InvalidTimezone,
    unknown_currency => UnknownCurrency,
    unknown_plan => UnknownPlan,
    duplicate_plan => DuplicatePlan,
    unknown_meter => UnknownMeter,
    tiers_not_ordered => TiersNotOrdered,
    input_too_large => InputTooLarge,
    invalid_text => InvalidText,
    incomplete_rule => IncompleteRule,
    end_before_start => EndBeforeStart,
    cancel_before_start => CancelBeforeStart,
}

/// Adding a code without a case fails here.
#[test]
fn every_error_code_has_a_case() {
    let table = cases();
    for code in ErrorCode::ALL {
        let covered = table.iter().any(|c| c.code == code.as_str())
            || (code == ErrorCode::Overflow && OVERFLOW_ROW == code.as_str())
            // Never a first problem: `error_lists_stop_at_100_problems` checks it.
            || code == ErrorCode::TooManyErrors;
        assert!(
            covered,
            "error code {code} has no case in tests/bad_input.rs"
        );
    }
    // And every case names a real code.
    for c in &table {
        assert!(
            ErrorCode::ALL.iter().any(|code| code.as_str() == c.code),
            "{}: {} is not an error code",
            c.name,
            c.code
        );
    }
}

/// `overflow` with valid inputs: every amount is at most 10^15, quantities and unit prices
/// at most 10^12 and percents at most 100, so one usage line is at most 2 × 10^24 (tax
/// added to a price that excludes it). Only about 40 000 such lines pass Decimal::MAX, and
/// a plan has at most 1,000 meters: the code is not reachable from valid input. This test
/// checks the code's wire form, the closest thing a small input can show.
#[test]
fn overflow() {
    assert_eq!(ErrorCode::Overflow.as_str(), "overflow");
    assert_eq!(ErrorCode::Overflow.to_string(), "overflow");
    // The wire form every error shares, shown on a reachable one.
    let e = run(&with(|j| j["order"]["paid"]["cash"] = json!("-1"))).unwrap_err();
    let wire: Json = serde_json::from_str(&e.to_json()).unwrap();
    assert_eq!(
        wire,
        json!({
            "code": "invalid_amount",
            "path": "order.paid.cash",
            "message": e.message(),
            "errors": [{"code": "invalid_amount", "path": "order.paid.cash", "message": e.message()}]
        })
    );
    assert_eq!(
        e.to_string(),
        format!("invalid_amount at order.paid.cash: {}", e.message())
    );
}

/// The input limits (amounts ≤ 10^15, quantities and unit prices ≤ 10^12, at most 1,000
/// meters a plan) keep every sum far below Decimal::MAX (≈ 7.9 × 10^28), so `overflow` is
/// unreachable from valid input: it stays as a guard. The largest input the limits allow
/// (1,000 meters at the maximum, used to the maximum, with 100 % tax on top) is refused by the
/// usage limit that keeps the cents (10^25 in all, docs/policy.md 3.3.5), not by `overflow`.
#[test]
fn the_largest_input_the_limits_allow_does_not_overflow() {
    let meters_of = |n: usize| -> Vec<Json> {
        (0..n)
            .map(|i| json!({"id": format!("m{i}"), "unitPrice": "1000000000000"}))
            .collect()
    };
    let usage_of = |n: usize| -> serde_json::Map<String, Json> {
        (0..n)
            .map(|i| (format!("m{i}"), json!("1000000000000")))
            .collect()
    };
    let (meters, usage) = (meters_of(1_000), usage_of(1_000));
    let input = json!({
        "policy": {
            "id": "p", "version": "1", "currency": "CNY",
            "tax": {"rate": "100", "inclusive": false},
            "plans": [{"id": "a", "term": {"months": 1}, "price": "1000000000000000", "meters": meters}]
        },
        "order": {"plan": "a", "start": "2026-01-01", "paid": {"cash": "1000000000000000.00"}, "usage": usage},
        "request": {"at": "2026-01-02"}
    });
    // 1,000 × 10^12 × 10^12 × 2 = 2 × 10^27 of usage would leave no room for the cents in a
    // decimal: it is refused with the path of the meter that crosses 10^25 (issue #15.4),
    // not with `overflow`. Five such meters (10^25) are estimated, to the cent.
    let e = run(&input).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("out_of_range", "order.usage.m5")
    );
    let mut five = input.clone();
    five["policy"]["plans"][0]["meters"] = json!(meters_of(5));
    five["order"]["usage"] = json!(usage_of(5));
    let e = run(&five).unwrap();
    assert_eq!(e.refund, "0.00");
    let usage: Vec<&str> = e
        .lines
        .iter()
        .filter(|l| l.code == "usage")
        .map(|l| l.amount.as_str())
        .collect();
    assert_eq!(usage.len(), 5);
    assert!(usage.iter().all(|a| *a == "-2000000000000000000000000.00"));
    // One item more than the limit is refused before any arithmetic.
    let mut too_many = input.clone();
    let meters = too_many["policy"]["plans"][0]["meters"]
        .as_array_mut()
        .unwrap();
    meters.push(json!({"id": "extra", "unitPrice": "1"}));
    let e = run(&too_many).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("out_of_range", "policy.plans[0].meters")
    );
    assert_eq!(e.message(), "expected at most 1000 items, got 1001");
    assert_still_works();
}

#[test]
fn validation_reports_every_problem_at_once() {
    let bad = json!({
        "id": "p",
        "version": "1",
        "currency": "RMB",
        "timezone": "+8",
        "roundng": "half_up",
        "rules": {
            "consumed": {"unit": "days"},
            "sla": {"tiers": [{"below": "99", "percent": "10"}, {"below": "99.9", "percent": "20"}]}
        },
        "plans": [
            {"id": "a", "term": {"months": 0}, "price": "-1"},
            {"id": "b", "term": {"months": 1201}, "price": "1.5"}
        ]
    });
    let e = validate_policy(&value(&bad)).unwrap_err();
    let problems = codes_and_paths(&e);
    assert_eq!(
        problems,
        [
            ("unknown_currency", "currency"),
            ("invalid_timezone", "timezone"),
            ("invalid_enum", "rules.consumed.unit"),
            ("tiers_not_ordered", "rules.sla.tiers[1].below"),
            ("out_of_range", "plans[0].term.months"),
            ("invalid_amount", "plans[0].price"),
            ("out_of_range", "plans[1].term.months"),
            ("unknown_field", "roundng"),
        ]
    );
    assert_eq!(e.problems().count(), 8);
    assert_eq!(e.len(), 8);
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::UnknownCurrency, "currency")
    );
    assert!(e.to_string().ends_with("(and 7 more)"), "{e}");
    let wire: Json = serde_json::from_str(&e.to_json()).unwrap();
    assert_eq!(wire["errors"].as_array().unwrap().len(), 8);

    // The same policy inside an input: paths start at "policy".
    let input = with(|j| j["policy"] = bad.clone());
    let e = run(&input).unwrap_err();
    let paths: Vec<&str> = e.problems().map(|p| p.path.as_str()).collect();
    assert_eq!(paths.first(), Some(&"policy.currency"));
    assert_eq!(paths.len(), 8);
    assert!(paths.iter().all(|p| p.starts_with("policy.")), "{paths:?}");
    assert_still_works();
}

#[test]
fn order_and_request_problems_are_reported_together() {
    let input = with(|j| {
        j["order"].as_object_mut().unwrap().remove("plan");
        j["order"]["paid"] = json!({"cash": "-1", "credit": "x"});
        j["order"]["paymentMethod"] = json!("cheque");
        j["request"]["at"] = json!("soon");
        j["request"]["locale"] = json!(7);
    });
    let e = run(&input).unwrap_err();
    let problems = codes_and_paths(&e);
    assert_eq!(
        problems,
        [
            ("missing_field", "order.plan"),
            ("invalid_amount", "order.paid.cash"),
            ("invalid_amount", "order.paid.credit"),
            ("invalid_enum", "order.paymentMethod"),
            ("invalid_date", "request.at"),
            ("invalid_type", "request.locale"),
        ]
    );
    assert_still_works();
}

#[test]
fn unknown_fields_suggest_the_nearest_name() {
    for (path, set, suggestion) in [
        ("order.satrt", "/order/satrt", "start"),
        ("order.paid.csh", "/order/paid/csh", "cash"),
        ("request.reson", "/request/reson", "reason"),
        ("policy.currancy", "/policy/currancy", "currency"),
        ("policy.plans[0].Term", "/policy/plans/0/Term", "term"),
    ] {
        let mut input = valid();
        let (parent, key) = set.rsplit_once('/').unwrap();
        input
            .pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(key.into(), json!("x"));
        let e = run(&input).unwrap_err();
        let p = e
            .problems()
            .find(|p| p.code == ErrorCode::UnknownField)
            .unwrap_or_else(|| panic!("{path}: no unknown_field in {e}"));
        assert_eq!(p.path, path);
        assert!(
            p.message
                .contains(&format!("did you mean \"{suggestion}\"?")),
            "{path}: {}",
            p.message
        );
    }
    // Nothing close: the known fields are listed instead.
    let e = run(&with(|j| j["request"]["zzzzzzzz"] = json!(1))).unwrap_err();
    assert_eq!(e.path(), "request.zzzzzzzz");
    assert!(e.message().contains("known fields"), "{}", e.message());
    assert!(e.message().contains("reason"), "{}", e.message());
    assert_still_works();
}

/// Every hostile input returns an error with the expected code; none panics.
#[test]
fn huge_numbers_are_refused() {
    let at_cash = |cash: Json| with(|j| j["order"]["paid"]["cash"] = cash);
    for (what, input, code, path) in [
        (
            "Decimal::MAX",
            at_cash(json!("79228162514264337593543950335")),
            "invalid_amount",
            "order.paid.cash",
        ),
        (
            "-Decimal::MAX",
            at_cash(json!("-79228162514264337593543950335")),
            "invalid_amount",
            "order.paid.cash",
        ),
        (
            "10^15 + 1",
            at_cash(json!("1000000000000001")),
            "invalid_amount",
            "order.paid.cash",
        ),
        (
            "10^15 + 0.01",
            at_cash(json!("1000000000000000.01")),
            "invalid_amount",
            "order.paid.cash",
        ),
        (
            "a 31-digit string",
            at_cash(json!(format!("1{}", "0".repeat(30)))),
            "invalid_amount",
            "order.paid.cash",
        ),
        (
            "a 1000-digit string",
            at_cash(json!("9".repeat(1000))),
            "invalid_amount",
            "order.paid.cash",
        ),
        (
            "29 decimals",
            at_cash(json!(format!("0.{}1", "0".repeat(28)))),
            "invalid_amount",
            "order.paid.cash",
        ),
        (
            "1e30 as a JSON number",
            at_cash(json!(1e30)),
            "invalid_amount",
            "order.paid.cash",
        ),
        (
            "u64::MAX as a JSON number",
            at_cash(json!(u64::MAX)),
            "invalid_amount",
            "order.paid.cash",
        ),
        (
            "i64::MIN as a JSON number",
            at_cash(json!(i64::MIN)),
            "invalid_amount",
            "order.paid.cash",
        ),
        (
            "an exponent",
            at_cash(json!("1e3")),
            "invalid_amount",
            "order.paid.cash",
        ),
        (
            "a huge quantity",
            with(|j| j["order"]["usage"]["traffic_gb"] = json!("79228162514264337593543950335")),
            "out_of_range",
            "order.usage.traffic_gb",
        ),
        (
            "a huge unit price",
            with(|j| j["policy"]["plans"][0]["meters"][0]["unitPrice"] = json!("1000000000000.01")),
            "out_of_range",
            "policy.plans[0].meters[0].unitPrice",
        ),
        (
            "a huge plan price",
            with(|j| j["policy"]["plans"][0]["price"] = json!("79228162514264337593543950335")),
            "invalid_amount",
            "policy.plans[0].price",
        ),
        (
            "a huge multiplier",
            with(|j| {
                j["policy"]["rules"] =
                    json!({"consumed": {"multiplier": {"factor": "79228162514264337593543950335"}}})
            }),
            "out_of_range",
            "policy.rules.consumed.multiplier.factor",
        ),
        (
            "a count beyond u32",
            with(|j| j["order"]["coolingOffUsed"] = json!(4_294_967_296u64)),
            "out_of_range",
            "order.coolingOffUsed",
        ),
        (
            "a negative count",
            with(|j| j["order"]["coolingOffUsed"] = json!(-1)),
            "out_of_range",
            "order.coolingOffUsed",
        ),
        (
            "months 1201",
            with(|j| j["policy"]["plans"][0]["term"] = json!({"months": 1201})),
            "out_of_range",
            "policy.plans[0].term.months",
        ),
        (
            "days 36601",
            with(|j| j["policy"]["plans"][0]["term"] = json!({"days": 36_601})),
            "out_of_range",
            "policy.plans[0].term.days",
        ),
        (
            "hours u32::MAX",
            with(|j| j["policy"]["plans"][0]["term"] = json!({"hours": u32::MAX})),
            "out_of_range",
            "policy.plans[0].term.hours",
        ),
        (
            "a cooling-off window of 10^6 days",
            with(|j| j["policy"]["rules"] = json!({"coolingOff": {"days": 1_000_000}})),
            "out_of_range",
            "policy.rules.coolingOff.days",
        ),
    ] {
        let e = run(&input)
            .err()
            .unwrap_or_else(|| panic!("{what}: expected an error"));
        assert_eq!((e.code().as_str(), e.path()), (code, path), "{what}: {e}");
        assert_still_works();
    }
}

#[test]
fn absurd_dates_are_refused() {
    for (what, input, path) in [
        (
            "the year 10000",
            with(|j| j["request"]["at"] = json!("10000-01-01")),
            "request.at",
        ),
        (
            "the year 10000 with a time",
            with(|j| j["request"]["at"] = json!("10000-01-01T00:00:00Z")),
            "request.at",
        ),
        (
            "the year 1899",
            with(|j| j["order"]["start"] = json!("1899-12-31")),
            "order.start",
        ),
        (
            "year 0",
            with(|j| j["order"]["start"] = json!("0000-01-01")),
            "order.start",
        ),
        (
            "month 13",
            with(|j| j["order"]["end"] = json!("2026-13-01")),
            "order.end",
        ),
        (
            "29 February 2026",
            with(|j| j["request"]["at"] = json!("2026-02-29")),
            "request.at",
        ),
        (
            "hour 24",
            with(|j| j["request"]["at"] = json!("2026-05-20T24:00:00+08:00")),
            "request.at",
        ),
        (
            "an offset of +19:00",
            with(|j| j["request"]["at"] = json!("2026-05-20T10:00:00+19:00")),
            "request.at",
        ),
        (
            "no offset",
            with(|j| j["request"]["at"] = json!("2026-05-20T10:00:00")),
            "request.at",
        ),
        (
            "ten fraction digits",
            with(|j| j["request"]["at"] = json!("2026-05-20T10:00:00.1234567890Z")),
            "request.at",
        ),
        (
            "full-width digits",
            with(|j| j["request"]["at"] = json!("２０２６-05-20")),
            "request.at",
        ),
        (
            "a submission date in 10000",
            with(|j| j["request"]["submittedOn"] = json!("10000-01-01")),
            "request.submittedOn",
        ),
    ] {
        let e = run(&input)
            .err()
            .unwrap_or_else(|| panic!("{what}: expected an error"));
        assert_eq!(
            (e.code().as_str(), e.path()),
            ("invalid_date", path),
            "{what}: {e}"
        );
        assert_still_works();
    }
}

/// Instants at the very edges of the supported years are estimated without panicking.
#[test]
fn edge_years_are_estimated() {
    for (what, input) in [
        (
            "a renewal cancelled in 1900",
            with(|j| {
                j["order"]["renewal"] = json!(true);
                j["request"]["at"] = json!("1900-01-01T00:00:00+18:00");
            }),
        ),
        (
            "an order from 1900 cancelled at the end of 9999",
            with(|j| {
                j["order"]["start"] = json!("1900-01-01T00:00:00+18:00");
                j["order"]["end"] = json!("9999-12-31T23:59:59-18:00");
                j["request"]["at"] = json!("9999-12-31T23:59:59-18:00");
            }),
        ),
        (
            "a 100-year term in hours from 9899",
            with(|j| {
                j["policy"]["plans"][0]["term"] = json!({"hours": 878_400});
                j["order"]["start"] = json!("9899-01-01");
                j["request"]["at"] = json!("9950-02-01");
            }),
        ),
        (
            "a term from June 9999, ending in 10000",
            with(|j| {
                j["order"]["start"] = json!("9999-06-01");
                j["request"]["at"] = json!("9999-07-01");
            }),
        ),
    ] {
        let e = match run(&input) {
            Ok(e) => e,
            // The one refusal allowed here: a default end beyond the supported years.
            Err(e) if what.contains("10000") => {
                assert_eq!(
                    (e.code().as_str(), e.path()),
                    ("invalid_date", "order.start")
                );
                continue;
            }
            Err(e) => panic!("{what}: {e}"),
        };
        let sum: f64 = e
            .lines
            .iter()
            .map(|l| l.amount.parse::<f64>().unwrap())
            .sum();
        assert!(
            (sum - e.refund.parse::<f64>().unwrap()).abs() < 0.005,
            "{what}"
        );
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for text in [
        "[".repeat(100_000) + &"]".repeat(100_000),
        "{\"a\":".repeat(100_000) + "1" + &"}".repeat(100_000),
        format!(
            "{{\"order\": {}1{}}}",
            "[".repeat(1_000_000),
            "]".repeat(1_000_000)
        ),
    ] {
        let e = estimate_json(&text).unwrap_err();
        assert_eq!((e.code().as_str(), e.path()), ("invalid_json", ""));
        assert!(e.message().contains("too deep"), "{}", e.message());
        assert!(Value::parse(&text).is_err());
    }
    // Nesting within the limit but where the schema expects no nesting: a type error.
    let nested: Json = serde_json::from_str(&("[".repeat(30) + "1" + &"]".repeat(30))).unwrap();
    let e = run(&with(|j| j["order"]["usage"] = nested)).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("invalid_type", "order.usage")
    );
    assert_still_works();
}

#[test]
fn malformed_json_text_is_refused() {
    for text in [
        "",
        " ",
        "{",
        "{\"order\": }",
        "{\"order\": NaN}",
        "{\"order\": 01}",
        "{\"order\": 1.}",
        "{'order': 1}",
        "{\"a\": \"\u{1}\"}",
        "{\"a\": \"\\x\"}",
        "{} {}",
        "{}\u{feff}",
        "\u{feff}\u{feff}{}",
        "[1,]",
    ] {
        let e = estimate_json(text)
            .err()
            .unwrap_or_else(|| panic!("{text:?} was accepted"));
        assert_eq!(
            (e.code().as_str(), e.path()),
            ("invalid_json", ""),
            "{text:?}"
        );
        assert!(e.message().contains("line 1 column"), "{}", e.message());
    }
    // Valid JSON that is not an object of the right shape: a type error at the root.
    for text in ["null", "[]", "1", "\"order\""] {
        let e = estimate_json(text).unwrap_err();
        assert_eq!(
            (e.code().as_str(), e.path()),
            ("invalid_type", ""),
            "{text:?}"
        );
    }
    // A lone surrogate is valid JSON (JSON.stringify writes one for a broken JS string): it
    // reads as U+FFFD, so the error is about the plan, not the text.
    let e = estimate_json(
        r#"{"order": {"plan": "annual\ud800", "start": "2026-01-15"}, "request": {"at": "2026-02-01"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("unknown_plan", "order.plan")
    );
    assert!(e.message().contains("annual\u{FFFD}"), "{}", e.message());
    assert_still_works();
}

/// A megabyte in any string field is refused (or, for a locale, warned about) without
/// echoing the megabyte back: read.rs promises "an error never echoes a megabyte back".
#[test]
fn a_megabyte_string_is_refused_without_echoing_it() {
    let mb = "x".repeat(1 << 20);
    let cases: Vec<(&str, Json, &str, &str)> = vec![
        (
            "plan",
            with(|j| j["order"]["plan"] = json!(mb)),
            "unknown_plan",
            "order.plan",
        ),
        (
            "currency",
            with(|j| j["policy"]["currency"] = json!(mb)),
            "unknown_currency",
            "policy.currency",
        ),
        (
            "timezone",
            with(|j| j["policy"]["timezone"] = json!(mb)),
            "invalid_timezone",
            "policy.timezone",
        ),
        (
            "at",
            with(|j| j["request"]["at"] = json!(mb)),
            "invalid_date",
            "request.at",
        ),
        (
            "submittedOn",
            with(|j| j["request"]["submittedOn"] = json!(mb)),
            "invalid_date",
            "request.submittedOn",
        ),
        (
            "reason",
            with(|j| j["request"]["reason"] = json!(mb)),
            "invalid_enum",
            "request.reason",
        ),
        (
            "cash",
            with(|j| j["order"]["paid"]["cash"] = json!("1".repeat(1 << 20))),
            "invalid_amount",
            "order.paid.cash",
        ),
        (
            "meter",
            with(|j| j["order"]["usage"] = json!({ mb.clone(): "1" })),
            "unknown_meter",
            "",
        ),
        (
            "field name",
            with(|j| j["order"][mb.as_str()] = json!(1)),
            "unknown_field",
            "",
        ),
    ];
    let mut echoed = Vec::new();
    for (what, input, code, path) in cases {
        let e = run(&input)
            .err()
            .unwrap_or_else(|| panic!("{what}: expected an error"));
        assert_eq!(e.code().as_str(), code, "{what}");
        if !path.is_empty() {
            assert_eq!(e.path(), path, "{what}");
        }
        if e.message().len() > 1000 {
            echoed.push((what, e.message().len()));
        }
        assert_still_works();
    }
    // An unknown locale is not an error: English, with a warning.
    let est = run(&with(|j| j["request"]["locale"] = json!(mb))).unwrap();
    let w = est
        .warnings
        .iter()
        .find(|w| w.code == "unknown_locale")
        .unwrap();
    if w.message.len() > 1000 {
        echoed.push(("locale warning", w.message.len()));
    }
    assert!(
        echoed.is_empty(),
        "messages echo the megabyte back (field, bytes): {echoed:?}"
    );
}

#[test]
fn wrong_types_everywhere_are_reported_with_paths() {
    for (pointer, bad, path) in [
        ("/order", json!([]), "order"),
        ("/order/paid", json!("1200"), "order.paid"),
        ("/order/usage", json!([1]), "order.usage"),
        ("/request", json!(null), "request"),
        ("/policy/plans", json!({}), "policy.plans"),
        ("/policy/plans/0", json!("annual"), "policy.plans[0]"),
        ("/policy/plans/0/term", json!(12), "policy.plans[0].term"),
        (
            "/policy/plans/0/meters",
            json!({}),
            "policy.plans[0].meters",
        ),
        ("/policy/id", json!(""), "policy.id"),
        ("/policy/id", json!("   "), "policy.id"),
    ] {
        let mut input = valid();
        *input.pointer_mut(pointer).unwrap() = bad.clone();
        let e = run(&input)
            .err()
            .unwrap_or_else(|| panic!("{pointer} = {bad}: expected an error"));
        let code = e.code().as_str();
        assert!(
            code == "invalid_type" || code == "missing_field",
            "{pointer} = {bad}: {e}"
        );
        assert_eq!(e.path(), path, "{pointer} = {bad}: {e}");
    }
    assert_still_works();
}

/// A broken optional plan section is reported once, where it is: it does not pass as
/// absent (which would make a `list_rate` rule look incomplete) and the order is not read
/// against the half-read plan (which would make its usage look like an unknown meter).
#[test]
fn a_broken_optional_section_reports_no_follow_up_errors() {
    let input = with(|j| {
        j["policy"]["plans"][0]["meters"] = json!([{"id": "traffic_gb", "included": "x"}]);
        j["policy"]["plans"][0]["listRates"] = json!("monthly");
        j["policy"]["plans"][0]["rules"] = json!({"consumed": {"method": "list_rate"}});
    });
    let e = run(&input).unwrap_err();
    let problems = codes_and_paths(&e);
    assert_eq!(
        problems,
        [
            ("invalid_type", "policy.plans[0].listRates"),
            ("invalid_number", "policy.plans[0].meters[0].included"),
            ("missing_field", "policy.plans[0].meters[0].unitPrice"),
        ]
    );
    assert_still_works();
}

/// The day a request is submitted cannot come before the order it cancels starts.
#[test]
fn a_request_submitted_before_the_order_starts_is_refused() {
    let input = with(|j| j["request"]["submittedOn"] = json!("2026-01-10"));
    let e = run(&input).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("cancel_before_start", "request.submittedOn")
    );
    // The day the order starts is fine.
    let input = with(|j| j["request"]["submittedOn"] = json!("2026-01-15"));
    assert!(run(&input).is_ok());
    assert_still_works();
}

/// One broken plan does not hide the other plans' problems: duplicate ids and incomplete
/// rules elsewhere are still reported, in the same answer.
#[test]
fn a_broken_plan_does_not_hide_the_other_plans_problems() {
    let bad = json!({
        "id": "p",
        "version": "1",
        "currency": "CNY",
        "plans": [
            {"id": "a", "term": {"months": 12}, "price": "1200.00",
             "meters": [{"id": "gb", "included": "x", "unitPrice": "1"}]},
            {"id": "b", "term": {"months": 1}, "price": "100.00"},
            {"id": "b", "term": {"months": 1}, "price": "100.00"},
            {"id": "d", "term": {"days": 30}, "price": "100.00",
             "rules": {"fees": {"earlyTermination": {"kind": "remaining_percent", "percent": "50"}}}}
        ]
    });
    let e = validate_policy(&value(&bad)).unwrap_err();
    let problems = codes_and_paths(&e);
    assert_eq!(
        problems,
        [
            ("invalid_number", "plans[0].meters[0].included"),
            ("duplicate_plan", "plans[2].id"),
            ("incomplete_rule", "plans[3].term"),
            ("incomplete_rule", "plans[3]"),
        ]
    );
    assert_still_works();
}

/// A processing fee needs a percent or a fixed amount, and names real payment methods.
#[test]
fn a_processing_fee_is_checked() {
    let input = with(|j| {
        j["policy"]["rules"] = json!({"nonRefundable": {"processingFee": {"methods": ["card"]}}})
    });
    let e = run(&input).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("missing_field", "policy.rules.nonRefundable.processingFee")
    );
    let input = with(
        |j| j["policy"]["rules"] = json!({"nonRefundable": {"processingFee": {"percent": "2.9", "methods": ["card", "cheque"]}}}),
    );
    let e = run(&input).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        (
            "invalid_enum",
            "policy.rules.nonRefundable.processingFee.methods[1]"
        )
    );
    let input = with(|j| {
        j["policy"]["rules"] = json!({"nonRefundable": {"processingFee": {"percent": "101"}}})
    });
    let e = run(&input).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        (
            "out_of_range",
            "policy.rules.nonRefundable.processingFee.percent"
        )
    );
    assert_still_works();
}

/// Blockers are named from a fixed set; order flags are booleans.
#[test]
fn blockers_are_checked() {
    let input =
        with(|j| j["policy"]["rules"] = json!({"eligibility": {"blockers": ["frozen", "banned"]}}));
    let e = run(&input).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("invalid_enum", "policy.rules.eligibility.blockers[1]")
    );
    let input = with(|j| j["order"]["frozen"] = json!("yes"));
    let e = run(&input).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("invalid_type", "order.frozen")
    );
    assert_still_works();
}

/// Fee conditions: booleans, and a before-start fee that could never apply is refused.
#[test]
fn fee_conditions_are_checked() {
    let input = with(|j| j["order"]["feesWaived"] = json!(1));
    let e = run(&input).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("invalid_type", "order.feesWaived")
    );
    assert!(
        e.to_string().contains("true, false or a list of fee names"),
        "{e}"
    );
    // A list names fees by their line codes; the setup fee is not a fee for leaving early.
    let waived = json!(["handling_fee", "setup_fee", 3]);
    let input = with(|j| j["order"]["feesWaived"] = waived);
    let e = run(&input).unwrap_err();
    assert_eq!(
        codes_and_paths(&e),
        [
            ("invalid_enum", "order.feesWaived[1]"),
            ("invalid_type", "order.feesWaived[2]")
        ]
    );
    let fee = json!({"kind": "months_of_fee", "months": 2, "onlyBeforeStart": true});
    let input = with(|j| j["policy"]["rules"] = json!({"fees": {"earlyTermination": fee}}));
    let e = run(&input).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("incomplete_rule", "policy.plans[0]")
    );
    let input = with(|j| {
        j["policy"]["rules"] = json!({
            "eligibility": {"notStarted": "standard"},
            "fees": {"earlyTermination": {"kind": "flat", "amount": "1", "onlyBeforeStart": "yes"}}
        })
    });
    let e = run(&input).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        (
            "invalid_type",
            "policy.rules.fees.earlyTermination.onlyBeforeStart"
        )
    );
    assert_still_works();
}

/// An SLA claim window is exactly one of two counts; the fault's day is a real day of this
/// order's service.
#[test]
fn an_sla_claim_window_and_the_fault_day_are_checked() {
    let sla = |window: Json| json!({"sla": {"tiers": [{"below": "99", "percent": "10"}], "claimWindow": window}});
    let window = "policy.rules.sla.claimWindow";
    for (claim_window, expected) in [
        (
            json!({"businessDays": 20, "billingCycles": 2}),
            vec![("invalid_type", window)],
        ),
        (json!({}), vec![("invalid_type", window)]),
        (
            json!({"businessDays": 0}),
            vec![("out_of_range", "policy.rules.sla.claimWindow.businessDays")],
        ),
        (
            json!({"billingCycles": 25}),
            vec![("out_of_range", "policy.rules.sla.claimWindow.billingCycles")],
        ),
        (
            json!({"days": 20}),
            vec![
                ("unknown_field", "policy.rules.sla.claimWindow.days"),
                ("invalid_type", window),
            ],
        ),
    ] {
        let input = with(|j| j["policy"]["rules"] = sla(claim_window.clone()));
        let e = run(&input).unwrap_err();
        assert_eq!(codes_and_paths(&e), expected, "{claim_window}");
    }

    let fault = |day: &str| {
        with(|j| {
            j["policy"]["rules"] = sla(json!({"businessDays": 20}));
            j["request"]["reason"] = json!("provider_fault");
            j["request"]["availability"] = json!("98");
            j["request"]["faultOn"] = json!(day);
        })
    };
    let problem = |input: &Json| {
        let e = run(input).unwrap_err();
        (
            e.code().as_str().to_owned(),
            e.path().to_owned(),
            e.to_string(),
        )
    };
    let (code, path, message) = problem(&fault("2026-02-30"));
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("invalid_date", "request.faultOn")
    );
    assert!(message.contains("2026-02-30"), "{message}");
    let (code, path, message) = problem(&fault("2026-01-14"));
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("out_of_range", "request.faultOn")
    );
    assert!(
        message.contains("the fault (2026-01-14) is before the order starts (2026-01-15)"),
        "{message}"
    );
    let mut claimed = fault("2026-05-01");
    claimed["request"]["slaClaimedOn"] = json!("2026-01-01");
    let (code, path, message) = problem(&claimed);
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("out_of_range", "request.slaClaimedOn")
    );
    assert!(
        message.contains("the SLA claim (2026-01-01) is before the order starts (2026-01-15)"),
        "{message}"
    );
    let (code, path, _) = problem(&with(|j| j["request"]["slaClaimedOn"] = json!("15 May")));
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("invalid_date", "request.slaClaimedOn")
    );
    // The order's first day is fine (the request on 20 May is then late). A fault after
    // the day the request is submitted is claimed in time, with a warning: a what-if, or a
    // curve's earlier days, may come before the fault.
    for (day, warnings) in [
        ("2026-01-15", &["sla_claim_late"][..]),
        ("2026-05-20", &["sla_claim_by"]),
        ("2026-05-21", &["sla_fault_after_claim", "sla_claim_by"]),
    ] {
        let e = run(&fault(day)).unwrap();
        let codes: Vec<&str> = e.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, warnings, "{day}");
    }
    let mut renewal = fault("2026-01-10");
    renewal["order"]["renewal"] = json!(true);
    renewal["order"]["start"] = json!("2026-06-01T00:00:00+08:00");
    renewal["request"]["at"] = json!("2026-05-20T00:00:00+08:00");
    assert_eq!(run(&renewal).unwrap().warnings[0].code, "sla_claim_late");
    assert_still_works();
}

/// A cooling-off window starts from the purchase or the activation; the activation time is
/// a real instant, not before the order starts (but for a renewal), and only for an order
/// that was activated.
#[test]
fn a_window_from_activation_and_the_activation_time_are_checked() {
    let input =
        with(|j| j["policy"]["rules"] = json!({"coolingOff": {"days": 5, "from": "installation"}}));
    let e = run(&input).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("invalid_enum", "policy.rules.coolingOff.from")
    );
    for (activated_at, activated, expected) in [
        (
            "2026-02-30T00:00:00+08:00",
            None,
            ("invalid_date", "order.activatedAt"),
        ),
        (
            "2026-01-15T10:29:59+08:00",
            None,
            ("out_of_range", "order.activatedAt"),
        ),
        (
            "2026-01-20T00:00:00+08:00",
            Some(false),
            ("out_of_range", "order.activatedAt"),
        ),
    ] {
        let input = with(|j| {
            j["order"]["activatedAt"] = json!(activated_at);
            if let Some(a) = activated {
                j["order"]["activated"] = json!(a);
            }
        });
        let e = run(&input).unwrap_err();
        assert_eq!((e.code().as_str(), e.path()), expected, "{activated_at}");
    }
    // The start itself is fine; so is an activation before a renewal's start.
    let input = with(|j| j["order"]["activatedAt"] = json!("2026-01-15T10:30:00+08:00"));
    assert!(run(&input).is_ok());
    let input = with(|j| {
        j["order"]["activatedAt"] = json!("2025-06-01T00:00:00+08:00");
        j["order"]["renewal"] = json!(true);
    });
    assert!(run(&input).is_ok());
    assert_still_works();
}

/// JSON text longer than 16 MiB is refused before it is parsed (`input_too_large` at the
/// root): parsing it could take more memory than a wasm module gets. 16 MiB itself is read.
#[test]
fn json_text_longer_than_16_mib_is_refused() {
    let limit = 16 << 20;
    let text = valid().to_string();
    let padded = |len: usize| format!("{text}{}", " ".repeat(len - text.len()));
    let e = estimate_json(&padded(limit + 1)).unwrap_err();
    assert_eq!((e.code().as_str(), e.path()), ("input_too_large", ""));
    assert_eq!(
        e.to_string(),
        "input_too_large: the input is longer than 16 MiB (16777216 bytes)"
    );
    assert!(estimate_json(&padded(limit)).is_ok());
    assert_eq!(
        Value::parse_bytes(padded(limit + 1).as_bytes())
            .unwrap_err()
            .code(),
        ErrorCode::InputTooLarge
    );
    assert_still_works();
}

/// A byte-order mark before the text is skipped (RFC 8259 allows it; Windows editors write
/// one), and a position inside a multi-byte character is that character's, not the end of
/// the text's.
#[test]
fn a_byte_order_mark_is_skipped_and_positions_count_characters() {
    let text = format!("\u{feff}{}", valid());
    assert!(estimate_json(&text).is_ok());
    let e = Value::parse("{\"a\": \"\\u00é9\", \"b\": 1}").unwrap_err();
    assert_eq!(
        e.message(),
        "the input is not valid JSON: invalid \\u escape at line 1 column 12"
    );
    let e = Value::parse_bytes(b"{\"a\":\n \"\xe4\xb8\xad\xff\"}").unwrap_err();
    assert_eq!(
        e.message(),
        "the input is not valid UTF-8: byte 0xFF at line 2 column 4; JSON text must be UTF-8"
    );
    assert_still_works();
}

/// An error lists at most 100 problems, then one `too_many_errors` entry with the count of
/// the others; identical problems are listed once. (A 16 MiB input of unknown keys made a
/// 614 MB error; one key repeated 200,000 times, 200,001 identical problems.)
#[test]
fn error_lists_stop_at_100_problems() {
    let mut order = valid()["order"].clone();
    for i in 0..250 {
        order[format!("unknown_{i:03}")] = json!(1);
    }
    let e = run(&with(|j| j["order"] = order)).unwrap_err();
    let problems: Vec<(&str, &str)> = codes_and_paths(&e);
    assert_eq!(problems.len(), 101);
    assert_eq!(problems[0], ("unknown_field", "order.unknown_000"));
    assert_eq!(problems[99], ("unknown_field", "order.unknown_099"));
    let last = e.problems().last().unwrap();
    assert_eq!(
        (last.code.as_str(), last.path.as_str()),
        ("too_many_errors", "")
    );
    assert_eq!(
        last.message,
        "150 more problems were found and are not listed (an error lists the first 100); fix these and try again"
    );
    // The wire form carries the same list.
    let wire: Json = serde_json::from_str(&e.to_json()).unwrap();
    assert_eq!(wire["errors"].as_array().unwrap().len(), 101);
    assert_eq!(wire["errors"][100]["code"], "too_many_errors");
    assert_still_works();

    // One unknown key repeated 200,000 times: one duplicate, one unknown field.
    let text = text_with(
        "\"plan\":\"annual\"",
        &format!("\"plan\":\"annual\"{}", ",\"colour\":1".repeat(200_000)),
    );
    let e = estimate_json(&text).unwrap_err();
    assert_eq!(
        codes_and_paths(&e),
        [
            ("duplicate_field", "order.colour"),
            ("unknown_field", "order.colour")
        ]
    );
    // The same problem found three times in one place is listed once: an unknown meter
    // repeated in `usage` (3 identical problems before).
    let text = text_with(
        "\"traffic_gb\":\"150\"",
        "\"traffic_gb\":\"150\",\"x\":\"1\",\"x\":\"1\",\"x\":\"1\"",
    );
    let e = estimate_json(&text).unwrap_err();
    assert_eq!(codes_and_paths(&e), [("unknown_meter", "order.usage.x")]);
    assert_still_works();
}

/// "Did you mean" compares names of at most 64 characters, and a message lists at most 10
/// names, each cut at 40 characters: 10,000 plans with 800-character ids and one mistyped
/// plan took 18-29 s and made a 16 MB error.
#[test]
fn suggestions_and_lists_in_messages_are_bounded() {
    let long_id = |i: usize| format!("{i:06}{}", "x".repeat(794));
    let plans: Vec<Json> = (0..10_000)
        .map(|i| json!({"id": long_id(i), "term": {"months": 1}, "price": "1"}))
        .collect();
    let mut input = with(|j| j["policy"]["plans"] = json!(plans));
    input["order"] = json!({"plan": format!("{}y", &long_id(5_000)[..799]), "start": "2026-01-15"});
    let e = run(&input).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("unknown_plan", "order.plan")
    );
    assert_eq!(
        e.message(),
        format!(
            "the policy has no plan \"{}…\"; the policy's plans are {} and 9990 more",
            &long_id(5_000)[..40],
            (0..10)
                .map(|i| format!("{}…", &long_id(i)[..40]))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    // Short ids are still suggested, among as many plans.
    let plans: Vec<Json> = (0..10_000)
        .map(|i| json!({"id": format!("plan-{i}"), "term": {"months": 1}, "price": "1"}))
        .collect();
    let mut input = with(|j| j["policy"]["plans"] = json!(plans));
    input["order"] = json!({"plan": "plan-99999", "start": "2026-01-15"});
    let e = run(&input).unwrap_err();
    assert!(
        e.message().ends_with("; did you mean \"plan-9999\"?"),
        "{}",
        e.message()
    );
    // A usage key for a plan of 1,000 meters lists 10 of them.
    let meters: Vec<Json> = (0..1_000)
        .map(|i| json!({"id": format!("meter_{i}"), "unitPrice": "1"}))
        .collect();
    let e = run(&with(|j| {
        j["policy"]["plans"][0]["meters"] = json!(meters);
        j["order"]["usage"] = json!({"nope": "1"});
    }))
    .unwrap_err();
    assert_eq!(
        e.message(),
        "plan \"annual\" has no meter \"nope\"; its meters: meter_0, meter_1, meter_2, meter_3, meter_4, meter_5, meter_6, meter_7, meter_8, meter_9 and 990 more"
    );
    assert_still_works();
}

/// Bidirectional controls left open, or closing nothing, are refused in every string, at
/// its path; paired ones are read. Policy texts holding right-to-left letters or controls
/// go into sentences isolated (U+2068 … U+2069), so they cannot reorder what follows them.
/// (An unterminated U+202E in a plan name displayed "共 31 天" as "共 13 天".)
#[test]
fn bidi_controls_are_paired_and_policy_texts_isolated() {
    for (name, says) in [
        ("a \u{202e}b", "U+202E (right-to-left override) at character 3 that is never closed"),
        ("a \u{202b}b \u{2067}c\u{2069}", "U+202B (right-to-left embedding) at character 3 that is never closed"),
        ("a \u{2066}b", "U+2066 (left-to-right isolate) at character 3 that is never closed"),
        ("a\u{202c} b", "U+202C (pop directional formatting) at character 2 with no embedding or override to close"),
        ("a\u{2069}", "U+2069 (pop directional isolate) at character 2 with no isolate to close"),
        // An isolate closes the embeddings inside it, not the other way round.
        ("\u{2068}\u{202e}a\u{2069}\u{202c}", "U+202C (pop directional formatting) at character 5"),
    ] {
        let e = run(&with(|j| {
            j["policy"]["plans"][1]["name"] = json!({"en": "Monthly", "zh-CN": name})
        }))
        .unwrap_err();
        assert_eq!(
            codes_and_paths(&e),
            [("invalid_text", "policy.plans[1].name.zh-CN")],
            "{name:?}"
        );
        assert!(e.message().starts_with(&format!("the text has {says}")), "{name:?}: {}", e.message());
    }
    // Host strings too: the order's plan id, the request's locale.
    let e = run(&with(|j| j["request"]["locale"] = json!("en\u{202e}"))).unwrap_err();
    assert_eq!(codes_and_paths(&e), [("invalid_text", "request.locale")]);
    // Paired controls are read.
    for name in [
        "a \u{202e}b\u{202c} c",
        "\u{2067}\u{202b}x\u{202c}\u{2069}",
        "\u{2068}\u{202e}a\u{2069}",
    ] {
        assert!(
            run(&with(|j| j["policy"]["plans"][1]["name"] = json!(name))).is_ok(),
            "{name:?}"
        );
    }
    // A right-to-left meter name goes into the usage line isolated, its figures after it.
    let e = run(&with(|j| {
        j["policy"]["plans"][0]["meters"][0]["name"] =
            json!("\u{5e9}\u{5dc}\u{5d5}\u{5dd} GB \u{202e}x\u{202c}");
    }))
    .unwrap();
    let usage = e.lines.iter().find(|l| l.code == "usage").unwrap();
    assert!(
        usage.detail.starts_with(
            "\u{2068}\u{5e9}\u{5dc}\u{5d5}\u{5dd} GB \u{202e}x\u{202c}\u{2069}: 150 used"
        ),
        "{}",
        usage.detail
    );
    // A left-to-right name is left as it is: the sentences show the same either way.
    let e = run(&valid()).unwrap();
    let usage = e.lines.iter().find(|l| l.code == "usage").unwrap();
    assert!(
        usage.detail.starts_with("traffic_gb: 150 used"),
        "{}",
        usage.detail
    );
    // An unknown right-to-left locale is quoted isolated in its warning.
    let e = run(&with(|j| j["request"]["locale"] = json!("\u{5e2}\u{5d1}"))).unwrap();
    assert!(
        e.warnings[0]
            .message
            .contains("\"\u{2068}\u{5e2}\u{5d1}\u{2069}\""),
        "{}",
        e.warnings[0].message
    );
    // So is a right-to-left string quoted in an error message.
    let e = run(&with(|j| j["order"]["plan"] = json!("\u{5e9}1"))).unwrap_err();
    assert!(
        e.message().contains("\"\u{2068}\u{5e9}1\u{2069}\""),
        "{}",
        e.message()
    );
    assert_still_works();
}

/// Every entry of the corpus, through the library: its code and path (and message, count
/// and last entry where the corpus names them), then a valid estimate right after.
#[test]
fn the_bad_input_corpus() {
    let cases = corpus();
    assert!(cases.len() >= 150, "{} entries", cases.len());
    // Every code but `overflow` (out of reach of valid input: see `overflow`) has entries.
    for code in ErrorCode::ALL {
        let covered = cases
            .iter()
            .any(|c| c.code == code.as_str() || c.last.as_deref() == Some(code.as_str()));
        assert!(
            covered || code == ErrorCode::Overflow,
            "no corpus entry for {code}"
        );
    }
    for c in &cases {
        let options = || Value::parse(c.options.as_deref().unwrap_or("{}")).unwrap();
        let result = Value::parse_bytes(&c.bytes).and_then(|input| match c.call.as_str() {
            "estimate" => estimate(&input).map(drop),
            "curve" => refund_estimator::refund_curve(&input, &options()).map(drop),
            "compare" => refund_estimator::compare_plans(&input, &options()).map(drop),
            "validate" => validate_policy(&input).map(drop),
            other => panic!("{}: unknown call {other}", c.name),
        });
        let e = result.expect_err(&c.name);
        assert_eq!(
            (e.code().as_str(), e.path()),
            (c.code.as_str(), c.path.as_str()),
            "{}: {e}",
            c.name
        );
        if let Some(says) = &c.says {
            assert!(
                e.message().contains(says.as_str()),
                "{}: {:?} lacks {says:?}",
                c.name,
                e.message()
            );
        }
        if let Some(n) = c.count {
            assert_eq!(e.len(), n, "{}: {e}", c.name);
        }
        let last = e.problems().last().unwrap();
        if let Some(code) = &c.last {
            assert_eq!(last.code.as_str(), code, "{}", c.name);
        }
        if let Some(says) = &c.last_says {
            assert!(
                last.message.contains(says.as_str()),
                "{}: {:?}",
                c.name,
                last.message
            );
        }
        assert_still_works();
    }
}

/// Timestamps as `Temporal.ZonedDateTime.prototype.toString()` and a `datetime-local` field
/// with an offset write them give the estimate of the plain RFC 3339 form (#16.9).
#[test]
fn temporal_and_form_timestamps_give_the_same_estimate() {
    let plain = run(&valid()).unwrap();
    for (start, at) in [
        (
            "2026-01-15T10:30:00+08:00[Asia/Shanghai]",
            "2026-05-20T18:40:00+08:00[Asia/Shanghai]",
        ),
        ("2026-01-15T10:30+08:00", "2026-05-20T18:40+08:00"),
        (
            "2026-01-15T02:30:00Z[Asia/Shanghai]",
            "2026-05-20T18:40:00+08:00[+08:00][u-ca=iso8601]",
        ),
        (
            "2026-01-15T10:30:00+08:00[Asia/Urumqi]",
            "2026-05-20T06:40:00-04:00[America/New_York]",
        ),
    ] {
        let e = run(&with(|j| {
            j["order"]["start"] = json!(start);
            j["request"]["at"] = json!(at);
        }))
        .unwrap_or_else(|e| panic!("{start} / {at}: {e}"));
        assert_eq!(e.to_json(), plain.to_json(), "{start} / {at}");
    }
    let e = run(&with(|j| {
        j["request"]["at"] = json!("2026-05-20T18:40:00+08:00[America/New_York]")
    }))
    .unwrap_err();
    assert_eq!(codes_and_paths(&e), [("invalid_date", "request.at")]);
    assert_eq!(
        e.message(),
        "the offset +08:00 disagrees with the zone [America/New_York], whose offset at that instant is -04:00: correct one of them in \"2026-05-20T18:40:00+08:00[America/New_Yo…\""
    );
    assert_still_works();
}
