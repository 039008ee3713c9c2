// Accessibility of the demo pages: axe-core (pinned in package.json) on both pages, in both
// languages, on a desktop and a phone, with the estimate shown, with a visitor's mistake
// marked, with a host's mistake, and with the procedure unfolded. Every rule runs, best
// practices included (axe's default set); no violation is allowed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, axeViolations, inElement, DESKTOP, PHONE } from './demo-helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

for (const path of ['', 'account.html']) {
  for (const lang of ['en', 'zh-CN']) {
    const name = `${path ? 'account' : 'pricing'} page, ${lang}`;
    test(`axe: ${name}, desktop and phone, estimate, mistakes and details: no violations`, async () => {
      for (const viewport of [DESKTOP, PHONE]) {
        const { page, errors, context } = await open(env, path, { lang, viewport });
        const where = `${name}, ${viewport.width}px`;
        assert.deepEqual(await axeViolations(page), [], `${where}: with the estimate`);

        // The procedure unfolded (closed on a pricing page).
        await inElement(page, (el, root) => root.querySelectorAll('details').forEach((d) => { d.open = true; }));
        // A visitor's mistake: the field marked, its message beside it, the estimate kept.
        await page.fill('input[name=at]', '2025-12-01');
        await page.waitForFunction(() => document.querySelector('refund-estimator').shadowRoot.querySelector('[aria-invalid=true]'));
        assert.deepEqual(await axeViolations(page), [], `${where}: a visitor's mistake`);

        // A host's mistake: the element's error state.
        await inElement(page, (el) => { el.policy = { ...el.policy, plans: 'monthly' }; });
        await page.waitForFunction(() => !document.querySelector('refund-estimator').shadowRoot.querySelector('[part=error]').hidden);
        assert.deepEqual(await axeViolations(page), [], `${where}: a host's mistake`);
        assert.deepEqual(errors, []);
        await context.close();
      }
    });
  }
}
