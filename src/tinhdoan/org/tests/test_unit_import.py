import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from tinhdoan.lib.textfile import encode_legacy
from tinhdoan.org.models import Unit
from tinhdoan.org.services import tree_check
from tinhdoan.org.unit_files import UnitImportError, units_export, units_import_file

pytestmark = pytest.mark.django_db

HEADER = "code,name,kind,parent_code,valid_from,valid_to\n"
GOOD = HEADER + (
    "TD,Tỉnh đoàn Thử nghiệm,provincial_union,,,\n"
    "HD,Huyện đoàn Cũ,district_union,TD,,30/06/2025\n"
    "HD-CD,Chi đoàn Thôn Bản,branch,HD,2020-01-01,2025-06-30\n"
    "XA,Đoàn xã Mới,commune_union,TD,2025-07-01,\n"
)


def delete_all_units():
    for unit in Unit.objects.order_by("-depth"):
        unit.delete()


def run_import(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    call_command("import-units", str(path))


def refused(tmp_path, name: str, data: bytes) -> str:
    """Import a bad file; check that nothing was written and return what it said."""
    before = Unit.objects.count()
    with pytest.raises(UnitImportError) as caught:
        units_import_file(name, data)
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match="không có gì được ghi"):
        call_command("import-units", str(path))
    assert Unit.objects.count() == before
    return str(caught.value)


def test_good_csv_builds_the_tree_with_valid_paths(tmp_path):
    run_import(tmp_path, "units.csv", GOOD.encode())
    assert Unit.objects.count() == 4
    branch = Unit.objects.get(code="HD-CD")
    assert branch.parent.code == "HD" and branch.depth == 2
    assert Unit.objects.get(code="HD").valid_to.isoformat() == "2025-06-30"
    assert tree_check() == []


def test_cycle_is_refused(tmp_path):
    data = HEADER + "A,Đơn vị A,bloc_union,B,,\nB,Đơn vị B,bloc_union,A,,\n"
    message = refused(tmp_path, "cycle.csv", data.encode())
    assert "vòng lặp" in message and "Dòng" in message


def test_unknown_parent_is_refused_with_its_line(tmp_path):
    data = HEADER + "A,Đơn vị A,bloc_union,,,\nB,Đơn vị B,branch,KHONGCO,,\n"
    message = refused(tmp_path, "parent.csv", data.encode())
    assert "Dòng 3" in message and "KHONGCO" in message


def test_duplicate_code_is_refused(tmp_path):
    data = HEADER + "A,Đơn vị A,bloc_union,,,\nA,Đơn vị A lần hai,bloc_union,,,\n"
    message = refused(tmp_path, "dup.csv", data.encode())
    assert "Dòng 3" in message and "dòng 2" in message


def test_child_valid_outside_its_parent_is_refused(tmp_path):
    data = HEADER + "A,Đơn vị A,district_union,,,2025-06-30\nB,Chi đoàn B,branch,A,,\n"
    message = refused(tmp_path, "validity.csv", data.encode())
    assert "Dòng 3" in message and "ngoài thời gian" in message


def test_bad_dates_are_refused(tmp_path):
    data = (
        HEADER
        + "A,Đơn vị A,bloc_union,,31/02/2020,\nB,Đơn vị B,bloc_union,,2021-01-01,2020-01-01\n"
    )
    message = refused(tmp_path, "dates.csv", data.encode())
    assert "31/02/2020" in message and "Dòng 3" in message


def test_unknown_kind_is_refused(tmp_path):
    message = refused(tmp_path, "kind.csv", (HEADER + "A,Đơn vị A,hội đồng,,,\n").encode())
    assert "hội đồng" in message


def test_legacy_encoding_that_cannot_be_read_is_refused(tmp_path):
    message = refused(tmp_path, "legacy.csv", HEADER.encode() + b"A,\xe0 \xe1 \xe0,bloc_union,,,\n")
    assert "bảng mã" in message


def test_tcvn3_file_is_converted(tmp_path):
    data = HEADER + "A,Đoàn xã Thất Khê,commune_union,,,\n"
    run_import(tmp_path, "tcvn3.csv", encode_legacy(data, "tcvn3"))
    assert Unit.objects.get(code="A").name == "Đoàn xã Thất Khê"


def test_utf16_and_bom_files_are_read(tmp_path):
    run_import(tmp_path, "utf16.csv", GOOD.replace(",", "\t").encode("utf-16"))
    assert Unit.objects.get(code="XA").name == "Đoàn xã Mới"
    delete_all_units()
    run_import(tmp_path, "bom.csv", GOOD.encode("utf-8-sig"))
    assert Unit.objects.count() == 4


def test_shifted_columns_are_refused(tmp_path):
    data = "name,code,kind,parent_code,valid_from,valid_to\nĐơn vị A,A,bloc_union,,,\n"
    assert "Dòng 1" in refused(tmp_path, "shifted.csv", data.encode())


def test_empty_and_foreign_files_are_refused(tmp_path):
    assert "trống" in refused(tmp_path, "empty.csv", b"")
    assert "CSV" in refused(tmp_path, "units.pdf", b"%PDF-1.4 something")


def test_xlsx_is_read_and_export_round_trips(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for line in GOOD.strip().split("\n"):
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    run_import(tmp_path, "units.xlsx", buffer.getvalue())
    exported = units_export(file_format="xlsx")
    rows = list(load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    assert rows[0] == ("code", "name", "kind", "parent_code", "valid_from", "valid_to")
    assert ("HD-CD", "Chi đoàn Thôn Bản", "branch", "HD", "2020-01-01", "2025-06-30") in rows


def test_round_trip_import_export_import_is_identical(tmp_path):
    run_import(tmp_path, "units.csv", GOOD.encode())
    first = units_export()
    delete_all_units()
    run_import(tmp_path, "again.csv", first)
    assert units_export() == first
    result = units_import_file("same.csv", first)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)


def test_export_units_command_writes_what_import_reads(tmp_path, demo):
    output = tmp_path / "units.csv"
    call_command("export-units", "--output", str(output))
    data = output.read_bytes()
    assert data.decode().count("\n") == Unit.objects.count() + 1
    result = units_import_file("units.csv", data)
    assert result.unchanged == Unit.objects.count()
