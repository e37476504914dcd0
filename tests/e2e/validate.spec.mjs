// The page validates the "Policy file" textarea as you type, under the production CSP: a broken
// policy shows its diagnostics with line numbers, a fixed one shows "valid". (The editor's
// markers, fixes and the rest of the page: ui-*.spec.mjs.)
import { expect, test } from '@playwright/test';

const BROKEN = 'version: STSv1\nMode: Enforce\n\nmx: mail.example.com\nmax_age: 86400\n';
const FIXED = 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n';

/** Fails the test on console errors, page errors (CSP violations included) and failed requests. */
function watchProblems(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`failed request: ${req.url()}`));
  return problems;
}

test('typing a broken policy lists its diagnostics by line; fixing it shows valid', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');

  const policy = page.getByRole('textbox', { name: 'Policy file', exact: true });
  const summary = page.locator('#summary');
  const items = page.locator('#diagnostics > li');
  await expect(policy).toBeEnabled();
  // The page starts with an example policy; empty, it asks for one.
  await policy.fill('');
  await expect(summary).toHaveText('Paste or type a policy file to check it.');
  await expect(items).toHaveCount(0);

  // Typed key by key: the page re-validates on every `input` event.
  await policy.pressSequentially(BROKEN);
  await expect(summary).toHaveText('✖ Not valid: 2 errors');
  await expect(summary).toHaveAttribute('data-valid', 'false');
  await expect(items).toHaveCount(2);
  const seen = await items.evaluateAll((lis) =>
    lis.map((li) => [li.dataset.code, li.dataset.severity, li.dataset.line, li.querySelector('.location').textContent]),
  );
  // The missing `mode` is explained by the look-alike `Mode`: the error sits on its line.
  expect(seen).toEqual([
    ['policy/mode-missing', 'error', '2', 'Line 2, column 1'],
    ['policy/blank-line', 'error', '3', 'Line 3, column 1'],
  ]);
  // Backticked words of the message are rendered as code, as text (never as HTML).
  await expect(items.nth(0).locator('.message code').nth(1)).toHaveText('Mode');

  // A diagnostic's location selects its span in the textarea (UTF-16 offsets).
  await items.nth(0).locator('.location').click();
  const selection = await policy.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  expect(selection).toBe('Mode');

  // A field missing with nothing to explain it is a problem of the whole file: listed and
  // shown under the verdict, never a marker on a line that is fine.
  await policy.fill('version: STSv1\nmode: enforce\nmx: mail.example.com\n');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-whole-file', 'true');
  await expect(items.first().locator('.location')).toHaveText('Whole file');
  await expect(page.locator('#file-problems li')).toHaveText(['The required max_age field is missing; add e.g. max_age: 604800 (one week).']);
  await expect(page.locator('.pe-marker')).toHaveCount(0);
  await expect(page.locator('.pe-layer .pe-point, .pe-layer .pe-mark')).toHaveCount(0);

  await policy.fill(FIXED);
  await expect(summary).toHaveText('✔ Valid policy');
  await expect(summary).toHaveAttribute('data-valid', 'true');
  await expect(items).toHaveCount(0);
  await expect(page.locator('#file-problems')).toBeHidden();

  expect(problems).toEqual([]);
});

test('positions count an emoji as one column and two UTF-16 units', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  const policy = page.getByRole('textbox', { name: 'Policy file', exact: true });
  await policy.fill('version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 86400\r\né😀 : x\r\n');
  const item = page.locator('#diagnostics > li[data-code="policy/space-before-colon"]');
  await expect(item).toHaveAttribute('data-line', '5');
  await expect(item.locator('.location')).toHaveText('Line 5, column 3');
  await item.locator('.location').click();
  // The textarea normalises CRLF to LF: offsets are those of the value it holds, where `é` is one
  // UTF-16 unit and the emoji two, so the space is 3 units into line 5.
  const [start, end, lineStart] = await policy.evaluate((el) => [el.selectionStart, el.selectionEnd, el.value.indexOf('é')]);
  expect([start, end]).toEqual([lineStart + 3, lineStart + 4]);
  expect(problems).toEqual([]);
});

test('markup in the policy is shown as text, never parsed', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  await page.getByRole('textbox', { name: 'Policy file', exact: true }).fill('version: STSv1\nmode: <img src=x onerror="document.title=1">\n');
  const item = page.locator('#diagnostics > li[data-code="policy/mode-invalid"]');
  await expect(item).toContainText('<img src=x');
  await expect(page.locator('#diagnostics img')).toHaveCount(0);
});
