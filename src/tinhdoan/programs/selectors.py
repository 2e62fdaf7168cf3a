"""Reads of programs, their targets and reporting periods, always through the user's scope."""

from django.http import Http404
from django.utils.translation import gettext as _

from tinhdoan.accounts.permissions import Scope, scope_for
from tinhdoan.org.models import Unit

from .errors import ProgramsError
from .models import Program, ReportingPeriod, Target


def parse_program_key(key: str) -> tuple[str, int]:
    """`TDLS:2017` → ("TDLS", 2017); raises ProgramsError."""
    unit_code, _sep, year = key.strip().rpartition(":")
    if not unit_code or not year.isdigit():
        raise ProgramsError(
            _("“%(key)s” does not name a program; write UNIT:YEAR, e.g. TDLS:2017.") % {"key": key}
        )
    return unit_code, int(year)


def program_visible(scope: Scope, program: Program) -> bool:
    """A program is seen by readers of its unit and by the units working under it."""
    path = program.unit.path
    return scope.can_read(program.unit) or any(p.startswith(path) for p in scope.read_paths)


def program_named(unit_code: str, year: int) -> Program:
    """The program of this unit and year, its unit read with it; 404 when there is none.
    No scope check: callers check what the user may see."""
    try:
        return Program.objects.select_related("unit").get(unit__code=unit_code, year=year)
    except Program.DoesNotExist:
        raise Http404 from None


def program_get_for_user(*, user, unit_code: str, year: int) -> Program:
    program = program_named(unit_code, year)
    if not program_visible(scope_for(user), program):
        raise Http404
    return program


def programs_for_user(user) -> list[Program]:
    scope = scope_for(user)
    programs = Program.objects.select_related("unit").order_by("-year", "unit__depth", "unit__sort_key")
    return [p for p in programs if program_visible(scope, p)]


def reporting_period_get(*, program: Program, code: str) -> ReportingPeriod:
    try:
        return ReportingPeriod.objects.select_related("period", "program__unit").get(
            program=program, period__code=code.strip().upper()
        )
    except ReportingPeriod.DoesNotExist:
        raise Http404 from None


def reporting_unit_get_for_user(*, user, program: Program, code: str, write: bool = False) -> Unit:
    """A unit of the program's subtree the user may read (or write); 404 otherwise."""
    scope = scope_for(user)
    try:
        unit = Unit.objects.select_related("parent").get(code=code)
    except Unit.DoesNotExist:
        raise Http404 from None
    if not unit.path.startswith(program.unit.path):
        raise Http404
    if not (scope.can_write(unit) if write else scope.can_read(unit)):
        raise Http404
    return unit


def target_get(*, program: Program, code: str) -> Target:
    """The program's target with this code; 404 otherwise."""
    target = program.targets.filter(code=code).first()
    if target is None:
        raise Http404
    return target
