/* Registers the service worker (the grids keep working with the network cut). Its address
   comes from the page: <meta name="service-worker" content="…"> in the base template. */
(function () {
  "use strict";
  var link = document.querySelector('meta[name="service-worker"]');
  if (!link || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(link.content, { scope: "/" }).catch(function () {
    // No worker (an insecure address, a private window): the pages work online as before.
  });
})();
