import math
from decimal import Decimal

import pytest

from tinhdoan.documents.numbers import format_number


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234.5, None, "1.234,5"),
        (12.5, None, "12,5"),
        (1234567, None, "1.234.567"),
        (999, None, "999"),
        (0, None, "0"),
        (-1234.5, None, "-1.234,5"),
        (1000.0, None, "1.000"),
        (Decimal("12.50"), None, "12,5"),
        (0.1, None, "0,1"),
        (2 / 3, 2, "0,67"),
        (2.5, 0, "3"),
        (1234, 1, "1.234,0"),
        (-0.001, 2, "0,00"),
        (Decimal("1E+3"), None, "1.000"),
        (None, None, ""),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value, decimals, text):
    assert format_number(value, decimals) == text


@pytest.mark.parametrize("value", [True, "12", [1]])
def test_what_is_not_a_number_is_refused(value):
    with pytest.raises(TypeError):
        format_number(value)


def test_infinite_values_are_refused():
    with pytest.raises(ValueError):
        format_number(math.inf)
