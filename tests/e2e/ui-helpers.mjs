// Shared by the ui*.spec.mjs tests of the web app (not a spec itself).
import { expect } from '@playwright/test';

/** Loads the page and waits for the validator; returns the problems list (console errors,
 * page errors, CSP violations, failed requests) to assert empty at the end. */
export async function openPage(page, path = '/') {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`failed request: ${req.url()}`));
  await page.goto(path);
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  return problems;
}

/** The gutter markers as [line, severity, codes]. */
export function markers(page) {
  return page
    .locator('.pe-marker')
    .evaluateAll((els) => els.map((m) => [Number(m.dataset.line), m.dataset.severity, m.dataset.code]));
}

/** The policy diagnostics list as [code, severity, line]. */
export function listed(page) {
  return page
    .locator('#diagnostics > li')
    .evaluateAll((els) => els.map((li) => [li.dataset.code, li.dataset.severity, li.dataset.wholeFile ? 'file' : Number(li.dataset.line)]));
}

/** The policy editor's textarea (by role and exact name: a gutter marker's label may quote a
 * message that mentions the policy file). */
export const policyInput = (page) => page.getByRole('textbox', { name: 'Policy file', exact: true });

/** Empties the editor and types `text` key by key (one `input` event per key). */
export async function typePolicy(page, text) {
  const input = policyInput(page);
  await input.fill('');
  await input.pressSequentially(text);
}

/** Waits until the service worker controls the page (so the app shell is cached). */
export async function waitForServiceWorker(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

/** A permalink fragment for `state`, made by the page's own encoder (through the Share button). */
export async function encodeFragment(page, state) {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  await policyInput(page).fill(state.policy ?? '');
  await page.getByRole('textbox', { name: '_mta-sts TXT record' }).fill(state.sts ?? '');
  await page.getByRole('textbox', { name: '_smtp._tls TXT record (TLS-RPT)' }).fill(state.tlsrpt ?? '');
  await page.getByLabel('MX host', { exact: true }).fill(state.hosts ?? '');
  await page.getByLabel('Domain', { exact: true }).fill(state.domain ?? '');
  await page.getByRole('button', { name: 'Copy link to these inputs' }).click();
  const url = await page.getByRole('textbox', { name: 'Link to these inputs' }).inputValue();
  await page.goto('about:blank');
  return new URL(url).hash.slice(1);
}

/** Brings a lazily defined element (the reports reader, the generator: web/src/lazy.js) into
 * view, which imports its class, and waits until it has rendered. */
export async function showLazy(page, name) {
  await page.evaluate(async (n) => {
    const el = /** @type {any} */ (document.querySelector(n));
    el.scrollIntoView();
    await customElements.whenDefined(n);
    await el.ready;
  }, name);
}

/**
 * The files of the wasm package `name` (`pkg-check`, `pkg-tools`) among the `requested` paths,
 * sorted, with the folder of the glue's snippet (named by a hash) written `snippets/…`.
 */
export function packageRequests(requested, name) {
  return requested
    .filter((p) => p.includes(`/${name}/`))
    .map((p) => p.replace(/\/snippets\/[^/]+\//, '/snippets/…/'))
    .sort();
}
