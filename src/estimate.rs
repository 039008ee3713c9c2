//! The result: what comes back, why, where it lands. Field names are the public contract
//! (design.md) and live in the `WriteJson` impls at the end of this file; money is a plain
//! decimal string at the currency's minor unit.

use crate::value::ToValue;
use crate::write::{json_text, to_value_from_json, write_list, Json, JsonObject, WriteJson};

/// A refund estimate: what comes back, why (the lines), where it lands, when, what to
/// prepare and what to do. Its JSON (`to_json`) is the public contract the npm package returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Estimate {
    /// ISO 4217 code of every amount.
    pub currency: &'static str,
    /// What comes back, cash and account credit together. Sum of `lines`.
    pub refund: String,
    /// What the customer would have to pay to leave, when the policy makes fees beyond the
    /// refundable amount payable. Then `refund` is zero and `lines` sum to `-owed`.
    pub owed: String,
    /// Full, partial, none, ineligible or end_of_term.
    pub outcome: Outcome,
    /// When the service ends, when that is not the cancellation: a plan whose cancellation
    /// takes effect at the end of the paid term (RFC 3339, in the policy's zone).
    pub service_ends: Option<String>,
    /// The breakdown: signed amounts that sum exactly to `refund` (or `-owed`).
    pub lines: Vec<Line>,
    /// Compensation paid beside the refund (SLA credits as account credit). Not in `refund`.
    pub credits: Vec<Line>,
    /// Where each part lands. Parts other than `forfeited` sum to `refund` + `credits`.
    pub destinations: Vec<Destination>,
    /// The refund split into net and tax, when the policy carries a tax rate.
    pub tax: Option<TaxSplit>,
    /// Where the account stands against the policy's limit on refunds over a rolling
    /// window, when it has one.
    pub account_cap: Option<AccountLimit>,
    /// How long it takes, in business days and dates.
    pub timeline: Timeline,
    /// What to prepare, from the policy's `documents` that apply.
    pub documents: Vec<Item>,
    /// What to do, in order.
    pub steps: Vec<Item>,
    /// What the customer should know (a used-up cooling-off quota, fees owed, …).
    pub warnings: Vec<Warning>,
    /// The policy the estimate was computed with.
    pub policy: PolicyRef,
}

/// What kind of refund the estimate is.
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
    /// Cancelling stops the renewal: the service runs to the end of the paid term, and
    /// nothing of the payment comes back.
    EndOfTerm,
}

/// One line of the breakdown: a rule and its signed amount.
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
    /// Which order the line belongs to, when several are settled together: `"order"` or
    /// `"settleWith[0]"`, … (the input's path of that order); `None` for one order.
    pub order: Option<String>,
}

/// Where a part of the money lands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    /// `original_method`, `balance`, `account_credit`, `voucher` or `forfeited`.
    pub to: &'static str,
    /// The payment method, for `original_method`.
    pub method: Option<&'static str>,
    /// The part that lands there, a decimal string.
    pub amount: String,
    /// Where it lands, in words, in the request's locale.
    pub label: String,
}

/// The refund split into net and tax, in the proportion of the policy's tax rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxSplit {
    /// Percent.
    pub rate: String,
    /// The refund without tax.
    pub net: String,
    /// The tax in the refund; `net` + `tax` = the refund.
    pub tax: String,
}

/// An account's limit on refunds over a rolling window: what was used of it, what is left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountLimit {
    /// The most refunded in any window.
    pub limit: String,
    /// The window, in months.
    pub months: u32,
    /// Earlier refunds still counting at the cancellation.
    pub used: String,
    /// What this refund could take: `limit` − `used`, at least 0.
    pub left: String,
    /// What is left after this refund.
    pub left_after: String,
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
    /// The latest arrival date (YYYY-MM-DD).
    pub latest: String,
    /// The parts of the wait, in order.
    pub phases: Vec<Phase>,
    /// One sentence: "6–13 business days: arrives between 28 May 2026 and 8 Jun 2026".
    pub summary: String,
    /// When compensation paid beside the refund (an SLA credit) reaches the account: its own
    /// range, apart from the refund's. `None` without credits.
    pub credit: Option<CreditArrival>,
}

/// When the credits beside the refund arrive: approval, then the account-balance rail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditArrival {
    /// Business days from submission to the credit being on the account: [fewest, most].
    pub business_days: [u32; 2],
    /// Calendar dates (YYYY-MM-DD) of the earliest and latest arrival.
    pub earliest: String,
    /// The latest arrival date (YYYY-MM-DD).
    pub latest: String,
    /// One sentence: "SLA credit, up to 1 business day: on your account between 1 Mar and
    /// 2 Mar 2026".
    pub summary: String,
}

/// A part of the wait: approval, then payout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phase {
    /// `approval` or `payout`.
    pub code: &'static str,
    /// The phase in the request's locale.
    pub label: String,
    /// Business days it takes: [fewest, most].
    pub business_days: [u32; 2],
}

/// A document to prepare or a step to take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// A built-in code, or the policy's own for documents it defines.
    pub code: String,
    /// The document or step in the request's locale.
    pub label: String,
    /// Longer guidance; may be empty.
    pub detail: String,
}

/// Something the customer should know about the estimate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Stable code, e.g. `fees_owed`.
    pub code: &'static str,
    /// The warning in the request's locale.
    pub message: String,
}

/// Which policy an estimate was computed with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyRef {
    /// The policy's `id`.
    pub id: String,
    /// The policy's `version`.
    pub version: String,
}

impl Estimate {
    /// The estimate as compact JSON, exactly as the wasm package returns it.
    pub fn to_json(&self) -> String {
        // About 3.5 KB: one allocation instead of a dozen regrowths.
        json_text(self, 4096)
    }

    /// The estimate as JSON indented by two spaces (the CLI's output).
    pub fn to_json_pretty(&self) -> String {
        self.to_value().to_json_pretty()
    }
}

impl Outcome {
    /// The contract's name: `full`, `partial`, `none`, `ineligible` or `end_of_term`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Full => "full",
            Outcome::Partial => "partial",
            Outcome::None => "none",
            Outcome::Ineligible => "ineligible",
            Outcome::EndOfTerm => "end_of_term",
        }
    }
}

// The field names of the public contract, written straight into the JSON text: building a
// `Value` tree and dropping it was about 14 % of an `estimate()` in wasm. `ToValue` parses
// this text, so the names live only here.

impl WriteJson for Estimate {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("currency", self.currency)
            .str("refund", &self.refund)
            .str("owed", &self.owed)
            .str("outcome", self.outcome.as_str());
        // `serviceEnds` only when the service outlives the cancellation (absent, never null).
        if let Some(ends) = &self.service_ends {
            o.str("serviceEnds", ends);
        }
        write_list(o.key("lines"), &self.lines);
        write_list(o.key("credits"), &self.credits);
        write_list(o.key("destinations"), &self.destinations);
        // `tax` only when the policy carries a tax rate (absent, never null or undefined).
        if let Some(tax) = &self.tax {
            let mut t = JsonObject::start(o.key("tax"));
            t.str("rate", &tax.rate)
                .str("net", &tax.net)
                .str("tax", &tax.tax);
            t.end();
        }
        // `accountCap` only when the policy limits an account's refunds (absent, never null).
        if let Some(cap) = &self.account_cap {
            let mut c = JsonObject::start(o.key("accountCap"));
            c.str("limit", &cap.limit);
            c.key("months").number(cap.months);
            c.str("used", &cap.used)
                .str("left", &cap.left)
                .str("leftAfter", &cap.left_after);
            c.end();
        }
        self.timeline.write_json(o.key("timeline"));
        write_list(o.key("documents"), &self.documents);
        write_list(o.key("steps"), &self.steps);
        write_list(o.key("warnings"), &self.warnings);
        let mut p = JsonObject::start(o.key("policy"));
        p.str("id", &self.policy.id)
            .str("version", &self.policy.version);
        p.end();
        o.end();
    }
}

impl WriteJson for Line {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("code", self.code)
            .str("amount", &self.amount)
            .str("label", &self.label)
            .str("detail", &self.detail);
        // `order` only when several orders are settled together (absent, never null).
        if let Some(order) = &self.order {
            o.str("order", order);
        }
        o.end();
    }
}

impl WriteJson for Destination {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("to", self.to);
        if let Some(method) = self.method {
            o.str("method", method);
        }
        o.str("amount", &self.amount).str("label", &self.label);
        o.end();
    }
}

impl WriteJson for Timeline {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("approval", &self.approval);
        write_days(o.key("businessDays"), self.business_days);
        o.str("earliest", &self.earliest)
            .str("latest", &self.latest);
        write_list(o.key("phases"), &self.phases);
        o.str("summary", &self.summary);
        // `credit` only with credits (absent, never null).
        if let Some(credit) = &self.credit {
            let mut c = JsonObject::start(o.key("credit"));
            write_days(c.key("businessDays"), credit.business_days);
            c.str("earliest", &credit.earliest)
                .str("latest", &credit.latest)
                .str("summary", &credit.summary);
            c.end();
        }
        o.end();
    }
}

impl WriteJson for Phase {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("code", self.code).str("label", &self.label);
        write_days(o.key("businessDays"), self.business_days);
        o.end();
    }
}

impl WriteJson for Item {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("code", &self.code)
            .str("label", &self.label)
            .str("detail", &self.detail);
        o.end();
    }
}

impl WriteJson for Warning {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("code", self.code).str("message", &self.message);
        o.end();
    }
}

/// `[fewest, most]` business days.
fn write_days(out: &mut Json, [lo, hi]: [u32; 2]) {
    out.begin_array();
    out.number(lo);
    out.number(hi);
    out.end_array();
}

to_value_from_json!(Estimate, Line, Destination, Timeline, Phase, Item, Warning);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use crate::value::{ToValue, Value};

    fn keys(v: &Value) -> Vec<&str> {
        match v {
            Value::Object(entries) => entries.iter().map(|(k, _)| k.as_str()).collect(),
            other => panic!("not an object: {other:?}"),
        }
    }

    fn first<'a>(v: &'a Value, key: &str) -> &'a Value {
        match v.get(key) {
            Some(Value::Array(items)) => items.first().unwrap(),
            other => panic!("{key}: {other:?}"),
        }
    }

    /// An answer longer than the 16 MiB input limit still becomes a tree (the CLI's pretty
    /// output and `compare` go through `to_value`).
    #[test]
    fn answers_longer_than_the_input_limit_become_trees() {
        let input = Value::parse(
            r#"{"order": {"plan": "annual-100m", "start": "2026-01-15T10:30:00+08:00",
                          "paid": {"cash": "70160.00"}},
                "request": {"at": "2026-05-20T18:40:00+08:00"}}"#,
        )
        .unwrap();
        let mut e = crate::estimate(&input).unwrap();
        e.lines[0].detail = "x".repeat(17 << 20);
        let v = e.to_value();
        let detail = match first(&v, "lines").get("detail") {
            Some(Value::String(s)) => s.len(),
            other => panic!("{other:?}"),
        };
        assert_eq!(detail, 17 << 20);
    }

    /// The members in the order of the contract (design.md), as the wasm package and the
    /// CLI write them; `tax` only with a tax rate, `method` only for the original method.
    #[test]
    fn members_come_in_the_contract_order() {
        let input = Value::parse(
            r#"{"order": {"plan": "annual-100m", "start": "2026-01-15T10:30:00+08:00",
                          "paid": {"cash": "70160.00"}, "paymentMethod": "alipay"},
                "request": {"at": "2026-05-20T18:40:00+08:00", "reason": "business_change"}}"#,
        )
        .unwrap();
        let e = crate::estimate(&input).unwrap();
        let v = e.to_value();
        assert_eq!(
            keys(&v),
            [
                "currency",
                "refund",
                "owed",
                "outcome",
                "lines",
                "credits",
                "destinations",
                "tax",
                "timeline",
                "documents",
                "steps",
                "warnings",
                "policy"
            ]
        );
        assert_eq!(
            keys(first(&v, "lines")),
            ["code", "amount", "label", "detail"]
        );
        assert_eq!(
            keys(first(&v, "destinations")),
            ["to", "method", "amount", "label"]
        );
        assert_eq!(keys(v.get("tax").unwrap()), ["rate", "net", "tax"]);
        let timeline = v.get("timeline").unwrap();
        assert_eq!(
            keys(timeline),
            [
                "approval",
                "businessDays",
                "earliest",
                "latest",
                "phases",
                "summary"
            ]
        );
        assert_eq!(
            keys(first(timeline, "phases")),
            ["code", "label", "businessDays"]
        );
        assert_eq!(keys(first(&v, "documents")), ["code", "label", "detail"]);
        assert_eq!(keys(first(&v, "steps")), ["code", "label", "detail"]);
        assert_eq!(keys(v.get("policy").unwrap()), ["id", "version"]);
        // No usage reported: a warning says so.
        assert_eq!(keys(first(&v, "warnings")), ["code", "message"]);
    }
}
