// Faces agree: the same raw input given to the CLI (`mtasts lint --format json`, native) and to the
// wasm package (Node) must give the same verdict, codes, severities, lines and columns, UTF-16
// offsets and fix edits. Inputs: every corpus case that a JavaScript string can carry, and 1,200
// generated tricky inputs (control characters and `\DDD` escapes, CR/LF/CRLF mixes, a BOM, emoji
// and combining marks, several records, quoted `dig` and zone-file lines, very long lines), 400 per
// kind, from a fixed seed so a failure reproduces. A difference prints both sides.
//
// The CLI reads a policy as a local file, so the wasm side is asked for `origin: "file"`.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadPackage } from './load.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = path.join(ROOT, 'tests/corpus');
const GENERATED_PER_KIND = 400;

const api = await loadPackage();
const cli = cliBinary();

/** The CLI built by `cargo test` (npm test's first step), or built now. */
function cliBinary() {
  const target = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  const binary = path.join(target, 'debug', 'mtasts');
  if (!existsSync(binary)) execFileSync('cargo', ['build', '-p', 'mtasts-cli'], { cwd: ROOT, stdio: 'inherit' });
  return binary;
}

/** What both faces must agree on, from the CLI's `mtasts-lint/1` JSON. */
function fromCli(json) {
  return {
    valid: json.valid,
    diagnostics: json.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      wholeFile: d.whole_file,
      at: [d.line, d.column, d.end_line, d.end_column],
      utf16: [d.utf16_start, d.utf16_end],
      fix: d.fix ? { applicability: d.fix.applicability, edits: d.fix.edits.map((e) => [e.utf16_start, e.utf16_end, e.replacement]) } : null,
    })),
  };
}

/** The same, from the wasm API's result. */
function fromWasm(result) {
  return {
    valid: result.valid,
    diagnostics: result.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      wholeFile: d.wholeFile,
      at: [d.line, d.column, d.endLine, d.endColumn],
      utf16: [d.start, d.end],
      fix: d.fix ? { applicability: d.fix.applicability, edits: d.fix.edits.map((e) => [e.start, e.end, e.text]) } : null,
    })),
  };
}

const wasmLint = {
  policy: (text) => api.lintPolicy(text, { origin: 'file' }),
  sts: (text) => api.lintStsRecords(text),
  tlsrpt: (text) => api.lintTlsRptRecord(text),
};

function agree(kind, text) {
  const run = spawnSync(cli, ['lint', '--kind', kind, '--format', 'json', '-'], { input: Buffer.from(text, 'utf8'), maxBuffer: 64 << 20 });
  assert.ok(run.status === 0 || run.status === 1, `the CLI exited ${run.status}: ${run.stderr}`);
  const native = fromCli(JSON.parse(run.stdout.toString('utf8')));
  const wasm = fromWasm(wasmLint[kind](text));
  assert.deepEqual(wasm, native, `the faces disagree on ${JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text)}\n(actual: wasm, expected: CLI)`);
}

/** Every corpus input a JavaScript string can carry, as the text a user would give. */
function corpusInputs() {
  const inputs = [];
  for (const kind of ['policy', 'sts', 'tlsrpt']) {
    for (const file of readdirSync(path.join(CORPUS, kind)).filter((f) => f.endsWith('.jsonl')).sort()) {
      readFileSync(path.join(CORPUS, kind, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (line.trim() === '' || line.startsWith('//')) return;
          const c = JSON.parse(line);
          const text = typeof c.input === 'string' ? c.input : Array.isArray(c.records) ? c.records.join('\n') : undefined;
          if (text !== undefined) inputs.push({ kind, text, name: `${kind}/${file}:${i + 1} ${c.name}` });
        });
    }
  }
  return inputs;
}

/** A small deterministic generator (mulberry32), so every run feeds the same inputs. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BREAKS = ['\n', '\r\n', '\r', '\n\n'];
const ODD = ['\u0000', '\u0001', '\u0009', '\u007f', '\ufeff', '😀', 'e\u0301', 'é', '\u200b', '\u202e', '’', '"', '\\', ' ', '\t', '#', ';', ',', '=', ':', '*', '.'];
const ESCAPES = ['\\010', '\\013', '\\059', '\\034', '\\"', '\\\\', '\\255', '\\9', '\\'];

const FRAGMENTS = {
  policy: ['version: STSv1', 'Version: STSv1', 'version: stsv1', 'mode: enforce', 'mode: Enforce', 'mode: testing # later', 'mode: enforcing', 'mx: mail.example.com', 'mx: *.example.net', 'mx: mx1.example.com mx2.example.com', 'mx: münchen.example', 'mx: 192.0.2.1', 'mx: mail.example.com.', 'mx:', '  - mail.example.com', 'max_age: 604800', 'max_age: 1209600s', 'max_age: 0031557600', 'max-age: 86400', 'MX: mail.example.com', '# comment', '---', 'permalink: /.well-known/mta-sts.txt', 'ext: value with spaces', ''],
  sts: ['v=STSv1; id=20261128', 'v=STSv1;id=1;', 'v=STSv1 ; id=1', 'v=stsv1; id=1', 'v=STSv1\\; id=1', 'v=STSv1; id=a-b', 'v=STSv1; id=', 'v=STSv1; id=1; id=2', 'v=spf1 -all', '"v=STSv1; " "id=1"', '"\\"v=STSv1; id=1\\""', "'v=STSv1; id=1'", '_mta-sts.example.com. 300 IN TXT "v=STSv1; id=1"', ';; ANSWER SECTION:', '"v=STSv1; id=1', 'v=STSv1 id=1', ' v=STSv1; id=1'],
  tlsrpt: ['v=TLSRPTv1; rua=mailto:tlsrpt@example.com', 'v=TLSRPTv1; rua=,mailto:a@example.com', 'v=TLSRPTv1; rua=mailto: a@example.com', 'v=TLSRPTv1; rua=a@example.com', 'v=TLSRPTv1; rua=http://r.example.com/x', 'v=TLSRPTv1; rua=https://r.example.com/x,mailto:b@example.com,', 'v=TLSRPTv1; rua=mailto:a@münchen.example', 'v=TLSRPTv1; rua=https://192.0.2.1/r', 'v=TLSRPTv1; rua=https://r.123/r', 'v=TLSRPTv1;', '"v=TLSRPTv1; " "rua=mailto:a@example.com"', '"\\"v=TLSRPTv1; rua=mailto:a@example.com\\""', 'v=TLSRPTv1\\; rua=mailto:a@example.com', 'v=TLSRPTv1; rua=mailto:a!b@example.com'],
};

/** One tricky input: fragments of the kind, mutated with odd characters, escapes and breaks. */
function generate(kind, next) {
  const pick = (list) => list[Math.floor(next() * list.length)];
  const lines = [];
  const count = 1 + Math.floor(next() * 6);
  for (let i = 0; i < count; i++) {
    let line = pick(FRAGMENTS[kind]);
    const mutations = Math.floor(next() * 3);
    for (let m = 0; m < mutations; m++) {
      const at = Math.floor(next() * (line.length + 1));
      const insert = next() < 0.3 && kind !== 'policy' ? pick(ESCAPES) : pick(ODD);
      line = line.slice(0, at) + insert + line.slice(at);
    }
    if (next() < 0.03) line += 'x'.repeat(5000 + Math.floor(next() * 5000));
    if (next() < 0.1) line = `  ${line}`;
    lines.push(line);
  }
  let text = '';
  for (const line of lines) text += line + pick(BREAKS);
  if (next() < 0.3) text = text.replace(/\r?\n$/, '');
  if (next() < 0.05) text = `\ufeff${text}`;
  return text;
}

test('faces agree on every corpus input', () => {
  const inputs = corpusInputs();
  assert.ok(inputs.length > 300, `only ${inputs.length} corpus inputs`);
  for (const { kind, text, name } of inputs) {
    try {
      agree(kind, text);
    } catch (e) {
      e.message = `${name}: ${e.message}`;
      throw e;
    }
  }
});

for (const kind of ['policy', 'sts', 'tlsrpt']) {
  test(`faces agree on ${GENERATED_PER_KIND} generated ${kind} inputs`, () => {
    const next = random(0x5eed + kind.length);
    for (let i = 0; i < GENERATED_PER_KIND; i++) agree(kind, generate(kind, next));
  });
}
