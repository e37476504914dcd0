// Permalinks: the inputs go into the URL fragment (never sent to a server) and come back on load.
import { expect, test } from '@playwright/test';
import { markers, openPage, policyInput } from './ui-helpers.mjs';

const POLICY = 'version: STSv1\nmode: testing\nmx: *.münchen.example\nmx: mail.example.com\nmax_age: 86400\nx-note: é😀 "quotes" & <b>\n';

test('the permalink round-trips every input through the fragment', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const problems = await openPage(page);
  await policyInput(page).fill(POLICY);
  await page.getByRole('textbox', { name: '_mta-sts TXT record' }).fill('"v=STSv1; " "id=20240601"');
  await page.getByRole('textbox', { name: '_smtp._tls TXT record (TLS-RPT)' }).fill('v=TLSRPTv1; rua=ftp://x.example');
  await page.getByLabel('MX host', { exact: true }).fill('a.xn--mnchen-3ya.example, mail.example.com');
  await page.getByLabel('Domain', { exact: true }).fill('example.org');
  const before = await markers(page);

  await page.getByRole('button', { name: 'Copy link to these inputs' }).click();
  const link = page.getByRole('textbox', { name: 'Link to these inputs' });
  await expect(link).toBeVisible();
  const url = await link.inputValue();
  expect(new URL(url).hash).toMatch(/^#s=[A-Za-z0-9_-]+$/);
  expect(page.url()).toBe(url);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(page.locator('#share-status')).toContainText('Link copied');
  expect(problems).toEqual([]);

  // A fresh page (another context: nothing shared but the link) restores all of it.
  const other = await browser.newContext({ baseURL });
  const page2 = await other.newPage();
  const requests = [];
  page2.on('request', (r) => requests.push(r.url()));
  const problems2 = await openPage(page2, url);
  await expect(policyInput(page2)).toHaveValue(POLICY);
  await expect(page2.getByRole('textbox', { name: '_mta-sts TXT record' })).toHaveValue('"v=STSv1; " "id=20240601"');
  await expect(page2.getByRole('textbox', { name: '_smtp._tls TXT record (TLS-RPT)' })).toHaveValue('v=TLSRPTv1; rua=ftp://x.example');
  await expect(page2.getByLabel('MX host', { exact: true })).toHaveValue('a.xn--mnchen-3ya.example, mail.example.com');
  await expect(page2.getByLabel('Domain', { exact: true })).toHaveValue('example.org');
  // … and validates it: same markers, record verdicts, match preview.
  expect(await markers(page2)).toEqual(before);
  await expect(page2.locator('#tlsrpt-checker .summary')).toHaveText('✖ Not valid: 1 error');
  await expect(page2.locator('#match-preview tr[data-host="mail.example.com"]')).toHaveAttribute('data-covered', 'true');
  // The fragment never reaches the server, and a link starts no live check.
  expect(requests.some((r) => r.includes('#') || r.includes('s='))).toBe(false);
  await expect(page2.locator('#live-checks > li')).toHaveCount(0);
  expect(problems2).toEqual([]);
  await context.close();
  await other.close();
});

test('following another permalink in the same page restores it; a broken one says so', async ({ page }) => {
  await openPage(page);
  await policyInput(page).fill('version: STSv1\nmode: none\nmax_age: 86400\n');
  await page.getByRole('button', { name: 'Copy link to these inputs' }).click();
  const url = await page.getByRole('textbox', { name: 'Link to these inputs' }).inputValue();

  await policyInput(page).fill('something else');
  await page.evaluate((hash) => {
    location.hash = '';
    location.hash = hash;
  }, new URL(url).hash);
  await expect(policyInput(page)).toHaveValue('version: STSv1\nmode: none\nmax_age: 86400\n');

  // A link cut short: the page says so (and keeps what it has)…
  const cut = `#s=${new URL(url).hash.slice(3, 12)}`;
  await page.evaluate((hash) => {
    location.hash = hash;
  }, cut);
  await expect(page.locator('#status')).toHaveText('The link could not be read: it may have been cut short.');
  await expect(policyInput(page)).toHaveValue('version: STSv1\nmode: none\nmax_age: 86400\n');
  // … and opened as a new page, starts with the example.
  await page.goto('about:blank');
  await page.goto(`/${cut}`);
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  await expect(page.locator('#status')).toHaveText('The link could not be read: it may have been cut short. The page starts with an example instead.');
  await expect(page.locator('#summary')).toHaveText('✔ Valid policy');
});
