// checkDomain's `proxy` option in headless Chromium (docs/PROXY.md): the policy host sends no
// CORS header, which alone leaves the browser at could-not-verify; through the fixture proxy
// (tests/fixtures/proxy.mjs) the page sees what a sender sees. So every scenario whose policy
// answer is a real server's (not a browser-only "could not see") must give exactly the report
// the scenario file expects, and a proxy that fails must never turn into a pass or a fail of
// the domain.
import { readdirSync, readFileSync } from 'node:fs';
import { chromium, expect, test } from '@playwright/test';

import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { ensureCerts } from '../fixtures/certs.mjs';
import { startFixtures } from '../fixtures/index.mjs';
import { createPolicyProxy } from '../fixtures/proxy.mjs';

const SCENARIO_DIR = new URL('../scenarios/', import.meta.url);
/** Every request's limit in the page: a hanging answer ends quickly. */
const TIMEOUT_MS = 1500;

/** @type {Awaited<ReturnType<typeof startFixtures>>} */
let fx;
let proxy;
let proxyUrl;
const proxyLog = [];
/** @type {import('@playwright/test').Browser} */
let browser;
/** @type {import('@playwright/test').Page} */
let page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  fx = await startFixtures({ cors: false });
  const certs = ensureCerts();
  const unresolvable = new Set(fx.hostResolverRules.match(/MAP (mta-sts\.\S+) ~NOTFOUND/g)?.map((m) => m.split(' ')[1]) ?? []);
  proxy = createPolicyProxy({ tls: { key: certs.key, cert: certs.cert }, ca: fx.ca, policyPort: fx.policyPort, unresolvable, timeoutMs: 5000, log: proxyLog });
  proxyUrl = `https://127.0.0.1:${await proxy.listen(0)}/fetch`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...fx.chromiumArgs] });
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
  page = await context.newPage();
  await page.goto('/');
  await page.evaluate(async () => {
    const wasm = await import('/pkg-check/mtasts_wasm_check.js');
    await wasm.default();
    globalThis.mtastsPackage = wasm;
  });
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

/** The engine's policy hash (FNV-1a 64 of the UTF-8 bytes), as `report.previous.policyHash`. */
function policyHash(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

/**
 * Scenarios whose policy answer a server really gives: not the browser-only views
 * (`could-not-verify:…`, `opaque_redirect`), nor a rejected input or a pasted policy.
 */
const SERVED = readdirSync(SCENARIO_DIR)
  .filter((f) => /^\d+-.*\.json$/.test(f))
  .filter((f) => {
    const raw = JSON.parse(readFileSync(new URL(f, SCENARIO_DIR), 'utf8'));
    const fetch = (raw.responses ?? []).find((r) => r.request.startsWith('FETCH '));
    const browserOnly = fetch && (String(fetch.fail ?? '').startsWith('could-not-verify') || fetch.opaque_redirect);
    return !browserOnly && !raw.input_error && raw.pasted_policy === undefined;
  });

test('the served scenarios are most of the corpus', () => {
  expect(SERVED.length).toBeGreaterThanOrEqual(40);
});

for (const file of SERVED) {
  test(`through the proxy: ${file}`, async () => {
    const s = fx.scenario(file);
    const options = { proxy: proxyUrl };
    if (s.previous) options.previous = { id: s.previous.id ?? null, policyHash: policyHash(s.previous.policy ?? '') };
    const before = proxyLog.length;
    const { report, error } = await checkInPage(s.input, options);
    expect(error).toBeUndefined();
    expect(summary(report, s.expect)).toEqual(wanted(s.expect));
    if (s.mxHosts) expect(report.mxHosts).toEqual(s.mxHosts);
    expect(report.proxy).toBe(proxyUrl);
    // The page asked the proxy once, for exactly this domain's policy URL.
    expect(proxyLog.slice(before).map((r) => r.target)).toEqual([s.policyUrl]);
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
    [proxyUrl.replace('/fetch', '/elsewhere'), 'HTTP 400'],
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

test('an invalid proxy option is rejected with a clear error', async () => {
  for (const proxyOption of ['ftp://proxy.example/', 'proxy.example', 42]) {
    const { error } = await checkInPage('s01.example.test', { proxy: proxyOption });
    expect(error).toMatch(/^Error: options\.proxy: /);
  }
});
