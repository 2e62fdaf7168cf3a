import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tinhdoan.org.models import Unit
from tinhdoan.rollup.report import render_results
from tinhdoan.rollup.selectors import results_key, unit_results

pytestmark = pytest.mark.django_db
REPORT_DAY = datetime.date(2018, 1, 9)


@pytest.fixture
def results(demo):
    unit = Unit.objects.get(code="TDLS")
    return unit_results(key=results_key(unit=unit, period_code="2017"), day=REPORT_DAY)


def docx_text(content: bytes) -> tuple[str, list[list[str]]]:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(p.text for p in cell.paragraphs)
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    return "\n".join(paragraphs), rows


def test_docx_has_the_layout_the_summary_and_the_targets(results):
    text, rows = docx_text(render_results(results, "docx"))
    assert "BCH ĐOÀN TỈNH LẠNG SƠN" in text
    assert "Lạng Sơn, ngày 09 tháng 01 năm 2018" in text
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện chương trình công tác năm 2017" in text
    assert results.summary in text
    ct07 = next(r for r in rows if len(r) > 2 and r[1] == "CT07")
    assert ct07[4:8] == ["1.500", "1.348", "89,9", "Không đạt"]
    ct01 = next(r for r in rows if len(r) > 2 and r[1] == "CT01")
    assert ct01[4:6] == ["6.500", "7.465"]
    thanh_doan = next(r for r in rows if "Thành đoàn Lạng Sơn" in r)
    assert thanh_doan[2:4] == ["10", "11"]
    document = Document(io.BytesIO(render_results(results, "docx")))
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_xlsx_numbers_are_numbers(results):
    sheet = load_workbook(io.BytesIO(render_results(results, "xlsx"))).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    assert results.summary in cells
    code = cells["CT07"]
    plan = sheet.cell(row=code.row, column=code.column + 3).value
    actual = sheet.cell(row=code.row, column=code.column + 4).value
    percent = sheet.cell(row=code.row, column=code.column + 5).value
    assert (plan, actual) == (1500, 1348) and isinstance(actual, int | float)
    assert percent == pytest.approx(89.9)
    unit = cells["Thành đoàn Lạng Sơn"]
    assert sheet.cell(row=unit.row, column=unit.column + 1).value == 10
    assert sheet.cell(row=unit.row, column=unit.column + 2).value == 11


def test_pdf_renders_the_same_content(results):
    reader = PdfReader(io.BytesIO(render_results(results, "pdf")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert " ".join(results.summary.split()) in text
    assert "Kết quả thực hiện chương trình công tác năm 2017" in text
    assert "1.500 1.348 89,9 Không đạt" in text
    assert "6.500 7.465" in text


def test_the_report_command_prints_the_json_contract(demo, capsys):
    call_command("report", "results", "--unit", "TDLS", "--period", "2017", "--date", "09/01/2018")
    data = json.loads(capsys.readouterr().out)
    assert data["targets"]["met_or_exceeded"] == 11 and data["targets"]["total"] == 12
    assert data["focal_tasks"] == {"completed": 5, "total": 5}


def test_the_report_command_writes_a_file(demo, tmp_path):
    output = tmp_path / "bao-cao.docx"
    call_command(
        "report",
        "results",
        "--unit",
        "TDLS",
        "--period",
        "2017",
        "--format",
        "docx",
        "--output",
        str(output),
        "--date",
        "09/01/2018",
    )
    text, _rows = docx_text(output.read_bytes())
    assert "đạt và vượt 11/12 chỉ tiêu đề ra" in text


@pytest.mark.parametrize(
    ("unit", "period", "message"),
    [
        ("KHONG-CO", "2017", "Không có đơn vị mã KHONG-CO"),
        ("TDLS", "17", "không phải là mã kỳ báo cáo"),
        ("TDLS", "2017Q3", "2017Q3"),
        ("TDLS", "2019", "2019"),
    ],
)
def test_the_report_command_refuses_bad_input_clearly(demo, tmp_path, unit, period, message):
    output = tmp_path / "x.docx"
    with pytest.raises(CommandError, match=message):
        call_command(
            "report",
            "results",
            "--unit",
            unit,
            "--period",
            period,
            "--format",
            "docx",
            "--output",
            str(output),
        )
    assert not output.exists()


def test_a_district_report_marks_the_target_without_its_plan(demo):
    """The 2017 district unions were allocated eleven of the twelve targets."""
    unit = Unit.objects.get(code="TDLS-TP")
    district = unit_results(key=results_key(unit=unit, period_code="2017"), day=REPORT_DAY)
    unplanned = [row.target.code for row in district.unplanned_rows]
    assert len(unplanned) == 1
    text, rows = docx_text(render_results(district, "docx"))
    row = next(r for r in rows if len(r) > 2 and r[1] == unplanned[0])
    assert row[-1] == "Không giao kế hoạch"
    assert (
        f"Tổng số {district.counts.total} chỉ tiêu" in text
        and f"(không tính 1 chỉ tiêu không giao kế hoạch cho đơn vị: {unplanned[0]})." in text
    )
    assert district.counts.total == 11
