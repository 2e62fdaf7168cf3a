from decimal import Decimal

from django import template

from tinhdoan.lib.numbers import format_number

register = template.Library()


@register.filter
def vn_number(value) -> str:
    """1234.5 → "1.234,5"; empty for no value. Reads back to the same number."""
    if value is None or value == "":
        return ""
    return format_number(Decimal(value), grouping=True)
