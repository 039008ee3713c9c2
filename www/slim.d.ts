import type { Comparison, CompareInput, CompareOptions, Curve, CurveOptions, Estimate, EstimateInput, Estimator, Policy, Validation } from './types.js';
export type * from './types.js';

/** What init() accepts: where to load the module from. */
export type ModuleSource = URL | string | Request | Response | BufferSource | WebAssembly.Module;

/**
 * Loads the module asynchronously. Idempotent; safe to call concurrently. Without
 * `module_or_path`, the module next to the package: fetched in a browser or worker (bundlers
 * that understand `new URL(…, import.meta.url)` emit it), read from disk in Node. A failed
 * load rejects with an Error whose `code` is "load_failed".
 */
export function init(options?: { module_or_path?: ModuleSource | Promise<ModuleSource> }): Promise<void>;
/**
 * Loads the module synchronously from `module`: the bytes of refund_estimator_bg.wasm or a
 * compiled WebAssembly.Module (a worker, SSR, hosts that forbid compiling from bytes). In
 * Node it may be left out: the file next to the package is read.
 */
export function initSync(options?: { module: BufferSource | WebAssembly.Module }): void;
/** Whether the module is loaded. */
export function isReady(): boolean;
/** The compiled module once loaded (null before): post it to a worker, which loads it with initSync({ module }). */
export function wasmModule(): WebAssembly.Module | null;
/** Computes a refund estimate. Throws an EstimateError (with `code` and `path`) on bad input. */
export function estimate(input: EstimateInput): Estimate;
/** The refund over the cancellation date, in one call: points, break points from the rules, the best moment to leave. */
export function refundCurve(input: EstimateInput, options?: CurveOptions): Curve;
/** What each plan costs someone who leaves after `options.after`, cheapest first. */
export function comparePlans(input: CompareInput, options: CompareOptions): Comparison;
/** Validates a policy without throwing for an invalid one. */
export function validatePolicy(policy: Policy): Validation;
/** The bundled default policy (a fresh copy). */
export function defaultPolicy(): Policy;
/**
 * An estimator for `policy` (the bundled policy without one), validated once: its calls
 * never read the policy again. Throws an EstimateError listing every problem of an invalid
 * policy, with paths in the policy (as validatePolicy() gives them).
 */
export function createEstimator(policy?: Policy): Estimator;
/** The engine's version. */
export function version(): string;
