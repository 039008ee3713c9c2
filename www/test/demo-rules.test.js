// The element on policies written with the rules of issue #19: what a customer reads in the
// headline must follow the engine's new outcomes, not fall back to an empty tag.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, open, waitForText, textOf, inElement } from './demo-helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** A golden case's input: the same policy and order the engine's own tests hold. */
const golden = (file) => JSON.parse(readFileSync(new URL(`../../tests/cases/${file}`, import.meta.url), 'utf8')).input;

test('#19.1 a plan kept to the end of its term: the tag says so and the headline says the day the service stops, in both languages', async () => {
  // An annual collaboration plan (New York) bought 10 Feb 2026 09:00 and cancelled 20 May:
  // nothing comes back, the service runs to 10 Feb 2027 09:00 (golden case 200).
  const { policy, order } = golden('200-collab-end-of-term-mid-term.json');
  const { page, errors } = await open(env, 'account.html');
  await inElement(page, (el, root, a) => { el.policy = a.policy; el.order = a.order; el.at = '2026-05-20'; }, { policy, order });
  await waitForText(page, '#outcome', 'Runs to the end of the term');
  assert.equal(await textOf(page, '#refund'), '$0.00');
  assert.equal(await textOf(page, '#context'), 'the service runs until 10 Feb 2027');
  await page.selectOption('#language', 'zh-CN');
  await waitForText(page, '#outcome', '服务至到期日');
  assert.equal(await textOf(page, '#context'), '服务持续到2027年2月10日');
  assert.deepEqual(errors, []);
  await page.close();
});
