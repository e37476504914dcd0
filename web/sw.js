// The service worker: after one visit the app shell and the wasm come from a cache, so checking a
// pasted policy, the records and the MX match preview work with the network off. Only the live
// domain check needs the network, and its requests (other origins) never pass through here.
//
// The cache is versioned: scripts/build.sh replaces the placeholder below with a hash of dist/,
// so each build installs a fresh cache and deletes the older ones. Unstamped (web/ served as is,
// during development) it caches nothing and lets every request through.
const VERSION = '__MTASTS_BUILD__';
const DEV = VERSION.startsWith('__');
/** The chunks of main.js (dist/chunks/: code it shares with the elements loaded on first use, and
 * those elements), listed by scripts/build.sh. */
const CHUNKS = [/* __MTASTS_CHUNKS__ */];
const CACHE = `mtasts-${VERSION}`;
/** The app shell, relative to this file: what dist/ loads on a visit (the editor package), the
 * lint package that the records, the match preview and the domain box import on first use (so
 * they work offline too), and codes.json (the long forms behind "More about this"). */
const SHELL = ['./', './main.js', './style.css', './pkg-editor/mtasts_wasm_editor_bg.wasm', './pkg/mtasts_wasm.js', './pkg/mtasts_wasm_bg.wasm', './codes.json', ...CHUNKS];
/** What is imported on demand — the live check's package on the first check, the tools package
 * (reports reader, generator) on their first use:
 * not in the shell (a first visit does not pay for them), cached into this version's cache when
 * first fetched. */
const ON_DEMAND = ['./pkg-check/', './pkg-tools/'].map((p) => new URL(p, self.location.href).href);
const INDEX = new URL('./', self.location.href).href;

self.addEventListener('install', (event) => {
  if (DEV) return;
  event.waitUntil(
    caches
      .open(CACHE)
      // `no-cache`: revalidated with the server, so files the page has just loaded are not sent
      // twice (a 304), and a stale HTTP cache never ends up in a new version's cache.
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'no-cache' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('mtasts-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (DEV || request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return; // DoH and policy hosts: straight to the network
  // Cache first: the shell of this version, whatever the query string; a navigation inside the
  // app is the index page.
  const key = request.mode === 'navigate' && url.href.split(/[?#]/)[0] === INDEX ? INDEX : request;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key, { ignoreSearch: true }))
      .then((hit) => hit ?? (ON_DEMAND.some((p) => url.href.startsWith(p)) ? fetchAndKeep(request) : fetch(request))),
  );
});

/** Fetches a file of an on-demand package and keeps a copy of a good answer in the cache. */
async function fetchAndKeep(request) {
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}
