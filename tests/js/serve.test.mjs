// scripts/serve.mjs, the development server: it answers only requests addressed to itself
// (a DNS-rebinding defence) and serves a file only at its own path. Needs no build.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { createStaticServer, isOwnHost } from '../../scripts/serve.mjs';

let server;
let port;

before(async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'mtasts-serve-'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>page</title>\n');
  server = await createStaticServer(root);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;
});

after(() => server.close());

/** GET `urlPath` with the Host header `host` (`null`: none at all). */
function get(urlPath, host) {
  return new Promise((resolve, reject) => {
    const headers = host === null ? {} : { Host: host };
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, headers, setHost: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serve: answers its own names, with or without the port', async () => {
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', `[::1]:${port}`, 'LOCALHOST.']) {
    assert.equal(await get('/', host), 200, host);
  }
});

test('serve: any other Host is 421 (a DNS-rebinding page cannot read it), none is 400', async () => {
  for (const host of [`attacker.example:${port}`, 'attacker.example', '127.0.0.2', `localhost.attacker.example:${port}`, '0.0.0.0', '[::2]', 'localhost:x', '']) {
    assert.equal(await get('/', host), 421, JSON.stringify(host));
  }
  assert.equal(await get('/', null), 400);
});

test('serve: a file is served at its own path only, not with a trailing slash', async () => {
  assert.equal(await get('/index.html', 'localhost'), 200);
  assert.equal(await get('/index.html/', 'localhost'), 404);
  assert.equal(await get('/index.html/.', 'localhost'), 400);
});

test('serve: isOwnHost accepts the listen host too', () => {
  assert.equal(isOwnHost('192.0.2.7:8080', '192.0.2.7'), true);
  assert.equal(isOwnHost('[fe80::1]:8080', 'fe80::1'), true);
  assert.equal(isOwnHost('192.0.2.7:8080'), false);
  assert.equal(isOwnHost(undefined), false);
});
