// The MX match preview: each host against each valid `mx` pattern of the policy, with the label
// the `*` covers highlighted; hosts covered by nothing and patterns covering nothing stand out.
// Hooks: data-pattern, data-host, data-matched on every verdict cell.
import { expect, test } from '@playwright/test';
import { openPage, policyInput } from './ui-helpers.mjs';

/** Every verdict cell as [host, pattern, matched, reason]. */
const cells = (page) =>
  page
    .locator('#match-preview td[data-pattern]')
    .evaluateAll((tds) => tds.map((td) => [td.dataset.host, td.dataset.pattern, td.dataset.matched, td.dataset.reason]));

test('match preview verdicts, the wildcard label, uncovered hosts and unused patterns', async ({ page }) => {
  const problems = await openPage(page);
  // The match is the lint package's, loaded when the preview is first seen.
  await page.locator('mta-sts-match').scrollIntoViewIfNeeded();
  const hosts = page.getByLabel('MX host', { exact: true });
  const preview = page.locator('#match-preview');

  // The starting example: both hosts covered, the wildcard's label highlighted.
  await expect(hosts).toHaveValue('mail.example.com, mx1.mx.example.net');
  await expect(preview.locator('#match-summary')).toHaveText('✔ Every host is covered (2 of 2).');
  expect(await cells(page)).toEqual([
    ['mail.example.com', 'mail.example.com', 'true', 'exact'],
    ['mail.example.com', '*.mx.example.net', 'false', 'suffix-differs'],
    ['mx1.mx.example.net', 'mail.example.com', 'false', 'different-host'],
    ['mx1.mx.example.net', '*.mx.example.net', 'true', 'wildcard'],
  ]);
  const wildcardCell = preview.locator('td[data-host="mx1.mx.example.net"][data-pattern="*.mx.example.net"]');
  await expect(wildcardCell.locator('mark.wildcard')).toHaveText('mx1');
  await expect(wildcardCell).toContainText('✔ match');
  await expect(wildcardCell.locator('.explanation')).toHaveText('* covers the single label mx1 in front of mx.example.net');

  // Several hosts, one covered by nothing, and a pattern that covers none of them.
  await hosts.fill('mail.example.com   backup.example.org,MAIL.EXAMPLE.COM.');
  await expect(preview.locator('#match-summary')).toHaveText('✖ 1 of 3 hosts covered by no pattern.');
  await expect(preview.locator('tr[data-covered="false"]')).toHaveAttribute('data-host', 'backup.example.org');
  await expect(preview.locator('tr[data-host="backup.example.org"] th')).toContainText('✖ not covered');
  await expect(preview.locator('tr[data-host="MAIL.EXAMPLE.COM."] th')).toContainText('✔ covered');
  await expect(preview.locator('th[data-unused="true"]')).toHaveAttribute('data-pattern', '*.mx.example.net');
  await expect(preview.locator('th[data-unused="true"]')).toContainText('▲ covers no host');
  await expect(preview.locator('.match-problems li[data-host="backup.example.org"]')).toContainText('is covered by no mx pattern');
  await expect(preview.locator('.match-problems li[data-pattern="*.mx.example.net"]')).toContainText('covers none of these hosts');

  // The wildcard example: `*` stands for exactly one label; invalid patterns take no part.
  await page.locator('[data-example="wildcards"]').click();
  await expect(hosts).toHaveValue('a.example.com, a.b.example.com, example.com');
  expect(await cells(page)).toEqual([
    ['a.example.com', '*.com', 'false', 'wildcard-too-many-labels'],
    ['a.example.com', '*.example.com', 'true', 'wildcard'],
    ['a.b.example.com', '*.com', 'false', 'wildcard-too-many-labels'],
    ['a.b.example.com', '*.example.com', 'false', 'wildcard-too-many-labels'],
    ['example.com', '*.com', 'true', 'wildcard'],
    ['example.com', '*.example.com', 'false', 'wildcard-zero-labels'],
  ]);
  await expect(preview.locator('td[data-host="a.b.example.com"][data-pattern="*.example.com"] mark.wildcard')).toHaveText('a.b');
  await expect(preview.locator('td[data-host="a.b.example.com"][data-pattern="*.example.com"] mark.wildcard')).toHaveAttribute('data-matched', 'false');
  await expect(preview.locator('.match-problems li[data-pattern="mx.*.example.com"]')).toContainText('is not a valid pattern');
  await expect(preview.locator('.match-problems li[data-pattern="192.0.2.25"]')).toContainText('is not a valid pattern');

  // The preview follows the policy as it is edited (hosts typed stay when the policy is replaced).
  await hosts.fill('a.example.com, a.b.example.com, example.com');
  await policyInput(page).fill('version: STSv1\nmode: enforce\nmx: *.b.example.com\nmax_age: 86400\n');
  await expect(preview.locator('tr[data-covered="true"]')).toHaveAttribute('data-host', 'a.b.example.com');
  await expect(preview.locator('#match-summary')).toHaveText('✖ 2 of 3 hosts covered by no pattern.');

  await hosts.fill('');
  await expect(preview).toHaveText('Type one or more MX host names to see which mx pattern covers each.');
  expect(problems).toEqual([]);
});

test('the example hosts belong to the example: replacing the policy removes them, typed hosts stay', async ({ page }) => {
  const problems = await openPage(page);
  // The match is the lint package's, loaded when the preview is first seen.
  await page.locator('mta-sts-match').scrollIntoViewIfNeeded();
  const hosts = page.getByLabel('MX host', { exact: true });
  const preview = page.locator('#match-preview');
  const input = policyInput(page);
  await expect(hosts).toHaveValue('mail.example.com, mx1.mx.example.net');

  // Editing the example keeps its hosts (they are what the example is about).
  await input.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# note\n');
  await expect(hosts).toHaveValue('mail.example.com, mx1.mx.example.net');

  // Emptying the editor: no example hosts, so no red "not covered" banners about them.
  await input.fill('');
  await expect(hosts).toHaveValue('');
  await expect(preview.locator('.banner[data-valid="false"]')).toHaveCount(0);
  await expect(preview).toHaveText('Type one or more MX host names to see which mx pattern covers each.');

  // Pasting one's own policy over a loaded example (select all, paste): the same.
  await page.locator('[data-example="testing"]').click();
  await expect(hosts).toHaveValue('mx1.example.org, mx2.example.org');
  await input.focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText('version: STSv1\nmode: enforce\nmx: mx.firm.test\nmax_age: 604800\n');
  await expect(hosts).toHaveValue('');
  await expect(preview.locator('.banner[data-valid="false"]')).toHaveCount(0);

  // Hosts the user typed stay whatever happens to the policy.
  await hosts.fill('mx.firm.test');
  await input.fill('');
  await expect(hosts).toHaveValue('mx.firm.test');
  await input.fill('version: STSv1\nmode: enforce\nmx: mx.firm.test\nmax_age: 604800\n');
  await expect(preview.locator('#match-summary')).toHaveText('✔ Every host is covered (1 of 1).');
  expect(problems).toEqual([]);
});

test('what is not a host name (a port, a URL, an address) is named as such, with the host to type', async ({ page }) => {
  await openPage(page);
  // The match is the lint package's, loaded when the preview is first seen.
  await page.locator('mta-sts-match').scrollIntoViewIfNeeded();
  const hosts = page.locator('#mx-hosts');
  await hosts.fill('mail.example.com:25 smtp://mx2.example.com 192.0.2.1');
  const preview = page.locator('#match-preview');
  await expect(preview.locator('li[data-hint="port"]')).toContainText('mail.example.com');
  await expect(preview.locator('li[data-hint="url"]')).toContainText('mx2.example.com');
  await expect(preview.locator('li[data-hint="ip-address"]')).toHaveCount(1);
  // A typo is not a mail outage: no consequence for delivery is claimed for it.
  for (const text of await preview.locator('li[data-hint]').allTextContents()) expect(text).not.toMatch(/refuse/);
});
