// <mta-sts-reports> on the page: TLS-RPT reports picked or dropped are read in the browser (one
// gzipped here, mails and an mbox export dropped: opened by the core in the wasm), and every figure on screen equals the CLI's
// `mtasts reports --format json` for the same files; the exports are the CLI's JSON and Markdown;
// the tables sort from the keyboard; axe finds nothing serious; the tools package is not part of
// the first load. Fixtures: the hand-checked cases of tests/corpus/tlsrpt-report/.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { reportMail } from '../js/report-mail.mjs';
import { openPage, packageRequests, showLazy } from './ui-helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function cliBinary() {
  const target = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  const binary = path.join(target, 'debug', 'mtasts');
  if (!existsSync(binary)) execFileSync('cargo', ['build', '-p', 'mtasts-cli'], { cwd: ROOT, stdio: 'inherit' });
  return binary;
}

/** A corpus case's report texts. */
function corpusTexts(name) {
  const line = readFileSync(path.join(ROOT, 'tests/corpus/tlsrpt-report/readiness.jsonl'), 'utf8')
    .split('\n')
    .find((l) => l.includes(`"name": "${name}"`));
  return JSON.parse(line).files;
}

/** A corpus case's files: name → bytes; the first one gzipped (as senders mail them). */
function corpusFiles(name) {
  return corpusTexts(name).map((text, i) => {
    const base = `report-${String(i).padStart(3, '0')}.json`;
    return i === 0 ? { name: `${base}.gz`, mimeType: 'application/gzip', buffer: gzipSync(Buffer.from(text)) } : { name: base, mimeType: 'application/json', buffer: Buffer.from(text) };
  });
}

/** What the CLI prints for the same files (file names without the folder, as the page has them). */
function cliOutput(files, format) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mtasts-e2e-reports-'));
  try {
    for (const f of files) writeFileSync(path.join(dir, f.name), f.buffer);
    const r = spawnSync(cliBinary(), ['reports', '--format', format, dir], { encoding: 'utf8' });
    return r.stdout.replaceAll(`${dir}/`, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const reports = (page) => page.locator('mta-sts-reports');

async function figures(page) {
  return reports(page)
    .locator('#figures [data-figure]')
    .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.figure, e.querySelector('dd').textContent])));
}

test('picked files: figures, chart and tables equal the CLI\'s JSON; exports are the CLI\'s', async ({ page }) => {
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const problems = await openPage(page);
  await showLazy(page, 'mta-sts-reports');
  expect(requested.filter((p) => p.includes('pkg-tools'))).toEqual([]);

  const files = corpusFiles('not-ready-sts-failure-in-window');
  const expected = JSON.parse(cliOutput(files, 'json'));
  await reports(page).locator('#pick-files-input').setInputFiles(files);
  await expect(reports(page).locator('#verdict')).toBeVisible();
  // The glue, its wasm and the glue's snippet (src/unpack.js).
  expect(packageRequests(requested, 'pkg-tools')).toEqual(['/pkg-tools/mtasts_wasm_tools.js', '/pkg-tools/mtasts_wasm_tools_bg.wasm', '/pkg-tools/snippets/…/src/unpack.js']);

  // The figures: the CLI's, and the sums worked out by hand in the corpus (280 successful, 2 failed).
  expect(await figures(page)).toEqual({
    files: String(expected.files),
    reports: String(expected.reports),
    duplicates: String(expected.duplicates),
    successful: '280',
    failed: '2',
    rate: `${(expected.sessions.success_rate * 100).toFixed(2)}%`,
  });
  expect(expected.sessions).toMatchObject({ successful: 280, failed: 2 });
  // The verdict and its blockers.
  await expect(reports(page).locator('#verdict .banner')).toHaveAttribute('data-valid', 'false');
  expect(await reports(page).locator('#verdict [data-kind]').evaluateAll((els) => els.map((e) => e.dataset.kind))).toEqual(expected.blockers.map((b) => b.kind));
  // One bar per day with the day's figures, one table row per day.
  const bars = await reports(page).locator('#chart g[data-day]').evaluateAll((gs) => gs.map((g) => [g.dataset.day, Number(g.dataset.successful), Number(g.dataset.failed)]));
  expect(bars).toEqual(expected.by_day.map((d) => [d.day, d.successful, d.failed]));
  const rows = await reports(page).locator('#by-day tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 3).map((c) => c.textContent)));
  expect(rows).toEqual(expected.by_day.map((d) => [d.day, String(d.successful), String(d.failed)]));
  expect(await reports(page).locator('#by-result-type tbody tr th').allTextContents()).toEqual(expected.result_types.map((t) => t.result_type));
  // The element's summary is the CLI's JSON object.
  expect(await reports(page).evaluate((el) => el.summary)).toEqual(expected);

  // Exports: the CLI's JSON and Markdown, byte for byte.
  const [json] = await Promise.all([page.waitForEvent('download'), reports(page).locator('#export-json').click()]);
  expect(readFileSync(await json.path(), 'utf8')).toBe(cliOutput(files, 'json'));
  expect(json.suggestedFilename()).toBe('tlsrpt-summary.json');
  const [md] = await Promise.all([page.waitForEvent('download'), reports(page).locator('#export-md').click()]);
  expect(readFileSync(await md.path(), 'utf8')).toBe(cliOutput(files, 'markdown'));
  expect(problems).toEqual([]);
});

test('dropped files (DataTransfer); problems of broken input are listed per file', async ({ page }) => {
  const problems = await openPage(page);
  await showLazy(page, 'mta-sts-reports');
  const files = [
    { name: 'good.json', text: readFileSync(path.join(ROOT, 'tests/corpus/tlsrpt-report/readiness.jsonl'), 'utf8').split('\n').map((l) => (l.startsWith('{') ? JSON.parse(l) : null)).find(Boolean).files[0] },
    { name: 'broken.json', text: '{"organization-name": "X",' },
    { name: 'mail.eml', text: 'From: reports@example.net\r\nSubject: report\r\n\r\nhello\r\n' },
  ];
  await reports(page).locator('#drop').evaluate((drop, list) => {
    const transfer = new DataTransfer();
    for (const f of list) transfer.items.add(new File([f.text], f.name));
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
  await expect(reports(page).locator('#problems')).toBeVisible();
  const listed = await reports(page).locator('#problems > li[data-code]').evaluateAll((lis) => lis.map((li) => [li.querySelector('.where').textContent, li.dataset.code]));
  expect(listed).toEqual([
    ['broken.json:1:27', 'tlsrpt-report/json-invalid'],
    ['mail.eml', 'tlsrpt-report/unreadable'],
  ]);
  expect(await figures(page)).toMatchObject({ files: '3', reports: '1' });
  expect(problems).toEqual([]);
});

test('dropped mails: a .eml and an mbox export with other mail are opened in the page, as the CLI opens them', async ({ page }) => {
  const problems = await openPage(page);
  await showLazy(page, 'mta-sts-reports');
  const corpus = corpusTexts('not-ready-sts-failure-in-window');
  const [first, ...rest] = corpus;
  const lunch = 'From: friend@example.org\r\nSubject: lunch?\r\n\r\nNo report here.\r\n';
  const mbox = [lunch, ...rest.map((r, i) => reportMail(r, `day-${i + 2}`))].map((m, i) => `From MAILER-DAEMON Thu May  ${i + 1} 00:00:00 2024\r\n${m}`).join('\r\n');
  const files = [
    { name: 'first.eml', mimeType: 'message/rfc822', buffer: Buffer.from(reportMail(first, 'day-1')) },
    { name: 'rest.mbox', mimeType: 'application/mbox', buffer: Buffer.from(mbox) },
  ];
  const expected = JSON.parse(cliOutput(files, 'json'));
  await reports(page).locator('#drop').evaluate((drop, list) => {
    const transfer = new DataTransfer();
    for (const f of list) transfer.items.add(new File([f.text], f.name, { type: f.type }));
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files.map((f) => ({ name: f.name, type: f.mimeType, text: f.buffer.toString() })));
  await expect(reports(page).locator('#verdict')).toBeVisible();
  // Every report of the corpus case, from one mail and the mbox's messages: the hand-checked sums.
  expect(await figures(page)).toMatchObject({ files: '2', reports: String(corpus.length), successful: '280', failed: '2' });
  expect(await reports(page).evaluate((el) => el.summary)).toEqual(expected);
  const listed = await reports(page).locator('#problems > li[data-code]').evaluateAll((lis) => lis.map((li) => [li.querySelector('.where').textContent, li.dataset.severity]));
  expect(listed).toEqual([['rest.mbox (message 1)', 'info']]);
  expect(problems).toEqual([]);
});

test('keyboard: pick files from the keyboard, sort a table, axe finds nothing serious', async ({ page }) => {
  await openPage(page);
  await showLazy(page, 'mta-sts-reports');
  const files = corpusFiles('ready-14-days-2-orgs');
  // "Choose files…" is a real button: Enter opens the file chooser.
  await reports(page).locator('#pick-files').focus();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  await chooser.setFiles(files);
  await expect(reports(page).locator('#verdict .banner')).toHaveAttribute('data-valid', 'true');

  const failedHead = reports(page).locator('#by-organization thead th').nth(3);
  await failedHead.locator('button').focus();
  await page.keyboard.press('Enter');
  await expect(failedHead).toHaveAttribute('aria-sort', 'ascending');
  await page.keyboard.press(' ');
  await expect(failedHead).toHaveAttribute('aria-sort', 'descending');
  const orgs = await reports(page).locator('#by-organization tbody th').allTextContents();
  expect(orgs).toEqual(['A', 'B']); // no failures: ties keep the core's order
  const dayHead = reports(page).locator('#by-day thead th').first();
  await dayHead.locator('button').click();
  await dayHead.locator('button').click();
  await expect(dayHead).toHaveAttribute('aria-sort', 'descending');
  expect(await reports(page).locator('#by-day tbody th').first().textContent()).toBe('2024-05-14');

  const { violations } = await new AxeBuilder({ page }).include('mta-sts-reports').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
