/* The scan page's service worker: when the venue network drops and the
   phone reloads the page (or wakes a discarded tab), the page and what it
   loads come from this cache, so scanning goes on. The network is asked
   first, so the page is fresh whenever the server answers; every other
   request passes by untouched. */
"use strict";
const CACHE_PREFIX = {{ cache_prefix|tojson }};  // this event's caches, on this device
const CACHE = {{ cache_name|tojson }};
const PAGE = {{ page|tojson }};
const ASSETS = {{ assets|tojson }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([PAGE, ...ASSETS])));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) { return; }
  const key = url.pathname === PAGE ? PAGE : ASSETS.includes(url.pathname) ? url.pathname : null;
  if (key === null) { return; }
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(key, copy));
    }
    return response;
  }).catch(() => caches.match(key).then((cached) => cached || Response.error())));
});
