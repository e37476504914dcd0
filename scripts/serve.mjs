#!/usr/bin/env node
// A static file server for the web app, with no dependencies: `npm start` and the Playwright
// tests use it.
//
//   node scripts/serve.mjs [--root DIR] [--port N]
//
// - Binds to 127.0.0.1 only. Port: --port, else $PORT, else 8080; 0 picks a free one. The URL it
//   serves on is printed once listening.
// - Root: --root, else dist/ when it exists, else web/.
// - Sends the production security headers (SECURITY_HEADERS) on every response, so what works
//   here works where the page is deployed; correct MIME types (application/wasm is required by
//   WebAssembly.instantiateStreaming); GET and HEAD only.
// - web/embed-demo.html gets DEMO_CSP instead: stricter (Trusted Types, default-src 'none').
// - Refuses anything outside the root: `..` segments, encoded or not, and symlinks out of it;
//   a file is never served at a path ending in `/` (`/index.html/` is 404).
// - Answers only requests whose Host is itself (localhost, 127.0.0.1, [::1], the listen
//   host): anything else is 421, so a page on another name that a DNS-rebinding attack points
//   at 127.0.0.1 cannot read what is served here. No Host at all is 400.

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HOST = '127.0.0.1';
const DEFAULT_PORT = 8080;
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Headers sent with every response, errors included. Keep in sync with the deployment. */
export const SECURITY_HEADERS = Object.freeze({
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self' https:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

/**
 * The hostile embedding demo (web/embed-demo.html) gets a stricter policy still: no `connect-src`
 * beyond what the widget's live check needs, Trusted Types required (no string ever becomes
 * markup or script), and no inline style of any kind ('unsafe-hashes' absent too).
 */
export const DEMO_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' https:",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');
const DEMO_PAGE = /(^|\/)embed-demo\.html$/;

/** MIME types by extension; anything else is application/octet-stream. */
export const MIME_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
});

/**
 * Whether a request's Host header names this server: `localhost`, `127.0.0.1`, `[::1]` or
 * `listenHost`, with any port (ports are not names: a rebinding page uses our port too).
 * @param {string | undefined} header the Host header
 * @param {string} [listenHost] the address the server listens on
 */
export function isOwnHost(header, listenHost = HOST) {
  if (typeof header !== 'string') return false;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/i.exec(header.trim());
  if (!match) return false;
  const name = match[1].toLowerCase().replace(/\.$/, '');
  const listen = listenHost.includes(':') ? `[${listenHost.toLowerCase()}]` : listenHost.toLowerCase();
  return ['localhost', '127.0.0.1', '[::1]', listen].includes(name);
}

/**
 * Creates (does not start) a server for the files under `root`.
 * @param {string} root folder to serve
 * @param {{ listenHost?: string }} [options] the address it will listen on (default 127.0.0.1),
 *   accepted as a Host besides the loopback names
 * @returns {Promise<http.Server>}
 */
export async function createStaticServer(root, { listenHost = HOST } = {}) {
  const realRoot = await realpath(root);

  /** @param {string} file */
  const inside = (file) => file === realRoot || file.startsWith(realRoot + path.sep);

  return http.createServer(async (req, res) => {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };

    try {
      if (req.headers.host === undefined) return send(400, 'Bad Request: no Host header\n');
      if (!isOwnHost(req.headers.host, listenHost)) return send(421, 'Misdirected Request: unknown Host\n');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      }
      const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0];
      let urlPath;
      try {
        urlPath = decodeURIComponent(rawPath);
      } catch {
        return send(400, 'Bad Request\n');
      }
      // Refuse rather than normalise: a request naming `..` or a backslash is never a link of ours.
      const segments = urlPath.split('/');
      if (
        !urlPath.startsWith('/') ||
        urlPath.includes('\0') ||
        urlPath.includes('\\') ||
        segments.some((s) => s === '..' || s === '.')
      ) {
        return send(400, 'Bad Request\n');
      }

      let file = path.join(realRoot, ...segments);
      if (!inside(file)) return send(403, 'Forbidden\n');

      let info;
      try {
        file = await realpath(file); // follows symlinks: they must stay inside the root too
        if (!inside(file)) return send(403, 'Forbidden\n');
        info = await stat(file);
        if (info.isDirectory()) {
          if (!urlPath.endsWith('/')) {
            // Relative links in an index page need the trailing slash.
            const query = (req.url ?? '').slice(rawPath.length);
            return send(301, 'Moved Permanently\n', { Location: `${rawPath}/${query}` });
          }
          file = path.join(file, 'index.html');
          info = await stat(file);
        } else if (urlPath.endsWith('/')) {
          // `/index.html/` names a folder that is not there (path.join dropped the slash).
          return send(404, 'Not Found\n');
        }
      } catch {
        return send(404, 'Not Found\n');
      }
      if (!info.isFile()) return send(404, 'Not Found\n');

      res.writeHead(200, {
        ...SECURITY_HEADERS,
        ...(DEMO_PAGE.test(file) ? { 'Content-Security-Policy': DEMO_CSP } : {}),
        'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        // A development server: always revalidate, so a rebuild shows on reload.
        'Cache-Control': 'no-cache',
        'Last-Modified': info.mtime.toUTCString(),
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    } catch (err) {
      console.error(`serve: ${req.method} ${req.url}: ${err?.stack ?? err}`);
      if (!res.headersSent) send(500, 'Internal Server Error\n');
      else res.destroy();
    }
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      root: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: node scripts/serve.mjs [--root DIR] [--port N]   (PORT env also sets the port)');
    return;
  }

  const portText = values.port ?? process.env.PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new Error(`invalid port '${portText}': expected a number from 0 to 65535`);
  }

  let root = values.root;
  if (root === undefined) {
    const dist = path.join(REPO_ROOT, 'dist');
    root = (await stat(dist).catch(() => null))?.isDirectory() ? dist : path.join(REPO_ROOT, 'web');
  }
  root = path.resolve(root);

  const server = await createStaticServer(root).catch((err) => {
    throw new Error(`cannot serve '${root}': ${err.message}`);
  });
  server.on('error', (err) => {
    const why = err.code === 'EADDRINUSE' ? `port ${port} is in use (set PORT or --port)` : err.message;
    console.error(`serve: error: ${why}`);
    process.exit(1);
  });
  server.listen(port, HOST, () => {
    const { port: actual } = server.address();
    console.log(`serve: ${path.relative(process.cwd(), root) || '.'} on http://${HOST}:${actual}/`);
  });

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`serve: error: ${err.message}`);
    process.exit(1);
  });
}
