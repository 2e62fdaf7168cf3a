"""Saving values, as named steps: resolve → check state and versions → check rules → write.

Each step takes the `Batch` of one save (a grid cell, an API batch, a file of 100,000
rows) with a fixed number of queries, whatever its size, and collects every problem it
finds; the write step refuses the whole batch with all of them, or writes every changed
cell and its audit row. Nothing is written around these steps.

The save use case, which runs them in one transaction and then rolls the saved values up
the unit tree, is `tinhdoan.rollup.saving.values_save`: the roll-up sits above this app,
so pages, endpoints and commands that save values live there too.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.lib.limits import limit, limit_text
from tinhdoan.lib.numbers import format_number
from tinhdoan.org.models import Unit
from tinhdoan.programs.errors import NotInScope, ProgramsError, StaleVersion, StateConflict
from tinhdoan.programs.models import (
    Comparison,
    Program,
    ReportingPeriod,
    RollUp,
    Target,
    TargetRule,
)
from tinhdoan.programs.periods import PeriodCodeError, parse_period_code
from tinhdoan.revisions.kept import kept_many, kept_under
from tinhdoan.revisions.tokens import revision_tokens
from tinhdoan.revisions.triggers import STRUCTURE

from .bulk import changes_write
from .cells import Batch, Cell, CellInput, CellKey, CellResult, WriteResult
from .checks import earlier_values_text, far_from
from .models import DataValue, Submission, SubmissionStatus
from .parsing import parse_value

COMPUTED_ROLLUPS = frozenset({RollUp.RATIO, RollUp.COUNT})
KEPT_UNIT_CODES = 20  # up to this many unit codes in a save, units come from the process


# --- step 1: resolve --------------------------------------------------------------------


def cells_resolve(*, user, program: Program, cells: list[CellInput]) -> Batch:
    """Find the unit, target and reporting period each cell names, within the user's scope
    (`user=None` is the system), and parse its number. Raises at once when no cell at all
    could be resolved; otherwise the problems wait in the batch for the write step."""
    if not cells:
        raise ProgramsError(_("There is no value to write."))
    batch = Batch(user=user, program=program, given=cells)
    resolver = _Resolver.for_batch(batch)
    for cell in cells:
        try:
            batch.cells.append(resolver.resolve(cell))
        except ProgramsError as refusal:
            batch.refuse(type(refusal), refusal.messages[0])
    if not batch.cells:
        batch.raise_refusals()
    return batch


@dataclass(frozen=True)
class ProgramSetup:
    """What every save of a program reads of it: its targets by code, its reporting periods
    by period code and its rules between targets. Shared by the saves of one process, never
    changed by them."""

    targets: dict[str, Target]
    periods: dict[str, ReportingPeriod]
    rules: list[TargetRule]


def program_setup(program: Program, structure: int | None) -> ProgramSetup:
    """The program's setup, kept by the process under the structure revision read by the
    caller (its targets, periods and rules are among the tables that move it)."""
    return kept_under(
        ("program_setup", program.pk),
        structure,
        lambda: ProgramSetup(
            targets={t.code: t for t in program.targets.all()},
            periods={
                rp.period.code: rp
                for rp in ReportingPeriod.objects.filter(program=program).select_related("period")
            },
            rules=list(TargetRule.objects.filter(program=program)),
        ),
    )


@dataclass
class _Resolver:
    """The program's targets and periods, and the units named, read once for the batch."""

    batch: Batch
    periods: dict[str, ReportingPeriod]
    units: dict[str, Unit]
    bad_units: set[str]
    seen: dict[CellKey, CellInput] = field(default_factory=dict)
    live: dict[tuple[int, int], bool] = field(default_factory=dict)

    @classmethod
    def for_batch(cls, batch: Batch) -> "_Resolver":
        program = batch.program
        (batch.structure,) = revision_tokens(STRUCTURE)
        setup = program_setup(program, batch.structure)
        batch.targets, batch.rules = setup.targets, setup.rules
        periods = setup.periods
        codes = {c.unit.strip() for c in batch.given if c.unit.strip()}
        units = _units_named(codes, batch.structure)
        scope = scope_for(batch.user) if batch.user is not None else None
        bad_units = {
            code
            for code in codes
            if (unit := units.get(code)) is None
            or not unit.path.startswith(program.unit.path)
            or (scope is not None and not scope.can_write(unit))
        }
        return cls(batch=batch, periods=periods, units=units, bad_units=bad_units)

    def resolve(self, cell: CellInput) -> Cell:
        """The resolved cell; raises a ProgramsError whose message names the cell."""
        unit = self._unit(cell)
        target = self._target(cell)
        reporting_period, period_code = self._period(cell)
        self._check_alive(cell, unit, reporting_period, period_code)
        key = (unit.id, target.id, reporting_period.period_id)
        self._check_once(cell, key, unit, target, period_code)
        if len(cell.comment or "") > limit("comment_characters"):
            raise ProgramsError(
                _("%(where)s: the comment is longer than %(limit)s characters.")
                % {"where": cell.where, "limit": limit_text("comment_characters")}
            )
        try:
            value = parse_value(cell.value, target, machine=cell.machine)
        except ProgramsError as exc:
            raise ProgramsError(f"{cell.where}: {exc}") from None
        return Cell(key, cell, unit, target, reporting_period, value)

    def _unit(self, cell: CellInput) -> Unit:
        code = cell.unit.strip()
        if not (code and cell.target and cell.period):
            blank = _blank_code(cell)
            if blank:
                raise ProgramsError(blank % {"where": cell.where})
        if code in self.bad_units:
            raise NotInScope(
                f"{cell.where}: "
                + _("unit %(code)s is not found, or you may not enter data for it.")
                % {"code": code}
            )
        return self.units[code]

    def _target(self, cell: CellInput) -> Target:
        targets = self.batch.targets
        target = targets.get(cell.target) or targets.get(cell.target.strip().upper())
        if target is None:
            raise ProgramsError(
                _("%(where)s: the program has no target with code “%(code)s”.")
                % {"where": cell.where, "code": cell.target}
            )
        if target.rollup in COMPUTED_ROLLUPS:
            raise ProgramsError(
                _("%(where)s: %(target)s is computed from other values and is not entered.")
                % {"where": cell.where, "target": str(target)}
            )
        return target

    def _period(self, cell: CellInput) -> tuple[ReportingPeriod, str]:
        period_code = cell.period
        reporting_period = self.periods.get(period_code)
        if reporting_period is None:
            period_code = cell.period.strip().upper()
            reporting_period = self.periods.get(period_code)
        if reporting_period is None:
            try:
                parse_period_code(period_code)
                message = _("%(where)s: %(period)s is not a reporting period of this program.")
            except PeriodCodeError:
                message = _(
                    "%(where)s: “%(period)s” is not a period code (2017, 2017S1, 2017Q3 or 2017-09)."
                )
            raise ProgramsError(message % {"where": cell.where, "period": cell.period})
        if not reporting_period.is_open:
            raise StateConflict(
                _("%(where)s: the period %(period)s is closed for entry.")
                % {"where": cell.where, "period": period_code}
            )
        return reporting_period, period_code

    def _check_alive(self, cell, unit: Unit, reporting_period, period_code: str) -> None:
        alive = self.live.get((unit.id, reporting_period.id))
        if alive is None:
            period = reporting_period.period
            alive = unit.is_valid_on(period.end) or unit.is_valid_on(period.start)
            self.live[(unit.id, reporting_period.id)] = alive
        if not alive:
            raise ProgramsError(
                _("%(where)s: %(unit)s did not exist in the period %(period)s.")
                % {"where": cell.where, "unit": unit.name, "period": period_code}
            )

    def _check_once(self, cell, key: CellKey, unit, target, period_code: str) -> None:
        first = self.seen.get(key)
        if first is not None:
            raise ProgramsError(
                _(
                    "%(where)s: the same cell (%(unit)s, %(target)s, %(period)s) is already on %(first)s."
                )
                % {
                    "where": cell.where,
                    "unit": unit.code,
                    "target": target.code,
                    "period": period_code,
                    "first": first.where,
                }
            )
        self.seen[key] = cell


def _units_named(codes: set[str], structure: int | None) -> dict[str, Unit]:
    """{code: unit} of the codes that name a unit, in one query at most. A few codes (a
    grid cell, an API call) are looked up first in what the process keeps under the
    structure revision; a file's many are not kept, not to push out what the reads keep."""
    if len(codes) > KEPT_UNIT_CODES:
        return {unit.code: unit for unit in Unit.objects.filter(code__in=codes).order_by()}

    def read(keys: list[tuple]) -> dict[tuple, Unit]:
        units = Unit.objects.filter(code__in=[code for _, code in keys]).select_related("parent")
        return {("unit", unit.code): unit for unit in units.order_by()}

    # Keyed as the reads key the units they keep (`org.api`, `rollup.selectors`): one entry.
    found = kept_many([("unit", code) for code in codes], str(structure), read)
    return {code: unit for (_, code), unit in found.items()}


def _blank_code(cell: CellInput) -> str | None:
    if not cell.unit.strip():
        return _("%(where)s: the unit code is empty; are the columns shifted?")
    if not cell.target.strip():
        return _("%(where)s: the target code is empty; are the columns shifted?")
    if not cell.period.strip():
        return _("%(where)s: the period code is empty; are the columns shifted?")
    return None


# --- step 2: check state and versions ----------------------------------------------------


def cells_check_state(batch: Batch) -> None:
    """Lock the cells already stored, then refuse the cells of a report that is submitted,
    approved or locked, and those changed by someone since the client read them. Runs in
    the transaction of the save, which the locks last for."""
    blocked = {
        (s.reporting_period_id, s.unit_id): s.status
        for s in Submission.objects.filter(
            reporting_period_id__in=list(batch.reporting_periods), unit_id__in=batch.unit_ids
        ).exclude(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED])
    }
    batch.existing = _lock_existing(batch)
    if not blocked and all(cell.version is None for cell in batch.given):
        return
    reported = set()
    for cell in batch.cells:
        report = (cell.reporting_period.id, cell.unit.id)
        if report in blocked and report not in reported:
            reported.add(report)
            message = _status_message(blocked[report], cell.unit, cell.reporting_period)
            batch.refuse(StateConflict, f"{cell.given.where}: {message}")
        if cell.given.version is not None:
            _check_version(batch, cell)


def _lock_existing(batch: Batch) -> dict[CellKey, DataValue]:
    """The stored cells of the batch. Only the cells are locked (the join would lock the
    program's targets for every writer too), always in the same order, so that concurrent
    writers wait for each other, never deadlock."""
    stored = DataValue.objects.filter(
        target__program=batch.program,
        period_id__in={rp.period_id for rp in batch.reporting_periods.values()},
        unit_id__in=batch.unit_ids,
    )
    return {
        (v.unit_id, v.target_id, v.period_id): v
        for v in stored.select_for_update(of=("self",)).order_by("pk")
    }


def _check_version(batch: Batch, cell: Cell) -> None:
    """Refuse a cell read at an older version, unless it would change nothing: sent again
    after its answer was lost on a weak network (or typed alike elsewhere), it is saved
    already, and the write counts it unchanged."""
    current = batch.existing.get(cell.key)
    current_version = current.version if current else 0
    if cell.given.version != current_version and not _same_as_stored(cell, current):
        batch.refuse(
            StaleVersion,
            _(
                "%(where)s: %(target)s was changed by someone else since you opened "
                "it (version %(current)s, you had %(yours)s); reload and enter it again."
            )
            % {
                "where": cell.given.where,
                "target": cell.target.code,
                "current": current_version,
                "yours": cell.given.version,
            },
        )


def _same_as_stored(cell: Cell, current: DataValue | None) -> bool:
    comment = (cell.given.comment or "").strip()
    return current is not None and current.value == cell.value and current.comment == comment


def _status_message(status: str, unit: Unit, reporting_period: ReportingPeriod) -> str:
    params = {"unit": unit.name, "period": reporting_period.period.code}
    if status == SubmissionStatus.LOCKED:
        return (
            _("The report of %(unit)s for %(period)s is locked; the approver must reopen it first.")
            % params
        )
    if status == SubmissionStatus.APPROVED:
        return (
            _(
                "The report of %(unit)s for %(period)s is approved; the approver must reopen it first."
            )
            % params
        )
    return (
        _(
            "The report of %(unit)s for %(period)s has been submitted and awaits approval; it can "
            "be changed after it is returned."
        )
        % params
    )


# --- step 3: check rules -----------------------------------------------------------------


def cells_check_rules(batch: Batch) -> None:
    """Refuse what breaks a rule between two targets of the same unit and period, judged on
    the values as they will be after the write (stored ones and the batch's together)."""
    rules = batch.rules
    if not rules:
        return
    after: dict[tuple[int, int], dict[int, Decimal | None]] = defaultdict(dict)
    for (unit_id, target_id, period_id), stored in batch.existing.items():
        after[(unit_id, period_id)][target_id] = stored.value
    first_cell: dict[tuple[int, int], CellInput] = {}
    for cell in batch.cells:
        after[(cell.unit.id, cell.reporting_period.period_id)][cell.target.id] = cell.value
        first_cell.setdefault((cell.unit.id, cell.reporting_period.period_id), cell.given)
    labels = {target.id: str(target) for target in batch.targets.values()}
    for unit_period, given in first_cell.items():
        values = after[unit_period]
        for rule in rules:
            left, right = values.get(rule.left_id), values.get(rule.right_id)
            if left is None or right is None or Comparison(rule.comparison).holds(left, right):
                continue
            batch.refuse(
                ProgramsError,
                _(
                    "%(where)s: %(message)s (%(left_target)s = %(left)s %(op)s "
                    "%(right_target)s = %(right)s is not true)."
                )
                % {
                    "where": given.where,
                    "message": rule.message,
                    "left_target": labels[rule.left_id],
                    "left": format_number(left, grouping=True),
                    "op": dict(Comparison.choices)[rule.comparison],
                    "right_target": labels[rule.right_id],
                    "right": format_number(right, grouping=True),
                },
            )


# --- step 4: write -----------------------------------------------------------------------


def cells_write(batch: Batch, *, source: str = "web", reason: str = "") -> WriteResult:
    """Refuse the batch with every problem the steps before found, or write each changed
    cell and its audit row (unchanged cells are not written again). A value far from what
    the unit reported before is written with a warning."""
    batch.raise_refusals()
    result = WriteResult()
    history = _history(batch)
    changes = []  # rows of `bulk.STAGE_COLUMNS`
    now = timezone.now()
    author_id = batch.user.pk if batch.user is not None else None
    for cell in batch.cells:
        comment = (cell.given.comment or "").strip()
        current = batch.existing.get(cell.key)
        period = cell.reporting_period.period
        if (current is None and cell.value is None and not comment) or _same_as_stored(
            cell, current
        ):
            result.unchanged += 1
            result.cells.append(_unchanged(cell, current))
            continue
        if history and (warning := _outlier_warning(cell, history)):
            result.warnings.append(warning)
        if current is None:
            version, values = 1, (None, cell.value, "", comment)
        else:
            version, values = (
                current.version + 1,
                (current.value, cell.value, current.comment, comment),
            )
        changes.append((*cell.key, *values, version, current is None))
        result.cells.append(
            CellResult(
                cell.unit,
                cell.target,
                period,
                cell.value,
                comment,
                version,
                True,
                author_id=author_id,
                updated_at=now,
            )
        )
    result.created = sum(1 for change in changes if change[-1])
    result.updated = len(changes) - result.created
    changes_write(
        changes, new=result.created, author_id=author_id, now=now, source=source,
        reason=reason[:500],
    )  # fmt: skip
    return result


def _unchanged(cell: Cell, current: DataValue | None) -> CellResult:
    period = cell.reporting_period.period
    if current is None:  # empty, and not stored before either
        return CellResult(cell.unit, cell.target, period, None, "", 0, False, stored=False)
    return CellResult(
        cell.unit, cell.target, period, current.value, current.comment, current.version, False,
        author_id=current.author_id,
        updated_at=current.updated_at,
    )  # fmt: skip


def _history(batch: Batch) -> dict:
    """Earlier values of the same unit, target code and period kind, for the outlier check."""
    periods = batch.reporting_periods.values()
    rows = (
        DataValue.objects.filled()
        .filter(
            unit_id__in=batch.unit_ids,
            target__program__unit_id=batch.program.unit_id,
            target__code__in={cell.target.code for cell in batch.cells},
            period__kind__in={rp.period.kind for rp in periods},
            period__start__lt=max(rp.period.start for rp in periods),
        )
        .values_list("unit_id", "target__code", "period__kind", "period__start", "value")
    )
    history = defaultdict(list)
    for unit_id, code, kind, start, value in rows:
        history[(unit_id, code, kind)].append((start, value))
    return history


def _outlier_warning(cell: Cell, history: dict) -> str | None:
    period = cell.reporting_period.period
    past = [
        v
        for start, v in history.get((cell.unit.pk, cell.target.code, period.kind), [])
        if start < period.start
    ]
    if not past or cell.value is None or not far_from(cell.value, past):
        return None
    return _(
        "%(where)s: %(value)s for %(code)s %(name)s is far from what %(unit)s reported before "
        "(%(before)s); please check it."
    ) % {
        "where": cell.given.where,
        "value": format_number(cell.value, grouping=True),
        "code": cell.target.code,
        "name": cell.target.name,
        "unit": cell.unit.name,
        "before": earlier_values_text(past),
    }
