// Accessibility: axe-core finds no serious or critical violation in the main states (light,
// dark, 360 px wide); the page works from the keyboard with a visible focus; a live region
// announces the verdict.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openPage, policyInput, typePolicy } from './ui-helpers.mjs';

/** axe's serious and critical violations, as readable lines. */
async function seriousViolations(page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

/** Puts the page in its busiest state: policy problems, records with errors, the match preview. */
async function busyState(page) {
  await page.locator('[data-example="mistakes"]').click();
  await page.getByRole('textbox', { name: '_mta-sts TXT record' }).fill('"v=STSv1; id=1"\n"v=STSv1; id=2"');
  await page.getByRole('textbox', { name: '_smtp._tls TXT record (TLS-RPT)' }).fill('v=TLSRPTv1; rua=ftp://x.example');
  await page.locator('details.options > summary').click();
  await page.locator('.pe-marker').first().focus(); // the tooltip is shown
}

for (const [name, options] of [
  ['light, desktop', { colorScheme: 'light', viewport: { width: 1280, height: 900 } }],
  ['dark, desktop', { colorScheme: 'dark', viewport: { width: 1280, height: 900 } }],
  ['light, 360 px', { colorScheme: 'light', viewport: { width: 360, height: 780 } }],
  ['dark, 360 px', { colorScheme: 'dark', viewport: { width: 360, height: 780 } }],
]) {
  test(`axe: no serious or critical violations (${name})`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, ...options });
    const page = await context.newPage();
    await openPage(page);
    if (name === 'light, desktop') expect(await seriousViolations(page), 'starting page').toEqual([]);
    await busyState(page);
    expect(await seriousViolations(page), 'with problems shown').toEqual([]);
    // Usable at 360 px: nothing but the scrollable regions is wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
}

test('keyboard only: reach the editor, fix a problem, check the focus is visible', async ({ page }) => {
  await openPage(page);
  await typePolicy(page, 'version: STSv1\nMode: enforce\nmx: mail.example.com\nmax_age: 86400\n');
  // Start the focus order from the top of the page, as a fresh visit does.
  await page.evaluate(() => document.activeElement?.blur());
  await page.mouse.click(2, 2);

  // Tab order: skip link, share, examples, then the gutter (one stop) and the editor.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the policy editor' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(policyInput(page)).toBeFocused();
  // The editor's frame shows the focus ring.
  const outline = await page.locator('.pe-frame').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');

  // Shift+Tab reaches the gutter's marker; Enter selects its span.
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator('.pe-marker[data-line="2"]')).toBeFocused();
  const ring = await page.locator('.pe-marker[data-line="2"]').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(ring).toBe('solid');

  // Tab past the editor to the problems list: Fix all, then the one problem's location (the
  // look-alike `Mode` explains the missing `mode`) and its fix.
  await policyInput(page).focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('#fix-all')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('#diagnostics .location').first()).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Apply fix: Rename Mode to mode' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(policyInput(page)).toHaveValue('version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n');
  await expect(page.locator('#summary')).toHaveText('✔ Valid policy');
});

test('the verdict is announced in a live region once typing pauses', async ({ page }) => {
  await openPage(page);
  const announcer = page.locator('#announcer');
  await expect(announcer).toHaveAttribute('role', 'status');
  await expect(announcer).toHaveText('Policy valid.');
  await typePolicy(page, 'version: STSv1\nmode: enforce\n');
  await expect(announcer).toHaveText('Policy not valid: 2 errors.');
  await page.locator('[data-example="testing"]').click();
  await expect(announcer).toHaveText('Loaded the example "Good: testing". Policy valid.');
});
