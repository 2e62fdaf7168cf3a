"""Saving values: the use case that keeps the rolled-up figures exact as values change.

`values_save` runs the steps of `tinhdoan.reporting.services` (resolve → check state and
versions → check rules → write), then rolls the saved cells up the unit tree
(`services.rollup_values_saved`), all in one transaction: a save is refused whole, or its
values, their history and every figure above them change together.

Every caller that saves values goes through here: the grid's cell and upload pages
(`value_views`), `PUT /api/v1/values` (`value_api`), `tinhdoan import-values`, the demo and
the tests' factories. They live in this app, above `reporting`, because saving rolls up;
the same way `tree` wraps the changes of the organization tree.
"""

from django.db import transaction

from tinhdoan.lib.collector import cyclic_collector_paused
from tinhdoan.programs.models import Program
from tinhdoan.reporting.cells import CellInput, WriteResult
from tinhdoan.reporting.services import (
    cells_check_rules,
    cells_check_state,
    cells_resolve,
    cells_write,
)
from tinhdoan.reporting.value_files import value_file_read

from .services import rollup_values_saved


@transaction.atomic
def values_save(
    *, user, program: Program, cells: list[CellInput], source: str = "web", reason: str = ""
) -> WriteResult:
    """Save cells of one program, all or nothing, and roll them up; `user=None` is the
    system (command line, demo). Raises ProgramsError with every problem found."""
    batch = cells_resolve(user=user, program=program, cells=cells)
    cells_check_state(batch)
    cells_check_rules(batch)
    result = cells_write(batch, source=source, reason=reason)
    rollup_values_saved(
        program=program,
        cells=result.cells,
        targets=batch.targets.values(),
        periods=[rp.period for rp in batch.reporting_periods.values()],
    )
    return result


def values_import_file(
    *, user, program: Program, filename: str, data: bytes, reason: str = ""
) -> WriteResult:
    """Save a CSV or XLSX file of values for one program, all or nothing."""
    with cyclic_collector_paused():  # the rows of a large file are many objects that all live
        value_file = value_file_read(filename=filename, data=data)
        return values_save(
            user=user,
            program=program,
            cells=value_file.cells,
            source="import",
            reason=value_file.reason(reason),
        )
