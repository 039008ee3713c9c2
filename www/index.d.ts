// 'refund-estimator': the module is loaded at import time; call estimate() right away.
export type * from './types.js';
export { estimate, refundCurve, comparePlans, validatePolicy, defaultPolicy, createEstimator, version, init, isReady, wasmModule } from './slim.js';
