"""The transition table, who may move a directive, and refusals that change nothing."""

import datetime
import itertools

import pytest
import time_machine

from tinhdoan.meetings.models import (
    TRANSITIONS,
    DeadlineChange,
    Decision,
    Directive,
    DirectiveEvent,
    EventKind,
    MeetingError,
    ProgressReport,
    State,
    Status,
)
from tinhdoan.meetings.services import (
    NotAllowed,
    directive_complete,
    directive_decide_deadline_change,
    directive_reopen,
    directive_report_progress,
    directive_request_deadline_change,
    directive_set_status,
    directive_start,
)

pytestmark = pytest.mark.usefixtures("world")
TODAY = datetime.date(2018, 3, 1)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def snapshot(directive):
    fresh = Directive.objects.get(pk=directive.pk)
    return (
        fresh.state,
        fresh.completed_on,
        fresh.deadline,
        fresh.version,
        DirectiveEvent.objects.filter(directive=directive).count(),
        ProgressReport.objects.filter(directive=directive).count(),
        DeadlineChange.objects.filter(directive=directive).count(),
    )


@pytest.mark.parametrize(("old", "new"), list(itertools.permutations(State.values, 2)))
def test_transition_table(old, new):
    directive = Directive(state=old, completed_on=TODAY if old == State.COMPLETED else None)
    if (old, new) in TRANSITIONS:
        directive.move_to(new)
        assert directive.state == new
        assert (directive.completed_on is not None) == (new == State.COMPLETED)
    else:
        with pytest.raises(MeetingError, match="Không thể chuyển nhiệm vụ từ"):
            directive.move_to(new)
        assert directive.state == old


def test_the_table_holds_the_expected_moves():
    assert set(TRANSITIONS) == {
        ("not_started", "in_progress"),
        ("not_started", "adjustment_requested"),
        ("in_progress", "adjustment_requested"),
        ("adjustment_requested", "in_progress"),
        ("adjustment_requested", "not_started"),
        ("not_started", "completed"),
        ("in_progress", "completed"),
        ("completed", "in_progress"),
    }


def test_completed_to_not_started_is_refused_in_vietnamese_and_changes_nothing(
    world, make_directive
):
    directive = make_directive()
    directive = directive_complete(actor=world.leader, directive=directive)
    before = snapshot(directive)
    with pytest.raises(MeetingError) as refused:
        directive_set_status(actor=world.leader, directive=directive, status="not_started")
    assert str(refused.value) == (
        "Không thể chuyển nhiệm vụ từ “hoàn thành” sang “chưa thực hiện”."
    )
    assert snapshot(directive) == before


def test_progress_on_a_closed_directive_is_refused(world, make_directive):
    directive = make_directive()
    directive_complete(actor=world.leader, directive=directive)
    before = snapshot(directive)
    with pytest.raises(MeetingError, match="đã đóng"):
        directive_report_progress(actor=world.btv, directive=directive, text="Thêm", percent=90)
    assert snapshot(directive) == before


def test_assignee_starts_and_reports_but_cannot_close(world, make_directive):
    directive = make_directive()
    directive_start(actor=world.btv, directive=directive, reason="Bắt đầu")
    before = snapshot(directive)
    with pytest.raises(NotAllowed, match="Chỉ bên giao nhiệm vụ"):
        directive_complete(actor=world.btv, directive=directive)
    assert snapshot(directive) == before


def test_issuer_cannot_report_progress_for_the_assignee(world, make_directive):
    directive = make_directive()
    before = snapshot(directive)
    with pytest.raises(NotAllowed):
        directive_report_progress(actor=world.leader, directive=directive, text="x", percent=10)
    assert snapshot(directive) == before


def test_first_progress_report_starts_the_directive_and_is_in_its_history(world, make_directive):
    directive = make_directive()
    report = directive_report_progress(
        actor=world.btv, directive=directive, text="Đã ban hành kế hoạch", percent=30
    )
    directive.refresh_from_db()
    assert directive.state == State.IN_PROGRESS
    assert report.unit == world.td
    kinds = list(directive.events.values_list("kind", "actor__username"))
    assert kinds == [(EventKind.CREATED, "leader"), (EventKind.PROGRESS, "btv")]


def test_coordinating_department_reports_for_itself(world, make_directive):
    directive = make_directive(coordinators=[world.sgd])
    report = directive_report_progress(
        actor=world.liaison_sgd, directive=directive, text="Đã phối hợp", percent=50
    )
    assert report.unit == world.sgd
    with pytest.raises(NotAllowed):
        directive_report_progress(actor=world.liaison_stc, directive=directive, text="x", percent=5)


def test_reopening_needs_a_reason_and_keeps_history(world, make_directive):
    directive = make_directive()
    directive_complete(actor=world.leader, directive=directive)
    with pytest.raises(MeetingError, match="lý do"):
        directive_reopen(actor=world.leader, directive=directive, reason=" ")
    directive = directive_reopen(actor=world.leader, directive=directive, reason="Chưa đạt")
    assert directive.state == State.IN_PROGRESS and directive.completed_on is None
    assert directive.events.last().reason == "Chưa đạt"


def test_accepted_deadline_change_moves_the_deadline(world, make_directive):
    directive = make_directive(deadline=datetime.date(2018, 3, 20))
    directive_request_deadline_change(
        actor=world.btv,
        directive=directive,
        proposed_deadline=datetime.date(2018, 5, 31),
        reason="Chờ kinh phí",
    )
    assert Directive.objects.with_status(TODAY).get(pk=directive.pk).status == (
        Status.ADJUSTMENT_REQUESTED
    )
    change = directive_decide_deadline_change(actor=world.leader, directive=directive, accept=True)
    directive.refresh_from_db()
    assert change.decision == Decision.ACCEPTED
    assert directive.deadline == datetime.date(2018, 5, 31)
    assert directive.state == State.NOT_STARTED
    event = directive.events.last()
    assert (event.old_deadline, event.new_deadline) == (
        datetime.date(2018, 3, 20),
        datetime.date(2018, 5, 31),
    )


def test_refused_deadline_change_keeps_the_deadline_and_needs_a_reason(world, make_directive):
    directive = make_directive(deadline=datetime.date(2018, 3, 20))
    directive_report_progress(actor=world.btv, directive=directive, text="Đang làm", percent=40)
    directive_request_deadline_change(
        actor=world.btv,
        directive=directive,
        proposed_deadline=datetime.date(2018, 5, 31),
        reason="Chờ kinh phí",
    )
    with pytest.raises(MeetingError, match="lý do"):
        directive_decide_deadline_change(actor=world.leader, directive=directive, accept=False)
    directive_decide_deadline_change(
        actor=world.leader, directive=directive, accept=False, note="Giữ nguyên tiến độ"
    )
    directive.refresh_from_db()
    assert directive.deadline == datetime.date(2018, 3, 20)
    assert directive.state == State.IN_PROGRESS


def test_only_the_lead_asks_for_a_new_deadline_and_only_once_at_a_time(world, make_directive):
    directive = make_directive(coordinators=[world.sgd])
    with pytest.raises(NotAllowed):
        directive_request_deadline_change(
            actor=world.liaison_sgd,
            directive=directive,
            proposed_deadline=datetime.date(2018, 9, 1),
            reason="x",
        )
    directive_request_deadline_change(
        actor=world.btv,
        directive=directive,
        proposed_deadline=datetime.date(2018, 9, 1),
        reason="x",
    )
    before = snapshot(directive)
    with pytest.raises(MeetingError):
        directive_request_deadline_change(
            actor=world.btv,
            directive=directive,
            proposed_deadline=datetime.date(2018, 10, 1),
            reason="y",
        )
    assert snapshot(directive) == before
