"""DOCX output (python-docx): what offices open and edit in Word."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import layout
from .layout import Line
from .model import OfficialDocument, Paragraph, Table

FONT = "Times New Roman"
CENTER, RIGHT, LEFT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


def _set_fonts(r_pr) -> None:
    """Times New Roman for Latin, East Asian and complex scripts, no theme font."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)
    language = r_pr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        r_pr.append(language)
    language.set(qn("w:val"), "vi-VN")


def _setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(layout.PAGE_WIDTH), Mm(layout.PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Mm(layout.MARGIN_TOP), Mm(layout.MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Mm(layout.MARGIN_LEFT), Mm(layout.MARGIN_RIGHT)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)

    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if r_pr is not None:
            _set_fonts(r_pr)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(layout.BODY_SIZE)
    _set_fonts(normal.element.get_or_add_rPr())
    paragraph_format = normal.paragraph_format
    paragraph_format.space_before, paragraph_format.space_after = Pt(0), Pt(0)
    paragraph_format.line_spacing = 1.0

    # Page numbers top centre from the second page on.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number._p.append(field)


def _run(paragraph, text: str, *, size: float, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic = bold or None, italic or None
    if underline:
        run.underline = True
    return run


def _paragraph(container, *, first: bool = False):
    """A new paragraph in a cell or the document; a cell's first paragraph is reused."""
    if first and container.paragraphs and not container.paragraphs[0].text:
        return container.paragraphs[0]
    return container.add_paragraph()


def _rule(container, *, width_mm: float, box_mm: float, first: bool = False) -> None:
    """A short centred horizontal line: an empty paragraph with a bottom border."""
    paragraph = _paragraph(container, first=first)
    side = max((box_mm - width_mm) / 2, 0)
    paragraph_format = paragraph.paragraph_format
    paragraph_format.left_indent, paragraph_format.right_indent = Mm(side), Mm(side)
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(4)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    p_pr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr"
    )


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )


def _cell_margins(table, padding_mm: float) -> None:
    """The same space left and right of a cell's text as the PDF leaves."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(padding_mm / 25.4 * 1440)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption")


def _fixed_widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


def _lines(cell, lines: list[Line], box_mm: float) -> None:
    first = True
    for line in lines:
        paragraph = _paragraph(cell, first=first)
        first = False
        paragraph.alignment = CENTER
        _run(
            paragraph,
            line.text,
            size=line.size,
            bold=line.bold,
            italic=line.italic,
            underline=line.underline,
        )
        if line.rule:
            width = min(len(line.text) * line.size * 0.6 * 0.3528 * line.rule, box_mm)
            _rule(cell, width_mm=max(width, 20), box_mm=box_mm)


def _header(document, doc: OfficialDocument) -> None:
    rows = layout.header_rows(doc)
    widths = [layout.HEADER_LEFT_WIDTH, layout.HEADER_RIGHT_WIDTH]
    table = document.add_table(rows=len(rows), cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _fixed_widths(table, widths)
    for row, header_row in zip(table.rows, rows, strict=True):
        _lines(row.cells[0], header_row.left, widths[0])
        _lines(row.cells[1], header_row.right, widths[1])


def _title(document, doc: OfficialDocument) -> None:
    kind = document.add_paragraph()
    kind.alignment = CENTER
    kind.paragraph_format.space_before = Pt(18)
    _run(kind, layout.kind_line(doc), size=15 if doc.style == "union" else 14, bold=True)
    kind.paragraph_format.keep_with_next = True
    if layout.subject_line(doc):
        subject = document.add_paragraph()
        subject.alignment = CENTER
        subject.paragraph_format.keep_with_next = True
        _run(subject, layout.subject_line(doc), size=14, bold=True)
    _rule(document, width_mm=30, box_mm=layout.CONTENT_WIDTH)
    document.paragraphs[-1].paragraph_format.space_after = Pt(12)


def _body_paragraph(document, block: Paragraph) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = JUSTIFY
    paragraph_format = paragraph.paragraph_format
    paragraph_format.first_line_indent = Mm(layout.FIRST_LINE_INDENT)
    paragraph_format.space_after = Pt(6)
    paragraph_format.line_spacing = 1.15
    if block.heading:
        paragraph_format.keep_with_next = True
        paragraph_format.space_before = Pt(6)
    _run(
        paragraph,
        layout.cell_text(block.text),
        size=layout.BODY_SIZE,
        bold=block.bold or block.heading,
        italic=block.italic,
    )


def _cell(cell, text: str, *, align, size: float, bold=False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(2)
    paragraph.paragraph_format.space_after = Pt(2)
    _run(paragraph, text, size=size, bold=bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _body_table(document, block: Table) -> None:
    if block.title:
        title = document.add_paragraph()
        title.alignment = CENTER
        title.paragraph_format.space_before = Pt(6)
        title.paragraph_format.space_after = Pt(6)
        title.paragraph_format.keep_with_next = True
        _run(title, layout.cell_text(block.title), size=13, bold=True)
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    shape = layout.table_layout(block)
    _fixed_widths(table, shape.widths)
    _cell_margins(table, shape.padding)
    heading_row = table.rows[0]
    header_flag = OxmlElement("w:tblHeader")
    heading_row._tr.get_or_add_trPr().append(header_flag)
    for cell, heading in zip(heading_row.cells, block.columns, strict=True):
        _cell(cell, layout.cell_text(heading), align=CENTER, size=shape.size, bold=True)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            align = RIGHT if index in block.numeric_columns else LEFT
            _cell(cell, layout.cell_text(value), align=align, size=shape.size)
    document.add_paragraph().paragraph_format.space_after = Pt(6)


def _footnote(document, doc: OfficialDocument) -> None:
    if not doc.footnote.strip():
        return
    paragraph = document.add_paragraph()
    paragraph.alignment = JUSTIFY
    paragraph.paragraph_format.space_before = Pt(4)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, layout.footnote_line(doc), size=layout.FOOTNOTE_SIZE, italic=True)


def _closing(document, doc: OfficialDocument) -> None:
    above, name = layout.signature_lines(doc)
    recipients = layout.recipient_lines(doc)
    if document.paragraphs:  # the last paragraph goes over with the signature, if it must
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(6)
    spacer.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_widths(table, [layout.RECIPIENTS_WIDTH, layout.SIGNATURE_WIDTH])
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = row.cells
    if recipients:
        label = _paragraph(left, first=True)
        _run(
            label,
            layout.RECIPIENTS_LABEL,
            size=layout.RECIPIENTS_LABEL_SIZE,
            bold=True,
            italic=True,
        )
        for recipient in recipients:
            _run(left.add_paragraph(), recipient, size=layout.RECIPIENT_SIZE)
    first = True
    for text in above:
        paragraph = _paragraph(right, first=first)
        first = False
        paragraph.alignment = CENTER
        _run(paragraph, text, size=14, bold=True)
    if name or above:
        space = _paragraph(right, first=first)
        space.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        space.paragraph_format.line_spacing = Mm(layout.SIGNATURE_SPACE)
        if name:
            signer = right.add_paragraph()
            signer.alignment = CENTER
            _run(signer, name, size=14, bold=True)


def render(doc: OfficialDocument) -> bytes:
    document = Document()
    _setup(document)
    _header(document, doc)
    _title(document, doc)
    for block in doc.body:
        if isinstance(block, Table):
            _body_table(document, block)
        else:
            _body_paragraph(document, block)
    _footnote(document, doc)
    _closing(document, doc)
    core = document.core_properties
    core.title = f"{layout.kind_line(doc)} {layout.subject_line(doc)}".strip()
    core.author = layout.cell_text(doc.issuer)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
