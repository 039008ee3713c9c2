// initSync with a precompiled WebAssembly.Module (workers, SSR, hosts that forbid
// compiling from bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { initSync, isReady, estimate } from '../slim.js';
import { ORDER } from './helpers.mjs';

test('initSync({ module }) loads from a compiled module', async () => {
  const module = await WebAssembly.compile(await readFile(new URL('../pkg/refund_estimator_bg.wasm', import.meta.url)));
  initSync({ module });
  assert.equal(isReady(), true);
  assert.equal(estimate(structuredClone(ORDER)).refund, '43145.72');
});
