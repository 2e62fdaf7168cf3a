{% autoescape off %}/* The service worker of tinhdoan: the grids keep working with the network cut.
   Scripts, styles and the unit grids the user opened are fetched from the network first and
   kept on success; with no network the kept copy answers. Nothing else is kept, and the kept
   grids are dropped at logout. Values typed offline are kept by the grid itself
   (reporting/offline.js), not here. */
"use strict";

var SHELL_CACHE = "tinhdoan-shell-{{ cache_version }}";
var PAGES_CACHE = "tinhdoan-grids-{{ cache_version }}";
var SHELL = {{ shell }};
var GRID_PATH = new RegExp({{ grid_pattern }});
var STATIC_PREFIX = {{ static_prefix }};
var LOGOUT = {{ logout }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) { return cache.addAll(SHELL); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  var kept = [SHELL_CACHE, PAGES_CACHE];
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("tinhdoan-") === 0 && kept.indexOf(name) === -1;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function networkFirst(request, cacheName) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(cacheName).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function (error) {
    return caches.match(request, { ignoreVary: true }).then(function (kept) {
      if (kept) return kept;
      throw error;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === LOGOUT) {
    event.respondWith(caches.delete(PAGES_CACHE).then(function () { return fetch(request); }));
    return;
  }
  if (request.method !== "GET" || request.headers.get("HX-Request")) return;
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(networkFirst(request, SHELL_CACHE));
  } else if (request.mode === "navigate" && GRID_PATH.test(url.pathname) && !url.search) {
    event.respondWith(networkFirst(request, PAGES_CACHE));
  }
});
{% endautoescape %}
