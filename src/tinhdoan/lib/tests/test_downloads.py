import pytest
from django.http import HttpResponse

from tinhdoan.lib.downloads import ascii_filename, content_disposition


@pytest.mark.parametrize(
    ("name", "ascii_name"),
    [
        ("bao-cao-TDLS-2017.docx", "bao-cao-TDLS-2017.docx"),
        ("Báo cáo Đoàn xã Thất Khê.xlsx", "Bao-cao-Doan-xa-That-Khe.xlsx"),
        ('so-lieu-X";evil=1\r\nSet-Cookie: a=b.xlsx', "so-lieu-X-evil-1-Set-Cookie-a-b.xlsx"),
        ("../../etc/passwd", "passwd"),
        ("", "tep"),
    ],
)
def test_the_ascii_name_keeps_only_safe_characters(name, ascii_name):
    assert ascii_filename(name) == ascii_name


def test_the_header_carries_the_safe_name_and_the_exact_one_encoded():
    header = content_disposition('Báo cáo "Lạng Sơn".docx')
    assert header == (
        'attachment; filename="Bao-cao-Lang-Son.docx"; '
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22L%E1%BA%A1ng%20S%C6%A1n%22.docx"
    )
    HttpResponse()["Content-Disposition"] = content_disposition("x\r\ny.ics", inline=True)
