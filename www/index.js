// refund-estimator: import and call, no init needed. In browsers and bundlers the
// WebAssembly module is fetched next to this file (new URL(..., import.meta.url), which
// Vite, webpack 5 and esbuild understand) and compiled asynchronously at import time.
import { init } from './slim.js';

await init({ module_or_path: new URL('./pkg/refund_estimator_bg.wasm', import.meta.url) });

export { estimate, refundCurve, comparePlans, validatePolicy, defaultPolicy, version, init, isReady } from './slim.js';
