// The record checkers: `_mta-sts` and `_smtp._tls` records as published or as `dig +short TXT`
// prints them (quoted, split into character-strings, one record per line), with the same
// diagnostics and hooks as the policy.
import { expect, test } from '@playwright/test';
import { openPage } from './ui-helpers.mjs';

/** The checker's diagnostics as [code, severity, line], the line `'file'` for a problem of the whole input. */
const listedIn = (checker) =>
  checker
    .locator('ol.diagnostics > li')
    .evaluateAll((els) => els.map((li) => [li.dataset.code, li.dataset.severity, li.dataset.wholeFile ? 'file' : Number(li.dataset.line)]));

test('the _mta-sts checker reads dig +short output and judges the records as a set', async ({ page }) => {
  const problems = await openPage(page);
  const checker = page.locator('#sts-checker');
  const input = page.getByRole('textbox', { name: '_mta-sts TXT record' });
  const summary = checker.locator('.summary');
  await expect(summary).toHaveText('Paste the _mta-sts record (or dig +short TXT output) to check it.');

  // One record, quoted and split into two character-strings, as dig prints long records.
  await input.fill('"v=STSv1; " "id=20240601"\n');
  await expect(summary).toHaveText('✔ Valid _mta-sts record');
  await expect(summary).toHaveAttribute('data-valid', 'true');
  await expect(checker.locator('.record-preview .record-line')).toHaveText('1"v=STSv1; " "id=20240601"');
  await expect(checker.locator('.record-preview .record-used')).toHaveText('Senders read: v=STSv1; id=20240601');

  // Two v=STSv1 records: senders ignore both.
  await input.fill('"v=STSv1; id=1"\n"v=STSv1; id=2"\n');
  await expect(summary).toHaveText('✖ Not valid: 1 error');
  expect(await listedIn(checker)).toEqual([['sts/multiple-records', 'error', 2]]);
  await expect(checker.locator('ol.diagnostics .location')).toHaveText('Line 2, column 2');
  await expect(checker.locator('.record-preview .pe-mark[data-severity="error"]')).toHaveText('v=STSv1; id=2');

  // An SPF record beside it is fine (info); a bad id is an error on its own line.
  await input.fill('"v=spf1 -all"\n"v=STSv1; id=abc-1"');
  expect(await listedIn(checker)).toEqual([
    ['sts/discarded-record', 'info', 1],
    ['sts/id-invalid', 'error', 2],
  ]);
  await expect(checker.locator('.record-preview .pe-mark[data-severity="error"]')).toHaveText('id=abc-1');

  // A quoted line that is not closed: a positioned problem, and the record it meant is judged.
  await input.fill('"v=STSv1; id=1');
  await expect(summary).toHaveText('✖ Not valid: 1 error');
  expect(await listedIn(checker)).toEqual([['sts/quoting-invalid', 'error', 1]]);
  await expect(input).toHaveAttribute('aria-invalid', 'true');

  // An escaped control character stays inside its record (as the CLI reads it), at its place.
  await input.fill('"v=STSv1; id=abc\\010def"\n"v=STSv1; id=2"');
  expect(await listedIn(checker)).toEqual([
    ['sts/invalid-char', 'error', 1],
    ['sts/multiple-records', 'error', 2],
  ]);
  await expect(checker.locator('.record-preview .pe-mark[data-severity="error"]').first()).toHaveText('\\010');
  expect(problems).toEqual([]);
});

test('fixes apply in place, quoted or not', async ({ page }) => {
  await openPage(page);
  const checker = page.locator('#sts-checker');
  const input = page.getByRole('textbox', { name: '_mta-sts TXT record' });
  await input.fill('v=STSv1 ; id=1');
  // The first record typed loads the lint package: the list appears when it has answered.
  await expect(checker.locator('ol.diagnostics > li')).toHaveCount(1);
  expect(await listedIn(checker)).toEqual([['sts/space-before-delimiter', 'warning', 1]]);
  await checker.getByRole('button', { name: /^Apply fix/ }).click();
  await expect(input).toHaveValue('v=STSv1; id=1');
  await expect(checker.locator('.summary')).toHaveText('✔ Valid _mta-sts record');

  // Quoted input: positions are in the quoted text, so the fix applies in place too.
  await input.fill('"v=STSv1 " "; id=1"');
  await expect(checker.locator('ol.diagnostics > li')).toHaveCount(1);
  await checker.getByRole('button', { name: /^Apply fix/ }).click();
  await expect(input).toHaveValue('"v=STSv1" "; id=1"');

  // Quotes typed into the value: named, and removed by the fix.
  await input.fill('"\\"v=STSv1; id=1\\""');
  await expect(checker.locator('ol.diagnostics > li')).toHaveCount(2);
  expect(await listedIn(checker)).toEqual([
    ['sts/no-record', 'error', 'file'],
    ['sts/quoted-value', 'error', 1],
  ]);
  await checker.getByRole('button', { name: /^Apply fix/ }).first().click();
  await expect(input).toHaveValue('"v=STSv1; id=1"');
  await expect(checker.locator('.summary')).toHaveText('✔ Valid _mta-sts record');
});

test('the TLS-RPT checker flags a bad report URI at its exact span', async ({ page }) => {
  const problems = await openPage(page);
  const checker = page.locator('#tlsrpt-checker');
  const input = page.getByRole('textbox', { name: '_smtp._tls TXT record (TLS-RPT)' });
  await input.fill('"v=TLSRPTv1; rua=mailto:tls@example.com"');
  await expect(checker.locator('.summary')).toHaveText('✔ Valid TLS-RPT record');

  await input.fill('v=TLSRPTv1; rua=ftp://x.example');
  await expect(checker.locator('.summary')).toHaveText('✖ Not valid: 1 error');
  expect(await listedIn(checker)).toEqual([['tlsrpt/rua-scheme', 'error', 1]]);
  await expect(checker.locator('.record-preview .pe-mark')).toHaveText('ftp://x.example');
  await expect(checker.locator('ol.diagnostics .message')).toContainText('is not supported for reports');
  expect(problems).toEqual([]);
});
