#!/usr/bin/env node
// Speed of the native check (issue 11 item 6): `mtasts check` (release build) against the local
// fixtures (tests/fixtures/: DNS over HTTP, the HTTPS policy host), every fixture answer delayed.
//
//   npm run bench:native-check          (builds the CLI, then runs this with --write)
//   node scripts/bench-native-check.mjs [--runs N] [--latency MS] [--domains N] [--write]
//
// 1. One domain, scenario s01 (everything published correctly): the full check, timed from the
//    process start to its exit, against the slowest single request it makes, each made alone
//    from Node the way the CLI makes it (a new connection per request: a DoH POST per lookup, the
//    policy GET over HTTPS). Medians over --runs runs after a warm-up; ratio = median check ÷ the
//    longest of the single-request medians. The MX hosts' SMTP probes go to a closed local port
//    (nothing leaves the machine), the policy host's TLS probe to the fixture.
// 2. A portfolio: --domains domains (every scenario whose answers are plain, cycled) in one
//    `mtasts check --file -` run, at --jobs 1, 4, 16 and 64: domains per second.
//
// --write replaces the "Native check speed" section of docs/BENCHMARKS.md (between its markers).
// Timings are never asserted by tests.

import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import dnsPacket from 'dns-packet';
import { cliBinary, runCli as run } from '../tests/fixtures/cli.mjs';
import { startFixtures } from '../tests/fixtures/index.mjs';
import { BUDGETS, recordFigures } from './bench-figures.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOC = path.join(ROOT, 'docs', 'BENCHMARKS.md');
const START = '<!-- bench-native-check:start -->';
const END = '<!-- bench-native-check:end -->';
const BUDGET = BUDGETS.check.fullOverSlowest;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    latency: { type: 'string', default: '100' },
    domains: { type: 'string', default: '200' },
    write: { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const LATENCY = Number(args.latency);
const DOMAINS = Number(args.domains);
const JOBS = [1, 4, 16, 64];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

/** One DoH POST on a new connection, as the CLI makes it; resolves with its time. */
function dohAlone(url, name, type) {
  const body = dnsPacket.encode({ type: 'query', id: 0, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
  return timed((done) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/dns-message', accept: 'application/dns-message' } }, (res) => {
      res.resume();
      res.on('end', done);
    });
    req.on('error', done);
    req.end(body);
  });
}

/** The policy GET over HTTPS on a new connection (TLS handshake included). */
function fetchAlone(port, host, ca) {
  return timed((done) => {
    const req = https.get({ host: '127.0.0.1', port, servername: host, path: '/.well-known/mta-sts.txt', headers: { host }, ca, agent: false }, (res) => {
      res.resume();
      res.on('end', done);
    });
    req.on('error', done);
  });
}

function timed(start) {
  return new Promise((resolve) => {
    const t = performance.now();
    start(() => resolve(performance.now() - t));
  });
}

/** The scenarios whose answers are all plain (no failure, hang or truncation), for the portfolio. */
function plainDomains(fx) {
  return fx.scenarios.filter((s) => s.domain && !s.inputError && s.responses.every((r) => !r.fail && !r.truncated && !r.opaque_redirect)).map((s) => s.domain);
}

function baseArgs(fx, domains) {
  const argv = ['check', '--format', 'json', '--timeout', '5', '--doh', fx.dohHttpUrl, '--ca-file', fx.caFile];
  for (const d of new Set(domains)) argv.push('--connect-to', `mta-sts.${d}:443:127.0.0.1:${fx.policyPort}`);
  argv.push('--connect-to', ':25:127.0.0.1:9');
  return argv;
}

async function main() {
  const binary = cliBinary('release');
  const loadBefore = os.loadavg()[0];
  const fx = await startFixtures({ latencyMs: LATENCY });
  const s01 = fx.scenario('s01');
  const d = s01.domain;
  const questions = [
    [`_mta-sts.${d}`, 'TXT'],
    [`_smtp._tls.${d}`, 'TXT'],
    [d, 'MX'],
    [`mta-sts.${d}`, 'A'],
    [`mta-sts.${d}`, 'AAAA'],
  ];
  const single = ['TXT _mta-sts', 'TXT _smtp._tls', 'MX', 'A', 'AAAA', 'FETCH'].map((k) => [k, []]);
  const checks = [];
  const portfolio = [];
  try {
    const one = baseArgs(fx, [d]).concat(d);
    await run(binary, one);
    for (let i = 0; i < RUNS; i++) {
      for (const [j, [name, type]] of questions.entries()) single[j][1].push(await dohAlone(fx.dohHttpUrl, name, type));
      single[5][1].push(await fetchAlone(fx.policyPort, `mta-sts.${d}`, fx.ca));
      const check = await run(binary, one);
      const report = JSON.parse(check.stdout);
      if (report.report?.checks.find((c) => c.id === 'policy-fetch')?.status !== 'pass') {
        throw new Error(`the check of s01 did not fetch its policy: ${check.stdout.slice(0, 400)}`);
      }
      checks.push(check.ms);
    }
    const plain = plainDomains(fx);
    const domains = Array.from({ length: DOMAINS }, (_, i) => plain[i % plain.length]);
    for (const jobs of JOBS) {
      const argv = [...baseArgs(fx, domains), '--file', '-', '--jobs', String(jobs)];
      const result = await run(binary, argv, domains.join('\n'));
      const lines = result.stdout.trim().split('\n').length;
      if (lines !== DOMAINS) throw new Error(`portfolio --jobs ${jobs}: ${lines} reports for ${DOMAINS} domains: ${result.stderr}`);
      portfolio.push({ jobs, ms: result.ms, perSecond: DOMAINS / (result.ms / 1000) });
    }
  } finally {
    await fx.close();
  }
  const byKind = single.map(([k, xs]) => [k, median(xs)]);
  const slowest = Math.max(...byKind.map(([, t]) => t));
  const total = median(checks);
  const r = { byKind, slowest, total, ratio: total / slowest, portfolio, load: [loadBefore, os.loadavg()[0]] };

  console.log(`bench-native-check: mtasts check (release) of s01, every fixture answer delayed ${LATENCY} ms, ${RUNS} runs after a warm-up (load average ${r.load.map((l) => l.toFixed(2)).join(' -> ')})`);
  console.log(`  slowest single request   ${ms(r.slowest)}   (${byKind.map(([k, t]) => `${k} ${t.toFixed(1)}`).join(', ')})`);
  console.log(`  full check, process start to exit (median)   ${ms(total)}`);
  console.log(`  ratio   ${r.ratio.toFixed(3)}x   budget <= ${BUDGET}x: ${r.ratio <= BUDGET ? 'ok' : 'OVER'}`);
  for (const p of portfolio) console.log(`  portfolio of ${DOMAINS} domains, --jobs ${String(p.jobs).padEnd(3)} ${(p.ms / 1000).toFixed(2)} s   ${p.perSecond.toFixed(1)} domains/s`);

  recordFigures([
    { bench: 'check', name: `native check ÷ slowest single request (${LATENCY} ms latency)`, value: r.ratio, unit: 'x', budget: { op: '<=', limit: BUDGET } },
    ...portfolio.map((p) => ({ bench: 'check', name: `native portfolio, --jobs ${p.jobs} (${LATENCY} ms latency)`, value: p.perSecond, unit: 'domains/s', budget: null })),
  ]);
  if (args.write) {
    const doc = readFileSync(DOC, 'utf8');
    const section = markdown(r);
    const next = doc.includes(START) ? doc.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${doc.trimEnd()}\n\n${section}\n`;
    writeFileSync(DOC, next);
    console.log(`bench-native-check: wrote ${path.relative(ROOT, DOC)}`);
  }
}

function markdown(r) {
  const cpu = os.cpus();
  return [
    START,
    '## Native check speed (issue 11)',
    '',
    'Command: `npm run bench:native-check` (builds the release CLI, then `node scripts/bench-native-check.mjs',
    '--write`, which rewrites this section). `mtasts check` of scenario s01 against the local fixtures',
    `(DNS over HTTP, the HTTPS policy host) with every answer delayed ${LATENCY} ms; the MX hosts' SMTP probes go to a`,
    `closed local port. ${RUNS} runs after a warm-up, medians. "Slowest single request": each request the`,
    'check makes, made alone from Node on a new connection as the CLI makes it; the longest median.',
    'The check is timed from the process start to its exit (process start-up and the TLS handshakes',
    'included).',
    `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; 1-minute load average ${r.load.map((l) => l.toFixed(2)).join(' → ')} during the run.`,
    '',
    '| measure | median |',
    '|---|---|',
    `| slowest single request | ${ms(r.slowest)} |`,
    ...r.byKind.map(([k, t]) => `| … ${k} alone | ${ms(t)} |`),
    `| full check (process start to exit) | ${ms(r.total)} |`,
    `| **full check ÷ slowest single request** | **${r.ratio.toFixed(3)}×** (budget ≤ ${BUDGET}×: ${r.ratio <= BUDGET ? 'met' : '**not met**'}) |`,
    '',
    `Portfolio: ${DOMAINS} domains (the scenarios whose answers are plain, cycled) in one \`mtasts check --file -\` run:`,
    '',
    '| `--jobs` | time | domains per second |',
    '|---|---|---|',
    ...r.portfolio.map((p) => `| ${p.jobs} | ${(p.ms / 1000).toFixed(2)} s | ${p.perSecond.toFixed(1)} |`),
    '',
    'What the check adds to its slowest request: a new process (start-up, the CA file read), a new',
    'connection for each DoH lookup (no reuse yet) and the policy host\'s TLS probe as a second',
    'handshake beside the fetch\'s; the next steps are DoH connection reuse and one handshake for both.',
    END,
  ].join('\n');
}

main().catch((err) => {
  console.error(`bench-native-check: error: ${err.stack ?? err}`);
  process.exit(2);
});
