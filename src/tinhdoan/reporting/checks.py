"""Checks of a report before it is submitted.

A report without any value is refused. Otherwise what looks wrong is listed as warnings,
which the officer may acknowledge with a comment: targets without a value, values far from
the unit's earlier periods or from its plan, and rules between two targets that the stored
values break (a rule added after they were entered). The approver sees the same list.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from tinhdoan.lib.numbers import format_number
from tinhdoan.org.models import Unit
from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.models import (
    Allocation,
    Comparison,
    PeriodKind,
    ReportingPeriod,
    RollUp,
    Target,
)

from .models import DataValue

OUTLIER_FACTOR = Decimal(3)


class EmptyReport(ProgramsError):
    """A report without a single value cannot be submitted."""


class WarningsNotAcknowledged(ProgramsError):
    """The report has warnings the officer has not acknowledged (with a comment)."""

    def __init__(self, warnings: list[str], message: str = ""):
        super().__init__(
            message
            or _(
                "The report has %(count)s warning(s); check them, or submit anyway with a "
                "comment that explains them."
            )
            % {"count": len(warnings)},
            warnings=warnings,
        )


def far_from(value: Decimal, past: list[Decimal]) -> bool:
    """More than three times the highest earlier value, or less than a third of the lowest."""
    high, low = max(past), min(past)
    return (high > 0 and value > high * OUTLIER_FACTOR) or (
        low > 0 and value < low / OUTLIER_FACTOR
    )


def earlier_values_text(past: list[Decimal]) -> str:
    """ "kỳ trước: 82" for one earlier value, "các kỳ trước: từ 12 đến 82" for several."""
    high, low = max(past), min(past)
    if len(past) == 1 or high == low:
        return _("previous period: %(value)s") % {"value": format_number(high, grouping=True)}
    return _("previous periods: from %(low)s to %(high)s") % {
        "low": format_number(low, grouping=True),
        "high": format_number(high, grouping=True),
    }


def target_label(target: Target) -> str:
    return f"{target.code} {target.name}"


def submission_warnings(*, reporting_period: ReportingPeriod, unit: Unit) -> list[str]:
    """What looks wrong in the unit's report; EmptyReport when it holds no value at all."""
    program, period = reporting_period.program, reporting_period.period
    targets = [t for t in program.targets.all() if not t.is_computed]
    values = {
        v.target_id: v.value
        for v in DataValue.objects.filled().filter(
            target__program=program, unit=unit, period_id=period.pk
        )
    }
    if not values:
        raise EmptyReport(
            _("The report of %(unit)s for %(period)s holds no value yet; enter its figures first.")
            % {"unit": unit.name, "period": period.code}
        )
    warnings = [
        _("%(target)s: no value.") % {"target": target_label(t)}
        for t in targets
        if t.pk not in values
    ]
    warnings += _far_from_history(reporting_period, unit, targets, values)
    warnings += _far_from_plan(reporting_period, unit, targets, values)
    warnings += _broken_rules(program, targets, values)
    return warnings


def _far_from_history(reporting_period, unit, targets, values) -> list[str]:
    period = reporting_period.period
    history: dict[str, list[Decimal]] = {}
    for code, value in (
        DataValue.objects.filled()
        .filter(
            unit=unit,
            target__program__unit_id=reporting_period.program.unit_id,
            target__code__in=[t.code for t in targets],
            period__kind=period.kind,
            period__start__lt=period.start,
        )
        .values_list("target__code", "value")
    ):
        history.setdefault(code, []).append(value)
    warnings = []
    for target in targets:
        past = history.get(target.code)
        value = values.get(target.pk)
        if past and value is not None and far_from(value, past):
            warnings.append(
                _("%(target)s: %(value)s is far from what %(unit)s reported before (%(before)s).")
                % {
                    "target": target_label(target),
                    "value": format_number(value, grouping=True),
                    "unit": unit.name,
                    "before": earlier_values_text(past),
                }
            )
    return warnings


def _far_from_plan(reporting_period, unit, targets, values) -> list[str]:
    """A counted value (a sum) over three times the plan; for a year, also under a third."""
    program = reporting_period.program
    if unit.pk == program.unit_id:
        plans = {t.pk: t.plan_value for t in targets}
    else:
        plans = dict(
            Allocation.objects.filter(target__program=program, unit=unit).values_list(
                "target_id", "plan_value"
            )
        )
    whole_year = reporting_period.period.kind == PeriodKind.YEAR
    warnings = []
    for target in targets:
        plan, value = plans.get(target.pk), values.get(target.pk)
        if plan is None or value is None or plan <= 0 or target.rollup != RollUp.SUM:
            continue
        if value > plan * OUTLIER_FACTOR or (whole_year and value < plan / OUTLIER_FACTOR):
            warnings.append(
                _("%(target)s: %(value)s is far from the plan of %(unit)s (%(plan)s).")
                % {
                    "target": target_label(target),
                    "value": format_number(value, grouping=True),
                    "unit": unit.name,
                    "plan": format_number(plan, grouping=True),
                }
            )
    return warnings


def _broken_rules(program, targets, values) -> list[str]:
    by_id = {t.pk: t for t in program.targets.all()}
    warnings = []
    for rule in program.rules.all():
        left, right = values.get(rule.left_id), values.get(rule.right_id)
        if left is None or right is None or Comparison(rule.comparison).holds(left, right):
            continue
        warnings.append(
            _(
                "%(message)s (%(left)s = %(left_value)s %(op)s %(right)s = %(right_value)s is not true)."
            )
            % {
                "message": rule.message,
                "left": target_label(by_id[rule.left_id]),
                "left_value": format_number(left, grouping=True),
                "op": dict(Comparison.choices)[rule.comparison],
                "right": target_label(by_id[rule.right_id]),
                "right_value": format_number(right, grouping=True),
            }
        )
    return warnings
