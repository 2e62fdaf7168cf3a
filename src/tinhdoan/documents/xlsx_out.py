"""XLSX output (openpyxl): the same document as a sheet, tables with real numbers."""

import math
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from tinhdoan.lib.sheet_text import xlsx_bytes

from . import layout
from .layout import Line
from .model import OfficialDocument, Paragraph, Table, is_number
from .numbers import decimals_of

FONT = "Times New Roman"
SIZE = 12
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MIN_COLUMNS = 4
FREEZE_LIMIT = 20  # freeze panes under a table heading only if it is this near the top
MM_PER_INCH = 25.4
MM_PER_CHARACTER = 2.0  # an Excel column width unit, in mm of Times New Roman 12


def number_format(value) -> str:
    """'#,##0' or '#,##0.0…': Excel shows 1.234,5 with the Vietnamese separators."""
    places = decimals_of(value)
    return "#,##0" + ("." + "0" * places if places else "")


class _Sheet:
    def __init__(self, sheet, columns: int, widths: list[float]):
        self.sheet = sheet
        self.columns = columns
        self.widths = widths
        self.row = 1
        self.left_span = max(columns // 2, 1) if columns > 2 else 1
        self.first_heading_row = 0

    def merged(self, first: int, last: int, text, *, font: Font, align: Alignment) -> None:
        cell = self.sheet.cell(row=self.row, column=first, value=text)
        cell.font, cell.alignment = font, align
        if last > first:
            self.sheet.merge_cells(
                start_row=self.row, start_column=first, end_row=self.row, end_column=last
            )

    def fit_height(self, text: str, first: int, last: int, size: float) -> None:
        chars = sum(self.widths[first - 1 : last]) * 1.1 * 11 / size
        lines = sum(max(math.ceil(len(part) / max(chars, 1)), 1) for part in text.split("\n"))
        if lines > 1:
            self.sheet.row_dimensions[self.row].height = lines * size * 1.35

    def wide_line(self, text: str, *, size=SIZE, bold=False, italic=False, align="center"):
        font = Font(name=FONT, size=size, bold=bold, italic=italic)
        wrap = Alignment(horizontal=align, vertical="top", wrap_text=True)
        self.merged(1, self.columns, text, font=font, align=wrap)
        self.fit_height(text, 1, self.columns, size)
        self.row += 1


def _font(line: Line) -> Font:
    return Font(
        name=FONT,
        size=line.size,
        bold=line.bold,
        italic=line.italic,
        underline="single" if line.underline else None,
    )


def _header(out: _Sheet, doc: OfficialDocument) -> None:
    center = Alignment(horizontal="center", vertical="center")
    spans = ((1, out.left_span), (out.left_span + 1, out.columns))
    for header_row in layout.header_rows(doc):
        height = max(len(header_row.left), len(header_row.right))
        for offset in range(height):
            for (first, last), lines in zip(
                spans, (header_row.left, header_row.right), strict=True
            ):
                if offset < len(lines):
                    out.merged(
                        first, last, lines[offset].text, font=_font(lines[offset]), align=center
                    )
            out.row += 1


def _table(out: _Sheet, block: Table) -> None:
    if block.title:
        out.wide_line(layout.cell_text(block.title), size=SIZE + 1, bold=True)
    heading_font = Font(name=FONT, size=SIZE, bold=True)
    heading_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for column, heading in enumerate(block.columns, start=1):
        cell = out.sheet.cell(row=out.row, column=column, value=layout.cell_text(heading))
        cell.font, cell.alignment, cell.border = heading_font, heading_align, BOX
    if not out.first_heading_row:
        out.first_heading_row = out.row
    out.row += 1
    body_font = Font(name=FONT, size=SIZE)
    for values in block.rows:
        for column, value in enumerate(values, start=1):
            numeric = (column - 1) in block.numeric_columns
            cell = out.sheet.cell(row=out.row, column=column)
            if is_number(value):
                cell.value = value
                cell.number_format = number_format(value)
            else:
                cell.value = layout.cell_text(value) if value is not None else None
            cell.font, cell.border = body_font, BOX
            cell.alignment = Alignment(
                horizontal="right" if numeric else "left", vertical="center", wrap_text=True
            )
        out.row += 1
    out.row += 1


def _closing(out: _Sheet, doc: OfficialDocument) -> None:
    above, name = layout.signature_lines(doc)
    recipients = layout.recipient_lines(doc)
    left = [(layout.RECIPIENTS_LABEL, Font(name=FONT, size=SIZE, bold=True, italic=True))]
    left += [(text, Font(name=FONT, size=SIZE - 1)) for text in recipients]
    if not recipients:
        left = []
    bold = Font(name=FONT, size=SIZE + 1, bold=True)
    right = [(text, bold) for text in above]
    if name or above:
        right += [("", bold)] * 4 + ([(name, bold)] if name else [])
    out.row += 1
    align_left = Alignment(horizontal="left", vertical="top")
    align_center = Alignment(horizontal="center", vertical="top")
    for offset in range(max(len(left), len(right))):
        if offset < len(left):
            text, font = left[offset]
            out.merged(1, out.left_span, text, font=font, align=align_left)
        if offset < len(right) and right[offset][0]:
            text, font = right[offset]
            out.merged(out.left_span + 1, out.columns, text, font=font, align=align_center)
        out.row += 1


def _sheet_title(doc: OfficialDocument) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", layout.kind_line(doc).capitalize()).strip()
    return title[:31] or "Văn bản"


def _widths(doc: OfficialDocument, columns: int) -> list[float]:
    widths = [16.0] * columns
    tables = [block for block in doc.body if isinstance(block, Table)]
    if tables:
        widths = [10.0] * columns
        for table in tables:
            for index, width_mm in enumerate(layout.table_layout(table).widths):
                widths[index] = max(widths[index], min(width_mm / MM_PER_CHARACTER, 60))
    return widths


def render(doc: OfficialDocument) -> bytes:
    tables = [block for block in doc.body if isinstance(block, Table)]
    columns = max([MIN_COLUMNS] + [len(table.columns) for table in tables])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(doc)
    widths = _widths(doc, columns)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    out = _Sheet(sheet, columns, widths)

    _header(out, doc)
    out.row += 1
    out.wide_line(layout.kind_line(doc), size=SIZE + 2, bold=True)
    if layout.subject_line(doc):
        out.wide_line(layout.subject_line(doc), size=SIZE + 1, bold=True)
    out.row += 1
    for block in doc.body:
        if isinstance(block, Paragraph):
            out.wide_line(
                layout.cell_text(block.text),
                bold=block.bold or block.heading,
                italic=block.italic,
                align="justify",
            )
        else:
            _table(out, block)
    if layout.footnote_line(doc):
        out.wide_line(layout.footnote_line(doc), size=SIZE - 1, italic=True, align="justify")
    _closing(out, doc)

    if out.first_heading_row:
        if out.first_heading_row <= FREEZE_LIMIT:
            sheet.freeze_panes = sheet.cell(row=out.first_heading_row + 1, column=1)
        sheet.print_title_rows = f"{out.first_heading_row}:{out.first_heading_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    margins = sheet.page_margins
    margins.top, margins.bottom = (
        layout.MARGIN_TOP / MM_PER_INCH,
        layout.MARGIN_BOTTOM / MM_PER_INCH,
    )
    margins.left, margins.right = (
        layout.MARGIN_LEFT / MM_PER_INCH,
        layout.MARGIN_RIGHT / MM_PER_INCH,
    )
    workbook.properties.title = f"{layout.kind_line(doc)} {layout.subject_line(doc)}".strip()
    workbook.properties.creator = layout.cell_text(doc.issuer)
    return xlsx_bytes(workbook)
