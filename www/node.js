// refund-estimator for Node.js (>= 20): reads the module from disk at import time.
import { readFile } from 'node:fs/promises';
import { init } from './slim.js';

const bytes = await readFile(new URL('./pkg/refund_estimator_bg.wasm', import.meta.url));
await init({ module_or_path: bytes });

export { estimate, refundCurve, comparePlans, validatePolicy, defaultPolicy, version, init, isReady } from './slim.js';
