#!/usr/bin/env node
// Every benchmark, then each figure against its budget (docs/BENCHMARKS.md) in one table:
//   native  cargo bench -p mtasts --bench parse   (criterion: lint throughput vs the memchr
//           line-count baseline, growth from 64 KiB to 2 MiB)
//   wasm    scripts/bench-wasm.mjs                (.wasm size, lintPolicy in Chromium)
//   check   scripts/bench-check.mjs               (live check in the browser: parallelism)
//           scripts/bench-native-check.mjs        (mtasts check: parallelism, portfolio throughput)
//   web     scripts/bench-web.mjs                 (first load, keystroke to repaint, first validation)
//   peers   scripts/bench-peers.mjs               (our lint beside checkdmarc, postfix-mta-sts-resolver
//           and mailauth on the same files; installs them into ~/.cache/mtasts-tools/)
// Each is also runnable alone (`npm run bench:native|wasm|check|web|peers`). Budgets: BUDGETS in
// scripts/bench-figures.mjs. Figures are printed, never asserted by tests; --check exits with
// status 1 when a budget is missed.
//
//   npm run bench                          (builds first)
//   node scripts/bench.mjs [--only native,wasm,check,web] [--check]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BUDGETS, KNOWN_MISSES, meets } from './bench-figures.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['native', 'wasm', 'check', 'web', 'peers'];

const { values: args } = parseArgs({
  options: { only: { type: 'string', default: ALL.join(',') }, check: { type: 'boolean', default: false } },
});
const only = args.only.split(',').filter(Boolean);
for (const name of only) if (!ALL.includes(name)) throw new Error(`--only: unknown benchmark \`${name}\` (known: ${ALL.join(', ')})`);

function run(command, argv, env = {}) {
  console.log(`\n$ ${[command, ...argv].join(' ')}`);
  const result = spawnSync(command, argv, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} exited with ${result.status ?? result.signal}`);
}

/** The budget of the native figure of `fn` on `input`, if it has one. */
function nativeBudget(fn, input) {
  const mbps = (limit) => ({ op: '>=', limit });
  if (fn === 'lint' && input === 'large-64KiB') return mbps(BUDGETS.native.lintMBps);
  if (fn === 'lint-diagnostics' && input === 'large-64KiB') return mbps(BUDGETS.native.lintDiagnosticsMBps);
  if (fn === 'lint' && input === 'junk-1MiB') return mbps(BUDGETS.native.junkLintMBps);
  return null;
}

/** The criterion results of the `policy` group: lint throughput per input, against the baseline. */
function nativeFigures() {
  const group = path.join(process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target'), 'criterion', 'policy');
  const read = (fn, input) => {
    const dir = path.join(group, fn, input, 'new');
    if (!existsSync(dir)) return null;
    const estimates = JSON.parse(readFileSync(path.join(dir, 'estimates.json'), 'utf8'));
    const bench = JSON.parse(readFileSync(path.join(dir, 'benchmark.json'), 'utf8'));
    return { ns: estimates.median.point_estimate, bytes: bench.throughput?.Bytes ?? 0 };
  };
  const figures = [];
  const functions = readdirSync(group).filter((d) => d !== 'report' && d !== 'memchr-line-count');
  for (const fn of functions) {
    for (const input of readdirSync(path.join(group, fn)).filter((d) => d !== 'report')) {
      const run = read(fn, input);
      if (!run) continue;
      const baseline = read('memchr-line-count', input);
      const slower = baseline ? ` (${(run.ns / baseline.ns).toFixed(0)}× the memchr line count)` : '';
      figures.push({
        bench: 'native',
        name: `${fn}, ${input}, median${slower}`,
        value: (run.bytes * 1e3) / run.ns,
        unit: 'MB/s',
        budget: nativeBudget(fn, input),
      });
    }
  }
  const small = read('lint', 'large-64KiB');
  const big = read('lint', 'large-2MiB');
  if (small && big) {
    figures.push({
      bench: 'native',
      name: 'lint, time ratio 64 KiB → 2 MiB ÷ byte ratio (1: linear)',
      value: big.ns / small.ns / (big.bytes / small.bytes),
      unit: 'x',
      budget: { op: '<=', limit: BUDGETS.native.growthOverBytes },
    });
  }
  return figures;
}

function table(figures) {
  const fmt = (v, unit) => `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ${unit}`;
  const rows = figures.map((f) => [
    f.bench,
    f.name,
    fmt(f.value, f.unit),
    f.budget ? `${f.budget.op} ${fmt(f.budget.limit, f.unit)}` : '',
    f.budget ? (meets(f.value, f.budget) ? 'ok' : 'OVER') : '',
  ]);
  const head = ['bench', 'figure', 'value', 'budget', ''];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 2 || i === 3 ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ').trimEnd();
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function main() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mtasts-bench-'));
  const file = path.join(scratch, 'figures.jsonl');
  const env = { MTASTS_BENCH_FIGURES: file };
  let figures = [];
  try {
    if (only.some((b) => b !== 'native' && b !== 'peers')) run('bash', ['scripts/build.sh']);
    if (only.includes('native')) {
      run('cargo', ['bench', '-p', 'mtasts', '--bench', 'parse']);
      figures.push(...nativeFigures());
    }
    if (only.includes('wasm')) run('node', ['scripts/bench-wasm.mjs'], env);
    // --write: the live-check section of docs/BENCHMARKS.md is rewritten, as by npm run bench:check.
    if (only.includes('check')) {
      run('node', ['scripts/bench-check.mjs', '--write'], env);
      run('node', ['scripts/bench-native-check.mjs', '--write'], env);
    }
    if (only.includes('web')) run('node', ['scripts/bench-web.mjs'], env);
    if (only.includes('peers')) run('node', ['scripts/bench-peers.mjs'], env);
    if (existsSync(file)) figures.push(...readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  figures = figures.sort((a, b) => only.indexOf(a.bench) - only.indexOf(b.bench));
  const cpu = os.cpus();
  console.log(`\nbench: every figure against its budget (${cpu.length} × ${cpu[0]?.model.trim() ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${os.loadavg()[0].toFixed(2)})`);
  console.log(table(figures));
  const over = figures.filter((f) => !meets(f.value, f.budget));
  console.log(over.length ? `\nbench: ${over.length} over budget:` : '\nbench: every budget met');
  for (const f of over) {
    const known = KNOWN_MISSES.find((m) => m.bench === f.bench && f.name.startsWith(m.name));
    console.log(`  ${f.bench}: ${f.name}`);
    console.log(known ? `    why: ${known.why}\n    next: ${known.next}` : '    not a known miss: a regression to look at');
  }
  if (args.check && over.length) process.exit(1);
}

main();
