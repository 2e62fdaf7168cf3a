"""What goes where on an official document, shared by the DOCX, XLSX and PDF renderers.

Youth Union documents follow Hướng dẫn 29-HD/TWĐTN-VP (2013); state documents follow
Nghị định 30/2020/NĐ-CP.  Both put the issuing body top left and the heading top right, in
two rows so that the number ("Số: ...") and the place-date line stand on the same level.
"""

import datetime
from dataclasses import dataclass

from tinhdoan.lib.vntext import nfc

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
RECIPIENTS_LABEL_SIZE = 12
RECIPIENT_SIZE = 11
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
    above = [nfc(t.strip().upper()) for t in (signature.on_behalf, signature.title) if t.strip()]
    return above, nfc(signature.name.strip())


def cell_text(value) -> str:
    if value is None:
        return ""
    if is_number(value):
        return format_number(value)
    return nfc(str(value))


def column_weights(table: Table) -> list[float]:
    """Relative column widths: short headings stay on one line, long texts wrap."""
    weights = []
    for index, heading in enumerate(table.columns):
        heading = cell_text(heading)
        longest_word = max((len(word) for word in heading.split()), default=1)
        longest_cell = max((len(cell_text(row[index])) for row in table.rows), default=0)
        weight = max(longest_word, min(len(heading), 14), min(longest_cell, 30), 2) + 2
        weights.append(float(weight))
    return weights
