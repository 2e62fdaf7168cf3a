import io

import pypdf
import pytest

from tinhdoan.ingest.normalizing import normalize
from tinhdoan.ingest.reading import ReadError, read_document
from tinhdoan.ingest.services import ingest_file
from tinhdoan.lib.limits import limit
from tinhdoan.lib.textfile import encode_legacy

ARTICLE_PARAGRAPHS = [
    "Sáng 12-1, đồng chí Hoàng Văn Minh, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh đã làm việc "
    "với Ban Thường vụ Tỉnh đoàn về kết quả công tác năm 2023.",
    "Năm 2023, Tỉnh đoàn đã hoàn thành 6 nhiệm vụ trọng tâm, đạt và vượt 12/14 chỉ tiêu được "
    "giao; kết nạp 2.100 đoàn viên mới.",
    "Kết luận buổi làm việc, đồng chí Chủ tịch UBND tỉnh đề nghị Tỉnh đoàn tiếp tục đổi mới "
    "phương thức tập hợp thanh niên; chú trọng phát triển đoàn viên trong doanh nghiệp.",
]


def test_normalization_maps_offsets_back_to_the_original():
    original = "Thứ hai,\u00a0 02/08/2021\r\n\r\nTi\u0309nh uy\u0309  Lạng Sơn"

    normalized = normalize(original)

    assert normalized.text == "Thứ hai, 02/08/2021\n\nTỉnh uỷ Lạng Sơn"
    start = normalized.text.index("Lạng")
    assert original[normalized.origin[start] :].startswith("Lạng Sơn")
    tinh = normalized.text.index("Tỉnh")
    begin, end = normalized.original_span(tinh, tinh + len("Tỉnh uỷ"))
    assert original[begin:end] == "Ti\u0309nh uy\u0309"


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")

    with pytest.raises(ReadError, match="Tệp rỗng"):
        read_document(path)


def test_whitespace_only_file_is_refused(tmp_path):
    path = tmp_path / "trang.txt"
    path.write_text(" \n\u00a0\n", encoding="utf-8")

    with pytest.raises(ReadError, match="không có chữ"):
        read_document(path)


def test_binary_file_renamed_txt_is_refused(tmp_path):
    path = tmp_path / "anh.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))

    with pytest.raises(ReadError, match="không phải văn bản"):
        read_document(path)


def test_oversized_file_is_refused_by_its_size_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "lon.txt"
    with path.open("wb") as handle:
        handle.truncate(limit("upload_bytes") + 1)  # sparse: no data written
    monkeypatch.setattr(
        "pathlib.Path.read_bytes", lambda self: pytest.fail("the file must not be read")
    )

    with pytest.raises(ReadError, match="quá lớn"):
        read_document(path)


def test_unsupported_kind_is_refused(tmp_path):
    path = tmp_path / "bai.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")

    with pytest.raises(ReadError, match=".docx"):
        read_document(path)


def test_tcvn3_file_is_converted(tmp_path):
    text = "Lãnh đạo tỉnh làm việc với Tỉnh đoàn\n\n" + "\n".join(ARTICLE_PARAGRAPHS)
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(encode_legacy(text, "tcvn3"))

    record = ingest_file(path)

    assert record["title"] == "Lãnh đạo tỉnh làm việc với Tỉnh đoàn"
    assert record["leaders"][0]["name"] == "Hoàng Văn Minh"
    assert record["achievements"][1]["text"] == "đạt và vượt 12/14 chỉ tiêu"


def _docx_with_table(path):
    import docx

    document = docx.Document()
    document.add_paragraph("Lãnh đạo tỉnh làm việc với Tỉnh đoàn")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "12/01/2024"
    cell = table.cell(0, 1)
    cell.text = ARTICLE_PARAGRAPHS[0]
    for paragraph in ARTICLE_PARAGRAPHS[1:]:
        cell.add_paragraph(paragraph)
    document.save(path)


def test_docx_text_inside_a_table_is_read(tmp_path):
    path = tmp_path / "bai.docx"
    _docx_with_table(path)

    record = ingest_file(path)

    assert record["published"] == "2024-01-12"
    assert record["meeting_date"] == "2024-01-12"
    assert record["leaders"][0]["positions"] == ["Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"]
    assert [d["text"] for d in record["directives"]] == [
        "tiếp tục đổi mới phương thức tập hợp thanh niên",
        "chú trọng phát triển đoàn viên trong doanh nghiệp",
    ]


def test_broken_docx_is_refused(tmp_path):
    path = tmp_path / "hong.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")

    with pytest.raises(ReadError, match="Word"):
        read_document(path)


PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Lãnh đạo tỉnh làm việc với Tỉnh đoàn</title></head><body>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li>
<li><a href="/kinh-te">Kinh tế</a></li><li><a href="/van-hoa">Văn hóa</a></li></ul></nav>
<main><article><h1>Lãnh đạo tỉnh làm việc với Tỉnh đoàn</h1>
{paragraphs}
</article>
<aside class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/a">Hội nghị tổng kết công tác Hội năm 2023 của Hội Nông dân tỉnh</a></li>
<li><a href="/b">Ra mắt mô hình thanh niên khởi nghiệp tại các xã vùng cao của tỉnh</a></li>
</ul></aside></main>
<footer><p>Bản quyền thuộc về báo điện tử của tỉnh. Giấy phép số 12/GP-BTTTT.</p></footer>
</body></html>"""


def test_html_article_body_is_kept_and_menus_dropped(tmp_path):
    path = tmp_path / "bai.html"
    paragraphs = "\n".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    path.write_text(PAGE.format(paragraphs=paragraphs), encoding="utf-8")

    document = read_document(path)

    assert "đạt và vượt 12/14 chỉ tiêu" in document.text
    assert "Trang chủ" not in document.text
    assert "Ra mắt mô hình thanh niên khởi nghiệp" not in document.text


def test_html_page_without_an_article_is_refused(tmp_path):
    path = tmp_path / "trang-chu.html"
    path.write_text(PAGE.format(paragraphs=""), encoding="utf-8")

    with pytest.raises(ReadError, match="không có nội dung bài viết"):
        read_document(path)


def test_pdf_without_a_text_layer_is_refused(tmp_path):
    path = tmp_path / "quet.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())

    with pytest.raises(ReadError, match="không có lớp chữ"):
        read_document(path)
