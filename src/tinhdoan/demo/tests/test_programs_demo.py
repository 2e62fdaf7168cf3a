import datetime
from decimal import Decimal

import pytest

from tinhdoan.demo.programs import load
from tinhdoan.org.models import Unit
from tinhdoan.programs.models import Program
from tinhdoan.programs.selectors import reporting_period_get
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.models import DataValue, Submission
from tinhdoan.reporting.selectors import completeness
from tinhdoan.reporting.workflow import report_approve
from tinhdoan.rollup.saving import values_save
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db


def program(year: int) -> Program:
    return Program.objects.get(unit__code="TDLS", year=year)


def test_the_2017_program_has_5_focal_tasks_4_breakthroughs_and_12_targets_all_completed(demo):
    p = program(2017)
    assert [t.is_completed for t in p.focal_tasks.all()] == [True] * 5
    assert [b.is_completed for b in p.breakthroughs.all()] == [True] * 4
    assert p.targets.count() == 12
    assert p.focal_tasks.first().name == (
        "Chỉ đạo tổ chức thành công đại hội đoàn các cấp và Đại hội Đoàn toàn tỉnh lần thứ XIII"
    )


def test_completeness_of_2017_most_approved_one_late_one_missing(demo):
    p = program(2017)
    result = completeness(
        user=demo_user("btv.tinhdoan"),
        program=p,
        reporting_period=reporting_period_get(program=p, code="2017"),
        today=datetime.date(2018, 1, 9),
    )
    assert result.summary() == {
        "must_report": 13,
        "not_submitted": 1,
        "submitted": 1,
        "returned": 0,
        "approved": 11,
        "on_time": 11,
        "late": 1,
        "overdue": 1,
    }
    by_code = {row.unit.code: row for row in result.rows}
    assert by_code["TDLS-BSO"].on_time is False
    assert by_code["TDLS-DLA"].status == "draft" and by_code["TDLS-DLA"].overdue
    assert by_code["TDLS-LLVT"].status == "submitted"


def _province_results(p: Program, period: str, *, approved_only: bool) -> dict[str, bool]:
    """A plain reading of the roll-up rules, to check the demo numbers (not the engine)."""
    values = DataValue.objects.filled().filter(target__program=p, period__code=period)
    if approved_only:
        ok = Submission.objects.filter(
            reporting_period__program=p,
            reporting_period__period__code=period,
            status__in=["approved", "locked"],
        ).values_list("unit_id", flat=True)
        values = values.filter(unit_id__in=list(ok) + [p.unit_id])
    cells: dict[str, dict[int, Decimal]] = {}
    for v in values.select_related("target"):
        cells.setdefault(v.target.code, {})[v.unit_id] = v.value
    totals, met = {}, {}
    for t in p.targets.all():
        children = {u: x for u, x in cells.get(t.code, {}).items() if u != p.unit_id}
        if t.rollup == "sum":
            totals[t.code] = sum(cells.get(t.code, {}).values(), Decimal(0))
        elif t.rollup == "mean":
            totals[t.code] = sum(children.values()) / len(children)
        elif t.rollup == "ratio":
            num, den = t.ratio_numerator.code, t.ratio_denominator.code
            totals[t.code] = totals[num] / totals[den] * t.ratio_scale
        elif t.rollup == "count":
            source = cells.get(t.count_source.code, {})
            totals[t.code] = sum(
                1 for u, x in source.items() if u != p.unit_id and x >= t.count_threshold
            )
        higher = t.direction == "higher"
        met[t.code] = totals[t.code] >= t.plan_value if higher else totals[t.code] <= t.plan_value
    return met


@pytest.mark.parametrize("approved_only", [False, True])
def test_demo_numbers_give_11_of_12_targets_met_at_tdls_in_2017(demo, approved_only):
    met = _province_results(program(2017), "2017", approved_only=approved_only)
    assert sum(met.values()) == 11
    assert [code for code, ok in met.items() if not ok] == ["CT07"]


def test_allocations_add_up_to_the_plan_of_sum_targets(demo):
    from tinhdoan.programs.services import allocation_warnings

    for target in program(2017).targets.all():
        assert allocation_warnings(target=target) == []


def test_btv_approves_the_waiting_2017_report(demo):
    p = program(2017)
    rp = reporting_period_get(program=p, code="2017")
    unit = Unit.objects.get(code="TDLS-LLVT")
    report_approve(user=demo_user("btv.tinhdoan"), reporting_period=rp, unit=unit)
    assert Submission.objects.get(reporting_period=rp, unit=unit).status == "approved"


def test_a_commune_officer_fills_the_current_quarter(demo):
    result = values_save(
        user=demo_user("doan.xa_that_khe"),
        program=program(2026),
        cells=[CellInput("TDLS-06040", "CT01", "2026Q4", "12", version=0)],
    )
    assert result.created == 1


def test_the_current_program_is_half_filled(demo):
    p = program(2026)
    filled = {
        code: DataValue.objects.filter(target__program=p, period__code=code)
        .values("unit")
        .distinct()
        .count()
        for code in ("2026Q1", "2026Q2", "2026Q3", "2026Q4")
    }
    assert filled["2026Q1"] > filled["2026Q2"] > filled["2026Q3"] > filled["2026Q4"] == 0
    assert p.copied_from == program(2017)


def test_loading_twice_duplicates_nothing(demo):
    before = (Program.objects.count(), DataValue.objects.count(), Submission.objects.count())
    load(lambda message: None)
    assert (
        Program.objects.count(),
        DataValue.objects.count(),
        Submission.objects.count(),
    ) == before


def test_a_commune_officer_fills_the_current_quarter_from_an_uploaded_xlsx(demo, client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    client.force_login(demo_user("doan.xa_that_khe"))
    grid = "/programs/TDLS/2026/2026Q4/TDLS-06040/"
    workbook = load_workbook(io.BytesIO(client.get(f"{grid}template.xlsx").content))
    sheet = workbook["so_lieu"]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value in {"CT01", "CT02", "CT10"}:
            row[3].value = {"CT01": 15, "CT02": 60, "CT10": 75.5}[row[1].value]
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = client.post(
        f"{grid}upload/", {"file": SimpleUploadedFile("q4.xlsx", buffer.getvalue())}, follow=True
    )
    html = page.content.decode()
    assert "3 số liệu mới" in html, html[
        html.find("upload-errors") : html.find("upload-errors") + 1500
    ]
    stored = dict(
        DataValue.objects.filter(unit__code="TDLS-06040", period__code="2026Q4").values_list(
            "target__code", "value"
        )
    )
    assert stored == {"CT01": 15, "CT02": 60, "CT10": Decimal("75.5")}
