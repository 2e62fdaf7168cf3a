"""What goes where on an official document, shared by the DOCX, XLSX and PDF renderers.

Youth Union documents follow Hướng dẫn 29-HD/TWĐTN-VP (2013); state documents follow
Nghị định 30/2020/NĐ-CP.  Both put the issuing body top left and the heading top right, in
two rows so that the number ("Số: ...") and the place-date line stand on the same level.
"""

import datetime
from dataclasses import dataclass

from tinhdoan.lib.vntext import nfc

from .metrics import text_width
from .model import OfficialDocument, Table, is_number
from .numbers import format_number

UNION_HEADING = "ĐOÀN TNCS HỒ CHÍ MINH"
STATE_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_SLOGAN = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"

# A4 page, margins of the guide (mm).
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 20
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
HEADER_LEFT_WIDTH = 70
HEADER_RIGHT_WIDTH = CONTENT_WIDTH - HEADER_LEFT_WIDTH
SIGNATURE_WIDTH = 85
RECIPIENTS_WIDTH = CONTENT_WIDTH - SIGNATURE_WIDTH

BODY_SIZE = 14
HEADER_SIZE = 13
TABLE_SIZE = 12
TABLE_SIZES = (TABLE_SIZE, 11, 10, 9)  # a table whose words do not fit gets smaller text
CELL_PADDING = 1.5  # mm left and right of a cell's text, in the PDF and the DOCX alike
CELL_SLACK = 1.0  # mm kept spare in a cell: rounding and kerning never push a word over
HEADING_LINE = 30.0  # mm: a column heading longer than this wraps rather than widen
RECIPIENTS_LABEL_SIZE = 12
RECIPIENT_SIZE = 11
FOOTNOTE_SIZE = 12
FIRST_LINE_INDENT = 10  # mm
SIGNATURE_SPACE = 25  # mm left blank for the signature and seal


@dataclass(frozen=True)
class Line:
    """One centred line of the header; ``rule`` is the length (fraction of the text) of a
    short line drawn under it, ``underline`` underlines the text itself."""

    text: str
    size: float = HEADER_SIZE
    bold: bool = False
    italic: bool = False
    underline: bool = False
    rule: float = 0.0


@dataclass(frozen=True)
class HeaderRow:
    left: list[Line]
    right: list[Line]


def vietnamese_date_line(place: str, date: datetime.date) -> str:
    """ "Lạng Sơn, ngày 09 tháng 01 năm 2018".

    Days below 10 and the months 1 and 2 take a leading zero (Nghị định 30/2020/NĐ-CP,
    Hướng dẫn 29-HD/TWĐTN-VP): ngày 09 tháng 01, ngày 15 tháng 02, ngày 31 tháng 3.
    """
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return nfc(f"{place.strip()}, ngày {day} tháng {month} năm {date.year}")


def number_line(doc: OfficialDocument) -> str:
    return nfc(f"Số: {doc.number.strip()}") if doc.number.strip() else "Số:"


def header_rows(doc: OfficialDocument) -> list[HeaderRow]:
    left: list[Line] = []
    issuer_parent = nfc(doc.issuer_parent.strip().upper())
    issuer = nfc(doc.issuer.strip().upper())
    if doc.style == "union":
        if issuer_parent:
            left.append(Line(issuer_parent, size=14))
        left.append(Line(issuer, size=14, bold=True))
        left.append(Line("***", size=14))
        right = [Line(UNION_HEADING, size=15, bold=True, underline=True)]
        date_size = 14
    else:
        if issuer_parent:
            left.append(Line(issuer_parent))
        left.append(Line(issuer, bold=True, rule=0.4))
        right = [
            Line(STATE_MOTTO, bold=True, size=12),
            Line(STATE_SLOGAN, bold=True, underline=True),
        ]
        date_size = 13
    return [
        HeaderRow(left=left, right=right),
        HeaderRow(
            left=[Line(number_line(doc))],
            right=[Line(vietnamese_date_line(doc.place, doc.date), size=date_size, italic=True)],
        ),
    ]


def footnote_line(doc: OfficialDocument) -> str:
    text = nfc(doc.footnote.strip())
    return f"(*) {text}" if text else ""


def kind_line(doc: OfficialDocument) -> str:
    return nfc(doc.kind.strip().upper())


def subject_line(doc: OfficialDocument) -> str:
    return nfc(doc.subject.strip())


def recipient_lines(doc: OfficialDocument) -> list[str]:
    lines = []
    for recipient in doc.recipients:
        text = nfc(recipient.strip())
        if text:
            lines.append(text if text.startswith(("-", "–")) else f"- {text}")
    return lines


def signature_lines(doc: OfficialDocument) -> tuple[list[str], str]:
    """(the bold lines above the signature space, the name under it)."""
    signature = doc.signature
    lines = (signature.on_behalf, signature.acting, signature.title)
    above = [nfc(t.strip().upper()) for t in lines if t.strip()]
    return above, nfc(signature.name.strip())


def cell_text(value) -> str:
    if value is None:
        return ""
    if is_number(value):
        return format_number(value)
    return nfc(str(value))


@dataclass(frozen=True)
class TableLayout:
    widths: list[float]  # mm, adding up to the width of the table
    size: float  # points, of the cells' text
    padding: float = CELL_PADDING  # mm left and right inside each cell


def _cell_texts(table: Table, index: int) -> list[str]:
    return [cell_text(row[index]) for row in table.rows]


def _widest(
    texts: list[str], size: float, *, bold: bool = False, words: bool, font_set=None
) -> float:
    """The widest line (or, with ``words``, the widest word) of the texts, in mm."""
    parts = [
        part
        for text in texts
        for line in text.split("\n")
        for part in (line.split() if words else [line])
    ]
    return max(
        (text_width(part, size, bold=bold, font_set=font_set) for part in parts), default=0.0
    )


def _column_needs(table: Table, size: float, font_set) -> tuple[list[float], list[float]]:
    """(the least width of each column: its widest word whole; the width it would like:
    its longest cell on one line, a heading wrapping past HEADING_LINE)."""
    frame = 2 * CELL_PADDING + CELL_SLACK
    least, wanted = [], []
    for index, heading in enumerate(table.columns):
        cells = _cell_texts(table, index)
        heading_text = [cell_text(heading)]
        least.append(
            frame
            + max(
                _widest(heading_text, size, bold=True, words=True, font_set=font_set),
                _widest(cells, size, words=True, font_set=font_set),
            )
        )
        heading_line = _widest(heading_text, size, bold=True, words=False, font_set=font_set)
        cell_line = _widest(cells, size, words=False, font_set=font_set)
        wanted.append(frame + max(min(heading_line, HEADING_LINE), cell_line))
    wanted = [max(w, m) for w, m in zip(wanted, least, strict=True)]
    return least, wanted


def table_layout(table: Table, width: float = CONTENT_WIDTH, font_set=None) -> TableLayout:
    """Column widths that keep every word and number whole in its cell.

    Each column gets at least its widest word (a Vietnamese word is one syllable, a number
    one word), then the rest of the width goes where text would otherwise wrap most, as a
    browser lays out an automatic table.  Measured in ``font_set`` (the PDF's font), else in
    the first choice, whose metrics are Times New Roman's (the DOCX).  When the words themselves do not fit side by
    side, the text gets smaller, down to TABLE_SIZES[-1]; past that (a table of very long
    words) the columns share the width by what they need and a long word may wrap.
    """
    for size in TABLE_SIZES:
        least, wanted = _column_needs(table, size, font_set)
        if sum(least) <= width:
            break
    else:
        scale = width / sum(least)
        return TableLayout(widths=[w * scale for w in least], size=size)
    if sum(wanted) <= width:
        spare = width - sum(wanted)
        total = sum(wanted)
        return TableLayout(widths=[w + spare * w / total for w in wanted], size=size)
    room = width - sum(least)
    short = [w - m for w, m in zip(wanted, least, strict=True)]
    total_short = sum(short) or 1.0
    widths = [m + room * s / total_short for m, s in zip(least, short, strict=True)]
    return TableLayout(widths=widths, size=size)
