// Hostile inputs in the page (issue 15): a validator that throws never leaves the old verdict
// standing; megabytes pasted are validated in a worker and the tab keeps answering; permalinks are
// capped before they are inflated.
import { deflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { openPage, policyInput } from './ui-helpers.mjs';

const editor = (page) => page.locator('mta-sts-policy-editor');

test('a validation that throws or rejects says "could not validate", never the old verdict', async ({ page }) => {
  const problems = await openPage(page);
  const summary = page.locator('#summary');
  await expect(summary).toHaveText('✔ Valid policy');
  await policyInput(page).fill('version: STSv1\nMode: enforce\nmx: mail.example.com\nmax_age: 86400\n');
  await expect(page.locator('.pe-marker')).toHaveCount(1);

  // What the huge paste of issue 15 threw.
  await editor(page).evaluate((el) => {
    el.lint = () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
  });
  await expect(summary).toHaveText('✖ Could not validate: Maximum call stack size exceeded');
  await expect(page.locator('.pe-marker')).toHaveCount(0);
  await expect(page.locator('.pe-layer .pe-mark, .pe-layer .pe-point')).toHaveCount(0);
  await expect(page.locator('#diagnostics > li')).toHaveCount(0);
  await expect(page.locator('#fix-all')).toBeDisabled();
  await expect(policyInput(page)).toHaveAttribute('aria-invalid', 'true');

  // A lint answering with a promise (the worker) that rejects: the same.
  await editor(page).evaluate((el) => {
    el.lint = () => Promise.reject(new Error('unreachable executed'));
  });
  await expect(summary).toHaveText('✖ Could not validate: unreachable executed');
  expect(problems).toEqual([]);
});

/**
 * Pastes `text` as one edit and returns what the page's own `input` handling cost (ms): the
 * browser's setting of the value and laying out the textarea are timed apart.
 */
function paste(page, text) {
  return page.evaluate((t) => {
    const ta = document.querySelector('mta-sts-policy').shadowRoot.querySelector('textarea');
    const t0 = performance.now();
    ta.value = t;
    const t1 = performance.now();
    ta.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste' }));
    const t2 = performance.now();
    void ta.scrollHeight; // the textarea's own layout of the text
    return { setValue: t1 - t0, page: t2 - t1, textareaLayout: performance.now() - t2 };
  }, text);
}

test('a worker that cannot start makes a large paste "could not validate"', async ({ browser, baseURL }) => {
  // No service worker: it would answer the worker's script from its cache, past this route.
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.route('**/lint-worker.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await openPage(page);
  await paste(page, `version: STSv1\nmode: enforce\nmax_age: 86400\n${'mx: mail.example.com\n'.repeat(4000)}`);
  await expect(page.locator('#summary')).toHaveText('✖ Could not validate: the background validator stopped');
  await expect(page.locator('.pe-marker')).toHaveCount(0);
  await context.close();
});

test('pasting 1 MiB is validated off the main thread: the page\'s own work stays under 100 ms', async ({ page }) => {
  test.setTimeout(120_000); // the textarea's own layout of 1 MiB takes seconds on a busy machine
  const problems = await openPage(page);
  const big = `version: STSv1\nmode: enforce\nmax_age: 86400\n${'mx: mail.example.com\n'.repeat(50_000)}`;
  expect(big.length).toBeGreaterThan(1024 * 1024);
  const cost = await paste(page, big);
  await expect(page.locator('#summary')).toHaveText(/^✖ Not valid/, { timeout: 20_000 });
  await expect(page.locator('#diagnostics > li[data-code="policy/too-large"], #file-problems li[data-code="policy/too-large"]')).toHaveCount(1);
  // A key after it: the page's own handling, timed apart from the textarea's edit of its value.
  // The long tasks are printed, not asserted: Chromium's textarea lays 50,000 lines out in
  // seconds (the browser's own cost, measured above), which no page code can split.
  const settle = await page.evaluate(async () => {
    const ta = document.querySelector('mta-sts-policy').shadowRoot.querySelector('textarea');
    const tasks = [];
    new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    ta.setRangeText('x', ta.value.length, ta.value.length);
    const t0 = performance.now();
    ta.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: 'x' }));
    const sync = performance.now() - t0;
    await new Promise((resolve) => ta.closest('mta-sts-policy-editor').addEventListener('mtasts-lint', resolve, { once: true }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { sync, tasks };
  });
  console.log(`1 MiB paste: the page ${cost.page.toFixed(0)} ms; the browser set the value in ${cost.setValue.toFixed(0)} ms and laid the textarea out in ${cost.textareaLayout.toFixed(0)} ms; a key after it: ${settle.sync.toFixed(1)} ms, long tasks while its answer landed: [${settle.tasks.map((d) => d.toFixed(0))}]`);
  expect(cost.page).toBeLessThan(100);
  expect(settle.sync).toBeLessThan(100);
  expect(problems).toEqual([]);
});

/** `#s=` for `state`, deflated by Node as the page does it. */
function link(state) {
  return `#s=${deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64url')}`;
}

test('a link that inflates past the cap is refused without inflating it all', async ({ page }) => {
  // ~14,300 characters that inflate to 4.2 MB (issue 15: a 14,438-character link left the page
  // at "Loading the validator…" forever).
  const hash = link({ p: 'mx: mail.example.com\n'.repeat(200_000) });
  expect(hash.length).toBeGreaterThan(10_000);
  await page.goto(`/${hash}`);
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  await expect(page.locator('#status')).toHaveText('The link could not be read: it holds more than 1 MiB of inputs. The page starts with an example instead.');
  await expect(page.locator('#summary')).toHaveText('✔ Valid policy');
});

test('a link longer than the cap is refused before it is decoded', async ({ page }) => {
  await page.goto(`/#s=${'A'.repeat(1_390_000)}`);
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  await expect(page.locator('#status')).toHaveText(
    'The link could not be read: it is 1,390,000 characters long; links of this page hold at most 262,144. The page starts with an example instead.',
  );
});

test('a link under the cap with a large policy opens, validated in the worker', async ({ page }) => {
  const policy = `version: STSv1\nmode: enforce\nmax_age: 86400\n${'mx: mail.example.com\n'.repeat(40_000)}`;
  await page.goto(`/${link({ p: policy })}`);
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  await expect(policyInput(page)).toHaveValue(policy);
  await expect(page.locator('#diagnostics > li[data-code="policy/too-large"], #file-problems li[data-code="policy/too-large"]')).toHaveCount(1);
});
