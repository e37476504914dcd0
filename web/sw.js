// The service worker: after one visit the app shell and the wasm come from a cache, so checking a
// pasted policy, the records and the MX match preview work with the network off. Only the live
// domain check needs the network, and its requests (other origins) never pass through here.
//
// A deploy never mixes versions in a page. scripts/build.sh stamps this file with the build's
// one version id and the list of every file the page may load (the app shell, the lint worker,
// the lint, live-check and tools packages, codes.json). Installing caches that whole set, with
// each file revalidated, in one cache named after the version, or nothing (`addAll` is all or
// none); the set's files are then answered from that cache only. A new version waits until no
// page of the old one is open (no skipWaiting): a page is controlled from its load to its close by
// the worker of the version it loaded with, which never fetches a file of the set from the
// network. When it activates, the other versions' caches go.
//
// Unstamped (web/ served as is, during development) it caches nothing and lets every request
// through.
const VERSION = '__MTASTS_BUILD__';
/** Every file of this build's set, relative to this file (`index.html` is the folder's URL). */
const FILES = /* __MTASTS_FILES__ */ [];
const DEV = VERSION.startsWith('__');
const CACHE = `mtasts-${VERSION}`;
const INDEX = new URL('./', self.location.href).href;
const SET = new Set(FILES.map((f) => (f === 'index.html' ? INDEX : new URL(f, self.location.href).href)));

self.addEventListener('install', (event) => {
  if (DEV) return;
  event.waitUntil(
    caches
      .open(CACHE)
      // `no-cache`: revalidated with the server, so files the page has just loaded are not sent
      // twice (a 304), and a stale HTTP cache never ends up in a new version's cache.
      .then((cache) => cache.addAll([...SET].map((url) => new Request(url, { cache: 'no-cache' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('mtasts-') && k !== CACHE).map((k) => caches.delete(k))))
      // The first visit's page (loaded before any worker) is taken over, so it works offline.
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (DEV || request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return; // DoH and policy hosts: straight to the network
  if (url.pathname.startsWith('/api/')) return; // the `mtasts serve` API: live answers, never kept
  // A navigation inside the app is the index page; any query string is the same file.
  const href = url.href.split(/[?#]/)[0];
  const key = request.mode === 'navigate' && href === INDEX ? INDEX : href;
  if (!SET.has(key)) return; // not part of the page (the widget's folder, the demo): the network
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      // Never missing once installed (the set is cached whole); the network only if the browser
      // dropped the cache under the worker.
      .then((hit) => hit ?? fetch(request)),
  );
});
