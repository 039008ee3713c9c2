//! Exact money: checked arithmetic, rounding to the minor unit, exact splitting, and the
//! plain and human string forms.
//!
//! Intermediate values keep full precision (rust_decimal's 28 digits). Rounding happens at
//! the named points in `stages::settle`, with the policy's mode. rust_decimal's operators
//! panic on overflow, so everything here is checked and returns `Error` (code `overflow`).

use crate::error::Error;
use rust_decimal::{Decimal, RoundingStrategy};

/// How a policy rounds to the currency's minor unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// 0.5 rounds away from zero (the usual commercial rule; WeChat Pay, Huawei).
    HalfUp,
    /// 0.5 rounds to the even neighbour (banker's rounding).
    HalfEven,
    /// Toward zero: the refund never rounds up.
    Down,
}

impl Rounding {
    fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::Down => RoundingStrategy::ToZero,
        }
    }
}

pub(crate) fn add(a: Decimal, b: Decimal) -> Result<Decimal, Error> {
    a.checked_add(b).ok_or_else(|| Error::overflow(""))
}

pub(crate) fn sub(a: Decimal, b: Decimal) -> Result<Decimal, Error> {
    a.checked_sub(b).ok_or_else(|| Error::overflow(""))
}

pub(crate) fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Error> {
    a.checked_mul(b).ok_or_else(|| Error::overflow(""))
}

/// Division; a zero divisor yields zero (callers divide by terms and totals that validation
/// keeps positive, so this only guards against a bug turning into a panic).
pub(crate) fn div(a: Decimal, b: Decimal) -> Result<Decimal, Error> {
    if b.is_zero() {
        return Ok(Decimal::ZERO);
    }
    a.checked_div(b).ok_or_else(|| Error::overflow(""))
}

/// `a × b ÷ c`, multiplying first so that `12000 × 120 ÷ 365` keeps every digit it can.
/// When `a × b` exceeds a Decimal (two amounts near 10^15), it divides first instead.
pub(crate) fn mul_div(a: Decimal, b: Decimal, c: Decimal) -> Result<Decimal, Error> {
    match a.checked_mul(b) {
        Some(product) => div(product, c),
        None => mul(a, div(b, c)?),
    }
}

/// `amount × percent ÷ 100`.
pub(crate) fn percent_of(amount: Decimal, percent: Decimal) -> Result<Decimal, Error> {
    mul_div(amount, percent, Decimal::ONE_HUNDRED)
}

pub(crate) fn sum<'a>(items: impl IntoIterator<Item = &'a Decimal>) -> Result<Decimal, Error> {
    items
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, d| add(acc, *d))
}

/// 10^0 to 10^29: a 96-bit mantissa has at most 29 digits. Evaluated while compiling, where
/// an index out of range or an overflow fails the build instead of panicking.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const POWERS_OF_TEN: [u128; 30] = {
    let mut table = [1u128; 30];
    let mut i = 1;
    while i < 30 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// A sum without the noise of its parts. A Decimal holds 28 significant digits, so a part
/// with k digits before the point is exact only to its (28 − k)th decimal, and the sum is
/// exact only to its largest part's. Where parts cancel, that noise decides roundings:
/// 7300 − 7296.2500…01 gives 3.7499…9, which `down` makes 3.74 where 3.75 is meant. The sum
/// is rounded half-even two digits above that noise, when that still keeps at least 8
/// decimals (far below any currency's minor unit); a genuine value that close to a
/// boundary without being on it would need a denominator near 10^(26 − k).
pub(crate) fn denoise(sum: Decimal, parts: impl IntoIterator<Item = Decimal>) -> Decimal {
    // Digits before the point, from the mantissa and the scale: no division (a curve
    // totals its lines a few times a point).
    let int_digits = |d: Decimal| {
        let m = d.mantissa().unsigned_abs();
        let digits = POWERS_OF_TEN.partition_point(|&p| p <= m);
        u32::try_from(digits)
            .unwrap_or(u32::MAX)
            .saturating_sub(d.scale())
    };
    let largest = parts.into_iter().map(int_digits).max().unwrap_or(0);
    let keep = 26u32.saturating_sub(largest);
    if keep >= 8 && sum.scale() > keep {
        sum.round_dp_with_strategy(keep, RoundingStrategy::MidpointNearestEven)
    } else {
        sum
    }
}

/// Rounds to `minor_unit` decimals and fixes the scale, so 7234.5 prints as "7234.50".
pub(crate) fn round(value: Decimal, minor_unit: u32, mode: Rounding) -> Decimal {
    let mut r = value.round_dp_with_strategy(minor_unit, mode.strategy());
    r.rescale(minor_unit);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// The smallest money step of a currency: 0.01 for CNY, 1 for JPY, 0.001 for KWD.
pub(crate) fn minor_step(minor_unit: u32) -> Decimal {
    Decimal::new(1, minor_unit)
}

/// Rounds each exact part so the rounded parts sum exactly to `target` (already rounded).
///
/// Each part is rounded by `mode`; the leftover minor units (never more than one per part)
/// go one at a time to the parts whose rounding moved them furthest the other way, earlier
/// parts first on ties (largest-remainder method; errors compared at 20 decimals). Deterministic, documented in
/// docs/policy.md, and the same in the browser and the back office.
pub(crate) fn round_parts(
    exact: &[Decimal],
    target: Decimal,
    minor_unit: u32,
    mode: Rounding,
) -> Result<Vec<Decimal>, Error> {
    let mut rounded: Vec<Decimal> = exact.iter().map(|d| round(*d, minor_unit, mode)).collect();
    let step = minor_step(minor_unit);
    let mut leftover = sub(target, sum(&rounded)?)?;
    // Bounded: each pass moves one part by one step toward the target.
    let mut guard = exact.len().saturating_mul(2).saturating_add(2);
    while !leftover.is_zero() && guard > 0 {
        guard = guard.saturating_sub(1);
        let up = leftover.is_sign_positive();
        // error = exact − rounded; raise the part with the largest positive error first.
        let mut best: Option<(usize, Decimal)> = None;
        for (i, (e, r)) in exact.iter().zip(&rounded).enumerate() {
            // Compared at 20 decimals: far below any minor unit, far above the 28-digit
            // truncation noise of values like 1/3, so true ties go to the earlier part.
            let err = if up { sub(*e, *r)? } else { sub(*r, *e)? }.round_dp(20);
            if best.map_or(true, |(_, b)| err > b) {
                best = Some((i, err));
            }
        }
        let Some((i, _)) = best else { break };
        if let Some(r) = rounded.get_mut(i) {
            *r = if up { add(*r, step)? } else { sub(*r, step)? };
        }
        leftover = if up {
            sub(leftover, step)?
        } else {
            add(leftover, step)?
        };
    }
    for r in &mut rounded {
        r.rescale(minor_unit);
        if r.is_zero() {
            r.set_sign_positive(true);
        }
    }
    Ok(rounded)
}

/// Splits `total` (already rounded) in proportion to `weights`, losing no minor unit.
/// With no weight at all, the first part takes everything.
pub(crate) fn split(
    total: Decimal,
    weights: &[Decimal],
    minor_unit: u32,
    mode: Rounding,
) -> Result<Vec<Decimal>, Error> {
    let whole = sum(weights)?;
    let exact = weights
        .iter()
        .enumerate()
        .map(|(i, w)| match (whole.is_zero(), i) {
            (true, 0) => Ok(total),
            (true, _) => Ok(Decimal::ZERO),
            (false, _) => mul_div(total, *w, whole),
        })
        .collect::<Result<Vec<_>, _>>()?;
    round_parts(&exact, total, minor_unit, mode)
}

/// The whole part of a non-negative count as u32, saturating (counts of months, units).
pub(crate) fn whole(d: Decimal) -> u32 {
    use rust_decimal::prelude::ToPrimitive;
    d.trunc()
        .to_u32()
        .unwrap_or(if d.is_sign_negative() { 0 } else { u32::MAX })
}

/// The wire form of a rounded amount: a plain decimal string, e.g. "-3945.21".
pub(crate) fn wire(amount: Decimal, minor_unit: u32) -> String {
    let mut out = String::with_capacity(16);
    push_wire(&mut out, amount, minor_unit);
    out
}

/// Appends [`wire`].
pub(crate) fn push_wire(out: &mut String, amount: Decimal, minor_unit: u32) {
    let mut d = amount;
    if d.scale() != minor_unit {
        d.rescale(minor_unit);
    }
    push_plain(out, d);
}

/// `d` with exactly its own scale ("1.50" stays "1.50"), and no negative zero: what
/// Decimal's Display writes, without linking it (1.3 KB of wasm).
pub(crate) fn plain(d: Decimal) -> String {
    let mut out = String::with_capacity(16);
    push_plain(&mut out, d);
    out
}

/// Appends [`plain`], written from the mantissa's digits: Decimal's Display divides by 10
/// digit by digit, and a refund curve writes thousands of these.
fn push_plain(out: &mut String, d: Decimal) {
    let mut digits = [0u8; 40];
    let len = digits_of(d.mantissa().unsigned_abs(), &mut digits);
    let digits = digits
        .get(digits.len().saturating_sub(len)..)
        .unwrap_or_default();
    // Digits are ASCII: each is a char of its own (cheaper than checking them as UTF-8).
    let ascii = |out: &mut String, run: &[u8]| out.extend(run.iter().map(|&b| char::from(b)));
    let scale = usize::try_from(d.scale()).unwrap_or(0);
    if d.is_sign_negative() && !d.is_zero() {
        out.push('-');
    }
    match len.checked_sub(scale) {
        Some(int_len) if int_len > 0 => {
            let (int, frac) = digits.split_at(int_len.min(digits.len()));
            ascii(out, int);
            if !frac.is_empty() {
                out.push('.');
                ascii(out, frac);
            }
        }
        // 0.05 has the mantissa 5 at scale 2: zeros go in front.
        _ => {
            out.push_str("0.");
            for _ in len..scale {
                out.push('0');
            }
            ascii(out, digits);
        }
    }
}

/// Writes the decimal digits of `n` at the end of `buf`, returning how many. Amounts fit
/// in 64 bits (at most 10^15 with a few decimals), where dividing is cheap; u128 division
/// is a library call, needed only beyond.
fn digits_of(n: u128, buf: &mut [u8; 40]) -> usize {
    const TEN_POW_19: u128 = 10_000_000_000_000_000_000;
    let (high, low) = match u64::try_from(n) {
        Ok(small) => (0, small),
        // A Decimal's mantissa is below 2^96: both parts fit in 64 bits.
        Err(_) => (
            u64::try_from(n / TEN_POW_19).unwrap_or(u64::MAX),
            u64::try_from(n % TEN_POW_19).unwrap_or(0),
        ),
    };
    let low_len = write_digits(buf, 0, low, if high > 0 { 19 } else { 1 });
    if high > 0 {
        write_digits(buf, low_len, high, 1)
    } else {
        low_len
    }
}

/// "00" to "99": digits are written two at a time, halving the divisions.
const DIGIT_PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Writes `n` right to left, leaving the last `written` bytes of `buf` alone, with at least
/// `min_width` digits (zero-padded). Returns the new count of bytes written.
fn write_digits(buf: &mut [u8; 40], written: usize, n: u64, min_width: usize) -> usize {
    let mut rest = n;
    let mut len = written;
    let mut slots = buf.iter_mut().rev().skip(written);
    // Two digits a step while at least three are left, then one at a time.
    while rest >= 100 {
        let pair = usize::try_from(rest % 100).unwrap_or(0).saturating_mul(2);
        rest /= 100;
        for offset in [1, 0] {
            if let (Some(slot), Some(&digit)) =
                (slots.next(), DIGIT_PAIRS.get(pair.saturating_add(offset)))
            {
                *slot = digit;
                len = len.saturating_add(1);
            }
        }
    }
    for slot in slots {
        *slot = b'0'.wrapping_add((rest % 10) as u8);
        rest /= 10;
        len = len.saturating_add(1);
        if rest == 0 && len.saturating_sub(written) >= min_width {
            break;
        }
    }
    len
}

/// Groups the integer part by thousands: 1234567.5 → "1,234,567.5". Keeps the scale given.
pub(crate) fn grouped(value: Decimal) -> String {
    let text = plain(value);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(text.len().saturating_add(int.len() / 3));
    out.push_str(sign);
    // Digits only (ASCII): a comma before every digit with a multiple of three after it.
    let len = int.len();
    for (i, digit) in int.bytes().enumerate() {
        if i > 0 && len.saturating_sub(i) % 3 == 0 {
            out.push(',');
        }
        out.push(char::from(digit));
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A figure for explanations: normalized (no trailing zeros) and grouped, e.g. "1,200" or
/// "120.5". Used for quantities, day counts and percents.
pub(crate) fn figure(value: Decimal) -> String {
    grouped(value.normalize())
}

/// A figure rounded to at most `dp` decimals for display only (ratios like 365.25 days).
pub(crate) fn figure_dp(value: Decimal, dp: u32) -> String {
    figure(value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::arithmetic_side_effects)]
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounding_modes() {
        assert_eq!(round(d("2.345"), 2, Rounding::HalfUp).to_string(), "2.35");
        assert_eq!(round(d("2.345"), 2, Rounding::HalfEven).to_string(), "2.34");
        assert_eq!(round(d("2.349"), 2, Rounding::Down).to_string(), "2.34");
        assert_eq!(round(d("-2.345"), 2, Rounding::HalfUp).to_string(), "-2.35");
        assert_eq!(
            round(d("7234.5"), 2, Rounding::HalfUp).to_string(),
            "7234.50"
        );
        assert_eq!(
            round(d("1234.5"), 0, Rounding::HalfEven).to_string(),
            "1234"
        );
        assert_eq!(round(d("1.2345"), 3, Rounding::HalfUp).to_string(), "1.235");
        assert_eq!(round(d("-0.001"), 2, Rounding::HalfUp).to_string(), "0.00");
    }

    #[test]
    fn parts_sum_to_target() {
        // Three thirds of 100.00: 33.33 + 33.33 + 33.34, the leftover on the earliest
        // part with the largest error (all equal, so the first).
        let third = d("100") / d("3");
        let parts = round_parts(&[third, third, third], d("100.00"), 2, Rounding::HalfUp).unwrap();
        assert_eq!(parts, vec![d("33.34"), d("33.33"), d("33.33")]);
        assert_eq!(parts.iter().sum::<Decimal>(), d("100.00"));
    }

    #[test]
    fn leftover_goes_to_largest_error() {
        // 0.004 + 0.004 + 0.002 = 0.010 → target 0.01; all round to 0.00, the first 0.004
        // has the largest error and gets the cent.
        let parts = round_parts(
            &[d("0.004"), d("0.004"), d("0.002")],
            d("0.01"),
            2,
            Rounding::HalfUp,
        )
        .unwrap();
        assert_eq!(parts, vec![d("0.01"), d("0.00"), d("0.00")]);
    }

    #[test]
    fn split_by_cash_share() {
        // WeChat-style: 10.00 split 1:2 → 3.33 / 6.67 (6.666.. rounds up and absorbs it).
        let parts = split(d("10.00"), &[d("1"), d("2")], 2, Rounding::HalfUp).unwrap();
        assert_eq!(parts, vec![d("3.33"), d("6.67")]);
        let parts = split(d("0.01"), &[d("1"), d("1")], 2, Rounding::HalfUp).unwrap();
        assert_eq!(parts.iter().sum::<Decimal>(), d("0.01"));
        let parts = split(d("5"), &[d("0"), d("0")], 0, Rounding::HalfUp).unwrap();
        assert_eq!(parts, vec![d("5"), d("0")]);
    }

    #[test]
    fn grouping() {
        assert_eq!(grouped(d("12000.00")), "12,000.00");
        assert_eq!(grouped(d("-1234567.891")), "-1,234,567.891");
        assert_eq!(grouped(d("999")), "999");
        assert_eq!(figure(d("1200.000")), "1,200");
        assert_eq!(figure_dp(d("120.123456"), 4), "120.1235");
        // Against Display with commas inserted, for every digit count and several scales.
        for digits in 1..=28u32 {
            for scale in [0, 2, 5] {
                if scale > digits {
                    continue;
                }
                let mantissa = (0..digits).fold(0i128, |m, k| m * 10 + i128::from(k % 9 + 1));
                for sign in [1, -1] {
                    let value = Decimal::from_i128_with_scale(sign * mantissa, scale);
                    let text = value.to_string();
                    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
                    let (minus, int) = int.strip_prefix('-').map_or(("", int), |i| ("-", i));
                    let mut expected = String::from(minus);
                    for (i, c) in int.chars().enumerate() {
                        if i > 0 && (int.len() - i) % 3 == 0 {
                            expected.push(',');
                        }
                        expected.push(c);
                    }
                    if !frac.is_empty() {
                        expected = format!("{expected}.{frac}");
                    }
                    assert_eq!(grouped(value), expected, "{value}");
                }
            }
        }
        assert_eq!(grouped(d("0.05")), "0.05");
        assert_eq!(grouped(d("-0.00")), "0.00");
    }

    /// The digit writer gives Decimal's own plain text, scale kept, for every sign, scale
    /// and size of mantissa (up to 96 bits); zero is never negative.
    #[test]
    fn plain_is_decimals_text() {
        let mantissas: [i128; 12] = [
            0,
            1,
            5,
            10,
            99,
            123_456,
            7_016_000,
            999_999_999_999,
            10_i128.pow(18),
            (1 << 64) + 12_345,
            10_i128.pow(27) + 1,
            (1 << 96) - 1,
        ];
        for m in mantissas {
            for scale in [0, 1, 2, 3, 5, 9, 19, 20, 27, 28] {
                for sign in [1, -1] {
                    let d = Decimal::from_i128_with_scale(sign * m, scale);
                    let expected = if d.is_zero() {
                        d.abs().to_string()
                    } else {
                        d.to_string()
                    };
                    assert_eq!(plain(d), expected, "{m} at scale {scale}");
                }
            }
        }
    }

    #[test]
    fn wire_has_fixed_scale_and_no_negative_zero() {
        assert_eq!(wire(d("-0"), 2), "0.00");
        assert_eq!(wire(d("5"), 3), "5.000");
        assert_eq!(wire(d("-3945.21"), 2), "-3945.21");
        // Written from the mantissa: leading zeros, zero-decimal currencies, the extremes.
        assert_eq!(wire(d("0.05"), 2), "0.05");
        assert_eq!(wire(d("-0.005"), 3), "-0.005");
        assert_eq!(wire(d("1234"), 0), "1234");
        assert_eq!(wire(d("0"), 0), "0");
        assert_eq!(wire(d("-7"), 0), "-7");
        assert_eq!(wire(Decimal::MAX, 0), Decimal::MAX.to_string());
        // Either side of 64 bits.
        let u64_max = Decimal::from(u64::MAX);
        assert_eq!(wire(u64_max, 0), "18446744073709551615");
        assert_eq!(wire(u64_max + Decimal::ONE, 0), "18446744073709551616");
        assert_eq!(wire(-u64_max, 1), "-18446744073709551615.0");
        assert_eq!(wire(d("100000000000000000000"), 0), "100000000000000000000");
        assert_eq!(
            wire(d("-1000000000000000000.5"), 1),
            "-1000000000000000000.5"
        );
        for text in ["0.10", "12.34", "-99999.99", "100.00", "0.01"] {
            assert_eq!(wire(d(text), 2), d(text).to_string());
        }
    }

    /// A sum is exact to its largest part's last digits, no further: the noise below cannot
    /// decide a rounding; a genuine value keeps its digits.
    #[test]
    fn a_sum_loses_the_noise_of_its_parts() {
        // 7300 × (1 − 1.5 × 5837/8760) is 3.75 exactly (a review found 3.74 under `down`).
        let consumed = mul_div(d("7300"), d("5837"), d("8760")).unwrap();
        let multiplier = mul(consumed, d("0.5")).unwrap();
        let parts = [d("7300"), -consumed, -multiplier];
        let sum = parts[0] + parts[1] + parts[2];
        assert_ne!(sum, d("3.75"), "the noise this guards against");
        assert_eq!(denoise(sum, parts), d("3.75"));
        assert_eq!(round(denoise(sum, parts), 2, Rounding::Down), d("3.75"));
        // From property (e): amounts near 10^12, a 100 % handling fee.
        let noisy = d("461089818402.7899999999999999");
        let big = [d("1006746328390.39"), noisy];
        assert_eq!(
            round(denoise(noisy, big), 2, Rounding::Down),
            d("461089818402.79")
        );
        // Genuine values: short ones, and long ones away from a boundary, keep their digits.
        assert_eq!(denoise(d("0.125"), [d("0.125")]), d("0.125"));
        let third = div(d("1"), d("3")).unwrap();
        assert_eq!(
            round(denoise(third, [third]), 2, Rounding::HalfUp),
            d("0.33")
        );
        let genuine = d("3945.205479452054794520547945");
        assert_eq!(
            denoise(genuine, [genuine]),
            d("3945.2054794520547945205479")
        );
        // Parts near 10^18 leave fewer than 8 decimals to keep: the sum is left as it is.
        let huge = d("999999999999999999.5");
        assert_eq!(denoise(huge, [huge]), huge);
    }

    #[test]
    fn mul_div_survives_large_operands() {
        let big = d("999999999999999.99");
        assert_eq!(mul_div(big, big, big).unwrap().round_dp(2), big);
        assert_eq!(
            mul_div(d("12000"), d("120"), d("365")).unwrap().round_dp(2),
            d("3945.21")
        );
    }

    #[test]
    fn overflow_is_an_error() {
        assert!(mul(Decimal::MAX, d("2")).is_err());
        assert!(add(Decimal::MAX, Decimal::MAX).is_err());
        assert_eq!(div(d("1"), Decimal::ZERO).unwrap(), Decimal::ZERO);
    }
}
