from decimal import Decimal

import pytest

from tinhdoan.lib.numbers import NumberError, format_number, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234", "1234"),
        ("1.234.567", "1234567"),
        ("1.234,5", "1234.5"),
        ("12,5", "12.5"),
        ("0,25", "0.25"),
        ("0,234", "0.234"),
        ("1234,567", "1234.567"),
        ("1,234.5", "1234.5"),
        ("1,234,567", "1234567"),
        ("12.5", "12.5"),
        ("0.234", "0.234"),
        ("-3", "-3"),
        ("−1.200", "-1200"),
        (" 1 234 ", "1234"),
        ("1\u00a0234,5", "1234.5"),
        ("42", "42"),
    ],
)
def test_vietnamese_and_unambiguous_english_numbers_are_read(text, value):
    parsed = parse_number(text)
    assert parsed.value == Decimal(value)
    assert parsed.percent is False


def test_percent_sign_is_kept_apart_from_the_value():
    parsed = parse_number("12,5%")
    assert parsed.value == Decimal("12.5")
    assert parsed.percent is True


def test_a_comma_followed_by_three_digits_is_refused_as_ambiguous_with_both_readings():
    with pytest.raises(NumberError) as error:
        parse_number("1,234")
    message = str(error.value)
    assert "không rõ" in message
    assert "1234" in message and "1.234" in message and "1,2340" in message


@pytest.mark.parametrize("text", ["mười hai", "12a", "1..2", "1.23.4", "1,2.3,4", "", ",5", "5,"])
def test_text_that_is_not_a_number_is_refused_in_vietnamese(text):
    with pytest.raises(NumberError) as error:
        parse_number(text)
    assert "không phải là số" in str(error.value) or "trống" in str(error.value)


def test_machine_mode_reads_a_spreadsheet_float_with_a_decimal_point():
    assert parse_number("1.125", machine=True).value == Decimal("1.125")
    assert parse_number("1e-05", machine=True).value == Decimal("0.00001")
    assert parse_number("1.234,5", machine=True).value == Decimal("1234.5")


@pytest.mark.parametrize(
    "value", ["0", "1234", "1234.5", "1.234", "0.234", "-1.234", "1234567.25", "999.125"]
)
def test_canonical_form_reads_back_to_the_same_value(value):
    text = format_number(Decimal(value))
    assert parse_number(text).value == Decimal(value)
    assert "." not in text


def test_canonical_form_of_integers_has_no_separator():
    assert format_number(Decimal("1234.0000")) == "1234"
    assert format_number(Decimal("1234.5000")) == "1234,5"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1234567.5", "1.234.567,5"),
        ("1.234", "1,2340"),
        ("1234.567", "1.234,567"),
        ("-1200", "-1.200"),
        ("12", "12"),
    ],
)
def test_grouped_form_is_what_offices_read_and_reads_back(value, text):
    assert format_number(Decimal(value), grouping=True) == text
    assert parse_number(text).value == Decimal(value)
