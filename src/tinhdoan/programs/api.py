"""`/api/v1/programs/{unit}/{year}`, and what the program's API routers share: the problem
schema every refusal answers with, and the program named by its key (`TDLS:2017`).

The values and reports of a program are `tinhdoan.reporting.api` (completeness, report
steps) and `tinhdoan.rollup.value_api` (values: a write rolls them up).
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from . import selectors
from .errors import ProgramsError
from .models import Program

router = Router(tags=["programs"])


class FieldProblemOut(Schema):
    """A request that does not fit the schema: where (`loc`) and what (`msg`)."""

    type: str
    loc: list[str | int]
    msg: str


class ProblemOut(Schema):
    detail: str
    errors: list[str | FieldProblemOut] = []


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


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def refused(exc: ProgramsError):
    """The answer to a refused change: its status, one `detail` and every message."""
    detail = (
        exc.messages[0]
        if len(exc.messages) == 1
        else _("%(count)s problems; nothing was written.") % {"count": len(exc.messages)}
    )
    return Status(exc.status, {"detail": detail, "errors": exc.messages})


def program_by_key(request, key: str) -> Program:
    """The program a request names by its key, when the caller may see it: 404 otherwise,
    422 for a key that names no program."""
    try:
        return selectors.program_get_by_key(user=request.user, key=key)
    except ProgramsError as exc:
        raise HttpError(422, str(exc)) from None


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
                "plan": number(t.plan_value),
                "min_value": number(t.min_value),
                "max_value": number(t.max_value),
                "integer_only": t.integer_only,
                "ratio_numerator": codes.get(t.ratio_numerator_id),
                "ratio_denominator": codes.get(t.ratio_denominator_id),
                "count_source": codes.get(t.count_source_id),
                "count_comparison": t.count_comparison,
                "count_threshold": number(t.count_threshold),
            }
            for t in targets
        ],
        "periods": [
            {"code": rp.period.code, "deadline": rp.deadline, "is_open": rp.is_open}
            for rp in program.reporting_periods.select_related("period")
        ],
    }
