import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook

from tinhdoan.cooperation.reports import (
    exemplars_document,
    exemplars_report,
    review_document,
    review_report,
)
from tinhdoan.cooperation.services import (
    ItemVerdict,
    exemplar_commend,
    exemplar_nominate,
    program_evaluate,
    replication_record,
)
from tinhdoan.documents.render import render_docx, render_xlsx
from tinhdoan.testing import make_user

from .factories import a_program, cooperation_tree

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 27, 9, 0), tick=False):
        yield


def test_review_report_counts_item_results_and_reads_back_from_xlsx():
    units = cooperation_tree()
    program = a_program(units)
    items = list(program.items.order_by("number"))
    program_evaluate(
        program=program,
        year=2025,
        reviewed_on=datetime.date(2026, 1, 10),
        verdicts=[ItemVerdict(items[0].pk, "done"), ItemVerdict(items[1].pk, "not_done")],
    )
    a_program(units, number="02/CTrPH", department="SO-B")
    approver = make_user("btv.p", unit=units["P"], role="approver")
    data = review_report(user=approver, unit=units["P"], year=2025, today=TODAY)
    assert [(p["number"], p["done"], p["partly"], p["not_done"]) for p in data["programs"]] == [
        ("01/CTrPH", 1, 0, 1),
        ("02/CTrPH", 0, 0, 0),
    ]
    assert [d["number"] for d in data["due"]] == ["02/CTrPH"]
    sheet = load_workbook(io.BytesIO(render_xlsx(review_document(data, today=TODAY)))).active
    row = next(r for r in sheet.iter_rows(values_only=True) if "01/CTrPH" in r)
    assert [v for v in row if isinstance(v, int | float)] == [1, 0, 1]


def test_exemplars_report_of_a_year_reads_back_from_docx():
    units = cooperation_tree()
    exemplar = exemplar_nominate(
        unit=units["C1"],
        kind="collective",
        title="Ngày Chủ nhật xanh",
        field="environment",
        year=2025,
        nominated_on=datetime.date(2025, 9, 1),
    )
    exemplar_commend(
        exemplar=exemplar, level="provincial", form="merit", commended_on=datetime.date(2025, 12, 1)
    )
    replication_record(exemplar=exemplar, unit=units["C2"], on_date=datetime.date(2026, 3, 1))
    exemplar_nominate(
        unit=units["C2"], kind="collective", title="Khác năm", field="study", year=2026
    )
    approver = make_user("btv.p", unit=units["P"], role="approver")
    data = exemplars_report(user=approver, unit=units["P"], year=2025)
    assert [(e["title"], e["commendation"], e["replications"]) for e in data["exemplars"]] == [
        ("Ngày Chủ nhật xanh", "Bằng khen (Cấp tỉnh)", ["P-C2"])
    ]
    document = Document(io.BytesIO(render_docx(exemplars_document(data, today=TODAY))))
    cells = [[c.text.strip() for c in row.cells] for t in document.tables for row in t.rows]
    row = next(r for r in cells if "Ngày Chủ nhật xanh" in r)
    assert row[-1] == "1" and "Bảo vệ môi trường" in row


@pytest.mark.parametrize("kind", ["cooperation", "exemplars"])
def test_report_command_writes_the_report_of_a_union_unit(demo, tmp_path, kind):
    output = tmp_path / f"{kind}.docx"
    call_command(
        "report",
        kind,
        "--unit",
        "TDLS",
        "--year",
        "2017",
        "--format",
        "docx",
        "--output",
        str(output),
    )
    document = Document(str(output))
    header = [c.text for t in document.tables[:1] for row in t.rows for c in row.cells]
    assert any("BCH ĐOÀN TỈNH LẠNG SƠN" in text for text in header)
    assert any(
        "TM. BAN THƯỜNG VỤ TỈNH ĐOÀN" in p.text
        for t in document.tables
        for r in t.rows
        for c in r.cells
        for p in c.paragraphs
    )


def test_review_report_command_in_json_lists_the_demo_programs(demo, capsys):
    call_command("report", "cooperation", "--unit", "TDLS", "--year", "2017")
    data = json.loads(capsys.readouterr().out)
    assert data["unit"] == {"code": "TDLS", "name": "Tỉnh đoàn Lạng Sơn"}
    assert len(data["programs"]) == 3


def test_report_command_refuses_an_unknown_unit(db):
    with pytest.raises(CommandError, match="Không có đơn vị KHONGCO"):
        call_command("report", "exemplars", "--unit", "KHONGCO", "--year", "2017")
