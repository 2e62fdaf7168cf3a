"""`/api/v1/values` (read and batch write), `/api/v1/completeness`, `/api/v1/programs`."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.org.api import MAX_OFFSET
from tinhdoan.org.models import Unit
from tinhdoan.reporting.models import DataValue

from . import selectors
from .entry import CellInput, values_write
from .errors import ProgramsError
from .models import Program
from .workflow import STEPS, report_act

router = Router(tags=["programs"])


class FieldProblemOut(Schema):
    """A request that does not fit the schema: where (`loc`) and what (`msg`)."""

    type: str
    loc: list[str | int]
    msg: str


class ProblemOut(Schema):
    detail: str
    errors: list[str | FieldProblemOut] = []


class ValueOut(Schema):
    unit: str
    target: str
    period: str
    value: float | None
    comment: str
    version: int
    author: str | None
    updated_at: datetime.datetime


class ValueList(Schema):
    items: list[ValueOut]
    count: int


class ValueIn(Schema):
    unit: str
    target: str
    period: str
    value: int | float | str | None
    comment: str = ""
    version: int


class ValuesPut(Schema):
    program: str
    reason: str = ""
    items: list[ValueIn]


class ValuesPutOut(Schema):
    items: list[ValueOut]
    count: int
    created: int
    updated: int
    unchanged: int
    warnings: list[str]


class CompletenessRowOut(Schema):
    unit: str
    name: str
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    on_time: bool | None
    overdue: bool
    values: int


class CompletenessOut(Schema):
    program: str
    period: str
    deadline: datetime.date
    summary: dict[str, int]
    items: list[CompletenessRowOut]
    count: int


class ReportActionIn(Schema):
    program: str
    period: str
    unit: str
    action: str
    reason: str = ""


class ReportOut(Schema):
    unit: str
    period: str
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    return_reason: str


class TargetOut(Schema):
    code: str
    name: str
    measure: str
    rollup: str
    direction: str
    plan: float | None
    min_value: float | None
    max_value: float | None
    integer_only: bool
    ratio_numerator: str | None
    ratio_denominator: str | None
    count_source: str | None
    count_comparison: str
    count_threshold: float | None


class ItemOut(Schema):
    position: int
    name: str
    status: str


class PeriodOut(Schema):
    code: str
    deadline: datetime.date
    is_open: bool


class ProgramOut(Schema):
    key: str
    unit: str
    year: int
    title: str
    adopted_on: datetime.date | None
    source_document: str
    focal_tasks: list[ItemOut]
    breakthroughs: list[ItemOut]
    targets: list[TargetOut]
    periods: list[PeriodOut]


ERRORS = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    422: ProblemOut,
}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _refuse(exc: ProgramsError):
    detail = (
        exc.messages[0]
        if len(exc.messages) == 1
        else _("%(count)s problems; nothing was written.") % {"count": len(exc.messages)}
    )
    return Status(exc.status, {"detail": detail, "errors": exc.messages})


def _program(request, key: str) -> Program:
    try:
        return selectors.program_get_by_key(user=request.user, key=key)
    except ProgramsError as exc:
        raise HttpError(422, str(exc)) from None


def _value_out(v: DataValue) -> dict:
    return {
        "unit": v.unit.code,
        "target": v.target.code,
        "period": v.period.code,
        "value": _number(v.value),
        "comment": v.comment,
        "version": v.version,
        "author": v.author.username if v.author_id else None,
        "updated_at": v.updated_at,
    }


@router.get("/values", response={200: ValueList, **ERRORS})
def list_values(
    request,
    program: str,
    period: str | None = None,
    unit: str | None = None,
    target: str | None = None,
    limit: int = 1000,
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Values of a program (`TDLS:2017`) the caller may read, by period, unit and target code."""
    found = _program(request, program)
    values = (
        DataValue.objects.filter(target__program=found)
        .filter(unit__in=Unit.objects.filter(scope_for(request.user).unit_filter()))
        .select_related("unit", "target", "period", "author")
        .order_by("unit__path", "target__position", "period__start", "-period__end")
    )
    if period:
        values = values.filter(period__code=period.strip().upper())
    if unit:
        values = values.filter(
            unit=selectors.reporting_unit_get_for_user(user=request.user, program=found, code=unit)
        )
    if target:
        values = values.filter(target__code=target.strip().upper())
    limit = max(1, min(limit, 10000))
    page = list(values[offset : offset + limit])
    return {"items": [_value_out(v) for v in page], "count": values.count()}


@router.put("/values", response={200: ValuesPutOut, **ERRORS})
def put_values(request, payload: ValuesPut):
    """Write many values at once, all or nothing. Each item carries the `version` it was read
    at (0 for a new cell); a stale one is refused with 409. Numbers may be JSON numbers or
    text typed the Vietnamese way ("1.234,5")."""
    found = _program(request, payload.program)
    cells = [
        CellInput(
            unit=item.unit,
            target=item.target,
            period=item.period,
            value=item.value,
            comment=item.comment,
            version=item.version,
        )
        for item in payload.items
    ]
    try:
        result = values_write(
            user=request.user, program=found, cells=cells, source="api", reason=payload.reason
        )
    except ProgramsError as exc:
        return _refuse(exc)
    keys = {(c.unit.pk, c.target.pk, c.period_code) for c in result.cells}
    written = (
        DataValue.objects.filter(
            target__program=found,
            unit_id__in={k[0] for k in keys},
            target_id__in={k[1] for k in keys},
            period__code__in={k[2] for k in keys},
        )
        .select_related("unit", "target", "period", "author")
        .order_by("unit__path", "target__position", "period__start")
    )
    items = [_value_out(v) for v in written if (v.unit_id, v.target_id, v.period.code) in keys]
    return {
        "items": items,
        "count": len(items),
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "warnings": result.warnings,
    }


@router.get("/completeness", response={200: CompletenessOut, **ERRORS})
def get_completeness(request, program: str, period: str, under: str | None = None):
    """Which units of the subtree submitted the period's report, on time or late, approved, missing."""
    found = _program(request, program)
    reporting = selectors.reporting_period_get(program=found, code=period)
    under_unit = (
        selectors.reporting_unit_get_for_user(user=request.user, program=found, code=under)
        if under
        else None
    )
    result = selectors.completeness(
        user=request.user, program=found, reporting_period=reporting, under=under_unit
    )
    return {
        "program": found.key,
        "period": reporting.period.code,
        "deadline": reporting.deadline,
        "summary": result.summary(),
        "items": [
            {
                "unit": row.unit.code,
                "name": row.unit.name,
                "status": row.status,
                "status_label": row.status_label,
                "submitted_at": row.submitted_at,
                "on_time": row.on_time,
                "overdue": row.overdue,
                "values": row.values_count,
            }
            for row in result.rows
        ],
        "count": len(result.rows),
    }


@router.post("/reports", response={200: ReportOut, **ERRORS})
def act_on_report(request, payload: ReportActionIn):
    """Take a step on a unit's report: submit, return (with reason), approve, lock, reopen (with reason)."""
    found = _program(request, payload.program)
    reporting = selectors.reporting_period_get(program=found, code=payload.period)
    unit = selectors.reporting_unit_get_for_user(
        user=request.user, program=found, code=payload.unit
    )
    if payload.action not in STEPS:
        raise HttpError(422, _("Unknown action."))
    try:
        submission = report_act(
            user=request.user,
            reporting_period=reporting,
            unit=unit,
            action=payload.action,
            reason=payload.reason,
        )
    except ProgramsError as exc:
        return _refuse(exc)
    return {
        "unit": unit.code,
        "period": reporting.period.code,
        "status": submission.status,
        "status_label": str(submission.get_status_display()),
        "submitted_at": submission.submitted_at,
        "return_reason": submission.return_reason,
    }


@router.get("/programs/{unit}/{year}", response={200: ProgramOut, **ERRORS})
def get_program(request, unit: str, year: int):
    """A program with its focal tasks, breakthroughs, targets and reporting periods."""
    program = selectors.program_get_for_user(user=request.user, unit_code=unit, year=year)
    targets = list(program.targets.all())
    codes = {t.pk: t.code for t in targets}
    return {
        "key": program.key,
        "unit": program.unit.code,
        "year": program.year,
        "title": program.title,
        "adopted_on": program.adopted_on,
        "source_document": program.source_document,
        "focal_tasks": [
            {"position": i.position, "name": i.name, "status": i.status}
            for i in program.focal_tasks.all()
        ],
        "breakthroughs": [
            {"position": i.position, "name": i.name, "status": i.status}
            for i in program.breakthroughs.all()
        ],
        "targets": [
            {
                "code": t.code,
                "name": t.name,
                "measure": t.measure,
                "rollup": t.rollup,
                "direction": t.direction,
                "plan": _number(t.plan_value),
                "min_value": _number(t.min_value),
                "max_value": _number(t.max_value),
                "integer_only": t.integer_only,
                "ratio_numerator": codes.get(t.ratio_numerator_id),
                "ratio_denominator": codes.get(t.ratio_denominator_id),
                "count_source": codes.get(t.count_source_id),
                "count_comparison": t.count_comparison,
                "count_threshold": _number(t.count_threshold),
            }
            for t in targets
        ],
        "periods": [
            {"code": rp.period.code, "deadline": rp.deadline, "is_open": rp.is_open}
            for rp in program.reporting_periods.select_related("period")
        ],
    }
