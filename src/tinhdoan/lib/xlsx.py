"""The first worksheet of an XLSX workbook as rows of text, read straight from its XML.

openpyxl stays the writer; as a reader, its read-only mode builds an element, a
dictionary and rich text objects for each cell, some ten seconds for 100,000 rows of
five cells, four times the rest of an import. This reads the same cells in one expat
pass over the sheet, as openpyxl gave them with `data_only=True` and `tabular` then
turned them into text:

- the sheet is the first one listed in the workbook that is a worksheet present in
  the archive (a chart sheet is passed over);
- shared strings, inline strings (rich text runs joined, phonetic guides left out),
  numbers (an integer, or a float written as Python writes it), booleans (`True`),
  errors (`#N/A`), ISO dates (`t="d"`), and numbers whose style is a date or a
  duration, as the ISO date, date and time, or duration;
- a formula cell gives its cached value; one with no cached value (a workbook
  written by a program and never opened in Excel) is refused with its line, since
  reading it as empty or as its formula text would import the wrong number.

Each row comes with its row number in the sheet, the line shown in messages.
"""

import datetime
import posixpath
import zipfile
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

from tinhdoan.lib.limits import check_at_most, limit

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
CHUNK = 1 << 20

# Element names as expat gives them with namespace processing: "<namespace> <local name>".
ROW, CELL, VALUE, FORMULA = (f"{MAIN} {name}" for name in ("row", "c", "v", "f"))
INLINE, TEXT, PHONETIC, STRING_ITEM = (f"{MAIN} {name}" for name in ("is", "t", "rPh", "si"))


class FormulaWithoutValue(ValueError):
    """A formula cell has no cached value; `line` is its row in the sheet."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def cell_text_of(value) -> str:
    """The text of a cell value as openpyxl gives it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def number_text(raw: str) -> str:
    """The text of a numeric cell: an integer as written, a float as Python writes it."""
    if "." in raw or "e" in raw or "E" in raw:
        return cell_text_of(float(raw))
    return str(int(raw))


def read_first_sheet(archive: zipfile.ZipFile) -> list[tuple[int, list[str]]]:
    """(row number, cell texts) for each row of the first worksheet; raises on a damaged file
    (any exception: zipfile, zlib, expat, a missing part), FormulaWithoutValue on a formula
    cell with no cached value."""
    names = set(archive.namelist())
    parts = _content_types(archive)
    workbook_path = _workbook_path(parts)
    workbook = ElementTree.fromstring(archive.read(workbook_path))
    sheet_path = _first_worksheet(archive, workbook_path, workbook, names)
    if sheet_path is None:
        raise ValueError("the workbook has no worksheet")
    date_styles, duration_styles = _date_styles(archive, names)
    with archive.open(sheet_path) as source:
        return _sheet_rows(
            source,
            shared_strings=_shared_strings(archive, parts.get(SHARED_STRINGS_TYPE)),
            date_styles=date_styles,
            duration_styles=duration_styles,
            epoch=MAC_EPOCH if _uses_1904_dates(workbook) else WINDOWS_EPOCH,
        )


def _parse(parser, source) -> None:
    while chunk := source.read(CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _new_parser(start, end, characters):
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters

    def refuse_doctype(*_args):
        raise ValueError("a worksheet has no document type declaration")

    parser.StartDoctypeDeclHandler = refuse_doctype  # no entity tricks
    return parser


def _content_types(archive: zipfile.ZipFile) -> dict[str, str]:
    """Content type → part name (without the leading slash) of the overridden parts."""
    root = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    return {
        node.get("ContentType", ""): node.get("PartName", "").lstrip("/")
        for node in root.iter(f"{{{CONTENT_TYPES}}}Override")
    }


def _workbook_path(parts: dict[str, str]) -> str:
    for content_type, part in parts.items():
        if content_type in WORKBOOK_TYPES:
            return part
    return "xl/workbook.xml"


def _first_worksheet(archive, workbook_path: str, workbook, names: set[str]) -> str | None:
    folder, file = posixpath.split(workbook_path)
    rels = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", file + ".rels")))
    targets = {}
    for rel in rels.iter(f"{{{PACKAGE_RELATIONSHIPS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.normpath(f"{folder}/{target}")
        targets[rel.get("Id")] = (target, rel.get("Type", ""))
    for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
        target, kind = targets[sheet.get(f"{{{RELATIONSHIPS}}}id")]
        if target in names and "chartsheet" not in kind:
            return target
    return None


def _uses_1904_dates(workbook) -> bool:
    properties = workbook.find(f"{{{MAIN}}}workbookPr")
    return properties is not None and properties.get("date1904", "").lower() in ("1", "true")


def _date_styles(archive, names: set[str]) -> tuple[frozenset[int], frozenset[int]]:
    """The cell styles (indexes into cellXfs) whose number format is a date, and a duration."""
    if "xl/styles.xml" not in names:
        return frozenset(), frozenset()
    root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    custom = {
        int(node.get("numFmtId")): node.get("formatCode") for node in root.iter(f"{{{MAIN}}}numFmt")
    }
    dates, durations = set(), set()
    cell_formats = root.find(f"{{{MAIN}}}cellXfs")
    for index, xf in enumerate(() if cell_formats is None else cell_formats):
        number_format = int(xf.get("numFmtId", 0))
        code = (
            custom[number_format] if number_format in custom else builtin_format_code(number_format)
        )
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return frozenset(dates), frozenset(durations)


def _shared_strings(archive: zipfile.ZipFile, path: str | None) -> list[str]:
    """The shared string table: each item's text, its rich text runs joined."""
    if path is None:
        return []
    strings: list[str] = []
    parts: list[str] = []
    collecting = in_phonetic = False

    def start(name, _attrs):
        nonlocal parts, collecting, in_phonetic
        if name == TEXT:
            collecting = not in_phonetic
        elif name == PHONETIC:
            in_phonetic = True
        elif name == STRING_ITEM:
            parts = []

    def end(name):
        nonlocal collecting, in_phonetic
        if name == TEXT:
            collecting = False
        elif name == PHONETIC:
            in_phonetic = False
        elif name == STRING_ITEM:
            strings.append("".join(parts).replace("x005F_", ""))  # as openpyxl reads them

    def characters(text):
        if collecting:
            parts.append(text)

    with archive.open(path) as source:
        _parse(_new_parser(start, end, characters), source)
    return strings


def _sheet_rows(source, *, shared_strings, date_styles, duration_styles, epoch):
    """The rows of a worksheet in one expat pass; each cell's text is made at its end tag.

    The handlers run some three million times for 100,000 rows: they keep their state in
    local variables and build no list for a cell, whose text comes in one piece."""
    rows: list[tuple[int, list[str]]] = []
    column_numbers: dict[str, int] = {}
    line = 0
    cells: list[str] = []
    column = 0
    # The cell being read: its type, style, the text of <v>, the text of <is> if it has one.
    kind, style, value, inline, has_formula = "n", None, None, None, False
    collecting = None  # VALUE or TEXT while the characters are the cell's
    in_phonetic = False
    # Past a limit, refused as the sheet is read (lib/limits.py), before its rows pile up.
    max_rows, max_columns, max_cells = (
        limit(name) for name in ("table_rows", "table_columns", "table_cells")
    )
    cells_read = 0

    def start(name, attrs):
        nonlocal column, kind, style, value, inline, has_formula, collecting, in_phonetic
        if name == CELL:
            reference = attrs.get("r")
            if reference is None:
                column += 1
            else:
                letters = reference.rstrip("0123456789")
                column = column_numbers.get(letters) or _column_number(column_numbers, letters)
            kind = attrs.get("t", "n")
            style = attrs.get("s")
            value = inline = None
            has_formula = False
        elif name == VALUE:
            collecting = VALUE
        elif name == INLINE:
            inline = ""
        elif name == TEXT:
            if inline is not None and not in_phonetic:
                collecting = TEXT
        elif name == FORMULA:
            has_formula = True
        elif name == ROW:
            start_row(attrs.get("r"))
        elif name == PHONETIC:
            in_phonetic = True

    def end(name):
        nonlocal collecting, in_phonetic, cells_read
        if name == CELL:
            cells_read += 1
            if column > max_columns or cells_read > max_cells:
                check_at_most("table_columns", column)
                check_at_most("table_cells", cells_read)
            text = cell_text()
            if column == len(cells) + 1:
                cells.append(text)
            else:
                place(text)
        elif name == VALUE or name == TEXT:
            collecting = None
        elif name == ROW:
            rows.append((line, cells))
            if len(rows) > max_rows:  # the header row and max_rows rows of data are fine
                check_at_most("table_rows", len(rows) - 1)
        elif name == PHONETIC:
            in_phonetic = False

    def characters(text):
        nonlocal value, inline
        if collecting is VALUE:
            value = text if value is None else value + text
        elif collecting is TEXT:
            inline += text

    def start_row(number):
        nonlocal line, cells, column
        next_line = _row_number(number) if number is not None else line + 1
        if next_line <= line:
            raise ValueError(f"row {next_line} comes after row {line}")
        line, cells, column = next_line, [], 0

    def place(text):
        if column > len(cells):
            cells.extend([""] * (column - 1 - len(cells)))
            cells.append(text)
        else:  # the same cell twice: the last one counts, as in openpyxl
            cells[column - 1] = text

    def cell_text() -> str:
        raw = inline if kind == "inlineStr" else value or None
        if raw is None:
            if has_formula:
                raise FormulaWithoutValue(line)
            return ""
        if kind == "n":
            if style and int(style) in date_styles:
                return _date_text(raw, epoch, duration=int(style) in duration_styles)
            return number_text(raw)
        if kind == "s":
            return shared_strings[int(raw)].strip()
        if kind == "b":
            return str(bool(int(raw)))
        if kind == "d":
            return cell_text_of(from_ISO8601(raw))
        return raw.strip()  # inline strings, formula strings ("str"), errors ("#N/A")

    _parse(_new_parser(start, end, characters), source)
    return rows


def _column_number(cache: dict[str, int], letters: str) -> int:
    cache[letters] = column_index_from_string(letters)
    return cache[letters]


def _date_text(raw: str, epoch, *, duration: bool) -> str:
    number = float(raw) if "." in raw or "e" in raw or "E" in raw else int(raw)
    try:
        return cell_text_of(from_excel(number, epoch, timedelta=duration))
    except (OverflowError, ValueError):
        return "#VALUE!"  # a date style on a number too large for a date, as openpyxl


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise
        return int(number)
