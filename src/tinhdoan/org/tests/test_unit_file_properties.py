"""`tinhdoan import-units` over damaged files: the tree is imported whole, or the file is
refused with Vietnamese messages and not one unit row changed."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tinhdoan.lib.tabular import write_csv, write_xlsx
from tinhdoan.lib.tests.mutations import (
    FUZZ,
    is_vietnamese,
    mutated_bytes,
    mutated_rows,
    mutated_workbook,
)
from tinhdoan.org.models import Unit
from tinhdoan.org.services import tree_check
from tinhdoan.org.unit_files import COLUMNS, UnitImportError, units_import_file
from tinhdoan.testing import make_unit

pytestmark = pytest.mark.django_db

ROWS = [
    COLUMNS,
    ["TD", "Tỉnh đoàn Thử nghiệm", "provincial_union", "", "", ""],
    ["HD", "Huyện đoàn Cũ", "district_union", "TD", "", "30/06/2025"],
    ["HD-CD", "Chi đoàn Thôn Bản", "branch", "HD", "2020-01-01", "2025-06-30"],
    ["XA", "Đoàn xã Mới", "commune_union", "TD", "2025-07-01", ""],
    ["XA-CD", "Chi đoàn Nà Pàn", "branch", "XA", "01/07/2025", ""],
]
GOOD_CSV = write_csv(ROWS[0], ROWS[1:])
GOOD_XLSX = write_xlsx(ROWS[0], ROWS[1:])


@pytest.fixture
def tree():
    """A unit already in the database, under which nothing in the files lives."""
    return make_unit("KHAC", kind="provincial_union", name="Tỉnh đoàn Khác")


def snapshot() -> list[tuple]:
    return list(
        Unit.objects.order_by("code").values_list(
            "code", "name", "kind", "parent__code", "valid_from", "valid_to", "path", "depth"
        )
    )


def import_or_refuse(filename: str, data: bytes) -> bool:
    """Import; on a refusal check the messages and that nothing changed."""
    before = snapshot()
    try:
        units_import_file(filename, data)
    except UnitImportError as error:
        assert error.messages and all(is_vietnamese(m) for m in error.messages), error.messages
        assert snapshot() == before
        return False
    assert tree_check() == []
    return True


def test_the_good_files_import_the_whole_tree(tree):
    for name, data in (("units.csv", GOOD_CSV), ("units.xlsx", GOOD_XLSX)):
        assert import_or_refuse(name, data)
    assert Unit.objects.get(code="XA-CD").parent.code == "XA"
    assert Unit.objects.count() == 6


@FUZZ
@given(rows=mutated_rows(ROWS), as_xlsx=st.booleans())
@example(rows=[*ROWS, ["DAI", "Đoàn " * 60, "branch", "TD", "", ""]], as_xlsx=False)
@example(rows=[*ROWS, ["X" * 41, "Chi đoàn Dài", "branch", "TD", "", ""]], as_xlsx=False)
def test_rows_with_moved_or_wrong_cells_import_whole_or_not_at_all(tree, rows, as_xlsx):
    if as_xlsx:
        name, data = "units.xlsx", write_xlsx(rows[0], rows[1:])
    else:
        name, data = "units.csv", write_csv(rows[0], rows[1:])
    if import_or_refuse(name, data):
        filled = [row for row in rows if any(cell.strip() for cell in row)]
        codes = {row[0].strip() for row in filled[1:]}  # below the header
        assert codes <= set(Unit.objects.values_list("code", flat=True))


@settings(FUZZ, max_examples=60)
@given(data=mutated_bytes(GOOD_CSV))
def test_a_damaged_csv_imports_whole_or_not_at_all(tree, data):
    import_or_refuse("units.csv", data)


@settings(FUZZ, max_examples=60)
@given(data=mutated_bytes(GOOD_XLSX) | mutated_workbook(GOOD_XLSX))
def test_a_damaged_xlsx_imports_whole_or_not_at_all(tree, data):
    import_or_refuse("units.xlsx", data)


@settings(FUZZ, max_examples=25)
@given(data=st.binary(max_size=200), name=st.sampled_from(["units.csv", "units.xlsx"]))
def test_the_command_refuses_random_bytes_and_writes_nothing(tree, tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot()
    with pytest.raises(CommandError, match="không có gì được ghi"):
        call_command("import-units", str(path))
    assert snapshot() == before
