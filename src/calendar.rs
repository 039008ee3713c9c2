//! Instants, offsets and measuring time in billing units. The only file that imports the
//! date crate (chrono, default features off: no clock, no time zone database).
//!
//! The engine never reads a clock: every instant comes from the caller. An [`Instant`] is a
//! count of seconds since 1970-01-01T00:00:00Z; sub-second digits in input are dropped.
//! Calendar questions (month ends, midnight, weekdays) are answered in the policy's time
//! [`Zone`], so "the 31st" and "midnight" mean the provider's, not the visitor's. A zone is a
//! fixed UTC offset or one of a few named zones whose daylight-saving rules are built in
//! (the US, the EU, south-east Australia): no time zone database is shipped.

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rust_decimal::Decimal;

const DAY: i64 = 86_400;

/// A point in time, in whole seconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(i64);

/// A fixed offset from UTC in seconds (east positive), e.g. +08:00 = 28 800.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offset(i32);

/// A calendar date (no time), e.g. a submission date or a holiday.
pub type Date = NaiveDate;

impl Offset {
    pub const UTC: Offset = Offset(0);

    /// Parses `Z`, `+08:00` or `-05:30` (at most ±18:00).
    pub fn parse(s: &str) -> Option<Offset> {
        if s == "Z" || s == "z" {
            return Some(Offset::UTC);
        }
        let bytes = s.as_bytes();
        let (sign, rest) = match bytes.split_first()? {
            (b'+', rest) => (1, rest),
            (b'-', rest) => (-1, rest),
            _ => return None,
        };
        let [h1, h2, b':', m1, m2] = rest else {
            return None;
        };
        let hours = two_digits(*h1, *h2)?;
        let minutes = two_digits(*m1, *m2)?;
        if hours > 18 || minutes > 59 || (hours == 18 && minutes > 0) {
            return None;
        }
        let secs = i32::try_from(
            hours
                .checked_mul(3600)?
                .checked_add(minutes.checked_mul(60)?)?,
        )
        .ok()?;
        secs.checked_mul(sign).map(Offset)
    }

    fn secs(self) -> i64 {
        i64::from(self.0)
    }
}

/// The policy's time zone: a standard offset, and when it observes daylight saving time, the
/// rule that moves the clocks an hour forward (today's rules, applied to every year).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone {
    standard: Offset,
    daylight: Option<DstRule>,
}

/// When the clocks go forward and back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DstRule {
    /// Second Sunday of March 02:00 to first Sunday of November 02:00, local time (since 2007).
    UnitedStates,
    /// Last Sunday of March to last Sunday of October, 01:00 UTC (since 1996).
    European,
    /// First Sunday of October 02:00 to first Sunday of April 03:00, local time (since 2008).
    Australian,
}

/// The named zones: the provider's region for the lines and plans this engine prices.
/// Zones without daylight saving are their offset under a name. Each has kept its rules since
/// 2008 at least (Moscow, Istanbul and São Paulo changed theirs later, so they are left out).
const ZONES: [(&str, i32, Option<DstRule>); 33] = {
    use DstRule::{Australian as Au, European as Eu, UnitedStates as Us};
    const H: i32 = 3600;
    [
        ("UTC", 0, None),
        ("Asia/Shanghai", 8 * H, None),
        ("Asia/Hong_Kong", 8 * H, None),
        ("Asia/Taipei", 8 * H, None),
        ("Asia/Singapore", 8 * H, None),
        ("Asia/Kuala_Lumpur", 8 * H, None),
        ("Asia/Manila", 8 * H, None),
        ("Asia/Tokyo", 9 * H, None),
        ("Asia/Seoul", 9 * H, None),
        ("Asia/Jakarta", 7 * H, None),
        ("Asia/Bangkok", 7 * H, None),
        ("Asia/Ho_Chi_Minh", 7 * H, None),
        ("Asia/Kolkata", 5 * H + 1800, None),
        ("Asia/Dubai", 4 * H, None),
        ("Asia/Riyadh", 3 * H, None),
        ("America/New_York", -5 * H, Some(Us)),
        ("America/Toronto", -5 * H, Some(Us)),
        ("America/Chicago", -6 * H, Some(Us)),
        ("America/Denver", -7 * H, Some(Us)),
        ("America/Los_Angeles", -8 * H, Some(Us)),
        ("America/Vancouver", -8 * H, Some(Us)),
        ("Europe/London", 0, Some(Eu)),
        ("Europe/Dublin", 0, Some(Eu)),
        ("Europe/Lisbon", 0, Some(Eu)),
        ("Europe/Paris", H, Some(Eu)),
        ("Europe/Berlin", H, Some(Eu)),
        ("Europe/Amsterdam", H, Some(Eu)),
        ("Europe/Madrid", H, Some(Eu)),
        ("Europe/Zurich", H, Some(Eu)),
        ("Europe/Stockholm", H, Some(Eu)),
        ("Europe/Helsinki", 2 * H, Some(Eu)),
        ("Australia/Sydney", 10 * H, Some(Au)),
        ("Australia/Melbourne", 10 * H, Some(Au)),
    ]
};

impl Zone {
    pub const UTC: Zone = Zone::fixed(Offset::UTC);

    pub const fn fixed(offset: Offset) -> Zone {
        Zone {
            standard: offset,
            daylight: None,
        }
    }

    /// A UTC offset (`+08:00`, `Z`) or a zone name of [`Zone::names`].
    pub fn parse(s: &str) -> Option<Zone> {
        if let Some(offset) = Offset::parse(s) {
            return Some(Zone::fixed(offset));
        }
        ZONES
            .iter()
            .find(|(name, _, _)| *name == s)
            .map(|&(_, secs, daylight)| Zone {
                standard: Offset(secs),
                daylight,
            })
    }

    /// The zone names [`Zone::parse`] knows, for suggestions.
    pub fn names() -> impl Iterator<Item = &'static str> {
        ZONES.iter().map(|(name, _, _)| *name)
    }

    /// The offset from UTC in seconds at the instant `utc` (seconds since the epoch).
    // Inlined: a refund curve asks at every point (a fixed offset is one add).
    #[inline(always)]
    fn offset_at(self, utc: i64) -> i64 {
        let standard = self.standard.secs();
        match self.daylight {
            Some(rule) if rule.in_effect(utc, standard) => standard.saturating_add(3600),
            _ => standard,
        }
    }

    /// The instant whose wall-clock time is `local` (seconds since the local epoch). A time
    /// the clocks skip (02:30 on the day they go forward) is read as standard time, so it
    /// lands an hour later; a time they repeat is its first occurrence, in daylight time:
    /// what RFC 5545 and Temporal call "compatible".
    fn to_utc(self, local: i64) -> i64 {
        let standard = self.standard.secs();
        let as_standard = local.saturating_sub(standard);
        if self.daylight.is_none() {
            return as_standard;
        }
        let as_daylight = as_standard.saturating_sub(3600);
        if self.offset_at(as_daylight) == standard.saturating_add(3600) {
            as_daylight
        } else {
            as_standard
        }
    }

    /// Whether the clocks change: then wall-clock days and months have other lengths.
    fn observes_dst(self) -> bool {
        self.daylight.is_some()
    }

    /// Seconds on a clock that never changes for daylight saving (the zone's standard
    /// offset): hours, minutes and seconds of service are counted as they elapse, and hours
    /// on the clock grid fall on the local hour, whatever the season (the rules here move
    /// clocks by whole hours).
    fn standard_seconds(self, t: Instant) -> i64 {
        t.0.saturating_add(self.standard.secs())
    }
}

impl DstRule {
    /// Whether daylight time is in effect at `utc`, in a zone of `standard` offset.
    fn in_effect(self, utc: i64, standard: i64) -> bool {
        const HOUR: i64 = 3600;
        let (year, _, _) = civil_from_days(utc.saturating_add(standard).div_euclid(DAY));
        // A transition at a local wall-clock time: standard time before it (going forward)
        // or daylight time before it (going back).
        let at = |day: i64, local: i64, offset: i64| {
            day.saturating_mul(DAY)
                .saturating_add(local)
                .saturating_sub(offset)
        };
        let daylight = standard.saturating_add(HOUR);
        match self {
            DstRule::UnitedStates => {
                let start = at(nth_sunday(year, 3, 2), 2 * HOUR, standard);
                let end = at(nth_sunday(year, 11, 1), 2 * HOUR, daylight);
                (start..end).contains(&utc)
            }
            DstRule::European => {
                let start = at(last_sunday(year, 3), HOUR, 0);
                let end = at(last_sunday(year, 10), HOUR, 0);
                (start..end).contains(&utc)
            }
            DstRule::Australian => {
                let end = at(nth_sunday(year, 4, 1), 3 * HOUR, daylight);
                let start = at(nth_sunday(year, 10, 1), 2 * HOUR, standard);
                utc < end || utc >= start
            }
        }
    }
}

/// The `n`-th Sunday of `month` in `year`, in days since the epoch.
fn nth_sunday(year: i64, month: u32, n: i64) -> i64 {
    let first = days_from_civil(year, month, 1);
    let to_sunday = 7_i64.saturating_sub(weekday(first)).rem_euclid(7);
    first
        .saturating_add(to_sunday)
        .saturating_add(n.saturating_sub(1).saturating_mul(7))
}

/// The last Sunday of `month` in `year`, in days since the epoch.
fn last_sunday(year: i64, month: u32) -> i64 {
    let last = days_from_civil(year, month, days_in_month(year, month));
    last.saturating_sub(weekday(last))
}

/// 0 for Sunday to 6 for Saturday (1970-01-01 was a Thursday).
fn weekday(days: i64) -> i64 {
    days.saturating_add(4).rem_euclid(7)
}

impl core::fmt::Display for Offset {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let sign = if self.0 < 0 { '-' } else { '+' };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
    }
}

/// Why a timestamp was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimestampError {
    /// Not a date, nor RFC 3339 with an offset, nor followed by well-formed annotations.
    Malformed,
    /// The bracketed zone has another offset at that instant: `(zone, its offset, the
    /// timestamp's)`, the offsets as `+08:00`.
    ZoneDisagrees(String, String, String),
    /// An annotation marked critical (`[!u-ca=…]`) that the engine cannot honour.
    Critical(String),
}

/// The instant of an RFC 3339 timestamp with an offset, seconds optional, and the offset
/// (`None` for `Z`: UTC, with the local time unknown).
fn parse_rfc3339(s: &str) -> Option<(Instant, Option<Offset>)> {
    let date = parse_date(s.get(..10)?)?;
    let rest = s.get(10..)?.as_bytes();
    let [sep, h1, h2, b':', mi1, mi2, after_minutes @ ..] = rest else {
        return None;
    };
    if !matches!(sep, b'T' | b't' | b' ') {
        return None;
    }
    let (seconds, tail) = match after_minutes {
        [b':', s1, s2, tail @ ..] => (two_digits(*s1, *s2)?, tail),
        tail => (0, tail),
    };
    let time = NaiveTime::from_hms_opt(two_digits(*h1, *h2)?, two_digits(*mi1, *mi2)?, seconds)?;
    let tail = match tail.split_first() {
        // A fraction only after seconds.
        Some((b'.', frac)) if after_minutes.first() == Some(&b':') => {
            let digits = frac.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 || digits > 9 {
                return None;
            }
            frac.get(digits..)?
        }
        _ => tail,
    };
    let tail = core::str::from_utf8(tail).ok()?;
    let offset = Offset::parse(tail)?;
    let instant = Instant::from_local(date.and_time(time), Zone::fixed(offset))?;
    let local_unknown = tail.eq_ignore_ascii_case("z");
    Some((instant, (!local_unknown).then_some(offset)))
}

/// Reads RFC 9557's annotations, `[zone]` first if any, then `[key=value]`; the zone's
/// text when there is one.
fn read_annotations(mut s: &str) -> Result<Option<&str>, TimestampError> {
    let mut zone = None;
    let mut first = true;
    while !s.is_empty() {
        let body = s.strip_prefix('[').ok_or(TimestampError::Malformed)?;
        let end = body.find(']').ok_or(TimestampError::Malformed)?;
        let (inner, rest) = (
            body.get(..end).unwrap_or_default(),
            body.get(end.saturating_add(1)..).unwrap_or_default(),
        );
        let (critical, inner) = match inner.strip_prefix('!') {
            Some(inner) => (true, inner),
            None => (false, inner),
        };
        match inner.split_once('=') {
            Some((key, value)) => {
                let key_ok = key
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
                    && key.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'
                    });
                let value_ok = !value.is_empty()
                    && value.split('-').all(|part| {
                        !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric())
                    });
                if !key_ok || !value_ok {
                    return Err(TimestampError::Malformed);
                }
                // The calendar changes how a date is shown, not the instant.
                if critical && key != "u-ca" {
                    return Err(TimestampError::Critical(format!("[!{inner}]")));
                }
            }
            None if first => {
                let name_ok = Offset::parse(inner).is_some()
                    || (!inner.is_empty()
                        && inner.split('/').all(|part| {
                            !part.is_empty()
                                && part != "."
                                && part != ".."
                                && part.bytes().all(|b| {
                                    b.is_ascii_alphanumeric()
                                        || matches!(b, b'_' | b'-' | b'+' | b'.')
                                })
                        }));
                if !name_ok || inner.eq_ignore_ascii_case("z") {
                    return Err(TimestampError::Malformed);
                }
                zone = Some(inner);
            }
            None => return Err(TimestampError::Malformed),
        }
        first = false;
        s = rest;
    }
    Ok(zone)
}

/// The first year the built-in rules of every named zone hold (see [`ZONES`]).
const RULES_SINCE: i32 = 2008;

/// Whether the zone `name` has the offset `given` at `instant`, when the engine knows it.
fn check_zone(instant: Instant, given: Offset, name: &str) -> Result<(), TimestampError> {
    let Some(zone) = Zone::parse(name) else {
        return Ok(());
    };
    let is_named = Offset::parse(name).is_none();
    if is_named && instant.civil(Zone::UTC).year < i64::from(RULES_SINCE) {
        return Ok(());
    }
    let expected = zone.offset_at(instant.0);
    if expected == given.secs() {
        return Ok(());
    }
    let text = |secs: i64| {
        let sign = if secs < 0 { '-' } else { '+' };
        let abs = secs.unsigned_abs();
        format!("{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)
    };
    Err(TimestampError::ZoneDisagrees(
        name.to_owned(),
        text(expected),
        text(given.secs()),
    ))
}

fn two_digits(a: u8, b: u8) -> Option<u32> {
    if a.is_ascii_digit() && b.is_ascii_digit() {
        Some(
            u32::from(a.wrapping_sub(b'0'))
                .wrapping_mul(10)
                .wrapping_add(u32::from(b.wrapping_sub(b'0'))),
        )
    } else {
        None
    }
}

/// Years outside 1900..=9999 are refused: no order was placed then, and the limit keeps
/// every instant and every sum of instants far from overflow.
const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 9999;

/// Parses a plain date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = b else {
        return None;
    };
    let year = two_digits(*y1, *y2)?
        .checked_mul(100)?
        .checked_add(two_digits(*y3, *y4)?)?;
    let year = i32::try_from(year).ok()?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, two_digits(*m1, *m2)?, two_digits(*d1, *d2)?)
}

impl Instant {
    /// Parses RFC 3339 (`2026-01-15T10:30:00+08:00`, `…Z`, optional fraction, which is
    /// dropped) or a plain date, which means midnight in `zone`. (The engine reads with
    /// [`Instant::parse_checked`], which says why; tests use this short form.)
    #[cfg(test)]
    pub fn parse(s: &str, zone: Zone) -> Option<Instant> {
        Instant::parse_checked(s, zone).ok()
    }

    /// [`Instant::parse`], saying why a timestamp is refused. Accepted: a date (midnight in
    /// `zone`); RFC 3339 with or without seconds (`2026-05-20T18:40+08:00`, what a
    /// `datetime-local` field and an offset give); and RFC 9557's suffixes, as
    /// `Temporal.ZonedDateTime.prototype.toString()` writes them:
    /// `2026-05-20T18:40:00+08:00[Asia/Shanghai]`, then `[u-ca=…]`-style annotations. The
    /// bracketed zone must agree with the offset at that instant when the engine knows the
    /// zone (its 33 names, or an offset) and its rules for the year (2008 on); otherwise the
    /// offset alone fixes the instant, as RFC 9557 has it, and the zone is not checked.
    /// With `Z` the local time is unknown, so any zone agrees. An annotation marked critical
    /// (`[!key=value]`) other than the zone is refused: the engine cannot honour it.
    pub fn parse_checked(s: &str, zone: Zone) -> Result<Instant, TimestampError> {
        if s.len() == 10 {
            let date = parse_date(s).ok_or(TimestampError::Malformed)?;
            return Instant::from_local(date.and_time(NaiveTime::MIN), zone)
                .ok_or(TimestampError::Malformed);
        }
        let (stamp, suffix) = match s.find('[') {
            Some(at) => (
                s.get(..at).unwrap_or_default(),
                s.get(at..).unwrap_or_default(),
            ),
            None => (s, ""),
        };
        let (instant, offset) = parse_rfc3339(stamp).ok_or(TimestampError::Malformed)?;
        let annotation_zone = read_annotations(suffix)?;
        if let (Some(name), Some(offset)) = (annotation_zone, offset) {
            check_zone(instant, offset, name)?;
        }
        Ok(instant)
    }

    /// The instant whose wall-clock time in `zone` is `local`.
    /// `None` outside the supported years (`MIN_YEAR..=MAX_YEAR`).
    pub fn from_local(local: NaiveDateTime, zone: Zone) -> Option<Instant> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&local.year()) {
            return None;
        }
        Some(Instant(zone.to_utc(local.and_utc().timestamp())))
    }

    /// Wall-clock time in `zone`.
    pub fn local(self, zone: Zone) -> NaiveDateTime {
        DateTime::from_timestamp(self.wall_seconds(zone), 0)
            .map(|d| d.naive_utc())
            .unwrap_or_default()
    }

    /// The calendar date in `zone`.
    pub fn date(self, zone: Zone) -> Date {
        self.local(zone).date()
    }

    /// Seconds since the local epoch on the wall clock of `zone`.
    // Inlined: a refund curve asks at every point (a fixed offset is one add).
    #[inline(always)]
    fn wall_seconds(self, zone: Zone) -> i64 {
        self.0.saturating_add(zone.offset_at(self.0))
    }

    /// `self.local(zone).and_utc().timestamp()` without building the date and time.
    fn local_seconds(self, zone: Zone) -> i64 {
        // The instants `local` can represent; outside, it gives the default (the epoch).
        const MIN: i64 = DateTime::<chrono::Utc>::MIN_UTC.timestamp();
        const MAX: i64 = DateTime::<chrono::Utc>::MAX_UTC.timestamp();
        let secs = self.wall_seconds(zone);
        if (MIN..=MAX).contains(&secs) {
            secs
        } else {
            0
        }
    }

    /// Wall-clock fields in `zone` without chrono (see [`civil_from_days`]).
    fn civil(self, zone: Zone) -> Civil {
        let secs = self.wall_seconds(zone);
        let (year, month, day) = civil_from_days(secs.div_euclid(DAY));
        Civil {
            year,
            month,
            day,
            second_of_day: secs.rem_euclid(DAY),
        }
    }

    /// RFC 3339 in `zone`, at its offset then, e.g. `2026-05-20T18:40:00+08:00`.
    pub fn rfc3339(self, zone: Zone) -> String {
        let mut out = String::with_capacity(25);
        self.push_rfc3339(&mut out, zone);
        out
    }

    /// Appends [`Instant::rfc3339`]: integer arithmetic, no chrono and no `format!`, since
    /// a refund curve writes thousands.
    pub fn push_rfc3339(self, out: &mut String, zone: Zone) {
        let Civil {
            year,
            month,
            day,
            second_of_day,
        } = self.civil(zone);
        let offset = zone.offset_at(self.0);
        let abs = u32::try_from(offset.unsigned_abs()).unwrap_or(0);
        let second_of_day = u32::try_from(second_of_day).unwrap_or(0);
        // The year may have a fifth digit: 9999-12-31T23:00Z is in 10000 at +08:00.
        let year = year.unsigned_abs();
        if year > 9999 {
            out.push(char::from(digit(year / 10_000)));
        }
        let [y1, y2] = two_digit_bytes(u32::try_from(year % 10_000 / 100).unwrap_or(0));
        let [y3, y4] = two_digit_bytes(u32::try_from(year % 100).unwrap_or(0));
        let [mo1, mo2] = two_digit_bytes(month);
        let [d1, d2] = two_digit_bytes(day);
        let [h1, h2] = two_digit_bytes(second_of_day / 3600);
        let [mi1, mi2] = two_digit_bytes(second_of_day % 3600 / 60);
        let [s1, s2] = two_digit_bytes(second_of_day % 60);
        let sign = if offset < 0 { b'-' } else { b'+' };
        let [oh1, oh2] = two_digit_bytes(abs / 3600);
        let [om1, om2] = two_digit_bytes(abs % 3600 / 60);
        // One array, no loop: a curve writes thousands of these.
        let text = [
            y1, y2, y3, y4, b'-', mo1, mo2, b'-', d1, d2, b'T', h1, h2, b':', mi1, mi2, b':', s1,
            s2, sign, oh1, oh2, b':', om1, om2,
        ];
        // Digits and ASCII signs only.
        out.push_str(std::str::from_utf8(&text).unwrap_or_default());
    }

    /// `self + months` calendar months in `zone`; a day past the month's end clamps to
    /// it (Jan 31 + 1 month = Feb 28, or 29 in a leap year).
    pub fn add_months(self, months: u32, zone: Zone) -> Option<Instant> {
        // Nothing to add keeps the instant: an hour the clocks repeat has two.
        if months == 0 {
            return Some(self);
        }
        let local = self.local(zone).checked_add_months(Months::new(months))?;
        Instant::from_local(local, zone)
    }

    pub fn add_seconds(self, secs: i64) -> Option<Instant> {
        self.0.checked_add(secs).map(Instant)
    }

    /// `self + days` calendar days in `zone`: the same wall-clock time, which is 23 or 25
    /// hours later across a change of daylight saving time.
    pub fn add_days(self, days: u32, zone: Zone) -> Option<Instant> {
        if days == 0 {
            return Some(self);
        }
        let local = self
            .wall_seconds(zone)
            .checked_add(i64::from(days).checked_mul(DAY)?)?;
        Some(Instant(zone.to_utc(local)))
    }

    /// Seconds from `earlier` to `self` (negative when `self` is before).
    pub fn seconds_since(self, earlier: Instant) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// The last digit of `n` as an ASCII byte.
fn digit(n: u64) -> u8 {
    b'0'.wrapping_add((n % 10) as u8)
}

/// The last two digits of `n` as ASCII bytes, e.g. 7 → `07`.
fn two_digit_bytes(n: u32) -> [u8; 2] {
    let n = u64::from(n % 100);
    [digit(n / 10), digit(n)]
}

/// Wall-clock fields of an instant at an offset, on plain integers.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    second_of_day: i64,
}

/// `(year, month, day)` of a count of days since 1970-01-01, by Howard Hinnant's
/// `civil_from_days`: a dozen integer operations where chrono builds a whole date.
// Every intermediate is bounded: |days| ≤ i64::MAX / 86 400 < 2^47 (instants are seconds),
// `day_of_era` is in [0, 146 096] and `year_of_era` in [0, 399], so nothing can overflow.
#[allow(clippy::arithmetic_side_effects)]
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March is 0
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month as u32, day as u32)
}

/// Days since 1970-01-01 of a proleptic Gregorian date: Howard Hinnant's `days_from_civil`,
/// the inverse of [`civil_from_days`].
// Bounded like `civil_from_days`: years of daylight-saving rules are within ±10^6.
#[allow(clippy::arithmetic_side_effects)]
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `YYYY-MM-DD` (chrono's formatter needs its alloc feature; this is all we need of it).
pub fn format_date(d: Date) -> String {
    let mut out = String::with_capacity(10);
    push_date(&mut out, d);
    out
}

fn push_date(out: &mut String, d: Date) {
    if d.year() < 0 {
        out.push('-');
    }
    push_padded(out, d.year().unsigned_abs(), 4);
    out.push('-');
    push_padded(out, d.month(), 2);
    out.push('-');
    push_padded(out, d.day(), 2);
}

/// Appends `n` in decimal, with leading zeros up to `width` digits.
fn push_padded(out: &mut String, n: u32, width: usize) {
    // Two-digit fields (month, day, hour, …) are most of a timestamp.
    if width == 2 && n < 100 {
        out.push(char::from(b'0'.wrapping_add((n / 10) as u8)));
        out.push(char::from(b'0'.wrapping_add((n % 10) as u8)));
        return;
    }
    // Digits written from the right into a buffer: no `format!` machinery.
    let mut buf = [b'0'; 10];
    let mut rest = n;
    let mut len = 0usize;
    for slot in buf.iter_mut().rev() {
        *slot = b'0'.wrapping_add((rest % 10) as u8);
        rest /= 10;
        len = len.saturating_add(1);
        if rest == 0 && len >= width {
            break;
        }
    }
    let digits = buf.get(buf.len().saturating_sub(len)..).unwrap_or_default();
    out.extend(digits.iter().map(|&b| char::from(b)));
}

/// Working days: Monday to Friday, minus public holidays, plus weekend make-up working days
/// (China moves working days onto weekends around long holidays).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BusinessCalendar {
    /// Sorted, without repeats.
    holidays: Vec<Date>,
    /// Sorted, without repeats.
    workdays: Vec<Date>,
    /// The listed days (holidays and make-up days) that fall on Monday to Friday: the days
    /// where counting weekdays alone is wrong, as day numbers from the common era. Sorted,
    /// without repeats.
    listed_weekdays: Vec<i32>,
    /// `workdays` as day numbers from the common era: counting compares numbers, not dates.
    workday_numbers: Vec<i32>,
}

impl BusinessCalendar {
    pub fn new(mut holidays: Vec<Date>, mut workdays: Vec<Date>) -> BusinessCalendar {
        crate::sort::sort_by(&mut holidays, |a, b| a < b);
        crate::sort::sort_by(&mut workdays, |a, b| a < b);
        holidays.dedup();
        workdays.dedup();
        let mut listed_weekdays: Vec<i32> = holidays
            .iter()
            .chain(&workdays)
            .filter(|d| is_weekday(**d))
            .map(Datelike::num_days_from_ce)
            .collect();
        crate::sort::sort_by(&mut listed_weekdays, |a, b| a < b);
        listed_weekdays.dedup();
        let workday_numbers = workdays.iter().map(Datelike::num_days_from_ce).collect();
        BusinessCalendar {
            holidays,
            workdays,
            listed_weekdays,
            workday_numbers,
        }
    }

    /// The last year the calendar lists a holiday or a make-up day in: after it, only
    /// weekends are known.
    pub fn last_year(&self) -> Option<i32> {
        [self.holidays.last(), self.workdays.last()]
            .into_iter()
            .flatten()
            .map(|d| d.year())
            .max()
    }

    /// Whether `d` is a business day (the tests' reference for the counting below).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn is_business_day(&self, d: Date) -> bool {
        if self.workdays.binary_search(&d).is_ok() {
            return true;
        }
        if self.holidays.binary_search(&d).is_ok() {
            return false;
        }
        is_weekday(d)
    }

    /// The business days after day number `from` up to day number `to`, both counted
    /// from the common era (`from < to`), in log time: the weekdays between them, less
    /// the listed days among them that are weekdays, plus the make-up working days.
    fn business_days_between(&self, from: i32, to: i32) -> i64 {
        let within = |list: &[i32]| -> i64 {
            let after = |n: i32| list.partition_point(|d| *d <= n);
            i64::try_from(after(to).saturating_sub(after(from))).unwrap_or(i64::MAX)
        };
        weekdays_through(to)
            .saturating_sub(weekdays_through(from))
            .saturating_sub(within(&self.listed_weekdays))
            .saturating_add(within(&self.workday_numbers))
    }

    /// The latest day `add_business_days(from, m)` can give for any `m <= n` (later days
    /// are never searched), or `None` past the last date there is.
    pub fn latest_after(&self, from: Date, n: u32) -> Option<Date> {
        NaiveDate::from_num_days_from_ce_opt(
            from.num_days_from_ce()
                .saturating_add(self.search_budget(n)),
        )
    }

    /// How many days after its start `add_business_days` searches for the `n`-th business
    /// day. Bounded as a day-by-day walk was: every day stepped over is a business day, a
    /// weekend day or a holiday, and weekends are at most 2 of every 7 days.
    fn search_budget(&self, n: u32) -> i32 {
        let days =
            u64::from(n).saturating_add(u64::try_from(self.holidays.len()).unwrap_or(u64::MAX));
        i32::try_from(days.saturating_add(7).saturating_mul(3)).unwrap_or(i32::MAX)
    }

    /// The date `n` business days after `from`. Counting starts the day after, so a request
    /// on Friday with 1 business day lands on Monday; with `n = 0` it is `from` itself.
    /// Found by counting business days (in log time) at a few days: a curve asks this at
    /// every point, and walking day by day through ten thousand listed holidays took a
    /// third of a millisecond each time.
    pub fn add_business_days(&self, from: Date, n: u32) -> Option<Date> {
        if n == 0 {
            return Some(from);
        }
        let start = from.num_days_from_ce();
        let last = start
            .saturating_add(self.search_budget(n))
            .min(NaiveDate::MAX.num_days_from_ce());
        let wanted = i64::from(n);
        let count = |day: i32| self.business_days_between(start, day);
        if last <= start || count(last) < wanted {
            return None;
        }
        // At most one business day a day: the n-th is n days on or later, so the count up
        // to the day before is short. From there, steps that double until the count is
        // reached (weekends alone take a step or two), then bisection between the last
        // two: a handful of counts where bisecting the whole search took a dozen.
        let mut lo = start
            .saturating_add(i32::try_from(n).unwrap_or(i32::MAX))
            .saturating_sub(1)
            .min(last);
        let short = wanted.saturating_sub(count(lo));
        let mut step = i32::try_from(short.saturating_mul(2).saturating_add(2)).unwrap_or(i32::MAX);
        let mut hi = lo.saturating_add(step).min(last);
        while count(hi) < wanted {
            lo = hi;
            step = step.saturating_mul(2);
            hi = lo.saturating_add(step).min(last);
        }
        // The first day whose count reaches `n`: a business day, the n-th.
        while hi.saturating_sub(lo) > 1 {
            let mid = lo.saturating_add(hi.saturating_sub(lo) / 2);
            if self.business_days_between(start, mid) >= wanted {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        NaiveDate::from_num_days_from_ce_opt(hi)
    }
}

fn is_weekday(d: Date) -> bool {
    !matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun)
}

/// Monday to Friday among the days numbered 1 to `n` from the common era (day 1, 1
/// January of year 1, is a Monday).
fn weekdays_through(n: i32) -> i64 {
    let n = i64::from(n.max(0));
    (n / 7).saturating_mul(5).saturating_add((n % 7).min(5))
}

/// A billing unit for consumed time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Month,
}

impl Unit {
    fn fixed_seconds(self) -> Option<i64> {
        match self {
            Unit::Second => Some(1),
            Unit::Minute => Some(60),
            Unit::Hour => Some(3600),
            Unit::Day => Some(DAY),
            Unit::Month => None,
        }
    }
}

/// Where unit boundaries lie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// Units count from the order's start: 2 days 10 hours after a 10:30 start is 2.42 days.
    Start,
    /// Units are clock and calendar units in the policy's zone: hours at :00, days at
    /// midnight, months on the 1st. Both ends snap to the grid by their rounding.
    Clock,
}

/// How a partial unit counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Partial {
    /// A partial unit counts as a whole one (the customer pays for the started day).
    Up,
    /// A partial unit is not counted.
    Down,
    /// The fraction counts as it is.
    Exact,
}

/// How days are counted when the unit is a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayCount {
    /// Real calendar days.
    Actual,
    /// Every month has 30 days and a year 360 (30/360 bond basis).
    Thirty360,
}

/// How to measure a span of time in units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Measure {
    pub unit: Unit,
    pub anchor: Anchor,
    /// Rounding of the start instant to the grid (only with `Anchor::Clock`).
    pub start: Partial,
    /// Rounding of the end instant (or, with `Anchor::Start`, of the last partial unit).
    pub end: Partial,
    pub day_count: DayCount,
}

impl Measure {
    /// Exact measurement with no rounding, anchored at the start.
    pub fn exact(unit: Unit) -> Measure {
        Measure {
            unit,
            anchor: Anchor::Start,
            start: Partial::Exact,
            end: Partial::Exact,
            day_count: DayCount::Actual,
        }
    }

    /// This measure's unit and day count, exact and anchored at the start: how a length (a
    /// term, a billing month) is measured, while the clock grid and the roundings apply to
    /// the time used only (docs §3.3.1).
    pub fn for_length(&self) -> Measure {
        Measure {
            day_count: self.day_count,
            ..Measure::exact(self.unit)
        }
    }

    /// `to − from` in units, never negative. `None` only on arithmetic overflow.
    pub fn between(&self, from: Instant, to: Instant, zone: Zone) -> Option<Decimal> {
        if to <= from {
            return Some(Decimal::ZERO);
        }
        // Whole units of fixed length from the start, rounded up or down: an integer
        // division instead of a 28-digit decimal one, then `ceil`/`floor`. The same value
        // and scale (0): a fraction of a unit is at least 1 ÷ 86 400 away from a whole one,
        // far beyond the quotient's 28 digits, so rounding it can never reach the next
        // integer (a test compares both ways).
        let calendar_days = self.unit == Unit::Day && zone.observes_dst();
        if let (Anchor::Start, Some(len), Partial::Up | Partial::Down, false) =
            (self.anchor, self.fixed_length(), self.end, calendar_days)
        {
            let secs = self
                .clock_seconds(to, zone)
                .checked_sub(self.clock_seconds(from, zone))?;
            if secs > 0 {
                let whole = secs.checked_div(len)?;
                let partial = secs.checked_rem(len)? != 0;
                let units = if self.end == Partial::Up && partial {
                    whole.checked_add(1)?
                } else {
                    whole
                };
                return Some(Decimal::from(units));
            }
        }
        self.between_by_division(from, to, zone)
    }

    /// Seconds on the clock this unit is counted on: days on the wall clock (a calendar day
    /// is 23 or 25 hours when the clocks change), shorter units as they elapse.
    fn clock_seconds(&self, t: Instant, zone: Zone) -> i64 {
        match self.unit {
            Unit::Day | Unit::Month => t.local_seconds(zone),
            Unit::Second | Unit::Minute | Unit::Hour => zone.standard_seconds(t),
        }
    }

    /// The length of the unit in seconds, when [`Measure::position`] measures it so.
    fn fixed_length(&self) -> Option<i64> {
        match (self.unit, self.day_count) {
            (Unit::Day, DayCount::Thirty360) => None,
            (unit, _) => unit.fixed_seconds(),
        }
    }

    /// [`Measure::between`] by dividing, whatever the unit and rounding.
    fn between_by_division(&self, from: Instant, to: Instant, zone: Zone) -> Option<Decimal> {
        if to <= from {
            return Some(Decimal::ZERO);
        }
        let units = match self.anchor {
            Anchor::Start => round_partial(self.position(from, to, zone)?, self.end),
            Anchor::Clock => {
                let a = round_partial(self.position(Instant(0), from, zone)?, self.start);
                let b = round_partial(self.position(Instant(0), to, zone)?, self.end);
                b.checked_sub(a)?
            }
        };
        Some(units.max(Decimal::ZERO))
    }

    /// Units from `origin` to `t`, exactly. With the clock anchor the origin is the
    /// epoch in local time, so integer positions are grid points (midnights, 1sts, …).
    fn position(&self, origin: Instant, t: Instant, zone: Zone) -> Option<Decimal> {
        let origin = match self.anchor {
            Anchor::Start => Some(origin),
            Anchor::Clock => None, // the local epoch
        };
        // Wall-clock times, for the arms that need them (a curve asks for every point).
        let locals = || {
            (
                origin.map_or(NaiveDateTime::default(), |o| o.local(zone)),
                t.local(zone),
            )
        };
        match (self.unit, self.day_count) {
            (Unit::Day | Unit::Month, DayCount::Actual) if zone.observes_dst() => {
                calendar_position(self.unit, origin, t, zone)
            }
            (Unit::Month, _) => {
                let (local_origin, local_t) = locals();
                months_between(local_origin, local_t)
            }
            (Unit::Day, DayCount::Thirty360) => {
                let (local_origin, local_t) = locals();
                let days = days_360(local_origin.date(), local_t.date());
                let day_share = |t: Instant, local: NaiveDateTime| {
                    if stands_still_360(local) {
                        Some(Decimal::ZERO)
                    } else {
                        day_share(t, local, zone)
                    }
                };
                let origin_share = match origin {
                    Some(o) => day_share(o, local_origin)?,
                    None => Decimal::ZERO,
                };
                Decimal::from(days)
                    .checked_add(day_share(t, local_t)?)?
                    .checked_sub(origin_share)
            }
            (unit, _) => {
                let len = unit.fixed_seconds()?;
                // From the local epoch, grid points are whole units.
                let origin = origin.map_or(0, |o| self.clock_seconds(o, zone));
                ratio(self.clock_seconds(t, zone).checked_sub(origin)?, len)
            }
        }
    }
}

fn ratio(num: i64, den: i64) -> Option<Decimal> {
    Decimal::from(num).checked_div(Decimal::from(den))
}

fn round_partial(units: Decimal, partial: Partial) -> Decimal {
    match partial {
        Partial::Up => units.ceil(),
        Partial::Down => units.floor(),
        Partial::Exact => units,
    }
}

/// Whole calendar months from `from` to `to`, plus the fraction of the month in progress
/// (measured against that month's real length, anniversary to anniversary).
fn months_between(from: NaiveDateTime, to: NaiveDateTime) -> Option<Decimal> {
    let (whole, into, length) = month_position(from, to)?;
    Decimal::from(whole).checked_add(ratio(into, length)?)
}

/// Whole calendar months from `from` to `to` in `zone`, and whether a month is in
/// progress: `Measure::between` for months rounded down (and, plus one when in progress,
/// rounded up), without dividing. Zero when `to` is not after `from`.
///
/// Computed on plain integers (no chrono), because every point of a refund curve asks:
/// the anniversary in `to`'s month is `from`'s day clamped to that month's length, as
/// `month_position` finds it by adding months.
pub fn whole_months(from: Instant, to: Instant, zone: Zone) -> Option<(u32, bool)> {
    if to <= from {
        return Some((0, false));
    }
    let (from, to) = (from.civil(zone), to.civil(zone));
    let span = to
        .year
        .checked_sub(from.year)?
        .checked_mul(12)?
        .checked_add(i64::from(to.month))?
        .checked_sub(i64::from(from.month))?;
    let anniversary = (
        from.day.min(days_in_month(to.year, to.month)),
        from.second_of_day,
    );
    let now = (to.day, to.second_of_day);
    // Not yet reached: the month before `to`'s is the last whole one, and `to` is past
    // its anniversary (a month earlier), so a month is in progress.
    let (whole, in_progress) = if anniversary <= now {
        (span, anniversary < now)
    } else {
        (span.checked_sub(1)?, true)
    };
    Some((u32::try_from(whole).ok()?, in_progress))
}

/// Days in `month` (1–12) of the proleptic Gregorian `year`.
fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `(whole months, seconds into the month in progress, that month's length in seconds)`.
fn month_position(from: NaiveDateTime, to: NaiveDateTime) -> Option<(i64, i64, i64)> {
    let span = i64::from(to.year())
        .checked_sub(i64::from(from.year()))?
        .checked_mul(12)?
        .checked_add(i64::from(to.month()))?
        .checked_sub(i64::from(from.month()))?;
    // Step back from the estimate until the anniversary is not past `to`. Negative before
    // `from`: clock-anchored positions count from 1970, and orders may be older.
    let mut whole = span;
    let anniversary = |k: i64| -> Option<NaiveDateTime> {
        let months = Months::new(u32::try_from(k.unsigned_abs()).ok()?);
        if k >= 0 {
            from.checked_add_months(months)
        } else {
            from.checked_sub_months(months)
        }
    };
    while anniversary(whole)? > to {
        whole = whole.checked_sub(1)?;
    }
    let last = anniversary(whole)?;
    let next = anniversary(whole.checked_add(1)?)?;
    let into = to
        .and_utc()
        .timestamp()
        .checked_sub(last.and_utc().timestamp())?;
    let length = next
        .and_utc()
        .timestamp()
        .checked_sub(last.and_utc().timestamp())?;
    Some((whole, into, length))
}

/// Whether the day stands still by 30E/360. In a 31-day month the clock stands still on the
/// 30th (all of it is its midnight) and runs on the 31st, whose midnight is the 30th's: the
/// convention's "the 31st counts as the 30th", without time running backwards from 23:00 on
/// the 30th to 06:00 on the 31st.
fn stands_still_360(t: NaiveDateTime) -> bool {
    t.day() == 30 && days_in_month(i64::from(t.year()), t.month()) == 31
}

/// The share of its day that has passed at `t` (`local` is its wall-clock time): the time of
/// day over 24 hours, or, where the clocks change, the seconds elapsed since midnight over
/// the day's real length (23 or 25 hours), which never runs backwards.
fn day_share(t: Instant, local: NaiveDateTime, zone: Zone) -> Option<Decimal> {
    if !zone.observes_dst() {
        return ratio(i64::from(local.num_seconds_from_midnight()), DAY);
    }
    let midnight = Instant::from_local(local.date().and_time(NaiveTime::MIN), zone)?;
    let next = Instant::from_local(local.date().succ_opt()?.and_time(NaiveTime::MIN), zone)?;
    ratio(t.seconds_since(midnight), next.seconds_since(midnight))
}

/// Days or months from `origin` (`None`: the local epoch) to `t` where the clocks change:
/// whole units on the wall clock, and the one in progress as the share of its real length
/// that has elapsed. So a day of 23 or 25 hours is one day, and time never runs backwards in
/// the hour the clocks repeat (what Temporal's and jiff's `total` do).
fn calendar_position(
    unit: Unit,
    origin: Option<Instant>,
    t: Instant,
    zone: Zone,
) -> Option<Decimal> {
    let local_origin = origin.map_or(NaiveDateTime::default(), |o| o.local(zone));
    let local_t = t.local(zone);
    // The k-th anniversary; the 0th is the origin itself (the clocks may show its time twice).
    let anniversary = |k: i64| -> Option<Instant> {
        if k == 0 {
            if let Some(o) = origin {
                return Some(o);
            }
        }
        let local = match unit {
            Unit::Month if k >= 0 => {
                local_origin.checked_add_months(Months::new(u32::try_from(k).ok()?))?
            }
            Unit::Month => local_origin
                .checked_sub_months(Months::new(u32::try_from(k.checked_neg()?).ok()?))?,
            _ => local_origin.checked_add_signed(chrono::TimeDelta::try_days(k)?)?,
        };
        Instant::from_local(local, zone)
    };
    let mut whole = match unit {
        Unit::Month => month_position(local_origin, local_t)?.0,
        _ => local_t
            .and_utc()
            .timestamp()
            .checked_sub(local_origin.and_utc().timestamp())?
            .div_euclid(DAY),
    };
    // The wall clock can be an hour off the instant in the hour it repeats: step to the
    // anniversaries around `t`.
    let mut last = anniversary(whole)?;
    while last > t {
        whole = whole.checked_sub(1)?;
        last = anniversary(whole)?;
    }
    let mut next = anniversary(whole.checked_add(1)?)?;
    while next <= t {
        whole = whole.checked_add(1)?;
        last = next;
        next = anniversary(whole.checked_add(1)?)?;
    }
    Decimal::from(whole).checked_add(ratio(t.seconds_since(last), next.seconds_since(last))?)
}

/// Days between two dates by the 30E/360 convention: every 31st counts as the 30th, so
/// each month has 30 days and the count never runs backwards within a day (the US bond
/// basis keeps an end on the 31st when the start is before the 30th, which would make the
/// 31st count more than the 1st that follows it).
pub fn days_360(from: Date, to: Date) -> i64 {
    let d1 = from.day().min(30);
    let d2 = to.day().min(30);
    let years = i64::from(to.year()).saturating_sub(i64::from(from.year()));
    let months = i64::from(to.month()).saturating_sub(i64::from(from.month()));
    let days = i64::from(d2).saturating_sub(i64::from(d1));
    years
        .saturating_mul(360)
        .saturating_add(months.saturating_mul(30))
        .saturating_add(days)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::arithmetic_side_effects)]
    use super::*;
    use std::str::FromStr;

    const CST: Zone = Zone::fixed(Offset(8 * 3600));

    fn at(s: &str) -> Instant {
        Instant::parse(s, CST).unwrap_or_else(|| panic!("bad instant {s}"))
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// `whole_months` is `Measure::between` in months, floored (and ceiled when a month is
    /// in progress), without the division: checked on month ends, leap days and instants a
    /// second apart.
    #[test]
    fn whole_months_agrees_with_the_month_measure() {
        let starts = [
            "2024-01-31T10:30:00+08:00",
            "2024-02-29",
            "2026-01-15T23:59:59+08:00",
            "2026-03-31",
        ];
        for start in starts.map(at) {
            let mut t = start.add_seconds(-86_400).unwrap();
            for step in 0..900 {
                t = t
                    .add_seconds(if step % 3 == 0 { 1 } else { 86_399 * 3 })
                    .unwrap();
                let exact = Measure::exact(Unit::Month).between(start, t, CST).unwrap();
                let (whole, in_progress) = whole_months(start, t, CST).unwrap();
                assert_eq!(Decimal::from(whole), exact.floor(), "{start:?} → {t:?}");
                assert_eq!(
                    in_progress,
                    exact.fract() > Decimal::ZERO,
                    "{start:?} → {t:?}"
                );
            }
        }
    }

    #[test]
    fn rfc3339_agrees_with_chrono_across_the_supported_years() {
        // Every 997 hours from 1900 to 9999 (about 71 000 instants), at three offsets.
        let first = at("1900-01-01T00:00:00+14:00").0;
        let last = at("9999-12-31T23:59:59-14:00").0;
        assert_eq!(Instant(last).rfc3339(CST), "10000-01-01T21:59:59+08:00");
        for offset in [Offset::UTC, Offset(8 * 3600), Offset(-(9 * 3600 + 30 * 60))] {
            let zone = Zone::fixed(offset);
            let mut t = first;
            while t <= last {
                let local = Instant(t).local(zone);
                let sign = if offset.0 < 0 { '-' } else { '+' };
                let abs = offset.0.unsigned_abs();
                let expected = format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
                    local.year(),
                    local.month(),
                    local.day(),
                    local.hour(),
                    local.minute(),
                    local.second(),
                    abs / 3600,
                    abs % 3600 / 60
                );
                assert_eq!(Instant(t).rfc3339(zone), expected);
                t += 997 * 3600 + 59;
            }
        }
    }

    #[test]
    fn whole_months_agrees_with_adding_months() {
        // Pairs from a fixed pseudo-random sequence, days to a few years apart, many on
        // month ends (the 28th to the 31st) and on the same time of day.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: i64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as i64
        };
        let base = at("2023-01-28T10:30:00+08:00").0;
        let offsets = [CST, Zone::UTC, Zone::fixed(Offset(-(9 * 3600 + 30 * 60)))];
        for k in 0..60_000 {
            let offset = offsets[k % 3];
            let from = Instant(base + next(4 * 366) * DAY + next(4) * 3600);
            let to = Instant(from.0 + next(3 * 366) * DAY + [0, 1, 3600, -1][next(4) as usize]);
            let (whole, into, _) = month_position(from.local(offset), to.local(offset)).unwrap();
            let expected = if to <= from {
                (0, false)
            } else {
                (u32::try_from(whole).unwrap(), into > 0)
            };
            assert_eq!(
                whole_months(from, to, offset),
                Some(expected),
                "{from:?} → {to:?} at {offset:?}"
            );
        }
    }

    #[test]
    fn parses_rfc3339_and_plain_dates() {
        assert_eq!(at("2026-01-15T10:30:00+08:00"), at("2026-01-15T02:30:00Z"));
        assert_eq!(
            at("2026-01-15T10:30:00.999+08:00"),
            at("2026-01-15T10:30:00+08:00")
        );
        assert_eq!(at("2026-01-15"), at("2026-01-15T00:00:00+08:00"));
        assert_eq!(at("2026-01-15").rfc3339(CST), "2026-01-15T00:00:00+08:00");
        assert_eq!(
            at("2026-01-15T00:00:00-05:30").rfc3339(Zone::UTC),
            "2026-01-15T05:30:00+00:00"
        );
        // Written without `format!`: padding, negative offsets, four-digit years.
        assert_eq!(
            at("1999-12-31T23:59:09+08:00").rfc3339(Zone::fixed(Offset(-(9 * 3600 + 30 * 60)))),
            "1999-12-31T06:29:09-09:30"
        );
        assert_eq!(
            at("9999-12-31T23:59:59+08:00").rfc3339(CST),
            "9999-12-31T23:59:59+08:00"
        );
        assert_eq!(
            format_date(Date::from_ymd_opt(1900, 1, 1).unwrap()),
            "1900-01-01"
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-01-15T24:00:00Z",
            "2026-01-15T10:30:00",
            "2026-01-15T10:30:00+8:00",
            "2026-01-15T10:30:00+19:00",
            "2026-01-15T10:30:00.Z",
            "26-01-15",
            "1899-12-31",
            "２０２６-01-15",
        ] {
            assert_eq!(Instant::parse(bad, CST), None, "{bad}");
        }
        assert!(Instant::parse("2028-02-29T12:00:00Z", CST).is_some());
    }

    /// RFC 9557 (`Temporal.ZonedDateTime.prototype.toString()`) and timestamps without
    /// seconds (`datetime-local` and an offset).
    #[test]
    fn rfc_9557_zones_and_minutes_without_seconds() {
        let at = |s: &str| Instant::parse_checked(s, Zone::UTC);
        let plain = at("2026-05-20T18:40:00+08:00").unwrap();
        for same in [
            "2026-05-20T18:40+08:00",
            "2026-05-20T18:40:00+08:00[Asia/Shanghai]",
            "2026-05-20T18:40+08:00[Asia/Shanghai]",
            "2026-05-20T18:40:00+08:00[!Asia/Shanghai]",
            "2026-05-20T18:40:00+08:00[Asia/Shanghai][u-ca=iso8601]",
            "2026-05-20T18:40:00+08:00[Asia/Shanghai][!u-ca=gregory][x-foo=bar-baz]",
            "2026-05-20T18:40:00.000+08:00[+08:00]",
            "2026-05-20T18:40:00+08:00[u-ca=iso8601]",
            "2026-05-20T10:40:00Z[Asia/Shanghai]",
            "2026-05-20T10:40:00Z[America/New_York]",
            // A zone the engine does not know: the offset alone fixes the instant.
            "2026-05-20T18:40:00+08:00[Asia/Urumqi]",
            "2026-05-20T18:40:00+08:00[Etc/GMT-8]",
        ] {
            assert_eq!(at(same), Ok(plain), "{same}");
        }
        // Both sides of New York's repeated hour, each with its own offset.
        let first = at("2026-11-01T01:30:00-04:00[America/New_York]").unwrap();
        let second = at("2026-11-01T01:30:00-05:00[America/New_York]").unwrap();
        assert_eq!(second.0 - first.0, 3600);
        // Before the built-in rules (2008), a zone is not checked: New York's daylight time
        // started on 2 April in 2000.
        assert!(at("2000-04-01T12:00:00-05:00[America/New_York]").is_ok());
        assert!(at("1988-06-01T12:00:00+09:00[Asia/Shanghai]").is_ok());
        for (wrong, zone, expected, given) in [
            (
                "2026-05-20T18:40:00+09:00[Asia/Shanghai]",
                "Asia/Shanghai",
                "+08:00",
                "+09:00",
            ),
            (
                "2026-07-01T12:00:00-05:00[America/New_York]",
                "America/New_York",
                "-04:00",
                "-05:00",
            ),
            (
                "2026-05-20T18:40:00+08:00[+09:00]",
                "+09:00",
                "+09:00",
                "+08:00",
            ),
        ] {
            assert_eq!(
                at(wrong),
                Err(TimestampError::ZoneDisagrees(
                    zone.into(),
                    expected.into(),
                    given.into()
                )),
                "{wrong}"
            );
        }
        assert_eq!(
            at("2026-05-20T18:40:00+08:00[Asia/Shanghai][!x-foo=bar]"),
            Err(TimestampError::Critical("[!x-foo=bar]".into()))
        );
        for malformed in [
            "2026-05-20T18:40+08:00]",
            "2026-05-20T18:40:00+08:00[]",
            "2026-05-20T18:40:00+08:00[Asia/Shanghai",
            "2026-05-20T18:40:00+08:00[Asia//Shanghai]",
            "2026-05-20T18:40:00+08:00[Asia/../etc]",
            "2026-05-20T18:40:00+08:00[Asia/Shanghai][Asia/Tokyo]",
            "2026-05-20T18:40:00+08:00[Z]",
            "2026-05-20T18:40:00+08:00[u-ca=]",
            "2026-05-20T18:40:00+08:00[U-CA=iso8601]",
            "2026-05-20T18:40:00+08:00 [Asia/Shanghai]",
            "2026-05-20T18:40:00[Asia/Shanghai]",
            "2026-05-20T18:40.5+08:00",
            "2026-05-20T18:4+08:00",
            "2026-05-20T18+08:00",
            "2026-05-20T18:40",
        ] {
            assert_eq!(at(malformed), Err(TimestampError::Malformed), "{malformed}");
        }
    }

    #[test]
    fn offsets() {
        assert_eq!(Offset::parse("+08:00"), Some(Offset(8 * 3600)));
        assert_eq!(Offset::parse("-05:30"), Some(Offset(-19800)));
        assert_eq!(Offset::parse("Z"), Some(Offset::UTC));
        assert_eq!(Offset(-19800).to_string(), "-05:30");
        assert_eq!(Offset::parse("08:00"), None);
        assert_eq!(Offset::parse("+18:01"), None);
    }

    /// Daylight-saving transitions 2024–2030 as Python's zoneinfo (the IANA database) gives
    /// them: the offset changes exactly at each listed instant.
    #[test]
    fn daylight_saving_transitions_match_the_iana_database() {
        let table: [(&str, [&str; 6], i64, i64); 4] = [
            (
                "America/New_York",
                [
                    "2024-03-10T07:00:00Z",
                    "2024-11-03T06:00:00Z",
                    "2026-03-08T07:00:00Z",
                    "2026-11-01T06:00:00Z",
                    "2030-03-10T07:00:00Z",
                    "2030-11-03T06:00:00Z",
                ],
                -300,
                -240,
            ),
            (
                "Europe/Berlin",
                [
                    "2024-03-31T01:00:00Z",
                    "2024-10-27T01:00:00Z",
                    "2027-03-28T01:00:00Z",
                    "2027-10-31T01:00:00Z",
                    "2030-03-31T01:00:00Z",
                    "2030-10-27T01:00:00Z",
                ],
                60,
                120,
            ),
            (
                "Australia/Sydney",
                [
                    "2024-10-05T16:00:00Z",
                    "2025-04-05T16:00:00Z",
                    "2028-09-30T16:00:00Z",
                    "2029-03-31T16:00:00Z",
                    "2030-10-05T16:00:00Z",
                    "2030-04-06T16:00:00Z",
                ],
                600,
                660,
            ),
            (
                "America/Los_Angeles",
                [
                    "2025-03-09T10:00:00Z",
                    "2025-11-02T09:00:00Z",
                    "2028-03-12T10:00:00Z",
                    "2028-11-05T09:00:00Z",
                    "2029-03-11T10:00:00Z",
                    "2029-11-04T09:00:00Z",
                ],
                -480,
                -420,
            ),
        ];
        for (name, transitions, standard, daylight) in table {
            let zone = Zone::parse(name).unwrap();
            for (i, t) in transitions.map(at).into_iter().enumerate() {
                // Into daylight time at even positions, out of it at odd ones.
                let into = i % 2 == 0;
                let (before, after) = if into {
                    (standard, daylight)
                } else {
                    (daylight, standard)
                };
                assert_eq!(
                    zone.offset_at(t.0 - 1),
                    before * 60,
                    "{name} just before {t:?}"
                );
                assert_eq!(zone.offset_at(t.0), after * 60, "{name} at {t:?}");
            }
        }
    }

    /// Wall-clock times the clocks skip land an hour later; times they repeat are the first
    /// occurrence; days are calendar days (23 or 25 hours across a change).
    #[test]
    fn local_times_across_daylight_saving_changes() {
        let ny = Zone::parse("America/New_York").unwrap();
        let local = |s: &str| Instant::parse(s, ny).unwrap();
        let wall = |d: &str, h: u32, m: u32| {
            Instant::from_local(parse_date(d).unwrap().and_hms_opt(h, m, 0).unwrap(), ny).unwrap()
        };
        // 8 Mar 2026: 02:00 EST becomes 03:00 EDT; 02:30 does not exist.
        assert_eq!(
            wall("2026-03-08", 2, 30).rfc3339(ny),
            "2026-03-08T03:30:00-04:00"
        );
        assert_eq!(
            wall("2026-03-08", 1, 59).rfc3339(ny),
            "2026-03-08T01:59:00-05:00"
        );
        // 1 Nov 2026: 02:00 EDT becomes 01:00 EST; 01:30 happens twice, first in EDT.
        assert_eq!(
            wall("2026-11-01", 1, 30).rfc3339(ny),
            "2026-11-01T01:30:00-04:00"
        );
        assert_eq!(
            local("2026-11-01T01:30:00-05:00").rfc3339(ny),
            "2026-11-01T01:30:00-05:00"
        );
        // A plain date is local midnight, at that day's offset.
        assert_eq!(local("2026-07-04").rfc3339(ny), "2026-07-04T00:00:00-04:00");
        assert_eq!(local("2026-12-25").rfc3339(ny), "2026-12-25T00:00:00-05:00");
        // Calendar days keep the wall-clock time: 23 hours across the spring change.
        let before = local("2026-03-07T10:30:00-05:00");
        let after = before.add_days(1, ny).unwrap();
        assert_eq!(after.rfc3339(ny), "2026-03-08T10:30:00-04:00");
        assert_eq!(after.seconds_since(before), 23 * 3600);
        // Days are counted on the wall clock, hours as they elapse.
        assert_eq!(
            Measure::exact(Unit::Day).between(before, after, ny),
            Some(dec("1"))
        );
        assert_eq!(
            Measure::exact(Unit::Hour).between(before, after, ny),
            Some(dec("23"))
        );
        // Clock hours fall on the local hour in both seasons.
        let hours = Measure {
            anchor: Anchor::Clock,
            start: Partial::Down,
            end: Partial::Down,
            ..Measure::exact(Unit::Hour)
        };
        let from = local("2026-03-08T01:30:00-05:00");
        let to = local("2026-03-08T04:10:00-04:00");
        assert_eq!(hours.between(from, to, ny), Some(dec("2")));
        // A month across the change is a calendar month.
        let month = Measure::exact(Unit::Month);
        assert_eq!(
            month.between(
                local("2026-02-15T12:00:00-05:00"),
                local("2026-03-15T12:00:00-04:00"),
                ny
            ),
            Some(dec("1"))
        );
        // 1 Nov 2026: 01:00–02:00 happens twice. Days and months never run backwards through
        // it (the unit in progress is its elapsed share), a second occurrence stays itself
        // when nothing is added, and an hour across it is a positive share of a day.
        let first = local("2026-11-01T01:50:00-04:00");
        let second = local("2026-11-01T01:10:00-05:00"); // 20 minutes later, an earlier wall time
        let origin = local("2026-10-20T01:30:00-04:00");
        for unit in [Unit::Day, Unit::Month] {
            let m = Measure::exact(unit);
            let (a, b) = (
                m.between(origin, first, ny).unwrap(),
                m.between(origin, second, ny).unwrap(),
            );
            assert!(a < b, "{unit:?}: {a} then {b}");
        }
        assert_eq!(second.add_days(0, ny), Some(second));
        assert_eq!(second.add_months(0, ny), Some(second));
        let hour = Measure::exact(Unit::Day).between(first, local("2026-11-01T01:50:00-05:00"), ny);
        assert_eq!(hour, Some(dec("1") / dec("25")), "an hour of a 25-hour day");
        // Names are exact; offsets still parse.
        assert_eq!(Zone::parse("america/new_york"), None);
        assert_eq!(Zone::parse("+08:00"), Some(CST));
        assert!(Zone::names().any(|n| n == "Asia/Shanghai"));
    }

    /// Clock-anchored months count from 1970: an order of 1960 measures as one of 2026 with
    /// the same calendar (Jan 15 → Mar 20: 2 + 19/31 − 14/31 months), with a fixed offset and
    /// where the clocks change (there, March is 743 hours long: 19 × 24 of 743).
    #[test]
    fn clock_months_before_1970() {
        let m = Measure {
            anchor: Anchor::Clock,
            ..Measure::exact(Unit::Month)
        };
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        let march_in_berlin = dec("456") / dec("743");
        for (zone, march) in [(CST, dec("19") / dec("31")), (berlin, march_in_berlin)] {
            let months = |y: &str| {
                let day = |md: &str| Instant::parse(&format!("{y}-{md}"), zone).unwrap();
                m.between(day("01-15"), day("03-20"), zone).unwrap()
            };
            let expected = dec("2") + march - dec("14") / dec("31");
            for year in ["1960", "2026"] {
                assert!(
                    (months(year) - expected).abs() < dec("1e-20"),
                    "{zone:?} {year}: {}",
                    months(year)
                );
            }
        }
    }

    #[test]
    fn month_addition_clamps_to_month_end() {
        assert_eq!(at("2026-01-31").add_months(1, CST), Some(at("2026-02-28")));
        assert_eq!(at("2028-01-31").add_months(1, CST), Some(at("2028-02-29")));
        assert_eq!(at("2026-01-31").add_months(2, CST), Some(at("2026-03-31")));
        assert_eq!(at("2028-02-29").add_months(12, CST), Some(at("2029-02-28")));
    }

    /// Whole fixed units rounded up or down, counted on integers, are what dividing and
    /// rounding the quotient gives: value and scale, a second around every unit boundary.
    #[test]
    fn whole_units_by_integers_agree_with_dividing() {
        let starts = [
            at("2026-01-15T10:30:00+08:00"),
            at("2024-02-29T23:59:59+08:00"),
            Instant(0),
            Instant(-2_208_988_800),
        ];
        let offsets = [CST, Zone::UTC, Zone::fixed(Offset(-5 * 3600 - 1800))];
        for unit in [Unit::Second, Unit::Minute, Unit::Hour, Unit::Day] {
            for day_count in [DayCount::Actual, DayCount::Thirty360] {
                for end in [Partial::Up, Partial::Down, Partial::Exact] {
                    let m = Measure {
                        end,
                        day_count,
                        ..Measure::exact(unit)
                    };
                    let len = unit.fixed_seconds().unwrap();
                    for &start in &starts {
                        for &offset in &offsets {
                            let mut spans: Vec<i64> = vec![-1, 0, 1, 2, 59, 61, 3599, 3601];
                            for k in [1i64, 2, 7, 365, 1096, 36_525] {
                                spans.extend([k * len - 1, k * len, k * len + 1]);
                            }
                            for span in spans {
                                let to = Instant(start.0 + span);
                                let fast = m.between(start, to, offset).unwrap();
                                let slow = m.between_by_division(start, to, offset).unwrap();
                                assert_eq!(fast, slow, "{unit:?} {end:?} {span}");
                                assert_eq!(fast.scale(), slow.scale(), "{unit:?} {end:?} {span}");
                                assert_eq!(
                                    fast.is_sign_negative(),
                                    slow.is_sign_negative(),
                                    "{unit:?} {end:?} {span}"
                                );
                            }
                        }
                    }
                }
            }
        }
        // Beyond what a date can hold, both measure from the default (the epoch).
        let m = Measure {
            end: Partial::Up,
            ..Measure::exact(Unit::Day)
        };
        for (from, to) in [
            (Instant(0), Instant(i64::MAX / 2)),
            (Instant(i64::MIN / 2), Instant(10 * DAY + 1)),
        ] {
            assert_eq!(
                m.between(from, to, CST),
                m.between_by_division(from, to, CST)
            );
        }
    }

    #[test]
    fn day_rounding_like_alibaba() {
        // 2 days 10 hours counts as 3 days when a partial day counts whole.
        let m = Measure {
            end: Partial::Up,
            ..Measure::exact(Unit::Day)
        };
        let used = m.between(
            at("2026-01-01T10:30:00+08:00"),
            at("2026-01-03T20:30:00+08:00"),
            CST,
        );
        assert_eq!(used, Some(dec("3")));
        let m = Measure {
            end: Partial::Down,
            ..m
        };
        assert_eq!(
            m.between(
                at("2026-01-01T10:30:00+08:00"),
                at("2026-01-03T20:30:00+08:00"),
                CST
            ),
            Some(dec("2"))
        );
    }

    #[test]
    fn hour_rounding_like_huawei() {
        // Bought 10:30 counts from 10:00; cancelled 18:40 counts to 18:00: 8 hours.
        let m = Measure {
            unit: Unit::Hour,
            anchor: Anchor::Clock,
            start: Partial::Down,
            end: Partial::Down,
            day_count: DayCount::Actual,
        };
        let used = m.between(
            at("2026-03-01T10:30:00+08:00"),
            at("2026-03-01T18:40:00+08:00"),
            CST,
        );
        assert_eq!(used, Some(dec("8")));
    }

    #[test]
    fn exact_seconds_and_minutes() {
        let m = Measure::exact(Unit::Minute);
        assert_eq!(
            m.between(at("2026-03-01T10:00:00Z"), at("2026-03-01T10:01:30Z"), CST),
            Some(dec("1.5"))
        );
        assert_eq!(
            m.between(at("2026-03-01T10:00:00Z"), at("2026-03-01T09:00:00Z"), CST),
            Some(Decimal::ZERO)
        );
    }

    #[test]
    fn months_from_the_31st() {
        let m = Measure::exact(Unit::Month);
        // Jan 31 → Feb 28 is one whole month; half of March's anniversary month later.
        assert_eq!(
            m.between(at("2026-01-31"), at("2026-02-28"), CST),
            Some(dec("1"))
        );
        assert_eq!(
            m.between(at("2026-01-15"), at("2027-01-15"), CST),
            Some(dec("12"))
        );
        // 2026-01-15 → 2026-02-15 is 31 days; 15.5 days in is exactly half.
        assert_eq!(
            m.between(at("2026-01-15"), at("2026-01-30T12:00:00+08:00"), CST),
            Some(dec("0.5"))
        );
        let up = Measure {
            end: Partial::Up,
            ..m
        };
        assert_eq!(
            up.between(at("2026-01-15"), at("2026-02-16"), CST),
            Some(dec("2"))
        );
    }

    #[test]
    fn calendar_months_on_the_clock_grid() {
        let m = Measure {
            unit: Unit::Month,
            anchor: Anchor::Clock,
            start: Partial::Down,
            end: Partial::Up,
            day_count: DayCount::Actual,
        };
        // Mid-January to early March touches January, February and March.
        assert_eq!(
            m.between(at("2026-01-15"), at("2026-03-02"), CST),
            Some(dec("3"))
        );
    }

    #[test]
    fn thirty_360() {
        let d = |s| parse_date(s).unwrap();
        assert_eq!(days_360(d("2026-01-31"), d("2026-02-28")), 28);
        // The 31st counts as the 30th, so it never counts more than the 1st after it.
        assert_eq!(days_360(d("2025-01-15"), d("2025-01-31")), 15);
        assert_eq!(days_360(d("2025-01-15"), d("2025-02-01")), 16);
        assert_eq!(days_360(d("2026-01-30"), d("2026-03-31")), 60);
        assert_eq!(days_360(d("2026-01-15"), d("2027-01-15")), 360);
        let m = Measure {
            day_count: DayCount::Thirty360,
            ..Measure::exact(Unit::Day)
        };
        assert_eq!(
            m.between(at("2026-01-15"), at("2026-05-15T12:00:00+08:00"), CST),
            Some(dec("120.5"))
        );
    }

    #[test]
    fn business_days_skip_weekends_holidays_and_honour_make_up_days() {
        let d = |s| parse_date(s).unwrap();
        // 2026 Labour Day: 1–5 May off, Saturday 9 May is a working day.
        let cal = BusinessCalendar::new(
            vec![d("2026-05-01"), d("2026-05-04"), d("2026-05-05")],
            vec![d("2026-05-09")],
        );
        // Thursday 30 April + 1 business day: Friday 1 May is a holiday, then a weekend
        // and two more holidays, so Wednesday 6 May.
        assert_eq!(
            cal.add_business_days(d("2026-04-30"), 1),
            Some(d("2026-05-06"))
        );
        // Friday 8 May + 1: Saturday 9 May is a make-up working day.
        assert_eq!(
            cal.add_business_days(d("2026-05-08"), 1),
            Some(d("2026-05-09"))
        );
        assert_eq!(
            cal.add_business_days(d("2026-05-08"), 0),
            Some(d("2026-05-08"))
        );
        // Friday 25 Dec 2026 + 5 business days crosses the year end: 1 Jan 2027 is a normal
        // Friday in this calendar (no holidays listed for it).
        let plain = BusinessCalendar::default();
        assert_eq!(
            plain.add_business_days(d("2026-12-25"), 5),
            Some(d("2027-01-01"))
        );
        assert!(!plain.is_business_day(d("2026-05-09")));
    }

    #[test]
    fn business_days_by_counting_equal_a_walk_day_by_day() {
        // The walk the bisection replaced.
        let walk = |cal: &BusinessCalendar, from: Date, n: u32| {
            let (mut d, mut left) = (from, n);
            while left > 0 {
                d = d.succ_opt()?;
                if cal.is_business_day(d) {
                    left -= 1;
                }
            }
            Some(d)
        };
        let day = |n: u64| Date::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n % 500);
        // A small random generator: the same calendars on every run.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let holidays: Vec<Date> = (0..next() % 60).map(|_| day(next())).collect();
            let workdays: Vec<Date> = (0..next() % 20).map(|_| day(next())).collect();
            let cal = BusinessCalendar::new(holidays, workdays);
            for _ in 0..20 {
                let from = day(next());
                let n = u32::try_from(next() % 80).unwrap();
                assert_eq!(
                    cal.add_business_days(from, n),
                    walk(&cal, from, n),
                    "{from} + {n}"
                );
            }
        }
        // Ten thousand holidays in a row are crossed, not walked.
        let first = Date::from_ymd_opt(2027, 5, 2).unwrap();
        let run: Vec<Date> = (0..10_000u64)
            .map(|i| first + chrono::Days::new(i))
            .collect();
        let cal = BusinessCalendar::new(run, Vec::new());
        let after = first + chrono::Days::new(10_000);
        assert_eq!(cal.add_business_days(first, 1), walk(&cal, first, 1));
        assert!(cal.add_business_days(first, 400).unwrap() > after);
        // Past the last date there is: none.
        let end = NaiveDate::MAX - chrono::Days::new(3);
        assert_eq!(BusinessCalendar::default().add_business_days(end, 10), None);
    }

    #[test]
    fn leap_year_term() {
        let m = Measure::exact(Unit::Day);
        assert_eq!(
            m.between(at("2028-01-01"), at("2029-01-01"), CST),
            Some(dec("366"))
        );
        assert_eq!(
            m.between(at("2026-01-01"), at("2027-01-01"), CST),
            Some(dec("365"))
        );
    }
}
