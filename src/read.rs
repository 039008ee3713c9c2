//! Reading a [`Value`] into typed input while collecting every problem with its path.
//!
//! A [`Reader`] keeps the current JSON path as a string stack (`plans[2].term.months`) and a
//! list of problems. Typed readers return `None` after recording a problem, so a caller
//! reads every field, then builds its struct only if nothing was wrong. [`Obj`] tracks which
//! keys were read, so unknown keys are reported (with a "did you mean" when close).

use crate::error::{Error, ErrorCode, Problem};
use crate::money;
use crate::value::{Number, Value};
use rust_decimal::Decimal;

/// The largest money amount accepted anywhere: one quadrillion. Far beyond any order, and
/// low enough that products of amounts, quantities and percents cannot overflow a Decimal.
pub(crate) const MAX_AMOUNT: Decimal = Decimal::from_parts(0xa4c6_8000, 0x3_8d7e, 0, false, 0); // 10^15
/// The largest quantity (GB, minutes, …) and the largest unit price: 10^12.
pub(crate) const MAX_QUANTITY: Decimal = Decimal::from_parts(0xd4a5_1000, 0xe8, 0, false, 0); // 10^12

/// The longest array accepted anywhere (decades of holidays fit easily). Fields whose
/// items cost work at every point of a refund curve have smaller limits (src/policy.rs).
pub(crate) const MAX_ITEMS: usize = 10_000;

/// The most problems an error lists; the rest are counted in one `too_many_errors` entry.
/// Listing them all made a 16 MiB input of unknown keys a 614 MB error.
pub(crate) const MAX_PROBLEMS: usize = 100;

/// The longest message of a problem, in characters: names and values quoted in messages
/// are cut at 40 characters (`shorten`), lists at 10 names (`name_list`); this is the net
/// under both.
const MAX_MESSAGE: usize = 1_000;

pub(crate) struct Reader {
    path: String,
    /// The first [`MAX_PROBLEMS`] distinct problems, in the order they were found.
    problems: Vec<Problem>,
    /// Every problem reported, repeats and those past the limit included.
    reported: usize,
    /// Problems found after the list was full.
    omitted: usize,
    /// Test builds only: what the reader asks for, surveyed to generate the policy schema
    /// (src/schema.rs). Never in the library or the wasm module.
    #[cfg(test)]
    pub(crate) survey: Option<Box<crate::schema::Survey>>,
}

impl Reader {
    pub(crate) fn new() -> Self {
        Reader {
            path: String::new(),
            problems: Vec::new(),
            reported: 0,
            omitted: 0,
            #[cfg(test)]
            survey: None,
        }
    }

    /// The current path (for the survey).
    #[cfg(test)]
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// Records what the reader asks of the value at the current path, when surveying.
    #[cfg(test)]
    fn note(&mut self, shape: impl FnOnce() -> crate::schema::Shape) {
        if let Some(survey) = self.survey.as_mut() {
            survey.note(&self.path, shape());
        }
    }

    /// Whether `v` is the survey's stand-in for a value the input does not have.
    #[cfg(test)]
    fn is_probe(&self, v: &Value) -> bool {
        self.survey.is_some() && core::ptr::eq(v, &crate::schema::PROBE)
    }

    // The generic methods of the reader are thin: each is instantiated once per closure,
    // so their work lives in non-generic helpers (`enter`, `require`, `choose`, …) that
    // exist once in the wasm module.

    /// Runs `f` with `key` appended to the path.
    pub(crate) fn at<R>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.enter(key);
        let out = f(self);
        self.path.truncate(len);
        out
    }

    /// Runs `f` with `[index]` appended to the path.
    pub(crate) fn at_index<R>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.enter_index(index);
        let out = f(self);
        self.path.truncate(len);
        out
    }

    /// Appends `.key` to the path; returns the length to truncate back to.
    #[inline(never)]
    fn enter(&mut self, key: &str) -> usize {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(key);
        len
    }

    #[inline(never)]
    fn enter_index(&mut self, index: usize) -> usize {
        let len = self.path.len();
        self.path.push('[');
        self.path.push_str(&index.to_string());
        self.path.push(']');
        len
    }

    /// Records a problem at the current path.
    pub(crate) fn report(&mut self, code: ErrorCode, message: impl Into<String>) {
        self.report_string(code, message.into());
    }

    /// Keeps the problem unless the same one (code, path and message) is already listed, or
    /// the list is full: then it is only counted. Linear in the problems found, since a
    /// full list is never searched.
    #[inline(never)]
    fn report_string(&mut self, code: ErrorCode, mut message: String) {
        self.reported = self.reported.saturating_add(1);
        if self.is_full() {
            self.omitted = self.omitted.saturating_add(1);
            return;
        }
        if let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE) {
            message.truncate(cut);
            message.push('…');
        }
        let listed = self
            .problems
            .iter()
            .any(|p| p.code == code && p.path == self.path && p.message == message);
        if !listed {
            self.problems.push(Problem {
                code,
                path: self.path.clone(),
                message,
            });
        }
    }

    /// Whether the list of problems is full: later ones are counted, not listed, so a
    /// caller may skip the work of wording them (suggestions, lists of names).
    pub(crate) fn is_full(&self) -> bool {
        self.problems.len() >= MAX_PROBLEMS
    }

    /// How many problems have been reported so far (repeats and those not listed
    /// included): a reader that saw problems inside a section compares counts to refuse the
    /// section as a whole, so that later checks never run against a half-read value (and
    /// report follow-up errors the user did not cause).
    pub(crate) fn problem_count(&self) -> usize {
        self.reported
    }

    /// `Ok(value)` when no problem was recorded, else every problem listed, and a last
    /// `too_many_errors` entry with the count of those that were not.
    pub(crate) fn finish<T>(mut self, value: Option<T>) -> Result<T, Error> {
        if self.omitted > 0 {
            self.problems.push(Problem {
                code: ErrorCode::TooManyErrors,
                path: String::new(),
                message: format!(
                    "{} more problems were found and are not listed (an error lists the first {MAX_PROBLEMS}); fix these and try again",
                    self.omitted
                ),
            });
        }
        match (Error::from_problems(self.problems), value) {
            (Some(e), _) => Err(e),
            (None, Some(v)) => Ok(v),
            // A reader returned None without a problem: a bug, reported rather than hidden.
            (None, None) => Err(Error::new(
                ErrorCode::InvalidType,
                "",
                "the input could not be read; please report this as a bug",
            )),
        }
    }

    pub(crate) fn type_error(&mut self, expected: &str, got: &Value) {
        let message = format!("expected {expected}, got {}", got.kind());
        self.report(ErrorCode::InvalidType, message);
    }

    pub(crate) fn object<'v>(&mut self, v: &'v Value) -> Option<Obj<'v>> {
        // Surveyed: an object with nothing in it, so that every key is asked for.
        #[cfg(test)]
        if self.is_probe(v) {
            self.note(|| crate::schema::Shape::Object);
            return Some(Obj {
                entries: &[],
                used: Vec::new(),
                repeats: Vec::new(),
                known: Vec::new(),
            });
        }
        let Value::Object(entries) = v else {
            self.type_error("an object", v);
            return None;
        };
        // Sorted keys find duplicates in n log n, whatever the object's size.
        let keys = SortedIds::new(entries.iter().map(|(k, _)| k.as_str()));
        let mut reported: Option<&str> = None;
        for pair in keys.sorted.windows(2) {
            if let [(a, _), (b, _)] = pair {
                if a == b && reported != Some(*a) {
                    reported = Some(*a);
                    self.at(&cut(a), |r| {
                        r.report(
                            ErrorCode::DuplicateField,
                            "this key appears more than once; keep one",
                        )
                    });
                }
            }
        }
        Some(Obj {
            entries,
            used: vec![false; entries.len()],
            repeats: keys.repeats(),
            known: Vec::new(),
        })
    }

    /// Reads an array of at most [`MAX_ITEMS`], calling `item` for each element at
    /// `path[i]`.
    pub(crate) fn array<T>(
        &mut self,
        v: &Value,
        item: impl FnMut(&mut Self, &Value) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.array_of_at_most(v, MAX_ITEMS, item)
    }

    /// Reads an array of at most `max` items (a field whose every item costs work at each
    /// point of a refund curve has a limit of its own: docs/policy.md, "Limits").
    pub(crate) fn array_of_at_most<T>(
        &mut self,
        v: &Value,
        max: usize,
        mut item: impl FnMut(&mut Self, &Value) -> Option<T>,
    ) -> Option<Vec<T>> {
        let items = self.items(v, max)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, value) in items.iter().enumerate() {
            match self.at_index(i, |r| item(r, value)) {
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// The elements of an array of at most `max` items.
    #[inline(never)]
    fn items<'v>(&mut self, v: &'v Value, max: usize) -> Option<&'v [Value]> {
        // Surveyed: one item, itself a probe.
        #[cfg(test)]
        if self.is_probe(v) {
            self.note(|| crate::schema::Shape::Array { max });
            return Some(core::slice::from_ref(&crate::schema::PROBE));
        }
        let Value::Array(items) = v else {
            self.type_error("an array", v);
            return None;
        };
        if items.len() > max {
            self.report(
                ErrorCode::OutOfRange,
                format!("expected at most {max} items, got {}", items.len()),
            );
            return None;
        }
        Some(items)
    }

    /// A non-empty string, without bidirectional controls left open or closing nothing
    /// (`invalid_text`): an unterminated U+202E in a plan name reversed the digits the
    /// engine's sentences put after it ("31 days" displayed as "13 days").
    pub(crate) fn string(&mut self, v: &Value) -> Option<String> {
        #[cfg(test)]
        self.note(|| crate::schema::Shape::String);
        match v {
            Value::String(s) if !s.trim().is_empty() => {
                if let Some(problem) = unpaired_bidi(s) {
                    self.report(ErrorCode::InvalidText, problem);
                    return None;
                }
                Some(s.clone())
            }
            Value::String(_) => {
                self.report(ErrorCode::InvalidType, "expected a non-empty string");
                None
            }
            other => {
                self.type_error("a string", other);
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, v: &Value) -> Option<bool> {
        #[cfg(test)]
        self.note(|| crate::schema::Shape::Boolean);
        match v {
            Value::Bool(b) => Some(*b),
            other => {
                self.type_error("true or false", other);
                None
            }
        }
    }

    /// A whole number in `0..=max`.
    pub(crate) fn count(&mut self, v: &Value, max: u32) -> Option<u32> {
        self.count_in(v, 0, max)
    }

    /// A whole number in `min..=max`; the message states that range.
    pub(crate) fn count_in(&mut self, v: &Value, min: u32, max: u32) -> Option<u32> {
        #[cfg(test)]
        self.note(|| crate::schema::Shape::Integer { min, max });
        match v {
            Value::Number(Number::Int(i)) => match u32::try_from(*i) {
                Ok(n) if (min..=max).contains(&n) => Some(n),
                _ => {
                    self.report(
                        ErrorCode::OutOfRange,
                        format!("expected a whole number from {min} to {max}, got {i}"),
                    );
                    None
                }
            },
            Value::Number(Number::Fraction) => {
                self.report(
                    ErrorCode::InvalidNumber,
                    format!("expected a whole number from {min} to {max}, got a fraction"),
                );
                None
            }
            // Whole numbers are bare JSON integers (decimals, which may not be exact as JSON
            // numbers, are strings): say so when the digits came quoted.
            Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                self.report(
                    ErrorCode::InvalidType,
                    format!(
                        "expected a whole number written without quotes, like {}, got the string \"{}\"",
                        shorten(s),
                        shorten(s)
                    ),
                );
                None
            }
            other => {
                self.type_error("a whole number (a JSON integer, without quotes)", other);
                None
            }
        }
    }

    /// A decimal written as a string (`"7.5"`) or a JSON integer. Floats are refused: they
    /// cannot carry exact money. `kind` names what the field holds in messages, with an
    /// example of its own ("a percent like \"12.5\"").
    fn raw_decimal(&mut self, v: &Value, code: ErrorCode, kind: Kind) -> Option<Decimal> {
        let (what, example) = kind.words();
        match v {
            Value::String(s) => match parse_decimal(s) {
                Some(d) => Some(d),
                None if is_plain_decimal(s) => {
                    self.report(
                        code,
                        format!(
                            "\"{}\" has too many digits: at most 28 significant digits are kept exactly",
                            shorten(s)
                        ),
                    );
                    None
                }
                None => {
                    let hint = if s.trim_end().ends_with('%') {
                        " (without the % sign)"
                    } else {
                        ""
                    };
                    self.report(
                        code,
                        format!(
                            "expected {what} written as a plain decimal like \"{example}\"{hint}, got \"{}\"",
                            shorten(s)
                        ),
                    );
                    None
                }
            },
            Value::Number(Number::Int(i)) => Some(Decimal::from(*i)),
            Value::Number(Number::Fraction) => {
                self.report(
                    code,
                    format!("expected {what} as a decimal string like \"{example}\"; numbers with a fraction lose precision as JSON numbers"),
                );
                None
            }
            other => {
                self.type_error(
                    &format!("{what} as a decimal string like \"{example}\""),
                    other,
                );
                None
            }
        }
    }

    /// A non-money decimal within `min..=max` (percents, factors, availability).
    pub(crate) fn number(&mut self, v: &Value, min: Decimal, max: Decimal) -> Option<Decimal> {
        self.number_of(v, min, max, Kind::Factor)
    }

    fn number_of(&mut self, v: &Value, min: Decimal, max: Decimal, kind: Kind) -> Option<Decimal> {
        #[cfg(test)]
        self.note(|| crate::schema::Shape::Decimal {
            min,
            max,
            example: kind.words().1,
        });
        let d = self.raw_decimal(v, ErrorCode::InvalidNumber, kind)?;
        if d < min || d > max {
            self.report(
                ErrorCode::OutOfRange,
                format!(
                    "expected a value from {} to {}, got {}",
                    money::plain(min),
                    money::plain(max),
                    money::plain(d)
                ),
            );
            return None;
        }
        Some(d)
    }

    pub(crate) fn percent(&mut self, v: &Value) -> Option<Decimal> {
        self.number_of(v, Decimal::ZERO, Decimal::ONE_HUNDRED, Kind::Percent)
    }

    /// A non-negative quantity or unit price, up to [`MAX_QUANTITY`]; any precision.
    pub(crate) fn quantity(&mut self, v: &Value) -> Option<Decimal> {
        self.number_of(v, Decimal::ZERO, MAX_QUANTITY, Kind::Quantity)
    }

    /// A non-negative money amount up to [`MAX_AMOUNT`]. With `minor_unit`, more decimals
    /// than the currency has are refused (`too_precise`): money paid has no sub-cent part.
    pub(crate) fn amount(&mut self, v: &Value, minor_unit: Option<u32>) -> Option<Decimal> {
        #[cfg(test)]
        self.note(|| crate::schema::Shape::Decimal {
            min: Decimal::ZERO,
            max: MAX_AMOUNT,
            example: Kind::Money.words().1,
        });
        let d = self.raw_decimal(v, ErrorCode::InvalidAmount, Kind::Money)?;
        if d.is_sign_negative() && !d.is_zero() {
            self.report(
                ErrorCode::InvalidAmount,
                format!(
                    "expected an amount of zero or more, got {}",
                    money::plain(d)
                ),
            );
            return None;
        }
        if d > MAX_AMOUNT {
            self.report(
                ErrorCode::InvalidAmount,
                "expected an amount of at most 1000000000000000 (10^15)",
            );
            return None;
        }
        if let Some(minor) = minor_unit {
            if d.normalize().scale() > minor {
                self.report(
                    ErrorCode::TooPrecise,
                    format!(
                        "expected at most {minor} decimals for this currency, got {}",
                        money::plain(d)
                    ),
                );
                return None;
            }
        }
        Some(d)
    }

    /// One of a fixed set of names.
    pub(crate) fn one_of<T: Copy>(&mut self, v: &Value, options: &[(&str, T)]) -> Option<T> {
        let index = self.choose(v, &|i| options.get(i).map(|(name, _)| *name))?;
        options.get(index).map(|(_, t)| *t)
    }

    /// The index of the name `v` holds, or a problem reported with the nearest name. The
    /// names are `name(0)`, `name(1)`, … up to the first `None`: no list is built unless the
    /// value is not one of them.
    #[inline(never)]
    fn choose<'n>(&mut self, v: &Value, name: &dyn Fn(usize) -> Option<&'n str>) -> Option<usize> {
        // Surveyed: the names, and the choice of this pass (every name in turn, over the
        // passes, so that what each choice reads is asked for too).
        #[cfg(test)]
        if let Some(survey) = self.survey.as_mut() {
            let names: Vec<String> = (0..).map_while(name).map(str::to_owned).collect();
            let choice = survey.choice.min(names.len().saturating_sub(1));
            survey.note(&self.path, crate::schema::Shape::Enum(names));
            if self.is_probe(v) {
                return Some(choice);
            }
        }
        let Value::String(s) = v else {
            self.type_error("a string", v);
            return None;
        };
        let names = || (0..).map_while(name);
        if let Some(index) = names().position(|n| n == s) {
            return Some(index);
        }
        let names: Vec<&str> = names().collect();
        let hint = match suggest(s, &names) {
            Some(best) => format!("; did you mean \"{best}\"?"),
            None => String::new(),
        };
        self.report(
            ErrorCode::InvalidEnum,
            format!(
                "expected one of {}, got \"{}\"{hint}",
                names.join(", "),
                shorten(s)
            ),
        );
        None
    }
}

/// What a decimal field holds, for the words and the example of its messages.
#[derive(Clone, Copy)]
enum Kind {
    Money,
    Percent,
    Quantity,
    /// A factor or another plain number.
    Factor,
}

impl Kind {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Kind::Money => ("an amount", "1200.50"),
            Kind::Percent => ("a percent", "12.5"),
            Kind::Quantity => ("a quantity", "1200"),
            Kind::Factor => ("a number", "1.5"),
        }
    }
}

/// A plain decimal by its shape (optional minus, digits, optional fraction), whether or
/// not a Decimal can hold it: to say "too many digits" rather than "not a decimal".
fn is_plain_decimal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && all_digits(frac)
}

/// An object being read: remembers which keys were asked for.
pub(crate) struct Obj<'v> {
    entries: &'v [(String, Value)],
    used: Vec<bool>,
    /// The entries whose key an earlier entry has: reported as duplicates once, and not
    /// again as unknown fields.
    repeats: Vec<bool>,
    known: Vec<&'static str>,
}

impl<'v> Obj<'v> {
    /// The value at `key`; `null` counts as absent.
    fn get(&mut self, key: &'static str) -> Option<&'v Value> {
        self.known.push(key);
        let entries = self.entries;
        let (i, (_, v)) = entries.iter().enumerate().find(|(_, (k, _))| k == key)?;
        if let Some(u) = self.used.get_mut(i) {
            *u = true;
        }
        (!matches!(v, Value::Null)).then_some(v)
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.entries
            .iter()
            .any(|(k, v)| k == key && !matches!(v, Value::Null))
    }

    pub(crate) fn required<T>(
        &mut self,
        r: &mut Reader,
        key: &'static str,
        read: impl FnOnce(&mut Reader, &'v Value) -> Option<T>,
    ) -> Option<T> {
        #[cfg(test)]
        if let Some(probe) = Obj::surveyed(r, key, true, self.has(key)) {
            return r.at(key, |r| read(r, probe));
        }
        let v = self.require(r, key)?;
        r.at(key, |r| read(r, v))
    }

    /// When surveying: records that `key` is asked for here, and gives the probe to read
    /// when the input does not have it.
    #[cfg(test)]
    fn surveyed(
        r: &mut Reader,
        key: &'static str,
        required: bool,
        given: bool,
    ) -> Option<&'static Value> {
        let path = r.path().to_owned();
        let survey = r.survey.as_mut()?;
        survey.asked(&path, key, required);
        (!given).then_some(&crate::schema::PROBE)
    }

    /// The value at `key`, or a `missing_field` problem.
    #[inline(never)]
    fn require(&mut self, r: &mut Reader, key: &'static str) -> Option<&'v Value> {
        let v = self.get(key);
        if v.is_none() {
            r.at(key, |r| {
                r.report(
                    ErrorCode::MissingField,
                    format!("the field \"{key}\" is required"),
                )
            });
        }
        v
    }

    /// `None` when absent (or invalid, which is recorded).
    pub(crate) fn optional<T>(
        &mut self,
        r: &mut Reader,
        key: &'static str,
        read: impl FnOnce(&mut Reader, &'v Value) -> Option<T>,
    ) -> Option<T> {
        #[cfg(test)]
        if let Some(probe) = Obj::surveyed(r, key, false, self.has(key)) {
            return r.at(key, |r| read(r, probe));
        }
        let v = self.get(key)?;
        r.at(key, |r| read(r, v))
    }

    /// Reports every key that was never asked for, suggesting the nearest known one.
    pub(crate) fn finish(self, r: &mut Reader) {
        for (((key, _), used), repeat) in self.entries.iter().zip(&self.used).zip(&self.repeats) {
            if *used || *repeat || self.known.contains(&key.as_str()) {
                continue;
            }
            if r.is_full() {
                r.report(ErrorCode::UnknownField, String::new());
                continue;
            }
            let hint = match suggest(key, &self.known) {
                Some(best) => format!("; did you mean \"{best}\"?"),
                None => format!(
                    "; known fields: {}",
                    name_list(self.known.iter().copied(), "none")
                ),
            };
            r.at(&cut(key), |r| {
                r.report(
                    ErrorCode::UnknownField,
                    format!("unknown field \"{}\"{hint}", shorten(key)),
                )
            });
        }
    }
}

/// A plain decimal: optional minus, digits, optional fraction. No exponent, no spaces, no
/// thousands separators; what a Decimal holds exactly (a mantissa below 2^96, at most 28
/// decimals), never rounded. Our own few lines: rust_decimal's parser is 6 KB of wasm.
pub(crate) fn parse_decimal(s: &str) -> Option<Decimal> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || !frac.map_or(true, all_digits) || s.len() > 40 {
        return None;
    }
    let frac = frac.unwrap_or_default();
    let mut mantissa: i128 = 0;
    for digit in int.bytes().chain(frac.bytes()) {
        let digit = i128::from(digit.wrapping_sub(b'0'));
        mantissa = mantissa.checked_mul(10)?.checked_add(digit)?;
    }
    if negative {
        mantissa = mantissa.checked_neg()?;
    }
    let scale = u32::try_from(frac.len()).ok()?;
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

/// The longest word or name compared for a suggestion, in characters: a typo in a longer
/// one gets none. Comparing an 800-character plan id with 10,000 others took 18-29 s.
const MAX_SUGGESTED: usize = 64;

/// The closest name within edit distance 2, ignoring ASCII case; the first of the closest.
/// Bounded: names and the word longer than [`MAX_SUGGESTED`] characters are not compared,
/// and each comparison stops as soon as the distance passes 2 (`within_two`).
pub(crate) fn suggest<'a>(word: &str, names: &[&'a str]) -> Option<&'a str> {
    let lower: Vec<char> = word
        .chars()
        .take(MAX_SUGGESTED.saturating_add(1))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if lower.len() > MAX_SUGGESTED {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    let mut name_chars = Vec::with_capacity(MAX_SUGGESTED);
    for name in names {
        name_chars.clear();
        name_chars.extend(
            name.chars()
                .take(MAX_SUGGESTED.saturating_add(1))
                .map(|c| c.to_ascii_lowercase()),
        );
        if name_chars.len() > MAX_SUGGESTED || name_chars.len().abs_diff(lower.len()) > 2 {
            continue;
        }
        if let Some(d) = within_two(&lower, &name_chars) {
            if best.map_or(true, |(b, _)| d < b) {
                best = Some((d, name));
            }
        }
    }
    best.map(|(_, name)| name)
}

/// The edit distance between `a` and `b` when it is at most 2: only the diagonal band of
/// the table within 2 of the main diagonal is filled, so a comparison costs 5 cells a
/// character, and it stops as soon as a whole row is past 2.
fn within_two(a: &[char], b: &[char]) -> Option<usize> {
    const BAND: usize = 2;
    const FAR: usize = BAND + 1;
    // prev[j] is the distance between a[..i] and b[..j], for j within BAND of i.
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(FAR)).collect();
    let mut cur = vec![FAR; b.len().saturating_add(1)];
    for (i, ca) in a.iter().enumerate() {
        let row = i.saturating_add(1);
        let lo = row.saturating_sub(BAND);
        let hi = row.saturating_add(BAND).min(b.len());
        cur.iter_mut().for_each(|c| *c = FAR);
        if lo == 0 {
            if let Some(c) = cur.get_mut(0) {
                *c = row.min(FAR);
            }
        }
        let mut row_min = FAR;
        for j in lo.max(1)..=hi {
            let get = |v: &[usize], k: usize| v.get(k).copied().unwrap_or(FAR);
            let same = b.get(j.saturating_sub(1)) == Some(ca);
            let substitute = get(&prev, j.saturating_sub(1)).saturating_add(usize::from(!same));
            let delete = get(&prev, j).saturating_add(1);
            let insert = get(&cur, j.saturating_sub(1)).saturating_add(1);
            let d = substitute.min(delete).min(insert).min(FAR);
            if let Some(c) = cur.get_mut(j) {
                *c = d;
            }
            row_min = row_min.min(d);
        }
        if lo == 0 {
            row_min = row_min.min(cur.first().copied().unwrap_or(FAR));
        }
        if row_min > BAND {
            return None;
        }
        core::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().filter(|d| *d <= BAND)
}

/// Ids in sorted order with their positions: an id is found in log time, and the ids that
/// repeat an earlier one are found in n log n, where comparing each id with every earlier
/// one took seconds for ten thousand meters or plans.
pub(crate) struct SortedIds<'a> {
    sorted: Vec<(&'a str, usize)>,
}

impl<'a> SortedIds<'a> {
    pub(crate) fn new(ids: impl Iterator<Item = &'a str>) -> Self {
        let mut sorted: Vec<(&'a str, usize)> = ids.enumerate().map(|(i, id)| (id, i)).collect();
        // Equal ids stay in document order: the first one is the one found.
        crate::sort::sort_by(&mut sorted, |a, b| a < b);
        SortedIds { sorted }
    }

    /// The position of the first id equal to `id`.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        let at = self.sorted.partition_point(|(k, _)| *k < id);
        match self.sorted.get(at) {
            Some((k, i)) if *k == id => Some(*i),
            _ => None,
        }
    }

    /// For each position, whether its id appeared at an earlier position.
    pub(crate) fn repeats(&self) -> Vec<bool> {
        let mut out = vec![false; self.sorted.len()];
        for pair in self.sorted.windows(2) {
            if let [(a, _), (b, later)] = pair {
                if a == b {
                    if let Some(flag) = out.get_mut(*later) {
                        *flag = true;
                    }
                }
            }
        }
        out
    }
}

/// How many names a message lists before it says how many more there are.
const LISTED_NAMES: usize = 10;

/// `names` for a message: at most [`LISTED_NAMES`], each shortened, then "and N more";
/// `none` when there is no name. A message never grows with the size of the policy.
pub(crate) fn name_list<'a>(names: impl Iterator<Item = &'a str>, none: &str) -> String {
    let mut out = String::new();
    let mut more = 0usize;
    for (i, name) in names.enumerate() {
        if i >= LISTED_NAMES {
            more = more.saturating_add(1);
            continue;
        }
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&shorten(name));
    }
    if out.is_empty() {
        return none.to_owned();
    }
    if more > 0 {
        out.push_str(&format!(" and {more} more"));
    }
    out
}

/// The first bidirectional control of `s` left open at its end, or closing nothing, as a
/// message. Embeddings and overrides (U+202A, U+202B, U+202D, U+202E) close with U+202C;
/// isolates (U+2066 to U+2068) with U+2069, nested as UAX #9 nests them.
fn unpaired_bidi(s: &str) -> Option<String> {
    // Every control is three bytes starting 0xE2: most strings are skipped at once.
    if !s.as_bytes().contains(&0xE2) {
        return None;
    }
    let name = |c: char| match c {
        '\u{202A}' => "U+202A (left-to-right embedding)",
        '\u{202B}' => "U+202B (right-to-left embedding)",
        '\u{202C}' => "U+202C (pop directional formatting)",
        '\u{202D}' => "U+202D (left-to-right override)",
        '\u{202E}' => "U+202E (right-to-left override)",
        '\u{2066}' => "U+2066 (left-to-right isolate)",
        '\u{2067}' => "U+2067 (right-to-left isolate)",
        '\u{2068}' => "U+2068 (first strong isolate)",
        _ => "U+2069 (pop directional isolate)",
    };
    // The open controls, innermost last, with their character positions.
    let mut open: Vec<(char, usize)> = Vec::new();
    for (position, c) in s.chars().enumerate() {
        let at = position.saturating_add(1);
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' | '\u{2066}' | '\u{2067}' | '\u{2068}' => {
                open.push((c, at));
            }
            '\u{202C}' => match open.last() {
                Some((opener, _)) if !matches!(opener, '\u{2066}'..='\u{2068}') => {
                    open.pop();
                }
                _ => {
                    return Some(format!(
                        "the text has {} at character {at} with no embedding or override to close: remove it",
                        name(c)
                    ))
                }
            },
            '\u{2069}' => {
                // Closes the innermost isolate, and the embeddings opened inside it.
                match open.iter().rposition(|(o, _)| matches!(o, '\u{2066}'..='\u{2068}')) {
                    Some(i) => open.truncate(i),
                    None => {
                        return Some(format!(
                            "the text has {} at character {at} with no isolate to close: remove it",
                            name(c)
                        ))
                    }
                }
            }
            _ => {}
        }
    }
    let (c, at) = open.first()?;
    let close = if matches!(c, '\u{2066}'..='\u{2068}') {
        "U+2069"
    } else {
        "U+202C"
    };
    Some(format!(
        "the text has {} at character {at} that is never closed, so it would reorder what a sentence puts after the text: close it with {close} or remove it",
        name(*c)
    ))
}

/// Whether `c` is of a right-to-left script, or a bidirectional control or mark: what
/// could reorder the text around a string that holds it.
fn turns_direction(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}')
}

/// A policy's or a host's string as it goes into a generated sentence: inside U+2068 (first
/// strong isolate) and U+2069 when it holds right-to-left letters or bidirectional
/// controls, so that it cannot reorder the words and figures around it. A string of
/// left-to-right and neutral characters alone shows the same either way in the engine's
/// English and Chinese sentences, and is left as it is.
pub(crate) fn isolate(s: &str) -> String {
    if s.chars().any(turns_direction) {
        format!("\u{2068}{s}\u{2069}")
    } else {
        s.to_owned()
    }
}

/// Long user strings are cut in messages so an error never echoes a megabyte back.
/// Isolated (`isolate`) when it holds right-to-left text or bidirectional controls, so
/// that a message quoting it reads in order.
pub(crate) fn shorten(s: &str) -> String {
    isolate(&cut(s))
}

/// The first 40 characters of `s`, and "…" when there were more: a key in a path.
pub(crate) fn cut(s: &str) -> String {
    const LIMIT: usize = 40;
    let mut head: String = s.chars().take(LIMIT).collect();
    if s.chars().nth(LIMIT).is_some() {
        head.push('…');
    }
    head
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn limits_are_powers_of_ten() {
        assert_eq!(MAX_AMOUNT, Decimal::from_str("1000000000000000").unwrap());
        assert_eq!(MAX_QUANTITY, Decimal::from_str("1000000000000").unwrap());
    }

    #[test]
    fn plain_decimals_only() {
        assert_eq!(
            parse_decimal("12000.50"),
            Some(Decimal::from_str("12000.50").unwrap())
        );
        assert_eq!(parse_decimal("-3"), Some(Decimal::from(-3)));
        for bad in [
            "", "-", "1.", ".5", "1e3", "1,000", " 1", "+1", "0x10", "1.2.3", "NaN",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        // 28 decimals fit; a 29th cannot be held exactly and is refused, not rounded.
        assert!(parse_decimal("1.0000000000000000000000000001").is_some());
        assert_eq!(parse_decimal("1.00000000000000000000000000001"), None);
        // The largest mantissa a Decimal holds, and one more.
        assert_eq!(
            parse_decimal("79228162514264337593543950335"),
            Some(Decimal::MAX)
        );
        assert_eq!(parse_decimal("79228162514264337593543950336"), None);
        assert_eq!(parse_decimal("-0.00"), Some(Decimal::new(0, 2)));
        // Everything else as rust_decimal's exact parser reads it: digit strings of every
        // length up to 39, with the point anywhere, signed or not.
        let digits = "8070450532247928166237493570395483615";
        for len in 1..=digits.len() {
            let text = &digits[..len];
            for point in 0..len {
                for sign in ["", "-"] {
                    let s = if point == 0 {
                        format!("{sign}{text}")
                    } else {
                        format!("{sign}{}.{}", &text[..point], &text[point..])
                    };
                    assert_eq!(parse_decimal(&s), Decimal::from_str_exact(&s).ok(), "{s}");
                }
            }
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("setupfee", &["setupFee", "paid"]), Some("setupFee"));
        assert_eq!(suggest("piad", &["setupFee", "paid"]), Some("paid"));
        assert_eq!(suggest("zzzzzz", &["setupFee", "paid"]), None);
        // The first of the closest; an exact match in another case is the closest.
        assert_eq!(suggest("paix", &["pain", "paid", "PAIX"]), Some("PAIX"));
        assert_eq!(suggest("paix", &["pain", "paid"]), Some("pain"));
        // Words and names past 64 characters are not compared.
        let long = "x".repeat(65);
        assert_eq!(suggest(&long, &[&"x".repeat(64)]), None);
        assert_eq!(
            suggest(&"x".repeat(63), &[&long, &"x".repeat(64)]),
            Some(&*"x".repeat(64))
        );
    }

    /// The banded comparison gives the full table's distance whenever it is at most 2.
    #[test]
    fn the_band_agrees_with_the_whole_table() {
        fn full(a: &[char], b: &[char]) -> usize {
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.iter().enumerate() {
                let mut cur = vec![i + 1];
                for (j, cb) in b.iter().enumerate() {
                    cur.push(
                        (prev[j] + usize::from(ca != cb))
                            .min(prev[j + 1] + 1)
                            .min(cur[j] + 1),
                    );
                }
                prev = cur;
            }
            prev[b.len()]
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..20_000 {
            let word = |next: &mut dyn FnMut(u64) -> u64| -> Vec<char> {
                let len = next(7);
                (0..len).map(|_| char::from(b'a' + next(3) as u8)).collect()
            };
            let (a, b) = (word(&mut next), word(&mut next));
            let d = full(&a, &b);
            assert_eq!(within_two(&a, &b), (d <= 2).then_some(d), "{a:?} {b:?}");
        }
    }

    #[test]
    fn paths_nest_and_unwind() {
        let mut r = Reader::new();
        r.at("plans", |r| {
            r.at_index(2, |r| {
                r.at("term", |r| r.report(ErrorCode::OutOfRange, "x"))
            })
        });
        r.at("currency", |r| r.report(ErrorCode::UnknownCurrency, "y"));
        let e = r.finish::<()>(None).unwrap_err();
        let paths: Vec<&str> = e.problems().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["plans[2].term", "currency"]);
    }
}
