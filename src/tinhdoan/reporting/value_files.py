"""Data values in and out as CSV/XLSX: one row per cell (unit, target, period, value, comment).

`values_export` writes exactly what `value_file_read` reads, so export → import → export
gives the same file (importing, which saves and rolls up, is
`tinhdoan.rollup.saving.values_import_file`). The XLSX template of a unit and period has
the same first sheet, pre-filled with the program's targets, and a second sheet listing
the targets with their names and plans.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.lib.sheet_text import xlsx_bytes
from tinhdoan.lib.tabular import TableError, read_table, write_csv, write_xlsx
from tinhdoan.org.models import Unit
from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.models import Program, ReportingPeriod

from .cells import CellInput
from .models import DataValue
from .selectors import grid_rows

COLUMNS = ["unit_code", "target_code", "period_code", "value", "comment"]
XLSX_MAGIC = b"PK\x03\x04"


def is_xlsx(filename: str, data: bytes) -> bool:
    return filename.lower().endswith(".xlsx") or data[:4] == XLSX_MAGIC


@dataclass
class ValueFile:
    """The cells of a file of values, to be saved as one batch."""

    name: str
    cells: list[CellInput]

    def reason(self, given: str = "") -> str:
        """What the history says about the change: the reason given, or the file's name."""
        return given or _("Imported from %(file)s") % {"file": self.name}


def value_file_read(*, filename: str, data: bytes) -> ValueFile:
    """The rows of a CSV or XLSX file as cells, each with its line; raises ProgramsError when
    the file cannot be read or has no value row."""
    try:
        table = read_table(filename, data, columns=COLUMNS)
    except TableError as exc:
        raise ProgramsError(str(exc)) from exc
    machine = is_xlsx(filename, data)
    cells = [
        CellInput(
            unit=unit_code,
            target=target_code,
            period=period_code,
            value=value,
            comment=comment,
            line=line,
            machine=machine,
        )
        for line, (unit_code, target_code, period_code, value, comment) in table.rows
    ]
    if not cells:
        raise ProgramsError(_("The file has no value rows."))
    return ValueFile(name=filename, cells=cells)


def _spreadsheet_number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def values_export(
    *,
    program: Program,
    period_code: str | None = None,
    unit: Unit | None = None,
    user=None,
    file_format: str = "csv",
) -> bytes:
    values = (
        DataValue.objects.filter(target__program=program)
        .exclude(value__isnull=True, comment="")
        .select_related("unit", "target", "period")
        .order_by("unit__path", "target__position", "target__code", "period__start", "-period__end")
    )
    if period_code:
        values = values.filter(period__code=period_code.strip().upper())
    if unit is not None:
        values = values.filter(unit=unit)
    if user is not None:
        values = values.filter(unit__in=Unit.objects.filter(scope_for(user).unit_filter()))
    if file_format == "xlsx":
        rows = [
            [v.unit.code, v.target.code, v.period.code, _spreadsheet_number(v.value), v.comment]
            for v in values
        ]
        return write_xlsx(COLUMNS, rows, title="so_lieu")
    rows = [
        [
            v.unit.code,
            v.target.code,
            v.period.code,
            v.value,
            v.comment,
        ]
        for v in values
    ]
    return write_csv(COLUMNS, rows)


def values_template_xlsx(
    *, program: Program, unit: Unit, reporting_period: ReportingPeriod
) -> bytes:
    """The workbook a unit fills in Excel for one period, with its current values."""
    rows = [
        row
        for row in grid_rows(program=program, unit=unit, reporting_period=reporting_period)
        if not row.target.is_computed
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "so_lieu"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(
            [
                unit.code,
                row.target.code,
                reporting_period.period.code,
                _spreadsheet_number(row.value.value) if row.value else None,
                row.value.comment if row.value else "",
            ]
        )
        sheet.cell(row=sheet.max_row, column=2).comment = Comment(
            f"{row.target.name} ({row.target.measure})", "tinhdoan"
        )
    for letter, width in zip("ABCDE", (16, 12, 12, 14, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("chi_tieu")
    guide.append([_("Code"), _("Target"), _("Measure"), _("Plan")])
    for row in rows:
        guide.append(
            [row.target.code, row.target.name, row.target.measure, _spreadsheet_number(row.plan)]
        )
    guide.column_dimensions["B"].width = 70
    return xlsx_bytes(workbook)
