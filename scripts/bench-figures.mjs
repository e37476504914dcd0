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
 * The budgets missed today, each with why and what comes next (the measured figures and the
 * profiles behind them: docs/BENCHMARKS.md, "Session 6, end"). scripts/bench.mjs prints the entry
 * under each figure over its budget whose bench and name start match; an over-budget figure with
 * no entry is a regression to look at.
 * @type {{ bench: string, name: string, why: string, next: string }[]}
 */
export const KNOWN_MISSES = [
  {
    bench: 'native',
    name: 'lint',
    why: '64 KiB at 300–400 MB/s: the one-pass mx reader ~40 %, the duplicate set ~13 %, the splitter ~10 % (on-CPU profile)',
    next: 'fewer masks per word in mx_line::scan, hashing 8 bytes at a time, the wildcard-over-TLD test from the scan’s dot mask',
  },
  {
    bench: 'wasm',
    name: 'lintPolicy 5-line / mailauth',
    why: 'half of our call is the crossing (encoding the text, decoding the packed string, building 13 objects); mailauth returns a 4-key object without positions or fixes',
    next: 'read an ASCII packed string with String.fromCharCode instead of TextDecoder; the diagnostics’ long strings built lazily',
  },
  {
    bench: 'web',
    name: 'keystroke',
    why: 'the browser’s textarea alone holding 64 KiB is over 8 ms p95; the page adds the wasm lint (~0.6 ms), encoding the text (~0.2 ms), the marks and the list',
    next: 'lint only the edited line’s neighbourhood when the edit cannot change the rest (a core function deciding it), and keep the unchanged list items',
  },
  {
    bench: 'web',
    name: 'paste of',
    why: 'the browser’s own part of a paste (reading the clipboard, its editing command, the layout) at the field limit is ~60–80 ms; this VM’s noise doubles a task now and then',
    next: 'none in the page: the fields’ limits (web/src/capacity.js) bound it; a lower limit buys little against the fixed part',
  },
  {
    bench: 'check',
    name: 'native check',
    why: 'each DNS-over-HTTPS query opens its own TLS connection, and the process starts once per check',
    next: 'one pooled HTTP/1.1 (or HTTP/2) connection per DNS-over-HTTPS server in mtasts-net',
  },
];

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
