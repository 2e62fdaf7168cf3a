"""Writes to the organization tree. Every change of `Unit.path` happens here."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from tinhdoan.lib.errors import DomainError
from tinhdoan.lib.text_limits import text_fields_check

from .models import Lineage, LineageKind, Person, Position, TreeChange, Unit, UnitKind


class OrgError(DomainError):
    """A refused change; the message is for the user."""


def _check_inside_parent(
    *, parent: Unit | None, valid_from: datetime.date | None, valid_to: datetime.date | None
) -> None:
    if parent is None:
        return
    if parent.valid_from and (valid_from is None or valid_from < parent.valid_from):
        raise OrgError(
            _("The unit must not start before its parent unit (%(date)s).")
            % {"date": parent.valid_from.strftime("%d/%m/%Y")}
        )
    if parent.valid_to and (valid_to is None or valid_to > parent.valid_to):
        raise OrgError(
            _("The unit must not end after its parent unit (%(date)s).")
            % {"date": parent.valid_to.strftime("%d/%m/%Y")}
        )


def _record_changes(changes: list[tuple[int, str, str]]) -> None:
    """Journal (unit id, path before, path after) for the roll-up (`TreeChange`)."""
    TreeChange.objects.bulk_create(
        TreeChange(unit_id=pk, path_before=before, path_after=after)
        for pk, before, after in changes
    )


def _check_interval(valid_from: datetime.date | None, valid_to: datetime.date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise OrgError(_("The end date is before the start date."))


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> Unit:
    code = code.strip()
    if not code:
        raise OrgError(_("The unit code is empty."))
    if kind not in UnitKind.values:
        raise OrgError(_("Unknown unit kind: %(kind)s.") % {"kind": kind})
    if Unit.objects.filter(code=code).exists():
        raise OrgError(_("The unit code %(code)s is already in use.") % {"code": code})
    _check_interval(valid_from, valid_to)
    if parent is not None:
        parent = Unit.objects.select_for_update().get(pk=parent.pk)
    _check_inside_parent(parent=parent, valid_from=valid_from, valid_to=valid_to)
    unit = Unit(
        code=code,
        name=" ".join(name.split()),
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    unit.set_name_keys()
    text_fields_check(unit)
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    _record_changes([(unit.pk, "", unit.path)])
    return unit


@transaction.atomic
def unit_update(
    *,
    unit: Unit,
    name: str,
    kind: str,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None,
) -> Unit:
    if kind not in UnitKind.values:
        raise OrgError(_("Unknown unit kind: %(kind)s.") % {"kind": kind})
    _check_interval(valid_from, valid_to)
    _check_inside_parent(parent=unit.parent, valid_from=valid_from, valid_to=valid_to)
    for child in unit.children.all():
        if (valid_from and (child.valid_from is None or child.valid_from < valid_from)) or (
            valid_to and (child.valid_to is None or child.valid_to > valid_to)
        ):
            raise OrgError(
                _("The sub-unit %(code)s would be valid outside this unit.") % {"code": child.code}
            )
    validity_changed = (unit.valid_from, unit.valid_to) != (valid_from, valid_to)
    unit.name = " ".join(name.split())
    unit.kind = kind
    unit.valid_from = valid_from
    unit.valid_to = valid_to
    unit.set_name_keys()
    text_fields_check(unit)
    unit.save(
        update_fields=[
            "name",
            "kind",
            "valid_from",
            "valid_to",
            "folded_name",
            "match_name",
            "sort_key",
        ]
    )
    if validity_changed:
        _record_changes([(unit.pk, unit.path, unit.path)])
    return unit


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit | None) -> Unit:
    """Attach a unit (with its whole subtree) under another parent."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if new_parent is not None:
        new_parent = Unit.objects.select_for_update().get(pk=new_parent.pk)
        if new_parent.path.startswith(unit.path):
            raise OrgError(_("A unit cannot be moved under itself or its own sub-unit."))
    _check_inside_parent(parent=new_parent, valid_from=unit.valid_from, valid_to=unit.valid_to)
    old_path = unit.path
    new_path = f"{new_parent.path if new_parent else '/'}{unit.pk}/"
    depth_change = (new_parent.depth + 1 if new_parent else 0) - unit.depth
    Unit.objects.under(unit).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    _record_changes([(unit.pk, old_path, unit.path)])
    return unit


@transaction.atomic
def lineage_add(
    *, predecessor: Unit, successor: Unit, kind: str, on_date: datetime.date, note: str = ""
) -> Lineage:
    if kind not in LineageKind.values:
        raise OrgError(_("Unknown lineage kind: %(kind)s.") % {"kind": kind})
    if predecessor.pk == successor.pk:
        raise OrgError(_("A unit cannot be its own predecessor."))
    link, _created = Lineage.objects.update_or_create(
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        defaults={"on_date": on_date, "note": note},
    )
    return link


def _close_for_successor(unit: Unit, on_date: datetime.date) -> None:
    """Close a unit the day before its successor starts; its sub-units must end by then."""
    last_day = on_date - datetime.timedelta(days=1)
    if unit.valid_from and unit.valid_from > last_day:
        raise OrgError(
            _("%(code)s starts on %(date)s: it cannot end before that.")
            % {"code": unit.code, "date": unit.valid_from.strftime("%d/%m/%Y")}
        )
    open_children = [
        c.code for c in unit.children.all() if c.valid_to is None or c.valid_to > last_day
    ]
    if open_children:
        raise OrgError(
            _(
                "%(code)s still has sub-units after %(date)s (%(children)s): move or close them first."
            )
            % {
                "code": unit.code,
                "date": last_day.strftime("%d/%m/%Y"),
                "children": ", ".join(open_children),
            }
        )
    unit_update(
        unit=unit, name=unit.name, kind=unit.kind, valid_from=unit.valid_from, valid_to=last_day
    )


@transaction.atomic
def units_merge(
    *, units: list[Unit], code: str, name: str, kind: str, parent: Unit | None,
    on_date: datetime.date,
) -> Unit:  # fmt: skip
    """Merge units into a new one (sáp nhập): each closes the day before `on_date`, the new
    unit starts that day, and the lineage records where each went."""
    if len({u.pk for u in units}) < 2:
        raise OrgError(_("A merger needs at least two different units."))
    for unit in units:
        _close_for_successor(Unit.objects.select_for_update().get(pk=unit.pk), on_date)
    successor = unit_create(
        code=code, name=name, kind=kind, parent=parent, valid_from=on_date,
        valid_to=parent.valid_to if parent else None,
    )  # fmt: skip
    for unit in units:
        lineage_add(
            predecessor=unit, successor=successor, kind=LineageKind.MERGED_INTO, on_date=on_date
        )
    return successor


@transaction.atomic
def unit_split(*, unit: Unit, into: list[tuple[str, str]], on_date: datetime.date) -> list[Unit]:
    """Split a unit (chia tách) into new units of its kind under its parent, named by
    (code, name): it closes the day before `on_date`, they start that day."""
    if len(into) < 2:
        raise OrgError(_("A split needs at least two new units."))
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _close_for_successor(unit, on_date)
    parent = unit.parent
    successors = [
        unit_create(
            code=code,
            name=name,
            kind=unit.kind,
            parent=parent,
            valid_from=on_date,
            valid_to=parent.valid_to if parent else None,
        )  # fmt: skip
        for code, name in into
    ]
    for successor in successors:
        lineage_add(
            predecessor=unit, successor=successor, kind=LineageKind.SPLIT_FROM, on_date=on_date
        )
    return successors


@transaction.atomic
def person_create(*, full_name: str, note: str = "") -> Person:
    if not full_name.strip():
        raise OrgError(_("The person's name is empty."))
    person = Person(full_name=full_name, note=note)
    person.set_name_keys()
    text_fields_check(person)
    person.save()
    return person


@transaction.atomic
def position_assign(
    *,
    person: Person,
    unit: Unit,
    title: str,
    start: datetime.date,
    end: datetime.date | None = None,
    rank: int = 100,
) -> Position:
    if not title.strip():
        raise OrgError(_("The position title is empty."))
    if end and end < start:
        raise OrgError(_("The end date is before the start date."))
    return Position.objects.create(
        person=person, unit=unit, title=" ".join(title.split()), start=start, end=end, rank=rank
    )


@dataclass(frozen=True)
class TreeProblem:
    code: str
    message: str


def _expected_paths(rows: dict[int, tuple[str, int | None]]) -> dict[int, tuple[str, int]]:
    """Path and depth of every unit from the parent links alone."""
    expected: dict[int, tuple[str, int]] = {}
    for pk in rows:
        chain = []
        current: int | None = pk
        while current is not None and current not in expected:
            if current in chain:
                raise OrgError(
                    _("The units %(codes)s form a cycle of parents.")
                    % {"codes": " → ".join(rows[node][0] for node in chain)}
                )
            chain.append(current)
            current = rows[current][1]
        base_path, base_depth = (
            expected.get(current, ("/", -1)) if current is not None else ("/", -1)
        )
        for node in reversed(chain):
            base_path, base_depth = f"{base_path}{node}/", base_depth + 1
            expected[node] = (base_path, base_depth)
    return expected


def tree_check() -> list[TreeProblem]:
    """Every unit's stored path and depth agree with its parent chain."""
    stored = {
        pk: (code, parent_id, path, depth)
        for pk, code, parent_id, path, depth in Unit.objects.values_list(
            "pk", "code", "parent_id", "path", "depth"
        )
    }
    expected = _expected_paths({pk: (row[0], row[1]) for pk, row in stored.items()})
    problems = []
    for pk, (code, _parent, path, depth) in stored.items():
        if (path, depth) != expected[pk]:
            problems.append(
                TreeProblem(
                    code,
                    _("stored path %(path)s, expected %(expected)s")
                    % {
                        "path": f"{path} ({depth})",
                        "expected": f"{expected[pk][0]} ({expected[pk][1]})",
                    },
                )
            )
    return problems


@transaction.atomic
def tree_rebuild_paths(*, also_changed: dict[int, str] | None = None) -> int:
    """Recompute every stored path from the parent links; return how many changed.

    `also_changed` ({unit id: path before}) names units whose parent or validity the
    caller changed: they are journalled for the roll-up with the units whose path moved."""
    units = list(Unit.objects.select_for_update().only("pk", "code", "parent_id", "path", "depth"))
    expected = _expected_paths({unit.pk: (unit.code, unit.parent_id) for unit in units})
    before = dict(also_changed or {})
    changed = []
    for unit in units:
        if (unit.path, unit.depth) != expected[unit.pk]:
            before.setdefault(unit.pk, unit.path)
            unit.path, unit.depth = expected[unit.pk]
            changed.append(unit)
    Unit.objects.bulk_update(changed, ["path", "depth"], batch_size=1000)
    _record_changes([(pk, path, expected[pk][0]) for pk, path in before.items()])
    return len(changed)
