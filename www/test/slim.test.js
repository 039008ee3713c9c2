// 'refund-estimator/slim': the caller controls loading. Runs in its own process (node --test
// isolates files), so the module starts unloaded here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { init, initSync, isReady, estimate } from '../slim.js';
import { ORDER } from './helpers.mjs';

const wasmUrl = new URL('../pkg/refund_estimator_bg.wasm', import.meta.url);

test('calls before init throw a clear error with a code', () => {
  assert.equal(isReady(), false);
  assert.throws(() => estimate(ORDER), (e) => e instanceof Error && e.code === 'not_initialized' && /await init\(\)/.test(e.message));
});

test('init is idempotent, also when called concurrently', async () => {
  const bytes = await readFile(wasmUrl);
  await Promise.all([init({ module_or_path: bytes }), init({ module_or_path: bytes }), init()]);
  await init({ module_or_path: bytes });
  assert.equal(isReady(), true);
  assert.equal(estimate(structuredClone(ORDER)).refund, '43145.72');
});

test('initSync after init is a no-op, never "already initialized"', async () => {
  const module = await WebAssembly.compile(await readFile(wasmUrl));
  assert.doesNotThrow(() => initSync({ module }));
  assert.equal(estimate(structuredClone(ORDER)).refund, '43145.72');
});
