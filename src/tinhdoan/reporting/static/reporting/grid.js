/* Spreadsheet-like keyboard navigation for the data entry grid (table[data-grid]).
   Enter: the next target's value, from a value or a comment alike (never into a comment);
   Shift+Enter: the previous target's value; ArrowDown / ArrowUp: the same column of the
   next / previous row; ArrowLeft / ArrowRight at the edge of the text: other column.
   Cells are saved by htmx on change. A read-only grid says why when a cell is touched;
   on a phone the comment opens from its button. */
(function () {
  "use strict";

  function cellInputs(grid) {
    return Array.from(grid.querySelectorAll("tbody tr")).map(function (row) {
      return Array.from(row.querySelectorAll("input.grid-input"));
    });
  }

  function showReadonlyNote() {
    var note = document.getElementById("grid-readonly-note");
    if (!note) return;
    note.classList.remove("attention");
    void note.offsetWidth;  // restart the outline when touched again
    note.classList.add("attention");
    note.textContent = note.textContent;  // announced again by the live region
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-comment-for]");
    if (!button) return;
    var cell = button.closest(".comment-cell");
    var open = !cell.classList.contains("open");
    cell.classList.toggle("open", open);
    button.setAttribute("aria-expanded", String(open));
    if (open) document.getElementById(button.dataset.commentFor).focus();
  });

  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.classList.contains("grid-input") && input.readOnly) {
      showReadonlyNote();
    }
  });

  function focusCell(input) {
    if (!input) return false;
    input.focus();
    input.select();
    return true;
  }

  function moveFrom(input, rowStep, colStep, toValue) {
    var grid = input.closest("[data-grid]");
    var rows = cellInputs(grid);
    var rowIndex = rows.findIndex(function (cells) { return cells.indexOf(input) !== -1; });
    if (rowIndex === -1) return false;
    var col = Number(input.dataset.col);
    if (toValue) col = 0;
    if (colStep) {
      var sameRow = rows[rowIndex].filter(function (c) { return Number(c.dataset.col) === col + colStep; });
      return focusCell(sameRow[0]);
    }
    for (var r = rowIndex + rowStep; r >= 0 && r < rows.length; r += rowStep) {
      var match = rows[r].filter(function (c) { return Number(c.dataset.col) === col; });
      if (match.length) return focusCell(match[0]);
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains("grid-input")) return;
    var moved = false;
    if (input.readOnly) {
      if (event.key.length === 1 || event.key === "Backspace" || event.key === "Delete") showReadonlyNote();
    }
    if (event.key === "Enter" || event.key === "ArrowDown" || event.key === "ArrowUp") {
      var up = event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey);
      moved = moveFrom(input, up ? -1 : 1, 0, event.key === "Enter");
      if (event.key === "Enter") {
        event.preventDefault();
        if (!moved) input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    } else if (event.key === "ArrowRight" && input.selectionStart === input.value.length) {
      moved = moveFrom(input, 0, 1);
    } else if (event.key === "ArrowLeft" && input.selectionEnd === 0) {
      moved = moveFrom(input, 0, -1);
    }
    if (moved) event.preventDefault();
  });

  // A refused cell (422) or a conflict (409) comes back as the row with the message in it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var source = event.target;
    if ((status === 422 || status === 409) && source && source.closest && source.closest("[data-grid]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
    rememberFocus(source);
  });

  // A saved row is swapped whole: focus stays on the same control of the new row (the
  // comment, its button, the history button), and an open comment stays open.
  var FOCUSABLE = "input:not([type=hidden]), button, a[href]";
  var kept = null;

  function rememberFocus(row) {
    kept = null;
    if (!row || !row.matches || !row.matches("[data-grid] tbody tr[id]")) return;
    var active = document.activeElement;
    kept = {
      rowId: row.id,
      index: row.contains(active) ? Array.from(row.querySelectorAll(FOCUSABLE)).indexOf(active) : -1,
      commentOpen: Boolean(row.querySelector(".comment-cell.open")),
    };
  }

  document.addEventListener("htmx:afterSettle", function () {
    if (!kept) return;
    var row = document.getElementById(kept.rowId);
    var state = kept;
    kept = null;
    if (!row) return;
    var comment = row.querySelector(".comment-cell");
    if (state.commentOpen && comment) {
      comment.classList.add("open");
      var toggle = comment.querySelector("[data-comment-for]");
      if (toggle) toggle.setAttribute("aria-expanded", "true");
    }
    var target = state.index >= 0 ? row.querySelectorAll(FOCUSABLE)[state.index] : null;
    if (target && document.activeElement !== target) target.focus();
  });
})();
