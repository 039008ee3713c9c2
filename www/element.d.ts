// <refund-estimator>: the estimator as a custom element. Importing 'refund-estimator/element'
// in a browser registers it. See README.md ("The <refund-estimator> element").
import type { Estimate, EstimateError, EstimateInput, Order, Policy } from './types.js';

/**
 * Attributes: `mode` ("pricing" | "account"), `locale` ("en" | "zh-CN"; any Chinese locale,
 * "zh" or "zh-…" in any case, is "zh-CN"), `plans` (comma-separated plan ids offered and
 * compared), `plan`, `start`, `at` (YYYY-MM-DD, a day at the policy's `timezone`; on the
 * purchase day, the order's start itself; in account mode, today is now, and without `at` the
 * field holds the provider's today and follows it),
 * `reason`, `availability` and `fault-on` (YYYY-MM-DD; its field shown only when the plan's
 * SLA rules have a `claimWindow`) for the reason "provider_fault", `payment-method`, `months` (the stay
 * compared: a whole number from 1 to 60), `order` (account mode, as JSON).
 *
 * The curve is a slider over the term's days (`role="slider"`): pointing reads a day, a
 * click or the arrow keys choose it as the cancellation date.
 *
 * Errors about a control the visitor filled (`request.at`, `order.start` in pricing mode,
 * `request.availability`, `request.faultOn`) are shown as a short sentence in the element's
 * language, the control marked `aria-invalid`; others with the engine's message and path.
 *
 * Events: `refund-estimate` (`detail: {input, estimate}`) after each estimate shown;
 * `refund-estimate-error` (`detail: {error}`, the engine's error with `code` and `path`; an
 * `order` attribute that is not JSON gives `invalid_json` at `order`). In account mode the
 * element waits, empty and silent, until it has an order.
 *
 * Parts: `controls`, `result`, `compare`. Custom properties: `--re-accent`, `--re-text`,
 * `--re-muted`, `--re-danger`, `--re-tag`.
 */
export declare class RefundEstimatorElement extends HTMLElement {
  /** The refund policy; default: the bundled sample policy. */
  policy: Policy;
  /** Account mode: the customer's order. Overrides the `order` attribute. */
  order: Order | null;
  /** The estimate shown, or null after an error. */
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
