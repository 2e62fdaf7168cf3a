import datetime
import unicodedata

import pytest

from tinhdoan.documents.render import vietnamese_date_line


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (datetime.date(2018, 1, 9), "Lạng Sơn, ngày 09 tháng 01 năm 2018"),
        (datetime.date(2018, 12, 15), "Lạng Sơn, ngày 15 tháng 12 năm 2018"),
        (datetime.date(2024, 3, 31), "Lạng Sơn, ngày 31 tháng 3 năm 2024"),
        (datetime.date(2020, 2, 5), "Lạng Sơn, ngày 05 tháng 02 năm 2020"),
        (datetime.date(2019, 9, 10), "Lạng Sơn, ngày 10 tháng 9 năm 2019"),
        (datetime.date(2019, 10, 1), "Lạng Sơn, ngày 01 tháng 10 năm 2019"),
    ],
)
def test_days_below_ten_and_months_one_and_two_take_a_leading_zero(day, line):
    assert vietnamese_date_line("Lạng Sơn", day) == line


def test_the_place_is_written_in_composed_form():
    decomposed = unicodedata.normalize("NFD", "Lạng Sơn")
    line = vietnamese_date_line(decomposed, datetime.date(2018, 1, 9))
    assert line == "Lạng Sơn, ngày 09 tháng 01 năm 2018"
    assert unicodedata.is_normalized("NFC", line)
