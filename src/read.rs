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

pub(crate) struct Reader {
    path: String,
    problems: Vec<Problem>,
}

impl Reader {
    pub(crate) fn new() -> Self {
        Reader {
            path: String::new(),
            problems: Vec::new(),
        }
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

    #[inline(never)]
    fn report_string(&mut self, code: ErrorCode, message: String) {
        self.problems.push(Problem {
            code,
            path: self.path.clone(),
            message,
        });
    }

    /// How many problems have been recorded so far: a reader that saw problems inside a
    /// section compares counts to refuse the section as a whole, so that later checks never
    /// run against a half-read value (and report follow-up errors the user did not cause).
    pub(crate) fn problem_count(&self) -> usize {
        self.problems.len()
    }

    /// `Ok(value)` when no problem was recorded, else every problem.
    pub(crate) fn finish<T>(self, value: Option<T>) -> Result<T, Error> {
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
        let Value::Object(entries) = v else {
            self.type_error("an object", v);
            return None;
        };
        // Sorted keys find duplicates in n log n, whatever the object's size.
        let mut keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        crate::sort::sort_by(&mut keys, |a, b| a < b);
        let mut reported: Option<&str> = None;
        for pair in keys.windows(2) {
            if let [a, b] = pair {
                if a == b && reported != Some(*a) {
                    reported = Some(*a);
                    self.at(&shorten(a), |r| {
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

    pub(crate) fn string(&mut self, v: &Value) -> Option<String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
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
                    "expected a whole number, got a fraction",
                );
                None
            }
            other => {
                self.type_error("a whole number", other);
                None
            }
        }
    }

    /// A decimal written as a string (`"7.5"`) or a JSON integer. Floats are refused: they
    /// cannot carry exact money.
    fn raw_decimal(&mut self, v: &Value, code: ErrorCode) -> Option<Decimal> {
        match v {
            Value::String(s) => match parse_decimal(s) {
                Some(d) => Some(d),
                None => {
                    self.report(
                        code,
                        format!(
                            "expected a plain decimal like \"1200.50\", got \"{}\"",
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
                    "expected a decimal string like \"7.5\"; numbers with a fraction lose precision as JSON numbers",
                );
                None
            }
            other => {
                self.type_error("a decimal string", other);
                None
            }
        }
    }

    /// A non-money decimal within `min..=max` (percents, factors, availability).
    pub(crate) fn number(&mut self, v: &Value, min: Decimal, max: Decimal) -> Option<Decimal> {
        let d = self.raw_decimal(v, ErrorCode::InvalidNumber)?;
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
        self.number(v, Decimal::ZERO, Decimal::ONE_HUNDRED)
    }

    /// A non-negative quantity or unit price, up to [`MAX_QUANTITY`]; any precision.
    pub(crate) fn quantity(&mut self, v: &Value) -> Option<Decimal> {
        self.number(v, Decimal::ZERO, MAX_QUANTITY)
    }

    /// A non-negative money amount up to [`MAX_AMOUNT`]. With `minor_unit`, more decimals
    /// than the currency has are refused (`too_precise`): money paid has no sub-cent part.
    pub(crate) fn amount(&mut self, v: &Value, minor_unit: Option<u32>) -> Option<Decimal> {
        let d = self.raw_decimal(v, ErrorCode::InvalidAmount)?;
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

/// An object being read: remembers which keys were asked for.
pub(crate) struct Obj<'v> {
    entries: &'v [(String, Value)],
    used: Vec<bool>,
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
        let v = self.require(r, key)?;
        r.at(key, |r| read(r, v))
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
        let v = self.get(key)?;
        r.at(key, |r| read(r, v))
    }

    /// Reports every key that was never asked for, suggesting the nearest known one.
    pub(crate) fn finish(self, r: &mut Reader) {
        for ((key, _), used) in self.entries.iter().zip(&self.used) {
            if *used || self.known.contains(&key.as_str()) {
                continue;
            }
            let hint = match suggest(key, &self.known) {
                Some(best) => format!("; did you mean \"{best}\"?"),
                None => format!("; known fields: {}", self.known.join(", ")),
            };
            r.at(&shorten(key), |r| {
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

/// The closest name within edit distance 2, or a case-insensitive match.
pub(crate) fn suggest<'a>(word: &str, names: &[&'a str]) -> Option<&'a str> {
    // Names whose length differs by more than 2 cannot be within distance 2: skipping them
    // also keeps a megabyte-long typo from costing a megabyte-squared comparison.
    let len = word.chars().count();
    let lower = word.to_ascii_lowercase();
    names
        .iter()
        .filter(|n| n.chars().count().abs_diff(len) <= 2)
        .map(|n| (edit_distance(&lower, &n.to_ascii_lowercase()), *n))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(prev.len());
        cur.push(i.saturating_add(1));
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev
                .get(j)
                .copied()
                .unwrap_or(0)
                .saturating_add(usize::from(ca != *cb));
            let delete = prev
                .get(j.saturating_add(1))
                .copied()
                .unwrap_or(0)
                .saturating_add(1);
            let insert = cur.get(j).copied().unwrap_or(0).saturating_add(1);
            cur.push(substitute.min(delete).min(insert));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
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

/// Long user strings are cut in messages so an error never echoes a megabyte back.
pub(crate) fn shorten(s: &str) -> String {
    const LIMIT: usize = 40;
    if s.chars().count() <= LIMIT {
        s.to_owned()
    } else {
        let head: String = s.chars().take(LIMIT).collect();
        format!("{head}…")
    }
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
