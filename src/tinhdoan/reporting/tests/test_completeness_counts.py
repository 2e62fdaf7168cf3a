"""The completeness counts add up after every step of the workflow: each unit that must
report is in exactly one of not submitted, awaiting approval, returned, approved."""

import datetime

import pytest
import time_machine

from tinhdoan.programs.tests.factories import make_world
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.selectors import completeness
from tinhdoan.reporting.workflow import report_act
from tinhdoan.rollup.saving import values_save

pytestmark = pytest.mark.django_db

STATES = ("not_submitted", "submitted", "returned", "approved")


def summary(world, today=datetime.date(2027, 1, 20)):
    result = completeness(
        user=world.approver, program=world.program, reporting_period=world.period, today=today
    )
    counts = result.summary()
    assert sum(counts[name] for name in STATES) == counts["must_report"], counts
    return counts


def step(world, user, action, unit, reason=""):
    """One step; a submission acknowledges the warnings of these one-value reports."""
    submitting = action == "submit"
    report_act(
        user=user,
        reporting_period=world.period,
        unit=unit,
        action=action,
        reason=reason or ("Chỉ có CT01" if submitting else ""),
        acknowledge_warnings=submitting,
    )


ON_TIME = datetime.datetime(2027, 1, 5, 9, 0, tzinfo=datetime.UTC)
LATE = datetime.datetime(2027, 1, 15, 9, 0, tzinfo=datetime.UTC)  # the deadline is 10/01/2027


def test_counts_add_up_through_every_transition():
    world = make_world()
    a, b = world.commune_a, world.commune_b
    for officer, code in ((world.officer_a, "P-A"), (world.officer_b, "P-B")):
        values_save(
            user=officer, program=world.program, cells=[CellInput(code, "CT01", "2026", "5")]
        )
    # After each step: (not submitted, awaiting approval, returned, approved),
    # then (first sent on time, first sent late, overdue).
    steps = [
        (None, (2, 0, 0, 0), (0, 0, 2)),
        ((ON_TIME, world.officer_a, "submit", a, ""), (1, 1, 0, 0), (1, 0, 1)),
        ((ON_TIME, world.approver, "return", a, "Thiếu CT02"), (1, 0, 1, 0), (1, 0, 1)),
        ((ON_TIME, world.officer_a, "submit", a, ""), (1, 1, 0, 0), (1, 0, 1)),
        ((ON_TIME, world.approver, "approve", a, ""), (1, 0, 0, 1), (1, 0, 1)),
        ((ON_TIME, world.approver, "lock", a, ""), (1, 0, 0, 1), (1, 0, 1)),
        ((LATE, world.officer_b, "submit", b, ""), (0, 1, 0, 1), (1, 1, 0)),
        ((LATE, world.approver, "reopen", a, "Điều chỉnh"), (1, 1, 0, 0), (1, 1, 1)),
    ]
    for action, states, timeliness in steps:
        if action is not None:
            when, user, name, unit, reason = action
            with time_machine.travel(when, tick=False):
                step(world, user, name, unit, reason)
        counts = summary(world)
        assert counts["must_report"] == 2
        assert tuple(counts[n] for n in STATES) == states, (action, counts)
        assert (counts["on_time"], counts["late"], counts["overdue"]) == timeliness, counts


def test_completeness_page_says_what_each_count_and_column_holds(login):
    world = make_world()
    values_save(
        user=world.officer_a, program=world.program, cells=[CellInput("P-A", "CT01", "2026", "5")]
    )
    step(world, world.officer_a, "submit", world.commune_a)
    step(world, world.approver, "return", world.commune_a, "Thiếu CT02")
    html = login(world.approver).get("/programs/P/2026/2026/").content.decode()
    assert 'Phải nộp: <strong data-count="must_report">2<' in html
    assert 'Bị trả lại: <strong data-count="returned">1<' in html
    assert 'Chưa nộp: <strong data-count="not_submitted">1<' in html
    assert '<th scope="col">Đúng hạn hay muộn</th>' in html
    assert '<th scope="col">Gửi lần đầu lúc</th>' in html
    assert "Hạn nộp</th>" not in html
