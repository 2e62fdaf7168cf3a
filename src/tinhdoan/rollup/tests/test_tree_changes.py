"""The figures follow the tree: a district moved between two clusters of the same depth
brings its figures with it, in JSON, in the DOCX and on the page, at once."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from docx import Document

from tinhdoan.org import services as org
from tinhdoan.org.models import TreeChange, Unit
from tinhdoan.programs.models import Period, Program
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.models import DataValue
from tinhdoan.rollup import engine, tree
from tinhdoan.rollup.models import Aggregate
from tinhdoan.rollup.saving import values_save
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db

HEADER = "code,name,kind,parent_code,valid_from,valid_to\n"
ROOT_2017 = "TDLS,Tỉnh đoàn Lạng Sơn,provincial_union,,,\n"
CLUSTERS = (
    "TDLS-KX,Cụm thi đua X,bloc_union,TDLS,,2025-06-30\n"
    "TDLS-KY,Cụm thi đua Y,bloc_union,TDLS,,2025-06-30\n"
)


def trang_dinh_row(parent: str) -> str:
    return f"TDLS-TRD,Huyện đoàn Tràng Định,district_union,{parent},,2025-06-30\n"


def import_units(tmp_path, text: str) -> None:
    path = tmp_path / "units.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    call_command("import-units", str(path), stdout=io.StringIO())


def report_json(unit: str) -> dict:
    out = io.StringIO()
    call_command(
        "report", "results", "--unit", unit, "--period", "2017", "--format", "json", stdout=out
    )
    return json.loads(out.getvalue())


COUNT = "CT11"  # the number of sub-units meeting a condition: none at a district


def figures(report: dict) -> dict[str, str | None]:
    """The actual figure of every target but the count of sub-units."""
    return {row["code"]: row["actual"] for row in report["rows"] if row["code"] != COUNT}


def count_of_sub_units(report: dict):
    return next(row["actual"] for row in report["rows"] if row["code"] == COUNT)


@pytest.fixture
def trang_dinh(demo):
    return figures(report_json("TDLS-TRD"))


def test_a_district_moved_between_clusters_of_the_same_depth_takes_its_figures(
    demo, trang_dinh, tmp_path
):
    import_units(tmp_path, ROOT_2017 + CLUSTERS + trang_dinh_row("TDLS-KX"))
    assert figures(report_json("TDLS-KX")) == trang_dinh

    import_units(tmp_path, ROOT_2017 + CLUSTERS + trang_dinh_row("TDLS-KY"))

    cluster_y, cluster_x = report_json("TDLS-KY"), report_json("TDLS-KX")
    assert figures(cluster_y) == trang_dinh
    assert count_of_sub_units(cluster_y) is not None
    assert all(value is None for value in figures(cluster_x).values())
    assert count_of_sub_units(cluster_x) is None
    assert cluster_y["stale"] is None
    assert not TreeChange.objects.exists()


def test_the_moved_figures_show_in_the_docx_and_on_the_page(demo, trang_dinh, tmp_path, login):
    import_units(tmp_path, ROOT_2017 + CLUSTERS + trang_dinh_row("TDLS-KX"))
    import_units(tmp_path, ROOT_2017 + CLUSTERS + trang_dinh_row("TDLS-KY"))
    ct01 = trang_dinh["CT01"]
    shown = f"{int(float(ct01)):,}".replace(",", ".")

    docx = tmp_path / "ky.docx"
    call_command(
        "report", "results", "--unit", "TDLS-KY", "--period", "2017", "--format", "docx",
        "--output", str(docx), stdout=io.StringIO(),
    )  # fmt: skip
    rows = [[c.text for c in r.cells] for t in Document(str(docx)).tables for r in t.rows]
    assert any(len(r) > 5 and r[1] == "CT01" and r[5] == shown for r in rows)

    client = login(demo_user("btv.tinhdoan"))
    page = client.get("/results/", {"unit": "TDLS-KY", "period": "2017"}).content.decode()
    assert 'id="target-CT01"' in page and shown in page.split('id="target-CT01"')[1][:800]
    assert 'id="results-stale"' not in page


def test_a_move_through_the_use_case_is_rolled_up_in_its_transaction(demo, trang_dinh):
    province = Unit.objects.get(code="TDLS")
    cluster = tree.unit_create(code="TDLS-KZ", name="Cụm Z", kind="bloc_union", parent=province,
                               valid_to=Unit.objects.get(code="TDLS-TRD").valid_to)  # fmt: skip
    tree.unit_move(unit=Unit.objects.get(code="TDLS-TRD"), new_parent=cluster)
    assert figures(report_json("TDLS-KZ")) == trang_dinh
    program = Program.objects.get(unit=province, year=2017)
    assert engine.rollup_check(program=program, periods=Period.objects.filter(code="2017")) == []


def test_a_move_made_below_the_use_cases_is_reported_stale_until_refreshed(demo, trang_dinh, login):
    province = Unit.objects.get(code="TDLS")
    cluster = tree.unit_create(code="TDLS-KZ", name="Cụm Z", kind="bloc_union", parent=province,
                               valid_to=Unit.objects.get(code="TDLS-TRD").valid_to)  # fmt: skip
    aggregates = Aggregate.objects.count()
    org.unit_move(unit=Unit.objects.get(code="TDLS-TRD"), new_parent=cluster)  # journalled only

    report = report_json("TDLS-KZ")
    assert report["stale"] is not None
    assert "cây tổ chức" in report["stale"]["message"]
    assert "tinhdoan rollup --stale" in report["stale"]["message"]
    assert Aggregate.objects.count() == aggregates  # the read wrote nothing
    client = login(demo_user("btv.tinhdoan"))
    page = client.get("/results/", {"unit": "TDLS-KZ", "period": "2017"}).content.decode()
    assert 'id="results-stale"' in page

    call_command("rollup", "--stale", stdout=io.StringIO())
    report = report_json("TDLS-KZ")
    assert report["stale"] is None
    assert figures(report) == trang_dinh


def test_the_next_save_applies_a_change_journalled_after_the_journal_was_found_empty(
    demo, trang_dinh
):
    """A save that finds the journal empty is not made to read it again while the structure
    revision stays; journalling a change moves the revision, so the next save applies it."""
    program = Program.objects.get(unit__code="TDLS", year=2026)
    open_period = program.reporting_periods.filter(is_open=True).select_related("period").first()
    target = program.targets.filter(rollup="sum").order_by("position").first()
    commune = Unit.objects.get(code="TDLS-06040")

    def save(value: str) -> None:
        cell = CellInput(commune.code, target.code, open_period.period.code, value)
        values_save(user=None, program=program, cells=[cell])

    save("7")
    cluster = tree.unit_create(code="TDLS-KZ", name="Cụm Z", kind="bloc_union",
                               parent=Unit.objects.get(code="TDLS"),
                               valid_to=Unit.objects.get(code="TDLS-TRD").valid_to)  # fmt: skip
    org.unit_move(unit=Unit.objects.get(code="TDLS-TRD"), new_parent=cluster)  # journalled only
    assert report_json("TDLS-KZ")["stale"] is not None

    save("8")
    assert not TreeChange.objects.exists()
    report = report_json("TDLS-KZ")
    assert report["stale"] is None and figures(report) == trang_dinh


def test_closing_a_district_before_the_year_takes_its_figures_out_of_the_year(demo):
    before = figures(report_json("TDLS"))
    trang_dinh = Unit.objects.get(code="TDLS-TRD")
    tree.unit_update(
        unit=trang_dinh,
        name=trang_dinh.name,
        kind=trang_dinh.kind,
        valid_from=trang_dinh.valid_from,
        valid_to=datetime.date(2016, 12, 31),
    )
    assert figures(report_json("TDLS"))["CT01"] != before["CT01"]
    program = Program.objects.get(unit__code="TDLS", year=2017)
    assert engine.rollup_check(program=program, periods=Period.objects.filter(code="2017")) == []


def _two_communes_reporting_in_a_later_quarter():
    """The 2026 program, a quarter after the first that has values, and two communes that
    reported in it (on a sum target)."""
    program = Program.objects.get(unit__code="TDLS", year=2026)
    for rp in program.reporting_periods.select_related("period").order_by("period__start"):
        period = rp.period
        if period.kind != "quarter" or period.number == 1:
            continue
        values = DataValue.objects.filter(
            target__program=program, target__rollup="sum", period=period, value__isnull=False
        ).select_related("unit", "target")
        communes = list(dict.fromkeys(v.unit for v in values if v.unit.kind == "commune_union"))
        if len(communes) >= 2:
            return program, period, communes[:2], values
    pytest.fail("the demo has no quarter with two communes' values")


def test_a_merger_takes_the_merged_units_values_out_of_the_periods_after_it(demo):
    program, period, (a, b), values = _two_communes_reporting_in_a_later_quarter()
    target = next(v.target for v in values if v.unit == a)
    own = {v.unit_id: v.value for v in values if v.target_id == target.pk and v.unit in (a, b)}
    province = Unit.objects.get(code="TDLS")
    total = Aggregate.objects.get(unit=province, target=target, period=period).value

    merged = tree.units_merge(
        units=[a, b], code="TDLS-HOPNHAT", name="Đoàn xã Hợp Nhất", kind="commune_union",
        parent=province, on_date=period.start,
    )  # fmt: skip

    after = Aggregate.objects.get(unit=province, target=target, period=period).value
    assert after == total - sum(own.values())
    assert {link.predecessor_id for link in merged.predecessor_links.all()} == {a.pk, b.pk}
    assert Unit.objects.get(pk=a.pk).valid_to == period.start - datetime.timedelta(days=1)
    assert engine.rollup_check(program=program, periods=[period]) == []


def test_a_split_closes_the_unit_and_opens_its_successors_with_the_figures_right(demo):
    program, period, (a, _b), _values = _two_communes_reporting_in_a_later_quarter()
    successors = tree.unit_split(
        unit=a, into=[("TDLS-TACH1", "Đoàn xã Tách Một"), ("TDLS-TACH2", "Đoàn xã Tách Hai")],
        on_date=period.start,
    )  # fmt: skip
    assert [s.valid_from for s in successors] == [period.start, period.start]
    assert all(s.parent_id == a.parent_id and s.kind == a.kind for s in successors)
    assert engine.rollup_check(program=program, periods=[period]) == []
    assert not TreeChange.objects.exists()


@pytest.mark.parametrize(
    ("units", "message"),
    [
        (["TDLS"], "ít nhất hai đơn vị"),
        (["TDLS", "TDLS"], "ít nhất hai đơn vị"),
        (["TDLS", "TDLS-TRD"], "còn đơn vị trực thuộc"),
    ],
)
def test_a_merger_that_cannot_be_is_refused_in_vietnamese_and_writes_nothing(demo, units, message):
    chosen = [Unit.objects.get(code=code) for code in units]
    count, aggregates = Unit.objects.count(), Aggregate.objects.count()
    with pytest.raises(org.OrgError) as refused:
        tree.units_merge(
            units=chosen, code="TDLS-MOI", name="Đơn vị mới", kind="commune_union",
            parent=None, on_date=datetime.date(2026, 7, 1),
        )  # fmt: skip
    assert message in str(refused.value)
    assert Unit.objects.count() == count and Aggregate.objects.count() == aggregates
    assert Unit.objects.get(code="TDLS").valid_to is None


def test_a_split_into_one_unit_is_refused(demo):
    with pytest.raises(org.OrgError, match="ít nhất hai đơn vị mới"):
        tree.unit_split(
            unit=Unit.objects.get(code="TDLS-TRD"), into=[("TDLS-X", "X")],
            on_date=datetime.date(2017, 7, 1),
        )  # fmt: skip
    assert not Unit.objects.filter(code="TDLS-X").exists()
