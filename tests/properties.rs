//! Property tests (native only: proptest does not build for wasm32).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
//! Properties of every estimate, over generated policies, orders and requests.
//!
//! The generators build VALID inputs only (random currency, rounding, tax, every rule
//! section and its options, plans with month/day/hour terms, meters and list rates;
//! orders starting 2024–2030 including month ends and 29 February; cancellations from
//! before the start of a renewal to after the end). An estimate that returns an error is
//! therefore a failure of the property, reported with the input that caused it.
//!
//! Properties:
//! - (a) `0 ≤ refund ≤ paid`, `owed ≥ 0`, and never both a refund and an amount owed;
//! - (b) lines sum exactly to `refund − owed`; every amount has the currency's decimals;
//! - (c) destinations other than `forfeited` sum to `refund + Σ credits`;
//! - (d) the same input gives the same bytes (also via JSON text);
//! - (e) the refund never increases as the cancellation moves later, for policies without
//!   step effects; with early-termination fees and handling tiers, within a contract month;
//! - (f) the locale changes no amount;
//! - (g) every point of a refund curve equals `estimate()` at that instant.

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, Timelike};
use proptest::prelude::*;
use proptest::test_runner::Config;
use refund_estimator::{estimate, Estimate, Value};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value as Json};
use std::str::FromStr;

// ---------------------------------------------------------------------------------------
// Specs: the generated choices, turned into JSON by the builders below.
// ---------------------------------------------------------------------------------------

const CURRENCIES: [(&str, u32); 4] = [("CNY", 2), ("USD", 2), ("JPY", 0), ("KWD", 3)];
/// Offsets a policy (or a timestamp) may be written in: text and seconds east of UTC.
const OFFSETS: [(&str, i64); 4] = [
    ("+08:00", 28_800),
    ("Z", 0),
    ("-05:00", -18_000),
    ("+05:45", 20_700),
];
/// Policy time zones: the offsets, and two zones with daylight saving time, by their
/// standard offset (the generator's own arithmetic; the instants it writes carry offsets).
const TIMEZONES: [(&str, i64); 6] = [
    OFFSETS[0],
    OFFSETS[1],
    OFFSETS[2],
    OFFSETS[3],
    ("America/New_York", -18_000),
    ("Europe/Berlin", 3_600),
];
const ROUNDINGS: [&str; 3] = ["half_up", "half_even", "down"];
const REASONS: [&str; 6] = [
    "business_change",
    "dissatisfied",
    "provider_fault",
    "duplicate_purchase",
    "switching_provider",
    "other",
];
const METHODS: [&str; 6] = [
    "card",
    "alipay",
    "wechat_pay",
    "bank_transfer",
    "paypal",
    "balance",
];
const UNITS: [&str; 5] = ["second", "minute", "hour", "day", "month"];
const PARTIAL: [&str; 3] = ["up", "down", "exact"];
const VOUCHERS: [&str; 3] = ["forfeit", "proportional", "refund"];

/// A decimal as `mantissa × 10^-scale`.
#[derive(Clone, Copy, Debug)]
struct Dec(u64, u32);

impl Dec {
    fn s(self) -> String {
        Decimal::new(i64::try_from(self.0).unwrap(), self.1).to_string()
    }
}

#[derive(Clone, Debug)]
struct Cooling {
    hours: bool,
    n: u32,
    quota: Option<u32>,
    require_unused: Option<bool>,
    vouchers: Option<usize>,
    /// `from`: activation (true) or purchase (false).
    from_activation: Option<bool>,
}

#[derive(Clone, Debug)]
struct Consumed {
    method: Option<usize>,
    unit: Option<usize>,
    clock: Option<bool>,
    start_rounding: Option<usize>,
    end_rounding: Option<usize>,
    /// `Some(true)` is 30/360, emitted only when the unit is `day`.
    thirty360: Option<bool>,
    multiplier: Option<(Dec, Option<u32>)>,
    usage: Option<bool>,
}

#[derive(Clone, Debug)]
struct Handling {
    percent: Dec,
    of_remaining: Option<bool>,
    /// (minTermMonths, byYear), minTermMonths strictly increasing.
    tiers: Vec<(u32, Vec<Dec>)>,
    min: Option<Dec>,
    max: Option<Dec>,
}

#[derive(Clone, Debug)]
enum EtKind {
    RemainingPercent(Dec),
    MonthsOfFee(u32),
    Flat(Dec),
    /// (fromMonth, percent), starting at 1, strictly increasing.
    Schedule(Vec<(u32, Dec)>),
    Lesser,
}

#[derive(Clone, Debug)]
struct Et {
    kind: EtKind,
    min: Option<Dec>,
    max: Option<Dec>,
}

#[derive(Clone, Debug)]
struct Sla {
    /// (below, percent): below strictly decreasing, percent non-decreasing.
    tiers: Vec<(&'static str, Dec)>,
    cap: Option<Dec>,
    pay_as_refund: Option<bool>,
    /// (business days, else billing cycles; how many).
    claim_window: Option<(bool, u32)>,
}

#[derive(Clone, Debug)]
struct Rules {
    /// promotion, invoiced, notStarted, neverActivated (indices into their names).
    /// promotion, invoiced, notStarted, neverActivated, blockers (default, none, frozen only).
    eligibility: [usize; 5],
    cooling: Option<Cooling>,
    consumed: Consumed,
    handling: Option<Handling>,
    et: Option<Et>,
    waived: u8,
    /// setupFee, vouchers, credit, processingFee (none, card+PayPal 2.9% + 0.30, 3.4% all).
    non_refundable: [usize; 4],
    sla: Option<Sla>,
    owed: Option<bool>,
    minimum: Option<Dec>,
}

/// Rule sections, as bits of an override mask.
const ELIGIBILITY: u8 = 1;
const COOLING: u8 = 2;
const CONSUMED: u8 = 4;
const FEES: u8 = 8;
const NON_REFUNDABLE: u8 = 16;
const SLA: u8 = 32;
const SETTLEMENT: u8 = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Term {
    Months(u32),
    Days(u32),
    Hours(u32),
}

#[derive(Clone, Debug)]
struct Plan {
    term: Term,
    price: Dec,
    setup: Option<Dec>,
    /// 0 prepaid, 1 monthly, 2 postpaid, 3 absent (prepaid).
    billing: usize,
    monthly_fee: Option<Dec>,
    list_monthly: Option<Dec>,
    /// Prices for the list-rate candidates picked by the mask (at least one).
    list_rates: (u8, [Dec; 5]),
    /// (included, unitPrice).
    meters: Vec<(Dec, Dec)>,
    overrides: Option<(u8, Rules)>,
}

#[derive(Clone, Debug)]
struct Policy {
    currency: usize,
    timezone: Option<usize>,
    rounding: Option<usize>,
    /// 0 none, 1 inclusive, 2 exclusive, 3 inclusive by default (field omitted).
    tax: (usize, Dec),
    rules: Rules,
    plans: Vec<Plan>,
}

#[derive(Clone, Debug)]
struct Start {
    year: i32,
    month: u32,
    /// 0 any day 1–28, 1 the month's last day, 2 29 Feb of a leap year, 3 the 30th/31st.
    day_kind: usize,
    day: u32,
    secs: u32,
    /// Index into OFFSETS, or 4 for a plain date (midnight in the policy's offset).
    written: usize,
}

#[derive(Clone, Debug)]
struct Order {
    plan: usize,
    start: Start,
    /// Explicit end: this many hours after the start.
    end_hours: Option<u32>,
    cash: Option<u64>,
    credit: Option<u64>,
    voucher: Option<u64>,
    /// Setup fee as permille of what was paid.
    setup_permille: Option<u32>,
    usage: Vec<Option<Dec>>,
    outstanding: Option<u64>,
    method: Option<usize>,
    promotion: Option<bool>,
    invoiced: Option<bool>,
    cooling_used: Option<u32>,
    renewal: bool,
    activated: Option<bool>,
    /// `activatedAt`, this many hours after the start (unless never activated).
    activated_after_hours: Option<u32>,
    /// Sets `trial`, `frozen` or `pendingTransaction` (rarely).
    blocker: Option<usize>,
    /// A framework contract waives the fees: `feesWaived` is `true`, or lists one of them.
    fees_waived: Option<&'static str>,
}

#[derive(Clone, Copy, Debug)]
enum At {
    /// Seconds before the start (the order becomes a renewal).
    Before(i64),
    /// Seconds after the start.
    After(i64),
    /// Parts per million of the term (beyond 1 000 000 is after the end).
    OfTerm(i64),
    StartExactly,
    EndExactly,
}

#[derive(Clone, Debug)]
struct Request {
    at: At,
    written: usize,
    reason: Option<usize>,
    availability: Option<Dec>,
    submitted: bool,
    /// The fault's day, this many days after the order's start date.
    fault_after_start: Option<u32>,
    /// The day the SLA credit was claimed, this many days after the order's start date.
    claimed_after_start: Option<u32>,
    /// 0 en, 1 zh-CN, 2 an unknown tag, 3 absent.
    locale: usize,
}

// ---------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------

/// The largest amount accepted (10^15), in minor units of a currency without decimals;
/// a safe bound in every currency.
const MAX_UNITS: u64 = 1_000_000_000_000_000;

fn money_units() -> impl Strategy<Value = u64> {
    prop_oneof![
        3 => 0u64..=1_000,
        4 => 0u64..=100_000_000,
        2 => 0u64..=100_000_000_000_000,
        1 => Just(MAX_UNITS),
    ]
}

/// A policy amount (any precision).
fn amount() -> impl Strategy<Value = Dec> {
    prop_oneof![
        (0u64..=1_000_000, 0u32..=2).prop_map(|(m, s)| Dec(m, s)),
        (0u64..=10_000_000_000, 0u32..=4).prop_map(|(m, s)| Dec(m, s)),
    ]
}

fn percent() -> impl Strategy<Value = Dec> {
    prop_oneof![
        Just(Dec(0, 0)),
        Just(Dec(100, 0)),
        (0u64..=100).prop_map(|p| Dec(p, 0)),
        (0u64..=100_000_000).prop_map(|p| Dec(p, 6)),
    ]
}

fn quantity() -> impl Strategy<Value = Dec> {
    prop_oneof![
        (0u64..=100_000).prop_map(|q| Dec(q, 0)),
        (0u64..=100_000_000, 0u32..=4).prop_map(|(m, s)| Dec(m, s)),
        Just(Dec(1_000_000_000_000, 0)),
    ]
}

fn cooling() -> BoxedStrategy<Cooling> {
    (
        any::<bool>(),
        0u32..=10,
        proptest::option::of(1u32..=3), // a quota is at least 1
        proptest::option::of(any::<bool>()),
        proptest::option::of(0usize..3),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(hours, n, quota, require_unused, vouchers, from_activation)| Cooling {
                hours,
                n: if hours { n * 24 + n } else { n },
                quota,
                require_unused,
                vouchers,
                from_activation,
            },
        )
        .boxed()
}

fn consumed() -> BoxedStrategy<Consumed> {
    (
        proptest::option::of(0usize..3),
        proptest::option::of(0usize..5),
        proptest::option::of(any::<bool>()),
        proptest::option::of(0usize..3),
        proptest::option::of(0usize..3),
        proptest::option::of(any::<bool>()),
        proptest::option::of((
            // Validation accepts factors from 1 to 100 (a factor below 1 would be a discount).
            prop_oneof![
                Just(Dec(15, 1)),
                Just(Dec(1, 0)),
                Just(Dec(2, 0)),
                (100u64..=10_000).prop_map(|f| Dec(f, 2)),
            ],
            proptest::option::of(1u32..=60),
        )),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(method, unit, clock, start_rounding, end_rounding, thirty360, multiplier, usage)| {
                Consumed {
                    method,
                    unit,
                    clock,
                    start_rounding,
                    end_rounding,
                    thirty360,
                    multiplier,
                    usage,
                }
            },
        )
        .boxed()
}

fn min_max() -> impl Strategy<Value = (Option<Dec>, Option<Dec>)> {
    (
        proptest::option::of(amount()),
        proptest::option::of(amount()),
    )
        .prop_map(|(a, b)| match (a, b) {
            (Some(a), Some(b)) => {
                let (da, db) = (dec(&a.s()), dec(&b.s()));
                if da <= db {
                    (Some(a), Some(b))
                } else {
                    (Some(b), Some(a))
                }
            }
            other => other,
        })
}

fn handling() -> BoxedStrategy<Handling> {
    (
        percent(),
        proptest::option::of(any::<bool>()),
        prop_oneof![
            2 => Just(Vec::new()),
            1 => proptest::collection::vec(
                (1u32..=12, proptest::collection::vec(percent(), 1..=3)),
                1..=3
            ),
        ],
        min_max(),
    )
        .prop_map(|(percent, of_remaining, raw_tiers, (min, max))| {
            let mut from = 0;
            let tiers = raw_tiers
                .into_iter()
                .map(|(gap, by_year)| {
                    from += gap;
                    (from, by_year)
                })
                .collect();
            Handling {
                percent,
                of_remaining,
                tiers,
                min,
                max,
            }
        })
        .boxed()
}

fn et() -> BoxedStrategy<Et> {
    (
        prop_oneof![
            percent().prop_map(EtKind::RemainingPercent),
            (1u32..=6).prop_map(EtKind::MonthsOfFee),
            amount().prop_map(EtKind::Flat),
            proptest::collection::vec((1u32..=12, percent()), 1..=3).prop_map(|steps| {
                let mut from = 1;
                EtKind::Schedule(
                    steps
                        .into_iter()
                        .enumerate()
                        .map(|(i, (gap, p))| {
                            if i > 0 {
                                from += gap;
                            }
                            (from, p)
                        })
                        .collect(),
                )
            }),
            Just(EtKind::Lesser),
        ],
        min_max(),
    )
        .prop_map(|(kind, (min, max))| Et { kind, min, max })
        .boxed()
}

fn sla() -> BoxedStrategy<Sla> {
    const BELOW: [&str; 4] = ["99.99", "99.9", "99", "95"];
    (
        1u8..16,
        proptest::collection::vec(0u64..=40, 4),
        proptest::option::of(percent()),
        proptest::option::of(any::<bool>()),
        proptest::option::of((any::<bool>(), 1u32..=30)),
    )
        .prop_map(|(mask, steps, cap, pay_as_refund, window)| {
            let mut pct = 0;
            let tiers = (0..4)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| {
                    pct = (pct + steps[i]).min(100);
                    (BELOW[i], Dec(pct, 0))
                })
                .collect();
            Sla {
                tiers,
                cap,
                pay_as_refund,
                claim_window: window.map(|(days, n)| (days, if days { n } else { n % 3 + 1 })),
            }
        })
        .boxed()
}

fn rules() -> BoxedStrategy<Rules> {
    (
        (0usize..3, 0usize..3, 0usize..2, 0usize..2, 0usize..3),
        proptest::option::of(cooling()),
        consumed(),
        proptest::option::of(handling()),
        proptest::option::of(et()),
        any::<u8>(),
        (0usize..2, 0usize..3, 0usize..2, 0usize..3),
        proptest::option::of(sla()),
        proptest::option::of(any::<bool>()),
        proptest::option::of(amount()),
    )
        .prop_map(
            |(e, cooling, consumed, handling, et, waived, n, sla, owed, minimum)| Rules {
                eligibility: [e.0, e.1, e.2, e.3, e.4],
                cooling,
                consumed,
                handling,
                et,
                waived,
                non_refundable: [n.0, n.1, n.2, n.3],
                sla,
                owed,
                minimum,
            },
        )
        .boxed()
}

fn term() -> impl Strategy<Value = Term> {
    prop_oneof![
        3 => prop_oneof![Just(1u32), Just(3), Just(12), Just(24), Just(36), 1u32..=60]
            .prop_map(Term::Months),
        1 => (1u32..=400).prop_map(Term::Days),
        1 => (1u32..=2000).prop_map(Term::Hours),
    ]
}

fn plan() -> BoxedStrategy<Plan> {
    (
        term(),
        amount(),
        proptest::option::of(amount()),
        0usize..4,
        proptest::option::of(amount()),
        proptest::option::of(amount()),
        (1u8..32, [amount(), amount(), amount(), amount(), amount()]),
        proptest::collection::vec((quantity(), quantity()), 0..=2),
        proptest::option::of((1u8..128, rules())),
    )
        .prop_map(
            |(
                term,
                price,
                setup,
                billing,
                monthly_fee,
                list_monthly,
                list_rates,
                meters,
                overrides,
            )| Plan {
                term,
                price,
                setup,
                billing,
                monthly_fee,
                list_monthly,
                list_rates,
                meters,
                overrides,
            },
        )
        .boxed()
}

fn policy() -> BoxedStrategy<Policy> {
    (
        0usize..4,
        proptest::option::of(0usize..6),
        proptest::option::of(0usize..3),
        (
            0usize..4,
            prop_oneof![
                Just(Dec(6, 0)),
                Just(Dec(13, 0)),
                Just(Dec(75, 1)),
                Just(Dec(0, 0)),
                Just(Dec(25, 0))
            ],
        ),
        rules(),
        proptest::collection::vec(plan(), 1..=3),
    )
        .prop_map(|(currency, timezone, rounding, tax, rules, plans)| Policy {
            currency,
            timezone,
            rounding,
            tax,
            rules,
            plans,
        })
        .boxed()
}

fn start() -> impl Strategy<Value = Start> {
    (
        2024i32..=2030,
        1u32..=12,
        0usize..4,
        1u32..=28,
        prop_oneof![Just(0u32), Just(86_399), 0u32..86_400],
        0usize..5,
    )
        .prop_map(|(year, month, day_kind, day, secs, written)| Start {
            year,
            month,
            day_kind,
            day,
            secs,
            written,
        })
}

fn order() -> BoxedStrategy<Order> {
    (
        (
            0usize..3,
            start(),
            prop_oneof![4 => Just(None), 1 => (1u32..=20_000).prop_map(Some)],
        ),
        (
            proptest::option::of(money_units()),
            proptest::option::of(money_units()),
            proptest::option::of(money_units()),
            proptest::option::of(0u32..=1000),
        ),
        proptest::collection::vec(proptest::option::of(quantity()), 2),
        proptest::option::of(money_units()),
        (
            proptest::option::of(0usize..6),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(0u32..=3),
            any::<bool>(),
            prop_oneof![6 => Just(None), 1 => Just(Some(false)), 1 => Just(Some(true))],
            prop_oneof![12 => Just(None), 1 => (0usize..3).prop_map(Some)],
            prop_oneof![
                16 => Just(None),
                2 => Just(Some("both")),
                1 => Just(Some("handling_fee")),
                1 => Just(Some("early_termination_fee")),
            ],
        ),
        proptest::option::of(0u32..=400),
    )
        .prop_map(
            |(
                (plan, start, end_hours),
                (cash, credit, voucher, setup_permille),
                usage,
                outstanding,
                (
                    method,
                    promotion,
                    invoiced,
                    cooling_used,
                    renewal,
                    activated,
                    blocker,
                    fees_waived,
                ),
                activated_after_hours,
            )| Order {
                plan,
                start,
                end_hours,
                cash,
                credit,
                voucher,
                setup_permille,
                usage,
                outstanding: outstanding.map(|o| o / 7),
                method,
                promotion,
                invoiced,
                cooling_used,
                renewal,
                activated,
                activated_after_hours,
                blocker,
                fees_waived,
            },
        )
        .boxed()
}

fn at() -> impl Strategy<Value = At> {
    prop_oneof![
        1 => (1i64..=90 * 86_400).prop_map(At::Before),
        2 => (0i64..=12 * 86_400).prop_map(At::After),
        5 => (0i64..=1_300_000).prop_map(At::OfTerm),
        1 => Just(At::StartExactly),
        1 => Just(At::EndExactly),
    ]
}

fn request() -> BoxedStrategy<Request> {
    (
        at(),
        0usize..5,
        proptest::option::of(0usize..6),
        proptest::option::of(prop_oneof![
            Just(Dec(9995, 2)),
            Just(Dec(100, 0)),
            Just(Dec(50, 0)),
            (0u64..=10_000).prop_map(|a| Dec(a, 2)),
        ]),
        any::<bool>(),
        proptest::option::of(0u32..=200),
        prop_oneof![3 => Just(None), 1 => (0u32..=200).prop_map(Some)],
        0usize..4,
    )
        .prop_map(
            |(
                at,
                written,
                reason,
                availability,
                submitted,
                fault_after_start,
                claimed_after_start,
                locale,
            )| Request {
                at,
                written,
                reason,
                availability,
                submitted,
                fault_after_start,
                claimed_after_start,
                locale,
            },
        )
        .boxed()
}

// ---------------------------------------------------------------------------------------
// Builders: specs → JSON, repairing combinations validation would (rightly) refuse.
// ---------------------------------------------------------------------------------------

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("not a decimal {s:?}: {e}"))
}

fn min_max_json(m: &mut Map<String, Json>, min: Option<Dec>, max: Option<Dec>) {
    if let Some(min) = min {
        m.insert("min".into(), json!(min.s()));
    }
    if let Some(max) = max {
        m.insert("max".into(), json!(max.s()));
    }
}

fn rules_json(r: &Rules, mask: u8, at_plan_level: bool) -> Json {
    let mut m = Map::new();
    if mask & ELIGIBILITY != 0 {
        let [p, i, ns, na, b] = r.eligibility;
        let mut section = json!({
            "promotion": (["standard", "not_refundable", "clawback"][p]),
            "invoiced": (["standard", "block", "balance"][i]),
            "notStarted": (["full", "standard"][ns]),
            "neverActivated": (["full", "standard"][na]),
        });
        match b {
            1 => section["blockers"] = json!([]),
            2 => section["blockers"] = json!(["frozen"]),
            _ => {}
        }
        m.insert("eligibility".into(), section);
    }
    if mask & COOLING != 0 {
        match &r.cooling {
            Some(c) => {
                let mut o = Map::new();
                o.insert(if c.hours { "hours" } else { "days" }.into(), json!(c.n));
                if let Some(q) = c.quota {
                    o.insert("quota".into(), json!(q));
                }
                if let Some(u) = c.require_unused {
                    o.insert("requireUnused".into(), json!(u));
                }
                if let Some(v) = c.vouchers {
                    o.insert("vouchers".into(), json!(VOUCHERS[v]));
                }
                if let Some(a) = c.from_activation {
                    let from = if a { "activation" } else { "purchase" };
                    o.insert("from".into(), json!(from));
                }
                m.insert("coolingOff".into(), Json::Object(o));
            }
            None if at_plan_level => {
                m.insert("coolingOff".into(), json!(false));
            }
            None => {}
        }
    }
    if mask & CONSUMED != 0 {
        let c = &r.consumed;
        let mut o = Map::new();
        if let Some(x) = c.method {
            o.insert("method".into(), json!(["pro_rata", "list_rate", "none"][x]));
        }
        if let Some(x) = c.unit {
            o.insert("unit".into(), json!(UNITS[x]));
        }
        if let Some(x) = c.clock {
            o.insert("anchor".into(), json!(if x { "clock" } else { "start" }));
        }
        if let Some(x) = c.start_rounding {
            o.insert("startRounding".into(), json!(PARTIAL[x]));
        }
        if let Some(x) = c.end_rounding {
            o.insert("endRounding".into(), json!(PARTIAL[x]));
        }
        match c.thirty360 {
            Some(true) if c.unit == Some(3) => {
                o.insert("dayCount".into(), json!("30/360"));
            }
            Some(_) => {
                o.insert("dayCount".into(), json!("actual"));
            }
            None => {}
        }
        if let Some((factor, within)) = c.multiplier {
            let mut mm = Map::new();
            mm.insert("factor".into(), json!(factor.s()));
            if let Some(w) = within {
                mm.insert("withinDays".into(), json!(w));
            }
            o.insert("multiplier".into(), Json::Object(mm));
        }
        if let Some(u) = c.usage {
            o.insert("usage".into(), json!(u));
        }
        m.insert("consumed".into(), Json::Object(o));
    }
    if mask & FEES != 0 {
        let mut o = Map::new();
        if let Some(h) = &r.handling {
            let mut hm = Map::new();
            hm.insert("percent".into(), json!(h.percent.s()));
            if let Some(rem) = h.of_remaining {
                hm.insert("of".into(), json!(if rem { "remaining" } else { "paid" }));
            }
            if !h.tiers.is_empty() {
                let tiers: Vec<Json> = h
                    .tiers
                    .iter()
                    .map(|(min_term, by_year)| {
                        json!({
                            "minTermMonths": min_term,
                            "byYear": by_year.iter().map(|p| p.s()).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                hm.insert("tiers".into(), Json::Array(tiers));
            }
            min_max_json(&mut hm, h.min, h.max);
            o.insert("handling".into(), Json::Object(hm));
        }
        if let Some(et) = &r.et {
            let mut em = Map::new();
            match &et.kind {
                EtKind::RemainingPercent(p) => {
                    em.insert("kind".into(), json!("remaining_percent"));
                    em.insert("percent".into(), json!(p.s()));
                }
                EtKind::MonthsOfFee(n) => {
                    em.insert("kind".into(), json!("months_of_fee"));
                    em.insert("months".into(), json!(n));
                }
                EtKind::Flat(a) => {
                    em.insert("kind".into(), json!("flat"));
                    em.insert("amount".into(), json!(a.s()));
                }
                EtKind::Schedule(steps) => {
                    em.insert("kind".into(), json!("schedule"));
                    let steps: Vec<Json> = steps
                        .iter()
                        .map(|(from, p)| json!({"fromMonth": from, "percent": p.s()}))
                        .collect();
                    em.insert("schedule".into(), Json::Array(steps));
                }
                EtKind::Lesser => {
                    em.insert("kind".into(), json!("lesser_of_discount_or_remaining"));
                }
            }
            min_max_json(&mut em, et.min, et.max);
            o.insert("earlyTermination".into(), Json::Object(em));
        }
        let waived: Vec<&str> = (0..6)
            .filter(|i| r.waived & (1 << i) != 0)
            .map(|i| REASONS[i])
            .collect();
        if !waived.is_empty() {
            o.insert("waivedFor".into(), json!(waived));
        }
        m.insert("fees".into(), Json::Object(o));
    }
    if mask & NON_REFUNDABLE != 0 {
        let [s, v, c, p] = r.non_refundable;
        let mut section = json!({
            "setupFee": (["forfeit", "refund"][s]),
            "vouchers": VOUCHERS[v],
            "credit": (["return_as_credit", "forfeit"][c]),
        });
        match p {
            1 => {
                section["processingFee"] =
                    json!({"percent": "2.9", "fixed": "0.30", "methods": ["card", "paypal"]});
            }
            2 => section["processingFee"] = json!({"percent": "3.4"}),
            _ => {}
        }
        m.insert("nonRefundable".into(), section);
    }
    if mask & SLA != 0 {
        match &r.sla {
            Some(s) => {
                let mut o = Map::new();
                let tiers: Vec<Json> = s
                    .tiers
                    .iter()
                    .map(|(below, p)| json!({"below": below, "percent": p.s()}))
                    .collect();
                o.insert("tiers".into(), Json::Array(tiers));
                if let Some(cap) = s.cap {
                    o.insert("capPercent".into(), json!(cap.s()));
                }
                if let Some(refund) = s.pay_as_refund {
                    o.insert(
                        "payAs".into(),
                        json!(if refund { "refund" } else { "credit" }),
                    );
                }
                if let Some((days, n)) = s.claim_window {
                    let key = if days {
                        "businessDays"
                    } else {
                        "billingCycles"
                    };
                    o.insert("claimWindow".into(), json!({ key: n }));
                }
                m.insert("sla".into(), Json::Object(o));
            }
            None if at_plan_level => {
                m.insert("sla".into(), json!(false));
            }
            None => {}
        }
    }
    if mask & SETTLEMENT != 0 {
        let mut o = Map::new();
        if let Some(owed) = r.owed {
            o.insert("negative".into(), json!(if owed { "owed" } else { "zero" }));
        }
        if let Some(min) = r.minimum {
            o.insert("minimumRefund".into(), json!(min.s()));
        }
        m.insert("settlement".into(), Json::Object(o));
    }
    Json::Object(m)
}

/// The rules a plan ends up with: the policy's, with the overridden sections replaced.
fn effective(base: &Rules, overrides: &Option<(u8, Rules)>) -> Rules {
    let mut r = base.clone();
    if let Some((mask, o)) = overrides {
        if mask & ELIGIBILITY != 0 {
            r.eligibility = o.eligibility;
        }
        if mask & COOLING != 0 {
            r.cooling = o.cooling.clone();
        }
        if mask & CONSUMED != 0 {
            r.consumed = o.consumed.clone();
        }
        if mask & FEES != 0 {
            r.handling = o.handling.clone();
            r.et = o.et.clone();
            r.waived = o.waived;
        }
        if mask & NON_REFUNDABLE != 0 {
            r.non_refundable = o.non_refundable;
        }
        if mask & SLA != 0 {
            r.sla = o.sla.clone();
        }
        if mask & SETTLEMENT != 0 {
            r.owed = o.owed;
            r.minimum = o.minimum;
        }
    }
    r
}

/// What an order needs to know about its plan.
#[derive(Clone, Debug)]
struct PlanInfo {
    id: String,
    term: Term,
    meters: usize,
    /// The plan's setup fee as an order pays it: with tax added when prices exclude it,
    /// rounded up to the minor unit (an upper bound of the engine's default).
    setup: Decimal,
}

struct Built {
    json: Json,
    minor: u32,
    /// The policy's offset in seconds (standard time, for a zone with daylight saving).
    tz: i64,
    /// The latest offset the zone has: local days written from it are never before the
    /// zone's own day of the same instant (the engine refuses dates before the start's).
    tz_latest: i64,
    plans: Vec<PlanInfo>,
}

/// List-rate candidates, longest period first.
const LIST_RATE_PERS: [(&str, u32); 5] = [
    ("months", 12),
    ("months", 1),
    ("days", 7),
    ("days", 1),
    ("hours", 1),
];

fn build_policy(p: &Policy) -> Built {
    let (code, minor) = CURRENCIES[p.currency];
    let mut m = Map::new();
    m.insert("id".into(), json!("generated"));
    m.insert("version".into(), json!("1"));
    m.insert("currency".into(), json!(code));
    if let Some(tz) = p.timezone {
        m.insert("timezone".into(), json!(TIMEZONES[tz].0));
    }
    if let Some(r) = p.rounding {
        m.insert("rounding".into(), json!(ROUNDINGS[r]));
    }
    match p.tax.0 {
        1 => {
            m.insert(
                "tax".into(),
                json!({"rate": p.tax.1.s(), "inclusive": true}),
            );
        }
        2 => {
            m.insert(
                "tax".into(),
                json!({"rate": p.tax.1.s(), "inclusive": false}),
            );
        }
        3 => {
            m.insert("tax".into(), json!({"rate": p.tax.1.s()}));
        }
        _ => {}
    }
    m.insert("rules".into(), rules_json(&p.rules, 0x7f, false));
    let mut plans = Vec::new();
    let mut infos = Vec::new();
    for (i, plan) in p.plans.iter().enumerate() {
        let rules = effective(&p.rules, &plan.overrides);
        let id = format!("plan-{i}");
        let mut term = plan.term;
        // Monthly billing, handling tiers by term and early-termination fees that count
        // remaining months need a term in months.
        let tiers = rules.handling.as_ref().is_some_and(|h| !h.tiers.is_empty());
        let counts_months = rules
            .et
            .as_ref()
            .is_some_and(|et| !matches!(et.kind, EtKind::Flat(_) | EtKind::MonthsOfFee(_)));
        if plan.billing == 1 || tiers || counts_months {
            term = match term {
                Term::Months(n) => Term::Months(n),
                Term::Days(n) | Term::Hours(n) => Term::Months(n % 36 + 1),
            };
        }
        // By 30/360 a day from midnight on the 30th measures 0 days: the engine refuses it.
        if rules.consumed.thirty360 == Some(true) && rules.consumed.unit == Some(3) {
            term = match term {
                Term::Days(n) => Term::Days(n.max(2)),
                Term::Hours(n) => Term::Hours(n.max(25)),
                months => months,
            };
        }
        let mut o = Map::new();
        o.insert("id".into(), json!(id));
        o.insert(
            "term".into(),
            match term {
                Term::Months(n) => json!({"months": n}),
                Term::Days(n) => json!({"days": n}),
                Term::Hours(n) => json!({"hours": n}),
            },
        );
        o.insert("price".into(), json!(plan.price.s()));
        if let Some(s) = plan.setup {
            o.insert("setupFee".into(), json!(s.s()));
        }
        if plan.billing < 3 {
            o.insert(
                "billing".into(),
                json!(["prepaid", "monthly", "postpaid"][plan.billing]),
            );
        }
        // Early-termination fees (but flat ones) and SLA credits need a monthly fee.
        let needs_monthly = rules.sla.is_some()
            || rules
                .et
                .as_ref()
                .is_some_and(|e| !matches!(e.kind, EtKind::Flat(_)));
        let monthly_fee = match (plan.monthly_fee, term) {
            (None, Term::Days(_) | Term::Hours(_)) if needs_monthly => Some(plan.price),
            (fee, _) => fee,
        };
        if let Some(f) = monthly_fee {
            o.insert("monthlyFee".into(), json!(f.s()));
        }
        let lesser = rules
            .et
            .as_ref()
            .is_some_and(|e| matches!(e.kind, EtKind::Lesser));
        let list_monthly = match plan.list_monthly {
            None if lesser => Some(plan.price),
            other => other,
        };
        if let Some(l) = list_monthly {
            o.insert("listMonthlyPrice".into(), json!(l.s()));
        }
        let (mask, prices) = plan.list_rates;
        let rates: Vec<Json> = (0..5)
            .filter(|k| mask & (1 << k) != 0)
            .map(|k| {
                let (unit, n) = LIST_RATE_PERS[k];
                json!({"per": {unit: n}, "price": prices[k].s()})
            })
            .collect();
        o.insert("listRates".into(), Json::Array(rates));
        if !plan.meters.is_empty() {
            let meters: Vec<Json> = plan
                .meters
                .iter()
                .enumerate()
                .map(|(k, (included, unit_price))| {
                    json!({
                        "id": format!("m{k}"),
                        "name": {"en": format!("Meter {k}"), "zh-CN": format!("计量 {k}")},
                        "included": included.s(),
                        "unitPrice": unit_price.s(),
                    })
                })
                .collect();
            o.insert("meters".into(), Json::Array(meters));
        }
        if let Some((mask, r)) = &plan.overrides {
            o.insert("rules".into(), rules_json(r, *mask, true));
        }
        plans.push(Json::Object(o));
        infos.push(PlanInfo {
            id,
            term,
            meters: plan.meters.len(),
            setup: {
                let fee = plan.setup.map_or(Decimal::ZERO, |s| dec(&s.s()));
                let gross = if p.tax.0 == 2 {
                    fee * (Decimal::ONE_HUNDRED + dec(&p.tax.1.s())) / Decimal::ONE_HUNDRED
                } else {
                    fee
                };
                gross.round_dp_with_strategy(minor, rust_decimal::RoundingStrategy::AwayFromZero)
            },
        });
    }
    m.insert("plans".into(), Json::Array(plans));
    Built {
        json: Json::Object(m),
        minor,
        tz: p.timezone.map_or(0, |t| TIMEZONES[t].1),
        tz_latest: p.timezone.map_or(0, |t| {
            TIMEZONES[t].1 + if t >= OFFSETS.len() { 3600 } else { 0 }
        }),
        plans: infos,
    }
}

// ----- time -----

fn local(epoch: i64, offset: i64) -> NaiveDateTime {
    DateTime::from_timestamp(epoch + offset, 0)
        .unwrap()
        .naive_utc()
}

fn epoch_of(local: NaiveDateTime, offset: i64) -> i64 {
    local.and_utc().timestamp() - offset
}

/// `epoch + months` calendar months in the policy's offset (a day past the month's end
/// clamps to it), as the engine does.
fn add_months(epoch: i64, months: u32, tz: i64) -> i64 {
    let l = local(epoch, tz)
        .checked_add_months(Months::new(months))
        .unwrap();
    epoch_of(l, tz)
}

fn term_end(start: i64, term: Term, tz: i64) -> i64 {
    match term {
        Term::Months(n) => add_months(start, n, tz),
        Term::Days(n) => start + i64::from(n) * 86_400,
        Term::Hours(n) => start + i64::from(n) * 3600,
    }
}

fn rfc3339(epoch: i64, written: usize) -> String {
    let (text, offset) = OFFSETS[written % 4];
    let l = local(epoch, offset);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
        l.year(),
        l.month(),
        l.day(),
        l.hour(),
        l.minute(),
        l.second(),
        if text == "Z" { "Z" } else { text }
    )
}

/// The instant `secs` into the last day of the month (in the policy's offset) of `epoch`, or
/// `days_before` days before it.
fn last_day_of_month(epoch: i64, tz: i64, secs: u32, days_before: u32) -> i64 {
    let l = local(epoch, tz);
    let day = last_day(l.year(), l.month()) - days_before;
    let date = NaiveDate::from_ymd_opt(l.year(), l.month(), day).unwrap();
    let t = date
        .and_hms_opt(secs / 3600, secs / 60 % 60, secs % 60)
        .unwrap();
    epoch_of(t, tz)
}

fn last_day(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|d| NaiveDate::from_ymd_opt(year, month, *d).is_some())
        .unwrap()
}

/// The start as written in the order, and as an epoch.
fn start_instant(s: &Start, tz: i64) -> (String, i64) {
    let (year, month, day) = match s.day_kind {
        0 => (s.year, s.month, s.day),
        1 => (s.year, s.month, last_day(s.year, s.month)),
        2 => (if s.year < 2027 { 2024 } else { 2028 }, 2, 29),
        _ => {
            let want = if s.day % 2 == 0 { 30 } else { 31 };
            (s.year, s.month, want.min(last_day(s.year, s.month)))
        }
    };
    let date = NaiveDate::from_ymd_opt(year, month, day).unwrap();
    if s.written == 4 {
        let l = date.and_hms_opt(0, 0, 0).unwrap();
        let text = format!("{year:04}-{month:02}-{day:02}");
        return (text, epoch_of(l, tz));
    }
    let l = date
        .and_hms_opt(s.secs / 3600, s.secs / 60 % 60, s.secs % 60)
        .unwrap();
    let epoch = epoch_of(l, OFFSETS[s.written].1);
    (rfc3339(epoch, s.written), epoch)
}

/// A generated case: the input and the instants it was built from.
#[derive(Clone, Debug)]
struct Case {
    input: Json,
    start: i64,
    end: i64,
    tz: i64,
    term: Term,
    explicit_end: bool,
}

fn money(units: u64, minor: u32) -> String {
    Decimal::new(i64::try_from(units).unwrap(), minor).to_string()
}

/// Builds `{policy, order, request}`. `at_override` replaces the request's instant.
fn build_case(b: &Built, o: &Order, r: &Request, at_override: Option<i64>) -> Case {
    let plan = &b.plans[o.plan % b.plans.len()];
    let minor = b.minor;
    let (start_text, start) = start_instant(&o.start, b.tz);
    let end = match o.end_hours {
        Some(h) => start + i64::from(h) * 3600,
        None => term_end(start, plan.term, b.tz),
    };
    let at = at_override.unwrap_or(match r.at {
        At::Before(s) => start - s,
        At::After(s) => start + s,
        At::OfTerm(ppm) => start + (end - start) * ppm / 1_000_000,
        At::StartExactly => start,
        At::EndExactly => end,
    });

    let mut order = Map::new();
    order.insert("plan".into(), json!(plan.id));
    order.insert("start".into(), json!(start_text));
    if o.end_hours.is_some() {
        order.insert("end".into(), json!(rfc3339(end, o.start.written)));
    }
    let (mut cash, credit, voucher) = (o.cash, o.credit, o.voucher);
    if cash.is_none() && credit.is_none() && voucher.is_none() {
        cash = Some(0);
    }
    let mut paid = Map::new();
    let mut total = 0u64;
    for (key, units) in [("cash", cash), ("credit", credit), ("voucher", voucher)] {
        if let Some(u) = units {
            paid.insert(key.into(), json!(money(u, minor)));
            total += u;
        }
    }
    order.insert("paid".into(), Json::Object(paid));
    let total_dec = Decimal::new(i64::try_from(total).unwrap(), minor);
    // A setup fee is part of what was paid, and an amount is at most 10^15.
    let largest = total.min(MAX_UNITS);
    match o.setup_permille {
        Some(pm) => {
            let fee = total / 1000 * u64::from(pm) + total % 1000 * u64::from(pm) / 1000;
            order.insert("setupFee".into(), json!(money(fee.min(largest), minor)));
        }
        // The plan's setup fee applies by default; it must not exceed what was paid.
        None if plan.setup > total_dec => {
            order.insert("setupFee".into(), json!(money(largest, minor)));
        }
        None => {}
    }
    let mut usage = Map::new();
    for (k, q) in o.usage.iter().enumerate().take(plan.meters) {
        if let Some(q) = q {
            usage.insert(format!("m{k}"), json!(q.s()));
        }
    }
    if !usage.is_empty() || o.usage.first().is_some_and(Option::is_some) {
        order.insert("usage".into(), Json::Object(usage));
    }
    if let Some(out) = o.outstanding {
        order.insert("outstanding".into(), json!(money(out, minor)));
    }
    if let Some(m) = o.method {
        order.insert("paymentMethod".into(), json!(METHODS[m]));
    }
    if let Some(p) = o.promotion {
        order.insert("promotion".into(), json!(p));
    }
    if let Some(i) = o.invoiced {
        order.insert("invoiced".into(), json!(i));
    }
    if let Some(fee) = o.fees_waived {
        let value = if fee == "both" {
            json!(true)
        } else {
            json!([fee])
        };
        order.insert("feesWaived".into(), value);
    }
    if let Some(b) = o.blocker {
        order.insert(
            ["trial", "frozen", "pendingTransaction"][b].into(),
            json!(true),
        );
    }
    if let Some(c) = o.cooling_used {
        order.insert("coolingOffUsed".into(), json!(c));
    }
    // A cancellation before the start is only valid for a renewal paid ahead.
    if o.renewal || at < start {
        order.insert("renewal".into(), json!(true));
    }
    if let Some(a) = o.activated {
        order.insert("activated".into(), json!(a));
    }
    if let (Some(h), true) = (o.activated_after_hours, o.activated != Some(false)) {
        let at = start + i64::from(h) * 3600;
        order.insert("activatedAt".into(), json!(rfc3339(at, o.start.written)));
    }

    let mut request = Map::new();
    request.insert("at".into(), json!(rfc3339(at, r.written)));
    if let Some(reason) = r.reason {
        request.insert("reason".into(), json!(REASONS[reason]));
    }
    if let Some(a) = r.availability {
        request.insert("availability".into(), json!(a.s()));
    }
    for (key, days) in [
        ("faultOn", r.fault_after_start),
        ("slaClaimedOn", r.claimed_after_start),
    ] {
        if let Some(days) = days {
            let day = local(start, b.tz_latest).date() + chrono::Days::new(u64::from(days));
            request.insert(key.into(), json!(day.format("%Y-%m-%d").to_string()));
        }
    }
    if r.submitted {
        let l = local(at, b.tz_latest);
        request.insert(
            "submittedOn".into(),
            json!(format!("{:04}-{:02}-{:02}", l.year(), l.month(), l.day())),
        );
    }
    match r.locale {
        0 => {
            request.insert("locale".into(), json!("en"));
        }
        1 => {
            request.insert("locale".into(), json!("zh-CN"));
        }
        2 => {
            request.insert("locale".into(), json!("fr-FR"));
        }
        _ => {}
    }
    Case {
        input: json!({"policy": b.json, "order": order, "request": request}),
        start,
        end,
        tz: b.tz,
        term: plan.term,
        explicit_end: o.end_hours.is_some(),
    }
}

fn run(input: &Json) -> Result<Estimate, TestCaseError> {
    let value = Value::parse(&input.to_string()).unwrap();
    estimate(&value).map_err(|e| {
        TestCaseError::fail(format!(
            "a generated (valid) input was refused: {}\nerrors: {}\ninput: {}",
            e,
            e.to_json(),
            serde_json::to_string(input).unwrap()
        ))
    })
}

fn amounts_sum<'a>(amounts: impl IntoIterator<Item = &'a String>) -> Decimal {
    amounts.into_iter().map(|a| dec(a)).sum()
}

/// A wire amount: optional minus, digits, and exactly `minor` decimals; never "-0".
fn assert_wire(a: &str, minor: u32, what: &str) {
    let digits = a.strip_prefix('-').unwrap_or(a);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, f),
        None => (digits, ""),
    };
    assert!(
        !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()),
        "{what}: {a:?} is not a plain amount"
    );
    assert!(
        frac.bytes().all(|b| b.is_ascii_digit()),
        "{what}: {a:?} is not a plain amount"
    );
    assert_eq!(
        u32::try_from(frac.len()).unwrap(),
        minor,
        "{what}: {a:?} should have exactly {minor} decimals"
    );
    assert!(
        !(a.starts_with('-') && dec(a).is_zero()),
        "{what}: negative zero {a:?}"
    );
}

fn paid_total(input: &Json) -> Decimal {
    let paid = &input["order"]["paid"];
    ["cash", "credit", "voucher"]
        .iter()
        .filter_map(|k| paid.get(*k))
        .map(|v| dec(v.as_str().unwrap()))
        .sum()
}

fn config() -> Config {
    Config {
        // Generated inputs are large; keep shrinking bounded so a failure reports fast.
        max_shrink_iters: 4096,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------
// Restrictions for the monotonicity properties.
// ---------------------------------------------------------------------------------------

/// Removes every rule that makes the refund step UP as time passes:
/// - cooling-off (a full refund inside the window; leaving it can also return vouchers the
///   window forfeited, so the refund may rise at its end);
/// - a multiplier window (`withinDays`: the consumed value drops when the window closes);
/// - handling-fee tiers (the percent changes with the contract year, usually downward);
/// - early-termination fees (fewer months left each month: the fee drops at each month);
/// - the list-rate method (a whole month at the monthly rate can cost less than the hours
///   before it at the hourly rate: documented discount recapture);
/// - monthly billing (`paid` covers the current month: consumption restarts each month);
/// - the minimum refund (removed as asked, although it only ever lowers the refund).
///
/// With `steps` true, fee tiers, early-termination fees, monthly billing and the minimum
/// stay: the property then compares instants inside one contract month.
fn restrict(p: &mut Policy, steps: bool) {
    fn rules(r: &mut Rules, steps: bool) {
        r.cooling = None;
        r.consumed.method = Some(0);
        if let Some((_, within)) = &mut r.consumed.multiplier {
            *within = None;
        }
        if !steps {
            if let Some(h) = &mut r.handling {
                h.tiers.clear();
            }
            r.et = None;
            r.minimum = None;
        }
    }
    rules(&mut p.rules, steps);
    for plan in &mut p.plans {
        if let Some((_, r)) = &mut plan.overrides {
            rules(r, steps);
        }
        if !steps && plan.billing == 1 {
            plan.billing = 0;
        }
        if steps {
            // Contract months are counted on month terms.
            plan.term = match plan.term {
                Term::Months(n) => Term::Months(n),
                Term::Days(n) | Term::Hours(n) => Term::Months(n % 36 + 1),
            };
        }
    }
    if steps && p.rules.et.is_none() {
        p.rules.et = Some(Et {
            kind: EtKind::Schedule(vec![(1, Dec(100, 0)), (13, Dec(50, 0))]),
            min: None,
            max: None,
        });
    }
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

fn case() -> BoxedStrategy<Case> {
    (policy(), order(), request())
        .prop_map(|(p, o, r)| {
            let b = build_policy(&p);
            build_case(&b, &o, &r, None)
        })
        .boxed()
}

proptest! {
    #![proptest_config(config())]

    /// (a) 0 ≤ refund ≤ paid; owed ≥ 0; never a refund and an amount owed together.
    #[test]
    fn refund_is_between_zero_and_paid(c in case()) {
        let e = run(&c.input)?;
        let refund = dec(&e.refund);
        let owed = dec(&e.owed);
        let paid = paid_total(&c.input);
        prop_assert!(refund >= Decimal::ZERO, "refund {} < 0", refund);
        prop_assert!(refund <= paid, "refund {} > paid {}", refund, paid);
        prop_assert!(owed >= Decimal::ZERO, "owed {} < 0", owed);
        prop_assert!(refund.is_zero() || owed.is_zero(), "refund {} and owed {}", refund, owed);
    }

    /// (b) Lines sum exactly to refund − owed; every amount has the currency's decimals.
    #[test]
    fn lines_sum_to_refund_with_exact_decimals(c in case()) {
        let e = run(&c.input)?;
        let minor = CURRENCIES.iter().find(|(code, _)| *code == e.currency).unwrap().1;
        assert_wire(&e.refund, minor, "refund");
        assert_wire(&e.owed, minor, "owed");
        for l in &e.lines {
            assert_wire(&l.amount, minor, l.code);
        }
        for l in &e.credits {
            assert_wire(&l.amount, minor, l.code);
        }
        for d in &e.destinations {
            assert_wire(&d.amount, minor, d.to);
        }
        if let Some(t) = &e.tax {
            assert_wire(&t.net, minor, "tax.net");
            assert_wire(&t.tax, minor, "tax.tax");
            prop_assert_eq!(dec(&t.net) + dec(&t.tax), dec(&e.refund));
        }
        let sum = amounts_sum(e.lines.iter().map(|l| &l.amount));
        prop_assert_eq!(sum, dec(&e.refund) - dec(&e.owed), "lines {:?}", e.lines);
        prop_assert_eq!(e.lines.first().map(|l| l.code), Some("paid"));
        prop_assert_eq!(dec(&e.lines[0].amount), paid_total(&c.input));
    }

    /// (c) Destinations other than `forfeited` sum exactly to refund + Σ credits.
    #[test]
    fn destinations_sum_to_refund_and_credits(c in case()) {
        let e = run(&c.input)?;
        let landed = amounts_sum(
            e.destinations.iter().filter(|d| d.to != "forfeited").map(|d| &d.amount),
        );
        let credits = amounts_sum(e.credits.iter().map(|l| &l.amount));
        prop_assert_eq!(landed, dec(&e.refund) + credits, "destinations {:?}", e.destinations);
        for d in &e.destinations {
            prop_assert!(dec(&d.amount) > Decimal::ZERO, "destination {:?}", d);
        }
    }

    /// (c2) No destination takes back more than its source paid: the original method at
    /// most the cash, vouchers at most the vouchers, account credit at most the gift credit
    /// plus the SLA credits paid as credit.
    #[test]
    fn no_destination_exceeds_its_source(c in case()) {
        let e = run(&c.input)?;
        let paid = |k: &str| c.input["order"]["paid"].get(k).map_or(Decimal::ZERO, |v| dec(v.as_str().unwrap()));
        let to = |code: &str| amounts_sum(
            e.destinations.iter().filter(|d| d.to == code).map(|d| &d.amount),
        );
        let credits = amounts_sum(e.credits.iter().map(|l| &l.amount));
        prop_assert!(to("original_method") <= paid("cash"), "destinations {:?}", e.destinations);
        prop_assert!(to("voucher") <= paid("voucher"), "destinations {:?}", e.destinations);
        prop_assert!(
            to("account_credit") <= paid("credit") + credits,
            "destinations {:?}", e.destinations
        );
    }

    /// (d) The same input twice gives the same bytes, also when read from JSON text.
    #[test]
    fn estimates_are_deterministic(c in case()) {
        let first = run(&c.input)?.to_json().into_bytes();
        let second = run(&c.input)?.to_json().into_bytes();
        prop_assert_eq!(&first, &second);
        let text = serde_json::to_string(&c.input).unwrap();
        let third = refund_estimator::estimate_json(&text).unwrap().to_json().into_bytes();
        prop_assert_eq!(&first, &third);
    }

    /// (e) Without step effects (see `restrict`), a later cancellation never refunds more.
    #[test]
    fn later_cancellation_never_refunds_more(
        mut p in policy(),
        o in order(),
        r in request(),
        a in 0i64..=1_000_000,
        month_end in proptest::option::of((0u32..86_400, 0u32..=1)),
        gap in prop_oneof![1i64..=3600, 1i64..=3 * 86_400, 1i64..=400 * 86_400],
    ) {
        restrict(&mut p, false);
        let b = build_policy(&p);
        let probe = build_case(&b, &o, &r, None);
        // From 60 days before the start (a renewal) to 60 days after the end; often on
        // the last day of a month or the day before, where calendar conventions have their
        // edges (by 30/360 the 30th of a 31-day month stands still).
        let lo = probe.start - 60 * 86_400;
        let hi = probe.end + 60 * 86_400;
        let mut t1 = lo + (hi - lo) * a / 1_000_000;
        if let Some((secs, days_before)) = month_end {
            t1 = last_day_of_month(t1, b.tz, secs, days_before);
        }
        let t2 = t1 + gap;
        let mut o = o.clone();
        o.renewal |= t1 < probe.start;
        let c1 = build_case(&b, &o, &r, Some(t1));
        let c2 = build_case(&b, &o, &r, Some(t2));
        let (e1, e2) = (run(&c1.input)?, run(&c2.input)?);
        prop_assert!(
            dec(&e2.refund) <= dec(&e1.refund),
            "refund rose from {} at {} to {} at {}\nlines at t1: {:?}\nlines at t2: {:?}\ninput t1: {}",
            e1.refund, c1.input["request"]["at"], e2.refund, c2.input["request"]["at"],
            e1.lines.iter().map(|l| (l.code, &l.amount)).collect::<Vec<_>>(),
            e2.lines.iter().map(|l| (l.code, &l.amount)).collect::<Vec<_>>(),
            serde_json::to_string(&c1.input).unwrap()
        );
    }

    /// (e′) With early-termination fees, handling tiers and monthly billing, the refund can
    /// rise at a contract-month boundary (one month fewer left; a new contract year's lower
    /// percent; a new billing month; the fee disappearing at the end itself): documented
    /// rules. Inside one contract month it never rises.
    #[test]
    fn later_cancellation_within_a_contract_month_never_refunds_more(
        mut p in policy(),
        mut o in order(),
        r in request(),
        k in 0u32..60,
        a in 0i64..=1_000_000,
        b_frac in 0i64..=1_000_000,
    ) {
        restrict(&mut p, true);
        o.end_hours = None;
        let b = build_policy(&p);
        let probe = build_case(&b, &o, &r, None);
        let Term::Months(months) = probe.term else {
            panic!("restrict gives month terms");
        };
        prop_assert!(!probe.explicit_end);
        let k = k % months;
        let from = add_months(probe.start, k, probe.tz);
        let to = add_months(probe.start, k + 1, probe.tz).min(probe.end);
        // Strictly inside the month: the instants on the boundaries belong to both sides.
        let span = to - from - 2;
        prop_assume!(span > 0);
        let (a, b_frac) = (a.min(b_frac), a.max(b_frac));
        let t1 = from + 1 + span * a / 1_000_000;
        let t2 = from + 1 + span * b_frac / 1_000_000;
        let c1 = build_case(&b, &o, &r, Some(t1));
        let c2 = build_case(&b, &o, &r, Some(t2));
        let (e1, e2) = (run(&c1.input)?, run(&c2.input)?);
        prop_assert!(
            dec(&e2.refund) <= dec(&e1.refund),
            "refund rose from {} at {} to {} at {} (contract month {})\nlines at t1: {:?}\nlines at t2: {:?}\ninput t1: {}",
            e1.refund, c1.input["request"]["at"], e2.refund, c2.input["request"]["at"], k + 1,
            e1.lines.iter().map(|l| (l.code, &l.amount)).collect::<Vec<_>>(),
            e2.lines.iter().map(|l| (l.code, &l.amount)).collect::<Vec<_>>(),
            serde_json::to_string(&c1.input).unwrap()
        );
    }

    /// (f) The locale changes words, never amounts.
    #[test]
    fn locale_changes_no_amount(c in case()) {
        let mut en = c.input.clone();
        en["request"]["locale"] = json!("en");
        let mut zh = c.input.clone();
        zh["request"]["locale"] = json!("zh-CN");
        let (a, b) = (run(&en)?, run(&zh)?);
        prop_assert_eq!(&a.refund, &b.refund);
        prop_assert_eq!(&a.owed, &b.owed);
        prop_assert_eq!(a.outcome, b.outcome);
        let amounts = |e: &Estimate| {
            (
                e.lines.iter().map(|l| (l.code, l.amount.clone())).collect::<Vec<_>>(),
                e.credits.iter().map(|l| (l.code, l.amount.clone())).collect::<Vec<_>>(),
                e.destinations
                    .iter()
                    .map(|d| (d.to, d.method, d.amount.clone()))
                    .collect::<Vec<_>>(),
                e.tax.clone(),
            )
        };
        prop_assert_eq!(amounts(&a), amounts(&b));
        prop_assert_ne!(&a.lines[0].label, &b.lines[0].label, "the locale had no effect");
    }

    /// (h) A framework contract's waiver (`order.feesWaived`) zeroes the fees it names and
    /// leaves the other fee as it was; `true` names both and `[]` none.
    #[test]
    fn a_contract_waives_only_the_fees_it_names(c in case()) {
        // Both fees, whatever the generated rules (which define both only now and then): a
        // handling fee and a flat termination fee, and no window that refunds in full first.
        let mut base = c.input.clone();
        let policy = &mut base["policy"];
        policy["rules"]["fees"] = json!({
            "handling": {"percent": "5"},
            "earlyTermination": {"kind": "flat", "amount": "1"}
        });
        if let Some(rules) = policy["rules"].as_object_mut() {
            rules.remove("coolingOff");
        }
        let plans = policy["plans"].as_array_mut().into_iter().flatten();
        for rules in plans.filter_map(|p| p.get_mut("rules")?.as_object_mut()) {
            rules.remove("coolingOff");
            rules.remove("fees");
        }
        let with_waiver = |waived: Json| {
            let mut input = base.clone();
            input["order"]["feesWaived"] = waived;
            run(&input)
        };
        let fee = |e: &Estimate, code: &str| {
            e.lines.iter().find(|l| l.code == code).map(|l| l.amount.clone())
        };
        let detail = |e: &Estimate, code: &str| {
            e.lines.iter().find(|l| l.code == code).map(|l| l.detail.clone())
        };
        let none = with_waiver(json!([]))?;
        prop_assert_eq!(&none, &with_waiver(json!(false))?);
        let both = with_waiver(json!(true))?;
        let listed = with_waiver(json!(["early_termination_fee", "handling_fee"]))?;
        prop_assert_eq!(&both, &listed);
        // Lines are rounded to sum to the total, so a kept fee may move by one minor unit
        // when the other fee's remainder goes.
        let within_a_unit = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => {
                let unit = Decimal::new(1, a.split_once('.').map_or(0, |(_, f)| f.len() as u32));
                (dec(a) - dec(b)).abs() <= unit
            }
            (a, b) => a == b,
        };
        let codes = ["handling_fee", "early_termination_fee"];
        for (waived, kept) in [(codes[0], codes[1]), (codes[1], codes[0])] {
            let one = with_waiver(json!([waived]))?;
            let (now, before) = (fee(&one, kept), fee(&none, kept));
            prop_assert!(within_a_unit(&now, &before), "{} waived: {} {:?} → {:?}", waived, kept, before, now);
            prop_assert_eq!(fee(&one, waived), fee(&both, waived), "{} waived", waived);
            // The contract's waiver says so, whatever the reason.
            prop_assert_eq!(detail(&one, waived), detail(&both, waived), "{} waived", waived);
            if let Some(amount) = fee(&one, waived) {
                prop_assert!(dec(&amount).is_zero(), "{} waived: {}", waived, amount);
            }
        }
    }
}

proptest! {
    // Each case runs a whole curve and one estimate per point: fewer cases.
    #![proptest_config(Config { cases: 96, ..config() })]

    /// (g) Every point of a refund curve (weekly, over the whole term) is what `estimate()`
    /// returns at that instant, and every break point's `after` is the estimate one second
    /// after it: the curve's refund-only settlement and reused state change nothing.
    #[test]
    fn curve_points_equal_estimates(c in case()) {
        let value = Value::parse(&c.input.to_string()).unwrap();
        let options = Value::parse(r#"{"step": "week"}"#).unwrap();
        let curve = refund_estimator::refund_curve(&value, &options)
            .map_err(|e| TestCaseError::fail(format!("curve refused: {e}\ninput: {}", c.input)))?;
        prop_assert!(!curve.points.is_empty());
        let at = |t: &str| {
            let mut input = c.input.clone();
            input["request"]["at"] = json!(t);
            run(&input)
        };
        for p in &curve.points {
            let e = at(&p.at)?;
            prop_assert_eq!((&p.refund, &p.owed), (&e.refund, &e.owed), "at {}", p.at);
        }
        for b in &curve.breakpoints {
            let t = DateTime::parse_from_rfc3339(&b.at).unwrap() + chrono::Duration::seconds(1);
            let e = at(&t.to_rfc3339())?;
            prop_assert_eq!(&b.after, &e.refund, "one second after the break point {}", b.at);
        }
    }
}

/// The generator reaches every line, outcome, warning and destination: a property over
/// inputs that never exercise a rule could not fail for it (rule 7 of the house).
#[test]
fn generated_inputs_reach_every_rule() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::BTreeSet;

    let mut runner = TestRunner::deterministic();
    let strategy = case();
    let mut seen = BTreeSet::new();
    let mut ok = 0;
    for _ in 0..1000 {
        let c = strategy.new_tree(&mut runner).unwrap().current();
        let value = Value::parse(&c.input.to_string()).unwrap();
        // Errors are the properties' business; here only what is reached counts.
        let Ok(e) = estimate(&value) else { continue };
        ok += 1;
        seen.insert(format!("currency:{}", e.currency));
        seen.insert(format!(
            "outcome:{}",
            serde_json::Value::from(e.outcome.as_str())
        ));
        for l in &e.lines {
            seen.insert(format!("line:{}", l.code));
        }
        for l in &e.credits {
            seen.insert(format!("credit:{}", l.code));
        }
        for w in &e.warnings {
            seen.insert(format!("warning:{}", w.code));
        }
        for d in &e.destinations {
            seen.insert(format!("to:{}", d.to));
        }
        seen.insert(format!("tax:{}", e.tax.is_some()));
        seen.insert(format!("owed:{}", !dec(&e.owed).is_zero()));
        seen.insert(format!("refund:{}", !dec(&e.refund).is_zero()));
    }
    assert!(
        ok > 500,
        "only {ok} of 1000 generated inputs were estimated"
    );
    let mut expected: Vec<String> = Vec::new();
    for c in ["CNY", "USD", "JPY", "KWD"] {
        expected.push(format!("currency:{c}"));
    }
    for o in ["full", "partial", "none", "ineligible"] {
        expected.push(format!("outcome:\"{o}\""));
    }
    for l in [
        "paid",
        "not_refundable",
        "whole_refund",
        "cooling_off",
        "promotion_clawback",
        "consumed",
        "consumed_multiplier",
        "usage",
        "handling_fee",
        "early_termination_fee",
        "setup_fee",
        "processing_fee",
        "voucher",
        "credit",
        "sla_credit",
        "outstanding",
        "cap",
        "below_minimum",
        "floor",
    ] {
        expected.push(format!("line:{l}"));
    }
    expected.push("credit:sla_credit".into());
    for w in [
        "cooling_off_quota_used",
        "cooling_off_requires_unused",
        "invoiced_to_balance",
        "unknown_locale",
        "usage_not_reported",
        "after_end",
        "fees_owed",
        "cooling_off_not_for_renewals",
        "excess_to_balance",
        "sla_claim_window",
        "sla_claim_by",
        "sla_claim_late",
        "sla_fault_after_claim",
    ] {
        expected.push(format!("warning:{w}"));
    }
    for t in [
        "original_method",
        "balance",
        "account_credit",
        "voucher",
        "forfeited",
    ] {
        expected.push(format!("to:{t}"));
    }
    for b in ["true", "false"] {
        expected.push(format!("tax:{b}"));
        expected.push(format!("owed:{b}"));
        expected.push(format!("refund:{b}"));
    }
    let missing: Vec<&String> = expected.iter().filter(|e| !seen.contains(*e)).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}

// ---------------------------------------------------------------------------------------
// Regressions: the smallest inputs the properties above found, kept as plain tests so a
// failure does not depend on the random seed.
// ---------------------------------------------------------------------------------------

fn refund_of(input: &Json) -> Decimal {
    let value = Value::parse(&input.to_string()).unwrap();
    match estimate(&value) {
        Ok(e) => dec(&e.refund),
        Err(e) => panic!("valid input refused: {}\ninput: {}", e.to_json(), input),
    }
}

/// Found by (a)–(f): amounts are accepted up to 10^15, but the refund is split over the
/// kinds of money as `refund × cash ÷ total`, and vouchers are scaled as
/// `remaining × voucher ÷ total`; the products pass Decimal::MAX (≈ 7.9 × 10^28) once
/// both factors are above ≈ 2.8 × 10^14, and the estimate fails with `overflow`.
#[test]
fn payments_up_to_the_accepted_maximum_do_not_overflow() {
    let policy = json!({
        "id": "p", "version": "1", "currency": "CNY",
        "plans": [{"id": "a", "term": {"months": 12}, "price": "100"}],
    });
    let input = json!({
        "policy": policy,
        "order": {"plan": "a", "start": "2026-01-01", "paid": {"cash": "300000000000000.00"}},
        "request": {"at": "2026-01-02"},
    });
    let refund = refund_of(&input);
    assert!(refund > Decimal::ZERO && refund < dec("300000000000000.00"));

    let mut proportional = input.clone();
    proportional["policy"]["rules"] = json!({"nonRefundable": {"vouchers": "proportional"}});
    proportional["order"]["paid"] =
        json!({"cash": "100000000000000", "voucher": "900000000000000"});
    let refund = refund_of(&proportional);
    assert!(refund > Decimal::ZERO && refund < dec("100000000000000"));
}

/// Found by (e): with `dayCount: "30/360"`, the 31st of a month counts as far as the 1st
/// of the next (ISDA: D2 = 31 stays 31 when D1 < 30), and the time of day on the 31st is
/// added on top, so the 31st at noon counts 16.5 days and the next midnight 16: the
/// consumed value falls and the refund rises as time passes.
#[test]
fn thirty_360_consumption_never_runs_backwards() {
    let at = |at: &str| {
        json!({
            "policy": {
                "id": "p", "version": "1", "currency": "CNY", "timezone": "+08:00",
                "rules": {"consumed": {"method": "pro_rata", "unit": "day", "dayCount": "30/360"}},
                "plans": [{"id": "a", "term": {"months": 12}, "price": "3600.00"}],
            },
            "order": {"plan": "a", "start": "2025-01-15", "paid": {"cash": "3600.00"}},
            "request": {"at": at},
        })
    };
    let noon_on_the_31st = refund_of(&at("2025-01-31T12:00:00+08:00"));
    let next_midnight = refund_of(&at("2025-02-01T00:00:00+08:00"));
    assert!(
        next_midnight <= noon_on_the_31st,
        "refund rose from {noon_on_the_31st} to {next_midnight}"
    );
}

/// Found by (e): a consumed multiplier below 1 returned part of the consumed value, while a
/// handling fee `of: "remaining"` was taken on `paid − consumed` without that part; with a
/// fee percent above the factor, every day of use raised the refund. Fixed twice over:
/// validation refuses factors below 1, and the remaining base nets off every use line.
#[test]
fn a_multiplier_below_one_is_refused() {
    let input = json!({
        "policy": {
            "id": "p", "version": "1", "currency": "CNY",
            "rules": {"consumed": {"multiplier": {"factor": "0.5"}}},
            "plans": [{"id": "a", "term": {"months": 1}, "price": "3100.00"}],
        },
        "order": {"plan": "a", "start": "2024-01-01", "paid": {"cash": "3100.00"}},
        "request": {"at": "2024-01-02"},
    });
    let e = estimate(&Value::parse(&input.to_string()).unwrap()).unwrap_err();
    assert_eq!(e.code().as_str(), "out_of_range");
    assert_eq!(e.path(), "policy.rules.consumed.multiplier.factor");
}

/// The same shape with a factor above 1: the fee on what remains includes the surcharge.
#[test]
fn a_fee_on_the_remaining_never_raises_the_refund_with_a_multiplier() {
    let at = |at: &str| {
        json!({
            "policy": {
                "id": "p", "version": "1", "currency": "CNY",
                "rules": {
                                        "consumed": {"multiplier": {"factor": "1.5"}},
                    "fees": {"handling": {"percent": "60", "of": "remaining"}},
                },
                "plans": [{"id": "a", "term": {"months": 1}, "price": "3100.00"}],
            },
            "order": {"plan": "a", "start": "2024-01-01", "paid": {"cash": "3100.00"}},
            "request": {"at": at},
        })
    };
    let day_one = refund_of(&at("2024-01-02"));
    let day_fifteen = refund_of(&at("2024-01-16"));
    assert!(
        day_fifteen <= day_one,
        "refund rose from {day_one} to {day_fifteen}"
    );
}

// ---------------------------------------------------------------------------------------
// Promotions (issue #15.2): the discount is lost on the time used, never charged twice.
// ---------------------------------------------------------------------------------------

/// What a customer pays in the end: paid − refund + owed.
fn net_cost(input: &Json) -> Decimal {
    let value = Value::parse(&input.to_string()).unwrap();
    let e = estimate(&value)
        .unwrap_or_else(|e| panic!("valid input refused: {}\ninput: {}", e.to_json(), input));
    let paid = dec(input["order"]["paid"]["cash"].as_str().unwrap());
    paid - dec(&e.refund) + dec(&e.owed)
}

/// The bundled policy under several ways of counting time and of basing the handling fee.
/// Its `minimumRefund` is left out: a refund that falls below a minimum is not paid to
/// anyone, a threshold that can cost whoever paid less a few units more.
fn promotion_policy(consumed: usize, fee_on_paid: bool) -> Json {
    let mut policy: Json = serde_json::from_str(include_str!("../policies/default.json")).unwrap();
    let consumed = [
        json!({"method": "pro_rata", "unit": "day", "anchor": "start", "endRounding": "up", "usage": true}),
        json!({"unit": "hour", "anchor": "clock", "startRounding": "down", "endRounding": "down"}),
        json!({"unit": "month"}),
        json!({"unit": "second"}),
    ][consumed]
        .clone();
    let rules = &mut policy["rules"];
    rules["consumed"] = consumed;
    rules["settlement"]
        .as_object_mut()
        .unwrap()
        .remove("minimumRefund");
    if fee_on_paid {
        rules["fees"]["handling"]["of"] = json!("paid");
    }
    policy
}

proptest! {
    #![proptest_config(Config { cases: 256, ..config() })]

    /// For the same plan, dates, usage and reason, a promotion buyer's net cost never
    /// exceeds a list-price buyer's. (With the discount taken back whole on top of time
    /// charged at the promotional price, buying on promotion cost more: ¥17,655.34 against
    /// ¥13,027.98 in golden case 008.)
    #[test]
    fn a_promotion_never_costs_more_than_the_list_price(
        plan in 0usize..12,
        start_minutes in 0u32..(366 * 24 * 60),
        at_minutes in 0u32..(40 * 31 * 24 * 60),
        discount_per_mille in 1u32..1000,
        traffic in 0u32..100_000,
        reason in 0usize..REASONS.len(),
        consumed in 0usize..4,
        fee_on_paid in any::<bool>(),
    ) {
        let policy = promotion_policy(consumed, fee_on_paid);
        let p = &policy["plans"][plan];
        let price = dec(p["price"].as_str().unwrap());
        let setup = dec(p["setupFee"].as_str().unwrap());
        let discount = (price * Decimal::from(discount_per_mille) / Decimal::from(1000)).round_dp(2);
        let t0 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        let stamp = |m: u32| {
            (t0 + chrono::Duration::minutes(i64::from(m))).format("%Y-%m-%dT%H:%M:00+08:00").to_string()
        };
        let input = |paid: Decimal, promotion: bool| json!({
            "policy": policy,
            "order": {"plan": p["id"], "start": stamp(start_minutes), "paid": {"cash": paid.to_string()},
                      "promotion": promotion, "usage": {"traffic_gb": traffic.to_string()}},
            "request": {"at": stamp(start_minutes + at_minutes), "reason": REASONS[reason]},
        });
        let list = net_cost(&input(price + setup, false));
        let promo = net_cost(&input(price - discount + setup, true));
        let shown = input(price - discount + setup, true);
        prop_assert!(promo <= list, "promotion {promo} > list {list} for {} {}", shown["order"], shown["request"]);
    }
}

// ---------------------------------------------------------------------------------------
// Precision at the top of the range (issue #15.4).
// ---------------------------------------------------------------------------------------

/// `meters` meters, each with `used` units at `price`, on a 1,000.00 annual plan.
fn metered(meters: usize, used: &str, price: &str) -> Json {
    let list: Vec<Json> = (0..meters)
        .map(|i| json!({"id": format!("m{i}"), "unitPrice": price, "included": "0.01"}))
        .collect();
    let usage: Map<String, Json> = (0..meters)
        .map(|i| (format!("m{i}"), json!(used)))
        .collect();
    json!({
        "policy": {"id": "p", "version": "1", "currency": "USD",
                   "plans": [{"id": "a", "term": {"months": 12}, "price": "1000.00", "meters": list}]},
        "order": {"plan": "a", "start": "2026-01-01", "paid": {"cash": "1000.00"}, "usage": usage},
        "request": {"at": "2026-02-01"},
    })
}

/// A thousand meters at 10^12 units × 10^12 charged 10^27, past the 28 digits of a decimal:
/// the lines were printed without cents ("999999999999989999999999084.9") and summed to
/// −0.03, not to the refund. Usage charges above 10^25 in all are refused, with the path of
/// the meter that crosses the limit; up to it every line keeps its minor units, three of
/// them in KWD.
#[test]
fn usage_charges_beyond_exact_precision_are_refused() {
    let refused = |input: &Json| match estimate(&Value::parse(&input.to_string()).unwrap()) {
        Err(e) => e,
        Ok(e) => panic!("accepted: refund {} over {} lines", e.refund, e.lines.len()),
    };
    let max = "1000000000000";
    // Ten meters of 999,999,999,999.99 × 10^12 are just under 10^25: the eleventh crosses.
    let e = refused(&metered(1000, max, max));
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("out_of_range", "order.usage.m10")
    );
    let mut kwd = metered(10, max, max);
    kwd["policy"]["currency"] = json!("KWD");
    kwd["order"]["paid"]["cash"] = json!("1000.001");
    let e = estimate(&Value::parse(&kwd.to_string()).unwrap()).unwrap();
    let sum: Decimal = e.lines.iter().map(|l| dec(&l.amount)).sum();
    assert_eq!(sum, dec(&e.refund) - dec(&e.owed));
    assert!(e
        .lines
        .iter()
        .all(|l| l.amount.split_once('.').is_some_and(|(_, d)| d.len() == 3)));
    let mut over = metered(11, max, max);
    over["policy"]["currency"] = json!("KWD");
    let e = refused(&over);
    assert_eq!(
        (e.code().as_str(), e.path()),
        ("out_of_range", "order.usage.m10")
    );
}
