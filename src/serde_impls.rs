//! The `serde` feature (native only): `Serialize` and `Deserialize` at the crate's edges.
//!
//! No derive and no second definition of the field names: an output serializes as the
//! `Value` its own JSON writer gives (`ToValue`), so serde sees exactly the public contract
//! (camelCase, `tax` and `credit` absent rather than null), and deserializes by reading
//! that shape back. Codes come back as the engine's own `&'static str` (an unknown code is
//! an error, not a leak). `Value` maps one to one onto serde's data model; `Policy` goes
//! through the validating reader, so its error lists every problem with its path.

use crate::error::{Error, ErrorCode, Problem};
use crate::estimate::{
    AccountLimit, CreditArrival, Destination, Estimate, Item, Line, Outcome, Phase, PolicyRef,
    TaxSplit, Timeline, Warning,
};
use crate::policy::Policy;
use crate::value::{Number, ToValue, Value};
use crate::whatif::{Best, Breakpoint, Comparison, ComparisonRow, Curve, Point};
use core::fmt;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// What a number with a fraction is serialized as: `Value` keeps no fraction's value (the
/// reader refuses them all: money comes as strings), and 0.5 reads back as one.
const FRACTION: f64 = 0.5;

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(Number::Int(i)) => s.serialize_i64(*i),
            Value::Number(Number::Fraction) => s.serialize_f64(FRACTION),
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON-shaped data")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(Number::Int(i)))
    }

    // As `Value::parse` reads them: an integer beyond i64, or any float, is a number with a
    // fraction (refused where an integer is expected, with the field's path).
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(
            i64::try_from(u).map_or(Number::Fraction, Number::Int),
        ))
    }

    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(Value::Number(
            i64::try_from(i).map_or(Number::Fraction, Number::Int),
        ))
    }

    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(Value::Number(
            i64::try_from(u).map_or(Number::Fraction, Number::Int),
        ))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Number(Number::Fraction))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    // Keys in order, duplicates kept: the reader reports them, as for JSON text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            entries.push((key, value));
        }
        Ok(Value::Object(entries))
    }
}

/// Serializes an output as the `Value` of its own JSON: the contract's names and shape.
macro_rules! serialize_as_value {
    ($($type:ty),+ $(,)?) => {$(
        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.to_value().serialize(s)
            }
        }
    )+};
}

serialize_as_value!(
    Estimate,
    Line,
    Destination,
    Timeline,
    Phase,
    Item,
    Warning,
    Curve,
    Point,
    Breakpoint,
    Best,
    Comparison,
    ComparisonRow,
);

impl Serialize for AccountLimit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Value::object([
            ("limit", Value::str(&self.limit)),
            ("months", Value::Number(Number::Int(i64::from(self.months)))),
            ("used", Value::str(&self.used)),
            ("left", Value::str(&self.left)),
            ("leftAfter", Value::str(&self.left_after)),
        ])
        .serialize(s)
    }
}

impl Serialize for TaxSplit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Value::object([
            ("rate", Value::str(&self.rate)),
            ("net", Value::str(&self.net)),
            ("tax", Value::str(&self.tax)),
        ])
        .serialize(s)
    }
}

impl Serialize for CreditArrival {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Value::object([
            ("businessDays", days_value(self.business_days)),
            ("earliest", Value::str(&self.earliest)),
            ("latest", Value::str(&self.latest)),
            ("summary", Value::str(&self.summary)),
        ])
        .serialize(s)
    }
}

impl Serialize for PolicyRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Value::object([
            ("id", Value::str(&self.id)),
            ("version", Value::str(&self.version)),
        ])
        .serialize(s)
    }
}

impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        problem_value(self).serialize(s)
    }
}

/// `{code, path, message, errors}`: the first problem's fields and every problem, as the
/// npm package's errors carry them.
impl Serialize for Error {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Value::object([
            ("code", Value::str(self.code().as_str())),
            ("path", Value::str(self.path())),
            ("message", Value::str(self.message())),
            (
                "errors",
                Value::Array(self.problems().map(problem_value).collect()),
            ),
        ])
        .serialize(s)
    }
}

fn problem_value(p: &Problem) -> Value {
    Value::object([
        ("code", Value::str(p.code.as_str())),
        ("path", Value::str(&p.path)),
        ("message", Value::str(&p.message)),
    ])
}

fn days_value([fewest, most]: [u32; 2]) -> Value {
    Value::Array(vec![
        Value::Number(Number::Int(i64::from(fewest))),
        Value::Number(Number::Int(i64::from(most))),
    ])
}

/// Deserializes through a `Value`, read back by `$read`.
macro_rules! deserialize_from_value {
    ($($type:ty => $read:expr),+ $(,)?) => {$(
        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$type, D::Error> {
                let value = Value::deserialize(d)?;
                $read(&value).map_err(de::Error::custom)
            }
        }
    )+};
}

deserialize_from_value!(
    Estimate => read_estimate,
    Line => read_line,
    Destination => read_destination,
    TaxSplit => read_tax,
    AccountLimit => read_account_limit,
    Timeline => read_timeline,
    CreditArrival => read_credit,
    Phase => read_phase,
    Item => read_item,
    Warning => read_warning,
    PolicyRef => read_policy_ref,
    Outcome => |v: &Value| code_of(v, "outcome", &OUTCOMES).map(|(_, o)| o),
    Curve => read_curve,
    Point => read_point,
    Breakpoint => read_breakpoint,
    Best => read_best,
    Comparison => read_comparison,
    ComparisonRow => read_row,
    ErrorCode => |v: &Value| code_of(v, "code", &error_codes()).map(|(_, c)| c),
    Problem => read_problem,
    Error => read_error,
    // The validating reader: the message lists every problem with its path.
    Policy => |v: &Value| Policy::from_value(v).map_err(|e| every_problem(&e)),
);

/// "code at path: message; …" for every problem (`Display` gives the first and a count).
fn every_problem(error: &Error) -> String {
    let problems: Vec<String> = error
        .problems()
        .map(|p| Error::new(p.code, p.path.clone(), p.message.clone()).to_string())
        .collect();
    problems.join("; ")
}

const OUTCOMES: [(&str, Outcome); 5] = [
    ("full", Outcome::Full),
    ("partial", Outcome::Partial),
    ("none", Outcome::None),
    ("ineligible", Outcome::Ineligible),
    ("end_of_term", Outcome::EndOfTerm),
];

/// Every error code by its string form.
fn error_codes() -> [(&'static str, ErrorCode); ErrorCode::ALL.len()] {
    ErrorCode::ALL.map(|code| (code.as_str(), code))
}

/// `to` of a destination (src/stages/settle.rs).
const DESTINATIONS: [&str; 5] = [
    "original_method",
    "balance",
    "account_credit",
    "voucher",
    "forfeited",
];

/// `code` of a timeline phase (src/stages/next_steps.rs).
const PHASES: [&str; 2] = ["approval", "payout"];

/// `code` of a curve's break point (src/whatif.rs, `Boundary::code`).
const BREAKPOINTS: [&str; 10] = [
    "cooling_off_end",
    "handling_tier",
    "schedule_knee",
    "multiplier_end",
    "renewal_start",
    "sla_claim_closed",
    "refund_window_end",
    "account_cap_release",
    "account_cap_reached",
    "delivery",
];

/// The engine's `&'static str` for a code read back: one of `known`.
fn code_of<T: Copy>(
    v: &Value,
    field: &str,
    known: &[(&'static str, T)],
) -> Result<(&'static str, T), String> {
    let Value::String(text) = v else {
        return Err(format!("{field}: expected a string, got {}", v.kind()));
    };
    known
        .iter()
        .find(|(code, _)| code == text)
        .copied()
        .ok_or_else(|| format!("{field}: unknown code {text:?}"))
}

/// The fields of one object of an output, read back by name.
struct Fields<'a> {
    what: &'static str,
    entries: &'a [(String, Value)],
}

impl<'a> Fields<'a> {
    fn of(v: &'a Value, what: &'static str) -> Result<Fields<'a>, String> {
        match v {
            Value::Object(entries) => Ok(Fields { what, entries }),
            other => Err(format!("{what}: expected an object, got {}", other.kind())),
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn required(&self, key: &str) -> Result<&'a Value, String> {
        self.get(key)
            .ok_or_else(|| format!("{}: missing field {key}", self.what))
    }

    fn string(&self, key: &str) -> Result<String, String> {
        match self.required(key)? {
            Value::String(s) => Ok(s.clone()),
            other => Err(format!(
                "{}.{key}: expected a string, got {}",
                self.what,
                other.kind()
            )),
        }
    }

    fn code(&self, key: &str, known: &[&'static str]) -> Result<&'static str, String> {
        let text = self.string(key)?;
        known
            .iter()
            .find(|code| **code == text)
            .copied()
            .ok_or_else(|| format!("{}.{key}: unknown code {text:?}", self.what))
    }

    fn u32(&self, key: &str) -> Result<u32, String> {
        u32_of(self.required(key)?)
            .ok_or_else(|| format!("{}.{key}: expected a whole number", self.what))
    }

    fn days(&self, key: &str) -> Result<[u32; 2], String> {
        match self.required(key)? {
            Value::Array(items) => match items.as_slice() {
                [a, b] => u32_of(a).zip(u32_of(b)).map(|(a, b)| [a, b]),
                _ => None,
            },
            _ => None,
        }
        .ok_or_else(|| format!("{}.{key}: expected [fewest, most] business days", self.what))
    }

    fn list<T>(&self, key: &str, read: fn(&Value) -> Result<T, String>) -> Result<Vec<T>, String> {
        match self.required(key)? {
            Value::Array(items) => items.iter().map(read).collect(),
            other => Err(format!(
                "{}.{key}: expected an array, got {}",
                self.what,
                other.kind()
            )),
        }
    }

    /// An optional member: absent (or null) is `None`.
    fn optional<T>(
        &self,
        key: &str,
        read: fn(&Value) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => read(v).map(Some),
        }
    }
}

fn u32_of(v: &Value) -> Option<u32> {
    match v {
        Value::Number(Number::Int(i)) => u32::try_from(*i).ok(),
        _ => None,
    }
}

fn line_codes() -> [&'static str; crate::i18n::LineCode::ALL.len()] {
    crate::i18n::LineCode::ALL.map(crate::i18n::LineCode::as_str)
}

fn read_estimate(v: &Value) -> Result<Estimate, String> {
    let f = Fields::of(v, "estimate")?;
    Ok(Estimate {
        currency: currency_of(&f)?,
        refund: f.string("refund")?,
        owed: f.string("owed")?,
        outcome: code_of(f.required("outcome")?, "estimate.outcome", &OUTCOMES)?.1,
        service_ends: f.optional("serviceEnds", |v| match v {
            Value::String(s) => Ok(s.clone()),
            other => Err(format!(
                "estimate.serviceEnds: expected a string, got {}",
                other.kind()
            )),
        })?,
        lines: f.list("lines", read_line)?,
        credits: f.list("credits", read_line)?,
        destinations: f.list("destinations", read_destination)?,
        tax: f.optional("tax", read_tax)?,
        account_cap: f.optional("accountCap", read_account_limit)?,
        timeline: read_timeline(f.required("timeline")?)?,
        documents: f.list("documents", read_item)?,
        steps: f.list("steps", read_item)?,
        warnings: f.list("warnings", read_warning)?,
        policy: read_policy_ref(f.required("policy")?)?,
    })
}

fn currency_of(f: &Fields<'_>) -> Result<&'static str, String> {
    let code = f.string("currency")?;
    crate::currency::Currency::from_code(&code)
        .map(|c| c.code())
        .ok_or_else(|| format!("{}.currency: unknown currency {code:?}", f.what))
}

fn read_line(v: &Value) -> Result<Line, String> {
    let f = Fields::of(v, "line")?;
    Ok(Line {
        code: f.code("code", &line_codes())?,
        amount: f.string("amount")?,
        label: f.string("label")?,
        detail: f.string("detail")?,
        order: f.optional("order", |v| match v {
            Value::String(s) => Ok(s.clone()),
            other => Err(format!(
                "line.order: expected a string, got {}",
                other.kind()
            )),
        })?,
    })
}

fn read_destination(v: &Value) -> Result<Destination, String> {
    let f = Fields::of(v, "destination")?;
    let methods = crate::order::PaymentMethod::NAMES.map(|(name, _)| name);
    Ok(Destination {
        to: f.code("to", &DESTINATIONS)?,
        method: match f.get("method") {
            None | Some(Value::Null) => None,
            Some(_) => Some(f.code("method", &methods)?),
        },
        amount: f.string("amount")?,
        label: f.string("label")?,
    })
}

fn read_account_limit(v: &Value) -> Result<AccountLimit, String> {
    let f = Fields::of(v, "accountCap")?;
    Ok(AccountLimit {
        limit: f.string("limit")?,
        months: f.u32("months")?,
        used: f.string("used")?,
        left: f.string("left")?,
        left_after: f.string("leftAfter")?,
    })
}

fn read_tax(v: &Value) -> Result<TaxSplit, String> {
    let f = Fields::of(v, "tax")?;
    Ok(TaxSplit {
        rate: f.string("rate")?,
        net: f.string("net")?,
        tax: f.string("tax")?,
    })
}

fn read_timeline(v: &Value) -> Result<Timeline, String> {
    let f = Fields::of(v, "timeline")?;
    Ok(Timeline {
        approval: f.string("approval")?,
        business_days: f.days("businessDays")?,
        earliest: f.string("earliest")?,
        latest: f.string("latest")?,
        phases: f.list("phases", read_phase)?,
        summary: f.string("summary")?,
        credit: f.optional("credit", read_credit)?,
    })
}

fn read_credit(v: &Value) -> Result<CreditArrival, String> {
    let f = Fields::of(v, "timeline.credit")?;
    Ok(CreditArrival {
        business_days: f.days("businessDays")?,
        earliest: f.string("earliest")?,
        latest: f.string("latest")?,
        summary: f.string("summary")?,
    })
}

fn read_phase(v: &Value) -> Result<Phase, String> {
    let f = Fields::of(v, "phase")?;
    Ok(Phase {
        code: f.code("code", &PHASES)?,
        label: f.string("label")?,
        business_days: f.days("businessDays")?,
    })
}

fn read_item(v: &Value) -> Result<Item, String> {
    let f = Fields::of(v, "item")?;
    Ok(Item {
        code: f.string("code")?,
        label: f.string("label")?,
        detail: f.string("detail")?,
    })
}

fn read_warning(v: &Value) -> Result<Warning, String> {
    let f = Fields::of(v, "warning")?;
    Ok(Warning {
        code: f.code("code", &crate::i18n::Notice::CODES)?,
        message: f.string("message")?,
    })
}

fn read_policy_ref(v: &Value) -> Result<PolicyRef, String> {
    let f = Fields::of(v, "policy")?;
    Ok(PolicyRef {
        id: f.string("id")?,
        version: f.string("version")?,
    })
}

fn read_curve(v: &Value) -> Result<Curve, String> {
    let f = Fields::of(v, "curve")?;
    Ok(Curve {
        currency: currency_of(&f)?,
        points: f.list("points", read_point)?,
        breakpoints: f.list("breakpoints", read_breakpoint)?,
        best: read_best(f.required("best")?)?,
    })
}

fn read_point(v: &Value) -> Result<Point, String> {
    let f = Fields::of(v, "point")?;
    Ok(Point {
        at: f.string("at")?,
        refund: f.string("refund")?,
        owed: f.string("owed")?,
    })
}

fn read_breakpoint(v: &Value) -> Result<Breakpoint, String> {
    let f = Fields::of(v, "breakpoint")?;
    Ok(Breakpoint {
        at: f.string("at")?,
        code: f.code("code", &BREAKPOINTS)?,
        label: f.string("label")?,
        before: f.string("before")?,
        after: f.string("after")?,
        owed_before: f.string("owedBefore")?,
        owed_after: f.string("owedAfter")?,
    })
}

fn read_best(v: &Value) -> Result<Best, String> {
    let f = Fields::of(v, "best")?;
    Ok(Best {
        at: f.string("at")?,
        refund: f.string("refund")?,
        label: f.string("label")?,
    })
}

fn read_comparison(v: &Value) -> Result<Comparison, String> {
    let f = Fields::of(v, "comparison")?;
    Ok(Comparison {
        currency: currency_of(&f)?,
        after: f.string("after")?,
        rows: f.list("rows", read_row)?,
    })
}

fn read_row(v: &Value) -> Result<ComparisonRow, String> {
    let f = Fields::of(v, "row")?;
    Ok(ComparisonRow {
        plan: f.string("plan")?,
        name: f.string("name")?,
        terms: f.u32("terms")?,
        paid_up_front: f.string("paidUpFront")?,
        total_paid: f.string("totalPaid")?,
        refund: f.string("refund")?,
        owed: f.string("owed")?,
        net_cost: f.string("netCost")?,
        net_cost_per_month: f.string("netCostPerMonth")?,
        label: f.string("label")?,
    })
}

fn read_problem(v: &Value) -> Result<Problem, String> {
    let f = Fields::of(v, "problem")?;
    Ok(Problem {
        code: code_of(f.required("code")?, "problem.code", &error_codes())?.1,
        path: f.string("path")?,
        message: f.string("message")?,
    })
}

/// An error from its `errors` (every problem; `code`, `path` and `message` repeat the first).
fn read_error(v: &Value) -> Result<Error, String> {
    let f = Fields::of(v, "error")?;
    Error::from_problems(f.list("errors", read_problem)?)
        .ok_or_else(|| "error.errors: expected at least one problem".to_owned())
}
