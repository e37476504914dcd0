// Headless Chromium reaches the local fixtures (tests/fixtures/) from the app's own page, under
// the production CSP, as it would reach a real policy host and a public DoH resolver: the
// --host-resolver-rules and --ignore-certificate-errors-spki-list flags that startFixtures()
// returns, no code path that exists only for tests. The browser is launched here, with those
// flags, so the other specs keep the configuration's browser.
import { chromium, expect, test } from '@playwright/test';
import dnsPacket from 'dns-packet';

import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { startFixtures } from '../fixtures/index.mjs';

const POLICY = '/.well-known/mta-sts.txt';

/** @type {Awaited<ReturnType<typeof startFixtures>>} */
let fx;
/** @type {import('@playwright/test').Browser} */
let browser;
/** @type {import('@playwright/test').Page} */
let page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  fx = await startFixtures({ cors: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...fx.chromiumArgs],
  });
  page = await browser.newPage({ baseURL });
  await page.goto('/');
});

test.afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

/** fetch() in the page; resolves with what the page could see, or the error it got. */
function pageFetch(url, init = {}) {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const res = await fetch(url, { cache: 'no-store', ...init });
        let body = null;
        try {
          body = res.type === 'opaque' || res.type === 'opaqueredirect' ? null : await res.text();
        } catch (err) {
          body = `unreadable: ${err}`;
        }
        return {
          ok: true,
          type: res.type,
          status: res.status,
          contentType: res.headers.get('content-type'),
          body,
        };
      } catch (err) {
        return { ok: false, error: `${err.name}: ${err.message}` };
      }
    },
    { url, init },
  );
}

test('the page fetches a policy from the HTTPS policy host (CORS mode) and reads it', async () => {
  const s01 = fx.scenario('s01');
  expect(s01.policyUrl).toBe(`https://mta-sts.s01.example.test${POLICY}`);
  fx.clearRequests();
  const res = await pageFetch(s01.policyUrl, { redirect: 'manual' });
  expect(res).toEqual({
    ok: true,
    type: 'cors',
    status: 200,
    contentType: 'text/plain; charset=utf-8',
    body: 'version: STSv1\nmode: enforce\nmx: mx1.s01.example.test\nmx: mx2.s01.example.test\nmax_age: 604800\n',
  });
  expect(fx.requests.map((r) => [r.server, r.key, r.outcome])).toEqual([
    ['policy', `FETCH ${s01.policyUrl}`, 'answered'],
  ]);
});

test('the page queries the DoH server (RFC 8484 GET over HTTPS) and gets wire format back', async () => {
  const wire = dnsPacket.encode({
    type: 'query',
    id: 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA,
    questions: [{ name: '_mta-sts.s31.example.test', type: 'TXT', class: 'IN' }],
  });
  const url = `${fx.dohUrl}?dns=${wire.toString('base64url')}`;
  const res = await page.evaluate(async (url) => {
    const r = await fetch(url, { headers: { accept: 'application/dns-message' } });
    return {
      status: r.status,
      contentType: r.headers.get('content-type'),
      bytes: [...new Uint8Array(await r.arrayBuffer())],
    };
  }, url);
  expect(res.status).toBe(200);
  expect(res.contentType).toBe('application/dns-message');
  const answer = dnsPacket.decode(Buffer.from(res.bytes));
  expect(answer.rcode).toBe('NOERROR');
  expect(answer.flag_ad).toBe(true);
  expect(answer.answers.map((a) => a.data.map(String))).toEqual([['v=STSv1; id=1']]);
});

test('the browser sends parallel DoH queries over one HTTP/2 connection', async () => {
  fx.clearRequests();
  fx.set({ latencyMs: 100 });
  try {
    const names = [
      ['_mta-sts.s01.example.test', 'TXT'],
      ['_smtp._tls.s01.example.test', 'TXT'],
      ['s01.example.test', 'MX'],
      ['mta-sts.s01.example.test', 'A'],
      ['mta-sts.s01.example.test', 'AAAA'],
      ['mta-sts.s44.example.test', 'A'],
      ['_mta-sts.s02.example.test', 'TXT'],
      ['_mta-sts.s03.example.test', 'TXT'],
    ];
    const urls = names.map(
      ([name, type]) =>
        `${fx.dohUrl}?dns=${dnsPacket.encode({ type: 'query', id: 0, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type }] }).toString('base64url')}`,
    );
    const { ms, statuses } = await page.evaluate(async (urls) => {
      const t0 = performance.now();
      const rs = await Promise.all(urls.map((u) => fetch(u, { headers: { accept: 'application/dns-message' } })));
      return { ms: performance.now() - t0, statuses: rs.map((r) => r.status) };
    }, urls);
    expect(statuses).toEqual(urls.map(() => 200));
    // Eight 100 ms answers in one round: over HTTP/1.1 the 6-connection limit would need two.
    expect(ms).toBeLessThan(190);
    const seen = fx.requests.filter((r) => r.server === 'doh');
    expect(seen.map((r) => [r.scheme, r.http, r.outcome])).toEqual(urls.map(() => ['https', '2.0', 'answered']));
    // All eight were in the server before the first answer left.
    expect(Math.max(...seen.map((r) => r.start))).toBeLessThan(Math.min(...seen.map((r) => r.end)));
  } finally {
    fx.set({ latencyMs: 0 });
  }
});

test('without CORS the fetch fails opaquely, while a no-cors probe still sees the host answer', async () => {
  const s21 = fx.scenario('s21'); // fail: could-not-verify → served without Access-Control-Allow-Origin
  const cors = await pageFetch(s21.policyUrl, { redirect: 'manual' });
  expect(cors).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
  const probe = await pageFetch(s21.policyUrl, { mode: 'no-cors' });
  expect(probe).toMatchObject({ ok: true, type: 'opaque', status: 0 });

  fx.set({ cors: false });
  try {
    const off = await pageFetch(fx.scenario('s01').policyUrl);
    expect(off).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
  } finally {
    fx.set({ cors: true });
  }
});

test('a policy host without an address, a dropped connection and a redirect look like the real ones', async () => {
  fx.clearRequests();
  // s22: A and AAAA are NXDOMAIN, so Chromium is told the name does not resolve.
  const unresolved = await pageFetch(fx.scenario('s22').policyUrl, { mode: 'no-cors' });
  expect(unresolved).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
  expect(fx.requests.filter((r) => r.key.includes('s22'))).toEqual([]);
  // s20: network failure — even the no-cors probe fails.
  const dropped = await pageFetch(fx.scenario('s20').policyUrl, { mode: 'no-cors' });
  expect(dropped).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
  // s10: 301, not followed with redirect: "manual".
  const redirect = await pageFetch(fx.scenario('s10').policyUrl, { redirect: 'manual' });
  expect(redirect).toMatchObject({ ok: true, type: 'opaqueredirect', status: 0 });
  // Nothing outside the test zone resolves: a public resolver is unreachable, fast.
  const outside = await pageFetch('https://cloudflare-dns.com/dns-query?dns=AAAAAAABAAAAAAAAAAA');
  expect(outside).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
});
