// scripts/serve.mjs, as the browser and an attacker see it: headers, MIME types, traversal.
import http from 'node:http';
import { expect, test } from '@playwright/test';
import { SECURITY_HEADERS } from '../../scripts/serve.mjs';

/** A raw GET, so that `..` reaches the server as written (URL parsers would resolve it). */
function rawGet(baseURL, path) {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the page, the glue and the wasm have their MIME types and the security headers', async ({
  request,
}) => {
  const cases = [
    ['/', 'text/html; charset=utf-8'],
    ['/main.js', 'text/javascript; charset=utf-8'],
    ['/pkg/mtasts_wasm.js', 'text/javascript; charset=utf-8'],
    ['/pkg/mtasts_wasm_bg.wasm', 'application/wasm'],
    ['/pkg-check/mtasts_wasm_check.js', 'text/javascript; charset=utf-8'],
    ['/pkg-check/mtasts_wasm_check_bg.wasm', 'application/wasm'],
  ];
  for (const [path, type] of cases) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    const headers = res.headers();
    expect(headers['content-type'], path).toBe(type);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(headers[name.toLowerCase()], `${path}: ${name}`).toBe(value);
    }
  }
});

test('errors carry the security headers too', async ({ request }) => {
  const res = await request.get('/no-such-file.js');
  expect(res.status()).toBe(404);
  expect(res.headers()['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy']);
});

test('paths outside the served folder are refused', async ({ baseURL }) => {
  for (const path of [
    '/../Cargo.toml',
    '/pkg/../../Cargo.toml',
    '/%2e%2e/Cargo.toml',
    '/..%2fCargo.toml',
    '/pkg/%2e%2e%2f%2e%2e%2fCargo.toml',
    '/..\\Cargo.toml',
    '/%00',
  ]) {
    const { status } = await rawGet(baseURL, path);
    expect([400, 403], path).toContain(status);
  }
});

test('only GET and HEAD are allowed', async ({ request }) => {
  const res = await request.post('/', { data: 'x' });
  expect(res.status()).toBe(405);
  expect(res.headers().allow).toBe('GET, HEAD');
});
