// Loading 'refund-estimator/slim' (#16.4, #16.6): init() and initSync() with no argument in
// Node read the module next to the package; what is not a WebAssembly module is refused with
// `code: "load_failed"` saying what came instead, and a failed load can be retried;
// wasmModule() hands the compiled module on. Each case runs in a fresh Node process, where the
// module starts unloaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ORDER } from './helpers.mjs';

const www = fileURLToPath(new URL('..', import.meta.url));

/** Runs `code` as an ES module in www/ with /slim imported as `slim`; its printed JSON. */
function inFreshNode(code) {
  const script = `import * as slim from './slim.js';\nconst order = ${JSON.stringify(ORDER)};\n${code}`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: www, encoding: 'utf8' }));
}

test('init() with no argument in Node reads the module from disk (Node\'s fetch cannot read files)', () => {
  const seen = inFreshNode(`
    globalThis.fetch = () => { throw new Error('fetched'); };
    await slim.init();
    console.log(JSON.stringify({ ready: slim.isReady(), refund: slim.estimate(order).refund, module: slim.wasmModule() instanceof WebAssembly.Module }));
  `);
  assert.deepEqual(seen, { ready: true, refund: '43145.72', module: true });
});

test('initSync() with no argument in Node reads the module synchronously', () => {
  const seen = inFreshNode(`
    const before = slim.wasmModule();
    slim.initSync();
    console.log(JSON.stringify({ before, ready: slim.isReady(), refund: slim.estimate(order).refund }));
  `);
  assert.deepEqual(seen, { before: null, ready: true, refund: '43145.72' });
});

test('init() with a file: URL or a path reads that file', () => {
  const url = inFreshNode(`await slim.init({ module_or_path: new URL('./pkg/refund_estimator_bg.wasm', import.meta.url) }); console.log(slim.isReady());`);
  assert.equal(url, true);
  const path = inFreshNode(`await slim.init({ module_or_path: 'pkg/refund_estimator_bg.wasm' }); console.log(slim.isReady());`);
  assert.equal(path, true);
});

test('a web page where the module should be (a dev server\'s fallback) is refused with load_failed, then a retry loads', () => {
  const seen = inFreshNode(`
    const page = new Response('<!doctype html><html><body>app</body></html>', { headers: { 'content-type': 'text/html' } });
    const error = await slim.init({ module_or_path: page }).catch((e) => e);
    await slim.init();
    console.log(JSON.stringify({ code: error.code, path: error.path, message: error.message, ready: slim.isReady() }));
  `);
  assert.equal(seen.code, 'load_failed');
  assert.equal(seen.path, '');
  assert.match(seen.message, /^refund-estimator: expected a WebAssembly module, but got "<!doctype html><"… \(a web page: a server's answer for a missing file\) from the Response given to init\(\); /);
  assert.match(seen.message, /pass init\(\{ module_or_path \}\)/);
  assert.equal(seen.ready, true);
});

test('a failed fetch (404) is refused with its status; bytes that are not a module too', () => {
  const seen = inFreshNode(`
    const missing = await slim.init({ module_or_path: new Response('not found', { status: 404, statusText: 'Not Found' }) }).catch((e) => e);
    const junk = await slim.init({ module_or_path: new Uint8Array([1, 2, 3, 4, 5]) }).catch((e) => e);
    let sync = null;
    try { slim.initSync({ module: new ArrayBuffer(8) }); } catch (e) { sync = e; }
    console.log(JSON.stringify([missing, junk, sync].map((e) => ({ code: e.code, message: e.message })).concat([{ ready: slim.isReady() }])));
  `);
  assert.equal(seen[0].code, 'load_failed');
  assert.match(seen[0].message, /could not fetch the WebAssembly module: 404 Not Found from the Response given to init\(\)/);
  assert.equal(seen[1].code, 'load_failed');
  assert.match(seen[1].message, /but got "\\u0001\\u0002\\u0003\\u0004\\u0005"… from the bytes given to init\(\)/);
  assert.equal(seen[2].code, 'load_failed');
  assert.match(seen[2].message, /from the bytes given to initSync\(\)/);
  assert.deepEqual(seen[3], { ready: false });
});

test('a missing file, bytes that do not compile and a wrong argument to initSync() are load_failed too, with the cause', () => {
  const seen = inFreshNode(`
    const missing = await slim.init({ module_or_path: '/nonexistent/refund_estimator_bg.wasm' }).catch((e) => e);
    const broken = await slim.init({ module_or_path: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]) }).catch((e) => e);
    let sync = null;
    try { slim.initSync({ module: 'pkg/refund_estimator_bg.wasm' }); } catch (e) { sync = e; }
    console.log(JSON.stringify([missing, broken, sync].map((e) => ({ code: e.code, path: e.path, message: e.message, cause: e.cause?.code ?? e.cause?.name ?? null }))));
  `);
  assert.deepEqual(seen.map((e) => [e.code, e.path]), [['load_failed', ''], ['load_failed', ''], ['load_failed', '']]);
  assert.match(seen[0].message, /^refund-estimator: could not load the WebAssembly module: ENOENT/);
  assert.equal(seen[0].cause, 'ENOENT');
  assert.match(seen[1].message, /^refund-estimator: could not load the WebAssembly module: WebAssembly\.compile\(\)/);
  assert.equal(seen[1].cause, 'CompileError');
  assert.equal(seen[2].message, 'refund-estimator: initSync() takes { module }: the bytes of refund_estimator_bg.wasm or a WebAssembly.Module');
});

test('wasmModule() is what a worker thread loads with initSync({ module }), no file read', () => {
  const seen = inFreshNode(`
    import { Worker } from 'node:worker_threads';
    await slim.init();
    const worker = new Worker(new URL('data:text/javascript,' + encodeURIComponent(\`
      import { parentPort } from 'node:worker_threads';
      import { initSync, estimate, wasmModule } from '\${new URL('./slim.js', import.meta.url)}';
      parentPort.on('message', (data) => {
        if (data.module) initSync({ module: data.module });
        else parentPort.postMessage({ refund: estimate(data).refund, loaded: wasmModule() instanceof WebAssembly.Module });
      });
    \`)));
    worker.postMessage({ module: slim.wasmModule() });
    worker.postMessage(order);
    const answer = await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    console.log(JSON.stringify(answer));
  `);
  assert.deepEqual(seen, { refund: '43145.72', loaded: true });
});
