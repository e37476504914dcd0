// The npm package in web/pkg/ (lint-only) as its users get it, and the package with checkDomain
// in web/pkg-check/ (what the page imports for a live check): the manifest and the files it publishes, its
// TypeScript declarations (pinned by a snapshot, checked against the values the functions really
// return, and compiled by `tsc --strict` in a consumer), loading by package name in Node, and
// errors as `Error` objects.
//
// After an intended change of the API, refresh the snapshot:
//   UPDATE_SNAPSHOTS=1 node --test tests/js/package.test.mjs

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { check, parseDeclarations, parseType } from './dts.mjs';
import { PKG_CHECK_DIR, PKG_DIR, loadCheckPackage, loadPackage } from './load.mjs';
import { startFixtures } from '../fixtures/index.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = fileURLToPath(PKG_DIR);
const DTS = path.join(PKG, 'mtasts_wasm.d.ts');
const PKG_CHECK = fileURLToPath(PKG_CHECK_DIR);
const CHECK_DTS = path.join(PKG_CHECK, 'mtasts_wasm_check.d.ts');
const SCRATCH = path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'tmp', 'js-package');

const api = await loadPackage();
const checkApi = await loadCheckPackage();
const dtsSource = readFileSync(DTS, 'utf8');
const decls = parseDeclarations(dtsSource);
const checkDtsSource = readFileSync(CHECK_DTS, 'utf8');
/** The declarations of web/pkg-check/: those of web/pkg/ plus checkDomain and its types. */
const checkDecls = parseDeclarations(checkDtsSource);
const manifest = JSON.parse(readFileSync(path.join(PKG, 'package.json'), 'utf8'));

/** A scratch project with web/pkg/ installed as node_modules/mtasts-wasm (a symlink, as `npm link`),
 * and web/pkg-check/ as ./pkg-check (as the page has it). */
function scratchProject() {
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(path.join(SCRATCH, 'node_modules'), { recursive: true });
  symlinkSync(PKG, path.join(SCRATCH, 'node_modules', 'mtasts-wasm'), 'dir');
  symlinkSync(PKG_CHECK, path.join(SCRATCH, 'pkg-check'), 'dir');
  writeFileSync(path.join(SCRATCH, 'package.json'), '{ "type": "module", "private": true }\n');
  return SCRATCH;
}

const BROKEN = 'version: STSv1\r\nMode: enforce\r\n\r\nmx: *.example.com\r\nmx: bad..example\r\nnote: é😀\r\nmax_age: 604800\r\n';

/** The .d.ts with the `Code` union's members elided: build.rs writes them from the core's
 * registry, so a new diagnostic code is not an API change to re-approve here. */
function comparable(dts) {
  return (
    dts
      .replace(/export type Code =[^;]*;/, 'export type Code = /* every code of crates/mtasts/src/code.rs */;')
      // Internal exports of the glue (closure shims) are numbered by wasm-bindgen after the
      // functions of the module: any change of the code renumbers them, none changes the API.
      .replace(/__wasm_bindgen_func_elem_\d+/g, '__wasm_bindgen_func_elem_N')
  );
}

for (const [label, source, name] of [
  ['web/pkg/', dtsSource, 'mtasts_wasm.d.ts'],
  ['web/pkg-check/', checkDtsSource, 'mtasts_wasm_check.d.ts'],
]) {
  test(`the .d.ts of ${label} is the checked-in snapshot`, () => {
    const snapshot = fileURLToPath(new URL(`snapshots/${name}`, import.meta.url));
    const built = comparable(source);
    if (process.env.UPDATE_SNAPSHOTS === '1') {
      writeFileSync(snapshot, built);
      return;
    }
    assert.ok(existsSync(snapshot), `no snapshot: run UPDATE_SNAPSHOTS=1 node --test tests/js/package.test.mjs`);
    const expected = readFileSync(snapshot, 'utf8');
    if (built !== expected) {
      const a = expected.split('\n');
      const b = built.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      assert.fail(
        `${label}${name} differs from tests/js/snapshots/${name} at line ${line + 1}:\n` +
          `  snapshot: ${a[line]}\n  built:    ${b[line]}\n` +
          'If the API change is intended: UPDATE_SNAPSHOTS=1 node --test tests/js/package.test.mjs',
      );
    }
  });
}

test('every export is declared with a named type, none with `any`', () => {
  const lint = [
    'analyzePolicy',
    'applyFixes',
    'coverage',
    'lintPolicy',
    'lintStsRecords',
    'lintTlsRptRecord',
    'matchMx',
    'normalizeDomain',
    'version',
    'vocabulary',
  ];
  for (const [pkg, d, expected] of [
    [api, decls, lint],
    [checkApi, checkDecls, [...lint, 'checkDomain', 'checkVocabulary', 'overallStatus'].sort()],
  ]) {
    const exported = Object.keys(pkg).filter((k) => typeof pkg[k] === 'function' && !['default', 'initSync'].includes(k));
    assert.deepEqual(exported.sort(), expected);
    for (const name of exported) {
      const fn = d.functions.get(name);
      assert.ok(fn, `${name} is declared`);
      assert.doesNotMatch(`${fn.params} ${fn.returns}`, /\bany\b/, `${name}: ${fn.params} => ${fn.returns}`);
    }
    assert.equal(d.functions.get('lintPolicy').params, 'text: string, options?: LintOptions');
    assert.equal(d.functions.get('analyzePolicy').params, 'text: string, options?: AnalyzeOptions');
    assert.equal(d.functions.get('applyFixes').params, 'text: string, diagnostics: readonly FixableDiagnostic[] | "all-safe"');
  }
  // The lint-only package declares nothing of the live check.
  assert.deepEqual([...decls.interfaces.keys(), ...decls.aliases.keys()].filter((n) => n.startsWith('Check')), []);
  assert.equal(checkDecls.functions.get('checkDomain').params, 'domain: string, options?: CheckDomainOptions');
  assert.equal(checkDecls.functions.get('checkDomain').returns, 'Promise<CheckReport>');
  // The Code union is the core's registry (build.rs): it holds every code the corpus expects.
  const corpus = path.join(ROOT, 'tests', 'corpus');
  const corpusCodes = new Set(
    readdirSync(corpus, { recursive: true })
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => readFileSync(path.join(corpus, f), 'utf8').match(/(?<=")[a-z]+\/[a-z0-9-]+(?= \d)/g) ?? []),
  );
  assert.ok(corpusCodes.size > 40, `${corpusCodes.size} codes found in the corpus`);
  for (const code of corpusCodes) assert.deepEqual(check(decls, code, parseType('Code')), [], code);
  assert.notDeepEqual(check(decls, 'policy/no-such-code', parseType('Code')), []);
});

test('what each function returns is exactly its declared type', async () => {
  // Against the declarations of web/pkg-check/: those of web/pkg/ and the live check's.
  const decls = checkDecls;
  const seen = new Set();
  const conforms = (fn, value, label) => {
    const declared = decls.functions.get(fn).returns;
    const problems = check(decls, value, parseType(declared), `${fn}(${label})`, seen);
    assert.deepEqual(problems, [], `${fn}(${label}) is not a ${declared}`);
  };
  conforms('lintPolicy', api.lintPolicy(BROKEN), 'broken policy');
  conforms('lintPolicy', api.lintPolicy(BROKEN, { value: false, fixes: false }), 'options');
  conforms('lintPolicy', api.lintPolicy('version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\nx: y\n'), 'valid');
  conforms('lintPolicy', api.lintPolicy(''), 'empty');
  conforms('lintStsRecords', api.lintStsRecords(['v=STSv1; id=1; ext=2', 'v=spf1 -all']), 'records');
  conforms('lintStsRecords', api.lintStsRecords([]), 'none');
  conforms('lintStsRecords', api.lintStsRecords(';; ANSWER SECTION:\n_mta-sts.example.com. 300 IN TXT "v=STSv1; " "id=1"\n"unclosed'), 'pasted');
  conforms('lintTlsRptRecord', api.lintTlsRptRecord(['v=TLSRPTv1; rua=mailto:a@example.com']), 'array');
  conforms('lintTlsRptRecord', api.lintTlsRptRecord('"v=TLSRPTv1; rua=mailto:a@example.com; x=1"\n"v=TLSRPTv1;"'), 'two');
  conforms('lintTlsRptRecord', api.lintTlsRptRecord('v=TLSRPTv1; rua=https://reports.example.com/t'), 'one');
  conforms('matchMx', api.matchMx('*.example.com', 'mx.example.com'), 'wildcard');
  conforms('matchMx', api.matchMx('mx.example.com', 'mx.example.com'), 'exact');
  conforms('matchMx', api.matchMx('*.*.example', 'mx'), 'invalid');
  conforms('coverage', api.coverage(BROKEN, ['mx.example.com', 'example.com', 'not a host']), 'hosts');
  conforms('analyzePolicy', api.analyzePolicy(BROKEN, { hosts: ['mx.example.com', 'other.example'] }), 'hosts');
  conforms('analyzePolicy', api.analyzePolicy('max_age: 1209600s\nmode: none\n', { fixes: false }), 'invalid fields');
  conforms('analyzePolicy', api.analyzePolicy(''), 'empty');
  // What was typed in the MX host box is named when it is not a host name, with the host to use.
  const typo = api.analyzePolicy('version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 604800\n', { hosts: ['mx.example.com:25'] });
  conforms('analyzePolicy', typo, 'host with a port');
  assert.deepEqual(typo.coverage.hosts[0].hint && { ...typo.coverage.hosts[0].hint, message: '' }, { kind: 'port', notAHostName: true, host: 'mx.example.com', message: '' });
  const light = api.analyzePolicy(BROKEN, { hosts: ['mx.example.com'], value: false });
  conforms('analyzePolicy', light, 'value false');
  assert.deepEqual([light.value, light.coverage, light.uncovered], [null, null, null]);
  assert.deepEqual(light.diagnostics, api.analyzePolicy(BROKEN).diagnostics, 'value: false gives the same diagnostics');
  conforms('vocabulary', api.vocabulary(), '');
  conforms('normalizeDomain', api.normalizeDomain('User@Example.COM'), 'address');
  const policyHost = api.normalizeDomain('mta-sts.firm.co.uk');
  conforms('normalizeDomain', policyHost, 'the policy host');
  assert.equal(policyHost.hint?.suggestion, 'firm.co.uk');
  assert.equal(api.normalizeDomain('_mta-sts.firm.co.uk').hint?.suggestion, 'firm.co.uk');
  conforms('normalizeDomain', api.normalizeDomain('not a domain'), 'error');
  conforms('checkVocabulary', checkApi.checkVocabulary(), '');
  conforms('overallStatus', checkApi.overallStatus(['pass', 'skipped']), 'statuses');
  conforms('applyFixes', api.applyFixes(BROKEN, 'all-safe'), 'all-safe');
  conforms('version', api.version(), '');
  // checkDomain in Node, DNS from the local DoH fixture (plain HTTP: Node does not trust the
  // fixtures' CA). The policy host's name does not resolve in Node, so the fetch cannot be seen
  // into and the pasted policy is checked instead: every part of a CheckReport is filled.
  const fx = await startFixtures();
  try {
    const events = [];
    const report = await checkApi.checkDomain('s23.example.test', {
      resolvers: [fx.dohHttpUrl],
      timeoutMs: 3000,
      pastedPolicy: 'version: STSv1\nmode: enforce\nmx: mx1.s23.example.test\nmx: *.old.example\nmax_age: 604800\n',
      onProgress: (event) => events.push(event),
    });
    assert.deepEqual(check(decls, report, parseType('CheckReport'), 'checkDomain(s23)', seen), [], 'checkDomain resolves with a CheckReport');
    assert.equal(report.policy?.source, 'pasted');
    assert.ok(report.coverage && report.sts && report.tlsrpt && report.previous, 'every part of the report is there');
    assert.equal(events.length, 6);
    for (const e of events) assert.deepEqual(check(decls, e, parseType('CheckProgress'), 'onProgress', seen), []);
    assert.equal(report.level.basis, 'pasted');
    // A `_mta-sts` value carrying its own quotes: `stsDig` hands the record checker what senders see,
    // where `sts.text` (the values joined) would be read back as quoting and pass.
    const quoted = await checkApi.checkDomain('s77.example.test', { resolvers: [fx.dohHttpUrl], timeoutMs: 3000 });
    const codes = (r) => r.diagnostics.map((d) => d.code).sort();
    assert.equal(quoted.stsDig, '"\\"v=STSv1; id=20240101\\""');
    assert.deepEqual(codes(api.lintStsRecords(quoted.stsDig)), codes(quoted.sts));
    assert.ok(codes(quoted.sts).includes('sts/quoted-value'));
    assert.ok(!codes(api.lintStsRecords(quoted.sts.text)).includes('sts/quoted-value'), 'the values joined are re-read as quoting');
  } finally {
    await fx.close();
  }
  // Every declared result interface and alias was met (input-only ones excepted), so none is stale.
  const inputOnly = ['LintOptions', 'AnalyzeOptions', 'FixableDiagnostic', 'CheckDomainOptions', 'InitOutput', 'InitInput', 'SyncInitInput'];
  const unseen = [...decls.interfaces.keys(), ...decls.aliases.keys()].filter((n) => !seen.has(n) && !inputOnly.includes(n));
  assert.deepEqual(unseen, [], 'declared but never returned');
});

test('the checker rejects what does not conform', () => {
  const result = api.lintPolicy(BROKEN);
  const type = parseType('PolicyResult');
  assert.deepEqual(check(decls, result, type), []);
  assert.match(check(decls, { ...result, extra: 1 }, type).join(), /extra: not declared/);
  assert.match(check(decls, { ...result, value: undefined }, type).join(), /value: missing/);
  const [first] = result.diagnostics;
  assert.match(check(decls, { ...result, diagnostics: [{ ...first, line: '1' }] }, type).join(), /line: expected number/);
  assert.match(check(decls, { ...result, diagnostics: [{ ...first, severity: 'fatal' }] }, type).join(), /severity/);
});

test('errors are Error objects with a message', async () => {
  const cases = [
    [() => api.lintPolicy('x', { valu: true }), /^options: unknown option `valu`/],
    [() => api.lintPolicy('x', 'fast'), /^options: expected an object$/],
    [() => api.lintPolicy(42), /^text: expected a string$/],
    [() => api.lintPolicy(null), /^text: expected a string$/],
    [() => api.lintStsRecords(42), /^input: expected a string or an array of strings$/],
    [() => api.lintStsRecords([1]), /^input\[0\]: expected a string$/],
    [() => api.lintTlsRptRecord(null), /^input: expected a string or an array of strings$/],
    [() => api.applyFixes('x', 'all'), /^diagnostics: expected a list of diagnostics or "all-safe"$/],
    [() => api.applyFixes('x', [{ fix: { edits: [{ start: 0, end: 2, text: '' }] } }]), /is not a range of this text/],
    [() => api.applyFixes('x', [{ fix: { edits: [{ start: -1, end: 0, text: '' }] } }]), /start: expected a UTF-16 offset/],
    [() => api.coverage('', null), /^hosts: expected an array$/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (err) => err instanceof Error && message.test(err.message), String(message));
  }
  for (const [args, message] of [
    [['not a domain'], /contains spaces/],
    [['example.com', { timeout: 1 }], /^options: unknown option `timeout`/],
    [['example.com', { resolvers: 'https://dns.example/dns-query' }], /^options\.resolvers: expected an array$/],
    [['example.com', { onProgress: true }], /^options\.onProgress: expected a function$/],
    [['example.com', 'fast'], /^options: expected an object$/],
  ]) {
    await assert.rejects(checkApi.checkDomain(...args), (err) => err instanceof Error && message.test(err.message), String(message));
  }
  // The module is still usable after an error.
  assert.equal(api.lintPolicy('version: STSv1\nmode: none\nmax_age: 86400\n').valid, true);
});

test('package.json makes web/pkg an npm package', () => {
  const cargo = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const version = /\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/.exec(cargo)?.[1];
  assert.equal(manifest.name, 'mtasts-wasm');
  assert.equal(manifest.version, version);
  assert.equal(manifest.version, api.version());
  assert.equal(manifest.type, 'module');
  // Only the widget's module does something when imported (it defines the elements).
  assert.deepEqual(manifest.sideEffects, ['./embed/mta-sts-check.js']);
  assert.equal(manifest.exports['./mta-sts-check.js'], './embed/mta-sts-check.js');
  assert.equal(manifest.types, './mtasts_wasm.d.ts');
  assert.deepEqual(manifest.exports['.'], { types: './mtasts_wasm.d.ts', default: './mtasts_wasm.js' });
  assert.equal(manifest.exports['./mtasts_wasm_bg.wasm'], './mtasts_wasm_bg.wasm');
  for (const file of manifest.files) assert.ok(existsSync(path.join(PKG, file)), `${file} exists`);
  // What `npm publish` would upload: exactly the listed files and the manifest.
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PKG, encoding: 'utf8' }));
  const listed = manifest.files.flatMap((f) =>
    f.endsWith('/') ? readdirSync(path.join(PKG, f), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(PKG, path.join(e.parentPath, e.name))) : [f],
  );
  assert.deepEqual(packed.files.map((f) => f.path).sort(), [...listed, 'package.json'].sort());
});

test('Node loads it by package name, as the README shows', () => {
  const dir = scratchProject();
  writeFileSync(
    path.join(dir, 'use.mjs'),
    [
      "import { readFile } from 'node:fs/promises';",
      "import init, { lintPolicy, version } from 'mtasts-wasm';",
      "await init({ module_or_path: await readFile(new URL(import.meta.resolve('mtasts-wasm/mtasts_wasm_bg.wasm'))) });",
      "const r = lintPolicy('version: STSv1\\nmode: testing\\nmx: mail.example.com\\nmax_age: 86400\\n');",
      'console.log(JSON.stringify({ version: version(), valid: r.valid, diagnostics: r.diagnostics.length }));',
    ].join('\n'),
  );
  const out = execFileSync(process.execPath, ['use.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { version: manifest.version, valid: true, diagnostics: 0 });
});

test('a strict TypeScript consumer compiles against the published types', () => {
  const dir = scratchProject();
  copyFileSync(fileURLToPath(new URL('types/consumer.ts', import.meta.url)), path.join(dir, 'consumer.ts'));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['es2022', 'dom'],
        types: [],
        skipLibCheck: false,
      },
      files: ['consumer.ts'],
    }),
  );
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  try {
    execFileSync(tsc, ['-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
  } catch (err) {
    assert.fail(`tsc found problems in the declarations or tests/js/types/consumer.ts:\n${err.stdout}${err.stderr}`);
  }
});

test('analyzePolicy: one call gives what lintPolicy and coverage give, and "invalid" apart from "missing"', () => {
  const text = 'version: STSv1\nmode: enforce\nmx: *.example.com\nmx: bad..example\nmax_age: 1209600s\n';
  const hosts = ['mx1.example.com', 'mail.other.example'];
  const analysis = api.analyzePolicy(text, { hosts });
  const lint = api.lintPolicy(text);
  assert.deepEqual(analysis.diagnostics, lint.diagnostics);
  assert.deepEqual(analysis.value, lint.value);
  assert.deepEqual(analysis.coverage, api.coverage(text, hosts));
  const at = text.indexOf('1209600s');
  assert.deepEqual(analysis.value.maxAge, { state: 'invalid', value: null, raw: '1209600s', line: 5, start: at, end: at + 8 });
  for (const raw of ['31557601', '-1']) {
    assert.equal(api.analyzePolicy(`max_age: ${raw}\n`).value.maxAge.state, 'invalid', raw);
  }
  assert.equal(api.analyzePolicy('mode: enforce\n').value.maxAge.state, 'missing');
  assert.equal(analysis.value.mode.value, 'enforce');
  // What an uncovered host means follows the mode.
  const uncovered = (mode) => api.analyzePolicy(`mode: ${mode}\n`).uncovered;
  assert.equal(analysis.uncovered.severity, 'error');
  assert.deepEqual([uncovered('enforce'), uncovered('testing'), uncovered('none')].map((u) => u.severity), ['error', 'warning', 'info']);
  for (const m of api.vocabulary().modes) assert.deepEqual(m.uncovered, uncovered(m.mode), m.mode);
  assert.throws(() => api.analyzePolicy(text, { host: [] }), /^Error: options: unknown option `host`/);
  assert.throws(() => api.analyzePolicy(text, { hosts: 'mx.example.com' }), /^Error: options\.hosts: expected an array/);
});

test('the vocabulary is the core\'s: severities, modes, checks, statuses and the overall rule', () => {
  const v = api.vocabulary();
  assert.deepEqual(v.severities.map((s) => s.severity), ['error', 'warning', 'info']);
  assert.deepEqual(v.modes.map((m) => m.mode), ['enforce', 'testing', 'none']);
  // The unions of the .d.ts are written from the same core data (build.rs).
  for (const s of v.severities) assert.deepEqual(check(decls, s.severity, parseType('Severity')), []);
  for (const m of v.modes) assert.deepEqual(check(decls, m.mode, parseType('Mode')), []);
  const cv = checkApi.checkVocabulary();
  assert.deepEqual(cv.checks.map((c) => c.id), [
    'sts-record', 'tlsrpt-record', 'mx', 'policy-host', 'policy-host-tls', 'policy-fetch', 'policy-syntax', 'mx-coverage', 'mx-tls', 'consistency',
  ]);
  assert.deepEqual(cv.checks.map((c) => c.positions), ['sts', 'tlsrpt', 'none', 'none', 'none', 'none', 'policy', 'none', 'none', 'none']);
  for (const c of cv.checks) assert.deepEqual(check(checkDecls, c.id, parseType('CheckId')), []);
  const order = cv.statuses.map((s) => s.status);
  assert.deepEqual(order, ['skipped', 'pass', 'warning', 'could-not-verify', 'fail']);
  for (const s of order) assert.deepEqual(check(checkDecls, s, parseType('CheckStatus')), []);
  // overallStatus: the worst by that order, a pass over a skip, whatever the order of the checks.
  const overall = checkApi.overallStatus;
  assert.equal(overall([]), 'skipped');
  assert.equal(overall(['skipped', 'pass']), 'pass');
  assert.equal(overall(['pass', 'skipped']), 'pass');
  assert.equal(overall(['warning', 'could-not-verify', 'pass']), 'could-not-verify');
  assert.equal(overall(['fail', 'could-not-verify']), 'fail');
  assert.throws(() => overall(['passed']), /^Error: statuses\[0\]: unknown status `passed`/);
  assert.deepEqual(api.normalizeDomain(' https://u@Mail.Example.COM.:8443/x '), { domain: 'mail.example.com', error: null, hint: null });
});
