#!/usr/bin/env node
// Size and speed of the WebAssembly build, against the budgets of docs/BENCHMARKS.md:
//   - raw and gzip (level 9) size of the .wasm and of the JS glue in dist/pkg-editor/ (the page's
//     first load: the budget applies to it), dist/pkg/ (every lint export, the npm package) and
//     dist/pkg-check/ (with checkDomain, loaded for a live check);
//   - time of lintPolicy (dist/pkg/) and of the editor's analyzePolicy (dist/pkg-editor/) on the
//     5-line and the 64 KiB policies of crates/mtasts/benches/parse.rs, in headless Chromium
//     (Debian's, driven by Playwright), timed with performance.now() in a cross-origin isolated
//     page (5 µs timer resolution instead of 100 µs): median and p95;
//   - in Node, lintPolicy (dist/pkg/) against mailauth's parsePolicy on the 5-line policy, the two
//     interleaved in one run, as a ratio. mailauth is the one `npm run bench:peers` installs into
//     ~/.cache/mtasts-tools/peers-npm (never a dependency of the project); without it, that part
//     is skipped with a message.
//
//   npm run bench:wasm            (builds first)
//   node scripts/bench-wasm.mjs [--runs N] [--check]     (on an existing build)
//
// --check exits with status 1 when a budget is exceeded. Timings are never asserted by tests.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.mjs';
import { BUDGETS, recordFigures } from './bench-figures.mjs';
import { createStaticServer } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const KIB = 1024;
const BUDGET = { wasmGzip: BUDGETS.wasm.editorWasmGzipKiB * KIB, largeP95Ms: BUDGETS.wasm.largeP95Ms, smallOverMailauth: BUDGETS.wasm.smallOverMailauth };
/** Where scripts/bench-peers.mjs installs mailauth. */
const PEERS_NPM = path.join(os.homedir(), '.cache', 'mtasts-tools', 'peers-npm');
/** The 5-line policy of crates/mtasts/benches/parse.rs (also in benchInPage, which runs in the page). */
const TYPICAL = 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.backup.example.net\nmax_age: 604800\n';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '300' }, check: { type: 'boolean', default: false } },
});
const RUNS = Number(args.runs);

function size(file) {
  const bytes = readFileSync(file);
  return { raw: statSync(file).size, gzip: gzipSync(bytes, { level: 9 }).length };
}

const kib = (n) => `${(n / KIB).toFixed(1)} KiB`;
const verdict = (ok) => (ok ? 'ok' : 'OVER');

/** Serves dist/ with the production headers plus COOP/COEP, which make the page cross-origin
 * isolated and performance.now() precise. */
async function serve() {
  const server = await createStaticServer(DIST);
  const [handler] = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    handler(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Runs in the page: the policies of crates/mtasts/benches/parse.rs, then the timings. */
async function benchInPage({ runs }) {
  const { default: init, lintPolicy } = await import('/pkg/mtasts_wasm.js');
  await init();
  const editor = await import('/pkg-editor/mtasts_wasm_editor.js');
  await editor.default();

  const typical = 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.backup.example.net\nmax_age: 604800\n';
  let large = 'version: STSv1\nmode: enforce\nmax_age: 604800\n';
  for (let i = 0; new TextEncoder().encode(large).length < 64 * 1024 - 40; i++) {
    large += i % 2 === 0 ? `mx: mx${i}.mail.example.com\n` : `mx: *.pool${i}.example.net\n`;
  }

  /** Per-call times in ms: `runs` samples, each the mean of `batch` calls (short calls are
   * batched so the timer's resolution does not dominate). */
  function time(text, options, batch, call = lintPolicy) {
    for (let i = 0; i < Math.max(20, runs / 10); i++) call(text, options); // warm-up
    const samples = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      for (let b = 0; b < batch; b++) call(text, options);
      samples.push((performance.now() - t0) / batch);
    }
    samples.sort((a, b) => a - b);
    const at = (q) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)];
    return { median: at(0.5), p95: at(0.95), min: samples[0], max: samples.at(-1) };
  }

  const bytes = (s) => new TextEncoder().encode(s).length;
  const mx = (s) => s.split('\n').filter((l) => l.startsWith('mx:')).length;
  return {
    crossOriginIsolated: self.crossOriginIsolated,
    userAgent: navigator.userAgent,
    cases: [
      { name: 'typical 5-line policy', bytes: bytes(typical), mx: mx(typical), batch: 100, options: 'default', ...time(typical, undefined, 100) },
      { name: '64 KiB policy', bytes: bytes(large), mx: mx(large), batch: 1, options: 'default', ...time(large, undefined, 1) },
      { name: '64 KiB policy', bytes: bytes(large), mx: mx(large), batch: 1, options: '{ value: false }', ...time(large, { value: false }, 1) },
      {
        name: '64 KiB policy',
        bytes: bytes(large),
        mx: mx(large),
        batch: 1,
        options: '{ value: false, fixes: false }',
        ...time(large, { value: false, fixes: false }, 1),
      },
      { name: 'typical 5-line policy', call: 'analyzePolicy', bytes: bytes(typical), mx: mx(typical), batch: 100, options: 'default (editor package)', ...time(typical, undefined, 100, editor.analyzePolicy) },
      { name: '64 KiB policy', call: 'analyzePolicy', bytes: bytes(large), mx: mx(large), batch: 1, options: 'default (editor package)', ...time(large, undefined, 1, editor.analyzePolicy) },
    ],
  };
}

function formatMs(ms) {
  return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

/** Per-call nanoseconds of each of `calls` (name → function), interleaved: `rounds` rounds of one
 * batch each, so that a busy moment of the machine falls on all of them alike. Median per call. */
function interleaved(calls, rounds = 41) {
  const batch = 2000;
  const times = Object.fromEntries(Object.keys(calls).map((name) => [name, []]));
  for (let r = -3; r < rounds; r++) {
    for (const [name, call] of Object.entries(calls)) {
      const start = process.hrtime.bigint();
      for (let b = 0; b < batch; b++) call();
      if (r >= 0) times[name].push(Number(process.hrtime.bigint() - start) / batch);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, t]) => [name, t.sort((a, b) => a - b)[t.length >> 1]]));
}

/** lintPolicy (dist/pkg/, loaded as a Node user does) against mailauth's parsePolicy, on the 5-line policy. */
async function againstMailauth() {
  const dir = path.join(PEERS_NPM, 'node_modules', 'mailauth', 'lib', 'mta-sts.js');
  if (!existsSync(dir)) {
    console.log(`\nbench-wasm: mailauth is not installed in ${PEERS_NPM} (\`npm run bench:peers\` installs it): the 5-line comparison is skipped`);
    return null;
  }
  const { parsePolicy } = createRequire(path.join(PEERS_NPM, 'package.json'))('mailauth/lib/mta-sts');
  const ours = await import(path.join(DIST, 'pkg', 'mtasts_wasm.js'));
  await ours.default({ module_or_path: readFileSync(path.join(DIST, 'pkg', 'mtasts_wasm_bg.wasm')) });
  const t = interleaved({
    lintPolicy: () => ours.lintPolicy(TYPICAL),
    'lintPolicy { value: false }': () => ours.lintPolicy(TYPICAL, { value: false }),
    'mailauth parsePolicy': () => parsePolicy(TYPICAL),
  });
  const ratio = t.lintPolicy / t['mailauth parsePolicy'];
  console.log(`\nbench-wasm: the 5-line policy in Node ${process.versions.node}, interleaved in one run (median of 41 batches of 2,000 calls)`);
  for (const [name, ns] of Object.entries(t)) console.log(`  ${name.padEnd(28)} ${(ns / 1000).toFixed(2).padStart(6)} µs`);
  console.log(`  lintPolicy / mailauth: ${ratio.toFixed(2)}× (budget ≤ ${BUDGET.smallOverMailauth}×: ${verdict(ratio <= BUDGET.smallOverMailauth)})`);
  return ratio;
}

async function main() {
  const editorWasm = size(path.join(DIST, 'pkg-editor', 'mtasts_wasm_editor_bg.wasm'));
  const wasm = size(path.join(DIST, 'pkg', 'mtasts_wasm_bg.wasm'));
  const glue = size(path.join(DIST, 'pkg', 'mtasts_wasm.js'));
  const checkWasm = size(path.join(DIST, 'pkg-check', 'mtasts_wasm_check_bg.wasm'));
  const checkGlue = size(path.join(DIST, 'pkg-check', 'mtasts_wasm_check.js'));
  const over = [];

  console.log('bench-wasm: sizes (dist/pkg-editor/, gzip -9: the first load)');
  console.log(`  mtasts_wasm_editor_bg.wasm  ${String(editorWasm.raw).padStart(7)} B raw (${kib(editorWasm.raw)})  ${String(editorWasm.gzip).padStart(6)} B gzip (${kib(editorWasm.gzip)})  budget ≤ ${kib(BUDGET.wasmGzip)} gzip: ${verdict(editorWasm.gzip <= BUDGET.wasmGzip)}`);
  console.log('bench-wasm: sizes (dist/pkg/, gzip -9: every lint export, the npm package; loaded on first use; no budget)');
  console.log(`  mtasts_wasm_bg.wasm  ${String(wasm.raw).padStart(7)} B raw (${kib(wasm.raw)})  ${String(wasm.gzip).padStart(6)} B gzip (${kib(wasm.gzip)})`);
  console.log(`  mtasts_wasm.js       ${String(glue.raw).padStart(7)} B raw (${kib(glue.raw)})  ${String(glue.gzip).padStart(6)} B gzip (${kib(glue.gzip)})`);
  console.log('bench-wasm: sizes (dist/pkg-check/, gzip -9: with checkDomain, loaded when a live check starts; no budget)');
  console.log(`  mtasts_wasm_check_bg.wasm  ${String(checkWasm.raw).padStart(7)} B raw (${kib(checkWasm.raw)})  ${String(checkWasm.gzip).padStart(6)} B gzip (${kib(checkWasm.gzip)})`);
  console.log(`  mtasts_wasm_check.js       ${String(checkGlue.raw).padStart(7)} B raw (${kib(checkGlue.raw)})  ${String(checkGlue.gzip).padStart(6)} B gzip (${kib(checkGlue.gzip)})`);
  if (editorWasm.gzip > BUDGET.wasmGzip) over.push('wasm size');
  const figures = [
    { bench: 'wasm', name: 'first-load (editor) .wasm, gzip -9', value: editorWasm.gzip / KIB, unit: 'KiB', budget: { op: '<=', limit: BUDGET.wasmGzip / KIB } },
    { bench: 'wasm', name: 'lint .wasm (pkg/), gzip -9', value: wasm.gzip / KIB, unit: 'KiB', budget: null },
    { bench: 'wasm', name: 'live-check .wasm, gzip -9 (loaded on first Check)', value: checkWasm.gzip / KIB, unit: 'KiB', budget: null },
  ];

  const server = await serve();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.locator('html[data-wasm="ready"]').waitFor();
    const result = await page.evaluate(benchInPage, { runs: RUNS });
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

    const chrome = /Chrome\/([\d.]+)/.exec(result.userAgent)?.[1] ?? '?';
    console.log(`\nbench-wasm: lintPolicy in headless Chromium ${chrome}, ${RUNS} runs each, performance.now() ${result.crossOriginIsolated ? '(cross-origin isolated: 5 µs resolution)' : '(NOT isolated: 100 µs resolution)'}`);
    console.log('  input                   bytes  mx lines  options                                           median       p95   budget');
    for (const c of result.cases) {
      if (c.call) c.options = `${c.call}, ${c.options}`;
      const budgeted = c.name === '64 KiB policy' && c.options === 'default';
      const note = budgeted ? `< ${BUDGET.largeP95Ms} ms p95: ${verdict(c.p95 < BUDGET.largeP95Ms)}` : c.batch > 1 ? `(mean of ${c.batch} calls per run)` : '';
      if (budgeted && c.p95 >= BUDGET.largeP95Ms) over.push('64 KiB p95');
      if (c.name === '64 KiB policy') {
        figures.push({ bench: 'wasm', name: `${c.call ? '' : 'lintPolicy '}64 KiB, ${c.options}, p95`, value: c.p95, unit: 'ms', budget: budgeted ? { op: '<', limit: BUDGET.largeP95Ms } : null });
      }
      console.log(
        `  ${c.name.padEnd(22)} ${String(c.bytes).padStart(6)} ${String(c.mx).padStart(9)}  ${c.options.padEnd(48)} ${formatMs(c.median).padStart(9)} ${formatMs(c.p95).padStart(9)}   ${note}`,
      );
    }
  } finally {
    await browser.close();
    server.close();
    server.closeAllConnections();
  }
  const ratio = await againstMailauth();
  if (ratio !== null) {
    figures.push({ bench: 'wasm', name: 'lintPolicy 5-line / mailauth parsePolicy (Node)', value: ratio, unit: 'x', budget: { op: '<=', limit: BUDGET.smallOverMailauth } });
    if (ratio > BUDGET.smallOverMailauth) over.push('5-line against mailauth');
  }
  recordFigures(figures);
  console.log(over.length ? `\nbench-wasm: over budget: ${over.join(', ')}` : '\nbench-wasm: within budgets');
  if (args.check && over.length) process.exit(1);
}

main().catch((err) => {
  console.error(`bench-wasm: error: ${err.stack ?? err}`);
  process.exit(2);
});
