"""Reads of programs and exemplars, and the permission-checked getters."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tinhdoan.accounts.models import Role
from tinhdoan.accounts.permissions import scope_for
from tinhdoan.org.models import Unit

from .models import (
    CoordinationProgram,
    Exemplar,
    ExemplarStatus,
    ItemEvaluation,
    ProgramEvaluation,
    ProgramItem,
    Replication,
)

REVIEW_NOTICE_DAYS = 90


def program_visibility(user) -> Q:
    """Programs of a union unit the user reads, or signed with the user's department.

    `user=None` is the command line run by the system's operator: it reads all.
    """
    if user is None:
        return Q()
    scope = scope_for(user)
    if scope.reads_all:
        return Q()
    units = Unit.objects.filter(scope.unit_filter())
    return Q(union_unit__in=units) | Q(departments__in=list(scope.department_ids))


def programs_for_user(*, user) -> QuerySet[CoordinationProgram]:
    ids = CoordinationProgram.objects.filter(program_visibility(user)).values("pk")
    return (
        CoordinationProgram.objects.filter(pk__in=ids)
        .select_related("union_unit")
        .prefetch_related(
            "departments",
            Prefetch("evaluations", queryset=ProgramEvaluation.objects.order_by("year")),
        )
    )


def may_edit_program(user, program: CoordinationProgram) -> bool:
    return scope_for(user).can_write(program.union_unit)


def program_get_for_user(*, user, pk: int, write: bool = False) -> CoordinationProgram:
    program = programs_for_user(user=user).filter(pk=pk).first()
    if program is None or (write and not may_edit_program(user, program)):
        raise Http404
    return program


def program_items(program: CoordinationProgram) -> list[ProgramItem]:
    return list(program.items.select_related("party"))


def program_evaluations(program: CoordinationProgram) -> list[ProgramEvaluation]:
    return list(
        program.evaluations.select_related("directive").prefetch_related(
            Prefetch("results", queryset=ItemEvaluation.objects.select_related("item"))
        )
    )


@dataclass
class DueProgram:
    program: CoordinationProgram
    year: int
    reason: str


def review_due(program: CoordinationProgram, *, today: datetime.date) -> DueProgram | None:
    """Due when the last full year it covered has no evaluation, or it ends within 90 days."""
    evaluated = {evaluation.year for evaluation in program.evaluations.all()}
    last_year = today.year - 1
    if program.valid_from <= today and program.covers_year(last_year):
        if last_year not in evaluated and program.signed_on.year <= last_year:
            return DueProgram(
                program, last_year, _("No evaluation of %(year)s yet.") % {"year": last_year}
            )
    if program.valid_to is not None and today <= program.valid_to:
        if (program.valid_to - today).days <= REVIEW_NOTICE_DAYS and today.year not in evaluated:
            return DueProgram(
                program,
                today.year,
                _("Ends on %(date)s: evaluate it and plan what follows.")
                % {"date": program.valid_to.strftime("%d/%m/%Y")},
            )
    return None


def programs_due_for_review(*, user, today: datetime.date) -> list[DueProgram]:
    due = [review_due(program, today=today) for program in programs_for_user(user=user)]
    return [item for item in due if item is not None]


def exemplar_visibility(user) -> Q:
    """Nominations within the user's units; once commended, an exemplar is shown to every
    member of the union, so that other units can take the model up. A department's liaison
    sees what is assigned to the department, not the union's models. `user=None`: all."""
    if user is None:
        return Q()
    scope = scope_for(user)
    if scope.reads_all:
        return Q()
    if not scope.memberships:
        return Q(pk__in=[])
    own = Q(unit__in=Unit.objects.filter(scope.unit_filter()))
    return own | Q(status=ExemplarStatus.COMMENDED) if scope.union_member else own


def exemplars_for_user(
    *,
    user,
    field: str = "",
    year: int | None = None,
    under: Unit | None = None,
) -> QuerySet[Exemplar]:
    qs = Exemplar.objects.filter(exemplar_visibility(user))
    if field:
        qs = qs.filter(field=field)
    if year:
        qs = qs.filter(year=year)
    if under is not None:
        qs = qs.filter(unit__in=Unit.objects.under(under))
    return (
        qs.select_related("unit")
        .annotate(replication_count=Count("replications"))
        .order_by("-year", "field", "name", "id")
    )


def exemplar_get_for_user(*, user, pk: int) -> Exemplar:
    exemplar = (
        Exemplar.objects.filter(exemplar_visibility(user), pk=pk).select_related("unit").first()
    )
    if exemplar is None:
        raise Http404
    return exemplar


def exemplar_replications(exemplar: Exemplar) -> list[Replication]:
    return list(exemplar.replications.select_related("unit"))


def may_nominate(user, unit: Unit) -> bool:
    scope = scope_for(user)
    return scope.can_write(unit) or scope.can_approve(unit)


def may_commend(user, unit: Unit) -> bool:
    """Administrators, and approvers of a unit above this one."""
    scope = scope_for(user)
    if scope.is_admin:
        return True
    return any(
        m.role == Role.APPROVER and unit.path.startswith(m.unit.path) and m.unit_id != unit.pk
        for m in scope.memberships
    )
