"""The status of a directive is derived at read time from its deadline: no scheduled job."""

import datetime

import pytest
import time_machine

from tinhdoan.meetings import selectors
from tinhdoan.meetings.models import Category, Directive, Status
from tinhdoan.meetings.services import directive_complete, directive_report_progress

DEADLINE = datetime.date(2018, 6, 30)


def status_read(directive, day):
    """The status as the database derives it and as the model derives it; they must agree."""
    fresh = Directive.objects.with_status(day).get(pk=directive.pk)
    assert fresh.status == fresh.status_on(day)
    return fresh.status


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2018, 6, 29), Status.NOT_STARTED),
        (datetime.date(2018, 6, 30), Status.NOT_STARTED),
        (datetime.date(2018, 7, 1), Status.OVERDUE),
    ],
    ids=["day-before", "deadline-day", "day-after"],
)
def test_open_directive_becomes_overdue_only_the_day_after_its_deadline(
    make_directive, day, expected
):
    directive = make_directive(deadline=DEADLINE)
    assert status_read(directive, day) == expected


def test_directive_in_progress_is_overdue_after_the_deadline(world, make_directive):
    directive = make_directive(deadline=DEADLINE)
    with time_machine.travel(datetime.date(2018, 3, 1)):
        directive_report_progress(actor=world.btv, directive=directive, text="Đã họp", percent=20)
    assert status_read(directive, datetime.date(2018, 6, 30)) == Status.IN_PROGRESS
    assert status_read(directive, datetime.date(2018, 7, 1)) == Status.OVERDUE


@pytest.mark.parametrize(
    ("done_on", "expected"),
    [
        (datetime.date(2018, 6, 29), Status.COMPLETED_ON_TIME),
        (datetime.date(2018, 6, 30), Status.COMPLETED_ON_TIME),
        (datetime.date(2018, 7, 1), Status.COMPLETED_LATE),
    ],
    ids=["before", "on-the-day", "late"],
)
def test_completion_is_judged_against_the_deadline(world, make_directive, done_on, expected):
    directive = make_directive(deadline=DEADLINE)
    with time_machine.travel(datetime.date(2018, 8, 1)):
        directive = directive_complete(actor=world.leader, directive=directive, on=done_on)
    # Whenever it is read afterwards, a completed directive keeps its verdict.
    assert status_read(directive, datetime.date(2018, 8, 1)) == expected
    assert status_read(directive, datetime.date(2030, 1, 1)) == expected


def test_ongoing_directive_is_never_overdue(world, make_directive):
    directive = make_directive(deadline=None)
    assert directive.ongoing
    assert status_read(directive, datetime.date(2030, 1, 1)) == Status.NOT_STARTED


def test_the_four_follow_up_categories(world, make_directive):
    on_time = make_directive(deadline=DEADLINE, content="Một")
    late = make_directive(deadline=DEADLINE, content="Hai")
    make_directive(deadline=datetime.date(2018, 12, 31), content="Ba")  # open, within deadline
    make_directive(deadline=DEADLINE, content="Bốn")  # open, overdue
    with time_machine.travel(datetime.date(2018, 7, 15)):
        directive_complete(actor=world.leader, directive=on_time, on=datetime.date(2018, 6, 1))
        directive_complete(actor=world.leader, directive=late, on=datetime.date(2018, 7, 10))
        board = selectors.directive_board(world.leader)
    counts = board.counts
    assert counts["total"] == 4
    assert counts[Category.COMPLETED_ON_TIME] == 1
    assert counts[Category.COMPLETED_LATE] == 1
    assert counts[Category.NOT_COMPLETED_IN_TIME] == 1
    assert counts[Category.NOT_COMPLETED_OVERDUE] == 1
    assert counts[Status.OVERDUE] == 1 and counts[Status.NOT_STARTED] == 1
    assert [d.content for d in board.overdue] == ["Bốn"]


def test_board_lists_what_is_due_in_the_next_seven_days(world, make_directive):
    make_directive(deadline=datetime.date(2018, 3, 8), content="Trong 7 ngày")
    make_directive(deadline=datetime.date(2018, 3, 9), content="Sau 8 ngày")
    with time_machine.travel(datetime.date(2018, 3, 1)):
        board = selectors.directive_board(world.leader)
    assert [d.content for d in board.due_soon] == ["Trong 7 ngày"]
    assert board.overdue == []
