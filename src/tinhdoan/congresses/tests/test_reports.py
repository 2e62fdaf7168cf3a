import datetime
import io
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from tinhdoan.congresses.services import congress_create

from .factories import small_campaign, small_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2017, 8, 15, 9, 0), tick=False):
        yield


@pytest.fixture
def units():
    units = small_tree()
    small_campaign(units)
    congress_create(
        unit=units["P-C11"], ordinal=1, term_start=2017, held_on=datetime.date(2017, 4, 1)
    )
    congress_create(
        unit=units["P-C12"], ordinal=1, term_start=2017, held_on=datetime.date(2017, 6, 9)
    )
    congress_create(
        unit=units["P-D1"], ordinal=1, term_start=2017, held_on=datetime.date(2017, 7, 1)
    )
    return units


def run(*args) -> str:
    out = io.StringIO()
    call_command("report", "congresses", *args, stdout=out)
    return out.getvalue()


def test_json_report_gives_progress_per_level_and_the_missing_units(units):
    data = json.loads(run("--unit", "P", "--term", "2017-2022", "--format", "json"))
    assert data["campaign"]["unit"] == "P" and data["campaign"]["term"] == "2017-2022"
    assert data["campaign"]["top_congress"] == {
        "ordinal": 13,
        "ordinal_roman": "XIII",
        "planned_on": "2017-09-20",
        "held_on": None,
    }
    assert [
        (lv["level"], lv["units"], lv["held"], lv["late"], lv["missing"]) for lv in data["levels"]
    ] == [
        ("Cấp cơ sở", 3, 2, 1, 1),
        ("Cấp huyện", 2, 1, 0, 1),
    ]
    assert [u["code"] for u in data["missing_units"]] == ["P-C21", "P-D2"]


def test_docx_report_reads_back_the_numbers(units, tmp_path):
    path = tmp_path / "dai-hoi.docx"
    message = run("--unit", "P", "--term", "2017-2022", "--format", "docx", "--output", str(path))
    assert "2 đơn vị chưa tổ chức đại hội" in message
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "3/5 đơn vị đã tổ chức đại hội" in text
    rows = [
        [cell.text.strip() for cell in row.cells] for table in document.tables for row in table.rows
    ]
    level_rows = [
        row
        for row in rows
        if row and row[-7:-5] in (["Cấp cơ sở", "31/05/2017"], ["Cấp huyện", "31/07/2017"])
    ]
    assert [row[-5:] for row in level_rows] == [
        ["3", "2", "1", "1", "1"],
        ["2", "1", "1", "0", "1"],
    ]
    assert any("Đoàn xã Hai Mốt" in cell for row in rows for cell in row)


def test_xlsx_report_reads_back_the_numbers(units, tmp_path):
    path = tmp_path / "dai-hoi.xlsx"
    run("--unit", "P", "--term", "2017-2022", "--format", "xlsx", "--output", str(path))
    sheet = load_workbook(path).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    grassroots = next(row for row in rows if "Cấp cơ sở" in row and "31/05/2017" in row)
    numbers = [value for value in grassroots if isinstance(value, int | float)]
    assert numbers == [3, 2, 1, 1, 1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--unit", "P", "--term", "2018-2023"],
            "Không có đợt đại hội của đơn vị P nhiệm kỳ 2018-2023",
        ),
        (["--unit", "KHONG", "--term", "2017-2022"], "Không có đợt đại hội của đơn vị KHONG"),
        (["--unit", "P", "--term", "2017"], "Nhiệm kỳ không hợp lệ: 2017"),
    ],
)
def test_unknown_campaign_or_bad_term_stops_with_a_vietnamese_message(
    units, tmp_path, args, message
):
    with pytest.raises(CommandError) as error:
        run(*args, "--format", "docx", "--output", str(tmp_path / "x.docx"))
    assert message in str(error.value)
    assert not (tmp_path / "x.docx").exists()
