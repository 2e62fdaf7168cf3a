"""`tinhdoan report directives`: counts on the demo, JSON shape, DOCX and XLSX read back."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("report", "directives", *args, stdout=out)
    return out.getvalue()


def report_2018() -> dict:
    return json.loads(run("--issuer", "UBND-LS", "--from", "2018-01-01", "--to", "31/12/2018"))


def test_counts_of_the_session_of_2018_on_the_demo(demo):
    data = report_2018()
    assert data["issuer"] == {"code": "UBND-LS", "name": "UBND tỉnh Lạng Sơn"}
    assert (data["from"], data["to"]) == ("2018-01-01", "2018-12-31")
    assert data["counts"] == {
        "total": 7,
        "not_started": 2,
        "in_progress": 3,
        "adjustment_requested": 0,
        "completed_on_time": 1,
        "completed_late": 1,
        "overdue": 0,
        "not_completed_in_time": 5,
        "not_completed_overdue": 0,
    }
    by_code = {row["code"]: row for row in data["by_assignee"]}
    assert set(by_code) == {"TDLS", "SNV-LS", "SGDDT-LS"}
    assert by_code["TDLS"]["name"] == "Tỉnh đoàn Lạng Sơn"
    assert (by_code["TDLS"]["total"], by_code["TDLS"]["completed_late"]) == (5, 1)
    assert by_code["SGDDT-LS"]["in_progress"] == 1


def test_json_items_carry_unit_codes_status_and_last_progress(demo):
    data = report_2018()
    assert set(data) == {"issuer", "from", "to", "counts", "by_assignee", "directives"}
    review = next(d for d in data["directives"] if d["content"].startswith("Rà soát"))
    assert set(review) == {
        "id",
        "content",
        "lead",
        "coordinators",
        "deadline",
        "status",
        "last_progress",
    }
    assert review["lead"] == "TDLS"
    assert review["coordinators"] == ["SGDDT-LS", "SNV-LS", "SVHTTDL-LS"]
    assert (review["deadline"], review["status"]) == ("2018-06-30", "completed_late")
    assert review["last_progress"] == {
        "date": "2018-07-31",
        "percent": 90,
        "text": "Đã rà soát 6 chương trình phối hợp",
        "unit": "TDLS",
    }
    ongoing = next(d for d in data["directives"] if d["content"].startswith("Vận động"))
    assert ongoing["deadline"] is None and ongoing["last_progress"] is None


def test_this_years_directives_of_the_union_list_the_overdue_first(demo):
    today = timezone.localdate()
    data = json.loads(
        run(
            "--issuer",
            "TDLS",
            "--from",
            (today - datetime.timedelta(days=60)).isoformat(),
            "--to",
            today.isoformat(),
        )
    )
    counts = data["counts"]
    assert counts["total"] == 8
    assert counts["overdue"] == counts["not_completed_overdue"] == 2
    assert counts["completed_on_time"] == counts["completed_late"] == 1
    assert counts["adjustment_requested"] == 1
    assert counts["not_completed_in_time"] == 4
    assert [d["status"] for d in data["directives"][:2]] == ["overdue", "overdue"]
    assert sum(row["total"] for row in data["by_assignee"]) == 8


def test_docx_holds_the_counts_per_assignee(demo, tmp_path):
    path = tmp_path / "bao-cao.docx"
    message = run(
        "--issuer", "UBND-LS", "--from", "2018-01-01", "--to", "2018-12-31",
        "--format", "docx", "--output", str(path),
    )  # fmt: skip
    assert "7 nhiệm vụ" in message
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "Tình hình thực hiện các nhiệm vụ được giao" in text
    assert "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" in "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    table = next(
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells][:3] == ["STT", "Đơn vị chủ trì", "Tổng số"]
    )
    rows = {row.cells[1].text: [c.text for c in row.cells[2:]] for row in table.rows[1:]}
    assert rows["Tỉnh đoàn Lạng Sơn"] == ["5", "1", "1", "3", "0"]
    assert rows["Tổng cộng"] == ["7", "1", "1", "5", "0"]


def test_xlsx_holds_numeric_counts(demo, tmp_path):
    path = tmp_path / "bao-cao.xlsx"
    run(
        "--issuer", "UBND-LS", "--from", "2018-01-01", "--to", "2018-12-31",
        "--format", "xlsx", "--output", str(path),
    )  # fmt: skip
    sheet = load_workbook(path).active
    cells = {}
    for row in sheet.iter_rows():
        for cell in row:
            cells.setdefault(cell.value, cell)  # the first one: the table per assignee
    union = cells["Tỉnh đoàn Lạng Sơn"]
    values = [sheet.cell(row=union.row, column=union.column + i).value for i in range(1, 6)]
    assert values == [5, 1, 1, 3, 0]
    total = cells["Tổng cộng"]
    assert sheet.cell(row=total.row, column=total.column + 1).value == 7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--issuer", "KHONG-CO", "--from", "2018-01-01", "--to", "2018-12-31"], "Không có đơn vị mã KHONG-CO."),
        (["--issuer", "TDLS", "--from", "2018-12-31", "--to", "2018-01-01"], "Ngày bắt đầu 31/12/2018 sau ngày kết thúc 01/01/2018."),
        (["--issuer", "TDLS", "--from", "hôm qua", "--to", "2018-01-01"], "Ngày không hợp lệ: hôm qua"),
    ],
)  # fmt: skip
def test_bad_arguments_fail_in_vietnamese_and_write_no_file(demo, tmp_path, args, message):
    path = tmp_path / "bao-cao.docx"
    with pytest.raises(CommandError) as failed:
        run(*args, "--format", "docx", "--output", str(path))
    assert message in str(failed.value)
    assert not path.exists()


def test_unknown_format_is_refused(demo, tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        run("--issuer", "TDLS", "--from", "2018-01-01", "--to", "2018-12-31", "--format", "odt")
