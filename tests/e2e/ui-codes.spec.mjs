// "More about this": each diagnostic opens its code's long form (codes.json, from
// `mtasts codes --format json`), loaded once from the page's own origin and cached by the
// service worker, so it works offline after one visit.
import { expect, test } from '@playwright/test';
import { openPage, typePolicy, waitForServiceWorker } from './ui-helpers.mjs';

test('a diagnostic shows its long form, offline, loading codes.json once', async ({ page, context }) => {
  const problems = await openPage(page);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
    const fetched = [];
    page.on('request', (r) => new URL(r.url()).pathname === '/codes.json' && fetched.push(r.url()));

    await typePolicy(page, 'version: STSv1\nmode: reject\nmx: mail.example.com\nmax_age: 3600\n');
    const item = page.locator('#diagnostics > li[data-code="policy/mode-invalid"]');
    await expect(item).toHaveCount(1);
    const more = item.locator('details.more');
    await expect(more.locator('.long-form')).toBeHidden();
    await more.getByText('More about this').click();

    const body = more.locator('.long-form');
    await expect(body).toBeVisible();
    await expect(body.locator('dt')).toHaveText(['What it means', 'Why it matters', 'Example', 'Fixed']);
    await expect(body.locator('dd').first()).toContainText('enforce, testing or none');
    await expect(body.locator('dd').nth(1)).toContainText('Senders discard a policy');
    await expect(body.locator('pre.example')).toHaveText([/mode: reject/, /mode: enforce/]);
    await expect(body.locator('dd').first().locator('code')).toHaveText(['mode', 'enforce', 'testing', 'none', 'reject', 'quarantine']); // `…` as <code>

    // A second diagnostic's long form comes from the same, already loaded codes.json.
    const short = page.locator('#diagnostics > li[data-code="policy/max-age-short"] details.more');
    await short.getByText('More about this').click();
    await expect(short.locator('.long-form dd').first()).toContainText('below one day');
    expect(fetched).toHaveLength(1);
  } finally {
    await context.setOffline(false);
  }
  expect(problems).toEqual([]);
});
