"""What a save of values carries from step to step: the cells asked for, resolved, written.

A save (one grid cell, an API batch, a file of 100,000 rows) is a `Batch`: the steps of
`tinhdoan.reporting.services` fill it in turn and collect every problem they find in it,
so that a refused save lists all of them at once.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from tinhdoan.org.models import Unit
from tinhdoan.programs.errors import ProgramsError, raise_collected
from tinhdoan.programs.models import Period, Program, ReportingPeriod, Target

from .models import DataValue

CellKey = tuple[int, int, int]  # (unit id, target id, period id)


@dataclass(slots=True)
class CellInput:
    """One cell to write. An empty `value` clears the cell."""

    unit: str
    target: str
    period: str
    value: str | Decimal | int | float | None
    comment: str = ""
    version: int | None = None  # the version the client read; 0 for a new cell; None: not checked
    line: int | None = None
    machine: bool = False  # the value comes from a program (a numeric spreadsheet cell, JSON)

    @property
    def where(self) -> str:
        """How a message names the cell: its line in a file, or its three codes."""
        if self.line is not None:
            return _("Line %(line)s") % {"line": self.line}
        return f"{self.unit} · {self.target} · {self.period}"


@dataclass(slots=True)
class Cell:
    """A cell resolved against the program: what its codes name and the number parsed."""

    key: CellKey
    given: CellInput
    unit: Unit
    target: Target
    reporting_period: ReportingPeriod
    value: Decimal | None


@dataclass(slots=True)
class CellResult:
    """A cell of a save as it is stored after it: `stored` is false for an empty cell that
    was not stored before either; `author_id`, the user who wrote it last."""

    unit: Unit
    target: Target
    period: Period
    value: Decimal | None
    comment: str
    version: int
    changed: bool
    stored: bool = True
    author_id: int | None = None
    updated_at: datetime.datetime | None = None

    @property
    def period_code(self) -> str:
        return self.period.code


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    cells: list[CellResult] = field(default_factory=list)


@dataclass
class Batch:
    """One save of a program's cells, as the steps resolve, check and write it."""

    user: object  # None: the system (command line, demo)
    program: Program
    given: list[CellInput]
    targets: dict[str, Target] = field(default_factory=dict)
    rules: list = field(default_factory=list)  # the program's TargetRules
    cells: list[Cell] = field(default_factory=list)
    existing: dict[CellKey, DataValue] = field(default_factory=dict)  # locked by the state step
    structure: int | None = None  # the structure revision the batch was resolved under
    errors: list[tuple[type[ProgramsError], str]] = field(default_factory=list)

    def refuse(self, kind: type[ProgramsError], message: str) -> None:
        self.errors.append((kind, message))

    def raise_refusals(self) -> None:
        """Raise one error with every problem found so far, if there is any."""
        raise_collected(self.errors)

    @property
    def unit_ids(self) -> set[int]:
        return {cell.unit.id for cell in self.cells}

    @property
    def reporting_periods(self) -> dict[int, ReportingPeriod]:
        return {cell.reporting_period.id: cell.reporting_period for cell in self.cells}
