//! The rules added for issue #19, held to what they promise over many cancellation
//! instants, each against an estimate computed another way: orders settled together never
//! give back more than the same orders settled alone (and exactly as much when none of them
//! is floored); a limit on the account's refunds trims to what is left and no further; a
//! refund window gives the plain rules inside it and nothing after; a refund on the lower
//! price is what a buyer at today's price gets back; a window in calendar days ends at
//! 24:00 of its last day.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use refund_estimator::{estimate, Decimal, Estimate, Value};
use serde_json::{json, Value as Json};

fn run(input: &Json) -> Estimate {
    estimate(&Value::parse(&input.to_string()).unwrap()).unwrap_or_else(|e| panic!("{e}: {input}"))
}

fn refund(input: &Json) -> Decimal {
    run(input).refund.parse().unwrap()
}

/// `YYYY-MM-DD` for day `n` of 2026 (n from 1), at the time given.
fn day_of_2026(n: i64, time: &str) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n - 1);
    format!("{}T{time}", d.format("%Y-%m-%d"))
}

fn list_rate_policy(together: bool) -> Json {
    json!({
        "id": "p", "version": "1", "currency": "CNY", "timezone": "+08:00",
        "rules": {"consumed": {"method": "list_rate"},
                  "fees": {"handling": {"percent": "5", "of": "remaining"}},
                  "settlement": {"orders": if together { "together" } else { "each" }}},
        "plans": [{"id": "annual", "term": {"months": 12}, "price": "10200.00",
                   "listRates": [{"per": {"months": 1}, "price": "1000.00"}, {"per": {"hours": 1}, "price": "2.00"}]}]
    })
}

#[test]
fn orders_settled_together_never_give_back_more_than_each_alone() {
    let current = json!({"plan": "annual", "start": "2026-01-01T00:00:00+08:00", "paid": {"cash": "10200.00"}});
    let renewal = json!({"plan": "annual", "start": "2027-01-01T00:00:00+08:00", "paid": {"cash": "9800.00", "voucher": "400.00"},
                         "renewal": true, "paymentMethod": "alipay"});
    let (mut floored, mut equal) = (0, 0);
    for n in (1..=365).step_by(4) {
        let at = day_of_2026(n, "13:30:00+08:00");
        let together = refund(&json!({"policy": list_rate_policy(true), "order": current,
                                      "settleWith": [renewal], "request": {"at": at}}));
        let first = run(
            &json!({"policy": list_rate_policy(false), "order": current, "request": {"at": at}}),
        );
        let second = refund(
            &json!({"policy": list_rate_policy(false), "order": renewal, "request": {"at": at}}),
        );
        let alone = first.refund.parse::<Decimal>().unwrap() + second;
        assert!(
            together <= alone,
            "{at}: together {together} > alone {alone}"
        );
        if first.lines.iter().any(|l| l.code == "floor") {
            floored += 1;
            assert!(together < alone, "{at}: a floored order changes nothing");
        } else {
            equal += 1;
            assert_eq!(
                together, alone,
                "{at}: no order floored, yet the sums differ"
            );
        }
    }
    // Both sides of the boundary were seen: the time used passes the first payment in
    // the eleventh month (10 × 1000 + hours at 2.00 an hour).
    assert!(floored > 5 && equal > 5, "floored {floored}, equal {equal}");
}

#[test]
fn an_account_limit_trims_to_what_is_left_and_no_further() {
    let policy = |cap: bool| {
        let mut p = json!({
            "id": "p", "version": "1", "currency": "USD", "timezone": "UTC",
            "rules": {"consumed": {"unit": "day"}},
            "plans": [{"id": "y", "term": {"months": 12}, "price": "36500.00"}]
        });
        if cap {
            p["rules"]["accountCap"] = json!({"amount": "40000.00", "months": 12});
        }
        p
    };
    let history = json!([{"at": "2025-09-01", "amount": "15000.00"}, {"at": "2026-02-01", "amount": "10000.00"}]);
    let mut trimmed = 0;
    for n in (1..=365).step_by(7) {
        let at = day_of_2026(n, "06:00:00Z");
        let order = json!({"plan": "y", "start": "2026-01-01T00:00:00Z", "paid": {"cash": "36500.00"}, "refundHistory": history});
        let capped = run(&json!({"policy": policy(true), "order": order, "request": {"at": at}}));
        let mut plain_order = order.clone();
        plain_order.as_object_mut().unwrap().remove("refundHistory");
        let plain =
            refund(&json!({"policy": policy(false), "order": plain_order, "request": {"at": at}}));
        let cap = capped.account_cap.clone().unwrap();
        let left: Decimal = cap.left.parse().unwrap();
        let used: Decimal = cap.used.parse().unwrap();
        // The earlier refunds that count: the one of 1 Sep 2025 until 1 Sep 2026; the one
        // of 1 Feb 2026 from its day.
        let expected_used = [
            ("2025-09-01", "2026-09-01", 15000),
            ("2026-02-01", "2027-02-01", 10000),
        ]
        .iter()
        .filter(|(from, to, _)| at.as_str() >= *from && at.as_str() < *to)
        .map(|(_, _, a)| Decimal::from(*a))
        .sum::<Decimal>();
        assert_eq!(used, expected_used, "{at}");
        assert_eq!(left, Decimal::from(40000) - used, "{at}");
        let got: Decimal = capped.refund.parse().unwrap();
        assert_eq!(got, plain.min(left), "{at}");
        if got < plain {
            trimmed += 1;
        }
    }
    assert!(trimmed > 3, "the limit trimmed {trimmed} points");
}

#[test]
fn a_refund_window_gives_the_rules_inside_and_nothing_after() {
    let policy = |window: bool| {
        let mut p = json!({
            "id": "p", "version": "1", "currency": "EUR", "timezone": "Europe/Berlin",
            "rules": {"consumed": {"unit": "day", "endRounding": "up"}, "fees": {"handling": {"percent": "3"}}},
            "plans": [{"id": "y", "term": {"months": 12}, "price": "960.00"}]
        });
        if window {
            p["rules"]["cancellation"] = json!({"refund": "within_window", "window": {"days": 30}});
        }
        p
    };
    let order =
        json!({"plan": "y", "start": "2026-03-20T15:45:00+01:00", "paid": {"cash": "960.00"}});
    // 30 calendar days later at the same wall-clock time, across the spring change.
    let closes = chrono::DateTime::parse_from_rfc3339("2026-04-19T15:45:00+02:00").unwrap();
    for hours in (0..60 * 24).step_by(11) {
        let t = chrono::DateTime::parse_from_rfc3339("2026-03-20T15:45:00+01:00").unwrap()
            + chrono::Duration::hours(hours);
        let at = t.to_rfc3339();
        let with = run(&json!({"policy": policy(true), "order": order, "request": {"at": at}}));
        let without = run(&json!({"policy": policy(false), "order": order, "request": {"at": at}}));
        if t <= closes {
            assert_eq!(with.to_json(), without.to_json(), "{at}: inside the window");
        } else {
            assert_eq!(
                (with.refund.as_str(), with.outcome.as_str()),
                ("0.00", "ineligible"),
                "{at}"
            );
        }
    }
}

#[test]
fn a_refund_on_the_lower_price_is_what_a_buyer_at_that_price_gets() {
    let policy = |lower: bool| {
        let mut p = json!({
            "id": "p", "version": "1", "currency": "USD", "timezone": "+08:00",
            "rules": {"consumed": {"unit": "hour", "anchor": "clock", "startRounding": "down", "endRounding": "down"},
                      "fees": {"handling": {"percent": "7.5", "of": "paid"}}},
            "plans": [{"id": "y", "term": {"months": 12}, "price": "12000.00"}]
        });
        if lower {
            p["rules"]["refundBase"] = json!({"of": "lower_of_paid_and_current"});
        }
        p
    };
    for n in (1..=360).step_by(13) {
        let at = day_of_2026(n, "18:40:00+08:00");
        let order = json!({"plan": "y", "start": "2026-01-01T10:30:00+08:00", "paid": {"cash": "12000.00"}});
        let lowered = run(
            &json!({"policy": policy(true), "order": dict(&order, "currentPrice", "8999.99"), "request": {"at": at}}),
        );
        let today = run(
            &json!({"policy": policy(false), "order": dict(&order, "paid", json!({"cash": "8999.99"})), "request": {"at": at}}),
        );
        assert_eq!(lowered.refund, today.refund, "{at}");
        assert_eq!(lowered.lines[1].code, "lower_price");
        assert_eq!(lowered.lines[1].amount, "-3000.01");
        // A current price above what was paid changes nothing.
        let higher = run(
            &json!({"policy": policy(true), "order": dict(&order, "currentPrice", "15000.00"), "request": {"at": at}}),
        );
        let paid = run(&json!({"policy": policy(false), "order": order, "request": {"at": at}}));
        assert_eq!(higher.refund, paid.refund, "{at}");
    }
}

fn dict(base: &Json, key: &str, value: impl Into<Json>) -> Json {
    let mut out = base.clone();
    out[key] = value.into();
    out
}

#[test]
fn a_window_in_calendar_days_ends_at_24_00_of_its_last_day() {
    // Bought at every hour of 3 Jan 2026: a 5-day window in calendar days always ends at
    // 24:00 on 8 Jan; one of rolling days, 5 × 24 hours after the purchase.
    for hour in 0..24 {
        let start = format!("2026-01-03T{hour:02}:17:00+08:00");
        for (counting, closes) in [
            ("calendar_days", "2026-01-09T00:00:00+08:00".to_owned()),
            ("rolling", format!("2026-01-08T{hour:02}:17:00+08:00")),
        ] {
            let input = |at: &str| {
                json!({"policy": {"id": "p", "version": "1", "currency": "CNY", "timezone": "Asia/Shanghai",
                                  "rules": {"consumed": {"unit": "day"}, "coolingOff": {"days": 5, "counting": counting}},
                                  "plans": [{"id": "y", "term": {"months": 12}, "price": "1200.00"}]},
                       "order": {"plan": "y", "start": start, "paid": {"cash": "1200.00"}},
                       "request": {"at": at}})
            };
            let t = chrono::DateTime::parse_from_rfc3339(&closes).unwrap();
            let second = chrono::Duration::seconds(1);
            assert_eq!(
                run(&input(&closes)).outcome.as_str(),
                "full",
                "{counting} {start} at {closes}"
            );
            let after = (t + second).to_rfc3339();
            assert_eq!(
                run(&input(&after)).outcome.as_str(),
                "partial",
                "{counting} {start} at {after}"
            );
        }
    }
}

/// An order settled together that is not a renewal paid ahead must have started at the
/// cancellation: estimate() refuses an earlier instant at `settleWith[0].start`, and so do a
/// prepared order's `at()` and `estimate_at()` (they moved the instant without the check);
/// a curve starts when that order does, and refuses an earlier `options.from`.
#[test]
fn an_order_settled_together_must_have_started_wherever_the_instant_moves() {
    use refund_estimator::{refund_curve, Estimator};
    let policy = list_rate_policy(true);
    let input = json!({
        "order": {"plan": "annual", "start": "2026-01-01T00:00:00+08:00", "paid": {"cash": "10200.00"}},
        "settleWith": [{"plan": "annual", "start": "2027-01-01T00:00:00+08:00", "paid": {"cash": "10200.00"}}],
        "request": {"at": "2027-02-01T12:00:00+08:00"}
    });
    let early = "2026-12-20T12:00:00+08:00";
    let with_policy = |at: &str| {
        let mut i = input.clone();
        i["policy"] = policy.clone();
        i["request"]["at"] = json!(at);
        Value::parse(&i.to_string()).unwrap()
    };
    let refused = estimate(&with_policy(early)).unwrap_err();
    assert_eq!(
        (refused.code().to_string(), refused.path()),
        ("cancel_before_start".to_owned(), "settleWith[0].start")
    );
    let accepted = estimate(&with_policy("2027-02-01T12:00:00+08:00")).unwrap();

    let estimator = Estimator::from_value(&Value::parse(&policy.to_string()).unwrap()).unwrap();
    let prepared = estimator
        .prepare(&Value::parse(&input.to_string()).unwrap())
        .unwrap();
    for error in [
        prepared.at(early).unwrap_err(),
        prepared.estimate_at(early).unwrap_err(),
    ] {
        assert_eq!(error.to_json(), refused.to_json());
    }
    assert_eq!(
        prepared.at("2027-02-01T12:00:00+08:00").unwrap().refund,
        accepted.refund
    );

    // The curve: from the later start by default, every point as estimate() gives it.
    let curve = refund_curve(
        &with_policy("2027-02-01T12:00:00+08:00"),
        &Value::parse(r#"{"step":"month"}"#).unwrap(),
    )
    .unwrap();
    assert_eq!(curve.points[0].at, "2027-01-01T00:00:00+08:00");
    for point in [&curve.points[0], &curve.points[curve.points.len() - 1]] {
        assert_eq!(
            point.refund,
            estimate(&with_policy(&point.at)).unwrap().refund,
            "{}",
            point.at
        );
    }
    let from_early = refund_curve(
        &with_policy("2027-02-01T12:00:00+08:00"),
        &Value::parse(r#"{"from":"2026-06-01T00:00:00+08:00","step":"month"}"#).unwrap(),
    )
    .unwrap_err();
    assert_eq!(
        (from_early.code().to_string(), from_early.path()),
        ("cancel_before_start".to_owned(), "options.from")
    );
}

/// The account's refund history is read once, on `order`: on an order settled with it, it
/// would be ignored, so it is refused where it was put.
#[test]
fn a_refund_history_on_an_order_settled_together_is_refused_at_its_place() {
    let mut policy = list_rate_policy(true);
    policy["rules"]["accountCap"] = json!({"amount": "50000.00", "months": 12, "over": "trim"});
    let input = json!({
        "policy": policy,
        "order": {"plan": "annual", "start": "2026-01-01T00:00:00+08:00", "paid": {"cash": "10200.00"}},
        "settleWith": [{"plan": "annual", "start": "2027-01-01T00:00:00+08:00", "paid": {"cash": "10200.00"}, "renewal": true,
                        "refundHistory": [{"at": "2025-06-01", "amount": "9000.00"}]}],
        "request": {"at": "2026-12-20T12:00:00+08:00"}
    });
    let error = estimate(&Value::parse(&input.to_string()).unwrap()).unwrap_err();
    assert_eq!(
        (error.code().to_string(), error.path()),
        ("incomplete_rule".to_owned(), "settleWith[0].refundHistory")
    );
    // On `order`, the same history is taken.
    let mut moved = input.clone();
    moved["order"]["refundHistory"] = moved["settleWith"][0]["refundHistory"].take();
    moved["settleWith"][0]
        .as_object_mut()
        .unwrap()
        .remove("refundHistory");
    assert!(estimate(&Value::parse(&moved.to_string()).unwrap()).is_ok());
}
