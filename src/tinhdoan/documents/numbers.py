"""Numbers as Vietnamese documents write them: 1.234,5."""

from decimal import ROUND_HALF_UP, Decimal

MAX_DECIMALS = 10


def to_decimal(value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"not a number: {value!r}")
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def decimals_of(value) -> int:
    """Digits after the decimal point needed to show the value exactly (0 for 12, 1 for 12.50)."""
    if isinstance(value, int):
        return 0
    exponent = to_decimal(value).normalize().as_tuple().exponent
    return min(max(-int(exponent), 0), MAX_DECIMALS)


def format_number(value, decimals: int | None = None) -> str:
    """1234.5 -> "1.234,5"; 12.5 -> "12,5"; 1234567 -> "1.234.567"; None -> "".

    Without ``decimals`` the value shows as many decimals as it has (trailing zeros dropped);
    with ``decimals`` it is rounded half up to that many.
    """
    if value is None:
        return ""
    number = to_decimal(value)
    places = decimals_of(value) if decimals is None else decimals
    if places < 0:
        raise ValueError("decimals must not be negative")
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    groups.insert(0, whole)
    result = ".".join(groups) + ("," + fraction if fraction else "")
    return "-" + result if number < 0 else result
