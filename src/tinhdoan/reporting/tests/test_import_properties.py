"""`tinhdoan import-values` over damaged files and random cells: every value is written with
its audit row, or the file is refused with Vietnamese messages and nothing is written."""

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
    vietnamese_text,
)
from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.tests.factories import make_world
from tinhdoan.reporting.models import DataValue, ValueChange
from tinhdoan.reporting.value_files import COLUMNS
from tinhdoan.rollup.models import Aggregate
from tinhdoan.rollup.saving import values_import_file

pytestmark = pytest.mark.django_db

ROWS = [
    COLUMNS,
    ["P-A", "CT01", "2026", "120", "Kết nạp dịp 26/3"],
    ["P-A", "CT02", "2026", "1.234", ""],
    ["P-A", "CT04", "2026", "1.234,5", "Vốn hỗ trợ thanh niên"],
    ["P-B", "CT03", "2026", "72,5%", ""],
    ["P-B", "CT01", "2026S1", "40", ""],
]
GOOD_CSV = write_csv(ROWS[0], ROWS[1:])
# In a workbook the numbers are numeric cells, as Excel stores what a person types.
GOOD_XLSX = write_xlsx(
    ROWS[0],
    [
        [
            *row[:3],
            {"1.234": 1234, "1.234,5": 1234.5, "120": 120, "40": 40}.get(row[3], row[3]),
            row[4],
        ]
        for row in ROWS[1:]
    ],
)


@pytest.fixture
def world():
    return make_world()


def snapshot() -> tuple:
    values = sorted(
        DataValue.objects.values_list(
            "unit__code", "target__code", "period__code", "value", "comment", "version"
        )
    )
    aggregates = sorted(Aggregate.objects.values_list("unit_id", "target_id", "period_id", "value"))
    return values, ValueChange.objects.count(), aggregates


def import_or_refuse(world, filename: str, data: bytes, user=None) -> bool:
    """Import; on a refusal check the messages and that nothing at all was written."""
    before = snapshot()
    try:
        result = values_import_file(user=user, program=world.program, filename=filename, data=data)
    except ProgramsError as error:
        assert error.messages and all(is_vietnamese(m) for m in error.messages), error.messages
        assert snapshot() == before
        return False
    changed = result.created + result.updated
    assert ValueChange.objects.count() == before[1] + changed
    return True


def test_the_good_files_are_imported(world):
    assert import_or_refuse(world, "so-lieu.csv", GOOD_CSV)
    assert DataValue.objects.count() == 5 and ValueChange.objects.count() == 5
    assert import_or_refuse(world, "so-lieu.xlsx", GOOD_XLSX)
    assert ValueChange.objects.count() == 5  # the same values again: nothing new to record


@FUZZ
@given(rows=mutated_rows(ROWS), as_xlsx=st.booleans(), as_officer=st.booleans())
@example(rows=[*ROWS, ["P-A", "CT04", "2026S1", "²", ""]], as_xlsx=False, as_officer=False)
@example(rows=[*ROWS, ["P-A", "CT04", "2026S1", "%", ""]], as_xlsx=False, as_officer=False)
def test_rows_with_moved_or_wrong_cells_import_whole_or_not_at_all(
    world, rows, as_xlsx, as_officer
):
    data = write_xlsx(rows[0], rows[1:]) if as_xlsx else write_csv(rows[0], rows[1:])
    user = world.officer_a if as_officer else None
    import_or_refuse(world, "so-lieu.xlsx" if as_xlsx else "so-lieu.csv", data, user=user)


@FUZZ
@given(
    value=vietnamese_text | st.text(alphabet="0123456789.,%+-e ²", max_size=12),
    comment=vietnamese_text,
    target=st.sampled_from(["CT01", "CT02", "CT03", "CT04", "ct04", " CT01 "]),
)
def test_a_random_value_cell_is_written_with_its_audit_row_or_refused(
    world, value, comment, target
):
    rows = [COLUMNS, ["P-A", target, "2026", value, comment]]
    if import_or_refuse(world, "o.csv", write_csv(rows[0], rows[1:])):
        stored = DataValue.objects.filter(
            unit__code="P-A", target__code=target.strip().upper(), period__code="2026"
        ).first()
        if value.strip() or comment.strip():
            assert stored.comment == comment.strip()
        else:  # an empty cell clears what was there, or writes nothing
            assert stored is None or (stored.value, stored.comment) == (None, "")


@settings(FUZZ, max_examples=60)
@given(data=mutated_bytes(GOOD_CSV))
def test_a_damaged_csv_imports_whole_or_not_at_all(world, data):
    import_or_refuse(world, "so-lieu.csv", data)


@settings(FUZZ, max_examples=60)
@given(data=mutated_bytes(GOOD_XLSX) | mutated_workbook(GOOD_XLSX))
def test_a_damaged_xlsx_imports_whole_or_not_at_all(world, data):
    import_or_refuse(world, "so-lieu.xlsx", data)


@settings(FUZZ, max_examples=25)
@given(data=st.binary(max_size=200), name=st.sampled_from(["so-lieu.csv", "so-lieu.xlsx"]))
def test_the_command_refuses_random_bytes_and_writes_nothing(world, tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot()
    with pytest.raises(CommandError, match="không có gì được ghi"):
        call_command("import-values", str(path), program="P:2026")
    assert snapshot() == before
