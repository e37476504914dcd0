// The <mta-sts-check> widget (docs/EMBED.md) in web/embed-demo.html: a control-panel imitation
// with `* { all: unset }`, a 10px serif root and uppercase buttons, served under the strict
// DEMO_CSP of scripts/serve.mjs (Trusted Types required, no inline style), two widgets on one
// page. Hooks: the widgets' ids in the demo (#domain-widget, #policy-widget), the inner ids and
// parts of the elements (Playwright's CSS locators pierce open shadow roots).
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test } from '@playwright/test';

import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { startFixtures } from '../fixtures/index.mjs';
import { packageRequests } from './ui-helpers.mjs';

const DEMO = '/embed-demo.html';

/** Opens the demo with a record of CSP violations, console errors and the widgets' events. */
async function openDemo(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.addInitScript(() => {
    window.__csp = [];
    window.__events = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    for (const type of ['mta-sts-validated', 'mta-sts-checked']) {
      document.addEventListener(type, (e) => {
        const d = /** @type {any} */ (e).detail;
        const seen = { type, target: /** @type {HTMLElement} */ (e.target).id, isEvent: e instanceof Event && e.bubbles && e.composed };
        window.__events.push(
          type === 'mta-sts-checked'
            ? { ...seen, domain: d.domain, overall: d.overall, checks: d.checks.length }
            : { ...seen, verdict: d.verdict, kind: d.kind, codes: d.diagnostics.map((x) => x.code) },
        );
      });
    }
  });
  const response = await page.goto(DEMO);
  await expect(page.locator('#policy-widget #summary')).toHaveText('✔ Valid policy');
  await expect(page.locator('#domain-widget #domain')).toHaveValue('example.com');
  return { problems, csp: response?.headers()['content-security-policy'] ?? '' };
}

const violations = (page) => page.evaluate(() => window.__csp);
const events = (page) => page.evaluate(() => window.__events);

test('both widgets run under the strict CSP (Trusted Types, no inline style) with no violation', async ({ page }) => {
  const { problems, csp } = await openDemo(page);
  expect(csp).toContain("require-trusted-types-for 'script'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  // Typing, markers and tooltips (style set through the CSSOM), fixes and the long forms.
  const editor = page.locator('#policy-widget').getByRole('textbox', { name: 'Policy file', exact: true });
  await editor.fill('version: STSv1\nMode: enforce\nmx: mail.example.com\nmax_age: 86400\n');
  await page.locator('#policy-widget .pe-marker[data-line="2"]').hover();
  await expect(page.locator('#policy-widget .pe-tooltip')).toBeVisible();
  await page.locator('#policy-widget #diagnostics details.more > summary').first().click();
  await expect(page.locator('#policy-widget .long-form').first()).toHaveAttribute('data-state', 'loaded');
  expect(await violations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('the host page styles do not change the widget: layout and text styles as with no host styles', async ({ page }) => {
  await openDemo(page);
  // The same width both times (the host page's own box); everything inside is compared.
  await page.evaluate(() => {
    const w = /** @type {HTMLElement} */ (document.getElementById('domain-widget'));
    w.view = 'both';
    w.style.width = '900px';
  });
  await expect(page.locator('#domain-widget #summary')).toHaveText('Paste or type a policy file to check it.');
  const measure = () =>
    page.evaluate(() => {
      const w = /** @type {HTMLElement} */ (document.getElementById('domain-widget'));
      const origin = w.getBoundingClientRect();
      const all = [];
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          all.push(el);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(w.shadowRoot);
      return all
        .filter((el) => el.getClientRects().length)
        .map((el) => {
          const r = el.getBoundingClientRect();
          const cs = getComputedStyle(el);
          return [
            `${el.localName}${el.id ? `#${el.id}` : ''}`,
            Math.round(r.x - origin.x),
            Math.round(r.y - origin.y),
            Math.round(r.width),
            Math.round(r.height),
            cs.fontFamily,
            cs.fontSize,
            cs.fontWeight,
            cs.color,
            cs.lineHeight,
            cs.letterSpacing,
            cs.textTransform,
            cs.textAlign,
          ].join(' ');
        });
    });
  const hostile = await measure();
  expect(hostile.length).toBeGreaterThan(40);
  await page.evaluate(() => document.querySelector('link[rel="stylesheet"]')?.remove());
  await expect(page.locator('.topbar')).toHaveCSS('font-size', '16px'); // the host styles are gone
  expect(await measure()).toEqual(hostile);
});

test('events: mta-sts-validated carries the verdict and diagnostics, from the widget that changed', async ({ page }) => {
  await openDemo(page);
  const before = (await events(page)).length;
  await page.locator('#policy-widget').getByRole('textbox', { name: 'Policy file', exact: true }).fill('version: STSv1\nmode: enforce\n');
  const seen = (await events(page)).slice(before);
  expect(seen.at(-1)).toEqual({
    type: 'mta-sts-validated',
    target: 'policy-widget',
    isEvent: true,
    verdict: 'invalid',
    kind: 'policy',
    codes: ['policy/max-age-missing', 'policy/mx-missing'],
  });
});

test('attribute changes act live: view, policy, compact, theme', async ({ page }) => {
  await openDemo(page);
  const w = page.locator('#domain-widget');
  await expect(w.locator('section[part="policy"]')).toBeHidden();
  await w.evaluate((el) => el.setAttribute('view', 'policy'));
  await expect(w.locator('section[part="policy"]')).toBeVisible();
  await expect(w.locator('section[part="domain"]')).toBeHidden();
  await w.evaluate((el) => el.setAttribute('policy', 'version: STSv1\nmode: none\nmax_age: 86400\n'));
  await expect(w.getByRole('textbox', { name: 'Policy file', exact: true })).toHaveValue('version: STSv1\nmode: none\nmax_age: 86400\n');
  await expect(w.locator('#summary')).toHaveText('✔ Valid policy (1 note)');
  await expect(w.locator('#policy-table')).toBeVisible();
  await w.evaluate((el) => el.setAttribute('compact', ''));
  await expect(w.locator('#policy-table')).toBeHidden();
  const bg = () => w.locator('.views').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await bg()).toBe('rgb(255, 255, 255)');
  await w.evaluate((el) => el.setAttribute('theme', 'dark'));
  expect(await bg()).toBe('rgb(20, 21, 24)');
  await w.evaluate((el) => el.setAttribute('domain', 'example.org'));
  await w.evaluate((el) => el.setAttribute('view', 'domain'));
  await expect(w.locator('#domain')).toHaveValue('example.org');
});

test('two widgets on one page do not interfere', async ({ page }) => {
  await openDemo(page);
  const one = page.locator('#domain-widget');
  const two = page.locator('#policy-widget');
  await one.evaluate((el) => el.setAttribute('view', 'both'));
  await one.getByRole('textbox', { name: 'Policy file', exact: true }).fill('version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 86400\n');
  await two.getByRole('textbox', { name: 'Policy file', exact: true }).fill('version: STSv9\n');
  await expect(one.locator('#summary')).toHaveText('✔ Valid policy');
  await expect(two.locator('#summary')).toContainText('✖ Not valid');
  await one.getByRole('textbox', { name: 'MX host', exact: true }).fill('b.example.com');
  await expect(one.locator('#match-summary')).toHaveText('✖ 1 of 1 host covered by no pattern.');
  await expect(two.locator('#match-summary')).toHaveCount(0);
  await expect(one.getByRole('textbox', { name: 'Policy file', exact: true })).toHaveValue('version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 86400\n');
  const targets = new Set((await events(page)).map((e) => e.target));
  expect(targets).toEqual(new Set(['domain-widget', 'policy-widget']));
});

test('custom properties theme it: accent, border, font and radius from the host page', async ({ page }) => {
  await openDemo(page);
  const frame = page.locator('#policy-widget .pe-frame');
  await expect(frame).toHaveCSS('border-top-color', 'rgb(183, 154, 214)');
  await expect(frame).toHaveCSS('border-top-left-radius', '0px');
  await expect(page.locator('#policy-widget #summary')).toHaveCSS('font-family', "\"DejaVu Sans\", sans-serif");
  await page.locator('#policy-widget').getByRole('textbox', { name: 'Policy file', exact: true }).focus();
  await expect(frame).toHaveCSS('outline-color', 'rgb(123, 44, 191)');
  // The unthemed widget keeps the defaults.
  await expect(page.locator('#domain-widget #domain')).toHaveCSS('border-top-color', 'rgb(196, 199, 204)');
});

test('keyboard only: Tab into the widget, edit the policy, fix it, with a visible focus', async ({ page }) => {
  await openDemo(page);
  const editor = page.locator('#policy-widget').getByRole('textbox', { name: 'Policy file', exact: true });
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await editor.evaluate((el) => el.getRootNode().activeElement === el);
  }
  expect(reached).toBe(true);
  await expect(page.locator('#policy-widget .pe-frame')).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('version: STSv1\nMode: enforce\nmx: mail.example.com\nmax_age: 86400\n');
  await expect(page.locator('#policy-widget #summary')).toContainText('✖ Not valid');
  await page.keyboard.press('Tab');
  await expect(page.locator('#policy-widget #fix-all')).toBeFocused();
  await expect(page.locator('#policy-widget #fix-all')).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('Enter');
  await expect(page.locator('#policy-widget #summary')).toHaveText('✔ Valid policy');
  await expect(editor).toHaveValue('version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n');
});

for (const scheme of /** @type {const} */ (['light', 'dark'])) {
  test(`axe: the widgets have no serious or critical violation (${scheme})`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, colorScheme: scheme });
    const page = await context.newPage();
    await openDemo(page);
    await page.locator('#policy-widget').getByRole('textbox', { name: 'Policy file', exact: true }).fill('version: STSv1\nMode: enforce\n\nmx: mail.example.com.\n');
    await page.locator('#domain-widget details.options > summary').click();
    if (scheme === 'dark') await page.evaluate(() => document.querySelectorAll('mta-sts-check').forEach((w) => w.setAttribute('theme', 'dark')));
    const { violations: found } = await new AxeBuilder({ page })
      .include('mta-sts-check')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const serious = found
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    expect(serious).toEqual([]);
    await context.close();
  });
}

test.describe('live check in the widget', () => {
  /** @type {Awaited<ReturnType<typeof startFixtures>>} */
  let fx;
  /** @type {import('@playwright/test').Browser} */
  let browser;
  test.beforeAll(async () => {
    fx = await startFixtures({ latencyMs: 20 });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...fx.chromiumArgs] });
  });
  test.afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  test('`auto` checks on connect; mta-sts-checked carries the report; pkg-check loads only then', async ({ baseURL }) => {
    const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
    const page = await context.newPage();
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    const { problems } = await openDemo(page);
    expect(requested.filter((p) => p.includes('pkg-check'))).toEqual([]);
    const s = fx.scenario('s01');
    await page.evaluate(
      ({ doh, domain }) => {
        const w = document.createElement('mta-sts-check');
        w.id = 'auto-widget';
        w.setAttribute('view', 'domain');
        w.setAttribute('resolver', doh);
        w.setAttribute('domain', domain);
        w.setAttribute('auto', '');
        document.querySelector('main')?.append(w);
      },
      { doh: fx.dohUrl, domain: s.domain },
    );
    await expect(page.locator('#auto-widget #live-status')).not.toHaveAttribute('data-status', 'pending', { timeout: 20_000 });
    await expect(page.locator('#auto-widget #live-status')).toHaveAttribute('data-status', 'pass');
    const checked = (await events(page)).filter((e) => e.type === 'mta-sts-checked');
    expect(checked).toEqual([{ type: 'mta-sts-checked', target: 'auto-widget', isEvent: true, domain: s.domain, overall: 'pass', checks: 10 }]);
    // The glue, its wasm and the glue's snippet (src/unpack.js).
    expect(packageRequests(requested, 'pkg-check')).toEqual(['/embed/pkg-check/mtasts_wasm_check.js', '/embed/pkg-check/mtasts_wasm_check_bg.wasm', '/embed/pkg-check/snippets/…/src/unpack.js']);
    // The other widgets did not check anything.
    await expect(page.locator('#domain-widget #live-status')).toBeHidden();
    expect(await violations(page)).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy|Uncaught|page error/.test(p))).toEqual([]);
    await context.close();
  });
});
