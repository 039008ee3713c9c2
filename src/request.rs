//! The what-if: when the customer cancels, why, and in which language to answer.

use crate::calendar::{parse_date, Date, Instant, Zone};
use crate::i18n::Locale;
use crate::read::Reader;
use crate::value::Value;
use rust_decimal::Decimal;

/// Why the customer cancels. The string forms are part of the public contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The customer's plans changed (the service is fine).
    BusinessChange,
    /// The service did not meet expectations.
    Dissatisfied,
    /// The provider's service failed: outages, packet loss, SLA breaches.
    ProviderFault,
    /// The same service was bought twice.
    DuplicatePurchase,
    /// Moving to another provider.
    SwitchingProvider,
    Other,
}

impl Reason {
    pub const NAMES: [(&'static str, Reason); 6] = [
        ("business_change", Reason::BusinessChange),
        ("dissatisfied", Reason::Dissatisfied),
        ("provider_fault", Reason::ProviderFault),
        ("duplicate_purchase", Reason::DuplicatePurchase),
        ("switching_provider", Reason::SwitchingProvider),
        ("other", Reason::Other),
    ];
}

#[derive(Clone, Debug)]
pub struct Request {
    /// The cancellation instant.
    pub at: Instant,
    pub reason: Reason,
    /// Measured monthly availability in percent, for SLA credits.
    pub availability: Option<Decimal>,
    /// The day the request is submitted; defaults to the date of `at`.
    pub submitted_on: Option<Date>,
    /// The day of the provider's fault (its last day), for an SLA claim window.
    pub fault_on: Option<Date>,
    /// The day the SLA credit was claimed, when before the request (a ticket filed earlier).
    pub sla_claimed_on: Option<Date>,
    pub locale: Locale,
    /// The locale asked for, when it was not one we speak (we answer in English and warn).
    pub unknown_locale: Option<String>,
}

impl Request {
    pub(crate) fn read(r: &mut Reader, v: &Value, timezone: Zone) -> Option<Request> {
        let mut o = r.object(v)?;
        let at = o.required(r, "at", |r, v| read_instant(r, v, timezone));
        let reason = o
            .optional(r, "reason", |r, v| r.one_of(v, &Reason::NAMES))
            .unwrap_or(Reason::Other);
        let availability = o.optional(r, "availability", Reader::percent);
        let submitted_on = o.optional(r, "submittedOn", read_date);
        let fault_on = o.optional(r, "faultOn", read_date);
        let sla_claimed_on = o.optional(r, "slaClaimedOn", read_date);
        let locale_name = o.optional(r, "locale", Reader::string);
        o.finish(r);
        let (locale, unknown_locale) = match locale_name {
            None => (Locale::En, None),
            Some(name) => match Locale::parse(&name) {
                Some(l) => (l, None),
                None => (Locale::En, Some(name)),
            },
        };
        Some(Request {
            at: at?,
            reason,
            availability,
            submitted_on,
            fault_on,
            sla_claimed_on,
            locale,
            unknown_locale,
        })
    }
}

/// An RFC 3339 timestamp (seconds optional, RFC 9557's `[zone]` and annotations allowed),
/// or a plain date meaning midnight in the policy's time zone.
pub(crate) fn read_instant(r: &mut Reader, v: &Value, timezone: Zone) -> Option<Instant> {
    use crate::calendar::TimestampError;
    let s = r.string(v)?;
    match Instant::parse_checked(&s, timezone) {
        Ok(instant) => Some(instant),
        Err(problem) => {
            let message = match problem {
                TimestampError::Malformed => format!(
                    "expected an RFC 3339 timestamp like \"2026-01-15T10:30:00+08:00\" (seconds may be left out; an RFC 9557 zone like \"[Asia/Shanghai]\" may follow) or a date like \"2026-01-15\", got \"{}\"",
                    crate::read::shorten(&s)
                ),
                TimestampError::ZoneDisagrees(zone, expected, given) => format!(
                    "the offset {given} disagrees with the zone [{}], whose offset at that instant is {expected}: correct one of them in \"{}\"",
                    crate::read::shorten(&zone),
                    crate::read::shorten(&s)
                ),
                TimestampError::Critical(annotation) => format!(
                    "the annotation {} is marked critical (!), and only the time zone and the calendar (u-ca) can be honoured: remove it or its \"!\"",
                    crate::read::shorten(&annotation)
                ),
            };
            r.report(crate::ErrorCode::InvalidDate, message);
            None
        }
    }
}

pub(crate) fn read_date(r: &mut Reader, v: &Value) -> Option<Date> {
    let s = r.string(v)?;
    let date = parse_date(&s);
    if date.is_none() {
        r.report(
            crate::ErrorCode::InvalidDate,
            format!(
                "expected a date like \"2026-05-20\", got \"{}\"",
                crate::read::shorten(&s)
            ),
        );
    }
    date
}
