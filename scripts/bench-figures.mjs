// What every benchmark script reports to `npm run bench` (scripts/bench.mjs): its figures, each
// with the budget of docs/BENCHMARKS.md where it has one. A script run alone prints its own
// report and this does nothing; under scripts/bench.mjs (which sets MTASTS_BENCH_FIGURES to a
// file) the figures are appended to that file as JSON lines, for the summary table.

import { appendFileSync } from 'node:fs';

/**
 * Every budget of docs/BENCHMARKS.md, in one place: each bench script reads its own from here
 * (a budget changes here and nowhere else).
 */
export const BUDGETS = {
  /** cargo bench -p mtasts --bench parse (issue 14): decimal MB/s on the 64 KiB policy and on 1 MiB of random bytes. */
  native: {
    lintMBps: 700,
    lintDiagnosticsMBps: 1000,
    junkLintMBps: 300,
    /** `lint`'s time ratio 64 KiB → 2 MiB divided by the byte ratio: 1 is linear. */
    growthOverBytes: 1.2,
  },
  /**
   * scripts/bench-wasm.mjs: the first-load .wasm (the editor package, web/pkg-editor/), `lintPolicy` on the 64 KiB
   * policy in Chromium, and `lintPolicy` on the 5-line policy against mailauth's `parsePolicy` in Node (our time
   * over theirs, same run).
   */
  wasm: { editorWasmGzipKiB: 60, largeP95Ms: 2, smallOverMailauth: 1 },
  /** scripts/bench-check.mjs (browser) and bench-native-check.mjs (mtasts check): a full live check against its slowest single request. */
  check: { fullOverSlowest: 1.2 },
  /** scripts/bench-web.mjs: first loads, keystrokes, the reports reader and the longest task of a paste (issue 15: the tab never blocked over 100 ms). */
  web: { firstLoadGzipKiB: 100, widgetFirstLoadGzipKiB: 90, keystrokeP95Ms: 8, reports5000Ms: 2000, wasmCallsPerKeystroke: 1, pasteLongTaskMs: 100, keystrokeBeyondTextareaMs: 1 },
};

/**
 * @typedef {object} Figure
 * @property {string} bench the script (`native`, `wasm`, `check`, `web`, `peers`)
 * @property {string} name what was measured
 * @property {number} value
 * @property {string} unit `KiB`, `ms`, `x`, `MB/s`
 * @property {{ op: '<=' | '<' | '>=', limit: number } | null} budget
 */

/** Whether `value` meets `budget` (no budget: met). */
export function meets(value, budget) {
  if (!budget) return true;
  if (budget.op === '<=') return value <= budget.limit;
  if (budget.op === '<') return value < budget.limit;
  return value >= budget.limit;
}

/** Records figures for scripts/bench.mjs, when it is the caller. */
export function recordFigures(/** @type {Figure[]} */ figures) {
  const file = process.env.MTASTS_BENCH_FIGURES;
  if (!file) return;
  appendFileSync(file, figures.map((f) => `${JSON.stringify(f)}\n`).join(''));
}
