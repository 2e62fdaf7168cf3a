import datetime

import pytest
import time_machine

from tinhdoan.programs.errors import NotAllowed, NotInScope, ProgramsError, StateConflict
from tinhdoan.programs.tests.factories import fill_report, make_world
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.models import DataValue, Submission, SubmissionEvent
from tinhdoan.reporting.selectors import cell_history, completeness
from tinhdoan.reporting.workflow import report_act
from tinhdoan.rollup.saving import values_save
from tinhdoan.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def act(world, user, action, unit=None, reason=""):
    """One step; a submission acknowledges the report's warnings (tested on their own in
    test_submit_checks)."""
    submitting = action == "submit"
    return report_act(
        user=user,
        reporting_period=world.period,
        unit=unit or world.commune_a,
        action=action,
        reason=reason or ("Đã kiểm tra số liệu" if submitting else ""),
        acknowledge_warnings=submitting,
    )


def write(world, user, value, version=None):
    return values_save(
        user=user,
        program=world.program,
        cells=[CellInput("P-A", "CT01", "2026", value, version=version)],
    )


def test_the_whole_workflow_with_the_permissions_of_each_step(world):
    officer, approver = world.officer_a, world.approver
    write(world, officer, "10")

    # draft → submitted: only the unit's officers
    with pytest.raises(NotAllowed):
        act(world, approver, "submit")
    assert act(world, officer, "submit").status == "submitted"

    # submitted → returned: the officer cannot return or approve their own report
    with pytest.raises(NotAllowed):
        act(world, officer, "return", reason="Thiếu số liệu")
    with pytest.raises(NotAllowed):
        act(world, officer, "approve")
    with pytest.raises(ProgramsError) as no_reason:
        act(world, approver, "return")
    assert "lý do" in str(no_reason.value)
    returned = act(world, approver, "return", reason="Thiếu số liệu CT02")
    assert (returned.status, returned.return_reason) == ("returned", "Thiếu số liệu CT02")

    # returned: the unit corrects and submits again
    write(world, officer, "12")
    assert act(world, officer, "submit").status == "submitted"

    # submitted → approved by the level above
    assert act(world, approver, "approve").status == "approved"
    with pytest.raises(StateConflict):
        write(world, officer, "13")

    # approved → locked
    assert act(world, approver, "lock").status == "locked"
    with pytest.raises(StateConflict) as locked:
        write(world, officer, "13")
    assert "đã khóa" in str(locked.value)
    with pytest.raises(NotAllowed):
        act(world, officer, "reopen", reason="Sửa")

    # locked → reopened (draft) by the approver, with a reason; then the value can change
    assert act(world, approver, "reopen", reason="Điều chỉnh theo số liệu mới").status == "draft"
    write(world, officer, "13")
    assert DataValue.objects.get().value == 13

    actions = list(SubmissionEvent.objects.values_list("action", flat=True))
    assert actions == ["submit", "return", "submit", "approve", "lock", "reopen"]
    history = cell_history(
        unit=world.commune_a, target=world.members, reporting_period=world.period
    )
    kinds = [entry.kind for entry in reversed(history)]
    assert kinds.count("value") == 3
    assert kinds[-2:] == ["reopen", "value"] and "lock" in kinds
    assert history[1].reason == "Điều chỉnh theo số liệu mới"


def test_a_step_out_of_order_is_refused(world):
    with pytest.raises(StateConflict) as caught:
        act(world, world.approver, "approve")
    assert "Đang soạn".lower() in str(caught.value).lower()
    assert Submission.objects.filter(status="approved").count() == 0


def test_the_approver_of_a_sibling_province_cannot_approve(world):
    from tinhdoan.testing import make_unit

    other = make_unit("Q", kind="provincial_union")
    outsider = make_user("btv_khac", unit=other, role="approver")
    fill_report(world)
    act(world, world.officer_a, "submit")
    with pytest.raises(NotInScope):
        act(world, outsider, "approve")


def test_an_officer_of_a_sibling_unit_cannot_submit(world):
    with pytest.raises(NotInScope):
        act(world, world.officer_b, "submit")


def test_the_first_submission_decides_on_time_or_late(world):
    fill_report(world, "P-A")
    fill_report(world, "P-B")
    with time_machine.travel(datetime.datetime(2027, 1, 9, 10, 0, tzinfo=datetime.UTC)):
        act(world, world.officer_a, "submit")
    with time_machine.travel(datetime.datetime(2027, 1, 15, 10, 0, tzinfo=datetime.UTC)):
        act(world, world.officer_b, "submit", unit=world.commune_b)
        result = completeness(
            user=world.approver, program=world.program, reporting_period=world.period
        )
    on_time = {row.unit.code: row.on_time for row in result.rows}
    assert on_time == {"P-A": True, "P-B": False}
    assert (result.on_time, result.late, result.not_submitted) == (1, 1, 0)


def test_a_missing_report_is_overdue_after_the_deadline(world):
    result = completeness(
        user=world.approver,
        program=world.program,
        reporting_period=world.period,
        today=datetime.date(2027, 1, 11),
    )
    assert [row.overdue for row in result.rows] == [True, True]
    assert (result.not_submitted, result.overdue) == (2, 2)


def test_completeness_of_an_officer_shows_only_their_unit(world):
    result = completeness(
        user=world.officer_a, program=world.program, reporting_period=world.period
    )
    assert [row.unit.code for row in result.rows] == ["P-A"]
