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

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from tinhdoan.lib.collector import cyclic_collector_paused
from tinhdoan.programs.models import Program
from tinhdoan.reporting.cells import Batch, CellInput, WriteResult
from tinhdoan.reporting.models import DataValue
from tinhdoan.reporting.services import (
    cells_check_rules,
    cells_check_state,
    cells_resolve,
    cells_write,
)
from tinhdoan.reporting.value_files import value_file_read
from tinhdoan.revisions.tokens import revision_tokens
from tinhdoan.revisions.triggers import ACCESS, STRUCTURE

from .services import rollup_values_saved


@transaction.atomic
def values_save(
    *, user, program: Program, cells: list[CellInput], source: str = "web", reason: str = ""
) -> WriteResult:
    """Save cells of one program, all or nothing, and roll them up; `user=None` is the
    system (command line, demo). Raises ProgramsError with every problem found."""
    batch = cells_resolve(user=user, program=program, cells=cells)
    return _checked_written_rolled_up(batch, source=source, reason=reason)


def _checked_written_rolled_up(batch: Batch, *, source: str, reason: str) -> WriteResult:
    """The steps after resolving, in the caller's transaction: check state and versions
    (locking the stored cells), check rules, write, roll up."""
    cells_check_state(batch)
    cells_check_rules(batch)
    result = cells_write(batch, source=source, reason=reason)
    rollup_values_saved(
        program=batch.program,
        cells=result.cells,
        targets=batch.targets.values(),
        periods=[rp.period for rp in batch.reporting_periods.values()],
        structure=batch.structure,
    )
    return result


# Steps of a file import, for `progress(done, stage)`: read, check, write.
IMPORT_STEPS = 3
Progress = Callable[[int, str], None]


def _no_progress(done: int, stage: str) -> None:
    pass


def values_import_file(
    *,
    user,
    program: Program,
    filename: str,
    data: bytes,
    reason: str = "",
    progress: Progress | None = None,
) -> WriteResult:
    """Save a CSV or XLSX file of values for one program, all or nothing.

    The file is read, resolved and checked against the rules before the write transaction,
    which on SQLite holds the database's only write lock from its first statement: a file
    of 100,000 rows (or one refused for its errors) does not make every other writer wait
    while it is parsed. Inside, what may have changed meanwhile is checked again: the
    reports' state and the stored values (locked), the rules on them, and, when the
    program, the units or the user's rights changed, the whole resolution."""
    step = progress or _no_progress
    with cyclic_collector_paused():  # the rows of a large file are many objects that all live
        step(0, _("Reading the file"))
        value_file = value_file_read(filename=filename, data=data)
        step(1, _("Checking the values"))
        # Read before resolving: a change after this is seen, at worst one too many.
        resolved = _resolution_revisions()
        batch = cells_resolve(user=user, program=program, cells=value_file.cells)
        batch.existing = _stored_values(batch)
        cells_check_rules(batch)
        batch.raise_refusals()
        step(2, _("Writing the values and rolling them up"))
        return _values_save_checked(
            batch,
            resolved=resolved,
            source="import",
            reason=value_file.reason(reason),
        )


@transaction.atomic
def _values_save_checked(batch: Batch, *, resolved: tuple, source: str, reason: str):
    if _resolution_revisions() != resolved:  # changed since: resolve again, from fresh rows
        user = None if batch.user is None else get_user_model().objects.get(pk=batch.user.pk)
        program = Program.objects.select_related("unit").get(pk=batch.program.pk)
        batch = cells_resolve(user=user, program=program, cells=batch.given)
    return _checked_written_rolled_up(batch, source=source, reason=reason)


def _stored_values(batch: Batch) -> dict:
    """The batch's cells stored now, read without a lock (for the checks before the write)."""
    stored = DataValue.objects.filter(
        target__program=batch.program,
        period_id__in={rp.period_id for rp in batch.reporting_periods.values()},
        unit_id__in=batch.unit_ids,
    )
    return {(v.unit_id, v.target_id, v.period_id): v for v in stored}


def _resolution_revisions() -> tuple:
    """The revisions of every row resolving a batch reads: the tree and the programs, their
    targets and periods (structure), the user's account and memberships (access). Equal
    before and inside the write transaction, the resolution made before still holds."""
    return revision_tokens(STRUCTURE, ACCESS)
