// checkDomain's `proxy` option in headless Chromium (docs/PROXY.md): the policy host sends no
// CORS header, which alone leaves the browser at could-not-verify; through the fixture proxy
// (tests/fixtures/proxy.mjs) the page sees what a sender sees. So every scenario whose policy
// answer is a real server's (not a browser-only "could not see") must give exactly the report
// the scenario file expects, and a proxy that fails must never turn into a pass or a fail of
// the domain.
import { chromium, expect, test } from '@playwright/test';

import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { startFixtures } from '../fixtures/index.mjs';
import { startPolicyProxy } from '../fixtures/proxy.mjs';
import { loadZone } from '../fixtures/scenarios.mjs';
import { loadCheckPackage, previousOption } from './check-helpers.mjs';

/** Every request's limit in the page: a hanging answer ends quickly. */
const TIMEOUT_MS = 1500;
/** The proxy's own limit upstream: shorter than the page's, so that a hanging host is the proxy's
 * timeout (a sender's, `fetch/timeout`), not the page's own deadline (could-not-verify). */
const PROXY_TIMEOUT_MS = 700;

/** @type {Awaited<ReturnType<typeof startFixtures>>} */
let fx;
/** @type {Awaited<ReturnType<typeof startPolicyProxy>>} */
let proxy;
/** @type {import('@playwright/test').Browser} */
let browser;
/** @type {import('@playwright/test').Page} */
let page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  fx = await startFixtures({ cors: false });
  proxy = await startPolicyProxy(fx, { timeoutMs: PROXY_TIMEOUT_MS });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...fx.chromiumArgs] });
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
  page = await context.newPage();
  await loadCheckPackage(page);
});

test.afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await fx?.close();
});

async function checkInPage(input, options) {
  return page.evaluate(
    async ({ input, options }) => {
      try {
        return { report: await globalThis.mtastsPackage.checkDomain(input, options) };
      } catch (err) {
        return { error: `${err.name}: ${err.message}` };
      }
    },
    { input, options: { resolvers: [fx.dohUrl], timeoutMs: TIMEOUT_MS, ...options } },
  );
}

/** check id -> { status, sorted codes } for the checks `expected` lists. */
function summary(report, expected) {
  return Object.fromEntries(
    report.checks.filter((c) => c.id in expected).map((c) => [c.id, { status: c.status, codes: c.diagnostics.map((d) => d.code).sort() }]),
  );
}

function wanted(expected) {
  return Object.fromEntries(Object.entries(expected).map(([id, e]) => [id, { status: e.status, codes: [...(e.codes ?? [])].sort() }]));
}

/**
 * Scenarios whose policy answer a server really gives: not the browser-only views
 * (`could-not-verify:…`, `opaque_redirect`), nor the checker's own deadline (`deadline`: through
 * the proxy the hanging host is the proxy's timeout, a sender's), nor a rejected input or a
 * pasted policy, nor the TLS scenarios (their answers are scripted certificates; the proxy makes
 * no TLS probes).
 */
const SERVED = [...loadZone().scenarios.values()]
  .filter((s) => {
    const fetch = s.responses.find((r) => r.request.startsWith('FETCH '));
    const browserOnly =
      fetch && (String(fetch.fail ?? '').startsWith('could-not-verify') || fetch.fail === 'deadline' || fetch.opaque_redirect);
    return !browserOnly && s.inputError === null && s.pastedPolicy === null && !s.tlsProbes;
  })
  .map((s) => s.file);

test('the served scenarios are most of the corpus', () => {
  expect(SERVED.length).toBeGreaterThanOrEqual(40);
});

for (const file of SERVED) {
  test(`through the proxy: ${file}`, async () => {
    const s = fx.scenario(file);
    const options = { proxy: proxy.url };
    if (s.previous) options.previous = previousOption(s.previous);
    const before = proxy.log.length;
    const { report, error } = await checkInPage(s.input, options);
    expect(error).toBeUndefined();
    expect(summary(report, s.expect)).toEqual(wanted(s.expect));
    if (s.mxHosts) expect(report.mxHosts).toEqual(s.mxHosts);
    expect(report.proxy).toBe(proxy.url);
    // The page asked the proxy once, for exactly this domain's policy URL.
    expect(proxy.log.slice(before).map((r) => r.target)).toEqual([s.policyUrl]);
    // The reproduce command names the real URL, not the proxy.
    expect(report.checks.find((c) => c.id === 'policy-fetch').reproduce).toBe(`curl -sv ${s.policyUrl}`);
  });
}

test('without the proxy the same host is could-not-verify (no CORS), and report.proxy is null', async () => {
  const s = fx.scenario('s01');
  const { report } = await checkInPage(s.input, {});
  expect(report.proxy).toBeNull();
  expect(summary(report, { 'policy-fetch': {} })).toEqual({ 'policy-fetch': { status: 'could-not-verify', codes: ['fetch/could-not-verify'] } });
});

test('a proxy that cannot be reached or refuses proves nothing: could-not-verify, never pass or fail', async () => {
  const s = fx.scenario('s01');
  for (const [url, phrase] of [
    ['https://127.0.0.1:9/fetch', 'could not be reached'],
    [proxy.url.replace('/fetch', '/elsewhere'), 'HTTP 400'],
  ]) {
    const { report } = await checkInPage(s.input, { proxy: url });
    const fetch = report.checks.find((c) => c.id === 'policy-fetch');
    expect(fetch.status, url).toBe('could-not-verify');
    expect(fetch.diagnostics.map((d) => d.code)).toEqual(['fetch/could-not-verify']);
    expect(fetch.diagnostics[0].message).toContain(phrase);
    expect(report.checks.find((c) => c.id === 'policy-syntax').status).toBe('skipped');
    expect(report.proxy).toBe(url);
  }
});

test('a proxy that gives up upstream (504) is a timeout, as a sender would see it', async () => {
  const s = fx.scenario('s19');
  const impatient = await startPolicyProxy(fx, { timeoutMs: 300 });
  try {
    const { report } = await checkInPage(s.input, { proxy: impatient.url, timeoutMs: 5000 });
    expect(summary(report, { 'policy-fetch': {} })).toEqual({ 'policy-fetch': { status: 'fail', codes: ['fetch/timeout'] } });
    expect(impatient.log.map((r) => r.status)).toEqual([504]);
  } finally {
    await impatient.close();
  }
});

test('a proxy slower than the page\'s own deadline proves nothing: could-not-verify, not fetch/timeout', async () => {
  const s = fx.scenario('s19');
  const patient = await startPolicyProxy(fx, { timeoutMs: 5000 });
  try {
    const { report } = await checkInPage(s.input, { proxy: patient.url, timeoutMs: 500 });
    expect(summary(report, { 'policy-fetch': {}, 'consistency': {} })).toEqual({
      'policy-fetch': { status: 'could-not-verify', codes: ['fetch/could-not-verify'] },
      'consistency': { status: 'could-not-verify', codes: [] },
    });
    expect(report.checks.find((c) => c.id === 'policy-fetch').diagnostics[0].message).toContain('its own time limit');
  } finally {
    await patient.close();
  }
});

test('an invalid proxy option is rejected with a clear error', async () => {
  for (const proxyOption of ['ftp://proxy.example/', 'proxy.example', 42]) {
    const { error } = await checkInPage('s01.example.test', { proxy: proxyOption });
    expect(error).toMatch(/^Error: options\.proxy: /);
  }
});
