// <mta-sts-generator> on the page: from MX hosts or a preset to the policy and records (the same
// files `mtasts generate` writes for the same request and moment), "Download mta-sts.txt" (a blob:
// URL), "Check in the validator" (into the editor as one undoable edit), the dated plan and a
// change with a new id; used from the keyboard; axe finds nothing serious; its package is not
// part of the first load.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPage, packageRequests, showLazy, policyInput } from './ui-helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW_S = 1776945600; // 2026-04-23T12:00:00Z

/** The files `mtasts generate --out` writes for `args` at NOW_S. */
function cliFiles(args) {
  const target = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  const binary = path.join(target, 'debug', 'mtasts');
  if (!existsSync(binary)) execFileSync('cargo', ['build', '-p', 'mtasts-cli'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(path.join(tmpdir(), 'mtasts-e2e-gen-'));
  try {
    const r = spawnSync(binary, ['generate', ...args, '--out', dir], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: String(NOW_S) } });
    if (r.status !== 0) throw new Error(r.stderr);
    const files = new Map(readdirSync(dir, { recursive: true }).map((f) => [f, statSync(path.join(dir, f)).isFile() ? readFileSync(path.join(dir, f), 'utf8') : null]));
    return (name) => files.get(name);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const gen = (page) => page.locator('mta-sts-generator');

test('MX hosts to policy and records; download; into the validator and undone', async ({ page }) => {
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const problems = await openPage(page);
  await showLazy(page, 'mta-sts-generator');
  expect(requested.filter((p) => p.includes('pkg-tools'))).toEqual([]);
  await gen(page).evaluate((el, now) => {
    el.now = now;
  }, NOW_S * 1000);
  const before = await policyInput(page).inputValue();

  await gen(page).getByLabel('Mail domain', { exact: true }).fill('example.com');
  await gen(page).getByLabel('MX hosts', { exact: true }).fill('10 mx1.example.com.\n20 mx2.example.com.');
  await gen(page).getByLabel('TLS reports to (optional)').fill('tlsrpt@example.com');
  await gen(page).getByLabel('Policy host runs on').selectOption('nginx');
  await gen(page).getByRole('button', { name: 'Generate' }).click();

  const read = cliFiles(['--domain', 'example.com', '--mx', 'mx1.example.com,mx2.example.com', '--rua', 'tlsrpt@example.com', '--server', 'nginx']);
  await expect(gen(page).locator('#gen-policy pre')).toHaveText(read('mta-sts.txt'), { useInnerText: false });
  expect(await gen(page).locator('#gen-zone pre').textContent()).toBe(read('dns.zone'));
  expect(await gen(page).locator('pre[data-path="nginx/mta-sts.conf"]').textContent()).toBe(read('nginx/mta-sts.conf'));
  expect(await gen(page).locator('.records tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 3).map((c) => c.textContent)))).toEqual([
    ['TXT', '_mta-sts', 'v=STSv1; id=20260423120000'],
    ['TXT', '_smtp._tls', 'v=TLSRPTv1; rua=mailto:tlsrpt@example.com'],
  ]);
  expect(packageRequests(requested, 'pkg-tools')).toEqual(['/pkg-tools/mtasts_wasm_tools.js', '/pkg-tools/mtasts_wasm_tools_bg.wasm', '/pkg-tools/snippets/…/src/unpack.js']);

  // Download mta-sts.txt: a blob: URL with the policy.
  await expect(gen(page).locator('#gen-download')).toHaveAttribute('href', /^blob:/);
  const [download] = await Promise.all([page.waitForEvent('download'), gen(page).locator('#gen-download').click()]);
  expect(download.suggestedFilename()).toBe('mta-sts.txt');
  expect(readFileSync(await download.path(), 'utf8')).toBe(read('mta-sts.txt'));

  // Into the validator: the editor holds the policy, valid; its hosts are in the match preview.
  await gen(page).getByRole('button', { name: 'Check in the validator' }).click();
  await expect(policyInput(page)).toHaveValue(read('mta-sts.txt'));
  await expect(policyInput(page)).toBeFocused();
  await expect(page.getByLabel('MX host', { exact: true })).toHaveValue('mx1.example.com, mx2.example.com');
  // The match is drawn once the preview is seen (it loads the lint package then).
  await page.locator('mta-sts-match').scrollIntoViewIfNeeded();
  await expect(page.locator('#match-summary')).toHaveAttribute('data-valid', 'true');
  // One undoable edit.
  await page.keyboard.press('Control+z');
  await expect(policyInput(page)).toHaveValue(before);

  // The dated plan: testing now, enforce 14 days later.
  await gen(page).getByRole('button', { name: 'Show a dated rollout plan' }).click();
  const dates = await gen(page).locator('#gen-plan li').evaluateAll((lis) => lis.map((li) => li.dataset.date));
  expect(dates[0]).toBe('2026-04-23');
  expect(dates).toContain('2026-05-07');
  expect(problems).toEqual([]);
});

test('a provider preset, a refusal in plain words, a change with a new id', async ({ page }) => {
  await openPage(page);
  await showLazy(page, 'mta-sts-generator');
  await gen(page).evaluate((el, now) => {
    el.now = now;
  }, NOW_S * 1000);
  await gen(page).getByLabel('Mail domain', { exact: true }).fill('example.com');
  await gen(page).getByLabel('MX hosts', { exact: true }).fill('10 192.0.2.1');
  await gen(page).getByRole('button', { name: 'Generate' }).click();
  await expect(gen(page).locator('#gen-error')).toContainText('not an MX host name');

  await gen(page).getByLabel('Or a mail provider').selectOption('google-workspace');
  await gen(page).getByRole('button', { name: 'Generate' }).click();
  await expect(gen(page).locator('#gen-error')).toBeHidden();
  expect(await gen(page).locator('#gen-policy pre').textContent()).toBe(cliFiles(['--domain', 'example.com', '--provider', 'google-workspace'])('mta-sts.txt'));

  await gen(page).locator('#gen-change summary').click();
  await gen(page).getByLabel('What changes').selectOption('mx');
  await gen(page).getByLabel('The policy published now').fill('version: STSv1\nmode: testing\nmx: mx1.example.com\nmax_age: 604800\n');
  await gen(page).getByLabel('The id published now (optional)').fill('20260101000000');
  await gen(page).getByLabel('MX hosts after the change').fill('mx1.example.com\nmx9.example.net');
  await gen(page).getByRole('button', { name: 'Plan the change' }).click();
  await expect(gen(page).locator('#chg-result .banner')).toHaveText('New id: 20260423120000 (was 20260101000000)');
  await expect(gen(page).locator('#chg-result')).toContainText('mx: mx9.example.net');
});

test('keyboard only, and axe finds nothing serious in the generated state', async ({ page }) => {
  await openPage(page);
  await showLazy(page, 'mta-sts-generator');
  await gen(page).getByLabel('Mail domain', { exact: true }).focus();
  await page.keyboard.type('example.com');
  await page.keyboard.press('Tab'); // TLS reports
  await page.keyboard.press('Tab'); // MX hosts
  await page.keyboard.type('mx.example.com');
  await page.keyboard.press('Enter'); // a new line in the textarea, not a submit
  await page.keyboard.press('Tab'); // provider
  await page.keyboard.press('Tab'); // mode
  await page.keyboard.press('Tab'); // server
  await page.keyboard.press('Tab'); // wildcards
  await page.keyboard.press('Tab'); // Generate
  await expect(gen(page).getByRole('button', { name: 'Generate' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(gen(page).locator('#gen-policy pre')).toContainText('mx: mx.example.com');
  await expect(gen(page).locator('#gen-announcer')).toContainText('Generated a testing policy');

  const { violations } = await new AxeBuilder({ page }).include('mta-sts-generator').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
