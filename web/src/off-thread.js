// The page's side of web/lint-worker.js: calls of the lint package that run in a module worker,
// each answered by a promise, so a large text is validated without blocking the tab. One worker
// per page, started on the first call; a worker that dies rejects what it was doing and is
// started again by the next call. Where no worker can be made (no module workers, or a page whose
// Trusted Types policy refuses the script URL), `available()` is false and callers validate on
// the main thread instead.
import { assetUrl } from './core.js';

/** @type {Worker | null} */
let worker = null;
let unavailable = false;
let nextId = 0;
/** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>} */
const waiting = new Map();

function start() {
  if (worker || unavailable) return worker;
  try {
    worker = new Worker(assetUrl('lint-worker.js'), { type: 'module', name: 'mtasts-lint' });
  } catch {
    unavailable = true;
    return null;
  }
  worker.addEventListener('message', ({ data }) => {
    const entry = waiting.get(data.id);
    if (!entry) return;
    waiting.delete(data.id);
    if ('error' in data) entry.reject(new Error(data.error));
    else entry.resolve(data.result);
  });
  const fail = (/** @type {Event} */ e) => {
    const reason = new Error(e instanceof ErrorEvent && e.message ? e.message : 'the background validator stopped');
    worker?.terminate();
    worker = null;
    for (const entry of waiting.values()) entry.reject(reason);
    waiting.clear();
  };
  worker.addEventListener('error', fail);
  worker.addEventListener('messageerror', fail);
  return worker;
}

/** Whether calls can run in a worker on this page (tries to start it). */
export function available() {
  return start() !== null;
}

/**
 * Calls the lint package's export `call` with `args` in the worker.
 * @param {'analyzePolicy' | 'applyFixes'} call
 * @param {unknown[]} args
 * @returns {Promise<any>}
 */
export function offThread(call, args) {
  const w = start();
  if (!w) return Promise.reject(new Error('no background validator on this page'));
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    w.postMessage({ id, call, args, wasm: assetUrl('pkg/mtasts_wasm_bg.wasm').href });
  });
}
