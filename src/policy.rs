//! The refund policy: a provider's rules as data, read and validated with paths.
//!
//! A policy has a currency, a time zone offset, a rounding mode, policy-wide `rules` (one
//! section per pipeline stage) and `plans`. A plan may override any whole section of the
//! rules in its own `rules`; the override replaces the section, it does not merge into it,
//! so what a plan does can be read in one place. docs/policy.md documents every field.

use crate::calendar::{Anchor, BusinessCalendar, Date, DayCount, Measure, Partial, Unit, Zone};
use crate::currency::Currency;
use crate::error::{Error, ErrorCode};
use crate::i18n::Text;
use crate::money::{self, Rounding};
use crate::order::PaymentMethod;
use crate::read::{Obj, Reader};
use crate::request::Reason;
use crate::value::Value;
use chrono::Datelike;
use rust_decimal::Decimal;

/// The bundled sample policy, a live-streaming dedicated-line catalogue in CNY.
pub const DEFAULT_POLICY_JSON: &str = include_str!("../policies/default.json");

/// The most meters a plan may have. Each one costs work at every point of a refund curve,
/// which also limits a curve's points by its plan's meters (`MAX_CURVE_WORK`).
pub(crate) const MAX_METERS: usize = 1_000;
/// The most list rates a plan may have (a rate per month, day and hour is three).
pub(crate) const MAX_LIST_RATES: usize = 16;
/// The most steps of an early-termination schedule: ten years of monthly steps.
pub(crate) const MAX_SCHEDULE_STEPS: usize = 120;
/// The most tiers of a handling fee or of an SLA, and the most years a handling tier lists.
pub(crate) const MAX_TIERS: usize = 100;
/// A refund curve's points × its plan's [`Plan::items_per_point`] at most: every point
/// prices every meter, schedule step and list rate. 879 points for a plan of 1,000 meters,
/// 120 schedule steps and 16 list rates; the 40,000 points of any curve for a plan of up
/// to 24 such items.
pub(crate) const MAX_CURVE_WORK: usize = 1_000_000;

/// A validated refund policy: what [`validate_policy`](crate::validate_policy) returns, and
/// what every estimate is computed from. Its model is the engine's own; a back office reads
/// it through the accessors below, and writes policies as JSON (docs/policy.md).
#[derive(Clone, Debug)]
pub struct Policy {
    pub(crate) id: String,
    pub(crate) version: String,
    /// How customers know the policy, in their language; never the `id`.
    pub(crate) name: Option<Text>,
    pub(crate) currency: Currency,
    pub(crate) timezone: Zone,
    pub(crate) rounding: Rounding,
    pub(crate) tax: Option<Tax>,
    pub(crate) plans: Vec<Plan>,
    /// Approval, payout and the business-day calendar.
    pub(crate) timeline: crate::timeline::TimelinePolicy,
    /// Documents to prepare and channels to submit through.
    pub(crate) guidance: crate::guidance::Guidance,
}

/// Tax carried in prices; the refund is split into net and tax in the same proportion.
#[derive(Clone, Copy, Debug)]
pub struct Tax {
    /// Percent, e.g. 6 for 6 %.
    pub rate: Decimal,
    /// Whether the policy's prices (list rates, unit prices, flat fees) already include tax.
    /// Order amounts are what was paid and always include it.
    pub inclusive: bool,
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub id: String,
    pub name: Text,
    pub term: Term,
    /// The regular price of one term (what a non-promotional order pays, before tax when
    /// prices exclude tax).
    pub price: Decimal,
    /// The one-time charge an order of this plan carries; an order's `setupFee` defaults to it.
    pub setup_fee: Decimal,
    pub billing: Billing,
    /// The recurring monthly charge, for early-termination fees and SLA credits. Defaults to
    /// `price ÷ term months` for month-based terms.
    pub monthly_fee: Option<Decimal>,
    /// The month-to-month list price, for the "lesser of discount received" fee.
    pub list_monthly_price: Option<Decimal>,
    /// The plan's price today (one term, one month's bill under monthly billing), for a
    /// refund base of the lower of two prices; an order may give its own.
    pub current_price: Option<Decimal>,
    /// Re-pricing rates for list-rate recapture, longest period first.
    pub list_rates: Vec<ListRate>,
    pub meters: Vec<Meter>,
    /// The policy's rules with this plan's overrides applied.
    pub rules: Rules,
}

/// The length of one term of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term {
    Months(u32),
    Days(u32),
    Hours(u32),
}

impl Term {
    pub fn months(self) -> Option<u32> {
        match self {
            Term::Months(m) => Some(m),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Billing {
    /// The whole term is paid up front.
    Prepaid,
    /// A contract over the whole term, billed month by month in advance; `order.paid` is the
    /// current month's payment. Telecom and dedicated-line style.
    Monthly,
    /// Billed after use: `order.paid` is a deposit or prepaid balance; only its unused part
    /// can come back.
    Postpaid,
}

/// Re-pricing used time at a shorter term's rate: whole periods first, the remainder at
/// the last (shortest) rate.
#[derive(Clone, Copy, Debug)]
pub struct ListRate {
    pub per: Term,
    pub price: Decimal,
}

/// A metered quantity such as traffic.
#[derive(Clone, Debug)]
pub struct Meter {
    pub id: String,
    pub name: Text,
    /// Units included in the plan before the unit price applies.
    pub included: Decimal,
    pub unit_price: Decimal,
}

/// A list in a rule section, shared by every plan that inherits the section: each plan
/// holds its rules whole, and 10,000 plans copying a policy's 10,000 handling-fee percents
/// took 1.6 GB and seconds to read.
pub type Shared<T> = std::sync::Arc<[T]>;

/// Every stage's configuration, fully resolved for one plan.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    pub eligibility: Eligibility,
    pub cooling_off: Option<CoolingOff>,
    pub consumed: Consumed,
    pub fees: Fees,
    pub non_refundable: NonRefundable,
    pub sla: Option<Sla>,
    pub settlement: Settlement,
    /// What cancelling does: the refund rules, nothing back, or the service kept to the
    /// end of the paid term.
    pub cancellation: Cancellation,
    /// What refunds are computed on: what was paid, or the lower of that and the plan's
    /// current price.
    pub refund_base: RefundBase,
    /// A limit on an account's refunds over a rolling window of months.
    pub account_cap: Option<AccountCap>,
}

/// A limit on the refunds an account gets over a rolling window (docs/policy.md §3.13): a
/// past refund (`order.refundHistory`) counts from its instant until the same wall-clock
/// time `months` later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountCap {
    /// The most refunded in any window, as paid out (not grossed up: it is no price).
    pub amount: Decimal,
    pub months: u32,
    pub over: CapOver,
}

/// What happens to a refund larger than what is left of the account's limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CapOver {
    /// The refund is limited to what is left.
    #[default]
    Trim,
    /// The refund is refused whole.
    Refuse,
}

/// What the refund of the service is computed on (docs/policy.md §3.12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RefundBase {
    /// What was paid for the service (paid − setup fee).
    #[default]
    Paid,
    /// The lower of what was paid for the service and the plan's current price (the
    /// order's `currentPrice`, else the plan's): a price cut since the purchase is not
    /// refunded.
    LowerOfPaidAndCurrent,
}

/// What cancelling the plan does (docs/policy.md §3.9): by default the service ends at
/// the cancellation and the refund rules apply.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cancellation {
    pub refund: CancellationRefund,
    /// When nothing comes back: whether the service ends at the cancellation or runs to
    /// the end of the paid term (the renewal stops).
    pub service_ends: ServiceEnds,
}

/// Whether cancelling gives money back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CancellationRefund {
    /// The refund rules apply (pro rata, fees, …).
    #[default]
    Rules,
    /// The plan is not refundable: nothing comes back.
    None,
    /// The refund rules apply within the window; after it nothing comes back.
    WithinWindow(RefundWindow),
}

/// A refund window: within it the refund rules apply, after it nothing comes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefundWindow {
    pub length: WindowLength,
    /// Where it starts: the purchase (the order's start) or the activation.
    pub from: WindowFrom,
    /// How its days are counted.
    pub counting: Counting,
}

/// How a window of days is counted (docs/policy.md §3.11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Counting {
    /// N × 24 hours from the instant the window opens: the same wall-clock time N days
    /// later (23 or 25 hours more across a change of daylight saving time).
    #[default]
    Rolling,
    /// Calendar days as Chinese law reads "within N days" (Civil Code arts. 201 and 203):
    /// the day the window opens is not counted, and it ends at 24:00 of the Nth day after;
    /// with `to_business_day`, a last day that is not a business day on the policy's
    /// calendar moves to the next business day (art. 203, a period ending on a holiday).
    CalendarDays { to_business_day: bool },
}

impl RefundWindow {
    /// Where the window starts for `order`: the activation when the policy says so and
    /// the order gives it, else the order's start.
    pub fn opens(&self, order: &crate::order::Order) -> crate::calendar::Instant {
        match (self.from, order.activated_at) {
            (WindowFrom::Activation, Some(activated)) => activated,
            _ => order.start,
        }
    }

    /// When it closes (that instant still inside); `None` past the supported years.
    pub fn closes(
        &self,
        order: &crate::order::Order,
        policy: &Policy,
    ) -> Option<crate::calendar::Instant> {
        window_closes(self.opens(order), self.length, self.counting, policy)
    }
}

/// When a window of `length` opened at `opens` closes, that instant still inside. Rolling
/// days are the same wall-clock time N days later in the policy's zone (23 or 25 hours
/// across a change of daylight saving time), hours are hours; calendar days end at 24:00
/// of the Nth day after the opening day (that midnight). `None` past the supported years:
/// it never closes.
pub fn window_closes(
    opens: crate::calendar::Instant,
    length: WindowLength,
    counting: Counting,
    policy: &Policy,
) -> Option<crate::calendar::Instant> {
    let zone = policy.timezone;
    match (length, counting) {
        (WindowLength::Days(d), Counting::CalendarDays { to_business_day }) => {
            let mut last = opens
                .date(zone)
                .checked_add_days(chrono::Days::new(u64::from(d)))?;
            let calendar = &policy.timeline.calendar;
            if to_business_day && !calendar.is_business_day(last) {
                last = calendar.add_business_days(last, 1)?;
            }
            let midnight = last.succ_opt()?.and_hms_opt(0, 0, 0)?;
            crate::calendar::Instant::from_local(midnight, zone)
        }
        (WindowLength::Days(d), _) => opens.add_days(d, zone),
        (WindowLength::Hours(h), _) => opens.add_seconds(i64::from(h).saturating_mul(3600)),
    }
}

/// `counting` and `endsOnBusinessDay` of a window object: calendar days need a window in
/// days, and moving the last day needs calendar days.
fn read_counting(r: &mut Reader, o: &mut Obj<'_>, in_hours: bool) -> Counting {
    let calendar = o
        .optional(r, "counting", |r, v| {
            r.one_of(v, &[("rolling", false), ("calendar_days", true)])
        })
        .unwrap_or(false);
    let to_business_day = o
        .optional(r, "endsOnBusinessDay", Reader::boolean)
        .unwrap_or(false);
    if calendar && in_hours {
        r.at("counting", |r| {
            r.report(
                ErrorCode::IncompleteRule,
                "calendar days count whole days: give the window in \"days\"",
            )
        });
    }
    if to_business_day && !calendar {
        r.at("endsOnBusinessDay", |r| {
            r.report(
                ErrorCode::IncompleteRule,
                "only a window of calendar days ends on a business day: give \"counting\": \"calendar_days\"",
            )
        });
    }
    if calendar {
        Counting::CalendarDays { to_business_day }
    } else {
        Counting::Rolling
    }
}

/// When the service ends for a cancellation that gives nothing back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ServiceEnds {
    /// At the cancellation.
    #[default]
    AtCancellation,
    /// At the end of the paid term: cancelling stops the renewal (annual collaboration
    /// plans).
    EndOfTerm,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PromotionRule {
    /// Promotional orders follow the ordinary rules.
    #[default]
    Standard,
    /// Promotional orders cannot be refunded.
    NotRefundable,
    /// The promotion discount (plan price − amount paid) is deducted.
    Clawback,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum InvoicedRule {
    #[default]
    Standard,
    /// Invoiced orders cannot be cancelled for a refund (Huawei).
    Block,
    /// Refunded to the account balance, with an invoice to reverse (Alibaba).
    Balance,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WholeRefund {
    /// Refunded in full, vouchers returned.
    #[default]
    Full,
    /// No special treatment.
    Standard,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Eligibility {
    pub promotion: PromotionRule,
    pub invoiced: InvoicedRule,
    /// Order states that refuse any refund (trials, frozen accounts, transactions in progress).
    pub blockers: Blockers,
    /// A renewal cancelled before it starts.
    pub not_started: WholeRefund,
    /// An order whose resource was never activated (failed creation).
    pub never_activated: WholeRefund,
}

#[derive(Clone, Copy, Debug)]
pub struct CoolingOff {
    /// Where the window starts: the purchase (the order's start) or the activation.
    pub from: WindowFrom,
    /// How the window was written, for explanations.
    pub window: WindowLength,
    /// How its days are counted.
    pub counting: Counting,
    /// Cooling-off refunds allowed per year; `order.coolingOffUsed` says how many are used.
    pub quota: Option<u32>,
    /// Only orders with no metered usage qualify (Volcengine).
    pub require_unused: bool,
    /// Renewals qualify too; by default the window is for new purchases only (Alibaba
    /// Cloud and Tencent Cloud exclude renewals from their no-questions refunds).
    pub renewals: bool,
    pub vouchers: VoucherRule,
}

impl CoolingOff {
    /// Where the window starts for `order`, and from what: the activation when the policy
    /// says so and the order gives it, else the order's start.
    /// When the window opened at `opens` closes (that instant still inside): days are
    /// calendar days in the policy's zone (23 or 25 hours across a change of daylight saving
    /// time), hours are hours. `None` past the supported years: it never closes.
    pub fn closes(
        &self,
        opens: crate::calendar::Instant,
        policy: &Policy,
    ) -> Option<crate::calendar::Instant> {
        window_closes(opens, self.window, self.counting, policy)
    }

    pub fn opens(&self, order: &crate::order::Order) -> (crate::calendar::Instant, WindowFrom) {
        match (self.from, order.activated_at) {
            (WindowFrom::Activation, Some(activated)) => (activated, WindowFrom::Activation),
            _ => (order.start, WindowFrom::Purchase),
        }
    }
}

/// Where a cooling-off window starts (domain.md §2: Alibaba and Tencent count 5 days from
/// purchase, Huawei 5×24 hours from activation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WindowFrom {
    #[default]
    Purchase,
    /// From `order.activatedAt` (the order's start without it). A cancellation between the
    /// purchase and the activation is inside the window.
    Activation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowLength {
    Days(u32),
    Hours(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TimeMethod {
    /// `paid × used ÷ term`.
    #[default]
    ProRata,
    /// Used time re-priced at list rates (discount recapture).
    ListRate,
    /// No time-based consumption (usage only, or a deposit).
    None,
}

#[derive(Clone, Copy, Debug)]
pub struct Multiplier {
    pub factor: Decimal,
    /// Applies only when cancelled within this many days of the start; always when absent.
    pub within_days: Option<u32>,
}

#[derive(Clone, Copy, Debug)]
pub struct Consumed {
    pub method: TimeMethod,
    pub measure: Measure,
    pub multiplier: Option<Multiplier>,
    /// Charge metered usage beyond the included units.
    pub usage: bool,
    /// The term (and a billing month) is measured like the time used, on the same grid and
    /// with the same roundings (`termMeasure: "as_used"`), instead of exactly.
    pub term_as_used: bool,
}

impl Consumed {
    /// How a length (the term, a billing month) is measured: exactly, in the unit and day
    /// count of the time used (docs §3.3.1), or with `termMeasure: "as_used"` like the time
    /// used itself, on its grid and with its roundings.
    pub fn length_measure(&self) -> Measure {
        if self.term_as_used {
            self.measure
        } else {
            self.measure.for_length()
        }
    }
}

impl Default for Consumed {
    fn default() -> Self {
        Consumed {
            method: TimeMethod::ProRata,
            measure: Measure::exact(Unit::Second),
            multiplier: None,
            usage: true,
            term_as_used: false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FeeBase {
    /// The recurring amount paid (paid − setup fee).
    #[default]
    Paid,
    /// What is left after consumed value is deducted.
    Remaining,
}

#[derive(Clone, Debug)]
pub struct HandlingFee {
    pub percent: Decimal,
    pub base: FeeBase,
    /// Percent by contract year of use, for terms of at least `min_term_months`. Shared:
    /// every plan that inherits the section refers to the one list (see [`Shared`]).
    pub tiers: Shared<HandlingTier>,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
}

#[derive(Clone, Debug)]
pub struct HandlingTier {
    pub min_term_months: u32,
    /// Percent in year 1, 2, …; the last applies to later years.
    pub by_year: Vec<Decimal>,
}

#[derive(Clone, Debug)]
pub enum EarlyTermination {
    /// A percent of the recurring charges of the months not yet started (Verizon: 75 %).
    RemainingPercent(Decimal),
    /// N months of the recurring fee (XO: 2 months).
    MonthsOfFee(u32),
    /// A flat amount (Rise: $250 for two years; per plan via overrides).
    Flat(Decimal),
    /// Each month not yet started costs a percent of the monthly fee, by its month of term
    /// (Level 3: months 1–12 at 100 %, from 13 on at 50 %).
    Schedule(Shared<ScheduleStep>),
    /// The lesser of the discount received so far and the monthly fee × months left.
    LesserOfDiscountOrRemaining,
}

#[derive(Clone, Copy, Debug)]
pub struct ScheduleStep {
    pub from_month: u32,
    pub percent: Decimal,
}

#[derive(Clone, Debug)]
pub struct EarlyTerminationFee {
    pub kind: EarlyTermination,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    /// Charged only for a cancellation before the service starts (XO: 2 months' fee).
    pub only_before_start: bool,
    /// The plan's one-time charge (its `setupFee`) is added to the fee, less what the order
    /// paid of it and forfeits anyway: "the one-time charge plus one month".
    pub plus_setup_fee: bool,
    /// The clause for a cancellation before the service is delivered (`order.activatedAt`
    /// still ahead, or never activated), when it differs (docs/policy.md §3.15).
    pub before_delivery: Option<Box<EarlyTerminationFee>>,
}

impl EarlyTerminationFee {
    /// Every clause of the fee: this one, and the one before delivery.
    pub fn clauses(&self) -> impl Iterator<Item = &EarlyTerminationFee> {
        std::iter::once(self).chain(self.before_delivery.as_deref())
    }
}

#[derive(Clone, Debug, Default)]
pub struct Fees {
    pub handling: Option<HandlingFee>,
    pub early_termination: Option<EarlyTerminationFee>,
    /// Reasons for which every fee is waived (typically `provider_fault`).
    pub waived_for: Vec<Reason>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SetupFeeRule {
    /// One-time charges never come back (Zuora's default).
    #[default]
    Forfeit,
    Refund,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum VoucherRule {
    /// The voucher part of the payment is not refunded (Alibaba, Tencent, Huawei).
    #[default]
    Forfeit,
    /// The refund is scaled by the cash share of the order (WeChat Pay).
    Proportional,
    /// Vouchers are returned like cash.
    Refund,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CreditRule {
    /// Gift credit comes back as account credit in its original proportion (Tencent).
    #[default]
    ReturnAsCredit,
    Forfeit,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct NonRefundable {
    pub setup_fee: SetupFeeRule,
    pub vouchers: VoucherRule,
    pub credit: CreditRule,
    /// What the payment processor kept of the cash payment (Stripe, PayPal): not returned.
    pub processing_fee: Option<ProcessingFee>,
}

/// `cash × percent ÷ 100 + fixed`, at most the cash paid, for the payment methods listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcessingFee {
    pub percent: Decimal,
    pub fixed: Decimal,
    pub methods: MethodSet,
}

/// A state of the order that refuses any refund while it lasts (domain.md §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blocker {
    /// A trial order.
    Trial,
    /// The account is frozen.
    Frozen,
    /// Another transaction on the order (renewal, upgrade, refund) is in progress.
    PendingTransaction,
}

impl Blocker {
    pub const NAMES: [(&'static str, Blocker); 3] = [
        ("trial", Blocker::Trial),
        ("frozen", Blocker::Frozen),
        ("pending_transaction", Blocker::PendingTransaction),
    ];
}

/// An enum whose values are listed, with their names, in one table (at most 8 values).
pub trait Named: Copy + PartialEq + 'static {
    const ALL: &'static [(&'static str, Self)];
}

impl Named for Blocker {
    const ALL: &'static [(&'static str, Self)] = &Blocker::NAMES;
}

impl Named for PaymentMethod {
    const ALL: &'static [(&'static str, Self)] = &PaymentMethod::NAMES;
}

/// A set of values of a `Named` enum, as bits in the order of its table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameSet<T>(u8, std::marker::PhantomData<T>);

impl<T: Named> NameSet<T> {
    pub const EMPTY: NameSet<T> = NameSet(0, std::marker::PhantomData);

    fn bit(value: T) -> u8 {
        let index = T::ALL.iter().position(|(_, v)| *v == value).unwrap_or(0);
        1u8.checked_shl(u32::try_from(index).unwrap_or(0))
            .unwrap_or(0)
    }

    /// Every value but those given.
    pub fn all_but(excluded: &[T]) -> NameSet<T> {
        T::ALL
            .iter()
            .map(|(_, v)| *v)
            .filter(|v| !excluded.contains(v))
            .fold(NameSet::EMPTY, NameSet::with)
    }

    pub fn contains(self, value: T) -> bool {
        self.0 & NameSet::bit(value) != 0
    }

    pub fn with(self, value: T) -> NameSet<T> {
        NameSet(self.0 | NameSet::bit(value), std::marker::PhantomData)
    }
}

/// The blockers a policy applies; by default all of them.
pub type Blockers = NameSet<Blocker>;

impl Default for Blockers {
    fn default() -> Blockers {
        NameSet::all_but(&[])
    }
}

/// The payment methods a processing fee applies to.
pub type MethodSet = NameSet<PaymentMethod>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlaPayout {
    /// Paid as account credit, beside the refund (AWS, Azure, Tencent).
    Credit,
    /// Added to the refund.
    Refund,
}

#[derive(Clone, Debug)]
pub struct Sla {
    /// Availability thresholds, highest first: below `below` percent earns `percent` of
    /// the monthly fee; the lowest threshold the availability is under wins.
    pub tiers: Shared<SlaTier>,
    /// Cap as a percent of the monthly fee.
    pub cap_percent: Decimal,
    pub pay_as: SlaPayout,
    /// How long after the fault the credit may be claimed; none: no limit.
    pub claim_window: Option<ClaimWindow>,
}

/// The time to claim an SLA credit after a fault (domain.md section 6: 20 business days at
/// Tencent Cloud, two billing cycles at AWS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimWindow {
    /// Business days on the policy's calendar, counted from the day after the fault.
    BusinessDays(u32),
    /// Monthly billing cycles on calendar months: by the end of the Nth month after the
    /// month of the fault.
    BillingCycles(u32),
}

impl ClaimWindow {
    /// The last day a claim for a fault on `fault` is accepted (at most 9999-12-31, the
    /// last supported day); `None` when the calendar cannot count that far.
    pub fn deadline(self, fault: Date, calendar: &BusinessCalendar) -> Option<Date> {
        let last = Date::from_ymd_opt(9999, 12, 31)?;
        let deadline = match self {
            ClaimWindow::BusinessDays(n) => calendar.add_business_days(fault, n),
            ClaimWindow::BillingCycles(n) => {
                // The first day of the month after the Nth month, less one day.
                let first = fault.with_day(1)?;
                first
                    .checked_add_months(chrono::Months::new(n.checked_add(1)?))?
                    .pred_opt()
            }
        }?;
        Some(deadline.min(last))
    }
}

#[derive(Clone, Copy, Debug)]
pub struct SlaTier {
    pub below: Decimal,
    pub percent: Decimal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NegativeRule {
    /// A negative result means no refund, never a bill.
    #[default]
    Zero,
    /// Fees beyond the refundable amount are owed (telecom style): `owed` says how much.
    Owed,
}

/// What becomes of unpaid charges (`order.outstanding`) that the refund cannot cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OutstandingRule {
    /// They are still owed: a debt is not forgiven because a refund is too small.
    #[default]
    Owed,
    /// The provider writes them off with the refund.
    Waived,
}

/// Whether several orders of one customer may be settled as one (docs/policy.md §3.14).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SettleOrders {
    /// Each order is refunded on its own.
    #[default]
    Each,
    /// Orders given together (`settleWith`: a renewal paid ahead, …) are refunded as one:
    /// their lines are summed and floored once.
    Together,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Settlement {
    pub negative: NegativeRule,
    /// Whether orders given together are settled as one.
    pub orders: SettleOrders,
    /// Unpaid charges beyond the refund, under `negative: "zero"`.
    pub outstanding: OutstandingRule,
    /// Refunds below this are not paid out.
    pub minimum_refund: Option<Decimal>,
}

impl Policy {
    /// Reads and validates a policy. Every problem is reported, each with its path.
    pub fn from_value(v: &Value) -> Result<Policy, Error> {
        let mut r = Reader::new();
        let policy = read(&mut r, v);
        r.finish(policy)
    }

    /// The bundled default policy, parsed from the embedded JSON.
    pub fn bundled() -> Result<Policy, Error> {
        Policy::from_value(&Value::parse(DEFAULT_POLICY_JSON)?)
    }

    pub(crate) fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    /// The number of decimals of the policy's currency (2 for CNY, 0 for JPY, 3 for KWD).
    pub fn minor_unit(&self) -> u32 {
        self.currency.minor_unit()
    }

    /// A policy price as paid: with tax added when the policy's prices exclude it.
    pub(crate) fn gross(&self, price: Decimal) -> Result<Decimal, Error> {
        match self.tax {
            Some(tax) if !tax.inclusive => crate::money::mul_div(
                price,
                crate::money::add(Decimal::ONE_HUNDRED, tax.rate)?,
                Decimal::ONE_HUNDRED,
            ),
            _ => Ok(price),
        }
    }
}

impl Plan {
    /// What one point of a refund curve costs, in items: 1 + the meters, the steps of an
    /// early-termination schedule and the list rates, each priced at every point.
    pub(crate) fn items_per_point(&self) -> usize {
        let steps = self
            .rules
            .fees
            .early_termination
            .iter()
            .flat_map(EarlyTerminationFee::clauses)
            .map(|clause| match &clause.kind {
                EarlyTermination::Schedule(steps) => steps.len(),
                _ => 0,
            })
            .fold(0usize, usize::saturating_add);
        self.meters
            .len()
            .saturating_add(steps)
            .saturating_add(self.list_rates.len())
            .saturating_add(1)
    }

    /// The recurring monthly charge: explicit, or price ÷ term months.
    pub fn monthly_fee(&self) -> Option<Decimal> {
        if let Some(fee) = self.monthly_fee {
            return Some(fee);
        }
        let months = Decimal::from(self.term.months()?);
        self.price.checked_div(months)
    }
}

/// Reads a policy at the reader's current path (the root, or `policy` inside an input).
pub(crate) fn read(r: &mut Reader, v: &Value) -> Option<Policy> {
    let problems_before = r.problem_count();
    let mut o = r.object(v)?;
    let id = o.required(r, "id", Reader::string);
    let version = o.required(r, "version", Reader::string);
    let name = o.optional(r, "name", crate::i18n::read_text);
    let currency = o.required(r, "currency", read_currency);
    let timezone = o.optional(r, "timezone", read_zone).unwrap_or(Zone::UTC);
    let rounding = o
        .optional(r, "rounding", |r, v| {
            r.one_of(
                v,
                &[
                    ("half_up", Rounding::HalfUp),
                    ("half_even", Rounding::HalfEven),
                    ("down", Rounding::Down),
                ],
            )
        })
        .unwrap_or(Rounding::HalfUp);
    let tax = o.optional(r, "tax", read_tax);
    let base_rules = o.optional(r, "rules", |r, v| {
        read_rule_sections(r, v, &RuleSections::default())
    });
    let base = base_rules.unwrap_or_default();
    // Each plan read on its own: a broken plan is `None`, and the cross-field checks still
    // run on the others, so every problem is reported at once.
    let plans = o.required(r, "plans", |r, v| {
        let plans = r.array(v, |r, v| Some(read_plan(r, v, &base)))?;
        if plans.is_empty() {
            r.report(ErrorCode::OutOfRange, "a policy needs at least one plan");
            return None;
        }
        Some(plans)
    });
    let timeline = crate::timeline::read_sections(r, &mut o);
    let documents = o.optional(r, "documents", crate::guidance::read_documents);
    let channels = o
        .optional(r, "channels", crate::guidance::read_channels)
        .unwrap_or_default();
    o.finish(r);
    if let Some(plans) = &plans {
        check_plans(r, plans);
    }
    let plans = plans.and_then(|plans| plans.into_iter().collect::<Option<Vec<Plan>>>());
    // A policy with any problem is not returned: an order read against it would report
    // errors that are only echoes of the policy's.
    if r.problem_count() > problems_before {
        return None;
    }
    let id = id?;
    Some(Policy {
        name,
        id,
        version: version?,
        currency: currency?,
        timezone,
        rounding,
        tax,
        plans: plans?,
        timeline,
        guidance: crate::guidance::Guidance {
            documents: documents.unwrap_or_else(crate::guidance::default_documents),
            channels,
        },
    })
}

/// Cross-field checks over the plans that read cleanly (`None` is a plan whose own problems
/// are already reported): unique ids, and rules that need plan data.
fn check_plans(r: &mut Reader, plans: &[Option<Plan>]) {
    let read: Vec<&Plan> = plans.iter().flatten().collect();
    let repeats = crate::read::SortedIds::new(read.iter().map(|p| p.id.as_str())).repeats();
    let mut repeated = repeats.into_iter();
    r.at("plans", |r| {
        for (i, plan) in plans.iter().enumerate() {
            let Some(plan) = plan else { continue };
            let is_repeat = repeated.next().unwrap_or(false);
            r.at_index(i, |r| {
                if is_repeat {
                    r.at("id", |r| {
                        r.report(
                            ErrorCode::DuplicatePlan,
                            format!(
                                "plan id \"{}\" is used by an earlier plan",
                                crate::read::shorten(&plan.id)
                            ),
                        )
                    });
                }
                check_plan_rules(r, plan);
            });
        }
    });
}

fn check_plan_rules(r: &mut Reader, plan: &Plan) {
    let lower_base = plan.rules.refund_base == RefundBase::LowerOfPaidAndCurrent;
    if plan.current_price.is_some() && !lower_base {
        r.at("currentPrice", |r| {
            r.report(
                ErrorCode::IncompleteRule,
                "a current price is used only by \"refundBase\": {\"of\": \"lower_of_paid_and_current\"}, which this plan's rules do not say",
            )
        });
    }
    // The clawback takes back the discount on what was paid; on a lowered base it would
    // take back a price cut the customer never had.
    if lower_base && plan.rules.eligibility.promotion == PromotionRule::Clawback {
        r.report(
            ErrorCode::IncompleteRule,
            "the promotion clawback measures the discount against what was paid: it cannot be combined with a refund base of the lower of two prices",
        );
    }
    // A fee only before the service starts can apply only when a renewal cancelled before
    // its start follows the ordinary rules; otherwise it would silently never apply.
    if plan
        .rules
        .fees
        .early_termination
        .as_ref()
        .is_some_and(|f| f.only_before_start)
        && plan.rules.eligibility.not_started == WholeRefund::Full
    {
        r.report(
            ErrorCode::IncompleteRule,
            "\"onlyBeforeStart\" needs \"eligibility\": {\"notStarted\": \"standard\"}: a renewal cancelled before it starts is otherwise refunded in full",
        );
    }
    // Every clause counts: the fee after delivery and the one before it.
    let clauses: Vec<&EarlyTerminationFee> = plan
        .rules
        .fees
        .early_termination
        .iter()
        .flat_map(EarlyTerminationFee::clauses)
        .collect();
    let needs_monthly = plan.rules.sla.is_some()
        || clauses
            .iter()
            .any(|f| !matches!(f.kind, EarlyTermination::Flat(_)));
    let counts_months = clauses.iter().any(|f| {
        !matches!(
            f.kind,
            EarlyTermination::Flat(_) | EarlyTermination::MonthsOfFee(_)
        )
    });
    if counts_months && plan.term.months().is_none() {
        r.at("term", |r| {
            r.report(
                ErrorCode::IncompleteRule,
                "this early-termination fee counts remaining months: it needs a term in months",
            )
        });
    }
    if needs_monthly && plan.monthly_fee().is_none() {
        r.report(
            ErrorCode::IncompleteRule,
            "early-termination fees and SLA credits need a monthly fee: give \"monthlyFee\" or a term in months",
        );
    }
    let lesser = clauses
        .iter()
        .any(|f| matches!(f.kind, EarlyTermination::LesserOfDiscountOrRemaining));
    if lesser && plan.list_monthly_price.is_none() {
        r.report(
            ErrorCode::IncompleteRule,
            "the \"lesser_of_discount_or_remaining\" fee needs the plan's \"listMonthlyPrice\"",
        );
    }
    // Monthly-billed plans pro-rate the current month whatever the method says.
    if plan.rules.consumed.method == TimeMethod::ListRate
        && plan.billing == Billing::Prepaid
        && plan.list_rates.is_empty()
    {
        r.report(
            ErrorCode::IncompleteRule,
            "the \"list_rate\" method needs the plan's \"listRates\"",
        );
    }
    // By 30E/360 the 30th of a 31-day month stands still: a day from its midnight measures
    // 0 days, and pro rata would charge it all at once. Longer terms always measure more.
    let short = match plan.term {
        Term::Days(days) => days < 2,
        Term::Hours(hours) => hours <= 24,
        Term::Months(_) => false,
    };
    let divides_by_term =
        plan.billing == Billing::Prepaid && plan.rules.consumed.method == TimeMethod::ProRata;
    if divides_by_term && plan.rules.consumed.measure.day_count == DayCount::Thirty360 && short {
        r.at("term", |r| {
            r.report(
                ErrorCode::OutOfRange,
                "under the 30/360 day count a term of a day or less measures 0 days when it starts at midnight on the 30th of a 31-day month: give a term of at least 25 hours",
            )
        });
    }
    if plan.billing == Billing::Monthly && plan.term.months().is_none() {
        r.at("term", |r| {
            r.report(
                ErrorCode::IncompleteRule,
                "monthly billing needs a term in months",
            )
        });
    }
    if plan
        .rules
        .fees
        .handling
        .as_ref()
        .is_some_and(|h| !h.tiers.is_empty())
        && plan.term.months().is_none()
    {
        r.at("term", |r| {
            r.report(
                ErrorCode::IncompleteRule,
                "handling-fee tiers by term need a term in months",
            )
        });
    }
}

fn read_currency(r: &mut Reader, v: &Value) -> Option<Currency> {
    let code = r.string(v)?;
    let currency = Currency::from_code(&code);
    if currency.is_none() {
        r.report(
            ErrorCode::UnknownCurrency,
            format!("expected an ISO 4217 code in upper case such as \"CNY\", \"USD\" or \"JPY\", got \"{}\"", crate::read::shorten(&code)),
        );
    }
    currency
}

fn read_zone(r: &mut Reader, v: &Value) -> Option<Zone> {
    let s = r.string(v)?;
    let zone = Zone::parse(&s);
    if zone.is_none() {
        let names: Vec<&str> = Zone::names().collect();
        let hint = match crate::read::suggest(&s, &names) {
            Some(name) => format!(" (did you mean \"{name}\"?)"),
            None => String::new(),
        };
        r.report(
            ErrorCode::InvalidTimezone,
            format!(
                "expected a UTC offset like \"+08:00\" or \"Z\", or a zone name like \"Asia/Shanghai\" or \"America/New_York\" (docs/policy.md 2.1), got \"{}\"{hint}",
                crate::read::shorten(&s)
            ),
        );
    }
    zone
}

fn read_tax(r: &mut Reader, v: &Value) -> Option<Tax> {
    let mut o = r.object(v)?;
    let rate = o.required(r, "rate", Reader::percent);
    let inclusive = o.optional(r, "inclusive", Reader::boolean).unwrap_or(true);
    o.finish(r);
    Some(Tax {
        rate: rate?,
        inclusive,
    })
}

fn read_plan(r: &mut Reader, v: &Value, base: &RuleSections) -> Option<Plan> {
    let problems_before = r.problem_count();
    let mut o = r.object(v)?;
    let id = o.required(r, "id", Reader::string);
    let name = o.optional(r, "name", crate::i18n::read_text);
    let term = o.required(r, "term", read_term);
    let price = o.required(r, "price", |r, v| r.amount(v, None));
    let setup_fee = o
        .optional(r, "setupFee", |r, v| r.amount(v, None))
        .unwrap_or(Decimal::ZERO);
    let billing = o
        .optional(r, "billing", |r, v| {
            r.one_of(
                v,
                &[
                    ("prepaid", Billing::Prepaid),
                    ("monthly", Billing::Monthly),
                    ("postpaid", Billing::Postpaid),
                ],
            )
        })
        .unwrap_or(Billing::Prepaid);
    let monthly_fee = o.optional(r, "monthlyFee", |r, v| r.amount(v, None));
    let list_monthly_price = o.optional(r, "listMonthlyPrice", |r, v| r.amount(v, None));
    let current_price = o.optional(r, "currentPrice", |r, v| r.amount(v, None));
    let list_rates = o
        .optional(r, "listRates", read_list_rates)
        .unwrap_or_default();
    let meters = o.optional(r, "meters", read_meters).unwrap_or_default();
    let rules = o
        .optional(r, "rules", |r, v| read_rule_sections(r, v, base))
        .unwrap_or_else(|| base.clone());
    o.finish(r);
    // An optional section that failed to read (meters, listRates, …) must not pass as
    // absent: the cross-field checks would then report rules as incomplete.
    if r.problem_count() > problems_before {
        return None;
    }
    let id = id?;
    Some(Plan {
        name: name.unwrap_or_else(|| Text::plain(&id)),
        id,
        term: term?,
        price: price?,
        setup_fee,
        billing,
        monthly_fee,
        list_monthly_price,
        current_price,
        list_rates,
        meters,
        rules: rules.resolve(),
    })
}

/// `{"months": 12}`, `{"days": 30}` or `{"hours": 720}`: exactly one, at least 1.
fn read_term(r: &mut Reader, v: &Value) -> Option<Term> {
    let mut o = r.object(v)?;
    let months = o.optional(r, "months", |r, v| positive(r, v, 1200));
    let days = o.optional(r, "days", |r, v| positive(r, v, 36_600));
    let hours = o.optional(r, "hours", |r, v| positive(r, v, 878_400));
    let given = ["months", "days", "hours"]
        .iter()
        .filter(|k| o.has(k))
        .count();
    o.finish(r);
    if given != 1 {
        r.report(
            ErrorCode::InvalidType,
            "expected exactly one of \"months\", \"days\" or \"hours\"",
        );
        return None;
    }
    months
        .map(Term::Months)
        .or(days.map(Term::Days))
        .or(hours.map(Term::Hours))
}

fn positive(r: &mut Reader, v: &Value, max: u32) -> Option<u32> {
    r.count_in(v, 1, max)
}

fn read_list_rates(r: &mut Reader, v: &Value) -> Option<Vec<ListRate>> {
    let rates = r.array_of_at_most(v, MAX_LIST_RATES, |r, v| {
        let mut o = r.object(v)?;
        let per = o.required(r, "per", read_term);
        let price = o.required(r, "price", |r, v| r.amount(v, None));
        o.finish(r);
        Some(ListRate {
            per: per?,
            price: price?,
        })
    })?;
    // Longest period first, so that whole months are taken before leftover hours.
    let approx_hours = |t: Term| -> u64 {
        match t {
            Term::Months(m) => u64::from(m).saturating_mul(730),
            Term::Days(d) => u64::from(d).saturating_mul(24),
            Term::Hours(h) => u64::from(h),
        }
    };
    for (i, pair) in rates.windows(2).enumerate() {
        if let [a, b] = pair {
            if approx_hours(b.per) >= approx_hours(a.per) {
                r.at_index(i.saturating_add(1), |r| {
                    r.report(
                        ErrorCode::TiersNotOrdered,
                        "list rates must go from the longest period to the shortest",
                    )
                });
            }
        }
    }
    if rates.is_empty() {
        r.report(ErrorCode::OutOfRange, "expected at least one list rate");
        return None;
    }
    Some(rates)
}

fn read_meters(r: &mut Reader, v: &Value) -> Option<Vec<Meter>> {
    let meters = r.array_of_at_most(v, MAX_METERS, |r, v| {
        let mut o = r.object(v)?;
        let id = o.required(r, "id", Reader::string);
        let name = o.optional(r, "name", crate::i18n::read_text);
        let included = o
            .optional(r, "included", Reader::quantity)
            .unwrap_or(Decimal::ZERO);
        let unit_price = o.required(r, "unitPrice", Reader::quantity);
        o.finish(r);
        let id = id?;
        Some(Meter {
            name: name.unwrap_or_else(|| Text::plain(&id)),
            id,
            included,
            unit_price: unit_price?,
        })
    })?;
    let repeats = crate::read::SortedIds::new(meters.iter().map(|m| m.id.as_str())).repeats();
    for (i, (m, repeated)) in meters.iter().zip(repeats).enumerate() {
        if repeated {
            r.at_index(i, |r| {
                r.at("id", |r| {
                    r.report(
                        ErrorCode::DuplicateField,
                        format!("meter \"{}\" is defined twice", crate::read::shorten(&m.id)),
                    )
                })
            });
        }
    }
    Some(meters)
}

/// The `rules` object: each section optional. Read on top of `base` (the policy's sections
/// when reading a plan's overrides), so a plan inherits every section it does not name.
#[derive(Clone, Debug, Default)]
struct RuleSections {
    eligibility: Option<Eligibility>,
    cooling_off: Option<Option<CoolingOff>>,
    consumed: Option<Consumed>,
    fees: Option<Fees>,
    non_refundable: Option<NonRefundable>,
    sla: Option<Option<Sla>>,
    settlement: Option<Settlement>,
    cancellation: Option<Cancellation>,
    refund_base: Option<RefundBase>,
    account_cap: Option<Option<AccountCap>>,
}

impl RuleSections {
    fn resolve(self) -> Rules {
        Rules {
            eligibility: self.eligibility.unwrap_or_default(),
            cooling_off: self.cooling_off.flatten(),
            consumed: self.consumed.unwrap_or_default(),
            fees: self.fees.unwrap_or_default(),
            non_refundable: self.non_refundable.unwrap_or_default(),
            sla: self.sla.flatten(),
            settlement: self.settlement.unwrap_or_default(),
            cancellation: self.cancellation.unwrap_or_default(),
            refund_base: self.refund_base.unwrap_or_default(),
            account_cap: self.account_cap.flatten(),
        }
    }
}

fn read_rule_sections(r: &mut Reader, v: &Value, base: &RuleSections) -> Option<RuleSections> {
    let mut o = r.object(v)?;
    let mut out = base.clone();
    if let Some(s) = o.optional(r, "eligibility", read_eligibility) {
        out.eligibility = Some(s);
    }
    // `false` switches a section off in a plan that inherits it.
    if let Some(s) = o.optional(r, "coolingOff", |r, v| or_off(r, v, read_cooling_off)) {
        out.cooling_off = Some(s);
    }
    if let Some(s) = o.optional(r, "consumed", read_consumed) {
        out.consumed = Some(s);
    }
    if let Some(s) = o.optional(r, "fees", read_fees) {
        out.fees = Some(s);
    }
    if let Some(s) = o.optional(r, "nonRefundable", read_non_refundable) {
        out.non_refundable = Some(s);
    }
    if let Some(s) = o.optional(r, "sla", |r, v| or_off(r, v, read_sla)) {
        out.sla = Some(s);
    }
    if let Some(s) = o.optional(r, "settlement", read_settlement) {
        out.settlement = Some(s);
    }
    if let Some(s) = o.optional(r, "cancellation", read_cancellation) {
        out.cancellation = Some(s);
    }
    if let Some(s) = o.optional(r, "accountCap", |r, v| or_off(r, v, read_account_cap)) {
        out.account_cap = Some(s);
    }
    if let Some(s) = o.optional(r, "refundBase", |r, v| {
        let mut o = r.object(v)?;
        let of = o
            .optional(r, "of", |r, v| {
                r.one_of(
                    v,
                    &[
                        ("paid", RefundBase::Paid),
                        (
                            "lower_of_paid_and_current",
                            RefundBase::LowerOfPaidAndCurrent,
                        ),
                    ],
                )
            })
            .unwrap_or_default();
        o.finish(r);
        Some(of)
    }) {
        out.refund_base = Some(s);
    }
    o.finish(r);
    Some(out)
}

/// `false` means "off"; anything else is read by `read`.
fn or_off<T>(
    r: &mut Reader,
    v: &Value,
    read: impl FnOnce(&mut Reader, &Value) -> Option<T>,
) -> Option<Option<T>> {
    match v {
        Value::Bool(false) => Some(None),
        other => read(r, other).map(Some),
    }
}

fn read_eligibility(r: &mut Reader, v: &Value) -> Option<Eligibility> {
    let mut o = r.object(v)?;
    let promotion = o.optional(r, "promotion", |r, v| {
        r.one_of(
            v,
            &[
                ("standard", PromotionRule::Standard),
                ("not_refundable", PromotionRule::NotRefundable),
                ("clawback", PromotionRule::Clawback),
            ],
        )
    });
    let invoiced = o.optional(r, "invoiced", |r, v| {
        r.one_of(
            v,
            &[
                ("standard", InvoicedRule::Standard),
                ("block", InvoicedRule::Block),
                ("balance", InvoicedRule::Balance),
            ],
        )
    });
    let whole = [
        ("full", WholeRefund::Full),
        ("standard", WholeRefund::Standard),
    ];
    let not_started = o.optional(r, "notStarted", |r, v| r.one_of(v, &whole));
    let never_activated = o.optional(r, "neverActivated", |r, v| r.one_of(v, &whole));
    let blockers = o.optional(r, "blockers", |r, v| {
        let list = r.array(v, |r, v| r.one_of(v, &Blocker::NAMES))?;
        Some(list.into_iter().fold(Blockers::EMPTY, Blockers::with))
    });
    o.finish(r);
    Some(Eligibility {
        promotion: promotion.unwrap_or_default(),
        invoiced: invoiced.unwrap_or_default(),
        blockers: blockers.unwrap_or_default(),
        not_started: not_started.unwrap_or_default(),
        never_activated: never_activated.unwrap_or_default(),
    })
}

const VOUCHER_RULES: [(&str, VoucherRule); 3] = [
    ("forfeit", VoucherRule::Forfeit),
    ("proportional", VoucherRule::Proportional),
    ("refund", VoucherRule::Refund),
];

fn read_cooling_off(r: &mut Reader, v: &Value) -> Option<CoolingOff> {
    let mut o = r.object(v)?;
    let days = o.optional(r, "days", |r, v| r.count(v, 3660));
    let hours = o.optional(r, "hours", |r, v| r.count(v, 87_840));
    let quota = o.optional(r, "quota", |r, v| positive(r, v, 10_000));
    let require_unused = o
        .optional(r, "requireUnused", Reader::boolean)
        .unwrap_or(false);
    let vouchers = o
        .optional(r, "vouchers", |r, v| r.one_of(v, &VOUCHER_RULES))
        .unwrap_or_default();
    let renewals = o.optional(r, "renewals", Reader::boolean).unwrap_or(false);
    let from = o
        .optional(r, "from", |r, v| {
            r.one_of(
                v,
                &[
                    ("purchase", WindowFrom::Purchase),
                    ("activation", WindowFrom::Activation),
                ],
            )
        })
        .unwrap_or_default();
    let both = o.has("days") && o.has("hours");
    let neither = !o.has("days") && !o.has("hours");
    let in_hours = o.has("hours");
    let counting = read_counting(r, &mut o, in_hours);
    o.finish(r);
    if both || neither {
        r.report(
            ErrorCode::InvalidType,
            "expected exactly one of \"days\" or \"hours\" for the window",
        );
        return None;
    }
    let window = match (days, hours) {
        (Some(d), _) => WindowLength::Days(d),
        (_, Some(h)) => WindowLength::Hours(h),
        _ => return None,
    };
    Some(CoolingOff {
        from,
        window,
        counting,
        quota,
        require_unused,
        renewals,
        vouchers,
    })
}

fn read_consumed(r: &mut Reader, v: &Value) -> Option<Consumed> {
    let mut o = r.object(v)?;
    let method = o.optional(r, "method", |r, v| {
        r.one_of(
            v,
            &[
                ("pro_rata", TimeMethod::ProRata),
                ("list_rate", TimeMethod::ListRate),
                ("none", TimeMethod::None),
            ],
        )
    });
    let unit = o.optional(r, "unit", |r, v| {
        r.one_of(
            v,
            &[
                ("second", Unit::Second),
                ("minute", Unit::Minute),
                ("hour", Unit::Hour),
                ("day", Unit::Day),
                ("month", Unit::Month),
            ],
        )
    });
    let anchor = o.optional(r, "anchor", |r, v| {
        r.one_of(v, &[("start", Anchor::Start), ("clock", Anchor::Clock)])
    });
    let partial = [
        ("up", Partial::Up),
        ("down", Partial::Down),
        ("exact", Partial::Exact),
    ];
    let start = o.optional(r, "startRounding", |r, v| r.one_of(v, &partial));
    let end = o.optional(r, "endRounding", |r, v| r.one_of(v, &partial));
    let day_count = o.optional(r, "dayCount", |r, v| {
        r.one_of(
            v,
            &[
                ("actual", DayCount::Actual),
                ("30/360", DayCount::Thirty360),
            ],
        )
    });
    let multiplier = o.optional(r, "multiplier", |r, v| {
        let mut m = r.object(v)?;
        let factor = m.required(r, "factor", |r, v| {
            r.number(v, Decimal::ONE, Decimal::ONE_HUNDRED)
        });
        let within_days = m.optional(r, "withinDays", |r, v| positive(r, v, 36_600));
        m.finish(r);
        Some(Multiplier {
            factor: factor?,
            within_days,
        })
    });
    let usage = o.optional(r, "usage", Reader::boolean).unwrap_or(true);
    let term_as_used = o
        .optional(r, "termMeasure", |r, v| {
            r.one_of(v, &[("exact", false), ("as_used", true)])
        })
        .unwrap_or(false);
    o.finish(r);
    let unit = unit.unwrap_or(Unit::Second);
    let day_count = day_count.unwrap_or(DayCount::Actual);
    if day_count == DayCount::Thirty360 && unit != Unit::Day {
        r.at("dayCount", |r| {
            r.report(
                ErrorCode::IncompleteRule,
                "the 30/360 day count needs \"unit\": \"day\"",
            )
        });
    }
    let anchor = anchor.unwrap_or(Anchor::Start);
    Some(Consumed {
        method: method.unwrap_or_default(),
        measure: Measure {
            unit,
            anchor,
            start: start.unwrap_or(Partial::Exact),
            end: end.unwrap_or(Partial::Exact),
            day_count,
        },
        multiplier,
        usage,
        term_as_used,
    })
}

fn read_min_max(r: &mut Reader, o: &mut Obj<'_>) -> (Option<Decimal>, Option<Decimal>) {
    let min = o.optional(r, "min", |r, v| r.amount(v, None));
    let max = o.optional(r, "max", |r, v| r.amount(v, None));
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            r.at("max", |r| {
                r.report(
                    ErrorCode::OutOfRange,
                    format!(
                        "\"max\" ({}) is below \"min\" ({})",
                        money::plain(hi),
                        money::plain(lo)
                    ),
                )
            });
        }
    }
    (min, max)
}

fn read_fees(r: &mut Reader, v: &Value) -> Option<Fees> {
    let mut o = r.object(v)?;
    let handling = o.optional(r, "handling", read_handling);
    let early_termination = o.optional(r, "earlyTermination", read_early_termination);
    // Kept without repeats: the list is searched at every point of a refund curve.
    let waived_for = o
        .optional(r, "waivedFor", |r, v| {
            let list = r.array(v, |r, v| r.one_of(v, &Reason::NAMES))?;
            Some(list.into_iter().fold(Vec::new(), |mut kept, reason| {
                if !kept.contains(&reason) {
                    kept.push(reason);
                }
                kept
            }))
        })
        .unwrap_or_default();
    o.finish(r);
    Some(Fees {
        handling,
        early_termination,
        waived_for,
    })
}

fn read_handling(r: &mut Reader, v: &Value) -> Option<HandlingFee> {
    let mut o = r.object(v)?;
    let percent = o.required(r, "percent", Reader::percent);
    let base = o
        .optional(r, "of", |r, v| {
            r.one_of(
                v,
                &[("paid", FeeBase::Paid), ("remaining", FeeBase::Remaining)],
            )
        })
        .unwrap_or_default();
    let tiers = o
        .optional(r, "tiers", |r, v| {
            let tiers = r.array_of_at_most(v, MAX_TIERS, |r, v| {
                let mut t = r.object(v)?;
                let min_term_months = t.required(r, "minTermMonths", |r, v| positive(r, v, 1200));
                let by_year = t.required(r, "byYear", |r, v| {
                    let list = r.array_of_at_most(v, MAX_TIERS, Reader::percent)?;
                    if list.is_empty() {
                        r.report(ErrorCode::OutOfRange, "expected at least one percent");
                        return None;
                    }
                    Some(list)
                });
                t.finish(r);
                Some(HandlingTier {
                    min_term_months: min_term_months?,
                    by_year: by_year?,
                })
            })?;
            for (i, pair) in tiers.windows(2).enumerate() {
                if let [a, b] = pair {
                    if b.min_term_months <= a.min_term_months {
                        r.at_index(i.saturating_add(1), |r| {
                            r.at("minTermMonths", |r| {
                                r.report(
                                    ErrorCode::TiersNotOrdered,
                                    "tiers must have strictly increasing \"minTermMonths\"",
                                )
                            })
                        });
                    }
                }
            }
            Some(tiers)
        })
        .unwrap_or_default();
    let (min, max) = read_min_max(r, &mut o);
    o.finish(r);
    Some(HandlingFee {
        percent: percent?,
        base,
        tiers: tiers.into(),
        min,
        max,
    })
}

fn read_early_termination(r: &mut Reader, v: &Value) -> Option<EarlyTerminationFee> {
    read_fee_clause(r, v, true)
}

/// An early-termination fee; `outer`: the fee itself, which may hold `onlyBeforeStart` and
/// a clause before delivery (a clause before delivery holds neither).
fn read_fee_clause(r: &mut Reader, v: &Value, outer: bool) -> Option<EarlyTerminationFee> {
    #[derive(Clone, Copy)]
    enum Kind {
        RemainingPercent,
        MonthsOfFee,
        Flat,
        Schedule,
        Lesser,
    }
    let mut o = r.object(v)?;
    let kind = o.required(r, "kind", |r, v| {
        r.one_of(
            v,
            &[
                ("remaining_percent", Kind::RemainingPercent),
                ("months_of_fee", Kind::MonthsOfFee),
                ("flat", Kind::Flat),
                ("schedule", Kind::Schedule),
                ("lesser_of_discount_or_remaining", Kind::Lesser),
            ],
        )
    });
    // Each kind reads its own parameter; `finish` reports the parameters of other kinds as
    // unknown fields, naming the ones this kind knows.
    let kind = match kind? {
        Kind::RemainingPercent => o
            .required(r, "percent", Reader::percent)
            .map(EarlyTermination::RemainingPercent),
        Kind::MonthsOfFee => o
            .required(r, "months", |r, v| positive(r, v, 1200))
            .map(EarlyTermination::MonthsOfFee),
        Kind::Flat => o
            .required(r, "amount", |r, v| r.amount(v, None))
            .map(EarlyTermination::Flat),
        Kind::Schedule => o
            .required(r, "schedule", read_schedule)
            .map(|steps| EarlyTermination::Schedule(steps.into())),
        Kind::Lesser => Some(EarlyTermination::LesserOfDiscountOrRemaining),
    };
    let (min, max) = read_min_max(r, &mut o);
    let plus_setup_fee = o
        .optional(r, "plusSetupFee", Reader::boolean)
        .unwrap_or(false);
    let (only_before_start, before_delivery) = if outer {
        let only = o
            .optional(r, "onlyBeforeStart", Reader::boolean)
            .unwrap_or(false);
        let before = o.optional(r, "beforeDelivery", |r, v| read_fee_clause(r, v, false));
        if only && before.is_some() {
            r.at("beforeDelivery", |r| {
                r.report(
                    ErrorCode::IncompleteRule,
                    "a fee charged only before the start (\"onlyBeforeStart\") has no clause before delivery: give one or the other",
                )
            });
        }
        (only, before.map(Box::new))
    } else {
        (false, None)
    };
    o.finish(r);
    Some(EarlyTerminationFee {
        kind: kind?,
        min,
        max,
        only_before_start,
        plus_setup_fee,
        before_delivery,
    })
}

fn read_schedule(r: &mut Reader, v: &Value) -> Option<Vec<ScheduleStep>> {
    let steps = r.array_of_at_most(v, MAX_SCHEDULE_STEPS, |r, v| {
        let mut o = r.object(v)?;
        let from_month = o.required(r, "fromMonth", |r, v| positive(r, v, 1200));
        let percent = o.required(r, "percent", Reader::percent);
        o.finish(r);
        Some(ScheduleStep {
            from_month: from_month?,
            percent: percent?,
        })
    })?;
    match steps.first() {
        None => {
            r.report(ErrorCode::OutOfRange, "expected at least one step");
            return None;
        }
        Some(first) if first.from_month != 1 => {
            r.at_index(0, |r| {
                r.at("fromMonth", |r| {
                    r.report(
                        ErrorCode::TiersNotOrdered,
                        "the first step must start at month 1",
                    )
                })
            });
        }
        Some(_) => {}
    }
    for (i, pair) in steps.windows(2).enumerate() {
        if let [a, b] = pair {
            if b.from_month <= a.from_month {
                r.at_index(i.saturating_add(1), |r| {
                    r.at("fromMonth", |r| {
                        r.report(
                            ErrorCode::TiersNotOrdered,
                            "steps must have strictly increasing \"fromMonth\"",
                        )
                    })
                });
            }
        }
    }
    Some(steps)
}

fn read_non_refundable(r: &mut Reader, v: &Value) -> Option<NonRefundable> {
    let mut o = r.object(v)?;
    let setup_fee = o.optional(r, "setupFee", |r, v| {
        r.one_of(
            v,
            &[
                ("forfeit", SetupFeeRule::Forfeit),
                ("refund", SetupFeeRule::Refund),
            ],
        )
    });
    let vouchers = o.optional(r, "vouchers", |r, v| r.one_of(v, &VOUCHER_RULES));
    let credit = o.optional(r, "credit", |r, v| {
        r.one_of(
            v,
            &[
                ("return_as_credit", CreditRule::ReturnAsCredit),
                ("forfeit", CreditRule::Forfeit),
            ],
        )
    });
    let processing_fee = o.optional(r, "processingFee", read_processing_fee);
    o.finish(r);
    Some(NonRefundable {
        setup_fee: setup_fee.unwrap_or_default(),
        vouchers: vouchers.unwrap_or_default(),
        credit: credit.unwrap_or_default(),
        processing_fee,
    })
}

/// `{"percent": "2.9", "fixed": "0.30", "methods": ["card", "paypal"]}`: at least one of
/// `percent` and `fixed`; `methods` defaults to every method but `balance`.
fn read_processing_fee(r: &mut Reader, v: &Value) -> Option<ProcessingFee> {
    let mut o = r.object(v)?;
    let percent = o.optional(r, "percent", Reader::percent);
    let fixed = o.optional(r, "fixed", |r, v| r.amount(v, None));
    let methods = o.optional(r, "methods", |r, v| {
        let list = r.array(v, |r, v| r.one_of(v, &PaymentMethod::NAMES))?;
        Some(list.into_iter().fold(MethodSet::EMPTY, MethodSet::with))
    });
    let neither = !o.has("percent") && !o.has("fixed");
    o.finish(r);
    if neither {
        r.report(
            ErrorCode::MissingField,
            "give \"percent\", \"fixed\" or both",
        );
        return None;
    }
    Some(ProcessingFee {
        percent: percent.unwrap_or(Decimal::ZERO),
        fixed: fixed.unwrap_or(Decimal::ZERO),
        // Paying from the account balance involves no processor.
        methods: methods.unwrap_or_else(|| MethodSet::all_but(&[PaymentMethod::Balance])),
    })
}

fn read_sla(r: &mut Reader, v: &Value) -> Option<Sla> {
    let mut o = r.object(v)?;
    let tiers = o.required(r, "tiers", |r, v| {
        let tiers = r.array_of_at_most(v, MAX_TIERS, |r, v| {
            let mut t = r.object(v)?;
            let below = t.required(r, "below", Reader::percent);
            let percent = t.required(r, "percent", Reader::percent);
            t.finish(r);
            Some(SlaTier {
                below: below?,
                percent: percent?,
            })
        })?;
        if tiers.is_empty() {
            r.report(ErrorCode::OutOfRange, "expected at least one tier");
            return None;
        }
        for (i, pair) in tiers.windows(2).enumerate() {
            if let [a, b] = pair {
                if b.below >= a.below {
                    r.at_index(i.saturating_add(1), |r| {
                        r.at("below", |r| {
                            r.report(
                                ErrorCode::TiersNotOrdered,
                                "tiers must have strictly decreasing \"below\" thresholds",
                            )
                        })
                    });
                }
                if b.percent < a.percent {
                    r.at_index(i.saturating_add(1), |r| {
                        r.at("percent", |r| {
                            r.report(
                                ErrorCode::TiersNotOrdered,
                                "a lower availability cannot earn a smaller credit",
                            )
                        })
                    });
                }
            }
        }
        Some(tiers)
    });
    let cap_percent = o
        .optional(r, "capPercent", Reader::percent)
        .unwrap_or(Decimal::ONE_HUNDRED);
    let pay_as = o
        .optional(r, "payAs", |r, v| {
            r.one_of(
                v,
                &[("credit", SlaPayout::Credit), ("refund", SlaPayout::Refund)],
            )
        })
        .unwrap_or(SlaPayout::Credit);
    let claim_window = o.optional(r, "claimWindow", read_claim_window);
    o.finish(r);
    Some(Sla {
        tiers: tiers?.into(),
        cap_percent,
        pay_as,
        claim_window,
    })
}

fn read_claim_window(r: &mut Reader, v: &Value) -> Option<ClaimWindow> {
    let mut o = r.object(v)?;
    let days = o.optional(r, "businessDays", |r, v| positive(r, v, 400));
    let cycles = o.optional(r, "billingCycles", |r, v| positive(r, v, 24));
    let exactly_one = o.has("businessDays") != o.has("billingCycles");
    o.finish(r);
    if !exactly_one {
        r.report(
            ErrorCode::InvalidType,
            "expected exactly one of \"businessDays\" or \"billingCycles\"",
        );
        return None;
    }
    match (days, cycles) {
        (Some(d), _) => Some(ClaimWindow::BusinessDays(d)),
        (_, Some(c)) => Some(ClaimWindow::BillingCycles(c)),
        _ => None,
    }
}

fn read_settlement(r: &mut Reader, v: &Value) -> Option<Settlement> {
    let mut o = r.object(v)?;
    let negative = o
        .optional(r, "negative", |r, v| {
            r.one_of(
                v,
                &[("zero", NegativeRule::Zero), ("owed", NegativeRule::Owed)],
            )
        })
        .unwrap_or_default();
    let minimum_refund = o.optional(r, "minimumRefund", |r, v| r.amount(v, None));
    let outstanding = o
        .optional(r, "outstanding", |r, v| {
            r.one_of(
                v,
                &[
                    ("owed", OutstandingRule::Owed),
                    ("waived", OutstandingRule::Waived),
                ],
            )
        })
        .unwrap_or_default();
    let orders = o
        .optional(r, "orders", |r, v| {
            r.one_of(
                v,
                &[
                    ("each", SettleOrders::Each),
                    ("together", SettleOrders::Together),
                ],
            )
        })
        .unwrap_or_default();
    o.finish(r);
    Some(Settlement {
        negative,
        orders,
        outstanding,
        minimum_refund,
    })
}

/// `{"refund": "rules" | "none" | "within_window", "window": {…}, "serviceEnds":
/// "at_cancellation" | "end_of_term"}`. The service runs to the end of the term only when
/// nothing comes back: with the refund rules the cancellation ends it (and refunds the
/// rest). A window goes with `within_window`, and only with it.
fn read_cancellation(r: &mut Reader, v: &Value) -> Option<Cancellation> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Refund {
        Rules,
        None,
        WithinWindow,
    }
    let mut o = r.object(v)?;
    let refund = o
        .optional(r, "refund", |r, v| {
            r.one_of(
                v,
                &[
                    ("rules", Refund::Rules),
                    ("none", Refund::None),
                    ("within_window", Refund::WithinWindow),
                ],
            )
        })
        .unwrap_or(Refund::Rules);
    let window_given = o.has("window");
    let window = o.optional(r, "window", read_refund_window);
    let service_ends = o
        .optional(r, "serviceEnds", |r, v| {
            r.one_of(
                v,
                &[
                    ("at_cancellation", ServiceEnds::AtCancellation),
                    ("end_of_term", ServiceEnds::EndOfTerm),
                ],
            )
        })
        .unwrap_or_default();
    o.finish(r);
    if service_ends == ServiceEnds::EndOfTerm && refund == Refund::Rules {
        r.at("serviceEnds", |r| {
            r.report(
                ErrorCode::IncompleteRule,
                "the service runs to the end of the term only when nothing comes back: give \"refund\": \"none\" or \"within_window\" as well",
            )
        });
        return None;
    }
    match (refund, window_given) {
        (Refund::WithinWindow, false) => {
            r.at("window", |r| {
                r.report(
                    ErrorCode::MissingField,
                    "\"refund\": \"within_window\" needs the window: give \"window\": {\"days\": 30} or {\"hours\": 72}",
                )
            });
            return None;
        }
        (Refund::Rules | Refund::None, true) => {
            r.at("window", |r| {
                r.report(
                    ErrorCode::IncompleteRule,
                    "a refund window applies only with \"refund\": \"within_window\"",
                )
            });
            return None;
        }
        _ => {}
    }
    let refund = match refund {
        Refund::Rules => CancellationRefund::Rules,
        Refund::None => CancellationRefund::None,
        Refund::WithinWindow => CancellationRefund::WithinWindow(window?),
    };
    Some(Cancellation {
        refund,
        service_ends,
    })
}

/// `{"amount": "50000.00", "months": 12, "over": "trim" | "refuse"}`.
fn read_account_cap(r: &mut Reader, v: &Value) -> Option<AccountCap> {
    let mut o = r.object(v)?;
    let amount = o.required(r, "amount", |r, v| r.amount(v, None));
    let months = o
        .optional(r, "months", |r, v| positive(r, v, 120))
        .unwrap_or(12);
    let over = o
        .optional(r, "over", |r, v| {
            r.one_of(v, &[("trim", CapOver::Trim), ("refuse", CapOver::Refuse)])
        })
        .unwrap_or_default();
    o.finish(r);
    Some(AccountCap {
        amount: amount?,
        months,
        over,
    })
}

/// `{"days": 30}` or `{"hours": 72}`, and where it starts (`from`).
fn read_refund_window(r: &mut Reader, v: &Value) -> Option<RefundWindow> {
    let mut o = r.object(v)?;
    let days = o.optional(r, "days", |r, v| positive(r, v, 3660));
    let hours = o.optional(r, "hours", |r, v| positive(r, v, 87_840));
    let from = o
        .optional(r, "from", |r, v| {
            r.one_of(
                v,
                &[
                    ("purchase", WindowFrom::Purchase),
                    ("activation", WindowFrom::Activation),
                ],
            )
        })
        .unwrap_or_default();
    let exactly_one = o.has("days") != o.has("hours");
    let in_hours = o.has("hours");
    let counting = read_counting(r, &mut o, in_hours);
    o.finish(r);
    if !exactly_one {
        r.report(
            ErrorCode::InvalidType,
            "expected exactly one of \"days\" or \"hours\" for the window",
        );
        return None;
    }
    let length = match (days, hours) {
        (Some(d), _) => WindowLength::Days(d),
        (_, Some(h)) => WindowLength::Hours(h),
        _ => return None,
    };
    Some(RefundWindow {
        length,
        from,
        counting,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_sets_hold_exactly_what_was_added() {
        let processed = MethodSet::all_but(&[PaymentMethod::Balance]);
        for (_, method) in PaymentMethod::NAMES {
            assert_eq!(processed.contains(method), method != PaymentMethod::Balance);
        }
        let frozen = Blockers::EMPTY.with(Blocker::Frozen);
        assert!(frozen.contains(Blocker::Frozen));
        assert!(!frozen.contains(Blocker::Trial));
        assert!(Blocker::NAMES
            .iter()
            .all(|(_, b)| Blockers::default().contains(*b)));
    }
}
