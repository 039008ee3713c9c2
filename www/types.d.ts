// Types shared by 'refund-estimator' and 'refund-estimator/slim'. Field names are the
// public contract; money is always a decimal string, never a JS number.

/** A decimal amount as a string, e.g. "12000.00" or "0.0035". JS numbers lose cents. */
export type Decimal = string;
/** RFC 3339 with an offset ("2026-01-15T10:30:00+08:00"), or a date ("2026-01-15") meaning midnight in the policy's time zone. */
export type Timestamp = string;
/**
 * An instant in the input: a {@link Timestamp}, or a `Date` (read as its ISO text, in UTC:
 * `new Date('2026-05-20')` is midnight UTC, where the string "2026-05-20" is midnight in the
 * policy's time zone).
 */
export type InstantInput = Timestamp | Date;
/** A calendar date, "YYYY-MM-DD". */
export type DateString = string;
/** Text a policy provides: one string for every locale, or per locale. */
export type LocalizedText = string | { en: string; 'zh-CN'?: string };

export type Reason = 'business_change' | 'dissatisfied' | 'provider_fault' | 'duplicate_purchase' | 'switching_provider' | 'other';
export type PaymentMethod = 'card' | 'alipay' | 'wechat_pay' | 'bank_transfer' | 'paypal' | 'balance';
/** "en" (default) or "zh-CN"; other tags fall back to English with an `unknown_locale` warning. */
export type Locale = 'en' | 'zh-CN' | (string & {});

/** A fee for leaving early, by the code of its line in `Estimate.lines`. */
export type WaivableFee = 'handling_fee' | 'early_termination_fee';

/** The customer's purchase. Amounts are in the policy's currency and include tax. */
export interface Order {
  /** A plan id of the policy. */
  plan: string;
  start: InstantInput;
  /** Default: start + the plan's term. */
  end?: InstantInput;
  /**
   * Everything paid for this order, the setup fee included. At least one part. Default: the
   * list price in cash (one term, or one month's bill for monthly billing, plus the setup
   * fee, with tax when the policy's prices exclude it): a pricing-page what-if.
   */
  paid?: { cash?: Decimal; credit?: Decimal; voucher?: Decimal };
  /** The one-time part of `paid`; default: the plan's setupFee (with tax when prices exclude it); 0 for a renewal. */
  setupFee?: Decimal;
  /** Metered quantities by meter id, e.g. { traffic_gb: "1200" }. */
  usage?: Record<string, Decimal>;
  /** Unpaid charges to deduct. */
  outstanding?: Decimal;
  /** Default "card". */
  paymentMethod?: PaymentMethod;
  promotion?: boolean;
  invoiced?: boolean;
  /** Cooling-off refunds already used this year. */
  coolingOffUsed?: number;
  /** A renewal paid ahead of its start (it may be cancelled before it starts). */
  renewal?: boolean;
  /** false when the resource was never created or activated. Default true. */
  activated?: boolean;
  /** When the service was activated (a line installed), for a cooling-off window from
   *  activation; not before `start` unless a renewal. */
  activatedAt?: InstantInput;
  /** false when the payment method can no longer take refunds (expired card, closed account): the cash goes to the balance. */
  paymentMethodValid?: boolean;
  /**
   * The fees for leaving early that the customer's framework contract waives: `true` both,
   * or the ones listed by line code (`["handling_fee"]` keeps the early-termination fee).
   */
  feesWaived?: boolean | WaivableFee[];
  /** The account's earlier refunds, for a policy that limits refunds over a rolling window (`accountCap`) only. */
  refundHistory?: RefundHistoryEntry[];
  /** The plan's price today as paid (with tax), for `refundBase: { of: 'lower_of_paid_and_current' }` only; default the plan's `currentPrice`. */
  currentPrice?: Decimal;
  /** A trial order: refused while the policy lists `trial` among its blockers (default). */
  trial?: boolean;
  /** The account is frozen: refused while the policy lists `frozen` (default). */
  frozen?: boolean;
  /** Another transaction on the order is in progress: refused while the policy lists `pending_transaction` (default). */
  pendingTransaction?: boolean;
}

/** The what-if. */
export interface RefundRequest {
  /** The cancellation instant. */
  at: InstantInput;
  /** Default "other". */
  reason?: Reason;
  /** Measured monthly availability in percent, e.g. "99.5", for SLA credits. */
  availability?: Decimal;
  /** The day the request is submitted; default: the date of `at`. */
  submittedOn?: DateString;
  /** The day of the provider's fault (its last day), for the policy's SLA claim window;
   *  not before the order's start (except for a renewal). */
  faultOn?: DateString;
  /** The day the SLA credit was claimed, when before the request (a ticket filed earlier);
   *  default: `submittedOn`. */
  slaClaimedOn?: DateString;
  locale?: Locale;
}

export interface EstimateInput {
  /** Default: the bundled policy (see defaultPolicy()). */
  policy?: Policy;
  order: Order;
  /**
   * Orders refunded together with `order` as one (a renewal already paid ahead, …), at most
   * 24, where the policy's `settlement.orders` is `together`: their lines are summed and
   * floored once. `order` stays the one the estimate is about.
   */
  settleWith?: Order[];
  request: RefundRequest;
}

/** `end_of_term`: cancelling stops the renewal, the service runs to the end of the paid term (`serviceEnds`) and nothing comes back. */
export type Outcome = 'full' | 'partial' | 'none' | 'ineligible' | 'end_of_term';
export type LineCode =
  | 'paid' | 'not_refundable' | 'whole_refund' | 'cooling_off' | 'promotion_clawback' | 'consumed'
  | 'consumed_multiplier' | 'usage' | 'handling_fee' | 'early_termination_fee' | 'setup_fee' | 'processing_fee' | 'voucher'
  | 'credit' | 'sla_credit' | 'outstanding' | 'cap' | 'below_minimum' | 'floor' | 'end_of_term' | 'lower_price' | 'account_cap';

/** One line of the breakdown. */
export interface Line {
  code: LineCode;
  /** Signed: positive adds to the refund, negative deducts. */
  amount: Decimal;
  /** Short name in the request's locale. */
  label: string;
  /** The rule and the formula with the customer's numbers. */
  detail: string;
  /** With several orders settled together: the input path of the line's order, `"order"` or `"settleWith[0]"`, …. */
  order?: string;
}

export interface Destination {
  to: 'original_method' | 'balance' | 'account_credit' | 'voucher' | 'forfeited';
  /** The payment method, for `original_method`. */
  method?: PaymentMethod;
  amount: Decimal;
  label: string;
}

export interface Phase {
  code: 'approval' | 'payout';
  label: string;
  businessDays: [number, number];
}

export interface Timeline {
  /** Approval tier, e.g. "automatic", "review", "large_amount"; "none" when nothing is paid. */
  approval: string;
  /** Business days from submission until the money arrives: [fewest, most]. */
  businessDays: [number, number];
  /** "YYYY-MM-DD", or "" when nothing is paid. */
  earliest: DateString;
  latest: DateString;
  phases: Phase[];
  /** One sentence in the request's locale. */
  summary: string;
  /** When an SLA credit paid beside the refund reaches the account: its own range, apart
   * from the refund's. Present only when the estimate has `credits`. */
  credit?: {
    businessDays: [number, number];
    earliest: DateString;
    latest: DateString;
    summary: string;
  };
}

/** A document to prepare or a step to take. */
export interface Item {
  code: string;
  label: string;
  detail: string;
}

export type WarningCode =
  | 'cooling_off_quota_used' | 'cooling_off_requires_unused' | 'cooling_off_not_for_renewals' | 'invoiced_to_balance' | 'unknown_locale'
  | 'usage_not_reported' | 'after_end' | 'fees_owed' | 'outstanding_owed' | 'review_longer' | 'method_window_closed' | 'wire_intermediary_fees'
  | 'excess_to_balance' | 'method_invalid' | 'sla_claim_window' | 'sla_claim_by' | 'sla_claim_late'
  | 'sla_fault_after_claim' | 'calendar_ends' | 'calendar_provisional';

export interface Estimate {
  /** ISO 4217 code of every amount. */
  currency: string;
  /** What comes back, cash and account credit together; the lines sum to it exactly. */
  refund: Decimal;
  /** What leaving costs on top, when the policy makes fees payable (telecom style); then refund is "0" and the lines sum to -owed. */
  owed: Decimal;
  outcome: Outcome;
  /** When the service ends, only when it outlives the cancellation (outcome `end_of_term`): the order's end. */
  serviceEnds?: Timestamp;
  lines: Line[];
  /** Compensation beside the refund (SLA credits as account credit). */
  credits: Line[];
  /** Where each part lands; all but `forfeited` sum to refund + credits. */
  destinations: Destination[];
  /** The refund split into net and tax, when the policy carries a tax rate. */
  tax?: { rate: Decimal; net: Decimal; tax: Decimal };
  /** Where the account stands against the policy's limit on refunds per rolling window, when it has one. */
  accountCap?: { limit: Decimal; months: number; used: Decimal; left: Decimal; leftAfter: Decimal };
  timeline: Timeline;
  documents: Item[];
  steps: Item[];
  warnings: { code: WarningCode; message: string }[];
  policy: { id: string; version: string };
}

export type ErrorCode =
  | 'invalid_json' | 'missing_field' | 'unknown_field' | 'duplicate_field' | 'invalid_type' | 'invalid_amount'
  | 'too_precise' | 'invalid_number' | 'out_of_range' | 'invalid_enum' | 'invalid_date' | 'invalid_timezone'
  | 'unknown_currency' | 'unknown_plan' | 'duplicate_plan' | 'unknown_meter' | 'tiers_not_ordered'
  | 'incomplete_rule' | 'end_before_start' | 'cancel_before_start' | 'overflow' | 'too_many_errors'
  | 'input_too_large' | 'invalid_text' | 'not_initialized' | 'freed' | 'load_failed';

/** One problem with the input. */
export interface Problem {
  code: ErrorCode;
  /** JSON path of the offending field, e.g. "order.paid.cash" or "policy.plans[2].term.months". */
  path: string;
  message: string;
}

/** What estimate() throws on bad input: the first problem, and all of them in `errors`. */
export interface EstimateError extends Error {
  code: ErrorCode;
  path: string;
  errors: Problem[];
}

export interface Validation {
  ok: boolean;
  errors: Problem[];
}

// ---- What-if over time and across plans ----

export interface CurveOptions {
  /** Default: the order's start. */
  from?: InstantInput;
  /** Default: the order's end. */
  to?: InstantInput;
  /** Default "day". */
  step?: 'hour' | 'day' | 'week' | 'month';
}

export interface Curve {
  currency: string;
  /** One point per step from `from` to `to`, both included; each equals estimate().refund at that instant. */
  points: {
    at: Timestamp;
    refund: Decimal;
    /** What leaving then costs on top (telecom-style policies); "0.00" otherwise. */
    owed: Decimal;
  }[];
  /** Where a rule changes the refund (found from the rules), with the refund one second before and after. */
  breakpoints: {
    at: Timestamp;
    code: 'cooling_off_end' | 'handling_tier' | 'schedule_knee' | 'multiplier_end' | 'renewal_start' | 'sla_claim_closed' | 'refund_window_end'
      | 'account_cap_release' | 'account_cap_reached' | 'delivery';
    label: string;
    before: Decimal;
    after: Decimal;
    /** What is owed one second before and after (telecom-style policies). */
    owedBefore: Decimal;
    owedAfter: Decimal;
  }[];
  /** The latest instant with the highest refund in the range: the deadline for someone who must leave. */
  best: { at: Timestamp; refund: Decimal; label: string };
}

/** A pricing-page visitor who has not bought yet: when they would start, how they would pay. */
export interface CompareInput {
  policy?: Policy;
  start: InstantInput;
  /** The account's earlier refunds, for plans whose policy limits them (`accountCap`). */
  refundHistory?: RefundHistoryEntry[];
  paymentMethod?: PaymentMethod;
  reason?: Reason;
  locale?: Locale;
}

export interface CompareOptions {
  /** How long the customer stays before leaving. */
  after: { months: number } | { days: number };
  /** Plan ids to compare; default all. */
  plans?: string[];
}

export interface Comparison {
  currency: string;
  /** The stay, as text ("4 months"). */
  after: string;
  /** Cheapest first; ties keep the policy's plan order. */
  rows: {
    plan: string;
    name: string;
    /** Terms paid to stay that long (a monthly plan kept 4 months is 4 terms). */
    terms: number;
    /** One term and the setup fee. */
    paidUpFront: Decimal;
    totalPaid: Decimal;
    /** What cancelling when leaving gives back, as estimate() computes it. */
    refund: Decimal;
    /** What leaving costs on top (telecom-style policies); "0.00" otherwise. */
    owed: Decimal;
    /** totalPaid − refund + owed. */
    netCost: Decimal;
    netCostPerMonth: Decimal;
    label: string;
  }[];
}

// ---- An estimator for one policy, and orders prepared once ----

/** The input of an Estimator's calls: estimate()'s input without its `policy`. */
export type OrderInput = Omit<EstimateInput, 'policy'>;

/** The figures of an estimate without its texts: what PreparedOrder.at() returns. */
export interface Figures {
  /** As Estimate.refund for the same input and instant. */
  refund: Decimal;
  /** As Estimate.owed. */
  owed: Decimal;
  outcome: Outcome;
  /** As Estimate.lines, each with its code and amount only. */
  lines: { code: LineCode; amount: Decimal }[];
}

/**
 * One policy, validated once (createEstimator()): its calls take inputs without `policy`
 * (one is refused as an `unknown_field`) and never read the policy again.
 */
export interface Estimator {
  estimate(input: OrderInput): Estimate;
  refundCurve(input: OrderInput, options?: CurveOptions): Curve;
  comparePlans(input: Omit<CompareInput, 'policy'>, options: CompareOptions): Comparison;
  /** The order and request validated once, to estimate again at other instants. */
  prepare(input: OrderInput): PreparedOrder;
  /** Frees the engine's copy of the policy now (otherwise when garbage-collected); orders prepared with it keep working. Later calls throw an Error with code "freed". */
  free(): void;
}

/** An order and its request, validated once (Estimator.prepare()). */
export interface PreparedOrder {
  /**
   * The figures for cancelling at `instant` (as `request.at` takes it, or a Date): those of
   * estimate() for the input with that instant, without the texts. A few microseconds: for
   * a slider or a date being typed. A bad instant throws as estimate() would, at `request.at`.
   */
  at(instant: InstantInput): Figures;
  /** The whole estimate at `instant`, or at the prepared `request.at` without one. */
  estimate(instant?: InstantInput): Estimate;
  /** Frees the engine's copy of the order now (otherwise when garbage-collected). Later calls throw an Error with code "freed". */
  free(): void;
}

// ---- The policy (docs/policy.md documents every field) ----

export type Term = { months: number } | { days: number } | { hours: number };
/** How a partial unit counts. */
export type UnitRounding = 'up' | 'down' | 'exact';

export interface Policy {
  /** The policy's JSON Schema, for editors (refund-estimator/policy.schema.json); ignored by the engine. */
  $schema?: string;
  id: string;
  version: string;
  name?: LocalizedText;
  /** ISO 4217, e.g. "CNY", "USD", "JPY", "KWD". */
  currency: string;
  /**
   * Where calendar questions (midnight, month ends, plain dates) are answered: a fixed UTC
   * offset ("+08:00", "Z") or a zone name with built-in daylight saving rules
   * ("America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Shanghai", …; the list is
   * in docs/policy.md 2.1). Default "Z".
   */
  timezone?: string;
  rounding?: 'half_up' | 'half_even' | 'down';
  tax?: { rate: Decimal; inclusive?: boolean };
  rules?: Rules;
  timeline?: TimelinePolicy;
  calendar?: {
    holidays?: DateString[];
    workdays?: DateString[];
    /** Years (1900–9999) whose holidays are projected, not yet published: business days counted through one give the warning `calendar_provisional`. */
    provisional?: number[];
    note?: string;
  };
  documents?: DocumentRule[];
  channels?: { kind: 'hotline' | 'online_chat' | 'email_ticket' | 'account_manager'; contact: LocalizedText }[];
  plans: Plan[];
}

export interface Plan {
  id: string;
  name?: LocalizedText;
  term: Term;
  price: Decimal;
  setupFee?: Decimal;
  billing?: 'prepaid' | 'monthly' | 'postpaid';
  monthlyFee?: Decimal;
  listMonthlyPrice?: Decimal;
  /** The plan's price today (one term), for `refundBase: { of: 'lower_of_paid_and_current' }` only. */
  currentPrice?: Decimal;
  listRates?: { per: Term; price: Decimal }[];
  meters?: { id: string; name?: LocalizedText; included?: Decimal; unitPrice: Decimal }[];
  /** Sections that replace the policy's (no merging); false switches coolingOff or sla off. */
  rules?: Rules;
}

export interface Rules {
  eligibility?: {
    promotion?: 'standard' | 'not_refundable' | 'clawback';
    invoiced?: 'standard' | 'block' | 'balance';
    notStarted?: 'full' | 'standard';
    neverActivated?: 'full' | 'standard';
    /** Order states that refuse any refund; default all three. */
    blockers?: ('trial' | 'frozen' | 'pending_transaction')[];
  };
  coolingOff?: false | {
    days?: number; hours?: number; quota?: number; requireUnused?: boolean; vouchers?: VoucherRule;
    /** Renewals get the window too (default: new purchases only). */
    renewals?: boolean;
    /** Where the window starts: the purchase (default) or `order.activatedAt`. */
    from?: 'purchase' | 'activation';
  } & WindowCounting;
  consumed?: {
    method?: 'pro_rata' | 'list_rate' | 'none';
    unit?: 'second' | 'minute' | 'hour' | 'day' | 'month';
    anchor?: 'start' | 'clock';
    startRounding?: UnitRounding;
    endRounding?: UnitRounding;
    dayCount?: 'actual' | '30/360';
    multiplier?: { factor: Decimal; withinDays?: number };
    usage?: boolean;
    /** `as_used`: the whole term measured on the grid of the time used, with its roundings (docs/policy.md 3.3.1); default `exact`. */
    termMeasure?: 'exact' | 'as_used';
  };
  fees?: {
    handling?: {
      percent: Decimal;
      of?: 'paid' | 'remaining';
      tiers?: { minTermMonths: number; byYear: Decimal[] }[];
      min?: Decimal;
      max?: Decimal;
    };
    earlyTermination?: EarlyTerminationClause & {
      /** Only for a cancellation before the service starts (XO). */
      onlyBeforeStart?: boolean;
      /** The clause for a cancellation before the service is delivered (`order.activatedAt` still ahead, or never activated), e.g. the one-time charge plus one month (docs/policy.md 3.15). */
      beforeDelivery?: EarlyTerminationClause;
    };
    waivedFor?: Reason[];
  };
  nonRefundable?: {
    setupFee?: 'forfeit' | 'refund';
    vouchers?: VoucherRule;
    credit?: 'return_as_credit' | 'forfeit';
    /** What the payment processor kept: cash × percent ÷ 100 + fixed, for `methods` (default: all but balance). */
    processingFee?: ({ percent: Decimal; fixed?: Decimal } | { percent?: Decimal; fixed: Decimal }) & { methods?: PaymentMethod[] };
  };
  sla?: false | {
    tiers: { below: Decimal; percent: Decimal }[];
    capPercent?: Decimal;
    payAs?: 'credit' | 'refund';
    /** The time to claim the credit after the fault: business days on the policy's calendar
     *  from the day after it, or monthly billing cycles (by the end of the Nth calendar month
     *  after the fault's month). */
    claimWindow?: { businessDays: number } | { billingCycles: number };
  };
  settlement?: {
    negative?: 'zero' | 'owed'; minimumRefund?: Decimal; outstanding?: 'owed' | 'waived';
    /** `together`: orders given with `settleWith` are refunded as one (docs/policy.md 3.14). Default `each`. */
    orders?: 'each' | 'together';
  };
  /** The most an account is refunded per rolling window of `months` (default 12): a larger refund is trimmed to what is left (default) or refused (docs/policy.md 3.13). */
  accountCap?: false | { amount: Decimal; months?: number; over?: 'trim' | 'refuse' };
  /** What refunds are computed on: what was paid (default) or the lower of that and the current price (docs/policy.md 3.12). */
  refundBase?: { of?: 'paid' | 'lower_of_paid_and_current' };
  /** What cancelling does (docs/policy.md 3.9). */
  cancellation?: {
    /** `none`: the plan is not refundable; `within_window`: the refund rules apply within `window`, nothing after. Default `rules`. */
    refund?: 'rules' | 'none' | 'within_window';
    /** With `within_window` (and only then): its length, and where it starts (default the purchase). */
    window?: ({ days: number } | { hours: number }) & { from?: 'purchase' | 'activation' } & WindowCounting;
    /** When nothing comes back: the service ends when cancelled (default) or runs to the end of the paid term. */
    serviceEnds?: 'at_cancellation' | 'end_of_term';
  };
}

export type VoucherRule = 'forfeit' | 'proportional' | 'refund';

/** An earlier refund to the account: when it was made, and how much. */
export interface RefundHistoryEntry {
  at: InstantInput;
  amount: Decimal;
}

/** How a window of days counts (docs/policy.md 3.11): `rolling` (default) N × 24 hours from its opening instant; `calendar_days` from the next day to 24:00 of the Nth day (Civil Code arts. 201, 203), and with `endsOnBusinessDay` a last day off work moves to the next business day. */
export interface WindowCounting {
  counting?: 'rolling' | 'calendar_days';
  endsOnBusinessDay?: boolean;
}

/** One clause of an early-termination fee: its kind, its limits, and whether the plan's one-time charge (its setupFee, less what the order paid of it and forfeits) is added. */
export type EarlyTerminationClause = EarlyTermination & { min?: Decimal; max?: Decimal; plusSetupFee?: boolean };

export type EarlyTermination =
  | { kind: 'remaining_percent'; percent: Decimal }
  | { kind: 'months_of_fee'; months: number }
  | { kind: 'flat'; amount: Decimal }
  | { kind: 'schedule'; schedule: { fromMonth: number; percent: Decimal }[] }
  | { kind: 'lesser_of_discount_or_remaining' };

export interface TimelinePolicy {
  approval?: { tier: string; label?: LocalizedText; upTo?: Decimal; businessDays: [number, number] }[];
  /** Business days added to approval for a reason (negative shortens). */
  reasons?: { reason: Reason; businessDays: [number, number] }[];
  /** Named conditions that make the review longer, each said in a `review_longer` warning. */
  extensions?: { code: string; label?: LocalizedText; when?: Condition; businessDays: [number, number] }[];
  payout?: Partial<Record<PaymentMethod, { businessDays: [number, number]; refundWindowDays?: number; intermediaryFees?: boolean }>>;
}

/** When a document is listed or a timeline extension applies: every part given must hold. */
export interface Condition {
  reasons?: Reason[];
  paymentMethods?: PaymentMethod[];
  invoiced?: boolean;
  minRefund?: Decimal;
  /** At least one of them receives money in the estimate (an SLA credit paid as credit counts as `account_credit`). */
  destinations?: Exclude<Destination['to'], 'forfeited'>[];
  paymentMethodValid?: boolean;
}

export interface DocumentRule {
  code: string;
  label?: LocalizedText;
  detail?: LocalizedText;
  /** Every condition given must hold (docs/policy.md 7.6). */
  when?: Condition;
}

