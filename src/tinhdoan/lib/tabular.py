"""Tables in and out: CSV (any encoding offices use) and XLSX, as rows of strings."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from tinhdoan.lib.errors import DomainError
from tinhdoan.lib.limits import FileTooLarge, check_at_most, limit, zip_checked
from tinhdoan.lib.numbers import format_number
from tinhdoan.lib.sheet_text import csv_text, csv_text_read, xlsx_bytes
from tinhdoan.lib.textfile import TextDecodeError, decode_text
from tinhdoan.lib.xlsx import ErrorCell, FormulaWithoutValue, read_first_sheet


class TableError(DomainError):
    """The file cannot be read as a table; the message is for the user."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        with zip_checked(data) as archive:
            return read_first_sheet(archive, data)
    except FileTooLarge:
        raise
    except ErrorCell as exc:
        raise TableError(
            _(
                "Line %(line)s: a cell holds an error (such as #N/A or #DIV/0!); correct it in "
                "Excel, save the file, and upload it again."
            )
            % {"line": exc.line}
        ) from None
    except FormulaWithoutValue as exc:
        raise TableError(
            _(
                "Line %(line)s: a formula cell has no computed value; open the file in "
                "Excel, save it, and upload it again."
            )
            % {"line": exc.line}
        ) from None
    except Exception as exc:
        # A damaged workbook fails anywhere in zipfile, zlib, the XML parser or the reader,
        # with as many kinds of exception, and as late as while its rows are read.
        raise TableError(_("The file is not a valid XLSX workbook.")) from exc


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = decode_text(data)
    except TextDecodeError as exc:
        raise TableError(str(exc)) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, cells_read = [], 0
    max_rows, max_columns, max_cells = (
        limit(name) for name in ("table_rows", "table_columns", "table_cells")
    )
    try:
        for line, cells in enumerate(reader, start=1):
            cells_read += len(cells)
            if line > max_rows + 1 or len(cells) > max_columns or cells_read > max_cells:
                check_at_most("table_rows", line - 1)  # the header is no row of data
                check_at_most("table_columns", len(cells))
                check_at_most("table_cells", cells_read)
            rows.append((line, [csv_text_read(cell).strip() for cell in cells]))
        return rows
    except csv.Error as exc:  # a cell over 128 KB: in practice a quotation mark left open
        raise TableError(
            _("Line %(line)s: a cell is too long; is a quotation mark left open?")
            % {"line": reader.line_num}
        ) from exc


def read_table(filename: str, data: bytes, *, columns: list[str]) -> Table:
    """Read a CSV or XLSX file whose first row names `columns`, in that order; refused past
    the limits of `lib.limits` (size, unpacked size, rows, columns, cells)."""
    try:
        return _read_table(filename, data, columns=columns)
    except FileTooLarge as exc:
        raise TableError(str(exc)) from None


def table_kind(filename: str, data: bytes) -> str:
    """ "xlsx" or "csv", from the name and the first bytes; refuses an empty file, one past
    the size limit, or of another kind, before anything is read."""
    try:
        check_at_most("upload_bytes", len(data))
    except FileTooLarge as exc:
        raise TableError(str(exc)) from None
    if not data.strip():
        raise TableError(_("The file is empty."))
    lowered = filename.lower()
    if lowered.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return "xlsx"
    if lowered.endswith((".csv", ".txt", ".tsv")):
        return "csv"
    raise TableError(_("Only CSV and XLSX files can be imported."))


def _read_table(filename: str, data: bytes, *, columns: list[str]) -> Table:
    if table_kind(filename, data) == "xlsx":
        raw_rows = _read_xlsx(data)
    else:
        raw_rows = _read_csv(data)
    first = next((i for i, (_line, cells) in enumerate(raw_rows) if any(cells)), None)
    if first is None:
        raise TableError(_("The file is empty."))
    header_line, header = raw_rows[first]
    header = [cell.strip().lower() for cell in header]
    while header and not header[-1]:
        header.pop()
    if header != columns:
        raise TableError(
            _(
                "Line %(line)s: the columns must be %(expected)s in this order; the file has "
                "%(found)s."
            )
            % {"line": header_line, "expected": ", ".join(columns), "found": ", ".join(header)}
        )
    width = len(columns)
    rows = []
    for line, cells in raw_rows[first + 1 :]:
        if not any(cells):
            continue  # an empty row
        if len(cells) != width:
            cells = _fitted(line, cells, width)
        rows.append((line, cells))
    return Table(header=header, rows=rows)


def _fitted(line: int, cells: list[str], width: int) -> list[str]:
    """The cells of a row padded to `width`; refused when a cell past it is filled."""
    if any(cells[width:]):
        raise TableError(
            _("Line %(line)s: more cells than the %(count)s columns; are the columns shifted?")
            % {"line": line, "count": width}
        )
    return (cells + [""] * width)[:width]


def _csv_cell(cell) -> str:
    """Numbers in the Vietnamese form `read_table`'s readers parse; text that a spreadsheet
    would run as a formula quoted (lib/sheet_text.py)."""
    if cell is None:
        return ""
    if isinstance(cell, Decimal | int | float) and not isinstance(cell, bool):
        return format_number(cell)
    return csv_text(str(cell))


def write_csv(columns: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[_csv_cell(cell) for cell in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def write_xlsx(columns: list[str], rows: list[list], *, title: str = "Sheet1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    for column_cells in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column_cells)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(max(width + 2, 10), 60)
    return xlsx_bytes(workbook)
