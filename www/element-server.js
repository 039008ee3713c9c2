// 'refund-estimator/element' on a server: the `node` export condition (Node, Deno, Bun, and
// the server side of Next.js, Nuxt, Astro, SvelteKit). Custom elements exist only in
// browsers, so this registers nothing and loads no WebAssembly: the server renders
// <refund-estimator> as a plain tag, and the page's own bundle (which resolves element.js)
// upgrades it in the browser. The exports mirror element.js's (a test holds them equal).

/** A stand-in for the element's class: `instanceof` is false for everything here. */
export class RefundEstimatorElement {
  constructor() {
    throw new Error("refund-estimator: <refund-estimator> runs only in browsers; on a server, render the tag and let the page's bundle import 'refund-estimator/element'");
  }
}
