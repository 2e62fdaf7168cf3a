"""`/api/v1/programs/{unit}/{year}`, and what the program's API routers share: the problem
schema every refusal answers with, and the program named by its key (`TDLS:2017`).

The values and reports of a program are `tinhdoan.reporting.api` (completeness, report
steps) and `tinhdoan.rollup.value_api` (values: a write rolls them up).
"""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.lib.http_errors import ERRORS
from tinhdoan.revisions.kept import kept_under
from tinhdoan.revisions.tokens import request_revision_tokens
from tinhdoan.revisions.triggers import STRUCTURE

from . import selectors
from .models import Direction, ItemStatus, Program

router = Router(tags=["programs"])


class TargetOut(Schema):
    code: str
    name: str
    measure: str
    rollup: str
    direction: Direction
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
    status: ItemStatus


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


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def program_by_key(request, key: str) -> Program:
    """The program a request names by its key, when the caller may see it: 404 otherwise,
    422 for a key that names no program. The program comes from what this process keeps
    under the structure revision the request read (`tinhdoan.revisions.kept`)."""
    unit_code, year = selectors.parse_program_key(key)
    (structure,) = request_revision_tokens(request, STRUCTURE)
    program = kept_under(
        ("program", unit_code, year), structure, lambda: selectors.program_named(unit_code, year)
    )
    if not selectors.program_visible(scope_for(request.user), program):
        raise Http404
    return program


@router.get(
    "/programs/{unit}/{year}",
    response={200: ProgramOut, **ERRORS},
    summary="Xem chương trình công tác năm",
)
def get_program(request, unit: str, year: int):
    """Chương trình công tác năm với nhiệm vụ trọng tâm, nội dung đột phá, chỉ tiêu và các kỳ
    báo cáo."""
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
