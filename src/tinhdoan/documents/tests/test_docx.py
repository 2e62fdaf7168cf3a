import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from tinhdoan.documents.render import render_docx

from .samples import SUMMARY, state_report, union_report


def read(document_bytes: bytes):
    return Document(io.BytesIO(document_bytes))


def lines(cell) -> list[str]:
    return [paragraph.text for paragraph in cell.paragraphs if paragraph.text]


def runs(cell, text: str):
    paragraph = next(p for p in cell.paragraphs if p.text == text)
    return paragraph.runs


@pytest.fixture(scope="module")
def union():
    return read(render_docx(union_report()))


def test_page_is_a4_with_the_margins_of_the_guide(union):
    section = union.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(margin.mm) for margin in margins] == [20, 20, 30, 20]


def test_text_is_times_new_roman_for_every_script(union):
    normal = union.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(qn(f"w:{attribute}")) == "Times New Roman"
    defaults = union.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert defaults.get(qn("w:asciiTheme")) is None
    assert defaults.get(qn("w:eastAsia")) == "Times New Roman"


def test_issuer_and_number_are_top_left(union):
    header = union.tables[0]
    assert lines(header.cell(0, 0)) == ["BCH TỈNH LẠNG SƠN", "***"]
    assert all(run.bold for run in runs(header.cell(0, 0), "BCH TỈNH LẠNG SƠN"))
    assert lines(header.cell(1, 0)) == ["Số: 125-BC/TĐTN-VP"]


def test_union_heading_and_italic_date_line_are_top_right(union):
    header = union.tables[0]
    assert lines(header.cell(0, 1)) == ["ĐOÀN TNCS HỒ CHÍ MINH"]
    heading_runs = runs(header.cell(0, 1), "ĐOÀN TNCS HỒ CHÍ MINH")
    assert all(run.bold and run.underline for run in heading_runs)
    assert lines(header.cell(1, 1)) == ["Lạng Sơn, ngày 09 tháng 01 năm 2018"]
    assert all(run.italic for run in runs(header.cell(1, 1), lines(header.cell(1, 1))[0]))


def test_header_table_has_no_borders(union):
    borders = union.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_the_level_above_stands_over_a_lower_issuer():
    document = read(
        render_docx(union_report(issuer_parent="BCH Tỉnh Lạng Sơn", issuer="BCH Đoàn xã Thất Khê"))
    )
    assert lines(document.tables[0].cell(0, 0)) == [
        "BCH TỈNH LẠNG SƠN",
        "BCH ĐOÀN XÃ THẤT KHÊ",
        "***",
    ]


def test_kind_and_subject_are_centred_and_bold(union):
    paragraphs = [p for p in union.paragraphs if p.text]
    kind, subject = paragraphs[0], paragraphs[1]
    assert (
        kind.text == "BÁO CÁO"
        and subject.text == "Kết quả thực hiện chương trình công tác năm 2017"
    )
    for paragraph in (kind, subject):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in paragraph.runs)


def test_body_paragraphs_are_justified_with_a_first_line_indent(union):
    summary = next(p for p in union.paragraphs if p.text == SUMMARY)
    assert summary.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert summary.paragraph_format.first_line_indent.mm > 5


def test_table_numbers_are_vietnamese_and_right_aligned(union):
    table = union.tables[1]
    assert [cell.text for cell in table.rows[0].cells] == [
        "TT",
        "Chỉ tiêu",
        "Kế hoạch",
        "Thực hiện",
    ]
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert [cell.text for cell in table.rows[1].cells] == [
        "1",
        "Kết nạp đoàn viên mới",
        "5.000",
        "5.432",
    ]
    assert [cell.text for cell in table.rows[3].cells][2:] == ["1.234,5", "1.150,25"]
    assert table.rows[3].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[3].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert table.style.name == "Table Grid"


def test_signature_right_and_recipients_left(union):
    closing = union.tables[-1]
    recipients, signature = closing.cell(0, 0), closing.cell(0, 1)
    assert lines(signature) == ["TM. BAN THƯỜNG VỤ TỈNH ĐOÀN", "BÍ THƯ", "Hoàng Văn Nam"]
    assert all(run.bold for text in lines(signature) for run in runs(signature, text))
    assert lines(recipients) == [
        "Nơi nhận:",
        "- Trung ương Đoàn (b/c);",
        "- Thường trực Tỉnh ủy (b/c);",
        "- Lưu VP.",
    ]
    label = runs(recipients, "Nơi nhận:")[0]
    assert label.bold and label.italic
    assert runs(recipients, "- Lưu VP.")[0].font.size.pt < 13


def test_state_document_carries_the_national_motto():
    document = read(render_docx(state_report()))
    header = document.tables[0]
    assert lines(header.cell(0, 1)) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert all(run.bold for run in runs(header.cell(0, 1), "Độc lập - Tự do - Hạnh phúc"))
    assert lines(header.cell(0, 0)) == ["ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"]
    assert lines(header.cell(1, 0)) == ["Số: 12/BC-UBND"]
    assert "ĐOÀN TNCS HỒ CHÍ MINH" not in "\n".join(lines(header.cell(0, 1)))
