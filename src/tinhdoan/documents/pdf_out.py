"""PDF output (fpdf2) with an embedded font that has every Vietnamese glyph."""

from fpdf import FPDF
from fpdf.fonts import FontFace

from . import layout
from .fonts import FontSet, font_for
from .layout import Line
from .model import OfficialDocument, Paragraph, Table

FAMILY = "docserif"
PT = 0.3528  # mm per point
LINE_FACTOR = 1.25
SHRINK = 1.5  # points a header line may lose to fit on one line before it wraps


def _height(size: float, factor: float = LINE_FACTOR) -> float:
    return size * PT * factor


class _PDF(FPDF):
    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FAMILY, "", layout.HEADER_SIZE)
            self.set_y(10)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_y(self.t_margin)


def _style(line: Line) -> str:
    return (
        ("B" if line.bold else "") + ("I" if line.italic else "") + ("U" if line.underline else "")
    )


def _balanced(pdf: FPDF, text: str) -> str:
    """Break a line that is too long into two lines of close width, between words."""
    words = text.split()
    splits = [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words))]
    if not splits:
        return text
    first, second = min(splits, key=lambda pair: max(map(pdf.get_string_width, pair)))
    return f"{first}\n{second}"


def _lines(pdf: FPDF, lines: list[Line], x: float, y: float, width: float) -> float:
    """Centred header lines in a column; returns the y under them."""
    for line in lines:
        size, text = line.size, line.text
        pdf.set_font(FAMILY, _style(line), size)
        while size > line.size - SHRINK and pdf.get_string_width(text) > width - 2:
            size -= 0.5
            pdf.set_font(FAMILY, _style(line), size)
        if pdf.get_string_width(text) > width - 2:
            size = line.size
            pdf.set_font(FAMILY, _style(line), size)
            text = _balanced(pdf, text)
        pdf.set_xy(x, y)
        pdf.multi_cell(width, _height(size), text, align="C", new_x="LEFT", new_y="NEXT")
        y = pdf.get_y()
        if line.rule:
            longest = max(pdf.get_string_width(part) for part in text.split("\n"))
            length = min(longest, width) * line.rule
            length = max(length, 20)
            pdf.set_line_width(0.3)
            pdf.line(x + (width - length) / 2, y + 1.2, x + (width + length) / 2, y + 1.2)
            y += 2.5
    return y


def _header(pdf: FPDF, doc: OfficialDocument) -> None:
    left_x = layout.MARGIN_LEFT
    right_x = left_x + layout.HEADER_LEFT_WIDTH
    y = pdf.get_y()
    for row in layout.header_rows(doc):
        left_y = _lines(pdf, row.left, left_x, y, layout.HEADER_LEFT_WIDTH)
        right_y = _lines(pdf, row.right, right_x, y, layout.HEADER_RIGHT_WIDTH)
        y = max(left_y, right_y) + 1
    pdf.set_y(y)


def _title(pdf: FPDF, doc: OfficialDocument) -> None:
    pdf.ln(8)
    size = 15 if doc.style == "union" else 14
    pdf.set_font(FAMILY, "B", size)
    pdf.multi_cell(0, _height(size), layout.kind_line(doc), align="C", new_x="LMARGIN")
    if layout.subject_line(doc):
        pdf.set_font(FAMILY, "B", 14)
        pdf.multi_cell(0, _height(14), layout.subject_line(doc), align="C", new_x="LMARGIN")
    y = pdf.get_y() + 2
    middle = layout.MARGIN_LEFT + layout.CONTENT_WIDTH / 2
    pdf.set_line_width(0.3)
    pdf.line(middle - 15, y, middle + 15, y)
    pdf.set_y(y + 6)


def _paragraph(pdf: FPDF, block: Paragraph) -> None:
    style = ("B" if block.bold or block.heading else "") + ("I" if block.italic else "")
    if block.heading and pdf.get_y() + 3 * _height(layout.BODY_SIZE) > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(FAMILY, style, layout.BODY_SIZE)
    with pdf.text_columns(text_align="J", line_height=LINE_FACTOR) as columns:
        with columns.paragraph(
            first_line_indent=layout.FIRST_LINE_INDENT,
            top_margin=2 if block.heading else 0,
            bottom_margin=2,
        ) as paragraph:
            paragraph.write(layout.cell_text(block.text))


def _table(pdf: FPDF, block: Table, font_set: FontSet) -> None:
    if block.title:
        if pdf.get_y() + 4 * _height(13) > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(2)
        pdf.set_font(FAMILY, "B", 13)
        pdf.multi_cell(0, _height(13), layout.cell_text(block.title), align="C", new_x="LMARGIN")
        pdf.ln(1)
    shape = layout.table_layout(block, font_set=font_set)
    pdf.set_font(FAMILY, "", shape.size)
    pdf.set_line_width(0.2)
    with pdf.table(
        col_widths=shape.widths,
        width=sum(shape.widths),
        align="CENTER",
        text_align="LEFT",
        line_height=_height(shape.size, 1.3),
        padding=(1, shape.padding),
        headings_style=FontFace(emphasis="BOLD"),
        num_heading_rows=1,
        repeat_headings=1,
    ) as table:
        heading = table.row()
        for text in block.columns:
            heading.cell(layout.cell_text(text), align="C")
        for values in block.rows:
            row = table.row()
            for index, value in enumerate(values):
                align = "R" if index in block.numeric_columns else "L"
                row.cell(layout.cell_text(value), align=align)
    pdf.ln(4)


def _footnote(pdf: FPDF, doc: OfficialDocument) -> None:
    if not doc.footnote.strip():
        return
    pdf.set_font(FAMILY, "I", layout.FOOTNOTE_SIZE)
    with pdf.text_columns(text_align="J", line_height=LINE_FACTOR) as columns:
        with columns.paragraph(top_margin=2, bottom_margin=2) as paragraph:
            paragraph.write(layout.footnote_line(doc))


def _closing(pdf: FPDF, doc: OfficialDocument) -> bool:
    """The recipients and the signature side by side; True when they had to start a page."""
    above, name = layout.signature_lines(doc)
    recipients = layout.recipient_lines(doc)
    recipients_height = (len(recipients) + 1) * _height(layout.RECIPIENT_SIZE, 1.3) + 2
    signature_height = (len(above) + 1) * _height(14) + layout.SIGNATURE_SPACE
    needed = max(recipients_height if recipients else 0, signature_height) + 6
    moved = pdf.get_y() + needed > pdf.page_break_trigger
    if moved:
        pdf.add_page()
    y = pdf.get_y() + 4
    if recipients:
        x = layout.MARGIN_LEFT
        pdf.set_xy(x, y)
        pdf.set_font(FAMILY, "BI", layout.RECIPIENTS_LABEL_SIZE)
        pdf.multi_cell(
            layout.RECIPIENTS_WIDTH,
            _height(layout.RECIPIENTS_LABEL_SIZE, 1.3),
            layout.RECIPIENTS_LABEL,
            new_x="LEFT",
            new_y="NEXT",
        )
        pdf.set_font(FAMILY, "", layout.RECIPIENT_SIZE)
        for text in recipients:
            pdf.multi_cell(
                layout.RECIPIENTS_WIDTH - 4,
                _height(layout.RECIPIENT_SIZE, 1.3),
                text,
                new_x="LEFT",
                new_y="NEXT",
            )
    if above or name:
        x = layout.MARGIN_LEFT + layout.RECIPIENTS_WIDTH
        y = _lines(
            pdf, [Line(text, size=14, bold=True) for text in above], x, y, layout.SIGNATURE_WIDTH
        )
        if name:
            y += layout.SIGNATURE_SPACE
            _lines(pdf, [Line(name, size=14, bold=True)], x, y, layout.SIGNATURE_WIDTH)
    return moved


def _all_text(doc: OfficialDocument) -> str:
    parts = [line.text for row in layout.header_rows(doc) for line in row.left + row.right]
    parts += [layout.kind_line(doc), layout.subject_line(doc), layout.RECIPIENTS_LABEL]
    parts.append(layout.footnote_line(doc))
    parts += layout.recipient_lines(doc)
    above, name = layout.signature_lines(doc)
    parts += above + [name, "0123456789"]
    for block in doc.body:
        if isinstance(block, Paragraph):
            parts.append(layout.cell_text(block.text))
        else:
            parts += [layout.cell_text(block.title)] + [layout.cell_text(c) for c in block.columns]
            parts += [layout.cell_text(value) for row in block.rows for value in row]
    return "".join(parts)


def render(doc: OfficialDocument) -> bytes:
    """The document; when the signature would stand alone on the last page, the last
    paragraph of the body goes over with it (a second pass breaks the page before it)."""
    font_set = font_for(_all_text(doc))
    pdf, alone = _laid_out(doc, font_set, break_before=None)
    last = max((i for i, b in enumerate(doc.body) if isinstance(b, Paragraph)), default=0)
    if alone and last > 0:  # never before the first block: page 1 would hold the header alone
        pdf, _alone = _laid_out(doc, font_set, break_before=last)
    return bytes(pdf.output())  # written once: subsetting the fonts is the costly part


def _laid_out(
    doc: OfficialDocument, font_set: FontSet, *, break_before: int | None
) -> tuple[FPDF, bool]:
    pdf = _PDF(orientation="P", unit="mm", format="A4")
    for style, path in font_set.faces.items():
        pdf.add_font(FAMILY, style, str(path))
    pdf.set_margins(left=layout.MARGIN_LEFT, top=layout.MARGIN_TOP, right=layout.MARGIN_RIGHT)
    pdf.set_auto_page_break(auto=True, margin=layout.MARGIN_BOTTOM)
    pdf.set_lang("vi")
    pdf.set_title(f"{layout.kind_line(doc)} {layout.subject_line(doc)}".strip())
    pdf.set_author(layout.cell_text(doc.issuer))
    pdf.set_creator("tinhdoan")
    pdf.add_page()
    _header(pdf, doc)
    _title(pdf, doc)
    for index, block in enumerate(doc.body):
        if index == break_before:
            pdf.add_page()
        if isinstance(block, Table):
            _table(pdf, block, font_set)
        else:
            _paragraph(pdf, block)
    _footnote(pdf, doc)
    alone = _closing(pdf, doc)
    return pdf, alone
