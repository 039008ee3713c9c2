//! The result: what comes back, why, where it lands. Field names are the public contract
//! (design.md); money is a plain decimal string at the currency's minor unit.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax: Option<TaxSplit>,
    pub timeline: Timeline,
    pub documents: Vec<Item>,
    pub steps: Vec<Item>,
    pub warnings: Vec<Warning>,
    pub policy: PolicyRef,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Destination {
    /// `original_method`, `balance`, `account_credit`, `voucher` or `forfeited`.
    pub to: &'static str,
    /// The payment method, for `original_method`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<&'static str>,
    pub amount: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaxSplit {
    /// Percent.
    pub rate: String,
    pub net: String,
    pub tax: String,
}

/// How long the refund takes. Filled from the policy's approval and payout data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
    pub code: &'static str,
    pub label: String,
    pub business_days: [u32; 2],
}

/// A document to prepare or a step to take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub code: &'static str,
    pub label: String,
    /// Longer guidance; may be empty.
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyRef {
    pub id: String,
    pub version: String,
}
