//! What to prepare and what to do: the documents checklist and the five steps of the
//! process (domain.md section 10), from the policy's `documents` and `channels`.
//!
//! A document is listed when its `when` conditions all hold for this request (reason,
//! payment method, invoiced order, refund size). Built-in documents have text in the
//! catalogue (i18n.rs); a policy may add its own codes with a `label`.

use crate::error::ErrorCode;
use crate::i18n::Text;
use crate::order::PaymentMethod;
use crate::read::Reader;
use crate::request::Reason;
use crate::value::Value;
use rust_decimal::Decimal;

#[derive(Clone, Debug, Default)]
pub struct Guidance {
    pub documents: Vec<DocumentRule>,
    pub channels: Vec<Channel>,
}

#[derive(Clone, Debug)]
pub struct DocumentRule {
    pub code: String,
    pub label: Option<Text>,
    pub detail: Option<Text>,
    pub when: Condition,
}

/// Every given condition must hold; an empty condition always holds.
#[derive(Clone, Debug, Default)]
pub struct Condition {
    pub reasons: Vec<Reason>,
    pub payment_methods: Vec<PaymentMethod>,
    pub invoiced: Option<bool>,
    pub min_refund: Option<Decimal>,
    /// Where some of the money lands: `original_method`, `balance`, `account_credit`, …
    pub destinations: Vec<&'static str>,
    /// Whether the original payment method can still take refunds (`order.paymentMethodValid`).
    pub payment_method_valid: Option<bool>,
}

/// The facts a condition is checked against.
pub(crate) struct Situation {
    pub reason: Reason,
    pub payment_method: PaymentMethod,
    pub invoiced: bool,
    pub refund: Decimal,
    /// The `to` codes of the destinations that receive money.
    pub destinations: Vec<&'static str>,
    pub payment_method_valid: bool,
}

impl Condition {
    pub(crate) fn holds(&self, s: &Situation) -> bool {
        (self.reasons.is_empty() || self.reasons.contains(&s.reason))
            && (self.payment_methods.is_empty() || self.payment_methods.contains(&s.payment_method))
            && self.invoiced.map_or(true, |i| i == s.invoiced)
            && self.min_refund.map_or(true, |m| s.refund >= m)
            && (self.destinations.is_empty()
                || self.destinations.iter().any(|d| s.destinations.contains(d)))
            && self
                .payment_method_valid
                .map_or(true, |v| v == s.payment_method_valid)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelKind {
    Hotline,
    OnlineChat,
    EmailTicket,
    AccountManager,
}

impl ChannelKind {
    pub const NAMES: [(&'static str, ChannelKind); 4] = [
        ("hotline", ChannelKind::Hotline),
        ("online_chat", ChannelKind::OnlineChat),
        ("email_ticket", ChannelKind::EmailTicket),
        ("account_manager", ChannelKind::AccountManager),
    ];
}

#[derive(Clone, Debug)]
pub struct Channel {
    pub kind: ChannelKind,
    /// How to reach it: a number, an address, a console path.
    pub contact: Text,
}

/// The built-in checklist, used when a policy has no `documents` section.
pub(crate) fn default_documents() -> Vec<DocumentRule> {
    let rule = |code: &str, when: Condition| DocumentRule {
        code: code.into(),
        label: None,
        detail: None,
        when,
    };
    let reasons = |r: &[Reason]| Condition {
        reasons: r.to_vec(),
        ..Condition::default()
    };
    vec![
        rule("account_screenshot", Condition::default()),
        rule("bill_screenshot", Condition::default()),
        rule(
            "invoice_reversal",
            Condition {
                invoiced: Some(true),
                ..Condition::default()
            },
        ),
        rule("fault_evidence", reasons(&[Reason::ProviderFault])),
        rule(
            "communication_records",
            reasons(&[Reason::ProviderFault, Reason::Dissatisfied]),
        ),
        rule("duplicate_orders", reasons(&[Reason::DuplicatePurchase])),
        // Bank details matter only when money actually goes back by wire.
        rule(
            "bank_details",
            Condition {
                payment_methods: vec![PaymentMethod::BankTransfer],
                destinations: vec!["original_method"],
                ..Condition::default()
            },
        ),
    ]
}

pub(crate) fn read_documents(r: &mut Reader, v: &Value) -> Option<Vec<DocumentRule>> {
    let rules = r.array(v, |r, v| {
        let mut o = r.object(v)?;
        let code = o.required(r, "code", Reader::string);
        let label = o.optional(r, "label", crate::i18n::read_text);
        let detail = o.optional(r, "detail", crate::i18n::read_text);
        let when = o.optional(r, "when", read_condition).unwrap_or_default();
        o.finish(r);
        let code = code?;
        if label.is_none() && crate::i18n::document_text(&code, crate::i18n::Locale::En).is_none() {
            r.at("label", |r| {
                r.report(
                    ErrorCode::MissingField,
                    format!(
                        "\"{code}\" is not a built-in document: give it a \"label\" (built-in: {})",
                        crate::i18n::DOCUMENT_CODES.join(", ")
                    ),
                )
            });
        }
        Some(DocumentRule {
            code,
            label,
            detail,
            when,
        })
    })?;
    for (i, d) in rules.iter().enumerate() {
        if rules.iter().take(i).any(|e| e.code == d.code) {
            r.at_index(i, |r| {
                r.at("code", |r| {
                    r.report(
                        ErrorCode::DuplicateField,
                        format!("document \"{}\" is listed twice", d.code),
                    )
                })
            });
        }
    }
    Some(rules)
}

pub(crate) fn read_condition(r: &mut Reader, v: &Value) -> Option<Condition> {
    let mut o = r.object(v)?;
    let reasons = o.optional(r, "reasons", |r, v| {
        r.array(v, |r, v| r.one_of(v, &Reason::NAMES))
    });
    let payment_methods = o.optional(r, "paymentMethods", |r, v| {
        r.array(v, |r, v| r.one_of(v, &PaymentMethod::NAMES))
    });
    let invoiced = o.optional(r, "invoiced", Reader::boolean);
    let min_refund = o.optional(r, "minRefund", |r, v| r.amount(v, None));
    let destinations = o.optional(r, "destinations", |r, v| {
        r.array(v, |r, v| r.one_of(v, &DESTINATIONS))
    });
    let payment_method_valid = o.optional(r, "paymentMethodValid", Reader::boolean);
    o.finish(r);
    Some(Condition {
        reasons: reasons.unwrap_or_default(),
        payment_methods: payment_methods.unwrap_or_default(),
        invoiced,
        min_refund,
        destinations: destinations.unwrap_or_default(),
        payment_method_valid,
    })
}

/// Destination codes a document condition may name.
const DESTINATIONS: [(&str, &str); 4] = [
    ("original_method", "original_method"),
    ("balance", "balance"),
    ("account_credit", "account_credit"),
    ("voucher", "voucher"),
];

pub(crate) fn read_channels(r: &mut Reader, v: &Value) -> Option<Vec<Channel>> {
    r.array(v, |r, v| {
        let mut o = r.object(v)?;
        let kind = o.required(r, "kind", |r, v| r.one_of(v, &ChannelKind::NAMES));
        let contact = o.required(r, "contact", crate::i18n::read_text);
        o.finish(r);
        Some(Channel {
            kind: kind?,
            contact: contact?,
        })
    })
}
