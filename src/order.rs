//! The customer's purchase, read against the policy it was bought under.

use crate::calendar::{DayCount, Instant};
use crate::error::ErrorCode;
use crate::money;
use crate::policy::{Billing, NameSet, Named, Plan, Policy, Term, TimeMethod};
use crate::read::Reader;
use crate::request::read_instant;
use crate::value::Value;
use rust_decimal::Decimal;

/// A fee for leaving early, by the name of its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fee {
    Handling,
    EarlyTermination,
}

impl Named for Fee {
    const ALL: &'static [(&'static str, Self)] = &[
        ("handling_fee", Fee::Handling),
        ("early_termination_fee", Fee::EarlyTermination),
    ];
}

/// A set of fees for leaving early.
pub type FeeSet = NameSet<Fee>;

/// `true` (both fees), `false` (none) or the fees by line name: a framework contract may
/// waive the handling fee and keep the early-termination fee, or the other way round.
fn read_fees_waived(r: &mut Reader, v: &Value) -> Option<FeeSet> {
    match v {
        Value::Bool(true) => Some(FeeSet::all_but(&[])),
        Value::Bool(false) => Some(FeeSet::EMPTY),
        Value::Array(_) => {
            let list = r.array(v, |r, v| r.one_of(v, Fee::ALL))?;
            Some(list.into_iter().fold(FeeSet::EMPTY, FeeSet::with))
        }
        other => {
            r.type_error("true, false or a list of fee names", other);
            None
        }
    }
}

/// By 30E/360 the 30th of a 31-day month stands still, so a term from its midnight to the
/// 31st's measures 0 days, and pro rata would charge it all at once. Plans are checked for
/// terms this short (`policy::check_plan_rules`); this catches an order's own `end`.
fn measures_no_time(plan: &Plan, start: Instant, end: Instant, policy: &Policy) -> bool {
    let measure = plan.rules.consumed.measure;
    plan.billing == Billing::Prepaid
        && plan.rules.consumed.method == TimeMethod::ProRata
        && measure.day_count == DayCount::Thirty360
        && measure
            .for_length()
            .between(start, end, policy.timezone)
            .is_some_and(|length| length.is_zero())
}

/// How the order was paid, split by kind of money. All amounts include tax.
#[derive(Clone, Copy, Debug, Default)]
pub struct Paid {
    /// Money from the customer's payment method.
    pub cash: Decimal,
    /// Gift credit granted by the provider.
    pub credit: Decimal,
    /// Vouchers and coupons.
    pub voucher: Decimal,
}

impl Paid {
    pub fn total(&self) -> Decimal {
        self.cash
            .checked_add(self.credit)
            .and_then(|s| s.checked_add(self.voucher))
            .unwrap_or(Decimal::MAX)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentMethod {
    Card,
    Alipay,
    WechatPay,
    BankTransfer,
    Paypal,
    Balance,
}

impl PaymentMethod {
    pub const NAMES: [(&'static str, PaymentMethod); 6] = [
        ("card", PaymentMethod::Card),
        ("alipay", PaymentMethod::Alipay),
        ("wechat_pay", PaymentMethod::WechatPay),
        ("bank_transfer", PaymentMethod::BankTransfer),
        ("paypal", PaymentMethod::Paypal),
        ("balance", PaymentMethod::Balance),
    ];

    pub fn as_str(self) -> &'static str {
        PaymentMethod::NAMES
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("card", |(n, _)| n)
    }
}

#[derive(Clone, Debug)]
pub struct Order {
    /// Index of the plan in `policy.plans`.
    pub plan: usize,
    pub start: Instant,
    pub end: Instant,
    /// Everything paid for this order, the setup fee included.
    pub paid: Paid,
    /// The one-time part of `paid`; defaults to the plan's setup fee.
    pub setup_fee: Decimal,
    /// Metered usage by meter index, sorted by that index (each meter at most once), so
    /// that a meter's usage is found in log time: a plan may have a thousand meters, and a
    /// refund curve asks for each of them at every point.
    pub usage: Vec<(usize, Decimal)>,
    pub outstanding: Decimal,
    pub payment_method: PaymentMethod,
    pub promotion: bool,
    pub invoiced: bool,
    /// The fees for leaving early that the customer's framework contract waives.
    pub fees_waived: FeeSet,
    /// `false` when the payment method can no longer take refunds (expired card, closed account).
    pub payment_method_valid: bool,
    /// A trial order.
    pub trial: bool,
    /// The customer's account is frozen.
    pub frozen: bool,
    /// Another transaction on the order (renewal, upgrade, refund) is in progress.
    pub pending_transaction: bool,
    pub cooling_off_used: u32,
    /// A renewal paid ahead of its start.
    pub renewal: bool,
    /// False when the resource was never created or activated.
    pub activated: bool,
    /// When the service was activated (a line installed), when the provider says so.
    pub activated_at: Option<Instant>,
    /// The plan's price today as the customer would pay it (with tax), for a refund base of
    /// the lower of two prices; the plan's `currentPrice` without it.
    pub current_price: Option<Decimal>,
    /// The account's earlier refunds, for a limit on refunds over a rolling window.
    pub refund_history: RefundHistory,
}

/// The most refunds an order's history may list: each is a break point of a refund curve
/// (where it stops counting), and a limit crossing between two points is found by bisection.
pub(crate) const MAX_REFUND_HISTORY: usize = 1_000;

/// An account's earlier refunds, sorted by instant, with running sums, so that the refunds
/// in a window are found in log time at every point of a refund curve.
#[derive(Clone, Debug, Default)]
pub struct RefundHistory {
    /// (when, amount), by instant.
    entries: Vec<(Instant, Decimal)>,
    /// `sums[i]` = the amounts of the first `i` entries.
    sums: Vec<Decimal>,
}

impl RefundHistory {
    pub(crate) fn new(mut entries: Vec<(Instant, Decimal)>) -> Option<RefundHistory> {
        crate::sort::sort_by(&mut entries, |a, b| a.0 < b.0);
        let mut sums = Vec::with_capacity(entries.len().saturating_add(1));
        let mut total = Decimal::ZERO;
        sums.push(total);
        for (_, amount) in &entries {
            total = total.checked_add(*amount)?;
            sums.push(total);
        }
        Some(RefundHistory { entries, sums })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The refunds that count at `at`: made at or before it, and less than `months` ago (a
    /// refund counts until the same wall-clock time `months` later). `None` past the
    /// supported years.
    pub(crate) fn used(
        &self,
        at: Instant,
        months: u32,
        zone: crate::calendar::Zone,
    ) -> Option<Decimal> {
        // Both bounds are monotone along the sorted entries: those made by `at` are a
        // prefix, those still counting (their end after `at`) a suffix.
        let made = self.entries.partition_point(|(t, _)| *t <= at);
        let mut expired = 0;
        let mut hi = made;
        while expired < hi {
            let mid = expired.saturating_add(hi.saturating_sub(expired) / 2);
            let (t, _) = self.entries.get(mid)?;
            if t.add_months(months, zone).is_some_and(|end| end > at) {
                hi = mid;
            } else {
                expired = mid.saturating_add(1);
            }
        }
        // No entries, no sums (a default history): nothing was used.
        let sum = |i: usize| self.sums.get(i).copied().unwrap_or_default();
        sum(made).checked_sub(sum(expired))
    }

    /// When each refund stops counting, with its instant and amount.
    pub(crate) fn releases(
        &self,
        months: u32,
        zone: crate::calendar::Zone,
    ) -> impl Iterator<Item = (Instant, Instant, Decimal)> + '_ {
        self.entries
            .iter()
            .filter_map(move |(t, amount)| Some((t.add_months(months, zone)?, *t, *amount)))
    }
}

impl Order {
    /// Whether a cancellation at `at` may count this order: it has started, or it is a
    /// renewal paid ahead (estimate() refuses an earlier cancellation, `cancel_before_start`).
    pub(crate) fn started_by(&self, at: Instant) -> bool {
        at >= self.start || self.renewal
    }

    pub(crate) fn read(r: &mut Reader, v: &Value, policy: &Policy) -> Option<Order> {
        let minor = Some(policy.minor_unit());
        let mut o = r.object(v)?;
        let plan = o.required(r, "plan", |r, v| {
            let id = r.string(v)?;
            let index = policy.plans.iter().position(|p| p.id == id);
            if index.is_none() {
                let ids: Vec<&str> = policy.plans.iter().map(|p| p.id.as_str()).collect();
                let hint = match crate::read::suggest(&id, &ids) {
                    Some(best) => format!("; did you mean \"{}\"?", crate::read::shorten(best)),
                    None => format!(
                        "; the policy's plans are {}",
                        crate::read::name_list(ids.iter().copied(), "none")
                    ),
                };
                r.report(
                    ErrorCode::UnknownPlan,
                    format!(
                        "the policy has no plan \"{}\"{hint}",
                        crate::read::shorten(&id)
                    ),
                );
            }
            index
        });
        let start = o.required(r, "start", |r, v| read_instant(r, v, policy.timezone));
        let end = o.optional(r, "end", |r, v| read_instant(r, v, policy.timezone));
        let paid_given = o.has("paid");
        let paid = o.optional(r, "paid", |r, v| {
            let mut p = r.object(v)?;
            let cash = p.optional(r, "cash", |r, v| r.amount(v, minor));
            let credit = p.optional(r, "credit", |r, v| r.amount(v, minor));
            let voucher = p.optional(r, "voucher", |r, v| r.amount(v, minor));
            let any = p.has("cash") || p.has("credit") || p.has("voucher");
            p.finish(r);
            if !any {
                r.report(
                    ErrorCode::MissingField,
                    "give at least one of \"cash\", \"credit\" or \"voucher\"",
                );
            }
            // An invalid part is already reported; cross-field checks against a total that
            // counts it as zero would only add confusing follow-up errors.
            let invalid = ["cash", "credit", "voucher"]
                .iter()
                .zip([cash, credit, voucher])
                .any(|(key, amount)| p_has(v, key) && amount.is_none());
            if invalid || !any {
                return None;
            }
            Some(Paid {
                cash: cash.unwrap_or(Decimal::ZERO),
                credit: credit.unwrap_or(Decimal::ZERO),
                voucher: voucher.unwrap_or(Decimal::ZERO),
            })
        });
        let plan_ref = plan.and_then(|i| policy.plans.get(i));
        let setup_fee = o.optional(r, "setupFee", |r, v| r.amount(v, minor));
        let usage = o
            .optional(r, "usage", |r, v| read_usage(r, v, plan_ref))
            .unwrap_or_default();
        let outstanding = o
            .optional(r, "outstanding", |r, v| r.amount(v, minor))
            .unwrap_or(Decimal::ZERO);
        let payment_method = o
            .optional(r, "paymentMethod", |r, v| {
                r.one_of(v, &PaymentMethod::NAMES)
            })
            .unwrap_or(PaymentMethod::Card);
        let promotion = o.optional(r, "promotion", Reader::boolean).unwrap_or(false);
        let invoiced = o.optional(r, "invoiced", Reader::boolean).unwrap_or(false);
        let payment_method_valid = o
            .optional(r, "paymentMethodValid", Reader::boolean)
            .unwrap_or(true);
        let fees_waived = o
            .optional(r, "feesWaived", read_fees_waived)
            .unwrap_or(FeeSet::EMPTY);
        let trial = o.optional(r, "trial", Reader::boolean).unwrap_or(false);
        let frozen = o.optional(r, "frozen", Reader::boolean).unwrap_or(false);
        let pending_transaction = o
            .optional(r, "pendingTransaction", Reader::boolean)
            .unwrap_or(false);
        let cooling_off_used = o
            .optional(r, "coolingOffUsed", |r, v| r.count(v, 10_000))
            .unwrap_or(0);
        let renewal = o.optional(r, "renewal", Reader::boolean).unwrap_or(false);
        let activated = o.optional(r, "activated", Reader::boolean).unwrap_or(true);
        let activated_at = o.optional(r, "activatedAt", |r, v| read_instant(r, v, policy.timezone));
        let history_given = o.has("refundHistory");
        let history = o
            .optional(r, "refundHistory", |r, v| read_refund_history(r, v, policy))
            .unwrap_or_default();
        let current_price_given = o.has("currentPrice");
        let current_price = o.optional(r, "currentPrice", |r, v| r.amount(v, minor));
        o.finish(r);

        let (plan, start) = (plan?, start?);
        if paid_given && paid.is_none() {
            return None;
        }
        let plan_ref = policy.plans.get(plan)?;
        // Policy prices are pre-tax when the policy says so; order money is as paid.
        let as_paid = |price: Decimal| {
            policy
                .gross(price)
                .map(|p| money::round(p, policy.minor_unit(), policy.rounding))
        };
        // Defaults: a renewal continues a service already set up, so it carries no setup fee;
        // without `paid`, the order paid the list price (a pricing-page visitor's what-if).
        // Within the input limits (prices ≤ 10^15, tax ≤ 100 %) these cannot overflow.
        let setup_fee = match setup_fee {
            Some(fee) => Some(fee),
            None if renewal => Some(Decimal::ZERO),
            None => as_paid(plan_ref.setup_fee).ok(),
        };
        let defaults = setup_fee.and_then(|setup_fee| match paid {
            Some(paid) => Some((setup_fee, paid)),
            None => default_payment(plan_ref, setup_fee, as_paid).map(|paid| (setup_fee, paid)),
        });
        let Some((setup_fee, paid)) = defaults else {
            r.report(
                ErrorCode::Overflow,
                "the plan's price with tax is too large to compute",
            );
            return None;
        };
        let end = match end {
            Some(end) => end,
            None => match term_end(start, plan_ref, policy) {
                Some(end) => end,
                None => {
                    r.at("start", |r| {
                        r.report(
                            ErrorCode::InvalidDate,
                            "the term's end falls outside the supported years",
                        )
                    });
                    return None;
                }
            },
        };
        if end <= start {
            r.at("end", |r| {
                r.report(
                    ErrorCode::EndBeforeStart,
                    "the order's end must be after its start",
                )
            });
        } else if measures_no_time(plan_ref, start, end, policy) {
            r.at("end", |r| {
                r.report(
                    ErrorCode::OutOfRange,
                    "the term measures 0 days by the 30/360 day count (in a 31-day month the 30th does not count), so its use could not be charged by time: give a later end",
                )
            });
        }
        if let Some(at) = activated_at {
            let problem = if !activated {
                Some("an order that was never activated (\"activated\": false) has no activation time")
            } else if at < start && !renewal {
                Some("the service cannot be activated before the order starts")
            } else {
                None
            };
            if let Some(message) = problem {
                r.at("activatedAt", |r| r.report(ErrorCode::OutOfRange, message));
            }
        }
        // A refund on the lower of two prices needs the current price, from the order or
        // the plan; a current price that no rule uses is a mistake worth saying.
        let lower_base =
            plan_ref.rules.refund_base == crate::policy::RefundBase::LowerOfPaidAndCurrent;
        if lower_base && !current_price_given && plan_ref.current_price.is_none() {
            r.at("currentPrice", |r| {
                r.report(
                    ErrorCode::MissingField,
                    format!(
                        "plan \"{}\" refunds on the lower of what was paid and its current price: give the current price (\"currentPrice\": \"9000.00\"), or the plan's \"currentPrice\" in the policy",
                        crate::read::shorten(&plan_ref.id)
                    ),
                )
            });
        } else if current_price_given && !lower_base {
            r.at("currentPrice", |r| {
                r.report(
                    ErrorCode::IncompleteRule,
                    format!(
                        "plan \"{}\" refunds on what was paid: a current price is used only under \"refundBase\": {{\"of\": \"lower_of_paid_and_current\"}}",
                        crate::read::shorten(&plan_ref.id)
                    ),
                )
            });
        }
        if history_given && plan_ref.rules.account_cap.is_none() {
            r.at("refundHistory", |r| {
                r.report(
                    ErrorCode::IncompleteRule,
                    format!(
                        "plan \"{}\" has no limit on an account's refunds (\"accountCap\"): the refund history is not used",
                        crate::read::shorten(&plan_ref.id)
                    ),
                )
            });
        }
        if setup_fee > paid.total() {
            r.at("setupFee", |r| {
                r.report(
                    ErrorCode::OutOfRange,
                    "the setup fee is part of what was paid and cannot exceed it",
                )
            });
        }
        Some(Order {
            plan,
            start,
            end,
            paid,
            setup_fee,
            usage,
            outstanding,
            payment_method,
            promotion,
            invoiced,
            fees_waived,
            payment_method_valid,
            trial,
            frozen,
            pending_transaction,
            cooling_off_used,
            renewal,
            activated,
            activated_at,
            current_price,
            refund_history: history,
        })
    }

    pub fn usage_of(&self, meter: usize) -> Option<Decimal> {
        let i = self.usage.binary_search_by_key(&meter, |(m, _)| *m).ok()?;
        self.usage.get(i).map(|(_, q)| *q)
    }
}

/// The most orders `settleWith` may list beside `order`: every point of a refund curve
/// runs each order's stages.
pub(crate) const MAX_SETTLED_WITH: usize = 24;

/// `settleWith`: orders refunded together with `order` (a renewal already paid ahead, …),
/// each read like `order`, where every plan involved settles orders together
/// (`settlement.orders: "together"`). `order` and `request` are the input's, when they read.
pub(crate) fn read_settle_with(
    r: &mut Reader,
    v: &Value,
    policy: &Policy,
    order: Option<&Order>,
    request: Option<&crate::request::Request>,
) -> Option<Vec<Order>> {
    let together = |plan: usize| {
        policy
            .plans
            .get(plan)
            .is_some_and(|p| p.rules.settlement.orders == crate::policy::SettleOrders::Together)
    };
    let plan_id = |plan: usize| policy.plans.get(plan).map_or("", |p| p.id.as_str());
    if let Some(order) = order.filter(|o| !together(o.plan)) {
        r.report(
            ErrorCode::IncompleteRule,
            format!(
                "plan \"{}\" settles each order on its own: orders are settled together only where the policy says \"settlement\": {{\"orders\": \"together\"}}; estimate them one by one",
                crate::read::shorten(plan_id(order.plan))
            ),
        );
    }
    let others = r.array_of_at_most(v, MAX_SETTLED_WITH, |r, v| {
        let other = Order::read(r, v, policy)?;
        if !together(other.plan) {
            r.at("plan", |r| {
                r.report(
                    ErrorCode::IncompleteRule,
                    format!(
                        "plan \"{}\" settles each order on its own: it cannot be settled together with another order",
                        crate::read::shorten(plan_id(other.plan))
                    ),
                )
            });
        }
        if request.is_some_and(|q| !other.started_by(q.at)) {
            starts_after_cancellation(r);
        }
        // The account's limit is checked once, for all the orders, with the history on `order`.
        if !other.refund_history.entries.is_empty() {
            r.at("refundHistory", |r| {
                r.report(
                    ErrorCode::IncompleteRule,
                    "the account's refund history goes on \"order\", once for the orders settled together",
                )
            });
        }
        Some(other)
    })?;
    Some(others)
}

/// The error of an order settled together that starts after the cancellation (`r` at it).
pub(crate) fn starts_after_cancellation(r: &mut Reader) {
    r.at("start", |r| {
        r.report(
            ErrorCode::CancelBeforeStart,
            "this order starts after the cancellation; for a renewal paid ahead, set \"renewal\": true",
        )
    });
}

/// `[{"at": "2026-03-01", "amount": "12000.00"}, …]`: the account's earlier refunds.
pub(crate) fn read_refund_history(
    r: &mut Reader,
    v: &Value,
    policy: &Policy,
) -> Option<RefundHistory> {
    let minor = Some(policy.minor_unit());
    let entries = r.array_of_at_most(v, MAX_REFUND_HISTORY, |r, v| {
        let mut o = r.object(v)?;
        let at = o.required(r, "at", |r, v| read_instant(r, v, policy.timezone));
        let amount = o.required(r, "amount", |r, v| r.amount(v, minor));
        o.finish(r);
        Some((at?, amount?))
    })?;
    let history = RefundHistory::new(entries);
    if history.is_none() {
        r.report(
            ErrorCode::Overflow,
            "the refunds add up to more than the engine holds exactly",
        );
    }
    history
}

fn p_has(v: &Value, key: &str) -> bool {
    v.get(key).is_some_and(|x| !matches!(x, Value::Null))
}

/// The default end: start plus one term, in the policy's calendar.
pub(crate) fn term_end(start: Instant, plan: &Plan, policy: &Policy) -> Option<Instant> {
    match plan.term {
        Term::Months(m) => start.add_months(m, policy.timezone),
        Term::Days(d) => start.add_days(d, policy.timezone),
        Term::Hours(h) => start.add_seconds(i64::from(h).checked_mul(3600)?),
    }
}

/// What an order paid when `paid` is not given: the list price of one term (one month's
/// bill under monthly billing) and the setup fee, in cash. `None` on overflow.
fn default_payment(
    plan: &Plan,
    setup_fee: Decimal,
    as_paid: impl Fn(Decimal) -> Result<Decimal, crate::error::Error>,
) -> Option<Paid> {
    let term_price = match (plan.billing, plan.monthly_fee()) {
        (crate::policy::Billing::Monthly, Some(monthly)) => monthly,
        _ => plan.price,
    };
    let cash = money::add(as_paid(term_price).ok()?, setup_fee).ok()?;
    Some(Paid {
        cash,
        credit: Decimal::ZERO,
        voucher: Decimal::ZERO,
    })
}

/// `{"traffic_gb": "1200"}`: keys are the plan's meter ids. Linear in the number of keys
/// and meters (ids are looked up in a sorted index), whatever their number.
fn read_usage(r: &mut Reader, v: &Value, plan: Option<&Plan>) -> Option<Vec<(usize, Decimal)>> {
    let Value::Object(entries) = v else {
        r.report(
            ErrorCode::InvalidType,
            format!("expected an object of meter quantities, got {}", v.kind()),
        );
        return None;
    };
    let index =
        plan.map(|plan| crate::read::SortedIds::new(plan.meters.iter().map(|m| m.id.as_str())));
    let mut seen = vec![false; plan.map_or(0, |p| p.meters.len())];
    let mut out = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        // User keys are cut in paths as in messages.
        r.at(&crate::read::cut(key), |r| {
            let quantity = r.quantity(value);
            let (Some(plan), Some(index)) = (plan, &index) else {
                return;
            };
            match index.find(key) {
                Some(i) if seen.get(i).copied().unwrap_or(false) => r.report(
                    ErrorCode::DuplicateField,
                    "this meter appears more than once",
                ),
                Some(i) => {
                    if let Some(flag) = seen.get_mut(i) {
                        *flag = true;
                    }
                    if let Some(q) = quantity {
                        out.push((i, q));
                    }
                }
                None => {
                    let ids = plan.meters.iter().map(|m| m.id.as_str());
                    r.report(
                        ErrorCode::UnknownMeter,
                        format!(
                            "plan \"{}\" has no meter \"{}\"; its meters: {}",
                            crate::read::shorten(&plan.id),
                            crate::read::shorten(key),
                            crate::read::name_list(ids, "none")
                        ),
                    )
                }
            }
        });
    }
    crate::sort::sort_by(&mut out, |a, b| a.0 < b.0);
    Some(out)
}
