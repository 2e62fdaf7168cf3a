/* Spreadsheet-like keyboard navigation for the data entry grid (table[data-grid]).
   Enter / ArrowDown: next row; Shift+Enter / ArrowUp: previous row; ArrowLeft /
   ArrowRight at the edge of the text: other column. Cells are saved by htmx on change. */
(function () {
  "use strict";

  function cellInputs(grid) {
    return Array.from(grid.querySelectorAll("tbody tr")).map(function (row) {
      return Array.from(row.querySelectorAll("input.grid-input:not([readonly])"));
    });
  }

  function focusCell(input) {
    if (!input) return false;
    input.focus();
    input.select();
    return true;
  }

  function moveFrom(input, rowStep, colStep) {
    var grid = input.closest("[data-grid]");
    var rows = cellInputs(grid);
    var rowIndex = rows.findIndex(function (cells) { return cells.indexOf(input) !== -1; });
    if (rowIndex === -1) return false;
    var col = Number(input.dataset.col);
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
    if (event.key === "Enter" || event.key === "ArrowDown" || event.key === "ArrowUp") {
      var up = event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey);
      moved = moveFrom(input, up ? -1 : 1, 0);
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
  });
})();
