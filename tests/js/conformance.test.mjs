// One corpus, two faces: runs EVERY case of tests/corpus/**/*.jsonl through the wasm package's
// JavaScript API and checks what the Rust runner (crates/mtasts/tests/corpus.rs) checks against
// the core: the verdict, the complete diagnostics list as "CODE L:C-L:C" (or "CODE file"), the text after every
// safe fix (and that fixing again changes nothing, adds no error, and gives `fixed_valid`), and
// the mx-match verdicts. On top, what only this face has: UTF-16 offsets that agree with the
// line/column of each diagnostic, `applyFixes` on a list of diagnostics reaching the same text
// as "all-safe", and TLS-RPT records read back from `dig`-style quoted lines.
//
// Skipped: `input_hex` cases whose bytes are not UTF-8 (a JavaScript string cannot carry them;
// the Rust runner covers them). Each case is one test, named `FILE:LINE NAME`.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadPackage } from './load.mjs';

const CORPUS = fileURLToPath(new URL('../corpus/', import.meta.url));
// zone/, octodns/ and change/ are files and revisions, read by the core and the CLI only.
const KINDS = ['policy', 'sts', 'tlsrpt', 'mx-match'];

const api = await loadPackage();

/** "CODE L:C-L:C", or "CODE file" for a problem of the whole file, as the corpus writes diagnostics. */
const render = (d) => (d.wholeFile ? `${d.code} file` : `${d.code} ${d.line}:${d.column}-${d.endLine}:${d.endColumn}`);
const errorCount = (result) => result.diagnostics.filter((d) => d.severity === 'error').length;
const safeFixes = (result) => result.diagnostics.filter((d) => d.fix?.applicability === 'safe');

/** The UTF-16 offset of 1-based line/column (columns in code points; LF, CRLF, lone CR end lines). */
function utf16Offset(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const lf = text.indexOf('\n', offset);
    const cr = text.indexOf('\r', offset);
    const next = cr !== -1 && (lf === -1 || cr < lf) ? (text[cr + 1] === '\n' ? cr + 2 : cr + 1) : lf + 1;
    assert.ok(next > 0, `line ${line} is past the end of the text`);
    offset = next;
  }
  for (let c = 1; c < column; c++) offset += text.codePointAt(offset) > 0xffff ? 2 : 1;
  return offset;
}

/** Checks that each diagnostic's and each edit's UTF-16 offsets are consistent with its line/column. */
function checkOffsets(text, result) {
  for (const d of result.diagnostics) {
    const where = render(d);
    assert.equal(d.start, utf16Offset(text, d.line, d.column), `${where}: start`);
    assert.equal(d.end, utf16Offset(text, d.endLine, d.endColumn), `${where}: end`);
    for (const e of d.fix?.edits ?? []) {
      assert.ok(e.start <= e.end && e.end <= text.length, `${where}: edit ${e.start}..${e.end} within the text`);
    }
  }
}

function checkVerdict(c, result) {
  if (typeof c.valid === 'boolean') assert.equal(result.valid, c.valid, 'valid');
  if ('diagnostics' in c) assert.deepEqual(result.diagnostics.map(render), c.diagnostics, 'diagnostics');
}

/** The bytes of `input_hex` as a string, or null when they are not UTF-8 (BOM kept). */
function decodeHex(hex) {
  const bytes = Buffer.from(hex.replace(/\s+/g, ''), 'hex');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function runPolicy(c, input) {
  // A policy case is a local file unless it says it was served (tests/corpus/README.md).
  const options = { origin: c.origin ?? 'file' };
  const report = api.lintPolicy(input, options);
  checkVerdict(c, report);
  checkOffsets(input, report);

  const fixed = api.applyFixes(input, 'all-safe');
  const after = api.lintPolicy(fixed, options);
  assert.ok(errorCount(after) <= errorCount(report), `applying safe fixes added errors: ${after.diagnostics.map(render)}`);
  assert.equal(api.applyFixes(fixed, safeFixes(after)), fixed, 'fixing twice changes nothing');
  if (typeof c.fixed === 'string') assert.equal(fixed, c.fixed, 'fixed');
  const fixedValid = c.fixed_valid ?? ('fixed' in c ? true : undefined);
  if (fixedValid !== undefined) {
    assert.equal(after.valid, fixedValid, `fixed_valid (after fixes: ${after.diagnostics.map(render)})`);
  }

  // The list API: lint, apply the safe fixes listed, repeat (as "all-safe" does inside).
  let current = input;
  for (let round = 0; round < 8; round++) {
    const listed = safeFixes(api.lintPolicy(current, options));
    if (listed.length === 0) break;
    const next = api.applyFixes(current, listed);
    if (next === current) break;
    current = next;
  }
  assert.equal(current, fixed, 'applyFixes(text, diagnostics), repeated, equals applyFixes(text, "all-safe")');
}

/** A record in the quoted presentation form `dig +short` prints (RFC 1035 §5.1 escapes). */
function quote(record) {
  const escaped = [...record]
    .map((ch) => {
      if (ch === '"' || ch === '\\') return `\\${ch}`;
      const code = ch.codePointAt(0);
      return code < 0x20 || code === 0x7f ? `\\${String(code).padStart(3, '0')}` : ch;
    })
    .join('');
  return `"${escaped}"`;
}

function runRecords(c, kind) {
  const lint = kind === 'sts' ? api.lintStsRecords : api.lintTlsRptRecord;
  if (typeof c.input === 'string') {
    // Text as pasted, read by the core's intake: positions in the input.
    const result = lint(c.input);
    checkVerdict(c, result);
    assert.equal(result.text, c.input, 'text');
    checkOffsets(result.text, result);
    if (typeof c.fixed === 'string') assert.equal(api.applyFixes(c.input, safeFixes(result)), c.fixed, 'fixed');
    return;
  }
  const records = c.records;
  const result = lint(records);
  checkVerdict(c, result);
  assert.equal(result.text, records.join('\n'), 'text');
  checkOffsets(result.text, result);
  // The same records as `dig` prints them, quoted one per line: the same verdict and codes
  // (positions then point into the quoted lines).
  if (records.every((r) => r.trim() !== '')) {
    const quoted = lint(records.map(quote).join('\n'));
    assert.equal(quoted.valid, result.valid, 'valid when quoted');
    assert.deepEqual(quoted.diagnostics.map((d) => d.code), result.diagnostics.map((d) => d.code), 'codes when quoted');
  }
}

function runMatch(c) {
  const r = api.matchMx(c.pattern ?? '', c.host ?? '');
  const why = `(explanation: ${r.explanation})`;
  if (typeof c.matched === 'boolean') assert.equal(r.matched, c.matched, `matched ${why}`);
  if (typeof c.reason === 'string') assert.equal(r.reason, c.reason, `reason ${why}`);
  if ('wildcard_label' in c) assert.equal(r.wildcardLabel ?? null, c.wildcard_label, `wildcard_label ${why}`);
}

const files = KINDS.flatMap((kind) => {
  const dir = path.join(CORPUS, kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => ({ kind, file: path.join(dir, f) }));
});
assert.ok(files.length > 0, 'no corpus files found');

for (const { kind, file } of files) {
  const rel = path.relative(CORPUS, file);
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('//')) return;
      const where = `${rel}:${index + 1}`;
      let c;
      try {
        c = JSON.parse(line);
      } catch (err) {
        test(`${where}: not JSON`, () => assert.fail(err.message));
        return;
      }
      const name = `${where} ${c.name ?? '?'}`;
      if (kind === 'policy') {
        const input = typeof c.input === 'string' ? c.input : typeof c.input_hex === 'string' ? decodeHex(c.input_hex) : undefined;
        if (input === undefined) {
          test(name, () => assert.fail('case has neither `input` nor `input_hex`'));
        } else if (input === null) {
          test(name, { skip: 'input_hex is not UTF-8, which a JavaScript string cannot carry' }, () => {});
        } else {
          test(name, () => runPolicy(c, input));
        }
      } else if (kind === 'mx-match') {
        test(name, () => runMatch(c));
      } else {
        test(name, () => runRecords(c, kind));
      }
    });
}
