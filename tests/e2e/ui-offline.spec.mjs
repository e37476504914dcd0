// Offline: after one visit the service worker serves the app shell and the wasm, so checking a
// policy, the records and the match preview work with the network off; the live check says it
// needs a network. Also the live panel's states that need no network (availability, the stored
// result and its "forget" button).
import { expect, test } from '@playwright/test';
import { markers, openPage, typePolicy, waitForServiceWorker } from './ui-helpers.mjs';

test('after one visit the page loads and validates offline', async ({ page, context }) => {
  await openPage(page);
  await waitForServiceWorker(page);
  const cacheNames = await page.evaluate(() => caches.keys());
  expect(cacheNames).toHaveLength(1);
  expect(cacheNames[0]).toMatch(/^mtasts-[0-9a-f]{12}$/); // versioned by the build

  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);

    await typePolicy(page, 'version: STSv1\nmode: Enforce\nmx: mail.example.com\nmax_age: 86400\n');
    expect(await markers(page)).toEqual([[2, 'error', 'policy/mode-invalid']]);
    await page.getByRole('textbox', { name: '_mta-sts TXT record' }).fill('v=STSv1; id=1');
    await expect(page.locator('#sts-checker .summary')).toHaveText('✔ Valid _mta-sts record');
    await page.getByLabel('MX host', { exact: true }).fill('mail.example.com');
    await expect(page.locator('#match-preview td[data-host="mail.example.com"]')).toHaveAttribute('data-matched', 'true');

    // The live check says it needs a network, and cannot be started.
    await expect(page.locator('#live-network')).toBeVisible();
    await expect(page.locator('#live-network')).toContainText('live checks need a network connection');
    await expect(page.getByRole('button', { name: 'Check', exact: true })).toBeDisabled();
  } finally {
    await context.setOffline(false);
  }
  // Back online, the check is available again (when this build has it).
  const available = await page.locator('#live').getAttribute('data-available');
  await expect(page.getByRole('button', { name: 'Check', exact: true })).toBeEnabled({ enabled: available === 'true' });
});

test('the live check package is loaded only when a check starts', async ({ page }) => {
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await openPage(page);
  await expect(page.locator('#live')).toHaveAttribute('data-available', 'true');
  await expect(page.locator('#live-network')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Check', exact: true })).toBeEnabled();
  // The first load is the lint-only package; checkDomain lives in pkg-check/ (scripts/build.sh).
  expect(requested.filter((p) => p.startsWith('/pkg-check/'))).toEqual([]);
  const kinds = await page.evaluate(async () => [
    typeof (await import('/pkg/mtasts_wasm.js')).checkDomain,
    typeof (await import('/pkg-check/mtasts_wasm_check.js')).checkDomain,
  ]);
  expect(kinds).toEqual(['undefined', 'function']);
});

test('a stored result of a domain is shown and can be forgotten', async ({ page }) => {
  await openPage(page);
  await page.evaluate(() =>
    localStorage.setItem(
      'mtasts.previous.example.com',
      JSON.stringify({ previous: { id: '20240601', policyHash: '0123456789abcdef' }, checkedAt: Date.UTC(2024, 5, 1), overall: 'pass' }),
    ),
  );
  const domain = page.getByLabel('Domain', { exact: true });
  await domain.fill('Postmaster@Example.COM');
  const stored = page.locator('#live-stored');
  await expect(stored).toBeVisible();
  await expect(stored).toContainText('policy id 20240601');
  await stored.getByRole('button', { name: 'Forget example.com' }).click();
  await expect(stored).toBeHidden();
  expect(await page.evaluate(() => localStorage.getItem('mtasts.previous.example.com'))).toBeNull();
  // The live check announces in its own live region (it is an element, usable without our page).
  await expect(page.locator('#live-announcer')).toHaveText('Forgot the stored result for example.com.');
});
