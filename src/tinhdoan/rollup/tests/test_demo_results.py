import datetime
from decimal import Decimal

import pytest

from tinhdoan.org.models import Unit
from tinhdoan.programs.models import Program
from tinhdoan.reporting.cells import CellInput
from tinhdoan.rollup import engine
from tinhdoan.rollup.report import results_json
from tinhdoan.rollup.saving import values_save
from tinhdoan.rollup.selectors import results_key, unit_results

pytestmark = pytest.mark.django_db
AFTER_2017 = datetime.date(2018, 1, 9)


def demo_results(code="TDLS", period="2017"):
    unit = Unit.objects.get(code=code)
    return unit_results(key=results_key(unit=unit, period_code=period), day=AFTER_2017)


def test_the_demo_gives_the_articles_counts_for_2017(demo):
    data = results_json(demo_results())
    assert data["unit"] == {"code": "TDLS", "name": "Tỉnh đoàn Lạng Sơn"}
    assert data["period"] == "2017"
    assert data["focal_tasks"] == {"completed": 5, "total": 5}
    assert data["breakthroughs"] == {"completed": 4, "total": 4}
    assert data["targets"]["met_or_exceeded"] == 11
    assert data["targets"]["not_met"] == 1
    assert data["targets"]["no_data"] == 0
    assert data["targets"]["total"] == 12
    assert data["targets"]["exceeded"] + data["targets"]["met"] == 11
    assert [r["code"] for r in data["rows"] if r["status"] == "not_met"] == ["CT07"]
    assert data["summary"].startswith(
        "Năm 2017, Tỉnh đoàn Lạng Sơn thực hiện hoàn thành 5 nhiệm vụ trọng tâm, 4 nội dung "
        "đột phá và đạt và vượt 11/12 chỉ tiêu đề ra; chỉ tiêu chưa đạt: CT07"
    )


def test_sub_units_of_2017_are_ranked(demo):
    data = results_json(demo_results())
    codes = [s["code"] for s in data["sub_units"]]
    assert "TDLS-TP" in codes and "TDLS-06040" not in codes  # the 2017 tree only
    assert len(codes) == 13
    ranks = [s["rank"] for s in data["sub_units"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert all(s["total"] == 11 for s in data["sub_units"])  # 10 allocated + the ratio rate


def _save(unit: str, target: str, value: int) -> None:
    """Save one value the way the grid, the API and imports do; nothing else is called."""
    program = Program.objects.get(unit__code="TDLS", year=2017)
    values_save(
        user=None,
        program=program,
        cells=[CellInput(unit, target, "2017", Decimal(value))],
        source="test",
    )


def test_raising_one_value_turns_the_count_to_12_of_12_at_once(demo):
    assert results_json(demo_results())["targets"]["met_or_exceeded"] == 11
    _save("TDLS", "CT07", 300)  # the province's own CT07 contribution brings the total over plan
    data = results_json(demo_results())
    assert data["targets"]["met_or_exceeded"] == 12
    assert "chỉ tiêu chưa đạt" not in data["summary"]


def test_one_weak_unit_turns_the_count_to_10_of_12_at_once(demo):
    # Huyện đoàn Đình Lập has not submitted its 2017 report yet, so its values can change
    _save("TDLS-DLA", "CT12", 50)  # 50 % weak branches there lifts the mean above 5 %
    data = results_json(demo_results())
    assert data["targets"]["met_or_exceeded"] == 10
    assert [r["code"] for r in data["rows"] if r["status"] == "not_met"] == ["CT07", "CT12"]


def test_the_stored_roll_up_matches_a_fresh_one_after_saves(demo):
    program = Program.objects.get(unit__code="TDLS", year=2017)
    demo_results()
    _save("TDLS", "CT07", 300)
    _save("TDLS-DLA", "CT12", 50)
    assert (
        engine.rollup_check(
            program=program,
            periods=[results_key(unit=Unit.objects.get(code="TDLS"), period_code="2017").period],
        )
        == []
    )
