"""Roman numerals, as Vietnamese documents number congresses ("lần thứ XIII").

`to_roman(13)` → "XIII"; `from_roman("XIII")` → 13. Only the canonical
subtractive form is read back (IV, not IIII), so every number has exactly one
spelling and `from_roman(to_roman(n)) == n` for 1 ≤ n ≤ 3999.
"""

import re

__all__ = ["MAX_ROMAN", "RomanError", "from_roman", "to_roman"]

MAX_ROMAN = 3999

_VALUES = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]
_CANONICAL = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


class RomanError(ValueError):
    """Not a number that Roman numerals can write, or not a canonical Roman numeral."""


def to_roman(number: int) -> str:
    if isinstance(number, bool) or not isinstance(number, int):
        raise RomanError(f"{number!r} is not a whole number")
    if not 1 <= number <= MAX_ROMAN:
        raise RomanError(f"{number} is outside 1..{MAX_ROMAN}")
    parts = []
    for value, letters in _VALUES:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


def from_roman(text: str) -> int:
    """Read a Roman numeral (any letter case, surrounding spaces ignored)."""
    numeral = text.strip().upper()
    if not numeral or not _CANONICAL.match(numeral):
        raise RomanError(f"{text!r} is not a Roman numeral")
    total, position = 0, 0
    for value, letters in _VALUES:
        while numeral.startswith(letters, position):
            total += value
            position += len(letters)
    return total
