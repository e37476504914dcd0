// checkDomain in headless Chromium against the local fixtures (tests/fixtures/): the built
// package's own DNS-over-HTTPS and fetch() code, from the app page under the production CSP,
// reaching the fixture DoH server and policy host through the flags startFixtures() returns — the
// same way it reaches a public resolver and a real policy host.
//
// EVERY scenario of tests/scenarios/ runs here, one test each, driven by the scenario file alone
// (a new file is a new test): its options come from its own fields (`previous`, `pasted_policy`,
// a `fail: timeout` response -> a short `timeoutMs`), an `input_error` scenario must reject, and
// the report must have each check's status and codes as `expect` says, with `browser_expect`
// merged over it where a browser legitimately sees less (tests/scenarios/README.md). Each report
// must also match the declared `CheckReport` type, have a reproduce command per check, keep the
// honesty rule (what the browser did not see is never a pass or a fail: the final report and
// every progress report), and every request of the check must have been in flight at the same
// time (the fixtures' request log). Then: CORS off, a report's round trip, malformed DoH answers,
// resolver fallback, invalid options, and adversarial policy hosts (a body that never ends, slow
// drips).
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { chromium, expect, test } from '@playwright/test';

import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { startFixtures } from '../fixtures/index.mjs';
import { loadZone } from '../fixtures/scenarios.mjs';
import { check as checkType, parseDeclarations, parseType } from '../js/dts.mjs';
import { loadCheckPackage, previousOption } from './check-helpers.mjs';

/** Every fixture answer waits this long, so that overlapping requests show in the log: far more
 * than the 5-25 ms the requests of one check take to reach the servers (up to ~200 ms on a busy
 * 2-core machine), far less than the time six requests one after the other would take. */
const LATENCY_MS = 300;

/** `timeoutMs` of a scenario where something never answers (a `fail: timeout` response), and of
 * the slow drips: several times LATENCY_MS, so that only what hangs reaches it. */
const SHORT_TIMEOUT_MS = 1500;
/** checkDomain's default `timeoutMs` (check.d.ts). */
const DEFAULT_TIMEOUT_MS = 5000;

/** Every scenario file, known when the tests are declared (the fixtures load the same files). */
const SCENARIO_FILES = [...loadZone().scenarios.values()].map(({ slug, name }) => ({ slug, name }));

const POLICY_FETCH = 'FETCH https://mta-sts.{domain}/.well-known/mta-sts.txt';
const GOOD_POLICY = 'version: STSv1\nmode: enforce\nmx: mx1.{domain}\nmx: mx2.{domain}\nmax_age: 604800\n';
/** Policy hosts that misbehave over time (tests/fixtures/README.md: `endless`, `drip_ms`). */
const ADVERSARIAL = {
  // A 200 text/plain whose body never ends: the driver must stop at 64 KiB + 1 and hang up.
  'a-endless': { responses: [{ request: POLICY_FETCH, status: 200, content_type: 'text/plain', body: 'version: STSv1\n', endless: true }] },
  // One byte every 50 ms, forever: only the per-request deadline ends it.
  'a-drip-forever': { responses: [{ request: POLICY_FETCH, status: 200, content_type: 'text/plain', drip_ms: 50, endless: true }] },
  // The good policy one byte every 40 ms (~4 s): slower than the deadline.
  'a-drip-too-slow': { responses: [{ request: POLICY_FETCH, status: 200, content_type: 'text/plain', body: GOOD_POLICY, drip_ms: 40 }] },
  // The good policy one byte every 8 ms (~1 s): slow, but well within the deadline.
  'a-drip-in-time': { responses: [{ request: POLICY_FETCH, status: 200, content_type: 'text/plain', body: GOOD_POLICY, drip_ms: 8 }] },
};

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
    scenarios: {
      ...Object.fromEntries(
        ['tc', 'truncated', 'wrong-counts', 'garbage', 'empty', 'id-mismatch', 'question-mismatch', 'content-type'].map((m) => [
          `m-${m}`,
          { responses: [{ request: 'TXT _mta-sts.{domain}', txt: ['v=STSv1; id=1'], malformed: m }] },
        ]),
      ),
      ...ADVERSARIAL,
    },
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
  await loadCheckPackage(page);
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
    'sts-record', 'tlsrpt-record', 'mx', 'policy-host', 'policy-host-tls', 'policy-fetch', 'policy-syntax', 'mx-coverage', 'mx-tls', 'consistency',
  ]);
  for (const c of report.checks) expect(c.reproduce, c.id).toMatch(/^(dig|curl|openssl) /);
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

const UNJUDGED = ['could-not-verify', 'skipped'];

/** The checks that need TLS probes, which a browser cannot make: in every browser report they are
 * skipped with a note that `mtasts check` (or `mtasts serve`) sees certificates, whatever the
 * scenario's native `expect` (a `tls_probes` scenario judges them). */
const TLS_CHECKS = ['policy-host-tls', 'mx-tls'];
const browserTls = () => Object.fromEntries(TLS_CHECKS.map((id) => [id, { status: 'skipped', codes: ['tls/not-probed'] }]));

/**
 * The honesty rule (fuzz/fuzz_targets/check_engine.rs states it for the engine): a check whose
 * answer the browser did not see is `could-not-verify` or `skipped`, never a pass or a fail.
 * `events` are the progress events that came before `report` (for the final report: all of them);
 * a request with no event yet, or whose event is `failed`, was not seen — a fetch the page's own
 * deadline ended included (a browser is not a sender: `fetch/timeout` never comes from it). One
 * exception, from what WAS seen: a failed fetch that DNS explains (`mta-sts.D` has no address). A pasted policy
 * (`options.pastedPolicy`) is text the user gave: it may be linted and judged, marked as pasted.
 */
function expectHonest(report, events, { label }) {
  const seen = (match) => events.some((e) => e.status === 'done' && match(e));
  const check = (id) => report.checks.find((c) => c.id === id);
  const codes = (id) => check(id).diagnostics.map((d) => d.code);
  const unjudged = (id, why) => expect(UNJUDGED, `${label}: ${id} judged ${check(id).status} although ${why}`).toContain(check(id).status);

  const sts = seen((e) => e.kind === 'TXT' && e.name.startsWith('_mta-sts.'));
  const tlsrpt = seen((e) => e.kind === 'TXT' && e.name.startsWith('_smtp._tls.'));
  const mx = seen((e) => e.kind === 'MX');
  const host = seen((e) => e.kind === 'A') || seen((e) => e.kind === 'AAAA');
  const fetchEvent = events.find((e) => e.kind === 'FETCH');
  const fetched = fetchEvent?.status === 'done';
  const pasted = report.policy?.source === 'pasted';
  // Pasted `curl -sv`/`-i` output shows the fetch itself: judged from it, marked as such.
  const pastedFetch = codes('policy-fetch').includes('check/pasted-response');

  if (!sts) unjudged('sts-record', 'the `_mta-sts` TXT lookup gave no answer');
  if (!tlsrpt) unjudged('tlsrpt-record', 'the `_smtp._tls` TXT lookup gave no answer');
  if (!mx) unjudged('mx', 'the MX lookup gave no answer');
  if (!host) unjudged('policy-host', 'neither the A nor the AAAA lookup gave an answer');

  // The fetch: seen, explained by DNS, or unseen (the page's own deadline is no sender's timeout).
  expect(codes('policy-fetch'), `${label}: the page's own deadline taken for the domain's`).not.toContain('fetch/timeout');
  const explained =
    fetchEvent?.status === 'failed' && check('policy-host').status === 'fail' && codes('policy-host').includes('dns/policy-host-unresolved');
  const opaque = !fetched && !explained && !pastedFetch;
  if (opaque) unjudged('policy-fetch', 'the policy fetch was not seen');
  if (!fetched) {
    expect(pasted || report.policy === null, `${label}: a policy although none was fetched`).toBe(true);
    if (!pasted) {
      unjudged('policy-syntax', 'no policy was fetched or pasted');
      unjudged('mx-coverage', 'no policy was fetched or pasted');
    }
  }
  if (pasted && !pastedFetch) expect(codes('policy-syntax')).toContain('check/pasted-policy');
  if (!mx) unjudged('mx-coverage', 'the MX hosts are unknown');
  for (const id of TLS_CHECKS) unjudged(id, 'a browser makes no TLS probes');
  if (!sts) unjudged('consistency', 'the `_mta-sts` record is unknown');
  if (opaque) unjudged('consistency', 'how the policy is served is unknown');
}

/** The options a scenario's own fields call for: `previous`, `pasted_policy`, a hanging answer. */
function optionsOf(s) {
  const options = {};
  if (s.previous) options.previous = previousOption(s.previous);
  if (s.pastedPolicy !== null) options.pastedPolicy = s.pastedPolicy;
  // A request that never answers ends at the deadline: keep it short (a TLS probe is never made here).
  const hangs = (r) => (r.fail === 'timeout' || r.fail === 'deadline') && !r.request.startsWith('TLS ');
  if (s.responses.some(hangs)) options.timeoutMs = SHORT_TIMEOUT_MS;
  return options;
}

for (const { slug, name } of SCENARIO_FILES) {
  test(`scenario ${slug} ${name}`, async () => {
    const s = fx.scenario(slug);
    test.info().annotations.push({ type: 'scenario', description: `${s.file}: ${s.description}` });
    if (s.browserExpect) test.info().annotations.push({ type: 'browser_expect', description: s.browserReason });
    const options = optionsOf(s);
    const { report, events, ms, requests, error, isError } = await checkInPage(s.input, options);

    if (s.inputError) {
      // Rejected before anything is asked, with the scenario's phrase in the message.
      expect(isError, error).toBe(true);
      expect(error).toContain(s.inputError);
      expect(requests).toEqual([]);
      return;
    }
    expect(error).toBeUndefined();
    expect(report.domain).toBe(s.domain);
    expectWellFormed(report);
    expectScenario(report, { ...s.expect, ...(s.tlsProbes ? browserTls() : {}), ...s.browserExpect });
    if (s.mxHosts) expect(report.mxHosts).toEqual(s.mxHosts);
    if (options.pastedPolicy !== undefined) expect(report.policy?.text).toBe(s.pastedBody ?? options.pastedPolicy);
    // The deployment level and the whole-report cause, as the native runner holds them (a browser_expect
    // scenario may differ in what the browser can see, and so in its level; so may a TLS scenario,
    // whose probes a browser does not make).
    if (s.level && !s.browserExpect && !s.tlsProbes) {
      const level = report.level;
      const actual = { level: level.level, basis: level.basis, tlsrpt: level.tlsrpt, dnssec: level.dnssec, next: level.next.id };
      for (const [key, want] of Object.entries(s.level)) expect(actual[key], `level.${key}`).toEqual(want);
    }
    if (s.cause) expect(report.cause?.code).toBe(s.cause);
    // A policy host with no address is never reached: Chromium fails it like an unresolved name.
    expectOverlap(requests, { keys: keysOf(s.domain, { fetch: s.policyHostResolves }) });

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
    expectAllHonest(report, events);
  });
}

/** The honesty rule in the final report and in every progress report (with what had come so far). */
function expectAllHonest(report, events) {
  events.forEach((e, i) => {
    expectHonest(JSON.parse(e.reportJson), events.slice(0, i + 1), { label: `progress ${i} (${e.kind} ${e.status})` });
  });
  expectHonest(report, events, { label: 'report' });
}

test('s01 with the policy host not sending CORS: could not verify, never a pass or a fail', async () => {
  const s = fx.scenario('s01');
  fx.set({ cors: false });
  try {
    const { report, events, requests } = await checkInPage(s.input);
    expectWellFormed(report);
    expectAllHonest(report, events);
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
    expectAllHonest(report, events);
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
  expectAllHonest(none.report, none.events);
  const sts = none.report.checks.find((c) => c.id === 'sts-record');
  expect(sts.status).toBe('could-not-verify');
  // Nothing could be looked up: one whole-report cause names the failure, not each row.
  expect(none.report.cause?.code).toBe('check/resolvers-unreachable');
  expect(none.report.cause.message).toContain(dead);
  expect(sts.diagnostics).toEqual([]);
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

// Adversarial policy hosts (ADVERSARIAL above): each check ends, in bounded time, with a clear
// diagnostic, and the fixture sees the browser hang up.

/** The stand-in for a well-configured domain's expectations: those of s01 (good-enforce). */
const goodExpect = () => fx.scenario('s01').expect;
/** What every check but the fetch-dependent ones says when the policy cannot be used. */
const unusablePolicy = (code) => ({
  ...goodExpect(),
  'policy-fetch': { status: 'fail', codes: [code] },
  'policy-syntax': { status: 'skipped', codes: [] },
  'mx-coverage': { status: 'skipped', codes: [] },
  'consistency': { status: 'fail', codes: ['check/record-without-policy'] },
});
/** The policy fetch ended by the checker's own deadline: nothing is known about the policy. */
const unseenPolicy = () => ({
  ...goodExpect(),
  'policy-fetch': { status: 'could-not-verify', codes: ['fetch/could-not-verify'] },
  'policy-syntax': { status: 'skipped', codes: [] },
  'mx-coverage': { status: 'skipped', codes: [] },
  'consistency': { status: 'could-not-verify', codes: [] },
});

/** The fixtures' log entry of the check's (one) policy fetch, once the connection has ended. */
async function policyEntry(requests) {
  const fetches = requests.filter((r) => r.server === 'policy');
  expect(fetches).toHaveLength(1);
  await expect.poll(() => fetches[0].outcome !== null && fetches[0].end !== null, { timeout: 5000 }).toBe(true);
  return fetches[0];
}

test('a policy body that never ends: read to 64 KiB + 1, the browser hangs up, fetch/too-large', async () => {
  const s = fx.scenario('a-endless');
  const { report, events, ms, requests, error } = await checkInPage(s.input);
  expect(error).toBeUndefined();
  expectWellFormed(report);
  expectScenario(report, unusablePolicy('fetch/too-large'));
  expectAllHonest(report, events);
  const fetch = report.checks.find((c) => c.id === 'policy-fetch');
  expect(fetch.diagnostics[0].message).toContain(`over ${64 * 1024 + 1} bytes`);
  expect(events.find((e) => e.kind === 'FETCH').status).toBe('done');
  // The cap ended it, long before the deadline would have.
  expect(ms).toBeLessThan(DEFAULT_TIMEOUT_MS / 2);
  const entry = await policyEntry(requests);
  expect(entry).toMatchObject({ outcome: 'aborted', aborted: true, streamed: 'endless', status: 200 });
  expect(entry.bytes).toBeGreaterThan(64 * 1024);
});

test('a policy that drips slower than the deadline: could-not-verify at timeoutMs (our limit, not the domain\'s), the browser hangs up', async () => {
  for (const slug of ['a-drip-forever', 'a-drip-too-slow']) {
    const s = fx.scenario(slug);
    const { report, events, ms, requests, error } = await checkInPage(s.input, { timeoutMs: SHORT_TIMEOUT_MS });
    expect(error, slug).toBeUndefined();
    expectWellFormed(report);
    expectScenario(report, unseenPolicy());
    expect(report.checks.find((c) => c.id === 'policy-fetch').diagnostics[0].message, slug).toContain('its own time limit');
    expectAllHonest(report, events);
    const fetchEvent = events.find((e) => e.kind === 'FETCH');
    expect(fetchEvent.status, slug).toBe('failed');
    expect(fetchEvent.elapsedMs, slug).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 2);
    expect(ms, `${slug}: no hang after the deadline`).toBeLessThan(SHORT_TIMEOUT_MS + 1000);
    const entry = await policyEntry(requests);
    expect(entry, slug).toMatchObject({ outcome: 'aborted', aborted: true, streamed: 'drip', status: 200 });
    // The headers came and the drip had begun: the deadline covers the body, not just the headers.
    expect(entry.bytes, slug).toBeGreaterThan(0);
    if (slug === 'a-drip-too-slow') expect(entry.bytes).toBeLessThan(GOOD_POLICY.replaceAll('{domain}', s.domain).length);
  }
});

test('a policy that drips slowly but within the deadline: read whole, a pass', async () => {
  const s = fx.scenario('a-drip-in-time');
  const { report, events, requests, error } = await checkInPage(s.input);
  expect(error).toBeUndefined();
  expectWellFormed(report);
  expectScenario(report, goodExpect());
  expectAllHonest(report, events);
  const body = GOOD_POLICY.replaceAll('{domain}', s.domain);
  expect(report.policy.text).toBe(body);
  expect(events.find((e) => e.kind === 'FETCH').status).toBe('done');
  const entry = await policyEntry(requests);
  expect(entry).toMatchObject({ outcome: 'answered', streamed: 'drip', status: 200, bytes: body.length });
  expect(entry.aborted).toBeUndefined();
  // It really was slow: one byte every 8 ms after the headers (a timer may fire a millisecond early).
  expect(entry.end - entry.start).toBeGreaterThanOrEqual(LATENCY_MS + body.length * 7);
});
