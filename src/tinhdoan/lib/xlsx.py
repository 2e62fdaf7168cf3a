"""The first worksheet of an XLSX workbook as rows of text, read with python-calamine.

calamine (a maintained Rust reader) reads the cells: shared and inline strings (rich text runs
joined, phonetic guides left out), numbers, booleans, ISO and styled dates and durations (1900
and 1904 calendars), a formula's cached value. The texts are the ones openpyxl gave with
`data_only=True` and `tabular` turned into text: an integer without ".0", a float as Python
writes it, `True`, ISO dates, "1 day, 12:00:00".

Before calamine is given the file, this module looks at the worksheet's XML (a few regular
expression scans, no parse) for what calamine cannot be trusted with or does not tell:

- the sheet's extent: calamine builds the whole rectangle from the first to the last cell
  named, so two cells A1 and XFD1048576 in a 2 KB file would ask for 512 GB; the rows, columns
  and cells of that rectangle are checked against `lib/limits.py` first;
- a cell holding an error (`#N/A`), and a formula cell with no cached value (a workbook
  written by a program and never opened in Excel): calamine gives both as empty, and an empty
  cell clears a value, so they are refused with their line;
- a document type declaration (entity tricks): refused.

The rows then stream from calamine, each with its row number in the sheet (the line shown in
messages); the limits are checked again as they come.
"""

import datetime
import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook, SheetTypeEnum

from tinhdoan.lib.limits import check_at_most, limit

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"

# A cell's reference (r="AB12"), an error cell's start tag, a formula that ends its cell with
# no value; elements may carry a namespace prefix ("x:c"), attributes either quote.
CELL_REFERENCE = re.compile(rb"""<(?:\w+:)?c\s[^>]*?\br=["']([A-Z]{1,3})([0-9]{1,9})["']""")
# The row number of every cell and row reference, the column letters of every cell reference
# (XML allows space around "=" and either quote).
ROW_OF_REFERENCE = re.compile(rb"""\sr\s*=\s*["'][A-Za-z]*0*([0-9]+)["']""")
COLUMN_OF_REFERENCE = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]+)[0-9]""")
ERROR_CELL = re.compile(rb"""<(?:\w+:)?c\s[^>]*?\bt=["']e["'][^>]*>""")
FORMULA_WITHOUT_VALUE = re.compile(
    rb"<(?:\w+:)?f\b(?:[^>]*/>|[^>]*>[^<]*</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
CELL_STARTS = (b"<c ", b"<c\t", b"<c\n", b"<c\r", b"<c>", b":c ", b":c>")
ROW_NUMBER = re.compile(rb"""<(?:\w+:)?row\s[^>]*?\br=["']([0-9]{1,9})["']""")


class FormulaWithoutValue(ValueError):
    """A formula cell has no cached value; `line` is its row in the sheet."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class ErrorCell(ValueError):
    """A cell holds an error (#N/A, #DIV/0!…); `line` is its row in the sheet."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def cell_text_of(value) -> str:
    """The text of a cell value as calamine (or openpyxl) gives it; text and numbers, the
    cells of almost every sheet, first."""
    if value.__class__ is str:
        return value.strip()
    if value.__class__ is float:
        return str(int(value)) if value.is_integer() else str(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_first_sheet(archive: zipfile.ZipFile, data: bytes) -> list[tuple[int, list[str]]]:
    """(row number, cell texts) for each row of the first worksheet of `data`, whose zip
    directory `archive` was checked; raises on a damaged file (any exception), FileTooLarge
    past a limit, ErrorCell and FormulaWithoutValue."""
    xml = archive.read(_first_worksheet(archive))
    _check_sheet_xml(xml)
    del xml
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = workbook.sheets_metadata
        index = next(i for i, s in enumerate(sheets) if s.typ == SheetTypeEnum.WorkSheet)
        return _rows(workbook.get_sheet_by_index(index))
    except (Exception, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a panic in the Rust reader (pyo3's PanicException)
        raise ValueError("the XLSX reader failed") from exc


def _check_sheet_xml(xml: bytes) -> None:
    """Refuse, before calamine reads it, a sheet past the limits or with cells it would
    read as empty (see the module's docstring)."""
    if b"<!DOCTYPE" in xml:
        raise ValueError("a worksheet has no document type declaration")
    _check_extent(xml)
    if b't="e"' in xml or b"t='e'" in xml:
        if found := ERROR_CELL.search(xml):
            raise ErrorCell(_line_at(xml, found))
    if b"<f" in xml or b":f" in xml:
        if found := FORMULA_WITHOUT_VALUE.search(xml):
            raise FormulaWithoutValue(_line_at(xml, found))


def _check_extent(xml: bytes) -> None:
    """The rectangle calamine would build, from A1 to the last row and column that any cell or
    row names (a cell without a reference takes the next place in its row, which the cells
    counted as rows stream bound). Two scans of the references, no parse."""
    numbers = ROW_OF_REFERENCE.findall(xml)  # without leading zeros: longer is larger
    width = max(map(len, numbers), default=0)
    last_row = int(max((n for n in numbers if len(n) == width), default=b"0"))
    last_column = max(map(_column_number, set(COLUMN_OF_REFERENCE.findall(xml))), default=0)
    check_at_most("table_rows", max(last_row - 1, 0))  # the header is no row of data
    check_at_most("table_columns", last_column)
    check_at_most("table_cells", last_row * last_column)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _line_at(xml: bytes, found: re.Match) -> int:
    """The row number of the cell the match is in: from its reference, else its row's."""
    cell = max(xml.rfind(start, 0, found.start() + 1) for start in CELL_STARTS)
    tag_start = xml.rfind(b"<", 0, cell + 1)
    reference = CELL_REFERENCE.match(xml, tag_start)
    if reference is not None:
        return int(reference.group(2))
    row_start = max(xml.rfind(b"<row", 0, tag_start), xml.rfind(b":row", 0, tag_start) - 1)
    row = ROW_NUMBER.match(xml, row_start) if row_start >= 0 else None
    if row is not None:
        return int(row.group(1))
    return len(re.findall(rb"<(?:\w+:)?row[\s>]", xml[:tag_start])) or 1


def _rows(sheet) -> list[tuple[int, list[str]]]:
    if sheet.start is None:  # no cell with a value
        return []
    # python-calamine 0.9 gives every row from the sheet's first (row 1) to its last, each
    # from the first column that has a value: the line is the row's place, the cells start
    # after `first_column` empty ones (checked below, since a wrong line misleads).
    first_column = sheet.start[1]
    offset = -1
    max_rows, max_columns, max_cells = (
        limit(name) for name in ("table_rows", "table_columns", "table_cells")
    )
    rows: list[tuple[int, list[str]]] = []
    cells_read = 0
    padding = [""] * first_column
    text_of = cell_text_of
    for offset, values in enumerate(sheet.iter_rows()):
        # Text, the most common cell, inline: this line runs once per cell.
        cells = [v.strip() if v.__class__ is str else text_of(v) for v in values]
        if not cells[-1]:
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
        cells_read += len(cells)
        if len(rows) > max_rows or first_column + len(cells) > max_columns:
            check_at_most("table_rows", len(rows))
            check_at_most("table_columns", first_column + len(cells))
        if cells_read > max_cells:
            check_at_most("table_cells", cells_read)
        rows.append((offset + 1, padding + cells if padding else cells))
    if offset != sheet.end[0]:
        raise ValueError("the reader did not give the rows from the first")
    return rows


def _first_worksheet(archive: zipfile.ZipFile) -> str:
    """The part of the first sheet the workbook lists that is a worksheet (not a chart)."""
    workbook_path = _workbook_path(archive)
    folder, file = posixpath.split(workbook_path)
    workbook = _xml(archive, workbook_path)
    rels = _xml(archive, posixpath.join(folder, "_rels", file + ".rels"))
    targets = {}
    for rel in rels.iter(f"{{{PACKAGE_RELATIONSHIPS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.normpath(f"{folder}/{target}")
        targets[rel.get("Id")] = (target, rel.get("Type", ""))
    names = set(archive.namelist())
    for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
        target, kind = targets[sheet.get(f"{{{RELATIONSHIPS}}}id")]
        if target in names and kind.endswith("/worksheet"):
            return target
    raise ValueError("the workbook has no worksheet")


def _workbook_path(archive: zipfile.ZipFile) -> str:
    """The workbook part, as the package's relationships name it."""
    rels = _xml(archive, "_rels/.rels")
    for rel in rels.iter(f"{{{PACKAGE_RELATIONSHIPS}}}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    raise ValueError("the package names no workbook")


def _xml(archive: zipfile.ZipFile, name: str):
    content = archive.read(name)
    if b"<!DOCTYPE" in content:
        raise ValueError("a workbook part has no document type declaration")
    return ElementTree.fromstring(content)
