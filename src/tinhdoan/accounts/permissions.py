"""Who may see and change which unit. Pages, the API and commands all ask here.

A user works for units through memberships:
- officer: edits their own units, reads their subtrees;
- approver: as officer, and approves the units directly below;
- department liaison: reads their own department (and what is assigned to it);
- office (văn phòng) of a body: reads it and what is below it; records the working sessions its
  leaders chair and issues their conclusion notices (`tinhdoan.meetings.access`);
- leadership reader and administrator: read everything.
"""

from functools import reduce
from operator import or_

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from tinhdoan.org.models import Unit, path_prefix_q
from tinhdoan.org.selectors import unit_named

from .models import Membership, Role

READ_ALL_ROLES = {Role.LEADERSHIP, Role.ADMIN}
WRITE_ROLES = {Role.OFFICER, Role.APPROVER, Role.ADMIN}


class Scope:
    """The units one user may reach, computed once per request."""

    def __init__(self, memberships: list[Membership], *, superuser: bool = False):
        self.memberships = memberships
        self.reads_all = superuser or any(m.role in READ_ALL_ROLES for m in memberships)
        self.is_admin = superuser or any(m.role == Role.ADMIN for m in memberships)
        self.read_paths = sorted({m.unit.path for m in memberships})
        self.write_unit_ids = {m.unit_id for m in memberships if m.role in WRITE_ROLES}
        self.approve_parent_ids = {m.unit_id for m in memberships if m.role == Role.APPROVER}
        self.department_ids = {m.unit_id for m in memberships if m.role == Role.DEPARTMENT}
        # A member of the union's own units, not only a department's liaison.
        self.union_member = self.reads_all or any(m.role != Role.DEPARTMENT for m in memberships)

    @property
    def read_key(self) -> tuple[str, ...]:
        """What the user may read, as part of the key of what is kept per reader."""
        return ("all",) if self.reads_all else tuple(self.read_paths)

    def can_read(self, unit: Unit) -> bool:
        return self.reads_all or any(unit.path.startswith(p) for p in self.read_paths)

    def can_write(self, unit: Unit) -> bool:
        return self.is_admin or unit.pk in self.write_unit_ids

    def can_approve(self, unit: Unit) -> bool:
        return self.is_admin or unit.parent_id in self.approve_parent_ids

    def unit_filter(self) -> Q:
        if self.reads_all:
            return Q()
        if not self.read_paths:
            return Q(pk__in=[])
        return reduce(or_, (path_prefix_q(p) for p in self.read_paths))


EMPTY_SCOPE = Scope([])


def scope_for(user: AbstractBaseUser | AnonymousUser | None) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_tinhdoan_scope", None)
    if cached is None:
        memberships = list(Membership.objects.filter(user=user).select_related("unit"))
        cached = Scope(memberships, superuser=user.is_superuser)
        user._tinhdoan_scope = cached
    return cached


def readable_units(user) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_for(user).unit_filter())


def unit_get_for_user(*, user, code: str, write: bool = False) -> Unit:
    """The unit with this code if the user may read it (or write it); otherwise 404.

    A unit outside the user's scope answers exactly like a unit that does not
    exist, so its existence does not leak.
    """
    scope = scope_for(user)
    unit = unit_named(code)
    allowed = scope.can_write(unit) if write else scope.can_read(unit)
    if not allowed:
        raise Http404
    return unit


def top_readable_units(user) -> QuerySet[Unit]:
    """The highest units a user may read: the roots for readers of all, else their own units."""
    scope = scope_for(user)
    if scope.reads_all:
        return Unit.objects.filter(parent__isnull=True)
    paths = scope.read_paths
    tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    return Unit.objects.filter(path__in=tops)
