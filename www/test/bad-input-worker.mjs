// A worker for test/bad-input.test.js: what the package says of inputs nested `depths`
// deep, in a thread with a small stack.
import { parentPort, workerData } from 'node:worker_threads';
import { estimate } from '../node.js';

const deep = (n) => {
  let v = 1;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};

// `node --test test/` loads every file here: outside a worker this one does nothing.
if (parentPort) {
  const answers = workerData.depths.map((n) => {
    try {
      estimate({ order: deep(n), request: { at: '2026-05-20' } });
      return { ok: true };
    } catch (e) {
      return { code: e.code, path: e.path, message: e.message };
    }
  });
  parentPort.postMessage(answers);
}
