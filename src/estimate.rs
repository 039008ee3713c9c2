//! The result: what comes back, why, where it lands. Field names are the public contract
//! (design.md) and live in the `ToValue` impls at the end of this file; money is a plain
//! decimal string at the currency's minor unit.

use crate::value::{Number, ToValue, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Estimate {
    /// ISO 4217 code of every amount.
    pub currency: &'static str,
    /// What comes back, cash and account credit together. Sum of `lines`.
    pub refund: String,
    /// What the customer would have to pay to leave, when the policy makes fees beyond the
    /// refundable amount payable. Then `refund` is zero and `lines` sum to `-owed`.
    pub owed: String,
    pub outcome: Outcome,
    /// The breakdown: signed amounts that sum exactly to `refund` (or `-owed`).
    pub lines: Vec<Line>,
    /// Compensation paid beside the refund (SLA credits as account credit). Not in `refund`.
    pub credits: Vec<Line>,
    /// Where each part lands. Parts other than `forfeited` sum to `refund` + `credits`.
    pub destinations: Vec<Destination>,
    /// The refund split into net and tax, when the policy carries a tax rate.
    pub tax: Option<TaxSplit>,
    pub timeline: Timeline,
    pub documents: Vec<Item>,
    pub steps: Vec<Item>,
    pub warnings: Vec<Warning>,
    pub policy: PolicyRef,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything the policy can return comes back (vouchers a policy never refunds aside).
    Full,
    /// Some of it comes back.
    Partial,
    /// Nothing comes back (and possibly something is owed).
    None,
    /// The order cannot be refunded at all (promotion, invoiced, …).
    Ineligible,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Stable code, e.g. `consumed`, `handling_fee`.
    pub code: &'static str,
    /// Signed amount: positive adds to the refund, negative deducts.
    pub amount: String,
    /// Short name in the request's locale.
    pub label: String,
    /// The rule and the formula with the customer's numbers.
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    /// `original_method`, `balance`, `account_credit`, `voucher` or `forfeited`.
    pub to: &'static str,
    /// The payment method, for `original_method`.
    pub method: Option<&'static str>,
    pub amount: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxSplit {
    /// Percent.
    pub rate: String,
    pub net: String,
    pub tax: String,
}

/// How long the refund takes. Filled from the policy's approval and payout data.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Timeline {
    /// Approval tier, e.g. `automatic`, `review`, `large_amount`; `none` when nothing is paid.
    pub approval: String,
    /// Business days from submission to the money arriving: [fewest, most].
    pub business_days: [u32; 2],
    /// Calendar dates (YYYY-MM-DD) of the earliest and latest arrival; empty when nothing is paid.
    pub earliest: String,
    pub latest: String,
    /// The parts of the wait, in order.
    pub phases: Vec<Phase>,
    /// One sentence: "6–13 business days: arrives between 28 May 2026 and 8 Jun 2026".
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phase {
    pub code: &'static str,
    pub label: String,
    pub business_days: [u32; 2],
}

/// A document to prepare or a step to take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// A built-in code, or the policy's own for documents it defines.
    pub code: String,
    pub label: String,
    /// Longer guidance; may be empty.
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyRef {
    pub id: String,
    pub version: String,
}

impl Estimate {
    /// The estimate as compact JSON, exactly as the wasm package returns it.
    pub fn to_json(&self) -> String {
        self.to_value().to_json()
    }

    pub fn to_json_pretty(&self) -> String {
        self.to_value().to_json_pretty()
    }
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Full => "full",
            Outcome::Partial => "partial",
            Outcome::None => "none",
            Outcome::Ineligible => "ineligible",
        }
    }
}

fn days([lo, hi]: [u32; 2]) -> Value {
    Value::Array(vec![
        Value::Number(Number::Int(i64::from(lo))),
        Value::Number(Number::Int(i64::from(hi))),
    ])
}

impl ToValue for Estimate {
    fn to_value(&self) -> Value {
        let mut v = Value::object([
            ("currency", Value::str(self.currency)),
            ("refund", Value::str(&self.refund)),
            ("owed", Value::str(&self.owed)),
            ("outcome", Value::str(self.outcome.as_str())),
            ("lines", Value::list(&self.lines)),
            ("credits", Value::list(&self.credits)),
            ("destinations", Value::list(&self.destinations)),
            ("timeline", self.timeline.to_value()),
            ("documents", Value::list(&self.documents)),
            ("steps", Value::list(&self.steps)),
            ("warnings", Value::list(&self.warnings)),
            (
                "policy",
                Value::object([
                    ("id", Value::str(&self.policy.id)),
                    ("version", Value::str(&self.policy.version)),
                ]),
            ),
        ]);
        // `tax` only when the policy carries a tax rate (absent, never null or undefined).
        if let (Some(tax), Value::Object(entries)) = (&self.tax, &mut v) {
            let at = entries
                .iter()
                .position(|(k, _)| k == "timeline")
                .unwrap_or(entries.len());
            let tax = Value::object([
                ("rate", Value::str(&tax.rate)),
                ("net", Value::str(&tax.net)),
                ("tax", Value::str(&tax.tax)),
            ]);
            entries.insert(at, ("tax".to_owned(), tax));
        }
        v
    }
}

impl ToValue for Line {
    fn to_value(&self) -> Value {
        Value::object([
            ("code", Value::str(self.code)),
            ("amount", Value::str(&self.amount)),
            ("label", Value::str(&self.label)),
            ("detail", Value::str(&self.detail)),
        ])
    }
}

impl ToValue for Destination {
    fn to_value(&self) -> Value {
        let mut entries = vec![("to".to_owned(), Value::str(self.to))];
        if let Some(method) = self.method {
            entries.push(("method".to_owned(), Value::str(method)));
        }
        entries.push(("amount".to_owned(), Value::str(&self.amount)));
        entries.push(("label".to_owned(), Value::str(&self.label)));
        Value::Object(entries)
    }
}

impl ToValue for Timeline {
    fn to_value(&self) -> Value {
        Value::object([
            ("approval", Value::str(&self.approval)),
            ("businessDays", days(self.business_days)),
            ("earliest", Value::str(&self.earliest)),
            ("latest", Value::str(&self.latest)),
            ("phases", Value::list(&self.phases)),
            ("summary", Value::str(&self.summary)),
        ])
    }
}

impl ToValue for Phase {
    fn to_value(&self) -> Value {
        Value::object([
            ("code", Value::str(self.code)),
            ("label", Value::str(&self.label)),
            ("businessDays", days(self.business_days)),
        ])
    }
}

impl ToValue for Item {
    fn to_value(&self) -> Value {
        Value::object([
            ("code", Value::str(&self.code)),
            ("label", Value::str(&self.label)),
            ("detail", Value::str(&self.detail)),
        ])
    }
}

impl ToValue for Warning {
    fn to_value(&self) -> Value {
        Value::object([
            ("code", Value::str(self.code)),
            ("message", Value::str(&self.message)),
        ])
    }
}
