#!/usr/bin/env node
// Our `policy::lint` beside three other MTA-STS policy parsers, on the same files in one run
// (issue 14 item 4):
//   checkdmarc                (PyPI, `checkdmarc.mta_sts.parse_mta_sts_policy`)
//   postfix-mta-sts-resolver  (PyPI, `postfix_mta_sts_resolver.utils.parse_mta_sts_policy`)
//   mailauth                  (npm, `mailauth/lib/mta-sts` `parsePolicy`)
// The peers are installed by this script on first use, at pinned versions, into
// ~/.cache/mtasts-tools/ (a Python venv and an npm folder; never the project's own
// dependencies, never by `npm test`); later runs find them there. The inputs are generated
// (same bytes every run): the 5-line policy most domains publish, a 66,746-byte policy of
// 2,300 `mx` lines (over the RFC's 64 KiB: our `policy/too-large` error is right, the peers
// accept it) and 1 MiB of 36,156 `mx` lines. Each parser is timed in its own process on
// its own clock: the median of 30 batches of about 10 ms each (fewer, at least 3, once 3 s are
// spent on one input), per call.
//
//   npm run bench:peers        (also a section of `npm run bench`)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordFigures } from './bench-figures.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(os.homedir(), '.cache', 'mtasts-tools');
const PYTHON_PEERS = { checkdmarc: '6.0.4', 'postfix-mta-sts-resolver': '1.5.1' };
const NPM_PEERS = { mailauth: '7.1.0' };
const VENV = path.join(CACHE, 'peers-venv');
const NPM_DIR = path.join(CACHE, 'peers-npm');

function run(command, argv, options = {}) {
  const result = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} exited with ${result.status ?? result.signal}\n${result.stderr ?? ''}`);
  return result.stdout;
}

/** Whether `dir` holds a finished install of `pins` (its marker file names them). */
const installed = (dir, pins) => existsSync(path.join(dir, '.installed')) && readFileSync(path.join(dir, '.installed'), 'utf8') === JSON.stringify(pins);

/** The peers, installed at their pinned versions unless a finished install of them is there. */
function install() {
  if (!installed(VENV, PYTHON_PEERS)) {
    console.log(`bench-peers: installing ${Object.keys(PYTHON_PEERS).join(', ')} into ${VENV}`);
    rmSync(VENV, { recursive: true, force: true });
    run('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    run(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', ...Object.entries(PYTHON_PEERS).map(([n, v]) => `${n}==${v}`)], { stdio: 'inherit' });
    writeFileSync(path.join(VENV, '.installed'), JSON.stringify(PYTHON_PEERS));
  }
  if (!installed(NPM_DIR, NPM_PEERS)) {
    console.log(`bench-peers: installing ${Object.keys(NPM_PEERS).join(', ')} into ${NPM_DIR}`);
    mkdirSync(NPM_DIR, { recursive: true });
    writeFileSync(path.join(NPM_DIR, 'package.json'), JSON.stringify({ private: true, dependencies: NPM_PEERS }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefix', NPM_DIR], { stdio: 'inherit' });
    writeFileSync(path.join(NPM_DIR, '.installed'), JSON.stringify(NPM_PEERS));
  }
}

/** The three inputs, the same bytes every run. */
function inputs() {
  const head = 'version: STSv1\nmode: enforce\nmax_age: 1209600\n';
  const mx = (n) => Array.from({ length: n }, (_, i) => `mx: mx${String(i).padStart(5, '0')}.mail.example.org\n`).join('');
  const mib = `${head}${mx(36_156)}`;
  return [
    { name: '5-line policy', text: 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.backup.example.net\nmax_age: 604800\n' },
    { name: '2,300-mx policy', text: `${head}${mx(2_300)}` },
    // Padded to exactly 1 MiB with an extension line.
    { name: '1 MiB, 36,156 mx', text: `${mib}x: ${'a'.repeat(2 ** 20 - mib.length - 4)}\n` },
  ];
}

/** Python: each peer's median time per call, and whether it accepted the policy. */
const PYTHON_TIMER = String.raw`
import json, sys, time
from checkdmarc.mta_sts import parse_mta_sts_policy as checkdmarc_parse
from postfix_mta_sts_resolver.utils import parse_mta_sts_policy as resolver_parse

def median(call, text):
    start = time.perf_counter(); call(text); once = max(time.perf_counter() - start, 2e-8)
    per_batch = max(1, int(0.01 / once))
    # 30 batches, or fewer (at least 3) once 3 s are spent: a quadratic parser on 1 MiB takes
    # seconds per call.
    times = []
    began = time.perf_counter()
    while len(times) < 30 and (len(times) < 3 or time.perf_counter() - began < 3):
        start = time.perf_counter()
        for _ in range(per_batch):
            call(text)
        times.append((time.perf_counter() - start) / per_batch)
    return sorted(times)[len(times) // 2]

def accepted(call, text):
    # checkdmarc raises on a syntax error; postfix-mta-sts-resolver returns the fields it read.
    try:
        call(text)
    except Exception as e:
        return False, type(e).__name__
    return True, ''

for file in sys.argv[1:]:
    text = open(file, encoding='utf-8').read()
    for name, call in (('checkdmarc', checkdmarc_parse), ('postfix-mta-sts-resolver', resolver_parse)):
        def safe(t, call=call):
            try:
                return call(t)
            except Exception:
                return None
        ok, why = accepted(call, text)
        print(json.dumps({'peer': name, 'file': file, 'ns': median(safe, text) * 1e9, 'accepted': ok, 'why': why}))
`;

/** mailauth in this process, timed as the Python peers are. */
function timeMailauth(files) {
  const require = createRequire(path.join(NPM_DIR, 'package.json'));
  const { parsePolicy } = require('mailauth/lib/mta-sts');
  const median = (text) => {
    const call = () => {
      try {
        return parsePolicy(text);
      } catch {
        return null;
      }
    };
    let start = process.hrtime.bigint();
    call();
    const once = Math.max(Number(process.hrtime.bigint() - start), 20);
    const perBatch = Math.max(1, Math.floor(1e7 / once));
    // 30 batches, or fewer (at least 3) once 3 s are spent, as for the Python peers.
    const times = [];
    const began = performance.now();
    while (times.length < 30 && (times.length < 3 || performance.now() - began < 3000)) {
      start = process.hrtime.bigint();
      for (let i = 0; i < perBatch; i++) call();
      times.push(Number(process.hrtime.bigint() - start) / perBatch);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  };
  return files.map((file) => {
    const text = readFileSync(file, 'utf8');
    let accepted = true;
    let why = '';
    try {
      const policy = parsePolicy(text);
      accepted = !!policy && policy.mode !== undefined;
    } catch (e) {
      accepted = false;
      why = e.code ?? e.name;
    }
    return { peer: 'mailauth', file, ns: median(text), accepted, why };
  });
}

function main() {
  install();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mtasts-peers-'));
  try {
    const cases = inputs().map((c, i) => {
      const file = path.join(scratch, `policy-${i}.txt`);
      writeFileSync(file, c.text);
      return { ...c, file, bytes: Buffer.byteLength(c.text), mx: (c.text.match(/^mx:/gm) ?? []).length };
    });
    const files = cases.map((c) => c.file);
    console.log('bench-peers: mtasts policy::lint (cargo bench -p mtasts --bench files)');
    const ours = run('cargo', ['bench', '--quiet', '-p', 'mtasts', '--bench', 'files', '--', ...files], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    console.log('bench-peers: checkdmarc, postfix-mta-sts-resolver (python3), mailauth (node)');
    const python = run(path.join(VENV, 'bin', 'python'), ['-c', PYTHON_TIMER, ...files])
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const peers = [...python, ...timeMailauth(files)];
    const figures = [];
    const fmt = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(2)} µs`);
    console.log(`\n  ${'input'.padEnd(18)} ${'bytes'.padStart(9)} ${'mx'.padStart(6)}  ${'parser'.padEnd(26)} ${'time'.padStart(10)} ${'MB/s'.padStart(8)} ${'÷ mtasts'.padStart(9)}  verdict`);
    for (const c of cases) {
      const mine = ours.find((o) => o.file === c.file);
      const rows = [{ peer: 'mtasts policy::lint', ns: mine.ns, verdict: mine.valid ? 'valid' : `invalid (${mine.codes.join(', ')})` }];
      for (const p of peers.filter((p) => p.file === c.file)) {
        rows.push({ peer: p.peer, ns: p.ns, verdict: p.accepted ? 'accepted' : `rejected${p.why ? ` (${p.why})` : ''}` });
        figures.push({ bench: 'peers', name: `${p.peer} time ÷ mtasts lint, ${c.name}`, value: p.ns / mine.ns, unit: 'x', budget: null });
      }
      for (const r of rows) {
        const ratio = r.ns / mine.ns;
        console.log(`  ${c.name.padEnd(18)} ${String(c.bytes).padStart(9)} ${String(c.mx).padStart(6)}  ${r.peer.padEnd(26)} ${fmt(r.ns).padStart(10)} ${(c.bytes / r.ns * 1e3).toFixed(1).padStart(8)} ${`${ratio.toFixed(ratio < 10 ? 2 : 0)}×`.padStart(9)}  ${r.verdict}`);
      }
    }
    const cpu = os.cpus();
    console.log(`\n  ${cpu.length} × ${cpu[0]?.model.trim() ?? '?'}, load average ${os.loadavg()[0].toFixed(2)}; ÷ mtasts: the peer's time over ours (above 1: we are faster)`);
    recordFigures(figures);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
