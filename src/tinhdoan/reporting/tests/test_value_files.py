"""Files of values: reading CSV/XLSX in every encoding offices send, refusing bad ones whole,
export → import → export, the XLSX template, and the import-values / export-values commands.
Importing saves through `tinhdoan.rollup.saving`, as every save does."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from tinhdoan.lib.textfile import encode_legacy
from tinhdoan.programs.errors import NotInScope, ProgramsError
from tinhdoan.programs.tests.factories import make_world
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.models import DataValue, ValueChange
from tinhdoan.reporting.value_files import COLUMNS, values_export, values_template_xlsx
from tinhdoan.rollup.saving import values_import_file, values_save

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS) + "\n"
GOOD = HEADER + (
    "P-A,CT01,2026,120,Kết nạp dịp 26/3\n"
    "P-A,CT02,2026,1.234,\n"
    'P-A,CT04,2026,"1.234,5",\n'
    'P-B,CT03,2026,"72,5%",\n'
)


@pytest.fixture
def world():
    return make_world()


def counts():
    return DataValue.objects.count(), ValueChange.objects.count()


def refused(world, name: str, data: bytes, *, user=None, error=ProgramsError) -> str:
    before = counts()
    with pytest.raises(error) as caught:
        values_import_file(user=user, program=world.program, filename=name, data=data)
    assert counts() == before
    return "\n".join(caught.value.messages)


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_csv_in_vietnamese_notation_is_imported(world):
    result = values_import_file(
        user=None, program=world.program, filename="so-lieu.csv", data=GOOD.encode()
    )
    assert result.created == 4
    values = {(v.unit.code, v.target.code): v.value for v in DataValue.objects.all()}
    assert values == {
        ("P-A", "CT01"): 120,
        ("P-A", "CT02"): 1234,
        ("P-A", "CT04"): Decimal("1234.5"),
        ("P-B", "CT03"): Decimal("72.5"),
    }
    assert ValueChange.objects.filter(source="import").count() == 4


def test_a_csv_with_a_bom_is_read(world):
    values_import_file(
        user=None, program=world.program, filename="a.csv", data=GOOD.encode("utf-8-sig")
    )
    assert DataValue.objects.get(target__code="CT01").comment == "Kết nạp dịp 26/3"


def test_a_utf16_tab_separated_file_from_excel_is_read(world):
    text = GOOD.replace(",", "\t").replace('"1.234\t5"', "1.234,5").replace('"72\t5%"', "72,5%")
    values_import_file(
        user=None, program=world.program, filename="a.txt", data=text.encode("utf-16")
    )
    assert DataValue.objects.get(target__code="CT04").value == Decimal("1234.5")
    assert DataValue.objects.get(target__code="CT01").comment == "Kết nạp dịp 26/3"


def test_a_legacy_encoding_that_can_be_told_is_read_and_one_that_cannot_is_refused(world):
    text = HEADER + "P-A,CT01,2026,5,Kết nạp đoàn viên mới trong tháng thanh niên\n"
    values_import_file(
        user=None, program=world.program, filename="a.csv", data=encode_legacy(text, "tcvn3")
    )
    assert DataValue.objects.get().comment == "Kết nạp đoàn viên mới trong tháng thanh niên"
    garbage = HEADER.encode() + b"P-A,CT02,2026,7,\x81\x8d\x8f\x90\x9d\xfe\xff\n"
    assert "Không nhận ra bảng mã" in refused(world, "b.csv", garbage)


def test_a_file_that_is_not_csv_or_xlsx_is_refused(world):
    assert "Chỉ nhập được tệp CSV hoặc XLSX" in refused(world, "so-lieu.pdf", b"%PDF-1.4 ...")


def test_an_empty_file_is_refused(world):
    assert "Tệp trống" in refused(world, "a.csv", b"")
    assert "không có dòng số liệu" in refused(world, "a.csv", HEADER.encode())


def test_a_sheet_with_shifted_columns_is_refused(world):
    data = xlsx([COLUMNS, ["", "P-A", "CT01", "2026", "5", ""]])
    assert "Dòng 2: mã đơn vị trống; các cột có bị lệch không?" in refused(world, "a.xlsx", data)
    data = xlsx([COLUMNS, ["", "P-A", "CT01", "2026", "5", "ghi chú"]])
    assert "Dòng 2: có nhiều ô hơn 5 cột" in refused(world, "b.xlsx", data)


def test_a_sheet_with_other_columns_is_refused(world):
    data = xlsx(
        [["don_vi", "chi_tieu", "ky", "gia_tri", "ghi_chu"], ["P-A", "CT01", "2026", 5, ""]]
    )
    assert "unit_code, target_code, period_code, value, comment" in refused(world, "a.xlsx", data)


def test_duplicate_rows_for_one_cell_are_refused(world):
    data = (HEADER + "P-A,CT01,2026,5,\nP-A,CT01,2026,6,\n").encode()
    message = refused(world, "a.csv", data)
    assert "Dòng 3" in message and "trùng với Dòng 2" in message


def test_every_bad_row_is_listed_with_its_line(world):
    data = (
        HEADER
        + "P-A,CT01,2026,mười,\n"
        + "P-A,CT01,2026S1,-3,\n"
        + "P-A,CT02,2026,200.000,\n"
        + "P-A,CT03,2026,120%,\n"
        + "P-A,CT77,2026,1,\n"
    ).encode()
    message = refused(world, "a.csv", data)
    for expected in (
        "Dòng 2: “mười” không phải là số",
        "Dòng 3: CT01 Kết nạp đoàn viên mới không được âm",
        "Dòng 4: CT02 Thanh niên được tập hợp tối đa là 100.000",
        "Dòng 5: CT03 Tỷ lệ chi đoàn vững mạnh là tỷ lệ phần trăm",
        "Dòng 6: chương trình không có chỉ tiêu mã “CT77”",
    ):
        assert expected in message


def test_a_row_of_a_unit_outside_the_users_scope_refuses_the_whole_file(world):
    data = (HEADER + "P-A,CT01,2026,5,\nP-B,CT01,2026,6,\n").encode()
    message = refused(world, "a.csv", data, user=world.officer_a, error=NotInScope)
    assert "Dòng 3" in message and "P-B" in message


def test_a_formula_cell_uses_its_cached_value_never_the_formula_text(world, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append(["P-A", "CT01", "2026", "=2+3", ""])
    path = tmp_path / "f.xlsx"
    workbook.save(path)
    # openpyxl writes no cached value: the file is refused, not read as "=2+3".
    message = refused(world, "f.xlsx", path.read_bytes())
    assert "công thức" in message
    # A workbook saved by Excel carries the cached value: that is what is imported.
    data = path.read_bytes()
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<f>2+3</f><v></v>", b"<f>2+3</f><v>5</v>").replace(
                    b"<f>2+3</f></c>", b"<f>2+3</f><v>5</v></c>"
                )
            target.writestr(item, content)
    values_import_file(user=None, program=world.program, filename="f.xlsx", data=out.getvalue())
    assert DataValue.objects.get().value == 5


def test_xlsx_numeric_cells_keep_their_decimal_point(world):
    data = xlsx([COLUMNS, ["P-A", "CT04", "2026", 1.125, ""], ["P-A", "CT02", "2026", 1234, ""]])
    values_import_file(user=None, program=world.program, filename="a.xlsx", data=data)
    assert DataValue.objects.get(target__code="CT04").value == Decimal("1.125")
    assert DataValue.objects.get(target__code="CT02").value == 1234


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_import_export_is_identical(world, file_format):
    values_import_file(user=None, program=world.program, filename="a.csv", data=GOOD.encode())
    values_save(
        user=None,
        program=world.program,
        cells=[
            CellInput("P-B", "CT04", "2026S1", "1,2340"),
            CellInput("P-B", "CT02", "2026S1", "7"),
        ],
    )
    first = values_export(program=world.program, file_format=file_format)
    DataValue.objects.all().delete()
    values_import_file(user=None, program=world.program, filename=f"x.{file_format}", data=first)
    assert DataValue.objects.get(unit__code="P-B", target__code="CT04").value == Decimal("1.234")
    again = values_export(program=world.program, file_format=file_format)
    if file_format == "csv":
        assert again == first
    else:
        rows = lambda data: [  # noqa: E731
            list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
        ]
        assert rows(again) == rows(first)


def test_xlsx_template_round_trip_download_fill_upload(world):
    data = values_template_xlsx(
        program=world.program, unit=world.commune_a, reporting_period=world.period
    )
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["so_lieu"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[1].value for r in rows] == ["CT01", "CT02", "CT03", "CT04"]
    assert workbook["chi_tieu"]["B2"].value == "Kết nạp đoàn viên mới"
    filled = {"CT01": 45, "CT02": 600, "CT03": 66.5, "CT04": 120.25}
    for row in rows:
        row[3].value = filled[row[1].value]
    buffer = io.BytesIO()
    workbook.save(buffer)
    values_import_file(
        user=world.officer_a, program=world.program, filename="mau.xlsx", data=buffer.getvalue()
    )
    stored = {v.target.code: v.value for v in DataValue.objects.filter(unit=world.commune_a)}
    assert stored == {code: Decimal(str(v)) for code, v in filled.items()}


def test_import_values_command_imports_and_export_values_writes_the_same_format(
    world, tmp_path, capsys
):
    source = tmp_path / "in.csv"
    source.write_bytes(GOOD.encode())
    call_command("import-values", str(source), "--program", "P:2026")
    assert "4 số liệu mới" in capsys.readouterr().out
    out = tmp_path / "out.csv"
    call_command("export-values", "--program", "P:2026", "--period", "2026", "--output", str(out))
    assert (
        out.read_text(encoding="utf-8").splitlines()[0]
        == "unit_code,target_code,period_code,value,comment"
    )
    assert 'P-A,CT04,2026,"1234,5",' in out.read_text(encoding="utf-8")
    call_command(
        "export-values",
        "--program",
        "P:2026",
        "--period",
        "2026",
        "--unit",
        "P-B",
        "--format",
        "xlsx",
        "--output",
        str(tmp_path / "b.xlsx"),
    )
    sheet = load_workbook(tmp_path / "b.xlsx").active
    assert [list(r) for r in sheet.iter_rows(values_only=True)][1] == [
        "P-B",
        "CT03",
        "2026",
        72.5,
        None,
    ]


def test_import_values_command_refuses_a_bad_file_with_exit_code_and_writes_nothing(
    world, tmp_path, capsys
):
    source = tmp_path / "in.csv"
    source.write_bytes((HEADER + "P-A,CT01,2026,abc,\n").encode())
    with pytest.raises(CommandError) as caught:
        call_command("import-values", str(source), "--program", "P:2026")
    assert "không có gì được ghi" in str(caught.value)
    assert "không phải là số" in capsys.readouterr().err
    assert DataValue.objects.count() == 0


def test_import_values_command_with_a_user_refuses_units_outside_their_scope(
    world, tmp_path, capsys
):
    source = tmp_path / "in.csv"
    source.write_bytes((HEADER + "P-B,CT01,2026,5,\n").encode())
    with pytest.raises(CommandError):
        call_command("import-values", str(source), "--program", "P:2026", "--user", "can_bo_a")
    assert "P-B" in capsys.readouterr().err
    assert DataValue.objects.count() == 0


@pytest.mark.parametrize("key", ["P", "P:năm", "X:2026"])
def test_import_values_command_refuses_an_unknown_program(world, tmp_path, key):
    source = tmp_path / "in.csv"
    source.write_bytes(GOOD.encode())
    with pytest.raises(CommandError):
        call_command("import-values", str(source), "--program", key)
    assert DataValue.objects.count() == 0


def _import_queries(world, prefix: str, units: int) -> int:
    from tinhdoan.testing import make_unit

    for i in range(units):
        make_unit(f"{prefix}{i:03d}", parent=world.province)
    lines = [HEADER.strip()]
    for i in range(units):
        for target, value in (("CT02", "1.234"), ("CT03", "72,5%"), ("CT04", "12,25")):
            for period in ("2026", "2026S1"):
                lines.append(f"{prefix}{i:03d},{target},{period},{value},")
    data = ("\n".join(lines) + "\n").encode()
    with CaptureQueriesContext(connection) as queries:
        result = values_import_file(user=None, program=world.program, filename="a.csv", data=data)
    assert result.created == units * 6
    return len(queries)


def test_a_large_file_is_imported_with_a_fixed_number_of_queries(world):
    # Writing takes five statements whatever the number of rows (a staging table is
    # created, filled, copied into the values and into the history, and dropped); the
    # roll-up a few per period and level of the tree.
    small = _import_queries(world, "P-S", 10)
    large = _import_queries(world, "P-X", 150)
    assert large == small
    assert DataValue.objects.count() == ValueChange.objects.count() == 960


def test_a_second_import_updates_changed_cells_adds_new_ones_and_keeps_a_history_row_each(
    world,
):
    values_import_file(user=None, program=world.program, filename="a.csv", data=GOOD.encode())
    first = {v.target.code: v for v in DataValue.objects.filter(unit__code="P-A")}
    second = HEADER + (
        "P-A,CT01,2026,120,Kết nạp dịp 26/3\n"  # the same: left as it is
        "P-A,CT02,2026,1.500,Sau đợt ra quân\n"  # a new value and a comment
        'P-A,CT04,2026,"1.234,5",đã đối chiếu\n'  # the same value, a new comment
        "P-A,CT01,2026S1,40,\n"  # a new cell
    )
    result = values_import_file(
        user=world.officer_a, program=world.program, filename="b.csv", data=second.encode()
    )
    assert (result.created, result.updated, result.unchanged) == (1, 2, 1)
    after = {(v.target.code, v.period.code): v for v in DataValue.objects.filter(unit__code="P-A")}
    assert after[("CT01", "2026")].version == 1
    assert after[("CT01", "2026")].updated_at == first["CT01"].updated_at
    reached = after[("CT02", "2026")]
    assert (reached.value, reached.comment, reached.version) == (1500, "Sau đợt ra quân", 2)
    assert reached.author == world.officer_a and reached.updated_at > first["CT02"].updated_at
    money = after[("CT04", "2026")]
    assert (money.value, money.comment, money.version) == (Decimal("1234.5"), "đã đối chiếu", 2)
    assert after[("CT01", "2026S1")].value == 40 and after[("CT01", "2026S1")].version == 1
    changes = ValueChange.objects.filter(reason="Nhập từ tệp b.csv").order_by("target__code")
    assert [
        (c.target.code, c.old_value, c.new_value, c.old_comment, c.new_comment, c.version)
        for c in changes
    ] == [
        ("CT01", None, 40, "", "", 1),
        ("CT02", 1234, 1500, "", "Sau đợt ra quân", 2),
        ("CT04", Decimal("1234.5"), Decimal("1234.5"), "", "đã đối chiếu", 2),
    ]
    assert all(c.author == world.officer_a and c.source == "import" for c in changes)
    assert ValueChange.objects.count() == 4 + 3
