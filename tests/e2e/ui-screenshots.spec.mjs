// Screenshots of the main states, for a person to look at: test-results/ui/*.png at the
// repository root (gitignored). Nothing is compared; the test fails only if a state cannot be
// reached.
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openPage } from './ui-helpers.mjs';

const DIR = new URL('../../test-results/ui/', import.meta.url);
mkdirSync(DIR, { recursive: true });
const file = (name) => new URL(`${name}.png`, DIR).pathname;

for (const [scheme, width] of [
  ['light', 1280],
  ['dark', 1280],
  ['light', 360],
  ['dark', 360],
]) {
  test(`screenshots: ${scheme}, ${width} px`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, colorScheme: scheme, viewport: { width, height: width > 800 ? 900 : 780 } });
    const page = await context.newPage();
    await openPage(page);
    const tag = `${width}-${scheme}`;
    await page.screenshot({ path: file(`${tag}-1-start`) });

    // A broken policy, its problems and a marker's message.
    await page.locator('[data-example="mistakes"]').click();
    await page.locator('.pe-marker[data-line="2"]').hover();
    await expect(page.locator('.pe-tooltip')).toBeVisible();
    await page.screenshot({ path: file(`${tag}-2-problems`) });

    // The match preview and the records.
    await page.locator('[data-example="wildcards"]').click();
    await page.getByRole('textbox', { name: '_mta-sts TXT record' }).fill('"v=spf1 -all"\n"v=STSv1; id=abc-1"');
    await page.getByRole('textbox', { name: '_smtp._tls TXT record (TLS-RPT)' }).fill('"v=TLSRPTv1; " "rua=mailto:tls@example.com"');
    await page.locator('#match-section').screenshot({ path: file(`${tag}-3-match`) });
    await page.locator('#records-section').screenshot({ path: file(`${tag}-4-records`) });

    // Offline: the live check says it needs a network.
    await context.setOffline(true);
    await expect(page.locator('#live-network')).toBeVisible();
    await page.locator('#live').screenshot({ path: file(`${tag}-5-offline`) });
    await context.setOffline(false);

    await page.screenshot({ path: file(`${tag}-6-full`), fullPage: true });
    await context.close();
  });
}
