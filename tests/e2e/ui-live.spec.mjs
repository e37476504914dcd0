// The live domain check end to end through the UI (issue 5 item 10): the app page under its
// production CSP, Chromium pointed at the local fixtures (tests/fixtures/) with their flags, the
// fixture DoH URL typed into "DNS-over-HTTPS resolvers", a scenario domain into "Domain", then
// "Check". Each check row must reach the status the scenario expects and show its `dig` / `curl`
// command; the fetched policy opens in the editor and the MX hosts in the match preview; a policy
// the browser could not read (no CORS) can be pasted and is linted; the result is remembered per
// domain (and used by the next check) until "Forget"; "Export JSON" and "Export Markdown" download
// the report; a "Policy proxy" typed into the options is used for the policy fetch.
//
// Hooks used: li.check[data-check][data-status] (live-check.js), .reproduce code, the Copy
// button's aria-label, ids #live-paste / #live-paste-input / #live-stored / #live-status /
// #mx-hosts / #match-preview (no data-* hook there), .pe-marker (policy editor).
import https from 'node:https';
import { chromium, expect, test } from '@playwright/test';

import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { startFixtures } from '../fixtures/index.mjs';
import { startPolicyProxy } from '../fixtures/proxy.mjs';
import { markers, policyInput, showLazy } from './ui-helpers.mjs';

const LATENCY_MS = 50;
/** A check is ~2 rounds of requests; generous for a busy machine and the lazy wasm import. */
const CHECK_TIMEOUT = 20_000;
const CHECK_IDS = [
  'sts-record', 'tlsrpt-record', 'mx', 'policy-host', 'policy-host-tls', 'policy-fetch', 'policy-syntax', 'mx-coverage', 'mx-tls', 'consistency',
];
const STORE_PREFIX = 'mtasts.previous.';

/** @type {Awaited<ReturnType<typeof startFixtures>>} */
let fx;
/** @type {import('@playwright/test').Browser} */
let browser;
/** @type {import('@playwright/test').BrowserContext} */
let context;
/** @type {import('@playwright/test').Page} */
let page;
let problems = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fx = await startFixtures({ latencyMs: LATENCY_MS });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...fx.chromiumArgs] });
});

test.afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

test.beforeEach(async ({ baseURL }) => {
  // A fresh context per test (empty localStorage); no service worker, so no cached app shell
  // from an earlier build gets in the way.
  context = await browser.newContext({ baseURL, serviceWorkers: 'block', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // A failed fetch (s21's CORS-less policy) is logged by Chromium as a console error; only CSP
    // and script errors count.
    if (msg.type() === 'error' && /Content Security Policy|Uncaught/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  await expect(page.locator('#live')).toHaveAttribute('data-available', 'true');
  // The resolvers field is inside the closed "options" <details>.
  await page.locator('#live-form details.options > summary').click();
  await page.getByLabel('DNS-over-HTTPS resolvers', { exact: true }).fill(fx.dohUrl);
});

test.afterEach(async () => {
  await context?.close();
  const seen = problems;
  problems = [];
  expect(seen).toEqual([]);
});

const row = (id) => page.locator(`#live-checks > li.check[data-check="${id}"]`);

/** Types the domain, presses Check and waits until no row is pending and the banner is final. */
async function check(domain) {
  await page.getByLabel('Domain', { exact: true }).fill(domain);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await waitFinal();
}

async function waitFinal() {
  await expect(page.locator('#live-checks')).not.toHaveAttribute('aria-busy', 'true', { timeout: CHECK_TIMEOUT });
  await expect(page.locator('#live-checks > li.check[data-status="pending"]')).toHaveCount(0);
  await expect(page.locator('#live-status')).not.toHaveAttribute('data-status', 'pending');
}

/** Each row's status, by check id. */
function statuses() {
  return page
    .locator('#live-checks > li.check')
    .evaluateAll((els) => Object.fromEntries(els.map((li) => [li.dataset.check, li.dataset.status])));
}

/** The statuses a scenario expects in the page, by check id; the page makes no TLS probes, so its
 * TLS checks are skipped whatever a `tls_probes` scenario expects natively. */
function expected(slug) {
  const statuses = Object.fromEntries(Object.entries(fx.scenario(slug).expect).map(([id, e]) => [id, e.status]));
  return { ...statuses, 'policy-host-tls': 'skipped', 'mx-tls': 'skipped' };
}

/** The policy body the fixture policy host serves for `slug` (read here in Node, with the test CA). */
function fixtureBody(slug) {
  const url = new URL(fx.scenario(slug).policyUrl);
  return new Promise((resolve, reject) => {
    https
      .get(
        { host: '127.0.0.1', port: fx.policyPort, path: url.pathname, servername: url.hostname, headers: { host: url.hostname }, ca: fx.ca },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (body += d));
          res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`policy host: ${res.statusCode}`))));
        },
      )
      .on('error', reject);
  });
}

const storedEntry = (domain) => page.evaluate((key) => localStorage.getItem(key), STORE_PREFIX + domain);

test('s01 good enforce: every check passes, with commands, the policy in the editor and the MX hosts in the preview', async () => {
  const s = fx.scenario('s01');
  await check(s.input);

  expect(await statuses()).toEqual(expected('s01'));
  await expect(page.locator('#live-status')).toHaveAttribute('data-status', 'pass');
  await expect(page.locator('#live-status')).toContainText(s.domain);

  // Every row: a `dig`, `curl` or `openssl` command and a button to copy it.
  for (const id of CHECK_IDS) {
    await expect(row(id).locator('.reproduce code'), id).toHaveText(/^(dig|curl|openssl) /);
    const title = await row(id).locator('.check-head strong').textContent();
    await expect(row(id).getByRole('button', { name: `Copy the command for ${title}` })).toBeVisible();
  }
  await expect(row('policy-fetch').locator('.reproduce code')).toContainText(s.policyUrl);

  // The fetched policy, as served, in the editor (which held only the example), without
  // problems; the keyboard focus stayed on the Check button.
  await expect(page.getByRole('button', { name: 'Check', exact: true })).toBeFocused();
  const body = await fixtureBody('s01');
  await expect(policyInput(page)).toHaveValue(body);
  await expect(page.locator('#diagnostics > li')).toHaveCount(0);
  expect(await markers(page)).toEqual([]);

  // The real MX hosts in the match preview.
  await expect(page.locator('#mx-hosts')).toHaveValue(s.mxHosts.join(', '));
  for (const host of s.mxHosts) await expect(page.locator('#match-preview')).toContainText(host);

  // No paste box when the policy could be read.
  await expect(page.locator('#live-paste')).toBeHidden();

  // The generator's empty fields get the domain and the MX hosts found (issue 13: hosts taken
  // from a live check), nothing generated until asked; it loads when it comes into view.
  await showLazy(page, 'mta-sts-generator');
  await expect(page.locator('#gen-hosts')).toHaveValue(s.mxHosts.join('\n'));
  await expect(page.locator('#gen-domain')).toHaveValue(s.domain);
});

test('s23 MX not covered in enforce: the mx-coverage row fails', async () => {
  const s = fx.scenario('s23');
  await check(s.input);

  expect(await statuses()).toEqual(expected('s23'));
  await expect(row('mx-coverage')).toHaveAttribute('data-status', 'fail');
  await expect(row('mx-coverage').locator('li[data-code="check/mx-not-covered"]')).toHaveCount(1);
  await expect(page.locator('#live-status')).toHaveAttribute('data-status', 'fail');
  await expect(page.locator('#mx-hosts')).toHaveValue(s.mxHosts.join(', '));
  await expect(page.locator('#match-preview')).toContainText('backup.other.example');
});

test('s21 could not verify (no CORS): a paste box is offered and the pasted policy is linted', async () => {
  const s = fx.scenario('s21');
  await check(s.input);

  expect(await statuses()).toEqual(expected('s21'));
  await expect(row('policy-fetch')).toHaveAttribute('data-status', 'could-not-verify');
  await expect(row('policy-fetch').locator('.reproduce code')).toHaveText(/^curl /);

  const paste = page.locator('#live-paste');
  await expect(paste).toBeVisible();
  // The body as `curl` would show it (the fixture serves the good policy, only without CORS).
  const body = await fixtureBody('s21');
  await page.getByLabel(/^Policy body, or the whole output of/).fill(body);
  await page.getByRole('button', { name: 'Check again with this body' }).click();
  await waitFinal();

  // Linted: the syntax and coverage checks now run on the pasted body.
  await expect(row('policy-syntax')).toHaveAttribute('data-status', 'pass');
  await expect(row('mx-coverage')).toHaveAttribute('data-status', 'pass');
  await expect(policyInput(page)).toHaveValue(body);
  expect(await markers(page)).toEqual([]);

  // A broken pasted body is linted too: its problems show in the policy-syntax row.
  await page.getByLabel(/^Policy body, or the whole output of/).fill(body.replace(/^max_age:.*\n/m, ''));
  await page.getByRole('button', { name: 'Check again with this body' }).click();
  await waitFinal();
  await expect(row('policy-syntax')).toHaveAttribute('data-status', 'fail');
  await expect(row('policy-syntax').locator('ol.diagnostics > li')).not.toHaveCount(0);
});

test('s01 twice: the stored previous result is used by the next check, and Forget clears it', async () => {
  const s = fx.scenario('s01');
  await check(s.input);
  expect(await statuses()).toEqual(expected('s01'));

  // Remembered: the notice with a Forget button, and the entry in localStorage.
  const stored = page.locator('#live-stored');
  await expect(stored).toBeVisible();
  await expect(stored).toContainText(s.domain);
  const entry = JSON.parse(await storedEntry(s.domain));
  expect(entry.previous.id).toBeTruthy();
  expect(entry.previous.policyHash).toMatch(/^[0-9a-f]{16}$/);

  // Make the stored result say the policy was different under the same id: the next check can
  // only know that from the stored result, and must report the id that was not bumped.
  await page.evaluate(
    ({ key, entry }) => localStorage.setItem(key, JSON.stringify({ ...entry, previous: { ...entry.previous, policyHash: '0000000000000000' } })),
    { key: STORE_PREFIX + s.domain, entry },
  );
  await check(s.input);
  await expect(row('consistency')).toHaveAttribute('data-status', 'fail');
  await expect(row('consistency').locator('li[data-code="check/id-unchanged"]')).toHaveCount(1);
  // The new result replaced the stored one.
  expect(JSON.parse(await storedEntry(s.domain)).previous).toEqual(entry.previous);

  // Forget: the notice goes and nothing is stored; a check then has no previous result to use.
  await page.getByRole('button', { name: `Forget ${s.domain}` }).click();
  await expect(stored).toBeHidden();
  expect(await storedEntry(s.domain)).toBeNull();
  await check(s.input);
  await expect(row('consistency')).toHaveAttribute('data-status', 'pass');
});

test('Export JSON downloads the report with the domain and the checks', async () => {
  const s = fx.scenario('s01');
  await check(s.input);
  await expect(page.locator('#live-actions')).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  expect(download.suggestedFilename()).toBe(`mtasts-${s.domain}.json`);
  const stream = await download.createReadStream();
  let text = '';
  for await (const chunk of stream) text += chunk;
  const report = JSON.parse(text);
  expect(report.domain).toBe(s.domain);
  expect(report.checks.map((c) => c.id)).toEqual(CHECK_IDS);
  expect(Object.fromEntries(report.checks.map((c) => [c.id, c.status]))).toEqual(expected('s01'));
  for (const c of report.checks) expect(c.reproduce, c.id).toMatch(/^(dig|curl|openssl) /);
});

test('Copy as Markdown copies the report and says so (it threw before: currentTarget read after an await)', async () => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const s = fx.scenario('s01');
  await check(s.input);
  const button = page.getByRole('button', { name: 'Copy as Markdown' });
  await button.click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  await expect(page.locator('#live-announcer')).toHaveText('Report copied as Markdown.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`# MTA-STS check of \`${s.domain}\``);
  // afterEach: no page error
});

/** The text of the download a click on the button named `name` starts. */
async function downloaded(name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  let text = '';
  for await (const chunk of await download.createReadStream()) text += chunk;
  return { name: download.suggestedFilename(), text };
}

test('Export Markdown: a table of verdicts, then each check with its findings and command', async () => {
  const s = fx.scenario('s23');
  await check(s.input);
  const md = await downloaded('Export Markdown');
  expect(md.name).toBe(`mtasts-${s.domain}.md`);
  const lines = md.text.split('\n');
  expect(lines[0]).toBe(`# MTA-STS check of \`${s.domain}\``);
  const statuses = expected('s23');
  const words = { pass: '✔ pass', warning: '▲ warning', fail: '✖ fail', 'could-not-verify': '? could not verify', skipped: '– skipped' };
  // One table row and one section per check, in the report's order, with the status the
  // scenario expects.
  const rows = lines.filter((l) => /^\| (?!Check |---)/.test(l));
  expect(rows).toHaveLength(CHECK_IDS.length);
  const sections = lines.filter((l) => l.startsWith('## ') && !l.startsWith('## MX hosts'));
  expect(sections.map((l) => l.slice(l.lastIndexOf(': ') + 2))).toEqual(CHECK_IDS.map((id) => words[statuses[id]]));
  // Every finding of the scenario is listed with its code; every check has a fenced command.
  for (const code of Object.values(s.expect).flatMap((e) => e.codes ?? [])) expect(md.text).toContain(`\`${code}\`:`);
  expect(md.text.match(/^```sh$/gm)).toHaveLength(CHECK_IDS.length);
  expect(md.text).toContain(`curl -sv ${s.policyUrl}`);
  expect(md.text).toContain('## MX hosts');
});

test('a policy proxy typed into the options fetches the policy the browser cannot read itself', async () => {
  const s = fx.scenario('s01');
  const proxy = await startPolicyProxy(fx);
  fx.set({ cors: false });
  try {
    await page.getByLabel('Policy proxy', { exact: true }).fill(proxy.url);
    await check(s.input);
    expect(await statuses()).toEqual(expected('s01'));
    expect(proxy.log.map((r) => r.target)).toEqual([s.policyUrl]);
    const md = await downloaded('Export Markdown');
    expect(md.text).toContain(`The policy was fetched through the proxy \`${proxy.url}\`.`);
  } finally {
    fx.set({ cors: true });
    await proxy.close();
  }
});

test('the overall banner is the core\'s verdict: a pass outranks a skip, could-not-verify a warning', async () => {
  for (const [slug, overall] of [
    ['s03', 'pass'],
    ['s24', 'warning'],
    ['s21', 'could-not-verify'],
    ['s23', 'fail'],
  ]) {
    await check(fx.scenario(slug).input);
    const rows = Object.values(await statuses());
    // The rule itself, asked of the same package the page uses.
    const { rule, label } = await page.evaluate(
      async ([rows, overall]) => {
        const wasm = await import('/pkg-check/mtasts_wasm_check.js');
        await wasm.default();
        return { rule: wasm.overallStatus(rows), label: wasm.checkVocabulary().statuses.find((s) => s.status === overall).label };
      },
      [rows, overall],
    );
    expect(rule, slug).toBe(overall);
    await expect(page.locator('#live-status'), slug).toHaveAttribute('data-status', overall);
    await expect(page.locator('#live-status'), slug).toContainText(`${fx.scenario(slug).domain}: ${label.toLowerCase()}`);
  }
  expect(Object.values(await statuses())).toContain('fail');
});

// ---- what the user typed is never overwritten (issue 10 item 6) ----------------------------------

const MINE = 'version: STSv1\nmode: testing\nmx: mx.mine.test\nmax_age: 86400\n';

test('a check never replaces a policy the user typed; "Open in the editor" loads it as one undoable edit', async () => {
  const s = fx.scenario('s01');
  await policyInput(page).fill(MINE);
  await check(s.input);
  expect(await statuses()).toEqual(expected('s01'));
  await expect(policyInput(page)).toHaveValue(MINE);

  // Loading the fetched policy is an explicit action, and Ctrl+Z brings the typed text back.
  const body = await fixtureBody('s01');
  const open = page.getByRole('button', { name: 'Open the fetched policy in the editor' });
  await open.click();
  await expect(policyInput(page)).toHaveValue(body);
  await expect(open).toBeHidden();
  await policyInput(page).focus();
  await page.keyboard.press('Control+z');
  await expect(policyInput(page)).toHaveValue(MINE);
  await expect(open).toBeVisible();
});

test('s21: "Check again with this body" keeps the typed policy; the pasted one opens on request, undoably', async () => {
  const s = fx.scenario('s21');
  await policyInput(page).fill(MINE);
  await check(s.input);
  const body = await fixtureBody('s21');
  await page.getByLabel(/^Policy body, or the whole output of/).fill(body);
  await page.getByRole('button', { name: 'Check again with this body' }).click();
  await waitFinal();
  await expect(row('policy-syntax')).toHaveAttribute('data-status', 'pass');
  await expect(policyInput(page)).toHaveValue(MINE);

  await page.getByRole('button', { name: 'Open the pasted policy in the editor' }).click();
  await expect(policyInput(page)).toHaveValue(body);
  await policyInput(page).focus();
  await page.keyboard.press('Control+z');
  await expect(policyInput(page)).toHaveValue(MINE);
});

test('the record boxes keep what the user typed, through a could-not-verify check too', async () => {
  const stsBox = page.getByRole('textbox', { name: '_mta-sts TXT record' });
  const tlsrptBox = page.getByRole('textbox', { name: '_smtp._tls TXT record (TLS-RPT)' });
  await stsBox.fill('v=STSv1; id=mine1');
  await check(fx.scenario('s21').input);
  await expect(row('policy-fetch')).toHaveAttribute('data-status', 'could-not-verify');
  await expect(stsBox).toHaveValue('v=STSv1; id=mine1');
  // An empty box gets what the check found.
  await expect(tlsrptBox).not.toHaveValue('');
  // A check that finds no record does not empty a box either.
  await check(fx.scenario('s04').input);
  await expect(stsBox).toHaveValue('v=STSv1; id=mine1');
  await expect(tlsrptBox).not.toHaveValue('');
});

test('s21: the paste box stays on screen while the domain is checked again', async () => {
  const s = fx.scenario('s21');
  await check(s.input);
  const paste = page.locator('#live-paste');
  await expect(paste).toBeVisible();
  await page.getByLabel(/^Policy body, or the whole output of/).fill('version: STSv1\n');
  // Watch the box from now on: it must never be hidden while the next checks run.
  await page.locator('#live').evaluate((live) => {
    const box = live.shadowRoot.getElementById('live-paste');
    window.__pasteHidden = false;
    new MutationObserver(() => {
      if (box.hidden) window.__pasteHidden = true;
    }).observe(box, { attributes: true, attributeFilter: ['hidden'] });
  });
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await waitFinal();
  await page.getByRole('button', { name: 'Check again with this body' }).click();
  await waitFinal();
  await expect(row('policy-fetch')).toHaveAttribute('data-status', 'could-not-verify');
  expect(await page.evaluate(() => window.__pasteHidden)).toBe(false);
  await expect(page.getByLabel(/^Policy body, or the whole output of/)).toHaveValue('version: STSv1\n');
});

test('the deployment level and its next step come first; each row offers its other commands (openssl, Windows)', async () => {
  const s = fx.scenario('s01');
  await check(s.input);
  const level = page.locator('#live-level');
  await expect(level).toBeVisible();
  await expect(level).toHaveAttribute('data-level', s.level?.level ?? 'enforce');
  await expect(level).toContainText('Deployment: Enforce');
  await expect(level).toContainText('Next step:');
  // Shown above the rows.
  const [levelBox, firstRow] = await Promise.all([level.boundingBox(), row('sts-record').boundingBox()]);
  expect(levelBox.y).toBeLessThan(firstRow.y);

  const more = row('sts-record').locator('details.commands');
  await more.locator('summary').click();
  await expect(more.locator('li[data-platform="windows"] code').first()).toHaveText(`Resolve-DnsName -Type TXT _mta-sts.${s.domain}`);
  await expect(row('policy-fetch').locator('details.commands li[data-platform="posix"] code').first()).toContainText(`openssl s_client -connect mta-sts.${s.domain}:443`);
});

test('s21: pasted `curl -sv` output is judged as the fetch it shows (status, content type), and marked as pasted', async () => {
  const s = fx.scenario('s21');
  await check(s.input);
  const host = new URL(s.policyUrl).hostname;
  const body = await fixtureBody('s21');
  const transcript = [
    `* Connected to ${host} (192.0.2.1) port 443`,
    '> GET /.well-known/mta-sts.txt HTTP/2',
    `> Host: ${host}`,
    '>',
    '< HTTP/2 200',
    '< content-type: text/html; charset=utf-8',
    '<',
    body,
  ].join('\n');
  await page.getByLabel(/^Policy body, or the whole output of/).fill(transcript);
  await page.getByRole('button', { name: 'Check again with this body' }).click();
  await waitFinal();
  await expect(row('policy-fetch')).toHaveAttribute('data-status', 'fail');
  await expect(row('policy-fetch').locator('li[data-code="fetch/content-type"]')).toHaveCount(1);
  await expect(row('policy-fetch').locator('li[data-code="check/pasted-response"]')).toHaveCount(1);
  await expect(row('policy-syntax')).toHaveAttribute('data-status', 'pass');
});

test('a policy host typed as the domain gets "did you mean", and the suggestion is one click', async () => {
  const s = fx.scenario('s01');
  const domain = page.getByLabel('Domain', { exact: true });
  await domain.fill(`mta-sts.${s.domain}`);
  const hint = page.locator('#live-domain-hint');
  await expect(hint).toBeVisible();
  await expect(hint).toContainText(s.domain);
  await hint.getByRole('button', { name: `Use ${s.domain}` }).click();
  await expect(domain).toHaveValue(s.domain);
  await expect(hint).toBeHidden();
});

test('s76 no resolver reachable: one plain cause, no level claimed', async () => {
  await check(fx.scenario('s76').input);
  const cause = page.locator('#live-cause');
  await expect(cause).toBeVisible();
  await expect(cause).toContainText(/resolver/i);
  await expect(page.locator('#live-level')).toHaveAttribute('data-level', 'unknown');
  await expect(page.locator('#live-checks li[data-code="dns/lookup-failed"]')).toHaveCount(0);
});
