//! What a Rust back office reads beside the JSON contract: every money field of the outputs
//! as an exact [`Decimal`] (the strings stay the contract), and a validated [`Policy`]'s
//! identity through accessors (its model is the engine's own, not public API).

use crate::error::{Error, ErrorCode};
use crate::estimate::{Destination, Estimate, Line, TaxSplit};
use crate::figures::{Figures, LineFigure};
use crate::i18n::Locale;
use crate::policy::Policy;
use crate::whatif::{Best, Breakpoint, ComparisonRow, Point};
use rust_decimal::Decimal;

/// A money string of an output as a Decimal. The engine writes only plain decimal strings;
/// a field changed by hand to something else is an `invalid_amount` error at `field`.
fn decimal(text: &str, field: &str) -> Result<Decimal, Error> {
    Decimal::from_str_exact(text).map_err(|_| {
        Error::new(
            ErrorCode::InvalidAmount,
            field,
            format!("expected a decimal string like \"7.50\", got {text:?}"),
        )
    })
}

/// `Decimal` accessors for money fields: `field => method`, the field's JSON name for errors.
macro_rules! decimal_accessors {
    ($($type:ty { $($field:ident ($json:literal) => $method:ident),+ $(,)? })+) => {$(
        impl $type {
            $(
                #[doc = concat!("`", stringify!($field), "` as an exact [`Decimal`]. `Err` (`invalid_amount` at `",
                    $json, "`) only when the field was changed to something other than a decimal string.")]
                pub fn $method(&self) -> Result<Decimal, Error> {
                    decimal(&self.$field, $json)
                }
            )+
        }
    )+};
}

decimal_accessors! {
    Estimate { refund ("refund") => refund_decimal, owed ("owed") => owed_decimal }
    Line { amount ("amount") => amount_decimal }
    Figures { refund ("refund") => refund_decimal, owed ("owed") => owed_decimal }
    LineFigure { amount ("amount") => amount_decimal }
    Destination { amount ("amount") => amount_decimal }
    TaxSplit { rate ("rate") => rate_decimal, net ("net") => net_decimal, tax ("tax") => tax_decimal }
    Point { refund ("refund") => refund_decimal, owed ("owed") => owed_decimal }
    Best { refund ("refund") => refund_decimal }
    Breakpoint {
        before ("before") => before_decimal,
        after ("after") => after_decimal,
        owed_before ("owedBefore") => owed_before_decimal,
        owed_after ("owedAfter") => owed_after_decimal,
    }
    ComparisonRow {
        paid_up_front ("paidUpFront") => paid_up_front_decimal,
        total_paid ("totalPaid") => total_paid_decimal,
        refund ("refund") => refund_decimal,
        owed ("owed") => owed_decimal,
        net_cost ("netCost") => net_cost_decimal,
        net_cost_per_month ("netCostPerMonth") => net_cost_per_month_decimal,
    }
}

impl Policy {
    /// The policy's `id` (for the back office; customers see its name).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The policy's `version`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The ISO 4217 code of every amount, e.g. `"CNY"`.
    pub fn currency(&self) -> &'static str {
        self.currency.code()
    }

    /// The name customers know the policy by, in `locale` (English where the policy gives
    /// no Chinese); `None` when the policy has no `name`.
    pub fn name(&self, locale: Locale) -> Option<&str> {
        self.name.as_ref().map(|name| name.get(locale))
    }

    /// The ids of the policy's plans, in its order.
    pub fn plan_ids(&self) -> impl Iterator<Item = &str> {
        self.plans.iter().map(|plan| plan.id.as_str())
    }

    /// A plan's name in `locale`; `None` for an id the policy does not have.
    pub fn plan_name(&self, plan: &str, locale: Locale) -> Option<&str> {
        self.plan(plan).map(|p| p.name.get(locale))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::{estimate, validate_policy, ErrorCode, Locale, Value, DEFAULT_POLICY_JSON};
    use rust_decimal::Decimal;

    #[test]
    fn a_policys_identity_through_accessors() {
        let policy = validate_policy(&Value::parse(DEFAULT_POLICY_JSON).unwrap()).unwrap();
        assert_eq!(policy.currency(), "CNY");
        assert_eq!(policy.minor_unit(), 2);
        assert!(!policy.id().is_empty());
        assert!(!policy.version().is_empty());
        assert!(policy.plan_ids().any(|id| id == "annual-100m"));
        assert_ne!(
            policy.plan_name("annual-100m", Locale::En),
            policy.plan_name("annual-100m", Locale::ZhCn)
        );
        assert_eq!(policy.plan_name("no-such-plan", Locale::En), None);
    }

    #[test]
    fn money_as_decimals_sums_like_the_strings() {
        let input = Value::parse(
            r#"{"order": {"plan": "annual-100m", "start": "2026-01-15", "paid": {"cash": "70160.00"}},
                "request": {"at": "2026-05-20"}}"#,
        )
        .unwrap();
        let mut e = estimate(&input).unwrap();
        let sum: Decimal = e.lines.iter().map(|l| l.amount_decimal().unwrap()).sum();
        assert_eq!(sum, e.refund_decimal().unwrap());
        assert_eq!(e.refund_decimal().unwrap().to_string(), e.refund);
        assert_eq!(e.owed_decimal().unwrap(), Decimal::ZERO);
        e.refund = "12,000.00".to_owned();
        let error = e.refund_decimal().unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidAmount);
        assert_eq!(error.path(), "refund");
    }
}
