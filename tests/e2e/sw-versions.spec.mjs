// A deploy never mixes versions (issue 15): the service worker caches one build's whole set (app
// shell, lint worker and wasm, live-check and tools packages, codes.json) under that build's
// version id, and a page is served by the version it loaded with until it is closed. Two builds
// are made from dist/ as scripts/build.sh stamps them (another version id in sw.js; each file
// marked with its build), deployed one after the other into the folder a server of this test
// serves.
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createStaticServer } from '../../scripts/serve.mjs';
import { waitForServiceWorker } from './ui-helpers.mjs';

/** Files of the set whose build the page can tell by a marker (JavaScript comments). */
const MARKED = ['main.js', 'lint-worker.js', 'pkg-check/mtasts_wasm_check.js', 'pkg-tools/mtasts_wasm_tools.js'];

let tmp;
let live;
let server;
let baseURL;

test.beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'mtasts-sw-'));
  live = path.join(tmp, 'live');
  await deploy('aaaaaaaaaaaa');
  server = await createStaticServer(live);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${server.address().port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(tmp, { recursive: true, force: true });
});

/** Puts build `id` in place of the served folder: dist/ with another version id, files marked. */
async function deploy(id) {
  await rm(live, { recursive: true, force: true });
  await cp('dist', live, { recursive: true });
  const sw = path.join(live, 'sw.js');
  const text = await readFile(sw, 'utf8');
  expect(text).toMatch(/const VERSION = '[0-9a-f]{12}'/);
  await writeFile(sw, text.replace(/const VERSION = '[0-9a-f]{12}'/, `const VERSION = '${id}'`));
  const index = path.join(live, 'index.html');
  await writeFile(index, (await readFile(index, 'utf8')).replace('<head>', `<head><meta name="x-build" content="${id}">`));
  for (const file of MARKED) await appendFile(path.join(live, file), `\n/* build ${id} */\n`);
}

/** The build of the page itself and of each set file it would load now (through its worker). */
function builds(page) {
  return page.evaluate(async (marked) => {
    const files = {};
    for (const f of marked) files[f] = (await (await fetch(f)).text()).match(/build ([0-9a-f]{12}) \*\/\s*$/)?.[1] ?? 'unmarked';
    return { page: document.querySelector('meta[name="x-build"]')?.getAttribute('content'), ...files };
  }, MARKED);
}

const all = (id) => Object.fromEntries([['page', id], ...MARKED.map((f) => [f, id])]);

test('a page keeps the set it loaded with across a deploy; the next visit has the new set whole', async ({ browser }) => {
  // Two deploys of every package, three visits and the service worker's installs: 17 s alone,
  // past 30 s on a machine busy with builds.
  test.setTimeout(90_000);
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  await waitForServiceWorker(page);
  expect(await page.evaluate(() => caches.keys())).toEqual(['mtasts-aaaaaaaaaaaa']);
  expect(await builds(page)).toEqual(all('aaaaaaaaaaaa'));

  await deploy('bbbbbbbbbbbb');
  // The open page asks for the packages it had not loaded yet: still the first build's.
  expect(await builds(page)).toEqual(all('aaaaaaaaaaaa'));
  // The new worker is found and installed (its whole set cached), but waits for the old page.
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    await reg.update();
    await new Promise((resolve) => {
      const done = () => (reg.waiting ? resolve(undefined) : setTimeout(done, 50));
      done();
    });
  });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  expect(await builds(page)).toEqual(all('aaaaaaaaaaaa'));

  // Once no page of the first build is open, the next visit is the second build, whole.
  await page.close();
  for (let attempt = 0; ; attempt++) {
    const next = await context.newPage();
    await next.goto('/');
    await expect(next.locator('html')).toHaveAttribute('data-wasm', 'ready');
    const seen = await builds(next);
    const id = seen.page;
    expect(seen, 'one build per page').toEqual(all(id));
    if (id === 'bbbbbbbbbbbb') {
      await waitForServiceWorker(next);
      expect(await next.evaluate(() => caches.keys())).toEqual(['mtasts-bbbbbbbbbbbb']);
      break;
    }
    expect(attempt).toBeLessThan(5);
    await next.close();
  }
  await context.close();
});
