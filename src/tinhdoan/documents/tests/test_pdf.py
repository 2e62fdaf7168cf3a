import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tinhdoan.documents import fonts
from tinhdoan.documents.model import Paragraph
from tinhdoan.documents.render import render_pdf

from .samples import SUMMARY, state_report, union_report


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture(scope="module")
def union():
    return render_pdf(union_report())


def test_the_summary_sentence_keeps_its_diacritics(union):
    assert SUMMARY in text_of(union)


def test_header_title_numbers_signature_and_recipients_are_there(union):
    text = text_of(union)
    for expected in (
        "BCH TỈNH LẠNG SƠN",
        "ĐOÀN TNCS HỒ CHÍ MINH",
        "Số: 125-BC/TĐTN-VP",
        "Lạng Sơn, ngày 09 tháng 01 năm 2018",
        "BÁO CÁO",
        "Kết quả thực hiện chương trình công tác năm 2017",
        "TM. BAN THƯỜNG VỤ TỈNH ĐOÀN",
        "Hoàng Văn Nam",
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy (b/c);",
    ):
        assert expected in text
    assert re.search(r"Kết nạp đoàn viên mới 5\.000 5\.432", text)
    assert re.search(r"1\.234,5 1\.150,25", text)


def test_page_is_a4_and_the_font_is_embedded(union):
    page = PdfReader(io.BytesIO(union)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    fonts_used = page["/Resources"]["/Font"].values()
    descriptors = [font.get_object()["/DescendantFonts"][0].get_object() for font in fonts_used]
    assert all("/FontFile2" in d["/FontDescriptor"] for d in descriptors)


def test_state_document_carries_the_national_motto():
    text = text_of(render_pdf(state_report()))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ĐOÀN TNCS" not in text


def test_long_documents_number_their_pages_from_the_second_on():
    body = [Paragraph(f"Đoạn {index}: {SUMMARY}") for index in range(60)]
    reader = PdfReader(io.BytesIO(render_pdf(union_report(body=body))))
    assert len(reader.pages) >= 3
    assert reader.pages[0].extract_text().startswith("BCH TỈNH LẠNG SƠN")
    # The number stands on its own line above the text, not over it.
    assert re.match(r"2 *\n", reader.pages[1].extract_text())
    assert re.match(r"3 *\n", reader.pages[2].extract_text())
    assert "Hoàng Văn Nam" in reader.pages[-1].extract_text()


def test_missing_font_is_reported_in_vietnamese(monkeypatch):
    monkeypatch.setattr(fonts, "CANDIDATES", ())
    with pytest.raises(fonts.FontUnavailable, match="Không có phông chữ"):
        render_pdf(union_report())


def test_characters_no_font_can_draw_are_named():
    document = union_report(body=[Paragraph("Chữ Hán: 漢")])
    with pytest.raises(fonts.FontUnavailable, match="U\\+6F22"):
        render_pdf(document)


def test_prepare_fonts_cuts_the_fallback_too_so_no_request_waits_for_it():
    output = io.StringIO()
    call_command("prepare-fonts", stdout=output)
    assert "Phông PDF: " in output.getvalue() and "Noto Serif" in output.getvalue()
    noto = next(font_set for font_set in fonts.installed_fonts() if font_set.name == "Noto Serif")
    assert all(path.is_file() and path.suffix == ".ttf" for path in noto.faces.values())
