"""Tables keep words whole, the signature keeps company, issued documents round-trip."""

import io
from decimal import Decimal

from pypdf import PdfReader

from tinhdoan.documents import layout
from tinhdoan.documents.metrics import text_width
from tinhdoan.documents.model import (
    Paragraph,
    Table,
    document_from_json,
    document_to_json,
)
from tinhdoan.documents.render import render_pdf

from .readback import pdf_runs
from .samples import SUMMARY, union_report

WIDE = Table(
    columns=[
        "TT",
        "Mã",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Kế hoạch",
        "Thực hiện",
        "Tỷ lệ (%)",
        "Đánh giá",
    ],
    rows=[
        [
            1,
            "CT01",
            "Kết nạp đoàn viên mới trong năm",
            "người",
            12000,
            13885,
            Decimal("115.7"),
            "Vượt",
        ],
        [2, "CT02", "Công trình thanh niên", "công trình", 1, 0, 0, "Chưa có số liệu"],
    ],
    numeric_columns={0, 4, 5, 6},
)


def test_every_column_holds_its_widest_word():
    shape = layout.table_layout(WIDE)
    assert abs(sum(shape.widths) - layout.CONTENT_WIDTH) < 0.01
    for index, width in enumerate(shape.widths):
        words = [w for row in WIDE.rows for w in layout.cell_text(row[index]).split()]
        widest = max(text_width(word, shape.size) for word in words)
        heading = max(text_width(w, shape.size, bold=True) for w in WIDE.columns[index].split())
        assert width >= max(widest, heading) + 2 * shape.padding, WIDE.columns[index]


def test_a_table_too_wide_for_the_page_gets_smaller_text_not_broken_numbers():
    columns = [f"Cột {n}" for n in range(8)]
    table = Table(columns=columns, rows=[[123456789] * 8], numeric_columns=set(range(8)))
    shape = layout.table_layout(table)
    assert shape.size < layout.TABLE_SIZE
    runs = {run.text.strip() for run in pdf_runs(render_pdf(union_report(body=[table])))}
    assert "123.456.789" in runs


def test_the_pdf_is_set_in_the_metrics_of_times_new_roman():
    page = PdfReader(io.BytesIO(render_pdf(union_report()))).pages[0]
    names = {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert names and all("LiberationSerif" in name for name in names)


def _is_body(text: str) -> bool:
    return text.strip().startswith("Đoạn") or "chỉ tiêu đề ra" in text or "công tác năm" in text


def test_the_signature_never_stands_alone_on_the_last_page():
    # From one page of text to three: somewhere in between the signature block would not
    # fit under the last paragraph.
    for count in range(14, 26):
        body = [Paragraph(f"Đoạn {n}: {SUMMARY}") for n in range(count)]
        runs = pdf_runs(render_pdf(union_report(body=body)))
        signer_page = next(r.page for r in runs if r.text.strip() == "Hoàng Văn Nam")
        assert any(r.page == signer_page and _is_body(r.text) for r in runs), count
    assert signer_page >= 2


def test_a_document_kept_as_json_comes_back_the_same():
    document = union_report(body=[WIDE, Paragraph("Hết.", italic=True)], footnote="Ghi chú.")
    again = document_from_json(document_to_json(document))
    assert again == document
    assert again.body[0].rows[0][6] == Decimal("115.7")
