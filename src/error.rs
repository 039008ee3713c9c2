//! The one error type: every problem found in the input, each with a stable code and the
//! JSON path of the offending field.
//!
//! Validation collects all problems before any arithmetic runs, so an [`Error`] holds a
//! non-empty list. Its `code`, `path` and `message` are those of the first problem, which
//! is what most callers show; `problems()` has them all.

use core::fmt;

/// A stable, machine-readable error code. The string forms (`as_str`) are part of the
/// public contract: pages and the back office branch on them. Add codes; never rename.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The input text is not JSON (CLI and `estimate_json` only).
    InvalidJson,
    /// A required field is absent.
    MissingField,
    /// A field the schema does not know (often a typo; the message suggests the fix).
    UnknownField,
    /// The same key appears twice in one object.
    DuplicateField,
    /// A value has the wrong JSON type (string expected, got a number, …).
    InvalidType,
    /// A money amount is not a plain decimal string, is negative, or is out of range.
    InvalidAmount,
    /// A money amount has more decimals than the currency's minor unit.
    TooPrecise,
    /// A non-money decimal (percent, factor, quantity) is malformed.
    InvalidNumber,
    /// A number is outside its allowed range (percent above 100, absurd quantity, …).
    OutOfRange,
    /// A value is not one of the allowed names.
    InvalidEnum,
    /// A timestamp or date is malformed or does not exist.
    InvalidDate,
    /// The policy's time zone offset is malformed.
    InvalidTimezone,
    /// The currency is not an ISO 4217 code this crate knows.
    UnknownCurrency,
    /// The order names a plan the policy does not have.
    UnknownPlan,
    /// Two plans share an id.
    DuplicatePlan,
    /// The order reports usage for a meter the plan does not have.
    UnknownMeter,
    /// Tiers or schedule steps are not in the required order.
    TiersNotOrdered,
    /// A rule needs plan data that the plan lacks (e.g. a monthly fee on a day-based term).
    IncompleteRule,
    /// The order's end is not after its start.
    EndBeforeStart,
    /// The cancellation instant is before the order started (and the order is no renewal).
    CancelBeforeStart,
    /// A figure became too large to compute exactly.
    Overflow,
    /// The last entry of an error's list: how many more problems were found than the 100
    /// an error lists.
    TooManyErrors,
    /// The JSON text is longer than 16 MiB (the CLI stops reading there).
    InputTooLarge,
    /// A text holds a bidirectional control left open or closing nothing (U+202E, …).
    InvalidText,
}

impl ErrorCode {
    /// The stable string form, e.g. `"invalid_amount"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::DuplicateField => "duplicate_field",
            ErrorCode::InvalidType => "invalid_type",
            ErrorCode::InvalidAmount => "invalid_amount",
            ErrorCode::TooPrecise => "too_precise",
            ErrorCode::InvalidNumber => "invalid_number",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::InvalidEnum => "invalid_enum",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::InvalidTimezone => "invalid_timezone",
            ErrorCode::UnknownCurrency => "unknown_currency",
            ErrorCode::UnknownPlan => "unknown_plan",
            ErrorCode::DuplicatePlan => "duplicate_plan",
            ErrorCode::UnknownMeter => "unknown_meter",
            ErrorCode::TiersNotOrdered => "tiers_not_ordered",
            ErrorCode::IncompleteRule => "incomplete_rule",
            ErrorCode::EndBeforeStart => "end_before_start",
            ErrorCode::CancelBeforeStart => "cancel_before_start",
            ErrorCode::Overflow => "overflow",
            ErrorCode::TooManyErrors => "too_many_errors",
            ErrorCode::InputTooLarge => "input_too_large",
            ErrorCode::InvalidText => "invalid_text",
        }
    }

    /// Every code, for tests that check each one is reachable and documented.
    pub const ALL: [ErrorCode; 24] = [
        ErrorCode::InvalidJson,
        ErrorCode::MissingField,
        ErrorCode::UnknownField,
        ErrorCode::DuplicateField,
        ErrorCode::InvalidType,
        ErrorCode::InvalidAmount,
        ErrorCode::TooPrecise,
        ErrorCode::InvalidNumber,
        ErrorCode::OutOfRange,
        ErrorCode::InvalidEnum,
        ErrorCode::InvalidDate,
        ErrorCode::InvalidTimezone,
        ErrorCode::UnknownCurrency,
        ErrorCode::UnknownPlan,
        ErrorCode::DuplicatePlan,
        ErrorCode::UnknownMeter,
        ErrorCode::TiersNotOrdered,
        ErrorCode::IncompleteRule,
        ErrorCode::EndBeforeStart,
        ErrorCode::CancelBeforeStart,
        ErrorCode::Overflow,
        ErrorCode::TooManyErrors,
        ErrorCode::InputTooLarge,
        ErrorCode::InvalidText,
    ];
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem: what is wrong (`code`), where (`path`, e.g. `plans[2].term.months`), and a
/// lowercase sentence saying what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong: a stable code.
    pub code: ErrorCode,
    /// Where: the JSON path of the offending field, e.g. `order.paid.cash` (empty for the whole input).
    pub path: String,
    /// A lowercase sentence saying what was expected and, where possible, the fix.
    pub message: String,
}

/// Why an estimate could not be made: one or more [`Problem`]s, first one foremost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    first: Problem,
    rest: Vec<Problem>,
}

impl Error {
    pub(crate) fn new(
        code: ErrorCode,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error {
            first: Problem {
                code,
                path: path.into(),
                message: message.into(),
            },
            rest: Vec::new(),
        }
    }

    /// Builds an error from collected problems; `None` when there are none.
    pub(crate) fn from_problems(mut problems: Vec<Problem>) -> Option<Self> {
        if problems.is_empty() {
            return None;
        }
        let first = problems.remove(0);
        Some(Error {
            first,
            rest: problems,
        })
    }

    pub(crate) fn overflow(path: &str) -> Self {
        Error::new(
            ErrorCode::Overflow,
            path,
            "a figure became too large to compute exactly; check the amounts and quantities",
        )
    }

    /// The first problem's code.
    pub fn code(&self) -> ErrorCode {
        self.first.code
    }

    /// The first problem's path.
    pub fn path(&self) -> &str {
        &self.first.path
    }

    /// The first problem's message.
    pub fn message(&self) -> &str {
        &self.first.message
    }

    /// All problems, in the order they were found (document order).
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        core::iter::once(&self.first).chain(self.rest.iter())
    }

    /// How many problems: at least one.
    pub fn len(&self) -> usize {
        self.rest.len().saturating_add(1)
    }

    /// The error of a JSON text given apart from its input and placed at `path` in it (a
    /// policy file read on its own, a refund curve's options): each problem's path starts
    /// with `path`, and a problem with the text itself (`invalid_json`, `input_too_large`)
    /// names `what` ("the --policy file") instead of "the input".
    pub fn within(self, path: &str, what: &str) -> Error {
        let place = |mut p: Problem| {
            if p.code == ErrorCode::TooManyErrors {
                return p;
            }
            p.path = match (p.path.is_empty(), p.path.starts_with('[')) {
                (true, _) => path.to_owned(),
                (false, true) => format!("{path}{}", p.path),
                (false, false) if path.is_empty() => p.path,
                (false, false) => format!("{path}.{}", p.path),
            };
            if let Some(rest) = p.message.strip_prefix("the input ") {
                p.message = format!("{what} {rest}");
            }
            p
        };
        Error {
            first: place(self.first),
            rest: self.rest.into_iter().map(place).collect(),
        }
    }

    /// Never true: an error always has a problem. Present for clippy's `len_without_is_empty`.
    pub fn is_empty(&self) -> bool {
        false
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first.path.is_empty() {
            write!(f, "{}: {}", self.first.code, self.first.message)?;
        } else {
            write!(
                f,
                "{} at {}: {}",
                self.first.code, self.first.path, self.first.message
            )?;
        }
        if !self.rest.is_empty() {
            write!(f, " (and {} more)", self.rest.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The wire form as compact JSON: `{code, path, message, errors: [every problem]}`.
    pub fn to_json(&self) -> String {
        crate::value::ToValue::to_value(self).to_json()
    }
}

impl crate::value::ToValue for Problem {
    fn to_value(&self) -> crate::Value {
        use crate::Value;
        Value::object([
            ("code", Value::str(self.code.as_str())),
            ("path", Value::str(&self.path)),
            ("message", Value::str(&self.message)),
        ])
    }
}

impl crate::value::ToValue for Error {
    fn to_value(&self) -> crate::Value {
        use crate::Value;
        Value::object([
            ("code", Value::str(self.first.code.as_str())),
            ("path", Value::str(&self.first.path)),
            ("message", Value::str(&self.first.message)),
            (
                "errors",
                Value::Array(
                    self.problems()
                        .map(crate::value::ToValue::to_value)
                        .collect(),
                ),
            ),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{s}");
        }
    }

    #[test]
    fn display_names_code_path_and_count() {
        let e = Error::from_problems(vec![
            Problem {
                code: ErrorCode::MissingField,
                path: "order.plan".into(),
                message: "a plan id is required".into(),
            },
            Problem {
                code: ErrorCode::InvalidAmount,
                path: "order.paid.cash".into(),
                message: "x".into(),
            },
        ])
        .unwrap();
        assert_eq!(
            e.to_string(),
            "missing_field at order.plan: a plan id is required (and 1 more)"
        );
        assert_eq!(e.len(), 2);
        assert_eq!(e.path(), "order.plan");
    }
}
