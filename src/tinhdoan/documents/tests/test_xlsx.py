import io

import pytest
from openpyxl import load_workbook

from tinhdoan.documents.render import render_xlsx

from .samples import SUMMARY, TARGETS, state_report, union_report


@pytest.fixture(scope="module")
def sheet():
    return load_workbook(io.BytesIO(render_xlsx(union_report()))).active


def find(sheet, text):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} is not in the sheet")


def test_header_lines_title_and_subject_are_on_the_sheet(sheet):
    issuer = find(sheet, "BCH TỈNH LẠNG SƠN")
    heading = find(sheet, "ĐOÀN TNCS HỒ CHÍ MINH")
    number = find(sheet, "Số: 125-BC/TĐTN-VP")
    date_line = find(sheet, "Lạng Sơn, ngày 09 tháng 01 năm 2018")
    assert issuer.column < heading.column and issuer.row == heading.row
    assert number.row == date_line.row and number.column < date_line.column
    assert heading.font.b and date_line.font.i
    kind = find(sheet, "BÁO CÁO")
    subject = find(sheet, "Kết quả thực hiện chương trình công tác năm 2017")
    assert kind.font.b and subject.row == kind.row + 1 and kind.row > number.row


def test_table_numbers_are_numeric_cells_equal_to_the_input(sheet):
    heading = find(sheet, "Chỉ tiêu")
    assert heading.font.b
    for offset, (order, name, plan, actual) in enumerate(TARGETS, start=1):
        row = heading.row + offset
        values = [sheet.cell(row=row, column=column) for column in range(1, 5)]
        assert [cell.value for cell in values] == [order, name, plan, actual]
        assert [cell.data_type for cell in values] == ["n", "s", "n", "n"]
        assert values[2].alignment.horizontal == "right"
    last = heading.row + len(TARGETS)
    assert sheet.cell(row=last, column=3).number_format == "#,##0.0"
    assert sheet.cell(row=last, column=4).number_format == "#,##0.00"
    assert sheet.cell(row=heading.row + 1, column=3).number_format == "#,##0"


def test_table_heading_is_frozen_and_columns_have_widths(sheet):
    heading = find(sheet, "Chỉ tiêu")
    assert sheet.freeze_panes == f"A{heading.row + 1}"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width >= 8


def test_paragraphs_are_merged_wrapped_rows(sheet):
    summary = find(sheet, SUMMARY)
    assert summary.alignment.wrap_text
    merged = [r for r in sheet.merged_cells.ranges if r.min_row == summary.row]
    assert merged and merged[0].min_col == 1 and merged[0].max_col == sheet.max_column


def test_sheet_prints_on_a4(sheet):
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert round(sheet.page_margins.left * 25.4) == 30


def test_state_sheet_carries_the_national_motto():
    sheet = load_workbook(io.BytesIO(render_xlsx(state_report()))).active
    assert find(sheet, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").font.b
    assert find(sheet, "Độc lập - Tự do - Hạnh phúc").font.u == "single"
