// The ormlab service worker: caches the whole built app on the first visit so the page works
// offline afterwards (a workshop on bad Wi-Fi). scripts/sw.mjs (Trunk post-build hook) fills
// in the file list and a version from the files' contents; a new build is a new cache.
const VERSION = "__ORMLAB_VERSION__";
const FILES = __ORMLAB_FILES__;
const CACHE = `ormlab-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("ormlab-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Cache first: every file of a build is immutable under its version. A page address with a
// query (?embed, ?selftest) is the same index.html.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  const lookup = request.mode === "navigate" ? caches.match("./", { ignoreSearch: true }) : caches.match(request, { ignoreSearch: true });
  event.respondWith(lookup.then((hit) => hit ?? fetch(request)));
});
