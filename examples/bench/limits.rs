#![allow(
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::indexing_slicing
)]
//! The largest inputs the limits accept (docs/policy.md, "Limits"), and a few that they
//! refuse, each timed as a caller sees it: from the JSON text to the answer or the error.
//! The slowest of them is the worst case the docs state.

use refund_estimator::{compare_plans, estimate_json, refund_curve, validate_policy, Value};
use serde_json::{json, Value as Json};
use std::time::Instant;

/// The longest JSON text accepted: 16 MiB.
const MAX_TEXT: usize = 16 << 20;
/// A curve's points × items per point (docs/policy.md, "Limits").
const MAX_CURVE_WORK: usize = 1_000_000;
const MAX_POINTS: usize = 40_000;

/// What the docs promise: every accepted input is answered within this, natively.
pub const BOUND_MS: f64 = 1_000.0;

enum Call {
    Estimate(String),
    Curve(String, String),
    Compare(String, String),
    Validate(String),
}

struct Case {
    name: String,
    call: Call,
    /// Whether the input is valid (an answer is expected) or not (an error is).
    accepted: bool,
}

impl Case {
    fn bytes(&self) -> usize {
        match &self.call {
            Call::Estimate(t) | Call::Validate(t) => t.len(),
            Call::Curve(t, o) | Call::Compare(t, o) => t.len() + o.len(),
        }
    }

    /// Runs the call once: the answer's size, or the error's.
    fn run(&self) -> Result<usize, String> {
        let parse = |t: &str| Value::parse(t).map_err(|e| e.to_json());
        match &self.call {
            Call::Estimate(t) => estimate_json(t)
                .map(|e| e.to_json().len())
                .map_err(|e| e.to_json()),
            Call::Curve(t, o) => refund_curve(&parse(t)?, &parse(o)?)
                .map(|c| refund_estimator::ToValue::to_value(&c).to_json().len())
                .map_err(|e| e.to_json()),
            Call::Compare(t, o) => compare_plans(&parse(t)?, &parse(o)?)
                .map(|c| refund_estimator::ToValue::to_value(&c).to_json().len())
                .map_err(|e| e.to_json()),
            Call::Validate(t) => validate_policy(&parse(t)?)
                .map(|p| p.plan_ids().count())
                .map_err(|e| e.to_json()),
        }
    }
}

fn text(j: &Json) -> String {
    serde_json::to_string(j).unwrap_or_default()
}

/// 10,000 holidays in a row from the fault's day on: the most a calendar lists, and the
/// hardest to count business days through.
fn holidays() -> Vec<Json> {
    let first = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap_or_default();
    (0..10_000u64)
        .map(|i| {
            json!((first + chrono::Days::new(i))
                .format("%Y-%m-%d")
                .to_string())
        })
        .collect()
}

/// Every rule section, with each list at its limit where that costs work at a point.
fn rules(schedule_steps: usize) -> Json {
    json!({
        "eligibility": {"promotion": "clawback", "blockers": ["trial", "frozen", "pending_transaction"]},
        "coolingOff": {"days": 5, "quota": 3},
        "consumed": {"method": "list_rate", "unit": "hour", "startRounding": "down", "endRounding": "up",
                     "multiplier": {"factor": "1.5", "withinDays": 36600}},
        "fees": {
            "handling": {"percent": "5", "of": "remaining", "min": "1.00", "max": "100000.00",
                         "tiers": (1..=100).map(|m| json!({"minTermMonths": m,
                             "byYear": (0..100).map(|y| json!(((m + y) % 20).to_string())).collect::<Vec<_>>()}))
                             .collect::<Vec<_>>()},
            "earlyTermination": {"kind": "schedule", "min": "1.00",
                "schedule": (0..schedule_steps).map(|i| json!({"fromMonth": 1 + i * 10,
                    "percent": (100 - i % 50).to_string()})).collect::<Vec<_>>()},
            "waivedFor": vec![json!("duplicate_purchase"); 10_000]
        },
        "nonRefundable": {"vouchers": "proportional", "processingFee": {"percent": "2.9", "fixed": "0.30"}},
        "sla": {"payAs": "refund", "claimWindow": {"businessDays": 400},
                "tiers": (1..=100).map(|i| json!({"below": format!("{}", 100.0 - f64::from(i) / 100.0),
                    "percent": i.to_string()})).collect::<Vec<_>>()},
        "settlement": {"negative": "owed", "minimumRefund": "0.01"}
    })
}

fn plan(id: &str, meters: usize, list_rates: usize) -> Json {
    json!({
        "id": id,
        "name": {"en": format!("Plan {id}"), "zh-CN": format!("套餐 {id}")},
        "term": {"months": 1200}, "price": "1200000.00", "monthlyFee": "1000.00", "setupFee": "100.00",
        "listRates": (0..list_rates).map(|j| json!({"per": {"hours": 20_000 - j * 100}, "price": "13.37"}))
            .collect::<Vec<_>>(),
        "meters": (0..meters).map(|j| json!({"id": format!("m{j}"),
            "name": {"en": format!("Meter {j}"), "zh-CN": format!("计量 {j}")},
            "included": "1", "unitPrice": "0.005"})).collect::<Vec<_>>()
    })
}

/// `{policy, order, request}`: a customer of a plan with `meters` meters (all reported:
/// each one a line, each a half-unit the rounding must settle), `schedule_steps` steps and
/// `list_rates` list rates, leaving for a provider fault with an SLA claim to count.
fn heavy_input(meters: usize, schedule_steps: usize, list_rates: usize) -> Json {
    let usage: serde_json::Map<String, Json> =
        (0..meters).map(|j| (format!("m{j}"), json!("3"))).collect();
    json!({
        "policy": {
            "id": "limits", "version": "1", "currency": "USD", "timezone": "America/New_York",
            "rounding": "half_even", "tax": {"rate": "8.25", "inclusive": false},
            "rules": rules(schedule_steps),
            "calendar": {"holidays": holidays()},
            "plans": [plan("heavy", meters, list_rates)]
        },
        "order": {"plan": "heavy", "start": "2026-01-15T10:30:00-05:00",
                  "paid": {"cash": "1000000.00", "credit": "100000.00", "voucher": "100100.00"},
                  "setupFee": "100.00", "usage": usage, "paymentMethod": "paypal",
                  "promotion": true, "coolingOffUsed": 3},
        "request": {"at": "2027-05-20T18:40:00-04:00", "reason": "provider_fault",
                    "availability": "1", "faultOn": "2026-02-01", "locale": "zh-CN"}
    })
}

/// The hourly curve with the most points the limits allow for this plan.
fn longest_curve(meters: usize, schedule_steps: usize, list_rates: usize) -> Case {
    let items = 1 + meters + schedule_steps + list_rates;
    let points = MAX_POINTS.min(MAX_CURVE_WORK / items);
    let start =
        chrono::DateTime::parse_from_rfc3339("2026-01-15T10:30:00-05:00").unwrap_or_default();
    let to = start + chrono::Duration::hours(i64::try_from(points).unwrap_or(0) - 1);
    Case {
        name: format!(
            "curve: {meters} meters, {schedule_steps} schedule steps, {list_rates} list rates: {points} hourly points"
        ),
        call: Call::Curve(
            text(&heavy_input(meters, schedule_steps, list_rates)),
            text(&json!({"step": "hour", "to": to.to_rfc3339()})),
        ),
        accepted: true,
    }
}

/// A policy of as many plans as fit in 16 MiB with `input` around it.
fn biggest_policy(meters_a_plan: usize) -> (Json, usize) {
    let one = text(&plan("p000000", meters_a_plan, 16)).len() + 1;
    let plans = ((MAX_TEXT - 600_000) / one).min(10_000);
    let policy = json!({
        "id": "limits", "version": "1", "currency": "USD", "timezone": "Europe/Berlin",
        "rules": rules(40),
        "calendar": {"holidays": holidays()},
        "plans": (0..plans).map(|i| plan(&format!("p{i:06}"), meters_a_plan, 16)).collect::<Vec<_>>()
    });
    (policy, plans)
}

fn cases() -> Vec<Case> {
    let mut cases = vec![
        longest_curve(1_000, 120, 16),
        longest_curve(49, 120, 16),
        longest_curve(8, 8, 8),
    ];
    cases.push(Case {
        name: "estimate: 1,000 meters, 120 schedule steps, 16 list rates, every rule, zh-CN".into(),
        call: Call::Estimate(text(&heavy_input(1_000, 120, 16))),
        accepted: true,
    });

    // The most plans: compared all at once, after the longest stay.
    let (policy, plans) = biggest_policy(0);
    let compare = json!({"policy": policy, "start": "2026-01-15", "reason": "provider_fault"});
    cases.push(Case {
        name: format!("compare: {plans} plans with 16 list rates each, after 1,200 months"),
        call: Call::Compare(text(&compare), text(&json!({"after": {"months": 1200}}))),
        accepted: true,
    });
    cases.push(Case {
        name: format!("validate: {plans} plans"),
        call: Call::Validate(text(&policy)),
        accepted: true,
    });
    // The most documents (their codes are checked for repeats pairwise: quadratic, and at
    // 10,000 still a fraction of the bound) and channels, each listed in the estimate.
    let mut input = heavy_input(1, 1, 1);
    input["policy"]["documents"] = json!((0..10_000)
        .map(|i| json!({"code": format!("doc-{i:05}"), "label": format!("Document {i}"), "when": {"reasons": ["provider_fault"]}}))
        .collect::<Vec<_>>());
    input["policy"]["channels"] = json!((0..10_000)
        .map(|i| json!({"kind": "email_ticket", "contact": format!("desk-{i}@example.com")}))
        .collect::<Vec<_>>());
    cases.push(Case {
        name: "estimate: 10,000 documents and 10,000 channels".into(),
        call: Call::Estimate(text(&input)),
        accepted: true,
    });
    // A 16 MiB policy of plans with many meters, read for one estimate.
    let (policy, plans) = biggest_policy(1_000);
    let mut input = heavy_input(1_000, 40, 16);
    input["policy"] = policy;
    input["order"]["plan"] = json!("p000000");
    cases.push(Case {
        name: format!("estimate: a policy of {plans} plans of 1,000 meters (16 MiB)"),
        call: Call::Estimate(text(&input)),
        accepted: true,
    });

    // Refused inputs: reading them costs what reading a valid one does.
    let key = r#","unknown_key_0000000":1"#.len();
    let mut unknown = String::from(r#"{"order":{"plan":"annual-100m""#);
    for i in 0..(MAX_TEXT - 200) / key {
        unknown.push_str(&format!(r#","unknown_key_{i:07}":1"#));
    }
    unknown.push_str(r#"},"request":{"at":"2026-05-20"}}"#);
    cases.push(Case {
        name: "refused: 16 MiB of unknown keys".into(),
        call: Call::Estimate(unknown),
        accepted: false,
    });
    let mut repeated = String::from(r#"{"order":{"plan":"annual-100m""#);
    while repeated.len() < MAX_TEXT - 200 {
        repeated.push_str(r#","colour":"red""#);
    }
    repeated.push_str(r#"},"request":{"at":"2026-05-20"}}"#);
    cases.push(Case {
        name: "refused: one unknown key repeated a million times".into(),
        call: Call::Estimate(repeated),
        accepted: false,
    });
    let long_id = |i: usize| format!("{i:06}{}", "x".repeat(794));
    let ids = json!({
        "policy": {"id": "p", "version": "1", "currency": "USD",
                   "plans": (0..10_000).map(|i| json!({"id": long_id(i), "term": {"months": 1}, "price": "1"}))
                       .collect::<Vec<_>>()},
        "order": {"plan": format!("{}y", &long_id(5_000)[..799]), "start": "2026-01-15"},
        "request": {"at": "2026-05-20"}
    });
    cases.push(Case {
        name: "refused: 10,000 plans with 800-character ids, one mistyped".into(),
        call: Call::Estimate(text(&ids)),
        accepted: false,
    });
    let broken = json!({
        "policy": {"id": "p", "version": "1", "currency": "USD",
                   "plans": (0..10_000).map(|i| json!({"id": format!("p{i}"), "term": {"weeks": 1},
                       "price": "-1", "setupFee": "1.5e3", "billing": "weekly", "colour": "red"}))
                       .collect::<Vec<_>>()},
        "order": {"plan": "p1", "start": "2026-01-15"},
        "request": {"at": "2026-05-20"}
    });
    cases.push(Case {
        name: "refused: 10,000 plans with 6 problems each".into(),
        call: Call::Estimate(text(&broken)),
        accepted: false,
    });
    let nested = format!(
        "{{\"order\":{}}}",
        "[".repeat(63).to_string() + &"0,".repeat((MAX_TEXT - 200) / 2) + "0" + &"]".repeat(63)
    );
    cases.push(Case {
        name: "refused: 16 MiB of numbers, 64 levels deep".into(),
        call: Call::Estimate(nested),
        accepted: false,
    });
    cases
}

/// The CPU time this thread has had, in seconds (Linux: /proc/thread-self/schedstat, in
/// nanoseconds); `None` elsewhere. A machine shared with other work stretches the wall
/// time of a run, not its CPU time.
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

/// Times every case (`runs` times each) and prints a table: the CPU time of the fastest run
/// (what the engine takes), and the wall time of the slowest.
pub fn run(runs: usize) {
    println!();
    println!("the largest accepted inputs (docs/policy.md, \"Limits\"), and refused ones:");
    println!("CPU time of the fastest of {runs} runs (wall time of the slowest), from the JSON text to the answer");
    let mut worst: f64 = 0.0;
    let only = std::env::var("BENCH_LIMITS_ONLY").unwrap_or_default();
    for case in cases() {
        if !case.name.contains(&only) {
            continue;
        }
        let (mut fastest, mut slowest): (f64, f64) = (f64::MAX, 0.0);
        let mut outcome = Ok(0);
        for _ in 0..runs {
            let (t0, cpu0) = (Instant::now(), cpu_seconds());
            outcome = case.run();
            let wall = t0.elapsed().as_secs_f64();
            let cpu = match (cpu0, cpu_seconds()) {
                (Some(a), Some(b)) => b - a,
                _ => wall,
            };
            fastest = fastest.min(cpu);
            slowest = slowest.max(wall);
        }
        let what = match (&outcome, case.accepted) {
            (Ok(size), true) => format!("answer {:.1} KB", *size as f64 / 1024.0),
            (Err(e), false) => format!("error {:.1} KB", e.len() as f64 / 1024.0),
            (Ok(_), false) => "ACCEPTED, but it should be refused".into(),
            (Err(e), true) => format!("REFUSED: {}", e.chars().take(300).collect::<String>()),
        };
        println!(
            "  {:>8.1} ms ({:>7.1} ms)  {:>6.2} MB in  {what:<18}  {}",
            fastest * 1e3,
            slowest * 1e3,
            case.bytes() as f64 / (1 << 20) as f64,
            case.name
        );
        worst = worst.max(fastest);
    }
    let verdict = if worst * 1e3 <= BOUND_MS {
        "within"
    } else {
        "OVER"
    };
    println!(
        "slowest case: {:.1} ms (its fastest run), {verdict} the documented bound of {BOUND_MS:.0} ms",
        worst * 1e3
    );
}
