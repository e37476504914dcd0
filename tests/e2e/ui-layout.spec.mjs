// The page as a new user first sees it (issue 10 item 6, web-only defects): the domain check
// leads (its box is on the first screen, desktop and phone); the pre-filled policy says it is an
// example; the header's copy-link button does not move the title; hints and templates name the
// domain typed, not example.com; at 360 px the match table fits or says it scrolls.
import { expect, test } from '@playwright/test';
import { openPage, policyInput } from './ui-helpers.mjs';

const SCREENS = [
  ['desktop', { width: 1280, height: 900 }],
  ['phone', { width: 360, height: 780 }],
];

for (const [name, viewport] of SCREENS) {
  test(`the domain box is on the first screen and the example says it is one (${name})`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, viewport });
    const page = await context.newPage();
    const problems = await openPage(page);
    const domain = page.getByLabel('Domain', { exact: true });
    const box = await domain.boundingBox();
    expect(box, 'the Domain input is laid out').not.toBeNull();
    // Whole, without scrolling: the box and its Check button.
    expect(box.y + box.height, 'the Domain box ends on the first screen').toBeLessThanOrEqual(viewport.height);
    const button = await page.getByRole('button', { name: 'Check', exact: true }).boundingBox();
    expect(button.y + button.height).toBeLessThanOrEqual(viewport.height);

    // The pre-filled policy is labelled as an example, and the label goes once it is replaced.
    const note = page.locator('#example-note');
    await expect(note).toBeVisible();
    await expect(note).toContainText('Example policy');
    await policyInput(page).fill('version: STSv1\nmode: testing\nmx: mx.firm.test\nmax_age: 86400\n');
    await expect(note).toBeHidden();
    // A loaded example is labelled again.
    await page.locator('[data-example="testing"]').click();
    await expect(note).toBeVisible();
    expect(problems).toEqual([]);
    await context.close();
  });

  test(`the copy-link button does not move the title or itself (${name})`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, viewport });
    const page = await context.newPage();
    await openPage(page);
    const title = page.getByRole('heading', { level: 1 });
    const share = page.getByRole('button', { name: 'Copy link to these inputs' });
    const before = [await title.boundingBox(), await share.boundingBox()];
    // No clipboard permission here: the page falls back to showing the link to copy, the
    // largest change it makes.
    await share.click();
    await expect(page.locator('#share-status')).not.toBeEmpty();
    const after = [await title.boundingBox(), await share.boundingBox()];
    expect(after).toEqual(before);
    await context.close();
  });
}

test('hints and templates name the domain typed, not example.com', async ({ page }) => {
  const problems = await openPage(page);
  const sts = page.locator('#sts-checker');
  const tlsrpt = page.locator('#tlsrpt-checker');
  await expect(sts.locator('#hint')).toContainText('dig +short TXT _mta-sts.example.com');

  await page.getByLabel('Domain', { exact: true }).fill('firm.co.uk');
  await expect(sts.locator('#hint')).toContainText('dig +short TXT _mta-sts.firm.co.uk');
  await expect(tlsrpt.locator('#hint')).toContainText('dig +short TXT _smtp._tls.firm.co.uk');
  await expect(page.getByRole('textbox', { name: '_smtp._tls TXT record (TLS-RPT)' })).toHaveAttribute('placeholder', 'v=TLSRPTv1; rua=mailto:tlsrpt@firm.co.uk');
  await expect(page.locator('#policy-panel #policy-hint')).toContainText('https://mta-sts.firm.co.uk/.well-known/mta-sts.txt');
  await expect(page.locator('body')).not.toContainText('example.com/.well-known');

  // An address or a URL names its domain (the core reads it); nothing readable: the generic hint.
  await page.getByLabel('Domain', { exact: true }).fill('postmaster@mail.firm.de');
  await expect(sts.locator('#hint')).toContainText('dig +short TXT _mta-sts.mail.firm.de');
  await page.getByLabel('Domain', { exact: true }).fill('');
  await expect(sts.locator('#hint')).toContainText('dig +short TXT _mta-sts.example.com');
  await expect(page.locator('#policy-panel #policy-hint')).toContainText('https://mta-sts.your-domain/.well-known/mta-sts.txt');
  expect(problems).toEqual([]);
});

test('at 360 px the match table fits the screen or shows that it scrolls', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  const problems = await openPage(page);
  for (const example of ['enforce', 'wildcards']) {
    await page.locator(`[data-example="${example}"]`).click();
    // The preview loads its package when it comes into view.
    await page.locator('#match-preview').scrollIntoViewIfNeeded();
    const scroller = page.locator('#match-preview .table-scroll');
    await expect(scroller).toBeVisible();
    // Either nothing is hidden sideways, or a visible cue says so (given a frame to measure).
    await expect
      .poll(
        () =>
          scroller.evaluate((el) => {
            const cue = el.parentNode.querySelector('.scroll-cue');
            return el.scrollWidth <= el.clientWidth + 1 || Boolean(cue?.checkVisibility());
          }),
        { message: `${example}: the table scrolls sideways with no hint`, timeout: 2000 },
      )
      .toBe(true);
  }
  expect(problems).toEqual([]);
  await context.close();
});
