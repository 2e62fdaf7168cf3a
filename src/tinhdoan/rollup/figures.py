"""The rolled-up figures of units, as pages, reports and the API read them.

A unit with sub-units in the period reads its stored aggregate; a unit without reads its
own entered value (a ratio: the ratio of its own values). Reads only.
"""

from collections.abc import Iterable
from decimal import Decimal

from tinhdoan.programs.models import Period, Program, RollUp, Target
from tinhdoan.reporting.models import DataValue

from .engine import BASE_RULES
from .models import Aggregate


def actual_values(
    *, program: Program, period: Period, unit_ids: Iterable[int], targets: list[Target]
) -> dict[tuple[int, int], Decimal | None]:
    """{(unit id, target id): rolled-up value} for these units (two queries)."""
    found = actual_values_by_period(
        program=program, periods=[period], unit_ids=unit_ids, targets=targets
    )
    return found[period.pk]


def actual_values_by_period(
    *, program: Program, periods: list[Period], unit_ids: Iterable[int], targets: list[Target]
) -> dict[int, dict[tuple[int, int], Decimal | None]]:
    """{period id: {(unit id, target id): rolled-up value}} for these units and periods,
    in two queries whatever the number of periods."""
    unit_ids = list(unit_ids)
    result: dict[int, dict[tuple[int, int], Decimal | None]] = {p.pk: {} for p in periods}
    if not unit_ids or not periods:
        return result
    target_ids = [t.pk for t in targets]
    period_ids = list(result)
    stored = {
        (p, u, t): v
        for p, u, t, v in Aggregate.objects.filter(
            period_id__in=period_ids, unit_id__in=unit_ids, target_id__in=target_ids
        ).values_list("period_id", "unit_id", "target_id", "value")
    }
    own = {
        (p, u, t): v
        for p, u, t, v in DataValue.objects.filled()
        .filter(period_id__in=period_ids, unit_id__in=unit_ids, target_id__in=target_ids)
        .values_list("period_id", "unit_id", "target_id", "value")
    }
    entered = [t.id for t in targets if t.rollup in BASE_RULES]
    ratios = [
        (t.id, t.ratio_numerator_id, t.ratio_denominator_id, t.ratio_scale)
        for t in targets
        if t.rollup == RollUp.RATIO
    ]
    others = [t.id for t in targets if t.rollup not in BASE_RULES and t.rollup != RollUp.RATIO]
    for period_id, values in result.items():
        for unit_id in unit_ids:
            for target_id in entered:
                key = (period_id, unit_id, target_id)
                values[(unit_id, target_id)] = stored[key] if key in stored else own.get(key)
            for target_id, top_id, bottom_id, scale in ratios:
                key = (period_id, unit_id, target_id)
                if key in stored:  # a unit with sub-units: rolled up
                    values[(unit_id, target_id)] = stored[key]
                    continue
                top = values.get((unit_id, top_id))  # else the ratio of its own values
                bottom = values.get((unit_id, bottom_id))
                values[(unit_id, target_id)] = (
                    Decimal(top) / Decimal(bottom) * scale if top is not None and bottom else None
                )
            for target_id in others:
                values[(unit_id, target_id)] = stored.get((period_id, unit_id, target_id))
    return result
