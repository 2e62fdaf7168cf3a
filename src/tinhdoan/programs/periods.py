"""Period codes: 2017 (year), 2017S1 (half-year), 2017Q3 (quarter), 2017-09 (month)."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tinhdoan.lib.errors import DomainError

from .models import Period, PeriodKind

_CODE = re.compile(r"^(\d{4})(?:(S)([12])|(Q)([1-4])|-(\d{2}))?$")


class PeriodCodeError(DomainError):
    pass


@dataclass(frozen=True)
class PeriodSpec:
    code: str
    kind: str
    year: int
    number: int
    start: datetime.date
    end: datetime.date


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def parse_period_code(code: str) -> PeriodSpec:
    text = code.strip().upper()
    match = _CODE.match(text)
    if not match or not 1900 <= int(match.group(1)) <= 2200:
        raise PeriodCodeError(
            _("“%(code)s” is not a period code (2017, 2017S1, 2017Q3 or 2017-09).") % {"code": code}
        )
    year = int(match.group(1))
    if match.group(2):
        half = int(match.group(3))
        first, last = 6 * half - 5, 6 * half
        return PeriodSpec(
            text, PeriodKind.HALF, year, half, datetime.date(year, first, 1), _month_end(year, last)
        )
    if match.group(4):
        quarter = int(match.group(5))
        first, last = 3 * quarter - 2, 3 * quarter
        return PeriodSpec(
            text,
            PeriodKind.QUARTER,
            year,
            quarter,
            datetime.date(year, first, 1),
            _month_end(year, last),
        )
    if match.group(6):
        month = int(match.group(6))
        if not 1 <= month <= 12:
            raise PeriodCodeError(
                _("“%(code)s” is not a period code (2017, 2017S1, 2017Q3 or 2017-09).")
                % {"code": code}
            )
        return PeriodSpec(
            text,
            PeriodKind.MONTH,
            year,
            month,
            datetime.date(year, month, 1),
            _month_end(year, month),
        )
    return PeriodSpec(
        text, PeriodKind.YEAR, year, 0, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    )


def period_for_code(code: str) -> Period:
    """The Period with this code, created on first use; raises PeriodCodeError."""
    spec = parse_period_code(code)
    period, _created = Period.objects.get_or_create(
        code=spec.code,
        defaults={
            "kind": spec.kind,
            "year": spec.year,
            "number": spec.number,
            "start": spec.start,
            "end": spec.end,
        },
    )
    return period
