// The validator off the main thread: a module worker holding its own instance of the lint
// package (web/pkg/), which <mta-sts-policy> asks to analyse texts too large to lint within a
// frame (web/src/off-thread.js is its other half). It only converts: a message names a wasm
// export and its arguments, the answer is that export's result or the message of what it threw.
//
// Loaded from the same folder as the page's entry module (dist/lint-worker.js, bundled with the
// glue by scripts/build.sh; web/lint-worker.js as is during development), so it runs under the
// page's own CSP (`script-src 'self' 'wasm-unsafe-eval'`). The .wasm's URL comes with each
// message: the page may have moved the packages (configure({ base })).
import init, * as lint from './pkg/mtasts_wasm.js';

/** The exports a message may call. */
const CALLS = { analyzePolicy: lint.analyzePolicy, applyFixes: lint.applyFixes };

/** @type {Promise<unknown> | null} */
let ready = null;

self.addEventListener('message', async ({ data }) => {
  const { id, call, args, wasm } = data;
  try {
    // A failed start is tried again by the next message.
    ready ??= init({ module_or_path: wasm }).catch((err) => {
      ready = null;
      throw err;
    });
    await ready;
    const fn = CALLS[/** @type {keyof typeof CALLS} */ (call)];
    if (!fn) throw new Error(`no such call: ${call}`);
    self.postMessage({ id, result: fn(...args) });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
