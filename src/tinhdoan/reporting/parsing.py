"""The number a cell holds, from what was typed or sent, checked against its target's bounds."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from tinhdoan.lib.numbers import NumberError, format_number, parse_number
from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.models import VALUE_DIGITS, VALUE_PLACES, Target

QUANTUM = Decimal(1).scaleb(-VALUE_PLACES)
LIMIT = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)


def parse_value(raw, target: Target, *, machine: bool = False) -> Decimal | None:
    """The number for a target from what was typed (`machine`: written by a program, see
    `parse_number`); raises ProgramsError with the reason."""
    if type(raw) is str and raw.isdecimal():
        value = Decimal(raw)
        lower, upper = target.entry_bounds
        if (
            value < LIMIT
            and (upper is None or value <= upper)
            and (lower is None or value >= lower)
        ):
            return value
        return check_value(value, target)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ProgramsError(_("“%(text)s” is not a number.") % {"text": raw})
    if isinstance(raw, int | float | Decimal):
        try:
            value, percent = Decimal(str(raw)), False
        except InvalidOperation:
            raise ProgramsError(_("“%(text)s” is not a number.") % {"text": raw}) from None
    else:
        try:
            parsed = parse_number(str(raw), machine=machine)
        except NumberError as exc:
            raise ProgramsError(str(exc)) from None
        value, percent = parsed.value, parsed.percent
    return check_value(value, target, percent=percent)


def check_value(value: Decimal, target: Target, *, percent: bool = False) -> Decimal:
    if not value.is_finite() or abs(value) >= LIMIT:
        raise ProgramsError(_("The number is too large."))
    if percent and not target.is_percent:
        raise ProgramsError(
            _("%(target)s is counted in %(measure)s, not in percent; remove the percent sign.")
            % {"target": str(target), "measure": target.measure}
        )
    value = value.quantize(QUANTUM, rounding=ROUND_HALF_UP)
    if target.integer_only and value != value.to_integral_value():
        raise ProgramsError(
            _("%(target)s takes whole numbers only (%(measure)s).")
            % {"target": str(target), "measure": target.measure}
        )
    _check_bounds(value, target)
    return value


def _check_bounds(value: Decimal, target: Target) -> None:
    lower, upper = target.entry_bounds
    if lower is not None and value < lower:
        if lower == 0:
            raise ProgramsError(_("%(target)s cannot be negative.") % {"target": str(target)})
        raise ProgramsError(
            _("%(target)s must be at least %(min)s.")
            % {"target": str(target), "min": format_number(lower, grouping=True)}
        )
    if upper is not None and value > upper:
        if target.is_percent and upper == 100:
            raise ProgramsError(
                _("%(target)s is a percentage and cannot exceed 100.") % {"target": str(target)}
            )
        raise ProgramsError(
            _("%(target)s must be at most %(max)s.")
            % {"target": str(target), "max": format_number(upper, grouping=True)}
        )
