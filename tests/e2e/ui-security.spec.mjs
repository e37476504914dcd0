// Security and privacy: markup pasted anywhere stays text; pasting and validating sends nothing
// anywhere (the only requests are the page's own code, loaded on first use); the page loads
// nothing from another origin and breaks no CSP rule; the sources never build HTML from strings.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SECURITY_HEADERS } from '../../scripts/serve.mjs';
import { encodeFragment, openPage, policyInput, waitForServiceWorker } from './ui-helpers.mjs';

const XSS = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><svg onload="window.__xss=3">`;

/** Records CSP violations from the first script on (Playwright's init scripts bypass the CSP). */
async function watchCsp(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

test('an XSS payload in every input renders as text', async ({ page }) => {
  await watchCsp(page);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  const problems = await openPage(page);
  await policyInput(page).fill(`version: STSv1\nmode: ${XSS}\n${XSS}: x\nmx: ${XSS}\nmax_age: 1\n`);
  await page.getByRole('textbox', { name: '_mta-sts TXT record' }).fill(`v=STSv1; id=${XSS}`);
  await page.getByRole('textbox', { name: '_smtp._tls TXT record (TLS-RPT)' }).fill(`v=TLSRPTv1; rua=${XSS}`);
  await page.getByLabel('MX host', { exact: true }).fill(`${XSS} mail.example.com`);
  await page.getByLabel('Domain', { exact: true }).fill(XSS);

  // The payload is shown, as characters, in the diagnostics and the tables.
  await expect(page.locator('#diagnostics > li[data-code="policy/mode-invalid"]')).toContainText('<img src=x onerror=');
  // A present but invalid mode is shown as written (as text) and marked invalid.
  await expect(page.locator('#policy-table tr[data-field="mode"]')).toContainText('<img src=x onerror=');
  await expect(page.locator('#policy-table tr[data-field="mode"] td')).toHaveAttribute('data-state', 'invalid');
  await expect(page.locator('#policy-table tr[data-field="mx"]')).toContainText('<img src=x');
  await expect(page.locator('#sts-checker .record-preview')).toContainText('<script>');
  await expect(page.locator('#match-preview')).toContainText('<svg onload=');
  await page.locator('.pe-marker').first().hover();
  // … and never parsed: no element of the payload exists, nothing ran.
  await expect(page.locator('body img, body script, body svg')).toHaveCount(0);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => window.__csp)).toEqual([]);
  expect(problems).toEqual([]);
});

test('an XSS payload in a permalink renders as text', async ({ page }) => {
  await watchCsp(page);
  const fragment = await encodeFragment(page, { policy: `version: STSv1\nmode: ${XSS}\n`, hosts: XSS, domain: XSS, sts: XSS, tlsrpt: XSS });
  await openPage(page, `/#${fragment}`);
  await expect(policyInput(page)).toHaveValue(`version: STSv1\nmode: ${XSS}\n`);
  await expect(page.locator('#diagnostics')).toContainText('<img src=x');
  await expect(page.locator('body img, body script, body svg')).toHaveCount(0);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(await page.evaluate(() => window.__csp)).toEqual([]);
});

const DIST = path.resolve(import.meta.dirname, '../../dist');

/** Whether `url` is a plain GET of one of the page's own built files: code, not data. */
function ownFile(method, url, origin) {
  const u = new URL(url);
  const file = path.join(DIST, decodeURIComponent(u.pathname));
  return method === 'GET' && u.origin === origin && !u.search && file.startsWith(DIST + path.sep) && existsSync(file) && statSync(file).isFile();
}

test('pasting and validating sends nothing: the only requests are GETs of the page\'s own files', async ({ page, context }) => {
  const problems = await openPage(page);
  await waitForServiceWorker(page); // its install fetches are over
  const origin = new URL(page.url()).origin;
  const requests = [];
  const seen = (who) => (r) => {
    // The packages and elements loaded on first use (the match preview, the records, the reports
    // reader and the generator as they come into view) are files of dist/; anything else —
    // another origin, a query string, a body, a method other than GET — would be data leaving.
    if (!ownFile(r.method(), r.url(), origin) || r.postData()) requests.push(`${who} ${r.method()} ${r.url()}`);
  };
  page.on('request', seen('page'));
  context.on('request', seen('context'));

  await policyInput(page).fill('');
  await policyInput(page).pressSequentially('version: STSv1\nMode: enforce\n\nmx: mail.example.com.\nmax_age: 86400\n');
  await page.locator('#fix-all').click();
  await expect(page.locator('#summary')).toHaveText('✔ Valid policy');
  await page.locator('[data-example="mistakes"]').click();
  await page.locator('#diagnostics .location').first().click();
  await page.getByRole('textbox', { name: '_mta-sts TXT record' }).fill('"v=STSv1; id=1"\n"v=STSv1; id=2"');
  await page.getByRole('textbox', { name: '_smtp._tls TXT record (TLS-RPT)' }).fill('v=TLSRPTv1; rua=mailto:a@example.com');
  await page.getByLabel('MX host', { exact: true }).fill('mail.example.com, a.b.example.net');
  await page.getByLabel('Domain', { exact: true }).fill('example.com'); // typed, not checked
  await page.waitForTimeout(500); // anything deferred (table, preview, live region) has run

  expect(requests).toEqual([]);
  expect(problems).toEqual([]);
});

test('the page loads only its own files, under a CSP without unsafe-inline or unsafe-eval', async ({ page, baseURL }) => {
  await watchCsp(page);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await openPage(page);
  const origin = new URL(baseURL).origin;
  expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:'))).toEqual([]);
  expect(await page.evaluate(() => window.__csp)).toEqual([]);

  const csp = SECURITY_HEADERS['Content-Security-Policy'];
  expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
});

test('the page sources never build HTML from strings', () => {
  const web = new URL('../../web/', import.meta.url);
  const files = ['main.js', 'sw.js', ...readdirSync(new URL('src/', web)).map((f) => `src/${f}`)];
  const html = readFileSync(new URL('index.html', web), 'utf8');
  for (const file of files) {
    const code = readFileSync(new URL(file, web), 'utf8').replace(/^\s*\/\/.*$/gm, '');
    expect(code, file).not.toMatch(/\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setAttribute\(\s*['"]on/);
  }
  // No inline script or style in the page: the CSP would block them.
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/);
});
