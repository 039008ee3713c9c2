// The types of 'refund-estimator/policies/default.json' and 'refund-estimator/policies/examples/*.json'
// (package.json's exports point here): a bundled policy is a Policy, with no cast.
//   import policy from 'refund-estimator/policies/default.json' with { type: 'json' };
// A JSON module's default export is the whole object, as a CommonJS module's is its
// module.exports: hence `export =` in a .d.cts.
import type { Policy } from './types.js';

declare const policy: Policy;
export = policy;
