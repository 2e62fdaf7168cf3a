"""The roll-up recomputed from scratch, in plain Python, to check the stored aggregates.

It shares no code with `tinhdoan.rollup.engine`: it reads the inputs (units, targets,
allocations, periods, entered values) through the ORM and applies the rules as the
documentation states them, for every program's unit and every period:

- the tree of a period is the units valid at some time in it, below the program's unit;
- a unit with sub-units in the period has a stored figure for an entered target when a
  sub-unit brings one or it entered one itself: the sub-units' figures combined by the
  target's rule (sum, mean, min, max), its own value added for a sum and taking their
  place for the other rules; a unit without sub-units in the period is its own value;
- a ratio is stored where both its parts are stored and the denominator is not zero;
- a count is stored where some sub-unit has a figure for its source: the number of
  sub-units whose figure meets the condition (a threshold, or the sub-unit's own plan).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from tinhdoan.org.models import Unit
from tinhdoan.programs.models import Allocation, Program, ReportingPeriod, Target
from tinhdoan.reporting.models import DataValue

PLACES = Decimal("0.0001")
Cell = tuple[int, int, int]  # (unit id, target id, period id)


@dataclass(frozen=True)
class UnitRow:
    pk: int
    parent: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    def valid_in(self, start: datetime.date, end: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or self.valid_to >= start
        )


def _holds(comparison: str, left: Decimal, right: Decimal) -> bool:
    return {
        "gte": left >= right,
        "gt": left > right,
        "lte": left <= right,
        "lt": left < right,
        "eq": left == right,
    }[comparison]


def _combine(rule: str, figures: list[Decimal]) -> Decimal:
    if rule == "sum":
        return sum(figures, Decimal(0))
    if rule == "mean":
        return sum(figures, Decimal(0)) / len(figures)
    return min(figures) if rule == "min" else max(figures)


def expected_aggregates(program: Program) -> dict[Cell, Decimal]:
    """Every aggregate the program should have stored, rounded to four places."""
    units = {
        pk: UnitRow(pk, parent, start, end)
        for pk, parent, start, end in Unit.objects.values_list(
            "pk", "parent_id", "valid_from", "valid_to"
        )
    }
    inside = _below(units, program.unit_id)
    targets = list(Target.objects.filter(program=program).order_by("pk"))
    own = {
        (u, t, p): v
        for u, t, p, v in DataValue.objects.filter(
            target__program=program, value__isnull=False
        ).values_list("unit_id", "target_id", "period_id", "value")
    }
    plans = {
        (a.unit_id, a.target_id): a.plan_value
        for a in Allocation.objects.filter(target__program=program)
    }
    result: dict[Cell, Decimal] = {}
    for rp in ReportingPeriod.objects.filter(program=program).select_related("period"):
        period = rp.period
        tree = {
            pk: [
                c
                for c in units
                if units[c].parent == pk
                and c in inside
                and units[c].valid_in(period.start, period.end)
            ]
            for pk in inside
            if units[pk].valid_in(period.start, period.end)
        }
        stored: dict[tuple[int, int], Decimal] = {}
        for target in _in_order(targets):
            for unit in _deepest_first(tree, program.unit_id):
                value = _aggregate(unit, target, period.pk, tree, own, stored, plans, targets)
                if value is not None:
                    stored[(unit, target.pk)] = value
        result.update({(u, t, period.pk): v.quantize(PLACES) for (u, t), v in stored.items()})
    return result


def _below(units: dict[int, UnitRow], root: int) -> set[int]:
    found = set()
    for pk in units:
        current: int | None = pk
        while current is not None and current != root:
            current = units[current].parent
        if current == root:
            found.add(pk)
    return found


def _deepest_first(tree: dict[int, list[int]], root: int) -> list[int]:
    order, pending = [], [root] if root in tree else []
    while pending:
        unit = pending.pop()
        order.append(unit)
        pending.extend(tree.get(unit, []))
    return list(reversed(order))


def _in_order(targets: list[Target]) -> list[Target]:
    """Entered targets first, then each computed one after the targets it reads."""
    by_id = {t.pk: t for t in targets}
    done: list[Target] = [t for t in targets if t.rollup in ("sum", "mean", "min", "max")]
    pending = [t for t in targets if t not in done]
    while pending:
        ready = [
            t
            for t in pending
            if all(
                source in {d.pk for d in done}
                for source in (t.ratio_numerator_id, t.ratio_denominator_id, t.count_source_id)
                if source is not None and source in by_id
            )
        ]
        if not ready:
            break
        done += ready
        pending = [t for t in pending if t not in ready]
    return done


def _figure(unit, target_id, period_id, tree, own, stored) -> Decimal | None:
    """What a unit brings to its parent: its stored figure when it has sub-units in the
    period, its own entered value otherwise."""
    if tree.get(unit):
        return stored.get((unit, target_id))
    return own.get((unit, target_id, period_id))


def _aggregate(unit, target, period_id, tree, own, stored, plans, targets) -> Decimal | None:
    children = tree.get(unit, [])
    if not children:
        return None
    if target.rollup in ("sum", "mean", "min", "max"):
        figures = [
            f
            for c in children
            if (f := _figure(c, target.pk, period_id, tree, own, stored)) is not None
        ]
        mine = own.get((unit, target.pk, period_id))
        if mine is not None:
            return mine + _combine("sum", figures) if target.rollup == "sum" else mine
        return _combine(target.rollup, figures) if figures else None
    if target.rollup == "ratio":
        top = stored.get((unit, target.ratio_numerator_id))
        bottom = stored.get((unit, target.ratio_denominator_id))
        if top is None or bottom is None or bottom == 0:
            return None
        return Decimal(top) / Decimal(bottom) * target.ratio_scale
    source = next(t for t in targets if t.pk == target.count_source_id)
    met, any_figure = 0, False
    for child in children:
        value = _figure(child, source.pk, period_id, tree, own, stored)
        if value is None:
            continue
        any_figure = True
        if target.count_comparison == "meets_plan":
            plan = plans.get((child, source.pk))
            comparison = "lte" if source.direction == "lower" else "gte"
            met += plan is not None and _holds(comparison, value, plan)
        else:
            met += _holds(target.count_comparison, value, target.count_threshold)
    return Decimal(met) if any_figure else None
