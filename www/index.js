// refund-estimator: import and call, no init needed. A browser page or worker fetches the
// WebAssembly module next to this file (`new URL(…, import.meta.url)` in slim.js, which Vite,
// webpack 5 and Parcel turn into an asset; see the README for esbuild) and compiles it
// asynchronously at import time. (Node resolves the `node` entry, node.js, instead.)
import { init } from './slim.js';

// A server that resolved this entry rather than node.js (a server bundle, an SSR framework)
// reads the module from disk when it is a file there. Where there is no DOM, no worker and
// no file to read, nothing is fetched at import: the calls then say to await init().
const browser = typeof document !== 'undefined' || typeof WorkerGlobalScope !== 'undefined';
const readable = import.meta.url.startsWith('file:') && typeof globalThis.process?.getBuiltinModule === 'function';
if (browser || readable) await init();

export { estimate, refundCurve, comparePlans, validatePolicy, defaultPolicy, createEstimator, version, init, isReady, wasmModule } from './slim.js';
