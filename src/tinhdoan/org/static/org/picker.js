// Searchable pickers (org/templates/org/widgets/picker.html): the server renders every choice
// with its name folded ("doan xa that khe (tdls-06040)") and as matched with diacritics; this
// hides the choices that do not contain what is typed. Typed without diacritics, a query
// matches any diacritics ("that khe" finds "Thất Khê"); typed with them, it must match them,
// old or new tone placement alike ("hoà" = "hòa"), as lib/vntext.py's search_key does.
// No library, no inline script: loaded once by web/base.html, it works on every page and on
// content that HTMX brings in.
(function () {
  "use strict";

  var TONES = "\u0300\u0301\u0309\u0303\u0323";
  // lib/vntext.py's _OPEN_CLUSTER: the tone of an open oa/oe/uy syllable on its first vowel.
  var OPEN_CLUSTER = new RegExp(
    "(?<![qQ])([oOuU])([aeyAEY])([" + TONES + "])(?![\\p{L}\\p{N}\\u0300-\\u036f])", "gu"
  );

  function spaces(text) {
    return text.trim().split(/\s+/).join(" ");
  }

  function fold(text) {
    var plain = text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD");
    return spaces(plain.replace(/[\u0300-\u036f]/g, "").toLowerCase());
  }

  function matchKey(text) {
    var moved = text.normalize("NFD").replace(OPEN_CLUSTER, "$1$3$2");
    return spaces(moved.normalize("NFC").toLowerCase());
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function chosenLabels(picker) {
    var labels = [];
    picker.querySelectorAll("[data-picker-option]").forEach(function (option) {
      var input = option.querySelector("input");
      if (input.checked && input.value !== "") {
        labels.push(option.querySelector("label").textContent.trim());
      }
    });
    return labels;
  }

  function update(picker) {
    var search = picker.querySelector("[data-picker-search]");
    var status = picker.querySelector("[data-picker-status]");
    var query = spaces(search.value);
    var folded = fold(query);
    var withMarks = folded !== query.toLowerCase();
    var key = withMarks ? matchKey(query) : folded;
    var shown = 0;
    var options = picker.querySelectorAll("[data-picker-option]");
    options.forEach(function (option) {
      var text = withMarks ? option.dataset.match : option.dataset.fold;
      var visible = !key || text.indexOf(key) !== -1;
      option.hidden = !visible;
      if (visible) shown += 1;
    });
    picker.querySelectorAll("[data-picker-group]").forEach(function (group) {
      group.hidden = !group.querySelector("[data-picker-option]:not([hidden])");
    });
    var parts = [];
    if (key) {
      parts.push(shown ? format(status.dataset.textCount, { shown: shown, total: options.length })
                       : status.dataset.textNone);
    }
    var chosen = chosenLabels(picker);
    if (chosen.length) parts.push(status.dataset.textChosen + " " + chosen.join("; "));
    status.textContent = parts.join(" ");
  }

  function reveal(root) {
    root.querySelectorAll("[data-picker-search][hidden]").forEach(function (search) {
      search.hidden = false;
    });
  }

  document.addEventListener("input", function (event) {
    var picker = event.target.closest("[data-picker]");
    if (picker && event.target.matches("[data-picker-search]")) update(picker);
  });
  document.addEventListener("change", function (event) {
    var picker = event.target.closest("[data-picker]");
    if (picker && !event.target.matches("[data-picker-search]")) update(picker);
  });
  // Enter in the search box filters; it never sends the form around it.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-picker-search]")) {
      event.preventDefault();
    }
  });
  document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  document.addEventListener("htmx:load", function (event) { reveal(event.target); });
})();
