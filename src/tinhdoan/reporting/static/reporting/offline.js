/* Offline entry on the grid. A cell whose save fails for want of network (htmx:sendError) is
   kept in this browser's localStorage with the version it was read at, so closing the tab
   loses nothing; the counter (#unsynced-cells, data-unsynced="N") says how many cells of this
   grid wait. On page load and when the network returns they are sent, one by one, to the same
   address as a typed cell, with their versions: the server's answer replaces the row, so a
   refusal or a conflict (409, the saved value beside the kept one) shows in place. Cells are
   kept per user: another officer logging in on the same device neither sees nor sends them. */
(function () {
  "use strict";
  var STORE = "tinhdoan.unsynced-cells";
  var counter = document.getElementById("unsynced-cells");
  if (!counter) return;
  var gridUnit = counter.dataset.unit;
  var gridPeriod = counter.dataset.period;
  var user = counter.dataset.user;
  var sending = false;

  function loadAll() {
    try {
      return JSON.parse(window.localStorage.getItem(STORE)) || {};
    } catch (error) {
      return {};
    }
  }

  function saveAll(all) {
    window.localStorage.setItem(STORE, JSON.stringify(all));
  }

  function keyOf(unit, period, target) {
    return [user, unit, period, target].join("|");
  }

  function ofThisGrid(all) {
    return Object.keys(all).filter(function (key) {
      var entry = all[key];
      return entry.user === user && entry.unit === gridUnit && entry.period === gridPeriod;
    }).map(function (key) { return all[key]; });
  }

  function showCount() {
    var count = ofThisGrid(loadAll()).length;
    counter.dataset.unsynced = String(count);
    counter.textContent = counter.dataset.text.replace("{count}", String(count));
    counter.hidden = count === 0;
  }

  function valueInputOf(row) {
    return row && row.querySelector("input[name=value][data-target]");
  }

  function keep(row) {
    var input = valueInputOf(row);
    if (!input) return;
    var comment = row.querySelector("input[name=comment]");
    var version = row.querySelector("input[name=version]");
    var reason = document.getElementById("edit-reason");
    var all = loadAll();
    var key = keyOf(input.dataset.unit, input.dataset.period, input.dataset.target);
    all[key] = {
      user: user,
      url: row.getAttribute("hx-post"),
      unit: input.dataset.unit,
      period: input.dataset.period,
      target: input.dataset.target,
      value: input.value,
      comment: comment ? comment.value : "",
      // a cell typed twice offline keeps the version it was first read at
      version: all[key] ? all[key].version : (version ? version.value : "0"),
      reason: reason ? reason.value : "",
    };
    saveAll(all);
    input.classList.add("unsynced");
    showCount();
  }

  function drop(unit, period, target) {
    var all = loadAll();
    delete all[keyOf(unit, period, target)];
    saveAll(all);
    showCount();
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  function replaceRow(target, html) {
    var row = document.getElementById("row-" + target);
    var template = document.createElement("template");
    template.innerHTML = "<table><tbody>" + html + "</tbody></table>";
    var fresh = template.content.querySelector("tr");
    if (!row || !fresh) return;
    row.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
  }

  // One cell: true when the server answered with its row (saved, refused or in conflict).
  function send(entry) {
    var body = new URLSearchParams({
      value: entry.value,
      comment: entry.comment,
      version: entry.version,
      reason: entry.reason,
    });
    return fetch(entry.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
    }).then(function (response) {
      var answered = !response.redirected && ANSWERED.indexOf(response.status) !== -1;
      if (!answered) return false;
      return response.text().then(function (html) {
        drop(entry.unit, entry.period, entry.target);
        replaceRow(entry.target, html);
        return true;
      });
    }, function () { return false; });
  }

  function sendAll() {
    if (sending) return;
    var waiting = ofThisGrid(loadAll());
    if (!waiting.length) return;
    sending = true;
    waiting.reduce(function (previous, entry) {
      return previous.then(function (goOn) { return goOn ? send(entry) : false; });
    }, Promise.resolve(true)).finally(function () { sending = false; });
  }

  // The values kept earlier go back into their fields (a page opened or reloaded offline).
  function restore() {
    ofThisGrid(loadAll()).forEach(function (entry) {
      var row = document.getElementById("row-" + entry.target);
      var input = valueInputOf(row);
      if (!input) return;
      input.value = entry.value;
      input.classList.add("unsynced");
      var comment = row.querySelector("input[name=comment]");
      if (comment) comment.value = entry.comment;
    });
  }

  document.addEventListener("htmx:sendError", function (event) {
    var row = event.detail.elt;
    if (row && row.closest && row.closest("[data-grid]")) keep(row);
  });

  // The server answered with the cell's row (saved, refused or in conflict): no longer waiting.
  var ANSWERED = [200, 409, 422];

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    var input = valueInputOf(event.detail.elt);
    if (input && xhr && ANSWERED.indexOf(xhr.status) !== -1) {
      drop(input.dataset.unit, input.dataset.period, input.dataset.target);
    }
  });

  // A conflict: keep the typed value (sent again over the saved version) or take the saved one.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-conflict-keep], [data-conflict-take]");
    if (!button) return;
    var row = button.closest("tr");
    var conflict = button.closest("[data-conflict]");
    if (button.hasAttribute("data-conflict-keep")) {
      window.htmx.trigger(row, "change");
      return;
    }
    var input = valueInputOf(row);
    var comment = row.querySelector("input[name=comment]");
    input.value = conflict.dataset.serverValue;
    if (comment) comment.value = conflict.dataset.serverComment;
    input.classList.remove("is-invalid");
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
    row.classList.remove("table-danger");
    row.querySelectorAll(".invalid-feedback, [data-conflict]").forEach(function (node) { node.remove(); });
    input.focus();
  });

  window.addEventListener("online", sendAll);
  restore();
  showCount();
  sendAll();
})();
