// What every benchmark script reports to `npm run bench` (scripts/bench.mjs): its figures, each
// with the budget of docs/BENCHMARKS.md where it has one. A script run alone prints its own
// report and this does nothing; under scripts/bench.mjs (which sets MTASTS_BENCH_FIGURES to a
// file) the figures are appended to that file as JSON lines, for the summary table.

import { appendFileSync } from 'node:fs';

/**
 * @typedef {object} Figure
 * @property {string} bench the script (`native`, `wasm`, `check`, `web`)
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
