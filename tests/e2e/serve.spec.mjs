// The page served by `mtasts serve` (docs/PROXY.md, "The `mtasts serve` API"): it finds the API
// by itself and its live check then sees what a browser alone cannot. Against the fixtures with
// CORS off (a browser alone: policy-fetch could-not-verify) and an SMTP server offering STARTTLS
// with a certificate that does not name the MX hosts: the policy is read and judged, the policy
// host's certificate passes, and the MX certificate's names are shown in a failing mx-tls row.
// `mtasts serve` runs on a free port with its test-only loopback exception, DNS over HTTP to the
// fixture DoH server and `--connect-to` for the policy host and port 25.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test } from '@playwright/test';

import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { ensureCerts } from '../fixtures/certs.mjs';
import { startFixtures } from '../fixtures/index.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHECK_TIMEOUT = 20_000;
/** A name no MX host of the zone has: the SMTP server's certificate names it (and the base names). */
const OTHER_NAME = 'mx.elsewhere.example';

/** The `mtasts` binary of this checkout, built when missing. */
function cli() {
  const binary = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'debug', 'mtasts');
  if (!existsSync(binary)) execFileSync('cargo', ['build', '-p', 'mtasts-cli'], { cwd: ROOT, stdio: 'inherit' });
  return binary;
}

/** An SMTP server on 127.0.0.1 that offers STARTTLS and then speaks TLS with `cert`. */
function smtpServer({ key, cert }) {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.write('220 mx.test ESMTP fixture\r\n');
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const verb = buffer.slice(0, end).split(' ')[0].toUpperCase();
        buffer = buffer.slice(end + 2);
        if (verb === 'EHLO') {
          socket.write('250-mx.test\r\n250 STARTTLS\r\n');
        } else if (verb === 'STARTTLS') {
          socket.off('data', onData);
          socket.write('220 2.0.0 go ahead\r\n', () => {
            const secure = new tls.TLSSocket(socket, { isServer: true, key, cert });
            secure.on('error', () => {});
            secure.resume();
          });
          return;
        } else {
          socket.end('221 bye\r\n');
          return;
        }
      }
    };
    socket.on('data', onData);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Starts `mtasts serve` and resolves with its base URL once it listens. */
function startServe(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cli(), ['serve', '--listen', '127.0.0.1:0', '--root', path.join(ROOT, 'dist'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`mtasts serve exited ${code}: ${out}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const url = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
  });
}

/** @type {Awaited<ReturnType<typeof startFixtures>>} */
let fx;
let smtp;
let served;
let browser;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fx = await startFixtures({ cors: false });
  smtp = await smtpServer(ensureCerts({ names: [OTHER_NAME] }));
  const s01 = fx.scenario('s01');
  served = await startServe([
    '--allow-loopback-for-tests',
    '--doh', fx.dohHttpUrl,
    '--ca-file', fx.caFile,
    '--timeout', '5',
    '--connect-to', `mta-sts.${s01.domain}:443:127.0.0.1:${fx.policyPort}`,
    '--connect-to', `:25:127.0.0.1:${smtp.address().port}`,
  ]);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...fx.chromiumArgs] });
});

test.afterAll(async () => {
  await browser?.close();
  served?.child.removeAllListeners('exit');
  served?.child.kill();
  smtp?.close();
  await fx?.close();
});

test('served by mtasts serve, the live check reads a CORS-less policy and shows the certificates', async () => {
  const context = await browser.newContext({ baseURL: served.url, serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Uncaught/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-wasm', 'ready');
  await page.locator('#live-form details.options > summary').click();
  await page.getByLabel('DNS-over-HTTPS resolvers', { exact: true }).fill(fx.dohUrl);
  const s01 = fx.scenario('s01');
  await page.getByLabel('Domain', { exact: true }).fill(s01.input);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.locator('#live-checks')).not.toHaveAttribute('aria-busy', 'true', { timeout: CHECK_TIMEOUT });
  await expect(page.locator('#live-checks > li.check[data-status="pending"]')).toHaveCount(0);

  const row = (id) => page.locator(`#live-checks > li.check[data-check="${id}"]`);
  // The policy host sends no CORS header: only the API could have read it.
  await expect(row('policy-fetch')).toHaveAttribute('data-status', 'pass');
  await expect(row('policy-syntax')).toHaveAttribute('data-status', 'pass');
  await expect(row('policy-host-tls')).toHaveAttribute('data-status', 'pass');
  // The MX certificate names other hosts: mode enforce, so senders refuse delivery.
  await expect(row('mx-tls')).toHaveAttribute('data-status', 'fail');
  const mxHost = s01.mxHosts[0];
  await expect(row('mx-tls')).toContainText(mxHost);
  await expect(row('mx-tls')).toContainText('names only');
  await expect(row('mx-tls')).toContainText(OTHER_NAME);
  await context.close();
  expect(problems).toEqual([]);
});
