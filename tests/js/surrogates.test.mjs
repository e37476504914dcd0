// Lone surrogates: a JavaScript string may hold UTF-16 code units that are no Unicode text (a
// high surrogate without its low half, or the reverse), e.g. from a paste cut in the middle of
// an emoji. Crossing into wasm they become U+FFFD (one code unit, like the surrogate), so every
// position the package returns must still be a UTF-16 offset into the string the caller passed,
// with the line and column (in Unicode scalar values) the caller would count, never throwing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPackage } from './load.mjs';

const wasm = await loadPackage();

const HIGH = '\uD800';
const LOW = '\uDC00';
const POLICY = 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n';

/** Inputs: a lone surrogate at each kind of place, and swapped or doubled halves. */
const CASES = [
  ['high surrogate at the start', `${HIGH}${POLICY}`],
  ['low surrogate at the end', `${POLICY}${LOW}`],
  ['in the mode value', POLICY.replace('enforce', `enforce${HIGH}`)],
  ['in a field name', POLICY.replace('max_age', `max${LOW}age`)],
  ['in an mx pattern', POLICY.replace('mail.example', `m${HIGH}ail.example`)],
  ['swapped halves of an emoji', POLICY.replace('mode', `${LOW}${HIGH}mode`)],
  ['an emoji, then a lone high surrogate', `\u{1F600}${HIGH}${POLICY}`],
  ['a line of nothing but surrogates', `${POLICY}${HIGH}${HIGH}${LOW}${LOW}\n`],
];

/** Whether `at` splits a valid surrogate pair of `text`. */
function splitsPair(text, at) {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** 1-based line and column (Unicode scalar values; a lone surrogate counts as one) of `at`. */
function lineColumn(text, at) {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const line = text.slice(0, lineStart).split('\n').length;
  return { line, column: [...text.slice(lineStart, at)].length + 1 };
}

/** Every diagnostic of `result` is a span of `text` with the line and column JS counts. */
function assertSpans(text, diagnostics, label) {
  for (const d of diagnostics) {
    assert.ok(d.start <= d.end && d.end <= text.length, `${label}: ${d.code} ${d.start}..${d.end} of ${text.length}`);
    assert.ok(!splitsPair(text, d.start) && !splitsPair(text, d.end), `${label}: ${d.code} splits a surrogate pair`);
    assert.deepEqual({ line: d.line, column: d.column }, lineColumn(text, d.start), `${label}: ${d.code} start`);
    assert.deepEqual({ line: d.endLine, column: d.endColumn }, lineColumn(text, d.end), `${label}: ${d.code} end`);
  }
}

for (const [label, text] of CASES) {
  test(`lintPolicy and applyFixes: ${label}`, () => {
    const result = wasm.lintPolicy(text);
    assertSpans(text, result.diagnostics, label);
    // The text the package saw is the caller's with each lone surrogate as U+FFFD: the same
    // length in code units, so positions carry over.
    assert.equal(result.valid, false, `${label}: text with a lone surrogate is not a valid policy`);
    const fixed = wasm.applyFixes(text, 'all-safe');
    assert.equal(typeof fixed, 'string');
    assert.doesNotMatch(fixed, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, `${label}: fixed text is well-formed UTF-16`);
    assertSpans(fixed, wasm.lintPolicy(fixed).diagnostics, `${label} (fixed)`);
  });
}

test('the surrogate in a mode value is inside the reported span', () => {
  const text = POLICY.replace('enforce', `enforce${HIGH}`);
  const d = wasm.lintPolicy(text).diagnostics.find((x) => x.code === 'policy/mode-invalid');
  assert.equal(text.slice(d.start, d.end), `enforce${HIGH}`);
});

test('records, MX matching and coverage take lone surrogates without throwing', () => {
  for (const [label, s] of [['high', HIGH], ['low', LOW], ['swapped', `${LOW}${HIGH}`]]) {
    const sts = wasm.lintStsRecords([`v=STSv1; id=1${s}`]);
    assert.equal(sts.valid, false, label);
    assertSpans(sts.text, sts.diagnostics, `sts ${label}`);
    const tlsrpt = wasm.lintTlsRptRecord(`v=TLSRPTv1; rua=mailto:a${s}@example.com`);
    assert.equal(tlsrpt.valid, false, label);
    const match = wasm.matchMx('*.example.com', `a${s}.example.com`);
    assert.equal(match.matched, false, label);
    assert.equal(match.reason, 'invalid-host', label);
    const coverage = wasm.coverage(`version: STSv1\nmode: enforce\nmx: *.example${s}.com\nmax_age: 86400\n`, [`mx${s}.example.com`]);
    assert.equal(coverage.hosts.length, 1, label);
    assert.equal(coverage.hosts[0].matchedBy, null, label);
    assert.deepEqual(coverage.patterns, [], label);
  }
});
