import pytest

from tinhdoan.documents.model import DocumentError, Table
from tinhdoan.documents.render import render_docx, render_pdf, render_xlsx

from .samples import union_report

RENDERERS = [render_docx, render_xlsx, render_pdf]


@pytest.mark.parametrize("render", RENDERERS)
def test_unknown_style_is_refused_in_vietnamese(render):
    with pytest.raises(DocumentError, match='Kiểu văn bản "circular" không có'):
        render(union_report(style="circular"))


@pytest.mark.parametrize("render", RENDERERS)
def test_a_row_of_the_wrong_width_is_refused(render):
    table = Table(columns=["TT", "Chỉ tiêu"], rows=[[1, "Kết nạp đoàn viên", 5000]])
    with pytest.raises(DocumentError, match="Bảng 1, dòng 1 có 3 ô"):
        render(union_report(body=[table]))


def test_a_numeric_column_outside_the_table_is_refused():
    table = Table(columns=["TT"], rows=[[1]], numeric_columns={3})
    with pytest.raises(DocumentError, match="cột số 3"):
        render_docx(union_report(body=[table]))


def test_a_document_without_issuer_is_refused():
    with pytest.raises(DocumentError, match="cơ quan ban hành"):
        render_xlsx(union_report(issuer="  "))
