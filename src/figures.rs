//! The figures of an estimate without its words: what a prepared order's
//! [`at`](crate::PreparedOrder::at) returns, for a page that moves the cancellation instant
//! (a slider, a date typed) and shows the refund and its breakdown.

use crate::estimate::Outcome;
use crate::write::{json_text, write_list, Json, JsonObject, WriteJson};

/// The refund, what is owed, the outcome and each line's code and amount: the same strings
/// as the [`Estimate`](crate::Estimate) for the same input, without the texts, the
/// destinations, the timeline or the guidance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    /// What comes back (as [`Estimate::refund`](crate::Estimate::refund)).
    pub refund: String,
    /// What leaving costs on top (as [`Estimate::owed`](crate::Estimate::owed)).
    pub owed: String,
    /// Full, partial, none or ineligible.
    pub outcome: Outcome,
    /// The breakdown's codes and signed amounts, in the estimate's order.
    pub lines: Vec<LineFigure>,
}

/// One line of the breakdown, without its label and detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineFigure {
    /// Stable code, e.g. `consumed` (as [`Line::code`](crate::Line::code)).
    pub code: &'static str,
    /// Signed amount (as [`Line::amount`](crate::Line::amount)).
    pub amount: String,
}

impl Figures {
    /// The figures of a whole estimate.
    pub fn of(estimate: &crate::Estimate) -> Figures {
        Figures {
            refund: estimate.refund.clone(),
            owed: estimate.owed.clone(),
            outcome: estimate.outcome,
            lines: estimate
                .lines
                .iter()
                .map(|l| LineFigure {
                    code: l.code,
                    amount: l.amount.clone(),
                })
                .collect(),
        }
    }

    /// `{refund, owed, outcome, lines: [{code, amount}]}` as compact JSON, the members in
    /// the order of the estimate's.
    pub fn to_json(&self) -> String {
        json_text(self, 256)
    }
}

impl WriteJson for Figures {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("refund", &self.refund)
            .str("owed", &self.owed)
            .str("outcome", self.outcome.as_str());
        write_list(o.key("lines"), &self.lines);
        o.end();
    }
}

impl WriteJson for LineFigure {
    fn write_json(&self, out: &mut Json) {
        let mut o = JsonObject::start(out);
        o.str("code", self.code).str("amount", &self.amount);
        o.end();
    }
}
