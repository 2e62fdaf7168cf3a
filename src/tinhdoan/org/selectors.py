"""Reads of the organization tree, people and positions."""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tinhdoan.lib import vntext

from .models import Lineage, Person, Position, Unit, UnitKind


def units_on(day: datetime.date) -> QuerySet[Unit]:
    return Unit.objects.valid_on(day)


def unit_children(*, unit: Unit, day: datetime.date) -> QuerySet[Unit]:
    return Unit.objects.valid_on(day).filter(parent=unit).order_by("sort_key", "code")


def unit_subtree(*, unit: Unit, day: datetime.date | None = None) -> QuerySet[Unit]:
    qs = Unit.objects.under(unit)
    return qs.valid_on(day) if day else qs


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    """From the root down to the parent, in one query."""
    ids = unit.ancestor_ids()
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


KIND_ORDER = {kind: index for index, kind in enumerate(UnitKind.values)}


def units_in_display_order(units) -> list[Unit]:
    """By kind, then by name in Vietnamese alphabetical order (Bắc before Bình, Đ after D)."""
    return sorted(units, key=lambda u: (KIND_ORDER.get(u.kind, 99), u.sort_key, u.code))


def units_with_children_flag(units: QuerySet[Unit], *, day: datetime.date) -> list[Unit]:
    """In display order, with `has_children` (on that day) on each unit; one extra query."""
    units = units_in_display_order(units)
    parents_with_children = set(
        Unit.objects.valid_on(day)
        .filter(parent__in=units)
        .values_list("parent_id", flat=True)
        .distinct()
    )
    for unit in units:
        unit.has_children = unit.pk in parents_with_children
    return units


def unit_named(code: str) -> Unit:
    """The unit with this code (its parent read with it); 404 when there is none. No scope
    check: callers check what the user may read."""
    try:
        return Unit.objects.select_related("parent").get(code=code)
    except Unit.DoesNotExist:
        raise Http404 from None


def unit_search(*, query: str, units: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
    """Units whose name contains the query; without diacritics in the query, ignore them."""
    query = " ".join(query.split())
    units = Unit.objects.all() if units is None else units
    if not query:
        return units.none()
    field, key = vntext.search_key(query)
    lookup = "folded_name__contains" if field == "folded" else "match_name__contains"
    return units.filter(Q(**{lookup: key}) | Q(code__iexact=query)).order_by(
        "depth", "sort_key", "code"
    )


def unit_lineage(*, unit: Unit) -> dict[str, list[Lineage]]:
    """The links to the units this one came from and to those it became, in one query."""
    links = list(
        Lineage.objects.filter(Q(successor=unit) | Q(predecessor=unit)).select_related(
            "predecessor", "successor"
        )
    )
    return {
        "predecessors": [link for link in links if link.successor_id == unit.pk],
        "successors": [link for link in links if link.predecessor_id == unit.pk],
    }


def positions_on(
    *, day: datetime.date, unit: Unit | None = None, person: Person | None = None
) -> QuerySet[Position]:
    """Positions held on a date ("who held which position on a date")."""
    qs = Position.objects.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if person is not None:
        qs = qs.filter(person=person)
    return qs.select_related("person", "unit").order_by("person__sort_key", "rank", "start")


def person_titles_on(*, person: Person, day: datetime.date) -> list[str]:
    return [position.title for position in positions_on(day=day, person=person)]


def person_with_titles(*, person: Person, day: datetime.date) -> str:
    """ "đồng chí Phạm Ngọc Thưởng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"."""
    name = _("comrade %(name)s") % {"name": person.full_name}
    return ", ".join([name, *person_titles_on(person=person, day=day)])


def people_sorted(*, query: str = "") -> QuerySet[Person]:
    qs = Person.objects.prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("unit"))
    )
    if query:
        qs = qs.filter(folded_name__contains=vntext.fold(query))
    return qs.order_by("sort_key", "id")
