// <refund-estimator>: the estimator as a custom element. Importing 'refund-estimator/element'
// in a browser registers it (on a server it registers nothing). See README.md ("The
// <refund-estimator> element"); custom-elements.json describes it for editors and tools.
import type { Estimate, EstimateError, EstimateInput, Order, PaymentMethod, Policy, Reason } from './types.js';

/**
 * Attributes, each also a property of the same name (camelCase for `fault-on` and
 * `payment-method`): `mode` ("pricing" | "account"), `locale` ("en" | "zh-CN"; any Chinese
 * locale, "zh" or "zh-…" in any case, is "zh-CN"), `plans` (comma-separated plan ids offered
 * and compared), `plan`, `start`, `at` (YYYY-MM-DD: a whole day at the policy's `timezone`,
 * whose figure is that of cancelling at its end; in account mode today is now, and without
 * `at` the field holds the provider's today and follows it), `reason`, `availability` and
 * `fault-on` (YYYY-MM-DD; its field shown only when the plan's SLA rules have a
 * `claimWindow`) for the reason "provider_fault", `payment-method`, `months` (pricing: "leave
 * after N months", 1 to 60, sets the cancellation date to the last day of the N-th month),
 * `order` (account mode, as JSON; the property takes the object).
 *
 * Pricing mode estimates the plan's term in progress on the chosen day: a plan kept past its
 * term renews, as the plan comparison under the headline assumes.
 *
 * A visitor's mistake marks its field, with a short message beside it in the element's
 * language, and keeps the last estimate on screen, marked as not updated. A host's mistake
 * (policy, plans, order) or a module that fails to load shows a short message in the
 * element's language; the engine's error goes to the console and to the events.
 *
 * Events: `refund-estimate` (`detail: {input, estimate}`) after each estimate shown, the first
 * after the element is connected and a microtask has passed; `refund-estimate-error`
 * (`detail: {error}`: the error with `code` and `path`) after each estimate refused; `error`
 * (an ErrorEvent, not bubbling, its `error` the engine's) for a host's mistake or a module
 * that did not load. In account mode the element waits, silent, until it has an order.
 *
 * Styling: the parts and custom properties of {@link RefundEstimatorPart} and
 * {@link RefundEstimatorCustomProperty}; a constructable stylesheet (so a strict
 * `style-src 'self'` allows it); dark colours when the page allows a dark scheme
 * (`color-scheme: light dark`) and the reader prefers it.
 */
export declare class RefundEstimatorElement extends HTMLElement {
  /** The refund policy; default: the bundled sample policy (null until the module has loaded). Set a new object to change it. */
  policy: Policy | null;
  /**
   * Account mode: the customer's order. Overrides the `order` attribute; a string is taken
   * as the attribute's JSON (set on the attribute).
   */
  get order(): Order | null;
  set order(value: Order | string | null);
  /** The estimate shown (kept while a field is wrong, marked as not updated), or null. */
  readonly result: Estimate | null;
  /** The `mode` attribute: "pricing" (default) or "account". */
  mode: 'pricing' | 'account' | null;
  /** The `locale` attribute: "en" (default) or "zh-CN" (any "zh…"). */
  locale: string | null;
  /** The `plans` attribute: plan ids, comma-separated; an array is joined. */
  get plans(): string | null;
  set plans(value: string | readonly string[] | null);
  /** The `plan` attribute: the plan chosen first (pricing). */
  plan: string | null;
  /** The `start` attribute: the purchase day, YYYY-MM-DD (pricing). */
  start: string | null;
  /** The `at` attribute: the cancellation day, YYYY-MM-DD. */
  at: string | null;
  /** The `reason` attribute. */
  reason: Reason | null;
  /** The `availability` attribute: percent, with the reason "provider_fault". */
  availability: string | null;
  /** The `fault-on` attribute: the fault's day, YYYY-MM-DD. */
  faultOn: string | null;
  /** The `payment-method` attribute (pricing). */
  paymentMethod: PaymentMethod | null;
  /** The `months` attribute: leave after N months (pricing), 1 to 60. */
  get months(): string | null;
  set months(value: string | number | null);
}

export interface RefundEstimateEventDetail {
  /** What the element passed to estimate(). */
  input: EstimateInput;
  estimate: Estimate;
}

export interface RefundEstimateErrorEventDetail {
  /** The error: the engine's (`code`, `path`, `message`), or the element's for a host's mistake. */
  error: EstimateError;
}

/** The element's parts (`refund-estimator::part(headline)`). */
export type RefundEstimatorPart =
  | 'root' | 'order' | 'controls' | 'field-error' | 'placeholder' | 'error' | 'result' | 'stale'
  | 'headline' | 'compare' | 'curve' | 'chart' | 'breakdown' | 'destinations' | 'documents'
  | 'steps' | 'policy';

/** The element's custom properties (font and colour tokens), set on it or an ancestor. */
export type RefundEstimatorCustomProperty =
  | '--re-font' | '--re-font-size' | '--re-text' | '--re-muted' | '--re-accent' | '--re-danger'
  | '--re-warning' | '--re-surface' | '--re-border' | '--re-strong-border' | '--re-tag';

/**
 * The element's props in JSX: its attributes (objects as the properties `order` and
 * `policy`) and its events as `on` + the event's name, as React 19 and Preact pass them; any
 * other attribute (id, className, style, ref, …) is left to the framework.
 */
export interface RefundEstimatorJSXProps {
  mode?: 'pricing' | 'account';
  locale?: string;
  plans?: string | readonly string[];
  plan?: string;
  start?: string;
  at?: string;
  reason?: Reason;
  availability?: string | number;
  'fault-on'?: string;
  'payment-method'?: PaymentMethod;
  months?: string | number;
  order?: Order | string | null;
  policy?: Policy | null;
  'onrefund-estimate'?: (event: CustomEvent<RefundEstimateEventDetail>) => void;
  'onrefund-estimate-error'?: (event: CustomEvent<RefundEstimateErrorEventDetail>) => void;
  [attribute: string]: unknown;
}

declare global {
  interface HTMLElementTagNameMap {
    'refund-estimator': RefundEstimatorElement;
  }
  interface HTMLElementEventMap {
    'refund-estimate': CustomEvent<RefundEstimateEventDetail>;
    'refund-estimate-error': CustomEvent<RefundEstimateErrorEventDetail>;
  }
}

// JSX in React 19 and in Preact (10 and 11): <refund-estimator … /> typed. Self-contained (no
// framework type is named), so that a project without React or Preact type-checks too.
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'refund-estimator': RefundEstimatorJSXProps;
    }
  }
}

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'refund-estimator': RefundEstimatorJSXProps;
    }
  }
}
