"""What a user has to do about reports ("Việc cần làm").

An officer: the reports of their units that are due (the period ends within a month or has
ended, not yet submitted), overdue (past the deadline) or returned with a reason. An
approver: the reports of the units directly below waiting for approval, and per period how
many of those units are past the deadline without a report. A fixed number of queries,
whatever the number of units and periods.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import pgettext_lazy

from tinhdoan.accounts.permissions import WRITE_ROLES, scope_for
from tinhdoan.org.models import Unit
from tinhdoan.programs.models import Program, ReportingPeriod

from .models import Submission, SubmissionStatus
from .notify import grid_url
from .selectors import for_expected_reports, reports_expected_of

# A report is due from a month before its period ends.
DUE_BEFORE_END = datetime.timedelta(days=31)

STATE_LABELS = {
    "due": pgettext_lazy("report state", "due"),
    "overdue": pgettext_lazy("report state", "overdue"),
    "draft": pgettext_lazy("report state", "not submitted"),
    "returned": pgettext_lazy("report state", "returned"),
    "submitted": pgettext_lazy("report state", "awaiting approval"),
    "approved": pgettext_lazy("report state", "approved"),
    "locked": pgettext_lazy("report state", "locked"),
    "entry": pgettext_lazy("report state", "enter its own figures"),
}


@dataclass
class ReportItem:
    """One report to act on; for an approver's overdue units, `units` of them in one period."""

    reporting_period: ReportingPeriod
    unit: Unit
    state: str  # a key of STATE_LABELS
    reason: str = ""
    units: int = 0  # for a period's overdue units: how many, below `unit`

    @property
    def program(self) -> Program:
        return self.reporting_period.program

    @property
    def deadline(self) -> datetime.date:
        return self.reporting_period.deadline

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def url(self) -> str:
        program, code = self.program, self.reporting_period.period.code
        if self.units:
            page = reverse("reporting:completeness", args=[program.unit.code, program.year, code])
            return f"{page}?{urlencode({'under': self.unit.code})}"
        return grid_url(self.reporting_period, self.unit)


@dataclass
class ReportsTodo:
    due: list[ReportItem] = field(default_factory=list)
    returned: list[ReportItem] = field(default_factory=list)
    to_approve: list[ReportItem] = field(default_factory=list)
    units_overdue: list[ReportItem] = field(default_factory=list)


def reports_todo(*, user, today: datetime.date | None = None) -> ReportsTodo:
    """The reports the user has to enter, correct or approve (six queries with the scope)."""
    today = today or timezone.localdate()
    scope = scope_for(user)
    own = [m.unit for m in scope.memberships if m.role in WRITE_ROLES]
    approve_ids = scope.approve_parent_ids
    todo = ReportsTodo()
    if not own and not approve_ids:
        return todo
    below = list(Unit.objects.filter(parent_id__in=approve_ids)) if approve_ids else []
    above_ids = {a for u in own + below for a in u.ancestor_ids()}
    periods = list(
        for_expected_reports(
            ReportingPeriod.objects.filter(program__unit_id__in=above_ids)
        ).order_by("deadline", "period__start", "-period__end", "program_id")
    )
    units = {u.pk: u for u in own + below}
    expected = reports_expected_of(units=list(units.values()), reporting_periods=periods)
    submissions = {
        (s.reporting_period_id, s.unit_id): s
        for s in Submission.objects.filter(unit_id__in=list(units), reporting_period__in=periods)
        .only("id", "reporting_period_id", "unit_id", "status", "return_reason")
        .order_by()
    }
    own_ids = {u.pk for u in own}
    late: Counter = Counter()
    for rp, unit in expected:
        submission = submissions.get((rp.pk, unit.pk))
        status = submission.status if submission else SubmissionStatus.DRAFT
        if unit.pk in own_ids:
            _own_report(todo, rp, unit, submission, today)
        if unit.parent_id in approve_ids and status == SubmissionStatus.SUBMITTED:
            todo.to_approve.append(ReportItem(rp, unit, "submitted"))
        elif (
            unit.parent_id in approve_ids
            and status == SubmissionStatus.DRAFT
            and rp.is_open
            and today > rp.deadline
        ):
            late[(rp.pk, unit.parent_id)] += 1
    by_pk = {rp.pk: rp for rp in periods}
    todo.units_overdue = [
        ReportItem(by_pk[rp_id], units[parent_id], "overdue", units=count)
        for (rp_id, parent_id), count in late.items()
    ]
    return todo


def _own_report(todo: ReportsTodo, rp, unit, submission, today: datetime.date) -> None:
    if not rp.is_open:
        return
    if submission is not None and submission.status == SubmissionStatus.RETURNED:
        todo.returned.append(ReportItem(rp, unit, "returned", reason=submission.return_reason))
    elif submission is None or submission.status == SubmissionStatus.DRAFT:
        if today > rp.deadline:
            todo.due.append(ReportItem(rp, unit, "overdue"))
        elif rp.period.end - DUE_BEFORE_END <= today:
            todo.due.append(ReportItem(rp, unit, "due"))


def program_report_states(
    *, user, program: Program, today: datetime.date | None = None
) -> list[tuple[ReportingPeriod, list[ReportItem]]]:
    """Each reporting period of the program with the state of the reports the user's units
    owe in it: not submitted, overdue, returned (with its reason), awaiting approval,
    approved or locked (three queries)."""
    today = today or timezone.localdate()
    own = [
        m.unit
        for m in scope_for(user).memberships
        if m.role in WRITE_ROLES and m.unit.path.startswith(program.unit.path)
    ]
    periods = list(for_expected_reports(program.reporting_periods.all()))
    if not own:
        return [(rp, []) for rp in periods]
    submissions = {
        (s.reporting_period_id, s.unit_id): s
        for s in Submission.objects.filter(unit__in=own, reporting_period__program=program)
    }
    states: dict[int, list[ReportItem]] = {rp.pk: [] for rp in periods}
    if any(unit.pk == program.unit_id for unit in own):
        for rp in periods:  # the program's own unit enters its figures, reports to nobody
            states[rp.pk].append(ReportItem(rp, program.unit, "entry"))
    for rp, unit in reports_expected_of(units=own, reporting_periods=periods):
        submission = submissions.get((rp.pk, unit.pk))
        state = submission.status if submission else SubmissionStatus.DRAFT
        if state == SubmissionStatus.DRAFT and today > rp.deadline:
            state = "overdue"
        reason = submission.return_reason if submission else ""
        states[rp.pk].append(ReportItem(rp, unit, state, reason=reason))
    return [(rp, states[rp.pk]) for rp in periods]
