// The tools package (web/pkg-tools/) against the CLI: the same files given to `mtasts reports
// --format json|markdown` and to `ReportsReader` give the same `mtasts-reports/1` JSON and the
// same Markdown (file names aside: the CLI names a file by its path, the page by its name); the
// same request given to `mtasts generate --out DIR` (SOURCE_DATE_EPOCH fixing the clock) and to
// `generateSetUp` gives the same mta-sts.txt, zone-file lines and server files.
//
// Reports: every multi-file case of tests/corpus/tlsrpt-report/ (readiness: hand-checked verdicts)
// and every single-file case of reports.jsonl in one folder (malformed ones included), one of them
// gzipped here; the same reports mailed (.eml with the gzip attached in base64) and exported as an
// mbox with other mail between them, a gzip bomb and broken gzip. The files go to the reader as
// the page gives them (bytes as they are): the core opens gzip, mails and mbox for both faces.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { loadToolsPackage } from './load.mjs';
import { reportMail as mail } from './report-mail.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REPORTS = path.join(ROOT, 'tests/corpus/tlsrpt-report');
const tools = await loadToolsPackage();
const cli = cliBinary();
const scratch = mkdtempSync(path.join(tmpdir(), 'mtasts-tools-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function cliBinary() {
  const target = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  const binary = path.join(target, 'debug', 'mtasts');
  if (!existsSync(binary)) execFileSync('cargo', ['build', '-p', 'mtasts-cli'], { cwd: ROOT, stdio: 'inherit' });
  return binary;
}

function cases(file) {
  return readFileSync(path.join(REPORTS, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('//'))
    .map((l) => JSON.parse(l));
}

function run(args, env = {}) {
  const r = spawnSync(cli, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status === null || r.status > 2 || (r.status === 2 && !r.stdout)) throw new Error(`mtasts ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The folder's files as the page reads them: sorted by name, bytes as they are. */
function readFolder(dir, policy) {
  const reader = new tools.ReportsReader();
  for (const name of readdirSync(dir).sort()) reader.add(name, readFileSync(path.join(dir, name)));
  const out = { json: reader.json(policy), markdown: reader.markdown(policy), files: reader.files, reports: reader.reports };
  reader.free();
  return out;
}

/** The CLI names files by path: the folder is taken off, as the page has only names. */
function unpath(text, dir) {
  return text.replaceAll(`${dir}/`, '');
}

function folder(name, files) {
  const dir = path.join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  execFileSync('mkdir', ['-p', dir]);
  for (const [file, bytes] of files) writeFileSync(path.join(dir, file), bytes);
  return dir;
}

for (const c of cases('readiness.jsonl')) {
  test(`reports: ${c.name} — the page's summary is the CLI's`, () => {
    const dir = folder(c.name, c.files.map((text, i) => [`report-${String(i).padStart(3, '0')}.json`, text]));
    const page = readFolder(dir);
    const cliJson = unpath(run(['reports', '--format', 'json', dir]), dir);
    assert.equal(page.json, cliJson);
    assert.equal(page.markdown, unpath(run(['reports', '--format', 'markdown', dir]), dir));
    const summary = JSON.parse(page.json);
    assert.equal(summary.ready_for_enforce, c.ready, c.why);
    assert.deepEqual(summary.blockers.map((b) => b.kind), c.blockers);
    if (c.sessions) assert.deepEqual([summary.sessions.successful, summary.sessions.failed], c.sessions);
  });
}

test('reports: every single-file case in one folder, one gzipped, malformed ones included', () => {
  const files = [];
  for (const c of cases('reports.jsonl')) {
    const bytes = c.input_hex ? Buffer.from(c.input_hex, 'hex') : Buffer.from(c.input ?? '', 'utf8');
    if (c.input != null || c.input_hex) files.push([`${c.name}.json`, bytes]);
  }
  const [name, bytes] = files.find(([n]) => n === 'rfc-example.json');
  files.push([`${name}.gz`, gzipSync(bytes)]);
  const dir = folder('single', files);
  const page = readFolder(dir);
  assert.equal(page.json, unpath(run(['reports', '--format', 'json', dir]), dir));
  assert.equal(page.markdown, unpath(run(['reports', '--format', 'markdown', dir]), dir));
  const summary = JSON.parse(page.json);
  assert.equal(summary.files, files.length);
  // The RFC example twice (plain and gzipped): the same report-id, counted once (other cases
  // share the minimal report's id too).
  assert.ok(summary.duplicates >= 1);
  assert.ok(summary.problems.some((p) => p.file === 'rfc-example.json.gz' && p.code === 'tlsrpt-report/duplicate-report'));
  assert.ok(summary.problems.some((p) => p.code === 'tlsrpt-report/json-invalid' && p.line === 1));
});

test('reports: mails, an mbox export with other mail, a gzip bomb and broken gzip: the page opens them as the CLI does', () => {
  const [c] = cases('readiness.jsonl').filter((k) => k.files.length >= 3);
  const other = 'From: friend@example.org\r\nSubject: lunch?\r\n\r\nNo report here.\r\n';
  const mbox = [
    `From MAILER-DAEMON Thu May  2 00:00:00 2024\r\n${mail(c.files[1], 'second')}`,
    `From friend@example.org Thu May  2 12:00:00 2024\r\n${other}`,
    `From MAILER-DAEMON Fri May  3 00:00:00 2024\r\n${mail(c.files[2], 'third')}`,
  ].join('\r\n');
  const dir = folder('mails', [
    ['a-first.eml', mail(c.files[0], 'first')],
    ['b-first-again.json', c.files[0]],
    ['c-export.mbox', mbox],
    ['d-lunch.eml', other],
    ['e-bomb.json.gz', gzipSync(Buffer.alloc(17 * 1024 * 1024, 0x20))],
    ['f-broken.json.gz', Buffer.from('\x1f\x8b\x08\x00garbage', 'latin1')],
  ]);
  const page = readFolder(dir);
  assert.equal(page.json, unpath(run(['reports', '--format', 'json', dir]), dir));
  assert.equal(page.markdown, unpath(run(['reports', '--format', 'markdown', dir]), dir));
  const s = JSON.parse(page.json);
  // Three reports (the copy of the first is a duplicate), six files.
  assert.deepEqual([s.files, s.reports, s.duplicates], [6, 3, 1]);
  assert.deepEqual(
    s.problems.filter((p) => p.code === 'tlsrpt-report/unreadable').map((p) => [p.file, p.severity]),
    [
      ['c-export.mbox (message 2)', 'info'],
      ['d-lunch.eml', 'error'],
      ['e-bomb.json.gz', 'error'],
      ['f-broken.json.gz', 'error'],
    ],
  );
  assert.ok(s.problems.some((p) => p.file === 'b-first-again.json' && p.code === 'tlsrpt-report/duplicate-report'));
  assert.match(s.problems.find((p) => p.file === 'e-bomb.json.gz').message, /larger than 16 MiB once decompressed/);
  assert.equal(tools.maxFileLength(), 256 * 1024 * 1024);
});

// ---- the generator -------------------------------------------------------------------------------

const NOW_S = 1776945600; // 2026-04-23T12:00:00Z

/** `mtasts generate --out DIR` and generateSetUp for the same request: the same files. */
function generated(args, options) {
  const dir = path.join(scratch, `gen-${Math.random().toString(36).slice(2)}`);
  run(['generate', ...args, '--out', dir], { SOURCE_DATE_EPOCH: String(NOW_S) });
  const setUp = tools.generateSetUp({ now: NOW_S * 1000, ...options });
  return { dir, setUp, read: (f) => readFileSync(path.join(dir, f), 'utf8') };
}

test('generator: MX hosts, rua and nginx give the CLI\'s files', () => {
  const { setUp, read } = generated(
    ['--domain', 'example.com', '--mx', 'mx1.example.com', '--mx', 'mx2.example.com', '--rua', 'tlsrpt@example.com', '--server', 'nginx'],
    { domain: 'example.com', hosts: ['mx1.example.com', 'mx2.example.com'], rua: ['tlsrpt@example.com'], server: 'nginx' },
  );
  assert.equal(setUp.policy, read('mta-sts.txt'));
  assert.equal(setUp.zone, read('dns.zone'));
  assert.equal(setUp.id, '20260423120000');
  assert.equal(setUp.snippet.server, 'nginx');
  for (const f of setUp.snippet.files) assert.equal(f.contents, read(f.path), f.path);
  assert.deepEqual(setUp.records.map((r) => [r.host, r.value]), [
    ['_mta-sts', 'v=STSv1; id=20260423120000'],
    ['_smtp._tls', 'v=TLSRPTv1; rua=mailto:tlsrpt@example.com'],
  ]);
  assert.equal(setUp.policyUrl, 'https://mta-sts.example.com/.well-known/mta-sts.txt');
});

test('generator: every provider preset gives the CLI\'s policy; pasted dig output reads', () => {
  const vocabulary = tools.generatorVocabulary();
  assert.ok(vocabulary.providers.length >= 8);
  assert.deepEqual(vocabulary.modes, ['testing', 'enforce']);
  for (const p of vocabulary.providers) {
    const { setUp, read } = generated(['--domain', 'example.com', '--provider', p.name, '--mode', 'enforce'], { domain: 'example.com', provider: p.name, mode: 'enforce' });
    assert.equal(setUp.policy, read('mta-sts.txt'), p.name);
    assert.deepEqual(setUp.patterns, p.patterns, p.name);
  }
  const dig = tools.generateSetUp({ now: NOW_S * 1000, hosts: ['10 mx1.example.com.\n20 mx2.example.com.'] });
  assert.deepEqual(dig.hosts, ['mx1.example.com', 'mx2.example.com']);
  assert.equal(dig.domain, null);
});

test('generator: refusals are the core\'s messages, as the CLI prints them', () => {
  const r = spawnSync(cli, ['generate', '--mx', '10 192.0.2.1'], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: String(NOW_S) } });
  assert.equal(r.status, 2);
  assert.throws(() => tools.generateSetUp({ now: NOW_S * 1000, hosts: ['10 192.0.2.1'] }), (e) => r.stderr.includes(e.message));
  assert.throws(() => tools.generateSetUp({ now: NOW_S * 1000, hosts: [] }), /no MX host given/);
  assert.throws(() => tools.generateSetUp({ now: -1, hosts: ['mx.example.com'] }), /options.now/);
  assert.throws(() => tools.generateSetUp({ now: 0, hots: [] }), /unknown option `hots`/);
});

test('generator: the rollout plan is the CLI\'s --plan, and changes come with a new id', () => {
  const steps = tools.rolloutPlan({ now: NOW_S * 1000, domain: 'example.com', hosts: ['mx1.example.com'], testingDays: 14 });
  const text = run(['generate', '--plan', '--domain', 'example.com', '--mx', 'mx1.example.com'], { SOURCE_DATE_EPOCH: String(NOW_S) });
  for (const [i, s] of steps.entries()) assert.ok(text.includes(`${i + 1}. ${s.date}  ${s.action}`), s.action);
  assert.equal(steps[0].date, '2026-04-23');
  const policy = 'version: STSv1\nmode: testing\nmx: mx1.example.com\nmax_age: 604800\n';
  const edit = tools.editPolicy({ now: NOW_S * 1000, domain: 'example.com', policy, oldId: '20260423120000' });
  assert.equal(edit.newId, '20260423120000a');
  assert.equal(edit.steps.length, 2);
  const mx = tools.mxChange({ now: NOW_S * 1000, domain: 'example.com', policy, hosts: ['mx1.example.com', 'mx9.example.net'] });
  assert.deepEqual(mx.addedPatterns, ['mx9.example.net']);
  const retire = tools.decommission({ now: NOW_S * 1000, domain: 'example.com', policy });
  assert.match(retire.policy, /mode: none/);
});
