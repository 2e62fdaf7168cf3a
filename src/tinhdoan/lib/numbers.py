"""Numbers as Vietnamese offices type them, and back.

Vietnamese writes `1.234` for one thousand two hundred thirty-four and `1.234,5`
for one thousand two hundred thirty-four and a half; spreadsheets set up in
English write `1,234.5`. Both are read when the text leaves no doubt:

- `1.234`, `1.234.567`, `1.234,5`, `12,5`, `0,25`, `12,5%` — Vietnamese;
- `1,234.5`, `1,234,567`, `12.5`, `0.25` — English, accepted because no
  Vietnamese reading exists;
- `1,234` could be either 1234 (English) or 1,234 (Vietnamese): refused, with
  both readings spelled out.

`format_number` writes the canonical form that `parse_number` reads back to the
same value (no thousands separators, decimal comma), used by exports.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.utils.translation import gettext as _

from tinhdoan.lib.errors import DomainError

__all__ = ["NumberError", "ParsedNumber", "format_number", "parse_number"]

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_MACHINE = re.compile(r"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$")
_THOUSANDS_HEAD = re.compile(r"^[1-9]\d{0,2}$")
_DIGITS_AND_SEPARATORS = re.compile(r"^[0-9.,]+$")


class NumberError(DomainError):
    """The text is not a number, or is ambiguous; the message says why, for the user."""


class ParsedNumber(NamedTuple):  # a tuple: made for each of 100,000 imported values
    value: Decimal
    percent: bool = False


_GROUPED = {
    ".": re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$"),
    ",": re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+$"),
}


def _grouped(text: str, separator: str) -> bool:
    """True when `text` is digits grouped by three with `separator` (1.234.567)."""
    return _GROUPED[separator].match(text) is not None


def _not_a_number(original: str) -> NumberError:
    return NumberError(
        _("“%(text)s” is not a number (write for example 1.234 or 1.234,5).") % {"text": original}
    )


def _unsigned(body: str, original: str) -> Decimal:
    if not _DIGITS_AND_SEPARATORS.match(body):
        raise _not_a_number(original)
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        integer, _sep, fraction = body.rpartition(decimal_sep)
        if decimal_sep in integer or not fraction.isdigit() or not _grouped(integer, group_sep):
            raise _not_a_number(original)
        return Decimal(integer.replace(group_sep, "") + "." + fraction)
    if not dots and not commas:
        return Decimal(body)
    sep = "." if dots else ","
    count = dots or commas
    if count > 1:
        # Several identical separators can only be thousands separators.
        if not _grouped(body, sep):
            raise _not_a_number(original)
        return Decimal(body.replace(sep, ""))
    integer, _sep, fraction = body.partition(sep)
    if not integer or not fraction:
        raise _not_a_number(original)
    thousands_reading = _grouped(body, sep)
    if sep == ".":
        # Vietnamese thousands first (1.234 = 1234); otherwise an English decimal point.
        if thousands_reading:
            return Decimal(integer + fraction)
        return Decimal(integer + "." + fraction)
    if thousands_reading:
        point = _("point")  # "1 point 234": how the decimal reading is said aloud
        raise NumberError(
            _(
                "“%(text)s” is ambiguous: it reads as %(thousands)s in an English sheet and as "
                "%(decimal)s in a Vietnamese one. Write %(thousands_vi)s for the first or "
                "%(decimal_vi)s for the second."
            )
            % {
                "text": original,
                "thousands": integer + fraction,
                "decimal": f"{integer} {point} {fraction}",
                "thousands_vi": f"{integer}.{fraction}",
                "decimal_vi": f"{integer},{fraction}0",
            }
        )
    return Decimal(integer + "." + fraction)


def parse_number(text: str, *, machine: bool = False) -> ParsedNumber:
    """Read a number typed by a person; raise NumberError with an explanation otherwise.

    `machine=True` first accepts the plain form a program writes (`1234.5`,
    `1e-05`, a spreadsheet's numeric cell), where a dot is always a decimal point.
    """
    original = text.strip() if isinstance(text, str) else str(text)
    compact = _SPACES.sub("", original).replace("\u2212", "-")
    if not compact:
        raise NumberError(_("The value is empty."))
    if compact.isdecimal():  # not isdigit(): "²" is a digit that Decimal cannot read
        return ParsedNumber(Decimal(compact))
    if machine and _MACHINE.match(compact):
        try:
            return ParsedNumber(Decimal(compact))
        except InvalidOperation:  # pragma: no cover - the pattern guarantees a number
            raise _not_a_number(original) from None
    percent = compact.endswith("%")
    if percent:
        compact = compact[:-1]
    sign = ""
    if compact[:1] in ("+", "-"):
        sign, compact = compact[0], compact[1:]
    value = _unsigned(compact, original)
    return ParsedNumber(-value if sign == "-" else value, percent)


def format_number(value: Decimal, *, grouping: bool = False) -> str:
    """The canonical text of a value: decimal comma, no trailing zeros, and with
    `grouping` thousands dots (1.234,5). `parse_number` reads it back to the same value."""
    value = Decimal(value).normalize()
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    integer, _sep, fraction = text.partition(".")
    if grouping:
        groups = []
        while len(integer) > 3:
            integer, groups = integer[:-3], [integer[-3:], *groups]
        integer = ".".join([integer, *groups])
    if not fraction:
        return sign + integer
    if len(fraction) == 3 and _THOUSANDS_HEAD.match(integer):
        fraction += "0"  # 1,234 would be ambiguous; 1,2340 is not
    return f"{sign}{integer},{fraction}"
