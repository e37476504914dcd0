// The policy editor: gutter markers and underlines on exactly the right lines and spans, the
// diagnostics list, Apply fix / Fix all, the summary banner, the parsed table and the examples.
// Hooks: data-code, data-severity, data-line on list items and gutter markers.
import { expect, test } from '@playwright/test';
import { listed, markers, openPage, policyInput, typePolicy } from './ui-helpers.mjs';

// Line 2: `mode` missing, explained by the look-alike `Mode` (error on `Mode`, safe rename);
// 3: blank line (error, safe fix); 4: fine; 5: duplicate mx (info, safe fix);
// 6: max_age under a day (warning, no fix).
const BROKEN = 'version: STSv1\nMode: enforce\n\nmx: mail.example.com\nmx: mail.example.com\nmax_age: 3600\n';

test('typing a broken policy marks exactly the expected lines with the expected severities', async ({ page }) => {
  const problems = await openPage(page);
  await typePolicy(page, BROKEN);

  const summary = page.locator('#summary');
  await expect(summary).toHaveText('✖ Not valid: 2 errors, 1 warning, 1 note');
  await expect(summary).toHaveAttribute('data-valid', 'false');
  await expect(policyInput(page)).toHaveAttribute('aria-invalid', 'true');

  expect(await markers(page)).toEqual([
    [2, 'error', 'policy/mode-missing'],
    [3, 'error', 'policy/blank-line'],
    [5, 'info', 'policy/mx-duplicate'],
    [6, 'warning', 'policy/max-age-short'],
  ]);
  expect(await listed(page)).toEqual([
    ['policy/mode-missing', 'error', 2],
    ['policy/blank-line', 'error', 3],
    ['policy/mx-duplicate', 'info', 5],
    ['policy/max-age-short', 'warning', 6],
  ]);

  // The exact spans are underlined: `Mode`, the duplicate pattern, `3600`; the empty one
  // (the blank line) is a point.
  const marks = await page.locator('.pe-layer .pe-mark').evaluateAll((els) => els.map((m) => [m.dataset.severity, m.textContent]));
  expect(marks).toEqual([
    ['error', 'Mode'],
    ['info', 'mail.example.com'],
    ['warning', '3600'],
  ]);
  await expect(page.locator('.pe-layer .pe-point')).toHaveCount(1);

  // Each marker sits on its line: the same distance from the top as that line's number.
  const lineHeight = await policyInput(page).evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  const gutterTop = await page.locator('.pe-numbers').evaluate((el) => el.getBoundingClientRect().top);
  for (const [line] of await markers(page)) {
    const top = await page.locator(`.pe-marker[data-line="${line}"]`).evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(top - (gutterTop + (line - 1) * lineHeight)), `marker of line ${line}`).toBeLessThan(1);
  }

  // Severity is said in words, not only colour.
  await expect(page.locator('#diagnostics > li').first().locator('.sev')).toHaveText('✖ Error');
  await expect(page.locator('#diagnostics > li[data-severity="warning"] .sev')).toHaveText('▲ Warning');
  await expect(page.locator('#diagnostics > li[data-severity="info"] .sev').first()).toHaveText('ℹ Note');
  expect(problems).toEqual([]);
});

test('a marker shows its message on focus and hover; arrows move between markers', async ({ page }) => {
  await openPage(page);
  await policyInput(page).fill(BROKEN);
  const tooltip = page.locator('.pe-tooltip');
  await expect(tooltip).toBeHidden();

  await page.locator('.pe-marker[data-line="3"]').hover();
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('Blank lines are not allowed');
  await page.mouse.move(0, 0);
  await expect(tooltip).toBeHidden();

  // One tab stop for the gutter: the first marker; arrows move, Escape hides the message.
  const first = page.locator('.pe-marker[data-line="2"]');
  await expect(first).toHaveAttribute('tabindex', '0');
  await first.focus();
  await expect(tooltip).toContainText('is not mode: field names are case-sensitive');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.pe-marker[data-line="3"]')).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.locator('.pe-marker[data-line="6"]')).toBeFocused();
  await expect(tooltip).toContainText('under one day');
  await expect(page.locator('.pe-marker[data-line="6"]')).toHaveAccessibleName('Line 6: warning');
  await expect(page.locator('.pe-marker[data-line="6"]')).toHaveAccessibleDescription(/^Warning: max_age is 3600 seconds, under one day/);
  await page.keyboard.press('Escape');
  await expect(tooltip).toBeHidden();

  // Enter on a marker puts the caret on its span.
  await page.keyboard.press('Enter');
  const selected = await policyInput(page).evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  expect(selected).toBe('3600');
  await expect(policyInput(page)).toBeFocused();
});

test('a diagnostic in the list puts the caret on its span', async ({ page }) => {
  await openPage(page);
  await policyInput(page).fill(BROKEN);
  await page.locator('#diagnostics > li[data-code="policy/mx-duplicate"] .location').click();
  const input = policyInput(page);
  await expect(input).toBeFocused();
  const [start, end, selected] = await input.evaluate((el) => [el.selectionStart, el.selectionEnd, el.value.slice(el.selectionStart, el.selectionEnd)]);
  expect([start, end, selected]).toEqual([55, 71, 'mail.example.com']);
});

test('Apply fix repairs one diagnostic; Fix all gives a valid policy', async ({ page }) => {
  const problems = await openPage(page);
  await policyInput(page).fill(BROKEN);
  const input = policyInput(page);

  const fixAll = page.locator('#fix-all');
  await expect(fixAll).toHaveText('Fix all (3 safe fixes)');

  // One fix: the look-alike `Mode` becomes `mode`, which is the missing field.
  await page.locator('#diagnostics > li[data-code="policy/mode-missing"]').getByRole('button', { name: /^Apply fix/ }).click();
  await expect(input).toHaveValue('version: STSv1\nmode: enforce\n\nmx: mail.example.com\nmx: mail.example.com\nmax_age: 3600\n');
  expect(await listed(page)).toEqual([
    ['policy/blank-line', 'error', 3],
    ['policy/mx-duplicate', 'info', 5],
    ['policy/max-age-short', 'warning', 6],
  ]);
  // The fix is one edit of the textarea's own history: undo brings the text back.
  await page.keyboard.press('Control+z');
  await expect(input).toHaveValue(BROKEN);
  await expect(page.locator('#diagnostics > li')).toHaveCount(4);

  await fixAll.click();
  await expect(input).toHaveValue('version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 3600\n');
  await expect(page.locator('#summary')).toHaveText('✔ Valid policy (1 warning)');
  await expect(page.locator('#summary')).toHaveAttribute('data-valid', 'true');
  await expect(fixAll).toBeDisabled();
  expect(await markers(page)).toEqual([[4, 'warning', 'policy/max-age-short']]);

  // The "Common mistakes" example: Fix all leaves no error.
  await page.locator('[data-example="mistakes"]').click();
  await expect(page.locator('#summary')).toHaveAttribute('data-valid', 'false');
  await fixAll.click();
  await expect(page.locator('#summary')).toHaveText('✔ Valid policy');
  await expect(page.locator('.pe-marker')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('the parsed table shows mode, max_age in days and the mx list; examples load', async ({ page }) => {
  await openPage(page);
  // The page starts with the first example, a valid enforce policy.
  await expect(page.locator('#summary')).toHaveText('✔ Valid policy');
  const table = page.locator('#policy-table');
  await expect(table.locator('tr[data-field="mode"] td')).toContainText('enforce');
  await expect(table.locator('tr[data-field="max_age"] td')).toHaveText('604800 seconds = 7 days');
  await expect(table.locator('tr[data-field="mx"] li')).toHaveText(['mail.example.com', '*.mx.example.net']);

  await page.locator('[data-example="wildcards"]').click();
  await expect(table.locator('tr[data-field="mx"] li[data-valid="false"]')).toHaveCount(2);
  await expect(table.locator('tr[data-field="mx"] li[data-valid="false"]').first()).toContainText('mx.*.example.com');

  await policyInput(page).fill('version: STSv1\nmode: testing\nmx: a.example\nmax_age: 129600\nx-note: hello\n');
  await expect(table.locator('tr[data-field="max_age"] td')).toHaveText('129600 seconds = 1.5 days');
  await expect(table.locator('tr[data-field="mode"] td')).toContainText('testing');
  await expect(table.locator('tr[data-field="x-note"] td')).toContainText('hello');

  await policyInput(page).fill('');
  await expect(page.locator('#summary')).toHaveText('Paste or type a policy file to check it.');
  await expect(page.locator('#diagnostics > li')).toHaveCount(0);
  await expect(page.locator('.pe-marker')).toHaveCount(0);
});

test('the highlight layer follows the textarea when it scrolls', async ({ page }) => {
  await openPage(page);
  const long = `version: STSv1\nmode: enforce\nmax_age: 86400\n${Array.from({ length: 60 }, (_, i) => `mx: mx${i}.example.com`).join('\n')}\nmx: bad..example.com\n`;
  await policyInput(page).fill(long);
  const marker = page.locator('.pe-marker[data-line="64"]');
  await expect(marker).toHaveAttribute('data-severity', 'error');
  await page.locator('#diagnostics > li[data-line="64"] .location').click();
  // The line is scrolled into view, and its mark and marker are drawn where its text is.
  const input = policyInput(page);
  await expect.poll(() => input.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  const [box, mark, mk] = await Promise.all([
    input.boundingBox(),
    page.locator('.pe-layer .pe-line').boundingBox(),
    marker.boundingBox(),
  ]);
  expect(mark.y).toBeGreaterThan(box.y);
  expect(mark.y + mark.height).toBeLessThan(box.y + box.height);
  expect(Math.abs(mark.y - mk.y)).toBeLessThan(2);
});

test('the parsed table tells a present but invalid value from a missing one', async ({ page }) => {
  await openPage(page);
  const table = page.locator('#policy-table');
  const cell = (field) => table.locator(`tr[data-field="${field}"] td`);
  await policyInput(page).fill('version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 1209600s\n');
  await expect(cell('max_age')).toHaveAttribute('data-state', 'invalid');
  await expect(cell('max_age')).toHaveText('1209600s✖ invalid (line 4)');
  await expect(cell('max_age')).not.toContainText('missing');
  for (const raw of ['31557601', '-1']) {
    await policyInput(page).fill(`version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: ${raw}\n`);
    await expect(cell('max_age'), raw).toHaveAttribute('data-state', 'invalid');
    await expect(cell('max_age'), raw).toContainText(raw);
  }
  // `Mode:` is not `mode`: that field is missing, while `version: STSv2` is there but invalid.
  await policyInput(page).fill('version: STSv2\nMode: enforce\nmx: mail.example.com\nmax_age: 86400\n');
  await expect(cell('mode')).toHaveAttribute('data-state', 'missing');
  await expect(cell('mode')).toHaveText('✖ missing');
  await expect(cell('version')).toHaveAttribute('data-state', 'invalid');
  await expect(cell('max_age')).toHaveAttribute('data-state', 'valid');
  await expect(cell('max_age')).toHaveText('86400 seconds = 1 day');
  // The meaning of the mode is the core's sentence.
  await policyInput(page).fill('version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 86400\n');
  const meaning = await page.evaluate(async () => {
    const wasm = await import('/pkg/mtasts_wasm.js');
    await wasm.default();
    return wasm.vocabulary().modes.find((m) => m.mode === 'testing').meaning;
  });
  await expect(cell('mode')).toHaveText(`testing — ${meaning}`);
});

test('the desktop problems list is not a fixed-height scroll box: every problem is on the page', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openPage(page);
  // 30 problems: far more than the old 34rem box showed.
  await typePolicyFast(page, `version: STSv1\nmode: enforce\n${Array.from({ length: 30 }, (_, i) => `mx: bad_host${i}..example\n`).join('')}max_age: 86400\n`);
  const side = page.locator('#diagnostics').locator('xpath=..');
  const box = await side.evaluate((el) => ({ overflow: getComputedStyle(el).overflowY, scroll: el.scrollHeight, client: el.clientHeight }));
  expect(box.overflow).toBe('visible');
  expect(box.scroll).toBeLessThanOrEqual(box.client);
});

async function typePolicyFast(page, text) {
  await page.getByRole('textbox', { name: 'Policy file', exact: true }).fill(text);
}

test('a marker\'s message goes when the text under it changes (the mouse still over the gutter)', async ({ page }) => {
  await openPage(page);
  await policyInput(page).fill(BROKEN);
  const tooltip = page.locator('.pe-tooltip');
  // The caret in the editor, the mouse on the marker of line 3 (the blank line).
  await policyInput(page).focus();
  await page.locator('.pe-marker[data-line="3"]').hover();
  await expect(tooltip).toContainText('Blank lines are not allowed');
  // Replace the text without moving the mouse: no line has a marker any more (the fields that
  // are missing are problems of the whole file), so the message about the old text must go.
  await page.keyboard.press('Control+a');
  await page.keyboard.type('version: STSv1\nmode: enforce\n');
  await expect(page.locator('.pe-marker')).toHaveCount(0);
  await expect(tooltip).toBeHidden();

  // A marker still under the mouse after an edit shows the message of the text as it is now.
  await policyInput(page).fill(BROKEN);
  await page.locator('.pe-marker[data-line="3"]').hover();
  await policyInput(page).focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.type('x-note: 1');
  await expect(page.locator('.pe-marker[data-line="3"]')).toHaveCount(0);
  await expect(tooltip).not.toContainText('Blank lines are not allowed');
});

test('loading an example over typed text is one edit Ctrl+Z undoes', async ({ page }) => {
  await openPage(page);
  const mine = 'version: STSv1\nmode: testing\nmx: mx.mine.test\nmax_age: 86400\n';
  await policyInput(page).fill(mine);
  await page.locator('[data-example="mistakes"]').click();
  await expect(policyInput(page)).not.toHaveValue(mine);
  await policyInput(page).focus();
  await page.keyboard.press('Control+z');
  await expect(policyInput(page)).toHaveValue(mine);
});
