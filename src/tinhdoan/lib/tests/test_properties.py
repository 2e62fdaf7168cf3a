"""Properties of the number parser and the file readers, over generated and damaged input:
a value or the module's own error with a Vietnamese message, never another exception."""

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from tinhdoan.lib.numbers import NumberError, format_number, parse_number
from tinhdoan.lib.tabular import Table, TableError, read_table, write_csv, write_xlsx
from tinhdoan.lib.textfile import TextDecodeError, decode_text, encode_legacy

from .mutations import (
    FUZZ,
    is_vietnamese,
    mutated_bytes,
    mutated_workbook,
    vietnamese_text,
    vietnamese_words,
)

NUMBER_CHARACTERS = "0123456789.,%+- \u00a0\u2212e"
number_like = st.text(
    alphabet=st.sampled_from(NUMBER_CHARACTERS) | st.characters(codec="utf-8"), max_size=24
)
decimals = st.decimals(
    allow_nan=False, allow_infinity=False, places=4, min_value=-(10**15), max_value=10**15
)


def parse_or_refuse(text: str, *, machine: bool = False):
    try:
        return parse_number(text, machine=machine)
    except NumberError as error:
        assert is_vietnamese(str(error)), str(error)
        return None


# --- numbers ------------------------------------------------------------------------------


@FUZZ
@given(text=number_like | vietnamese_text, machine=st.booleans())
@example(text="²", machine=False)  # a digit to str.isdigit() that Decimal cannot read
@example(text="%", machine=False)  # nothing left once the percent sign is taken off
@example(text="1e999999", machine=True)
def test_any_text_is_a_finite_number_or_a_vietnamese_refusal(text, machine):
    parsed = parse_or_refuse(text, machine=machine)
    if parsed is not None:
        assert parsed.value.is_finite()
        assert parsed.percent == text.strip().endswith("%")


@FUZZ
@given(value=decimals, grouping=st.booleans())
def test_the_canonical_form_reads_back_to_the_same_value(value, grouping):
    text = format_number(value, grouping=grouping)
    assert parse_number(text).value == value
    if not grouping:  # a program's file: there a dot is always a decimal point
        assert parse_number(text, machine=True).value == value


@FUZZ
@given(number=st.integers(min_value=1000, max_value=10**12))
def test_vietnamese_thousands_dots_read_as_a_whole_number(number):
    text = f"{number:,}".replace(",", ".")
    assert parse_number(text).value == number


@FUZZ
@given(integer=st.integers(1, 999), fraction=st.integers(0, 999))
def test_a_comma_before_exactly_three_digits_is_refused_as_ambiguous(integer, fraction):
    text = f"{integer},{fraction:03d}"
    try:
        parse_number(text)
    except NumberError as error:
        assert "không rõ" in str(error)
    else:
        raise AssertionError(f"{text} was read without asking")


@FUZZ
@given(value=decimals.filter(lambda d: d != d.to_integral_value()))
def test_a_spreadsheet_decimal_point_is_read_in_machine_mode(value):
    assert parse_number(str(value), machine=True).value == value


# --- text files ---------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=300))
@example(data=b"\xff\xfe\x00")  # a UTF-16 mark and half a character
def test_any_bytes_decode_to_nfc_text_or_a_vietnamese_refusal(data):
    try:
        text = decode_text(data)
    except TextDecodeError as error:
        assert is_vietnamese(str(error)), str(error)
    else:
        assert text == unicodedata.normalize("NFC", text)


@FUZZ
@given(text=vietnamese_text)
def test_utf8_vietnamese_text_reads_back_or_is_refused_in_vietnamese(text):
    try:
        decoded = decode_text(text.encode("utf-8"))
    except TextDecodeError as error:
        assert is_vietnamese(str(error)), str(error)
    else:
        assert decoded == unicodedata.normalize("NFC", text)


@FUZZ
@given(text=vietnamese_words, encoding=st.sampled_from(["utf-8", "utf-16", "cp1258", "vni"]))
def test_real_vietnamese_words_read_back_from_every_office_encoding(text, encoding):
    data = text.encode(encoding) if encoding.startswith("utf") else encode_legacy(text, encoding)
    try:
        decoded = decode_text(data)
    except TextDecodeError as error:
        # Only an honest doubt between legacy encodings, naming the right one.
        assert encoding in error.candidates, (text, encoding, str(error))
    else:
        assert decoded == unicodedata.normalize("NFC", text)


# --- tables -------------------------------------------------------------------------------

COLUMNS = ["unit_code", "target_code", "period_code", "value", "comment"]
GOOD_ROWS = [
    ["TDLS-06040", "CT01", "2026Q4", "1.234", "Kết nạp dịp 26/3"],
    ["TDLS-06040", "CT02", "2026Q4", "12,5%", ""],
    ["TDLS-06043", "CT04", "2026", "1.234,5", "Vốn hỗ trợ thanh niên"],
]
GOOD_CSV = write_csv(COLUMNS, GOOD_ROWS)
GOOD_XLSX = write_xlsx(COLUMNS, GOOD_ROWS)


def read_or_refuse(filename: str, data: bytes) -> Table | None:
    try:
        table = read_table(filename, data, columns=COLUMNS)
    except TableError as error:
        assert is_vietnamese(str(error)), str(error)
        return None
    assert table.header == COLUMNS
    assert all(len(cells) == len(COLUMNS) for _line, cells in table.rows)
    return table


def test_the_good_files_are_read():
    for name, data in (("a.csv", GOOD_CSV), ("a.xlsx", GOOD_XLSX)):
        table = read_table(name, data, columns=COLUMNS)
        assert [cells for _line, cells in table.rows] == GOOD_ROWS


@FUZZ
@given(data=st.binary(max_size=400), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt"]))
@example(data=b"PK\x03\x04", name="a.csv")
def test_random_bytes_are_a_table_or_a_vietnamese_refusal(data, name):
    read_or_refuse(name, data)


@FUZZ
@given(data=mutated_bytes(GOOD_CSV))
@example(data=GOOD_CSV + b'TDLS,CT01,2026,1,"' + b"x" * 200_000)  # a quote left open: csv.Error
@example(data=GOOD_CSV * 3000 + b"TDLS,CT01,2026,1,a\x00b\n")  # a NUL past the first 64 KB
def test_a_damaged_csv_is_a_table_or_a_vietnamese_refusal(data):
    read_or_refuse("so-lieu.csv", data)


@FUZZ
@given(data=mutated_bytes(GOOD_XLSX))
def test_a_damaged_xlsx_is_a_table_or_a_vietnamese_refusal(data):
    read_or_refuse("so-lieu.xlsx", data)


@FUZZ
@given(data=mutated_workbook(GOOD_XLSX))
def test_an_xlsx_with_damaged_xml_is_a_table_or_a_vietnamese_refusal(data):
    read_or_refuse("so-lieu.xlsx", data)
