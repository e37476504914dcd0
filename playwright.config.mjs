// Browser end-to-end tests (tests/e2e/*.spec.mjs): Debian's Chromium, driven by Playwright, against
// dist/ served by scripts/serve.mjs on a free 127.0.0.1 port. Run through `npm test`, which builds
// dist/ first; alone: `npm run build && npx playwright test`.
import { existsSync } from 'node:fs';
import net from 'node:net';
import { defineConfig } from '@playwright/test';

/** Flags that keep Chromium off the internet and quiet in a container (the same as
 * crates/mtasts-wasm/webdriver.json).
 * Playwright itself adds the headless and sandbox flags. */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-extensions',
];

/** Asks the OS for a free port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Workers load this file again; the environment they inherit keeps them on the same port.
process.env.MTASTS_E2E_PORT ||= String(await freePort());
const port = Number(process.env.MTASTS_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

if (!existsSync(new URL('./dist/pkg/mtasts_wasm_bg.wasm', import.meta.url))) {
  throw new Error('dist/ has no wasm build: run `npm run build` first (npm test does)');
}

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.mjs',
  outputDir: 'target/e2e/test-results',
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node scripts/serve.mjs --root dist --port ${port}`,
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
