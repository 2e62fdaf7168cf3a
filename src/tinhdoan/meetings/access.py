"""Who may see and act on sessions, directives and recommendations.

Built on `tinhdoan.accounts.permissions.scope_for`:
- the issuer's side (leadership or the standing committee of the issuing body, or a
  body above it; the office of the issuing body itself, which records the sessions its
  leaders chair and issues their conclusion notices) creates, edits, closes and decides on
  deadline changes;
- the assignee's side (officers of the lead or a coordinating unit, its department
  liaison) reports progress; the lead unit asks for deadline changes;
- a department liaison sees only the directives where their department is lead or
  coordinator; readers of everything (leadership, admin) see all; officers see the
  directives assigned to or issued by units in their subtree; nobody else sees any.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from tinhdoan.accounts.models import Role
from tinhdoan.accounts.permissions import scope_for
from tinhdoan.org.models import Unit, path_prefix_q

from .models import Directive

ISSUER_ROLES = {Role.LEADERSHIP, Role.APPROVER}  # for their body and the bodies below it
OFFICE_ROLES = {Role.OFFICE}  # for their own body only: a department has its own office
ASSIGNEE_ROLES = {Role.OFFICER, Role.APPROVER, Role.DEPARTMENT}


def _under_any(paths: list[str], field: str) -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (path_prefix_q(p, field=f"{field}__path") for p in paths))


def _coordinated_by(paths: list[str]) -> Q:
    through = Directive.coordinators.through
    if not paths:
        return Q(pk__in=[])
    rows = through.objects.filter(
        reduce(or_, (path_prefix_q(p, field="unit__path") for p in paths))
    ).values("directive_id")
    return Q(pk__in=rows)


def directive_visibility(user) -> Q:
    """A Q on Directive: the directives this user may see."""
    scope = scope_for(user)
    if scope.reads_all:
        return Q()
    union_paths = sorted({m.unit.path for m in scope.memberships if m.role != Role.DEPARTMENT})
    department_paths = sorted({m.unit.path for m in scope.memberships if m.role == Role.DEPARTMENT})
    assigned_paths = union_paths + department_paths
    if not assigned_paths:
        return Q(pk__in=[])
    return (
        _under_any(assigned_paths, "lead")
        | _coordinated_by(assigned_paths)
        | _under_any(union_paths, "issuer")
    )


def recommendation_visibility(user) -> Q:
    scope = scope_for(user)
    if scope.reads_all:
        return Q()
    paths = sorted({m.unit.path for m in scope.memberships})
    return _under_any(paths, "raised_by") | _under_any(paths, "addressee")


def session_visibility(user) -> Q:
    """Sessions hosted, chaired or attended by units in reach, or holding a visible directive."""
    scope = scope_for(user)
    if scope.reads_all:
        return Q()
    union_paths = sorted({m.unit.path for m in scope.memberships if m.role != Role.DEPARTMENT})
    visible_directives = Directive.objects.filter(directive_visibility(user)).values("session_id")
    return (
        _under_any(union_paths, "host_unit")
        | _under_any(union_paths, "issuer")
        | Q(pk__in=visible_directives)
    )


def _issues_for(membership, unit: Unit) -> bool:
    if membership.role in OFFICE_ROLES:
        return membership.unit_id == unit.pk
    return membership.role in ISSUER_ROLES and unit.path.startswith(membership.unit.path)


def can_issue(user, unit: Unit) -> bool:
    """Leadership or the standing committee of this body or of a body above it; the office of
    this body; admins."""
    scope = scope_for(user)
    if scope.is_admin:
        return True
    return any(_issues_for(m, unit) for m in scope.memberships)


def can_read_notice(user, session) -> bool:
    """The conclusion notice names every directive of the session: for the issuing body, the
    readers of the host unit and the departments that took part, not for whoever only sees
    one directive of it."""
    scope = scope_for(user)
    if can_issue(user, session.issuer) or scope.can_read(session.host_unit):
        return True
    participants = {u.pk for u in session.participant_units.all()}
    return bool(scope.department_ids & participants)


def can_record_sessions(user) -> bool:
    scope = scope_for(user)
    roles = ISSUER_ROLES | OFFICE_ROLES
    return scope.is_admin or any(m.role in roles for m in scope.memberships)


def issuing_units(user):
    """The bodies on whose behalf this user may issue directives and record sessions."""
    scope = scope_for(user)
    if scope.is_admin:
        return Unit.objects.all()
    paths = [m.unit.path for m in scope.memberships if m.role in ISSUER_ROLES]
    offices = [m.unit_id for m in scope.memberships if m.role in OFFICE_ROLES]
    return Unit.objects.filter(reduce(or_, (path_prefix_q(p) for p in paths), Q(pk__in=offices)))


def assignee_units(user, directive) -> list[Unit]:
    """The lead or coordinating units of the directive this user may report for."""
    scope = scope_for(user)
    units = [directive.lead, *directive.coordinators.all()]
    if scope.is_admin:
        return units
    mine = {m.unit_id for m in scope.memberships if m.role in ASSIGNEE_ROLES}
    return [unit for unit in units if unit.pk in mine]


def can_report(user, directive) -> bool:
    return bool(assignee_units(user, directive))


def can_request_adjustment(user, directive) -> bool:
    return directive.lead in assignee_units(user, directive)


def can_answer(user, recommendation) -> bool:
    return can_issue(user, recommendation.addressee)
