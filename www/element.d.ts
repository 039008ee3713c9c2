// <refund-estimator>: the estimator as a custom element. Importing 'refund-estimator/element'
// in a browser registers it. See README.md ("The <refund-estimator> element").
import type { Estimate, EstimateError, EstimateInput, Order, Policy } from './types.js';

/**
 * Attributes: `mode` ("pricing" | "account"), `locale` ("en" | "zh-CN"; any Chinese locale,
 * "zh" or "zh-…" in any case, is "zh-CN"), `plans` (comma-separated plan ids offered and
 * compared), `plan`, `start`, `at` (YYYY-MM-DD: a whole day at the policy's `timezone`, whose
 * figure is that of cancelling at its end; in account mode today is now, and without `at` the
 * field holds the provider's today and follows it), `reason`, `availability` and `fault-on`
 * (YYYY-MM-DD; its field shown only when the plan's SLA rules have a `claimWindow`) for the
 * reason "provider_fault", `payment-method`, `months` (pricing: "leave after N months", 1 to
 * 60, sets the cancellation date to the last day of the N-th month), `order` (account mode, as
 * JSON).
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
 * (`detail: {error}`: the error with `code` and `path`) after each estimate refused;
 * `error` (an ErrorEvent, not bubbling, its `error` the engine's) for a host's mistake or a
 * module that did not load. In account mode the element waits, silent, until it has an order.
 *
 * Parts: `root`, `controls`, `placeholder`, `error`, `result`, `stale`, `order`, `headline`,
 * `compare`, `curve`, `breakdown`, `destinations`, `documents`, `steps`, `policy`. Custom
 * properties: `--re-font`, `--re-text`, `--re-muted`, `--re-accent`, `--re-danger`,
 * `--re-warning`, `--re-surface`, `--re-border`, `--re-strong-border`, `--re-tag`.
 */
export declare class RefundEstimatorElement extends HTMLElement {
  /** The refund policy; default: the bundled sample policy (null until the module has loaded). */
  policy: Policy | null;
  /** Account mode: the customer's order. Overrides the `order` attribute. */
  order: Order | null;
  /** The estimate shown (kept while a field is wrong, marked as not updated), or null. */
  readonly result: Estimate | null;
}

export interface RefundEstimateEventDetail {
  /** What the element passed to estimate(). */
  input: EstimateInput;
  estimate: Estimate;
}

declare global {
  interface HTMLElementTagNameMap {
    'refund-estimator': RefundEstimatorElement;
  }
  interface HTMLElementEventMap {
    'refund-estimate': CustomEvent<RefundEstimateEventDetail>;
    'refund-estimate-error': CustomEvent<{ error: EstimateError }>;
  }
}
