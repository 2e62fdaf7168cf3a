"""What a user has to do about results ("Việc cần làm"): explanations to give or awaited,
and, for leaders, the targets of the year that lag."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from tinhdoan.accounts.permissions import WRITE_ROLES, scope_for
from tinhdoan.programs.models import Program, ReportingPeriod

from .evaluation import Forecast, Status, TargetResult
from .models import ExplanationRequest, ExplanationStatus
from .selectors import ResultsKey, unit_results

STATUS_LABELS = {**dict(Status.choices), **dict(Forecast.choices)}


def explanations_open_for_user(user) -> list[ExplanationRequest]:
    """Open explanation requests: those the user's units must answer, and those the user
    asked for and still awaits (one query)."""
    if not user.is_authenticated:
        return []
    own = [m.unit_id for m in scope_for(user).memberships if m.role in WRITE_ROLES]
    return list(
        ExplanationRequest.objects.filter(status=ExplanationStatus.OPEN)
        .filter(Q(unit_id__in=own) | Q(requested_by=user))
        .select_related("unit", "target", "period")
        .order_by("requested_at", "id")
    )


@dataclass
class LaggingTarget:
    program: Program
    reporting_period: ReportingPeriod
    row: TargetResult

    @property
    def state_label(self) -> str:
        return str(STATUS_LABELS[self.row.shown_status])

    @property
    def url(self) -> str:
        query = urlencode({"unit": self.program.unit.code, "period": self.period_code})
        return f"{reverse('rollup:dashboard')}?{query}"

    @property
    def period_code(self) -> str:
        return self.reporting_period.period.code


def lagging_targets_for_user(user, *, today: datetime.date | None = None) -> list[LaggingTarget]:
    """For readers of everything (leaders): the targets of this year's programs of the
    top units that are not met, at risk or off track for the year."""
    today = today or timezone.localdate()
    if not scope_for(user).reads_all:
        return []
    periods = (
        ReportingPeriod.objects.filter(
            program__year=today.year, program__unit__parent__isnull=True, period__kind="year"
        )
        .select_related("program__unit", "period")
        .order_by("program__unit__path")
    )
    lagging = []
    for rp in periods:
        key = ResultsKey(unit=rp.program.unit, program=rp.program, reporting_period=rp)
        results = unit_results(key=key, day=today, with_sub_units=False)
        lagging += [LaggingTarget(rp.program, rp, row) for row in results.rows if row.is_lagging]
    return lagging
