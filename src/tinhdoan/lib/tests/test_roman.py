import pytest

from tinhdoan.lib.roman import MAX_ROMAN, RomanError, from_roman, to_roman

KNOWN = {
    1: "I",
    2: "II",
    3: "III",
    4: "IV",
    5: "V",
    6: "VI",
    9: "IX",
    10: "X",
    11: "XI",
    12: "XII",
    13: "XIII",
    14: "XIV",
    15: "XV",
    19: "XIX",
    20: "XX",
    24: "XXIV",
    29: "XXIX",
    38: "XXXVIII",
    39: "XXXIX",
    40: "XL",
    44: "XLIV",
    45: "XLV",
    49: "XLIX",
    50: "L",
    90: "XC",
    400: "CD",
    1994: "MCMXCIV",
    2017: "MMXVII",
    3999: "MMMCMXCIX",
}


@pytest.mark.parametrize(("number", "numeral"), sorted(KNOWN.items()))
def test_known_numbers_are_written_and_read_back(number, numeral):
    assert to_roman(number) == numeral
    assert from_roman(numeral) == number


def test_one_to_fifty_round_trip_and_are_all_different():
    numerals = [to_roman(n) for n in range(1, 51)]
    assert [from_roman(r) for r in numerals] == list(range(1, 51))
    assert len(set(numerals)) == 50


def test_every_number_round_trips():
    assert all(from_roman(to_roman(n)) == n for n in range(1, MAX_ROMAN + 1))


def test_lower_case_and_spaces_are_read():
    assert from_roman(" xiii ") == 13


@pytest.mark.parametrize("text", ["", "IIII", "VV", "IL", "IC", "XM", "MMMM", "ABC", "13", "X I"])
def test_non_canonical_or_foreign_text_is_refused(text):
    with pytest.raises(RomanError):
        from_roman(text)


@pytest.mark.parametrize("number", [0, -1, 4000, 1.5, True, "13"])
def test_numbers_outside_the_range_are_refused(number):
    with pytest.raises(RomanError):
        to_roman(number)
