"""Việc cần làm: the work waiting for a user, whatever their role, in one list per kind.

A commune officer: its reports due, overdue and returned, the explanations asked of it and
its directives due. An approver: the reports waiting for approval, the units below past a
deadline, the explanations awaited. A leader: the overdue directives and the lagging
targets. Each item names its program, period, unit, deadline and state, and links to the
page where it is done. A fixed number of queries for a given role.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhdoan.meetings.models import Directive, Status
from tinhdoan.meetings.selectors import directives_due_for_user
from tinhdoan.reporting.todo import ReportItem, reports_todo
from tinhdoan.rollup.models import ExplanationRequest
from tinhdoan.rollup.todo import (
    LaggingTarget,
    explanations_open_for_user,
    lagging_targets_for_user,
)


@dataclass
class Item:
    title: str
    program: str | None
    period: str | None
    unit: str
    unit_name: str
    deadline: datetime.date | None
    state: str
    state_label: str
    url: str
    reason: str = ""
    count: int = 1


@dataclass
class Todo:
    reports_due: list[Item] = field(default_factory=list)
    reports_returned: list[Item] = field(default_factory=list)
    reports_to_approve: list[Item] = field(default_factory=list)
    units_overdue: list[Item] = field(default_factory=list)
    explanations: list[Item] = field(default_factory=list)
    directives_due: list[Item] = field(default_factory=list)
    targets_lagging: list[Item] = field(default_factory=list)

    LISTS = (
        "reports_due",
        "reports_returned",
        "reports_to_approve",
        "units_overdue",
        "explanations",
        "directives_due",
        "targets_lagging",
    )

    @property
    def count(self) -> int:
        return sum(len(getattr(self, name)) for name in self.LISTS)


def todo_for(user, *, today: datetime.date | None = None) -> Todo:
    today = today or timezone.localdate()
    reports = reports_todo(user=user, today=today)
    return Todo(
        reports_due=[_report(item) for item in reports.due],
        reports_returned=[_report(item) for item in reports.returned],
        reports_to_approve=[_report(item) for item in reports.to_approve],
        units_overdue=[_units_overdue(item) for item in reports.units_overdue],
        explanations=[_explanation(r) for r in explanations_open_for_user(user)],
        directives_due=[_directive(d) for d in directives_due_for_user(user, today=today)],
        targets_lagging=[_lagging(t) for t in lagging_targets_for_user(user, today=today)],
    )


def _report(item: ReportItem) -> Item:
    period = item.reporting_period.period.code
    return Item(
        title=_("Report %(period)s of %(unit)s") % {"period": period, "unit": item.unit.name},
        program=item.program.key,
        period=period,
        unit=item.unit.code,
        unit_name=item.unit.name,
        deadline=item.deadline,
        state=item.state,
        state_label=item.state_label,
        url=item.url,
        reason=item.reason,
    )


def _units_overdue(item: ReportItem) -> Item:
    result = _report(item)
    result.title = ngettext(
        "%(count)s unit below %(unit)s has not sent the report %(period)s",
        "%(count)s units below %(unit)s have not sent the report %(period)s",
        item.units,
    ) % {"count": item.units, "unit": item.unit.name, "period": result.period}
    result.count = item.units
    return result


def _explanation(request: ExplanationRequest) -> Item:
    return Item(
        title=_("Explanation of %(code)s %(name)s (%(unit)s): %(message)s")
        % {
            "code": request.target.code,
            "name": request.target.name,
            "unit": request.unit.name,
            "message": request.message,
        },
        program=None,
        period=request.period.code,
        unit=request.unit.code,
        unit_name=request.unit.name,
        deadline=None,
        state=request.status,
        state_label=str(request.get_status_display()),
        url=reverse("rollup:explanations"),
    )


def _directive(directive: Directive) -> Item:
    content = " ".join(directive.content.split())
    return Item(
        title=content if len(content) <= 160 else content[:159] + "…",
        program=None,
        period=None,
        unit=directive.lead.code,
        unit_name=directive.lead.name,
        deadline=directive.deadline,
        state=directive.status,
        state_label=str(Status(directive.status).label),
        url=reverse("meetings:directive", args=[directive.pk]),
    )


def _lagging(lagging: LaggingTarget) -> Item:
    target = lagging.row.target
    return Item(
        title=f"{target.code} {target.name}",
        program=lagging.program.key,
        period=lagging.period_code,
        unit=lagging.program.unit.code,
        unit_name=lagging.program.unit.name,
        deadline=lagging.reporting_period.deadline,
        state=lagging.row.shown_status,
        state_label=lagging.state_label,
        url=lagging.url,
    )
