// The page loads the wasm package under the production CSP and shows its version.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

// The wasm crate's version is the workspace's: [workspace.package] version in Cargo.toml.
const cargoToml = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8');
const expectedVersion = /\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/.exec(cargoToml)?.[1];

test('the page shows the wasm version, with no errors or CSP violations', async ({ page }) => {
  expect(expectedVersion, 'workspace version in Cargo.toml').toBeTruthy();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`failed request: ${req.url()}`));

  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  await expect(page.locator('#version')).toHaveText(expectedVersion);
  await expect(page.locator('#status')).toBeHidden();
  expect(problems).toEqual([]);
});
