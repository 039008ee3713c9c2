// refund-estimator for Node.js (>= 20): reads and compiles the module at import, synchronously
// (a few milliseconds), so the entry has no top-level await and `require('refund-estimator')`
// works too where Node can require an ES module (20.19+, 22.12+). Node loads the module built
// for speed (opt-level 3: about a third faster, and larger, which a server does not mind);
// browsers load the one built for size.
import { readFileSync } from 'node:fs';
import { initSync } from './slim.js';

initSync({ module: readFileSync(new URL('./pkg/refund_estimator_node.wasm', import.meta.url)) });

export { estimate, refundCurve, comparePlans, validatePolicy, defaultPolicy, createEstimator, version, init, isReady, wasmModule } from './slim.js';
