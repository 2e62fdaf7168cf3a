"""Reads of values, their history, the units' reports and completeness, through the user's scope."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.org.models import Unit, UnitKind, path_prefix_q
from tinhdoan.programs.models import Allocation, Program, ReportingPeriod, Target

from .models import DataValue, Submission, SubmissionEvent, SubmissionStatus, ValueChange


def program_reporting_units(
    *, program: Program, period_start: datetime.date, period_end: datetime.date
) -> QuerySet[Unit]:
    """The sub-units expected to report: those with an allocated plan, existing in the period.

    A program without allocations expects every Youth Union unit directly below its unit.
    """
    units = Unit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=period_end),
        Q(valid_to__isnull=True) | Q(valid_to__gte=period_start),
    ).exclude(pk=program.unit_id)
    if Allocation.objects.filter(target__program=program).exists():
        return units.filter(allocations__target__program=program).distinct()
    return units.filter(parent=program.unit, kind__in=REPORTING_KINDS)


# Without allocations, the Youth Union units directly below the program's unit report.
REPORTING_KINDS = [k for k in UnitKind.values if k not in {"association", "department"}]


def for_expected_reports(periods: QuerySet[ReportingPeriod]) -> QuerySet[ReportingPeriod]:
    """Reporting periods as `reports_expected_of` reads them: with their program, its unit
    and the period, and `allocated`, whether the program allocates plans at all."""
    return periods.select_related("program__unit", "period").annotate(
        allocated=Exists(Allocation.objects.filter(target__program=OuterRef("program_id")))
    )


def reports_expected_of(
    *, units: list[Unit], reporting_periods: list[ReportingPeriod]
) -> list[tuple[ReportingPeriod, Unit]]:
    """Which of these units owe a report for which of these periods, by the rule of
    `program_reporting_units` (one query), for reporting periods read through
    `for_expected_reports`."""
    programs = {rp.program_id for rp in reporting_periods}
    allocated = set(
        Allocation.objects.filter(target__program_id__in=programs, unit__in=units)
        .order_by()
        .values_list("target__program_id", "unit_id")
        .distinct()
    )
    expected = []
    for rp in reporting_periods:
        program, period = rp.program, rp.period
        for unit in units:
            if unit.pk == program.unit_id or not unit.path.startswith(program.unit.path):
                continue
            if (unit.valid_from is not None and unit.valid_from > period.end) or (
                unit.valid_to is not None and unit.valid_to < period.start
            ):
                continue  # the unit did not exist in the period
            if rp.allocated:
                owes = (program.pk, unit.pk) in allocated
            else:
                owes = unit.parent_id == program.unit_id and unit.kind in REPORTING_KINDS
            if owes:
                expected.append((rp, unit))
    return expected


@dataclass
class GridRow:
    target: Target
    plan: object
    value: DataValue | None
    error: str = ""
    warning: str = ""
    text: str | None = None  # the text typed, kept when refused
    comment_text: str | None = None
    conflict: bool = False  # refused as stale: the saved value is shown beside the typed one
    previous: object = None  # the unit's value for the period before, of the same kind


def grid_rows(*, program: Program, unit: Unit, reporting_period: ReportingPeriod) -> list[GridRow]:
    """Targets of the program with the unit's plan and value for the period (three queries)."""
    targets = list(program.targets.all())
    if unit.pk == program.unit_id:
        plans = {t.pk: t.plan_value for t in targets}
    else:
        plans = dict(
            Allocation.objects.filter(target__program=program, unit=unit).values_list(
                "target_id", "plan_value"
            )
        )
    values = {
        v.target_id: v
        for v in DataValue.objects.filter(
            target__program=program, unit=unit, period_id=reporting_period.period_id
        ).select_related("author")
    }
    previous = _previous_values(program, unit, reporting_period)
    return [
        GridRow(t, plans.get(t.pk), values.get(t.pk), previous=previous.get(t.code))
        for t in targets
    ]


def _previous_values(program: Program, unit: Unit, reporting_period: ReportingPeriod) -> dict:
    """The unit's latest value of each target code in an earlier period of the same kind
    (last quarter for a quarter, last year for a year), across the unit's programs."""
    period = reporting_period.period
    latest: dict[str, object] = {}
    for code, value in (
        DataValue.objects.filled()
        .filter(
            unit=unit,
            target__program__unit_id=program.unit_id,
            period__kind=period.kind,
            period__start__lt=period.start,
        )
        .order_by("period__start")
        .values_list("target__code", "value")
    ):
        latest[code] = value
    return latest


def submission_for(*, reporting_period: ReportingPeriod, unit: Unit) -> Submission:
    """The unit's report for the period; an unsaved draft when none exists yet."""
    submission = (
        Submission.objects.filter(reporting_period=reporting_period, unit=unit)
        .select_related("submitted_by", "decided_by")
        .first()
    )
    return submission or Submission(reporting_period=reporting_period, unit=unit)


@dataclass
class HistoryEntry:
    at: datetime.datetime
    who: str
    kind: str  # "value" or a workflow action
    old_value: object = None
    new_value: object = None
    comment: str = ""
    reason: str = ""
    version: int | None = None
    source: str = ""


def cell_history(
    *, unit: Unit, target: Target, reporting_period: ReportingPeriod
) -> list[HistoryEntry]:
    """Every change of one cell, with the report steps (submitted, approved, locked, reopened…)."""
    entries = [
        HistoryEntry(
            at=c.changed_at,
            who=c.author.get_full_name() or c.author.username if c.author else _("system"),
            kind="value",
            old_value=c.old_value,
            new_value=c.new_value,
            comment=c.new_comment if c.new_comment != c.old_comment else "",
            reason=c.reason,
            version=c.version,
            source=c.source,
        )
        for c in ValueChange.objects.filter(
            unit=unit, target=target, period_id=reporting_period.period_id
        ).select_related("author")
    ]
    entries += [
        HistoryEntry(
            at=e.at,
            who=e.actor.get_full_name() or e.actor.username if e.actor else _("system"),
            kind=e.action,
            reason=e.reason,
        )
        for e in SubmissionEvent.objects.filter(
            submission__reporting_period=reporting_period, submission__unit=unit
        ).select_related("actor")
    ]
    return sorted(entries, key=lambda e: e.at, reverse=True)


@dataclass
class CompletenessRow:
    unit: Unit
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    on_time: bool | None
    values_count: int
    overdue: bool


@dataclass
class Completeness:
    """The units that must report, each in exactly one bucket of its report's state (not
    submitted, awaiting approval, returned, approved or locked), and separately how the
    first submission kept the deadline (on time, late) or that none came by it (overdue)."""

    program: Program
    reporting_period: ReportingPeriod
    rows: list[CompletenessRow] = field(default_factory=list)

    def _count(self, predicate) -> int:
        return sum(1 for row in self.rows if predicate(row))

    @property
    def must_report(self) -> int:
        return len(self.rows)

    @property
    def not_submitted(self) -> int:
        return self._count(lambda r: r.status == SubmissionStatus.DRAFT)

    @property
    def submitted(self) -> int:
        """Submitted and awaiting approval."""
        return self._count(lambda r: r.status == SubmissionStatus.SUBMITTED)

    @property
    def returned(self) -> int:
        return self._count(lambda r: r.status == SubmissionStatus.RETURNED)

    @property
    def approved(self) -> int:
        """Approved, locked ones included."""
        return self._count(
            lambda r: r.status in {SubmissionStatus.APPROVED, SubmissionStatus.LOCKED}
        )

    @property
    def on_time(self) -> int:
        return self._count(lambda r: r.on_time is True)

    @property
    def late(self) -> int:
        return self._count(lambda r: r.on_time is False)

    @property
    def overdue(self) -> int:
        return self._count(lambda r: r.overdue)

    SUMMARY = (
        "must_report",
        "not_submitted",
        "submitted",
        "returned",
        "approved",
        "on_time",
        "late",
        "overdue",
    )

    def summary(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.SUMMARY}


def completeness(
    *,
    user,
    program: Program,
    reporting_period: ReportingPeriod,
    under: Unit | None = None,
    today: datetime.date | None = None,
) -> Completeness:
    """Which expected units of the subtree submitted (on time or late), are approved or missing."""
    today = today or timezone.localdate()
    period = reporting_period.period
    scope = scope_for(user)
    units = program_reporting_units(
        program=program, period_start=period.start, period_end=period.end
    ).filter(scope.unit_filter())
    if under is not None:
        units = units.filter(path_prefix_q(under.path))
    units = list(units.order_by("depth", "sort_key", "code"))
    submissions = {
        s.unit_id: s
        for s in Submission.objects.filter(reporting_period=reporting_period, unit__in=units)
    }
    counts = dict(
        DataValue.objects.filled()
        .filter(target__program=program, period_id=period.pk, unit__in=units)
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    labels = dict(SubmissionStatus.choices)
    result = Completeness(program=program, reporting_period=reporting_period)
    for unit in units:
        submission = submissions.get(unit.pk)
        status = submission.status if submission else SubmissionStatus.DRAFT
        submitted_at = submission.first_submitted_at if submission else None
        on_time = submission.submitted_on_time(reporting_period.deadline) if submission else None
        result.rows.append(
            CompletenessRow(
                unit=unit,
                status=status,
                status_label=str(labels[status]),
                submitted_at=submitted_at,
                on_time=on_time,
                values_count=counts.get(unit.pk, 0),
                overdue=status == SubmissionStatus.DRAFT and today > reporting_period.deadline,
            )
        )
    return result


def values_matrix(
    *, program: Program, reporting_period: ReportingPeriod, units: list[Unit]
) -> tuple[list[Target], list[tuple[Unit, list]]]:
    """The values of a period, one row per unit and one column per target (two queries)."""
    targets = list(program.targets.all())
    cells = {
        (unit_id, target_id): value
        for unit_id, target_id, value in DataValue.objects.filled()
        .filter(target__program=program, period_id=reporting_period.period_id, unit__in=units)
        .values_list("unit_id", "target_id", "value")
    }
    return targets, [(unit, [cells.get((unit.pk, t.pk)) for t in targets]) for unit in units]


def grid_row(
    *, program: Program, unit: Unit, reporting_period: ReportingPeriod, target: Target
) -> GridRow:
    """One row of the grid, as the grid page shows it."""
    rows = grid_rows(program=program, unit=unit, reporting_period=reporting_period)
    return next(row for row in rows if row.target.pk == target.pk)


def values_for_user(
    *,
    user,
    program: Program,
    period_code: str | None = None,
    unit: Unit | None = None,
    target_code: str | None = None,
) -> QuerySet[DataValue]:
    """The values of a program the user may read, by period, unit and target code."""
    values = (
        DataValue.objects.filter(target__program=program)
        .filter(unit__in=Unit.objects.filter(scope_for(user).unit_filter()))
        .select_related("unit", "target", "period", "author")
        .order_by("unit__path", "target__position", "period__start", "-period__end")
    )
    if period_code:
        values = values.filter(period__code=period_code.strip().upper())
    if unit is not None:
        values = values.filter(unit=unit)
    if target_code:
        values = values.filter(target__code=target_code.strip().upper())
    return values
