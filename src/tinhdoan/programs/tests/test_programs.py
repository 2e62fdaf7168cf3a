import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from tinhdoan.programs import services
from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.models import Allocation, Period, Target
from tinhdoan.programs.periods import PeriodCodeError, parse_period_code, period_for_code
from tinhdoan.programs.selectors import program_get_for_user
from tinhdoan.testing import make_unit, make_user

from .factories import make_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "kind", "start", "end"),
    [
        ("2017", "year", datetime.date(2017, 1, 1), datetime.date(2017, 12, 31)),
        ("2017S1", "half", datetime.date(2017, 1, 1), datetime.date(2017, 6, 30)),
        ("2017s2", "half", datetime.date(2017, 7, 1), datetime.date(2017, 12, 31)),
        ("2017Q3", "quarter", datetime.date(2017, 7, 1), datetime.date(2017, 9, 30)),
        ("2016-02", "month", datetime.date(2016, 2, 1), datetime.date(2016, 2, 29)),
    ],
)
def test_period_codes_give_their_dates(code, kind, start, end):
    spec = parse_period_code(code)
    assert (spec.kind, spec.start, spec.end) == (kind, start, end)


@pytest.mark.parametrize("code", ["2017S3", "2017Q5", "2017-13", "17", "năm 2017"])
def test_bad_period_codes_are_refused_in_vietnamese(code):
    with pytest.raises(PeriodCodeError) as caught:
        parse_period_code(code)
    assert "không phải là mã kỳ" in str(caught.value)


def test_a_period_is_created_once():
    period_for_code("2017Q3")
    period_for_code("2017q3")
    assert Period.objects.filter(code="2017Q3").count() == 1


def test_allocations_that_do_not_add_up_give_a_warning_not_a_fix():
    world = make_world()
    warnings = services.allocations_set(
        target=world.members, plans={world.commune_a: Decimal(100), world.commune_b: Decimal(50)}
    )
    assert len(warnings) == 1 and "150" in warnings[0] and "200" in warnings[0]
    assert sum(a.plan_value for a in world.members.allocations.all()) == 150


def test_allocations_of_a_mean_target_are_not_summed():
    world = make_world()
    assert services.allocation_warnings(target=world.rate) == []


def test_allocation_outside_the_subtree_is_refused():
    world = make_world()
    stranger = make_unit("X", kind="provincial_union")
    with pytest.raises(ProgramsError):
        services.allocations_set(target=world.members, plans={stranger: Decimal(1)})


def test_a_ratio_target_needs_both_operands():
    world = make_world()
    with pytest.raises(ProgramsError) as caught:
        services.target_add(
            program=world.program, code="CT09", name="Tỷ lệ", measure="%", rollup="ratio"
        )
    assert "tử số" in str(caught.value)


def test_a_ratio_and_a_count_target_keep_their_operands():
    world = make_world()
    ratio = services.target_add(
        program=world.program,
        code="CT05",
        name="Tỷ lệ thanh niên được kết nạp",
        measure="%",
        rollup="ratio",
        ratio_numerator=world.members,
        ratio_denominator=world.reached,
    )
    count = services.target_add(
        program=world.program,
        code="CT06",
        name="Số xã có tỷ lệ chi đoàn vững mạnh từ 70%",
        measure="đơn vị",
        rollup="count",
        count_source=world.rate,
        count_comparison="gte",
        count_threshold=Decimal(70),
    )
    assert (ratio.ratio_numerator, ratio.ratio_denominator) == (world.members, world.reached)
    assert (count.count_source, count.count_comparison) == (world.rate, "gte")


def test_copying_a_program_keeps_targets_rules_allocations_and_shifts_periods():
    world = make_world(2025)
    ratio = services.target_add(
        program=world.program,
        code="CT05",
        name="Tỷ lệ",
        measure="%",
        rollup="ratio",
        ratio_numerator=world.members,
        ratio_denominator=world.reached,
    )
    services.focal_task_add(program=world.program, name="Đại hội đoàn các cấp", status="completed")
    copy = services.program_copy(source=world.program, year=2026)
    assert copy.title == "Chương trình công tác năm 2026" and copy.copied_from == world.program
    assert list(copy.targets.values_list("code", flat=True)) == [
        "CT01",
        "CT02",
        "CT03",
        "CT04",
        "CT05",
    ]
    new_ratio = copy.targets.get(code="CT05")
    assert new_ratio.ratio_numerator.program == copy and new_ratio.ratio_numerator.code == "CT01"
    assert ratio.ratio_numerator.program == world.program
    assert copy.focal_tasks.get().status == "not_started"
    assert Allocation.objects.filter(target__program=copy).count() == 8
    assert copy.rules.get().left.program == copy
    assert sorted(copy.reporting_periods.values_list("period__code", "deadline")) == [
        ("2026", datetime.date(2027, 1, 10)),
        ("2026S1", datetime.date(2026, 7, 10)),
    ]
    assert Target.objects.filter(program=world.program).count() == 5


def test_copy_to_a_year_that_has_a_program_is_refused():
    world = make_world(2025)
    services.program_copy(source=world.program, year=2026)
    with pytest.raises(ProgramsError):
        services.program_copy(source=world.program, year=2026)


def test_a_commune_officer_sees_the_program_of_the_province_but_a_stranger_does_not():
    world = make_world()
    other = make_unit("Q", kind="provincial_union")
    stranger = make_user("nguoi_la", unit=other)
    assert program_get_for_user(user=world.officer_a, unit_code="P", year=2026) == world.program
    with pytest.raises(Http404):
        program_get_for_user(user=stranger, unit_code="P", year=2026)


def test_copy_program_command_creates_next_year(capsys):
    from django.core.management import call_command

    make_world(2025)
    call_command("copy-program", "--from", "P:2025", "--year", "2026")
    assert "4 chỉ tiêu, 2 kỳ báo cáo" in capsys.readouterr().out
    assert Target.objects.filter(program__year=2026).count() == 4


def test_copy_program_command_refuses_an_existing_year():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    make_world(2025)
    with pytest.raises(CommandError) as caught:
        call_command("copy-program", "--from", "P:2025", "--year", "2025")
    assert "đã có chương trình công tác năm 2025" in str(caught.value)


def test_changing_how_a_target_rolls_up_marks_the_programs_figures_stale():
    world = make_world()
    target = Target.objects.get(program=world.program, code="CT01")
    before = world.program.rules_revision
    services.target_change_rule(target=target, rollup="max", direction="higher")
    world.program.refresh_from_db()
    assert (target.rollup, world.program.rules_revision) == ("max", before + 1)
    services.target_change_rule(target=target, rollup="max", direction="higher")  # no change
    world.program.refresh_from_db()
    assert world.program.rules_revision == before + 1


@pytest.mark.parametrize(
    ("rollup", "direction", "message"),
    [("median", "higher", "không hợp lệ"), ("sum", "sideways", "không hợp lệ")],
)
def test_an_unknown_rule_or_direction_is_refused_and_nothing_changes(rollup, direction, message):
    world = make_world()
    target = Target.objects.get(program=world.program, code="CT01")
    with pytest.raises(ProgramsError, match=message):
        services.target_change_rule(target=target, rollup=rollup, direction=direction)
    target.refresh_from_db()
    world.program.refresh_from_db()
    assert (target.rollup, target.direction, world.program.rules_revision) == ("sum", "higher", 0)


def test_a_computed_targets_rule_cannot_change():
    world = make_world()
    ratio = services.target_add(
        program=world.program, code="CT09", name="Tỷ lệ", measure="%", rollup="ratio",
        ratio_numerator=Target.objects.get(program=world.program, code="CT01"),
        ratio_denominator=Target.objects.get(program=world.program, code="CT02"),
    )  # fmt: skip
    with pytest.raises(ProgramsError, match="được tính từ các chỉ tiêu khác"):
        services.target_change_rule(target=ratio, rollup="sum", direction="higher")
    ratio.refresh_from_db()
    assert ratio.rollup == "ratio"


def test_new_allocations_mark_a_counting_programs_figures_stale_and_the_same_ones_do_not():
    world = make_world()
    services.target_add(
        program=world.program,
        code="CT09",
        name="Số xã đạt kế hoạch giao",
        measure="xã",
        rollup="count",
        count_source=world.members,
        count_comparison="meets_plan",
    )
    world.program.refresh_from_db()
    before = world.program.rules_revision
    plans = {world.commune_a: Decimal(100), world.commune_b: Decimal(50)}
    services.allocations_set(target=world.members, plans=plans)
    world.program.refresh_from_db()
    assert world.program.rules_revision == before + 1
    services.allocations_set(target=world.members, plans=dict(plans))  # the same plans again
    world.program.refresh_from_db()
    assert world.program.rules_revision == before + 1
    services.allocations_set(target=world.members, plans={world.commune_a: Decimal(100)})
    world.program.refresh_from_db()
    assert world.program.rules_revision == before + 2  # commune B's plan removed
