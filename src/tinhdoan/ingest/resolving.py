"""Suggest the units and people an extracted record names, from the tree on the meeting date.

"Tỉnh đoàn" in a Lạng Sơn text is the Lạng Sơn provincial union: names are
matched with `unit_search` over the units valid on the day, preferring units
in the subtree of the host's provincial union, then shallower ones.
"""

from __future__ import annotations

import datetime
import re

from django.db.models import QuerySet

from tinhdoan.lib import vntext
from tinhdoan.org.models import Person, Unit, UnitKind, path_prefix_q
from tinhdoan.org.selectors import positions_on, unit_ancestors, unit_search

# "các sở, ban, ngành", "các sở, ngành", "các cơ quan, đơn vị": a group the reviewer picks from.
_GROUP = re.compile(
    r"^\s*(các|những)\s+(sở|ban|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương)\b", re.IGNORECASE
)
# Bodies named through their standing organs: the body itself is the unit.
_ORGAN_PREFIX = re.compile(
    r"^\s*(ban\s+thường\s+vụ|ban\s+chấp\s+hành|thường\s+trực|ban\s+thư\s+ký)\s+", re.IGNORECASE
)
# Titles before a body's name in a position ("Chủ tịch UBND tỉnh" → "UBND tỉnh").
_TITLE = re.compile(
    r"^\s*(phó\s+)?(bí\s+thư|chủ\s+tịch|giám\s+đốc|trưởng\s+ban|trưởng|chánh\s+văn\s+phòng)\s+",
    re.IGNORECASE,
)
_ALIASES = [("ủy ban nhân dân", "ubnd"), ("hội đồng nhân dân", "hđnd")]
_CONGRESS_BODY = re.compile(
    r"^\s*đại\s+hội\s+(đại\s+biểu\s+)?(?P<body>.+?)(\s+lần\s+thứ\b.*)?$", re.IGNORECASE
)


def is_group(name: str | None) -> bool:
    return bool(name and _GROUP.search(name))


def province_union_of(unit: Unit | None) -> Unit | None:
    """The provincial union above (or at) a unit, if the unit is in a union tree."""
    if unit is None:
        return None
    if unit.kind == UnitKind.PROVINCIAL_UNION:
        return unit
    for ancestor in unit_ancestors(unit=unit):
        if ancestor.kind == UnitKind.PROVINCIAL_UNION:
            return ancestor
    return None


def _units_on(day: datetime.date | None) -> QuerySet[Unit]:
    return Unit.objects.valid_on(day) if day else Unit.objects.all()


def _variants(name: str) -> list[str]:
    name = " ".join(_ORGAN_PREFIX.sub("", name).split())
    variants = [name]
    lowered = vntext.nfc(name).lower()
    for long, short in _ALIASES:
        if long in lowered:
            variants.append(re.sub(long, short.upper(), name, flags=re.IGNORECASE))
        elif short in lowered.split():
            variants.append(re.sub(short, long, name, flags=re.IGNORECASE))
    return variants


def suggest_units(
    *, name: str | None, day: datetime.date | None, near: Unit | None = None, limit: int = 5
) -> list[Unit]:
    """Units whose name contains `name`, valid on `day`; those under `near` first."""
    if not name or is_group(name):
        return []
    found: dict[int, Unit] = {}
    for variant in _variants(name):
        for unit in unit_search(query=variant, units=_units_on(day))[:50]:
            found.setdefault(unit.pk, unit)
    exact = vntext.match_key(" ".join(_ORGAN_PREFIX.sub("", name).split()))

    def rank(unit: Unit):
        outside = 0 if near is not None and unit.path.startswith(near.path) else 1
        return (outside, 0 if unit.match_name == exact else 1, unit.depth, unit.name)

    return sorted(found.values(), key=rank)[:limit]


def best_unit(*, name: str | None, day: datetime.date | None, near: Unit | None = None):
    units = suggest_units(name=name, day=day, near=near, limit=1)
    return units[0] if units else None


def departments(*, day: datetime.date | None, body: Unit | None = None) -> list[Unit]:
    """The departments a group like "các sở, ban, ngành" stands for: those under the body."""
    qs = _units_on(day).filter(kind=UnitKind.DEPARTMENT)
    if body is not None:
        under = qs.filter(path_prefix_q(body.path))
        if under.exists():
            qs = under
    return list(qs.order_by("sort_key", "code"))


def person_find(name: str) -> Person | None:
    """The person with this name (tones and composition ignored), if there is exactly one."""
    name = vntext.nfc(" ".join(name.split()))
    people = list(Person.objects.filter(folded_name=vntext.fold(name))[:5])
    exact = [p for p in people if p.full_name == name]
    if len(exact) == 1:
        return exact[0]
    return people[0] if len(people) == 1 else None


def leader_body(
    *, person: Person | None, positions: list[str], day: datetime.date | None, near: Unit | None
) -> Unit | None:
    """The body a leader acts for: the people's committee side first (it issues conclusions)."""
    if person is not None and day is not None:
        held = list(positions_on(day=day, person=person))
        wanted = {vntext.match_key(p) for p in positions}
        matching = [p for p in held if vntext.match_key(p.title) in wanted] or held
        matching.sort(key=lambda p: (p.unit.kind != UnitKind.PEOPLES_COMMITTEE, p.rank))
        if matching:
            return matching[0].unit
    for position in reversed(positions):
        body = _TITLE.sub("", position)
        if body != position:
            unit = best_unit(name=body, day=day, near=near)
            if unit is not None:
                return unit
    return None


def congress_unit(*, text: str, day: datetime.date | None, province: Unit | None) -> Unit | None:
    """The unit holding a named congress; none for "đại hội ... các cấp" (every level)."""
    if re.search(r"các\s+cấp", text, re.IGNORECASE):
        return None
    match = _CONGRESS_BODY.match(text.split(",")[0])
    if match is None:
        return None
    body = " ".join(match.group("body").split())
    if re.match(r"^đoàn\s+toàn\s+tỉnh$|^tỉnh\s+đoàn$", body, re.IGNORECASE):
        return province
    return best_unit(name=body, day=day, near=province)
