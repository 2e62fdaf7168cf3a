from decimal import Decimal

import pytest

from tinhdoan.programs.errors import NotInScope, ProgramsError, StaleVersion, StateConflict
from tinhdoan.programs.services import program_copy, reporting_period_set_open
from tinhdoan.programs.tests.factories import fill_report, make_world
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.models import DataValue, ValueChange
from tinhdoan.reporting.workflow import report_approve, report_lock, report_submit
from tinhdoan.rollup.saving import values_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def write(world, user, *cells, **kwargs):
    return values_save(user=user, program=world.program, cells=list(cells), **kwargs)


def cell(target="CT01", value="12", unit="P-A", period="2026", **kwargs):
    return CellInput(unit=unit, target=target, period=period, value=value, **kwargs)


def refused(world, user, *cells, error=ProgramsError) -> str:
    before = (DataValue.objects.count(), ValueChange.objects.count())
    with pytest.raises(error) as caught:
        write(world, user, *cells)
    assert (DataValue.objects.count(), ValueChange.objects.count()) == before
    return str(caught.value)


def test_officer_writes_a_vietnamese_number_and_the_audit_keeps_it(world):
    result = write(world, world.officer_a, cell("CT02", "1.234", version=0, comment="Cả năm"))
    value = DataValue.objects.get()
    assert value.value == Decimal(1234) and value.version == 1 and value.author == world.officer_a
    assert result.created == 1
    change = ValueChange.objects.get()
    assert (change.old_value, change.new_value, change.new_comment) == (None, 1234, "Cả năm")


def test_second_write_keeps_old_and_new_value_and_bumps_the_version(world):
    write(world, world.officer_a, cell("CT04", "12,5", version=0))
    write(world, world.officer_a, cell("CT04", "1.234,5", version=1), reason="Sửa số liệu")
    value = DataValue.objects.get()
    assert (value.value, value.version) == (Decimal("1234.5"), 2)
    last = ValueChange.objects.last()
    assert (last.old_value, last.new_value, last.version, last.reason) == (
        Decimal("12.5"),
        Decimal("1234.5"),
        2,
        "Sửa số liệu",
    )


def test_a_stale_version_is_refused_and_nothing_is_overwritten(world):
    write(world, world.officer_a, cell("CT02", "100", version=0))
    write(world, world.officer_a, cell("CT02", "150", version=1))
    message = refused(world, world.officer_a, cell("CT02", "999", version=1), error=StaleVersion)
    assert "người khác" in message and "phiên bản 2" in message
    assert DataValue.objects.get().value == 150


def test_text_where_a_number_goes_is_refused(world):
    message = refused(world, world.officer_a, cell("CT02", "mười hai"))
    assert "không phải là số" in message


def test_a_negative_count_is_refused_naming_the_target_beside_its_code(world):
    message = refused(world, world.officer_a, cell("CT01", "-3"))
    assert "CT01 Kết nạp đoàn viên mới không được âm" in message


def test_a_value_above_the_maximum_is_refused(world):
    assert "tối đa là 100.000" in refused(world, world.officer_a, cell("CT02", "100.001"))


def test_a_percentage_above_100_is_refused_naming_the_target_beside_its_code(world):
    message = refused(world, world.officer_a, cell("CT03", "105%"))
    assert "CT03 Tỷ lệ chi đoàn vững mạnh là tỷ lệ phần trăm, không vượt quá 100" in message


def test_a_percentage_is_accepted_with_its_sign(world):
    write(world, world.officer_a, cell("CT03", "72,5%"))
    assert DataValue.objects.get().value == Decimal("72.5")


def test_a_percent_sign_on_a_count_is_refused(world):
    assert "không tính bằng phần trăm" in refused(world, world.officer_a, cell("CT02", "12%"))


def test_a_fraction_of_a_person_is_refused(world):
    assert "số nguyên" in refused(world, world.officer_a, cell("CT01", "12,5"))


def test_an_ambiguous_number_is_refused_with_an_explanation(world):
    message = refused(world, world.officer_a, cell("CT04", "1,234"))
    assert "không rõ" in message and "1.234" in message


def test_an_unknown_target_code_is_refused(world):
    assert "CT99" in refused(world, world.officer_a, cell("CT99", "1"))


def test_a_unit_outside_the_users_scope_is_refused_as_not_found(world):
    message = refused(world, world.officer_a, cell("CT01", "1", unit="P-B"), error=NotInScope)
    assert "P-B" in message and "không tìm thấy" in message.lower()


def test_a_closed_period_is_refused(world):
    reporting_period_set_open(reporting_period=world.half, is_open=False)
    message = refused(world, world.officer_a, cell(period="2026S1"), error=StateConflict)
    assert "đã đóng" in message


def test_a_period_that_is_not_reported_is_refused(world):
    assert "không phải là kỳ báo cáo" in refused(world, world.officer_a, cell(period="2026Q3"))


def test_a_locked_report_refuses_changes(world):
    write(world, world.officer_a, cell("CT01", "5"))
    report_submit(
        user=world.officer_a,
        reporting_period=world.period,
        unit=world.commune_a,
        acknowledge_warnings=True,
        comment="Chỉ có CT01",
    )
    report_approve(user=world.approver, reporting_period=world.period, unit=world.commune_a)
    report_lock(user=world.approver, reporting_period=world.period, unit=world.commune_a)
    message = refused(world, world.officer_a, cell("CT01", "6"), error=StateConflict)
    assert "đã khóa" in message
    assert DataValue.objects.get().value == 5


def test_a_submitted_report_refuses_changes_until_returned(world):
    fill_report(world)
    report_submit(user=world.officer_a, reporting_period=world.period, unit=world.commune_a)
    assert "chờ duyệt" in refused(world, world.officer_a, cell(), error=StateConflict)


def test_a_rule_between_two_targets_refuses_with_its_message(world):
    write(world, world.officer_a, cell("CT02", "50"))
    message = refused(world, world.officer_a, cell("CT01", "60"))
    assert "không được lớn hơn số thanh niên được tập hợp" in message
    assert "CT01 Kết nạp đoàn viên mới = 60 ≤ CT02 Thanh niên được tập hợp = 50" in message


def test_a_rule_is_checked_on_the_values_of_the_same_batch(world):
    write(world, world.officer_a, cell("CT01", "60"), cell("CT02", "80"))
    assert DataValue.objects.count() == 2


def test_duplicate_cells_in_one_batch_are_refused(world):
    message = refused(world, world.officer_a, cell(line=2), cell(value="13", line=3))
    assert "Dòng 3" in message and "Dòng 2" in message


def test_every_problem_of_a_batch_is_listed_and_nothing_is_written(world):
    with pytest.raises(ProgramsError) as caught:
        write(
            world,
            world.officer_a,
            cell("CT01", "x", line=2),
            cell("CT02", "-1", line=3),
            cell("CT02", "40", period="2026S1", line=4),
        )
    assert len(caught.value.messages) == 2
    assert DataValue.objects.count() == 0


def test_an_outlier_against_last_year_is_accepted_with_a_warning():
    world = make_world(2025)
    write(world, world.officer_a, cell("CT02", "100", period="2025"))
    program = program_copy(source=world.program, year=2026)
    result = values_save(
        user=world.officer_a, program=program, cells=[cell("CT02", "900", period="2026")]
    )
    assert DataValue.objects.get(period__code="2026").value == 900
    assert len(result.warnings) == 1 and "hãy kiểm tra lại" in result.warnings[0]
    assert "(kỳ trước: 100)" in result.warnings[0]


def test_a_value_close_to_last_year_gives_no_warning():
    world = make_world(2025)
    write(world, world.officer_a, cell("CT02", "100", period="2025"))
    program = program_copy(source=world.program, year=2026)
    result = values_save(
        user=world.officer_a, program=program, cells=[cell("CT02", "140", period="2026")]
    )
    assert result.warnings == []


def test_clearing_a_cell_keeps_its_version_counting(world):
    write(world, world.officer_a, cell("CT02", "100", version=0))
    write(world, world.officer_a, cell("CT02", "", version=1))
    value = DataValue.objects.get()
    assert value.value is None and value.version == 2
    assert DataValue.objects.filled().count() == 0


def test_unchanged_values_are_not_written_again(world):
    write(world, world.officer_a, cell("CT02", "100"))
    result = write(world, world.officer_a, cell("CT02", "100"))
    assert result.unchanged == 1 and ValueChange.objects.count() == 1


def test_an_empty_cell_that_never_had_a_value_writes_nothing(world):
    result = write(world, world.officer_a, cell("CT02", ""), cell("CT01", "5"))
    assert (result.created, result.unchanged) == (1, 1)
    assert list(DataValue.objects.values_list("target__code", flat=True)) == ["CT01"]
    assert ValueChange.objects.count() == 1
