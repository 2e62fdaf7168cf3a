"""Files that inflate past the limits of lib/limits.py are refused, before anything big is built,
with 422 and a Vietnamese reason naming the limit; nothing is written. The bombs are built here."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tinhdoan.lib.limits import errors_capped
from tinhdoan.lib.tabular import TableError, read_table
from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.models import EvidenceFile
from tinhdoan.programs.tests.factories import GRID, make_world
from tinhdoan.reporting.models import DataValue, ValueChange
from tinhdoan.reporting.value_files import COLUMNS

pytestmark = pytest.mark.django_db


def workbook_with_sheet(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet is replaced by `sheet_xml`, deflated."""
    workbook = Workbook()
    workbook.active.append(COLUMNS)
    plain = io.BytesIO()
    workbook.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in source.infolist():
            data = source.read(item.filename)
            zf.writestr(item.filename, sheet_xml if item.filename.endswith("sheet1.xml") else data)
    return out.getvalue()


def sheet(rows: int, *, row: str = '<c t="inlineStr"><is><t>x</t></is></c>') -> bytes:
    """A worksheet of `rows` identical rows (no row numbers: each follows the one before)."""
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    body = f"<row>{row}</row>" * rows
    return head + body.encode() + b"</sheetData></worksheet>"


@pytest.fixture
def world():
    return make_world()


def test_a_zip_bomb_xlsx_is_refused_by_its_directory_with_422_and_nothing_written(world, login):
    bomb = workbook_with_sheet(sheet(300_000))  # some 20 MB of XML in a file of a few hundred KB
    assert len(bomb) < 1_000_000
    response = login(world.officer_a).post(
        f"{GRID}upload/", {"file": SimpleUploadedFile("bom.xlsx", bomb)}
    )
    assert response.status_code == 422
    assert "lớn hơn 100 lần kích thước nén" in response.content.decode()
    assert (DataValue.objects.count(), ValueChange.objects.count()) == (0, 0)


def test_rows_past_the_limit_are_refused_as_the_sheet_is_read(settings):
    settings.TINHDOAN_FILE_LIMITS = {"table_rows": 1000}
    data = workbook_with_sheet(sheet(1002, row=f'<c t="inlineStr"><is><t>{"x" * 9}</t></is></c>'))
    with pytest.raises(TableError, match=r"Bảng có hơn 1\.000 dòng"):
        read_table("a.xlsx", data, columns=["x"])
    csv = ("x\n" + "1\n" * 1001).encode()
    with pytest.raises(TableError, match=r"Bảng có hơn 1\.000 dòng"):
        read_table("a.csv", csv, columns=["x"])
    assert len(read_table("a.csv", ("x\n" + "1\n" * 1000).encode(), columns=["x"]).rows) == 1000


def test_columns_and_cells_past_the_limits_are_refused(settings):
    settings.TINHDOAN_FILE_LIMITS = {"table_cells": 50}
    wide = workbook_with_sheet(sheet(1, row='<c r="XFD1" t="inlineStr"><is><t>x</t></is></c>'))
    with pytest.raises(TableError, match="Bảng có hơn 100 cột"):
        read_table("a.xlsx", wide, columns=["x"])
    with pytest.raises(TableError, match="Bảng có hơn 50 ô"):
        read_table("a.csv", ("x\n" + "1\n" * 60).encode(), columns=["x"])


def test_unpacked_size_past_the_limit_is_refused(settings):
    settings.TINHDOAN_FILE_LIMITS = {"unpacked_bytes": 100_000}
    with pytest.raises(TableError, match="Khi giải nén, tệp lớn hơn giới hạn 0,0953674 MB"):
        read_table("a.xlsx", workbook_with_sheet(sheet(5000)), columns=["x"])


def test_an_error_on_every_row_lists_fifty_then_the_count_of_the_rest(world, login):
    rows = "".join(f"P-A,KHONG{n},2026,1,\n" for n in range(80))  # 80 unknown targets
    data = (",".join(COLUMNS) + "\n" + rows).encode()
    response = login(world.officer_a).post(
        f"{GRID}upload/", {"file": SimpleUploadedFile("a.csv", data)}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Dòng 51:" in html and "Dòng 52:" not in html and "và 30 lỗi khác" in html
    assert DataValue.objects.count() == 0


def test_errors_capped_keeps_short_lists_whole():
    assert errors_capped(["a", "b"]) == ["a", "b"]
    assert ProgramsError([str(n) for n in range(51)]).messages[-1] == "và 1 lỗi khác"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "không thuộc loại được phép"),
        ("du-lieu.bin", b"\x00" * 100, "không thuộc loại được phép"),
        ("bao-cao.pdf", b"<html>", "không khớp với phần mở rộng"),
        ("lon.pdf", b"%PDF-1.4 " + b"x" * 2_000_000, "vượt quá giới hạn 1 MB"),
    ],
)
def test_focal_task_evidence_follows_the_rules_of_every_upload(
    world, login, settings, tmp_path, name, content, message
):
    from tinhdoan.programs.services import focal_task_add

    settings.MEDIA_ROOT = tmp_path
    settings.TINHDOAN_EVIDENCE_MAX_BYTES = 1024 * 1024
    task = focal_task_add(program=world.program, name="Đại hội đoàn các cấp")
    page = login(world.approver).post(
        "/programs/P/2026/items/focal/1/",
        {"status": "completed", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in page.content.decode()
    task.refresh_from_db()
    assert task.status != "completed" and EvidenceFile.objects.count() == 0
    assert list(tmp_path.rglob("*.*")) == []


def test_a_comment_longer_than_the_limit_is_refused_everywhere(world, login):
    long = "x" * 2001
    data = (",".join(COLUMNS) + f"\nP-A,CT01,2026,1,{long}\n").encode()
    page = login(world.officer_a).post(
        f"{GRID}upload/", {"file": SimpleUploadedFile("a.csv", data)}
    )
    assert page.status_code == 422
    assert "Dòng 2: ghi chú dài hơn 2.000 ký tự." in page.content.decode()
    body = {
        "program": "P:2026",
        "items": [
            {
                "unit": "P-A",
                "target": "CT01",
                "period": "2026",
                "value": 1,
                "comment": long,
                "version": 0,
            }
        ],
    }
    response = login(world.officer_a).put("/api/v1/values", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "Chỉ được có tối đa 2.000 ký tự."
    assert DataValue.objects.count() == 0
