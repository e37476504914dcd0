// checkDomain in headless Chromium against the local fixtures (tests/fixtures/): the built
// package's own DNS-over-HTTPS and fetch() code, from the app page under the production CSP,
// reaching the fixture DoH server and policy host through the flags startFixtures() returns — the
// same way it reaches a public resolver and a real policy host. For a representative subset of
// tests/scenarios/ the report must have each check's status and codes as the scenario expects
// (what a browser can see is the same here: an opaque redirect is still a redirect, an opaque
// TypeError is could-not-verify), match the declared `CheckReport` type, and every request of a
// check must have been in flight at the same time (the fixtures' request log).
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { chromium, expect, test } from '@playwright/test';

import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { startFixtures } from '../fixtures/index.mjs';
import { check as checkType, parseDeclarations, parseType } from '../js/dts.mjs';

/** Every fixture answer waits this long, so that overlapping requests show in the log: far more
 * than the 5-25 ms the requests of one check take to reach the servers (up to ~200 ms on a busy
 * 2-core machine), far less than the time six requests one after the other would take. */
const LATENCY_MS = 300;

const DTS = parseDeclarations(readFileSync(new URL('../../web/pkg-check/mtasts_wasm_check.d.ts', import.meta.url), 'utf8'));
const REPORT_TYPE = parseType('CheckReport');

/** @type {Awaited<ReturnType<typeof startFixtures>>} */
let fx;
/** @type {import('@playwright/test').Browser} */
let browser;
/** @type {import('@playwright/test').Page} */
let page;
let problems = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  fx = await startFixtures({
    latencyMs: LATENCY_MS,
    // Broken DoH answers, one kind per domain (the `_mta-sts` TXT lookup of each).
    scenarios: Object.fromEntries(
      ['tc', 'truncated', 'wrong-counts', 'garbage', 'empty', 'id-mismatch', 'question-mismatch', 'content-type'].map((m) => [
        `m-${m}`,
        { responses: [{ request: 'TXT _mta-sts.{domain}', txt: ['v=STSv1; id=1'], malformed: m }] },
      ]),
    ),
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...fx.chromiumArgs] });
  // No service worker: this tests the package, not the app's offline cache.
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
  page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // A failed fetch is logged by Chromium as a console error; only CSP and script errors count.
    if (msg.type() === 'error' && /Content Security Policy|Uncaught/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  await page.goto('/');
  await page.evaluate(async () => {
    const wasm = await import('/pkg-check/mtasts_wasm_check.js');
    await wasm.default();
    globalThis.mtastsPackage = wasm;
  });
});

test.afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

test.afterEach(() => {
  const seen = problems;
  problems = [];
  expect(seen).toEqual([]);
});

/**
 * Runs checkDomain(input, options) in the page with the fixture resolver; returns the report,
 * the progress events (their reports reduced to statuses) and the time it took.
 */
async function checkInPage(input, options = {}) {
  const since = fx.requests.length;
  const result = await page.evaluate(
    async ({ input, options, dohUrl }) => {
      const events = [];
      const t0 = performance.now();
      try {
        const report = await globalThis.mtastsPackage.checkDomain(input, {
          resolvers: [dohUrl],
          ...options,
          onProgress: (event) => events.push({ ...event, report: undefined, statuses: event.report.checks.map((c) => c.status), reportJson: JSON.stringify(event.report) }),
        });
        return { report, events, ms: performance.now() - t0 };
      } catch (err) {
        return { error: `${err.name}: ${err.message}`, isError: err instanceof Error };
      }
    },
    { input, options, dohUrl: fx.dohUrl },
  );
  result.requests = fx.requests.slice(since);
  return result;
}

/** The scenario's expectations: every listed check's status and exact multiset of codes. */
function expectScenario(report, expected) {
  const actual = Object.fromEntries(
    report.checks.filter((c) => c.id in expected).map((c) => [c.id, { status: c.status, codes: c.diagnostics.map((d) => d.code).sort() }]),
  );
  const want = Object.fromEntries(Object.entries(expected).map(([id, e]) => [id, { status: e.status, codes: [...(e.codes ?? [])].sort() }]));
  expect(actual).toEqual(want);
}

/** The report is exactly a `CheckReport` as declared in mtasts_wasm.d.ts; each check has a command. */
function expectWellFormed(report) {
  expect(checkType(DTS, report, REPORT_TYPE, 'report')).toEqual([]);
  expect(report.checks.map((c) => c.id)).toEqual([
    'sts-record', 'tlsrpt-record', 'mx', 'policy-host', 'policy-fetch', 'policy-syntax', 'mx-coverage', 'consistency',
  ]);
  for (const c of report.checks) expect(c.reproduce, c.id).toMatch(/^(dig|curl) /);
}

/** Every request of the check's first round was at the server before any was answered. */
function expectOverlap(requests, { keys }) {
  const first = new Map();
  for (const r of requests) if (!first.has(r.key)) first.set(r.key, r);
  expect([...first.keys()].sort()).toEqual([...keys].sort());
  const round = [...first.values()];
  const lastStart = Math.max(...round.map((r) => r.start));
  const firstEnd = Math.min(...round.map((r) => r.end ?? Infinity));
  expect(lastStart, `all ${round.length} requests in flight together`).toBeLessThan(firstEnd);
}

/** The request keys (as the fixtures log them) of a check of `domain`. */
function keysOf(domain, { fetch = true } = {}) {
  const keys = [`TXT _mta-sts.${domain}`, `TXT _smtp._tls.${domain}`, `MX ${domain}`, `A mta-sts.${domain}`, `AAAA mta-sts.${domain}`];
  return fetch ? [...keys, `FETCH https://mta-sts.${domain}/.well-known/mta-sts.txt`] : keys;
}

/** The engine's policy hash (FNV-1a, 64 bits, of the UTF-8 bytes), as `report.previous.policyHash`. */
function policyHash(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

/** A scenario file's own field, rewritten into the fixture domain as the fixtures do. */
function scenarioField(slug, field) {
  const s = fx.scenario(slug);
  const raw = JSON.parse(readFileSync(new URL(`../scenarios/${s.file}`, import.meta.url), 'utf8'));
  return raw[field].replaceAll('{domain}', s.domain).replaceAll('example.com', s.domain);
}

// Scenario slug -> what differs in the browser (options, expected request keys).
const SCENARIOS = [
  ['s01', 'good enforce'],
  ['s04', 'missing TXT (NXDOMAIN)'],
  ['s06', 'two STSv1 TXT records'],
  ['s10', 'redirect 301 (opaque to the page: still a redirect)'],
  ['s47', 'redirect 302 seen as opaqueredirect'],
  ['s12', '404'],
  ['s14', 'wrong content type'],
  ['s17', '70 KiB body (read stops at 64 KiB + 1)'],
  ['s23', 'MX not covered in enforce'],
  ['s28', 'null MX'],
  ['s30', 'IDN domain'],
  ['s33', 'TLS-RPT missing'],
  ['s21', 'could not verify: the host sends no CORS header'],
  ['s22', 'could not verify, explained: the policy host does not resolve', { keys: (d) => keysOf(d, { fetch: false }) }],
  ['s35', 'id unchanged although the policy changed (previous check given)', {
    options: (s) => ({ previous: { id: s.previous.id, policyHash: policyHash(s.previous.policy) } }),
  }],
  ['s48', 'policy pasted after a could-not-verify fetch', { options: () => ({ pastedPolicy: scenarioField('s48', 'pasted_policy') }) }],
  ['s19', 'policy fetch times out (per-request timeout)', { options: () => ({ timeoutMs: 1500 }) }],
];

for (const [slug, title, how = {}] of SCENARIOS) {
  test(`${slug}: ${title}`, async () => {
    const s = fx.scenario(slug);
    const { report, events, ms, requests, error } = await checkInPage(s.input, how.options?.(s) ?? {});
    expect(error).toBeUndefined();
    expect(report.domain).toBe(s.domain);
    expectWellFormed(report);
    expectScenario(report, s.expect);
    if (s.mxHosts) expect(report.mxHosts).toEqual(s.mxHosts);
    expectOverlap(requests, { keys: how.keys?.(s.domain) ?? keysOf(s.domain) });

    // One progress event per request, as each completes, with the report so far.
    expect(events.map((e) => e.requestId).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(events.map((e) => `${e.kind} ${e.name}`).sort()).toEqual(
      [...keysOf(s.domain).slice(0, 5), `FETCH ${s.policyUrl}`].sort(),
    );
    for (const e of events) {
      expect(['done', 'failed']).toContain(e.status);
      expect(e.elapsedMs).toBeGreaterThan(0);
      expect(e.elapsedMs).toBeLessThanOrEqual(ms + 1);
      expect(checkType(DTS, JSON.parse(e.reportJson), REPORT_TYPE, 'progress.report')).toEqual([]);
    }
    expect(events.at(-1).statuses).toEqual(report.checks.map((c) => c.status));
  });
}

test('s01 with the policy host not sending CORS: could not verify, never a pass or a fail', async () => {
  const s = fx.scenario('s01');
  fx.set({ cors: false });
  try {
    const { report, requests } = await checkInPage(s.input);
    expectWellFormed(report);
    expectScenario(report, {
      ...s.expect,
      'policy-fetch': { status: 'could-not-verify', codes: ['fetch/could-not-verify'] },
      'policy-syntax': { status: 'skipped', codes: [] },
      'mx-coverage': { status: 'skipped', codes: [] },
      'consistency': { status: 'could-not-verify', codes: [] },
    });
    const fetch = report.checks.find((c) => c.id === 'policy-fetch');
    expect(fetch.diagnostics[0].message).toContain('does not let this page read the policy');
    expect(fetch.reproduce).toBe(`curl -sv ${s.policyUrl}`);
    expect(report.policy).toBeNull();
    expect(report.overall).toBe('could-not-verify');
    // The CORS fetch, then the no-cors probe that told "the host answers" apart.
    expect(requests.filter((r) => r.server === 'policy').map((r) => r.key)).toEqual([`FETCH ${s.policyUrl}`, `FETCH ${s.policyUrl}`]);
  } finally {
    fx.set({ cors: true });
  }
});

test('a report round-trips: its `previous` passed back gives no id finding when nothing changed', async () => {
  const s = fx.scenario('s01');
  const first = await checkInPage(s.input);
  expect(first.report.previous).toEqual({ id: '20240101', policyHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
  const again = await checkInPage(s.input, { previous: first.report.previous });
  expectScenario(again.report, s.expect);
  // The same id with another policy: the engine says the id was not bumped.
  const changed = await checkInPage(s.input, { previous: { ...first.report.previous, policyHash: '0123456789abcdef' } });
  expect(changed.report.checks.find((c) => c.id === 'consistency').diagnostics.map((d) => d.code)).toEqual(['check/id-unchanged']);
});

test('malformed or truncated DoH answers become failed lookups, never answers', async () => {
  for (const m of ['tc', 'truncated', 'wrong-counts', 'garbage', 'empty', 'id-mismatch', 'question-mismatch', 'content-type']) {
    const s = fx.scenario(`m-${m}`);
    const { report, events } = await checkInPage(s.input);
    expectWellFormed(report);
    const sts = report.checks.find((c) => c.id === 'sts-record');
    expect([m, sts.status, sts.diagnostics.map((d) => d.code)]).toEqual([m, 'could-not-verify', ['dns/lookup-failed']]);
    expect(report.sts).toBeNull();
    expect(events.find((e) => e.kind === 'TXT' && e.name.startsWith('_mta-sts.')).status).toBe('failed');
    // The rest of the check is unaffected.
    expect(report.checks.find((c) => c.id === 'policy-fetch').status).toBe('pass');
  }
});

/** A port of 127.0.0.1 that nothing listens on (it was free a moment ago). */
function deadPort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

test('a resolver that fails is skipped for the next one', async () => {
  const s = fx.scenario('s01');
  const dead = `https://127.0.0.1:${await deadPort()}/dns-query`;
  const { report } = await checkInPage(s.input, { resolvers: [dead, fx.dohUrl] });
  expectScenario(report, s.expect);
  const none = await checkInPage(s.input, { resolvers: [dead] });
  const sts = none.report.checks.find((c) => c.id === 'sts-record');
  expect(sts.status).toBe('could-not-verify');
  expect(sts.diagnostics[0].message).toContain(dead);
  expect(none.report.checks.find((c) => c.id === 'policy-host').status).toBe('could-not-verify');
});

test('invalid input and options reject with an Error', async () => {
  for (const [input, options, message] of [
    ['not a domain', {}, 'contains spaces'],
    ['192.0.2.1', {}, 'IP address'],
    ['example.test', { resolvers: [] }, 'options.resolvers'],
    ['example.test', { timeoutMs: 0 }, 'options.timeoutMs'],
    ['example.test', { timeout: 5 }, 'unknown option `timeout`'],
    ['example.test', { previous: { id: 'x', policyHash: 'xyz' } }, 'policyHash'],
  ]) {
    const { error, isError } = await checkInPage(input, options);
    expect(isError, input).toBe(true);
    expect(error).toContain(message);
  }
});
