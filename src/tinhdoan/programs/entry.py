"""Writing data values: one cell from the grid, a batch from the API, a file of 100,000 rows.

Everything goes through `values_write`: it resolves codes, parses numbers, checks
scope, periods, report status, versions, bounds and rules between targets with a
fixed number of queries, then writes all cells and their audit rows in bulk, or
nothing at all.
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.lib.numbers import NumberError, format_number, parse_number
from tinhdoan.org.models import Unit
from tinhdoan.reporting.models import DataValue, Submission, SubmissionStatus, ValueChange

from .errors import (
    NotInScope,
    ProgramsError,
    StaleVersion,
    StateConflict,
    raise_collected,
)
from .models import VALUE_DIGITS, VALUE_PLACES, Comparison, Program, ReportingPeriod, RollUp, Target
from .periods import PeriodCodeError, parse_period_code

QUANTUM = Decimal(1).scaleb(-VALUE_PLACES)
LIMIT = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)
OUTLIER_FACTOR = Decimal(3)
BATCH_SIZE = 5000
COMPUTED_ROLLUPS = frozenset({RollUp.RATIO, RollUp.COUNT})


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


@dataclass(slots=True)
class CellResult:
    unit: Unit
    target: Target
    period_code: str
    value: Decimal | None
    comment: str
    version: int
    changed: bool


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    cells: list[CellResult] = field(default_factory=list)


def _where(cell: CellInput) -> str:
    if cell.line is not None:
        return _("Line %(line)s") % {"line": cell.line}
    return f"{cell.unit} · {cell.target} · {cell.period}"


def _blank_code(cell: CellInput) -> str | None:
    if not cell.unit.strip():
        return _("%(where)s: the unit code is empty; are the columns shifted?")
    if not cell.target.strip():
        return _("%(where)s: the target code is empty; are the columns shifted?")
    if not cell.period.strip():
        return _("%(where)s: the period code is empty; are the columns shifted?")
    return None


def parse_value(raw, target: Target, *, machine: bool = False) -> Decimal | None:
    """The number for a target from what was typed (`machine`: written by a program, see
    `parse_number`); raises ProgramsError with the reason."""
    if type(raw) is str and raw.isdecimal():
        value = Decimal(raw)
        lower, upper = target.entry_bounds
        if (
            value < LIMIT
            and (upper is None or value <= upper)
            and (lower is None or value >= lower)
        ):
            return value
        return check_value(value, target)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ProgramsError(_("“%(text)s” is not a number.") % {"text": raw})
    if isinstance(raw, int | float | Decimal):
        try:
            value, percent = Decimal(str(raw)), False
        except InvalidOperation:
            raise ProgramsError(_("“%(text)s” is not a number.") % {"text": raw}) from None
    else:
        try:
            parsed = parse_number(str(raw), machine=machine)
        except NumberError as exc:
            raise ProgramsError(str(exc)) from None
        value, percent = parsed.value, parsed.percent
    return check_value(value, target, percent=percent)


def check_value(value: Decimal, target: Target, *, percent: bool = False) -> Decimal:
    if not value.is_finite() or abs(value) >= LIMIT:
        raise ProgramsError(_("The number is too large."))
    if percent and not target.is_percent:
        raise ProgramsError(
            _("%(code)s is counted in %(measure)s, not in percent; remove the percent sign.")
            % {"code": target.code, "measure": target.measure}
        )
    value = value.quantize(QUANTUM, rounding=ROUND_HALF_UP)
    if target.integer_only and value != value.to_integral_value():
        raise ProgramsError(
            _("%(code)s takes whole numbers only (%(measure)s).")
            % {"code": target.code, "measure": target.measure}
        )
    lower, upper = target.entry_bounds
    if lower is not None and value < lower:
        if lower == 0:
            raise ProgramsError(_("%(code)s cannot be negative.") % {"code": target.code})
        raise ProgramsError(
            _("%(code)s must be at least %(min)s.")
            % {"code": target.code, "min": format_number(lower, grouping=True)}
        )
    if upper is not None and value > upper:
        if target.is_percent and upper == 100:
            raise ProgramsError(
                _("%(code)s is a percentage and cannot exceed 100.") % {"code": target.code}
            )
        raise ProgramsError(
            _("%(code)s must be at most %(max)s.")
            % {"code": target.code, "max": format_number(upper, grouping=True)}
        )
    return value


def _status_message(status: str, unit: Unit, period_code: str) -> str:
    params = {"unit": unit.name, "period": period_code}
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


def _comparison_text(comparison: str) -> str:
    return dict(Comparison.choices)[comparison]


def _history(program: Program, units: set[int], targets: dict[str, Target], periods) -> dict:
    """Earlier values of the same unit, target code and period kind, for the outlier check."""
    rows = (
        DataValue.objects.filled()
        .filter(
            unit_id__in=units,
            target__program__unit_id=program.unit_id,
            target__code__in=list(targets),
            period__kind__in={rp.period.kind for rp in periods.values()},
            period__start__lt=max(rp.period.start for rp in periods.values()),
        )
        .values_list("unit_id", "target__code", "period__kind", "period__start", "value")
    )
    history = defaultdict(list)
    for unit_id, code, kind, start, value in rows:
        history[(unit_id, code, kind)].append((start, value))
    return history


def _outlier_warning(cell, unit, target, rp, value, history) -> str | None:
    past = [
        v
        for start, v in history.get((unit.pk, target.code, rp.period.kind), [])
        if start < rp.period.start
    ]
    if not past or value is None:
        return None
    high, low = max(past), min(past)
    if (high > 0 and value > high * OUTLIER_FACTOR) or (low > 0 and value < low / OUTLIER_FACTOR):
        return _(
            "%(where)s: %(value)s for %(code)s is far from what %(unit)s reported before "
            "(between %(low)s and %(high)s); please check it."
        ) % {
            "where": _where(cell),
            "value": format_number(value, grouping=True),
            "code": target.code,
            "unit": unit.name,
            "low": format_number(low, grouping=True),
            "high": format_number(high, grouping=True),
        }
    return None


@transaction.atomic
def values_write(
    *,
    user,
    program: Program,
    cells: list[CellInput],
    source: str = "web",
    reason: str = "",
) -> WriteResult:
    """Write cells of one program, all or nothing. `user=None` is the system (command line)."""
    if not cells:
        raise ProgramsError(_("There is no value to write."))
    scope = scope_for(user) if user is not None else None
    errors: list[tuple[type[ProgramsError], str]] = []

    targets = {t.code: t for t in program.targets.all()}
    targets_by_id = {t.pk: t for t in targets.values()}
    periods = {
        rp.period.code: rp
        for rp in ReportingPeriod.objects.filter(program=program).select_related("period")
    }
    unit_codes = {c.unit.strip() for c in cells if c.unit.strip()}
    units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}

    bad_units: dict[str, str] = {}
    for code in unit_codes:
        unit = units.get(code)
        if (
            unit is None
            or not unit.path.startswith(program.unit.path)
            or (scope is not None and not scope.can_write(unit))
        ):
            bad_units[code] = _("unit %(code)s is not found, or you may not enter data for it.") % {
                "code": code
            }

    resolved = []  # ((unit id, target id, period id), cell, unit, target, reporting period, value)
    seen: dict[tuple, CellInput] = {}
    live: dict[tuple[int, int], bool] = {}
    for cell in cells:
        code = cell.unit.strip()
        if not (code and cell.target and cell.period):
            blank = _blank_code(cell)
            if blank:
                errors.append((ProgramsError, blank % {"where": _where(cell)}))
                continue
        if code in bad_units:
            errors.append((NotInScope, f"{_where(cell)}: {bad_units[code]}"))
            continue
        unit = units[code]
        target = targets.get(cell.target) or targets.get(cell.target.strip().upper())
        if target is None:
            errors.append(
                (
                    ProgramsError,
                    _("%(where)s: the program has no target with code “%(code)s”.")
                    % {"where": _where(cell), "code": cell.target},
                )
            )
            continue
        if target.rollup in COMPUTED_ROLLUPS:
            errors.append(
                (
                    ProgramsError,
                    _("%(where)s: %(code)s is computed from other values and is not entered.")
                    % {"where": _where(cell), "code": target.code},
                )
            )
            continue
        rp = periods.get(cell.period)
        if rp is None:
            period_code = cell.period.strip().upper()
            rp = periods.get(period_code)
        else:
            period_code = cell.period
        if rp is None:
            try:
                parse_period_code(period_code)
                message = _("%(where)s: %(period)s is not a reporting period of this program.")
            except PeriodCodeError:
                message = _(
                    "%(where)s: “%(period)s” is not a period code (2017, 2017S1, 2017Q3 or 2017-09)."
                )
            errors.append((ProgramsError, message % {"where": _where(cell), "period": cell.period}))
            continue
        if not rp.is_open:
            errors.append(
                (
                    StateConflict,
                    _("%(where)s: the period %(period)s is closed for entry.")
                    % {"where": _where(cell), "period": period_code},
                )
            )
            continue
        alive = live.get((unit.id, rp.id))
        if alive is None:
            alive = unit.is_valid_on(rp.period.end) or unit.is_valid_on(rp.period.start)
            live[(unit.id, rp.id)] = alive
        if not alive:
            errors.append(
                (
                    ProgramsError,
                    _("%(where)s: %(unit)s did not exist in the period %(period)s.")
                    % {"where": _where(cell), "unit": unit.name, "period": period_code},
                )
            )
            continue
        key = (unit.id, target.id, rp.period_id)
        if key in seen:
            first = seen[key]
            errors.append(
                (
                    ProgramsError,
                    _(
                        "%(where)s: the same cell (%(unit)s, %(target)s, %(period)s) is already on %(first)s."
                    )
                    % {
                        "where": _where(cell),
                        "unit": unit.code,
                        "target": target.code,
                        "period": period_code,
                        "first": _where(first),
                    },
                )
            )
            continue
        seen[key] = cell
        try:
            value = parse_value(cell.value, target, machine=cell.machine)
        except ProgramsError as exc:
            errors.append((ProgramsError, f"{_where(cell)}: {exc}"))
            continue
        resolved.append((key, cell, unit, target, rp, value))

    if not resolved:
        raise_collected(errors)

    touched_units = {unit.id for _k, _c, unit, _t, _rp, _v in resolved}
    touched_periods = {rp.id: rp for _k, _c, _u, _t, rp, _v in resolved}
    blocked = {
        (s.reporting_period_id, s.unit_id): s.status
        for s in Submission.objects.filter(
            reporting_period_id__in=list(touched_periods), unit_id__in=touched_units
        ).exclude(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED])
    }
    existing_qs = DataValue.objects.filter(
        target__program=program,
        period_id__in={rp.period_id for rp in touched_periods.values()},
        unit_id__in=touched_units,
    )
    # Lock only the cells (the join would lock the program's targets for every writer too),
    # always in the same order, so that concurrent writers wait for each other, never deadlock.
    existing = {
        (v.unit_id, v.target_id, v.period_id): v
        for v in existing_qs.select_for_update(of=("self",)).order_by("pk")
    }

    blocked_reported = set()
    versions_given = any(cell.version is not None for cell in cells)
    for key, cell, unit, target, rp, _value in resolved if blocked or versions_given else ():
        status = blocked.get((rp.id, unit.id))
        if status and (rp.id, unit.id) not in blocked_reported:
            blocked_reported.add((rp.id, unit.id))
            errors.append(
                (StateConflict, f"{_where(cell)}: {_status_message(status, unit, rp.period.code)}")
            )
        if cell.version is not None:
            current = existing.get(key)
            current_version = current.version if current else 0
            if cell.version != current_version:
                errors.append(
                    (
                        StaleVersion,
                        _(
                            "%(where)s: %(target)s was changed by someone else since you opened "
                            "it (version %(current)s, you had %(yours)s); reload and enter it again."
                        )
                        % {
                            "where": _where(cell),
                            "target": target.code,
                            "current": current_version,
                            "yours": cell.version,
                        },
                    )
                )

    # Rules between two targets of the same unit and period, on the values after the write.
    rules = list(program.rules.all())
    if rules:
        after: dict[tuple[int, int], dict[int, Decimal | None]] = defaultdict(dict)
        for (unit_id, target_id, period_id), v in existing.items():
            after[(unit_id, period_id)][target_id] = v.value
        changed_keys: dict[tuple[int, int], CellInput] = {}
        for _key, cell, unit, target, rp, value in resolved:
            after[(unit.id, rp.period_id)][target.id] = value
            changed_keys.setdefault((unit.id, rp.period_id), cell)
        for key, cell in changed_keys.items():
            values = after[key]
            for rule in rules:
                left, right = values.get(rule.left_id), values.get(rule.right_id)
                if left is None or right is None:
                    continue
                if not Comparison(rule.comparison).holds(left, right):
                    errors.append(
                        (
                            ProgramsError,
                            _(
                                "%(where)s: %(message)s (%(left_code)s = %(left)s %(op)s "
                                "%(right_code)s = %(right)s is not true)."
                            )
                            % {
                                "where": _where(cell),
                                "message": rule.message,
                                "left_code": targets_by_id[rule.left_id].code,
                                "left": format_number(left, grouping=True),
                                "op": _comparison_text(rule.comparison),
                                "right_code": targets_by_id[rule.right_id].code,
                                "right": format_number(right, grouping=True),
                            },
                        )
                    )
    raise_collected(errors)

    result = WriteResult()
    period_codes = {rp.id: rp.period.code for rp in touched_periods.values()}
    history = _history(program, touched_units, targets, touched_periods)
    changes = []  # rows of STAGE_COLUMNS
    for key, cell, unit, target, rp, value in resolved:
        comment = (cell.comment or "").strip()
        current = existing.get(key)
        if (current is None and value is None and not comment) or (
            current is not None and current.value == value and current.comment == comment
        ):
            result.unchanged += 1
            result.cells.append(
                CellResult(
                    unit,
                    target,
                    period_codes[rp.id],
                    value,
                    comment,
                    current.version if current else 0,
                    False,
                )
            )
            continue
        if history:
            warning = _outlier_warning(cell, unit, target, rp, value, history)
            if warning:
                result.warnings.append(warning)
        if current is None:
            version = 1
            changes.append((*key, None, value, "", comment, 1, True))
        else:
            version = current.version + 1
            changes.append((*key, current.value, value, current.comment, comment, version, False))
        result.cells.append(
            CellResult(unit, target, period_codes[rp.id], value, comment, version, True)
        )
    result.created = sum(1 for change in changes if change[-1])
    result.updated = len(changes) - result.created
    _write_changes(
        changes,
        new=result.created,
        author_id=user.pk if user is not None else None,
        source=source,
        reason=reason[:500],
    )
    from tinhdoan.rollup.services import rollup_values_saved

    rollup_values_saved(program=program, cells=result.cells)  # ancestors' totals, same transaction
    return result


# The cells a write changes, staged in a temporary table: each becomes a value (inserted or
# updated) and an audit row, by set-based statements that run inside the database.
STAGE = "programs_value_stage"
STAGE_COLUMNS = [
    "unit_id",
    "target_id",
    "period_id",
    "old_value",
    "new_value",
    "old_comment",
    "new_comment",
    "version",
    "is_new",
]
STAGE_TYPES = {  # PostgreSQL's; SQLite's columns have none, so each value keeps its own
    "postgresql": (
        "bigint",
        "bigint",
        "bigint",
        "numeric",
        "numeric",
        "text",
        "text",
        "integer",
        "boolean",
    ),
}
INSERT_NEW_VALUES = f"""
    INSERT INTO {DataValue._meta.db_table}
        (unit_id, target_id, period_id, value, comment, author_id, updated_at, version)
    SELECT unit_id, target_id, period_id, new_value, new_comment, %s, %s, version
    FROM {STAGE} WHERE is_new
"""
UPDATE_VALUES = f"""
    UPDATE {DataValue._meta.db_table} AS v
    SET value = s.new_value, comment = s.new_comment, author_id = %s, updated_at = %s,
        version = s.version
    FROM {STAGE} AS s
    WHERE NOT s.is_new
        AND v.unit_id = s.unit_id AND v.target_id = s.target_id AND v.period_id = s.period_id
"""
DIRECT_WRITE_CELLS = 50  # up to this many changed cells, no staging table
INSERT_ONE_VALUE = f"""
    INSERT INTO {DataValue._meta.db_table}
        (unit_id, target_id, period_id, value, comment, author_id, updated_at, version)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
"""
UPDATE_ONE_VALUE = f"""
    UPDATE {DataValue._meta.db_table}
    SET value = %s, comment = %s, author_id = %s, updated_at = %s, version = %s
    WHERE unit_id = %s AND target_id = %s AND period_id = %s
"""
INSERT_ONE_CHANGE = f"""
    INSERT INTO {ValueChange._meta.db_table}
        (unit_id, target_id, period_id, old_value, new_value, old_comment, new_comment,
         version, author_id, changed_at, source, reason)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
"""
INSERT_CHANGES = f"""
    INSERT INTO {ValueChange._meta.db_table}
        (unit_id, target_id, period_id, old_value, new_value, old_comment, new_comment,
         version, author_id, changed_at, source, reason)
    SELECT unit_id, target_id, period_id, old_value, new_value, old_comment, new_comment,
        version, %s, %s, %s, %s
    FROM {STAGE}
"""


def _write_changes(changes: list[tuple], *, new: int, author_id, source: str, reason: str):
    """Write the changed cells (`new` of them not yet in the table) and their audit rows.

    A large write crosses from Python to the database once, into the staging table: COPY
    on PostgreSQL, one prepared executemany elsewhere. A few cells (the web grid, an API
    call) are written row by row, without a table to create. This is the one place that
    writes below the ORM, for imports of 100,000 values.
    """
    if not changes:
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    if len(changes) <= DIRECT_WRITE_CELLS:
        _write_directly(changes, author_id=author_id, now=now, source=source, reason=reason)
        return
    with connection.cursor() as cursor:
        _stage(cursor, changes)
        if new:
            with _new_cells_entered_at_once():
                cursor.execute(INSERT_NEW_VALUES, [author_id, now])
        if new < len(changes):
            cursor.execute(UPDATE_VALUES, [author_id, now])
        cursor.execute(INSERT_CHANGES, [author_id, now, source, reason])
        cursor.execute(f"DROP TABLE {STAGE}")


@contextmanager
def _new_cells_entered_at_once():
    """A new cell another writer inserted first: refused like a stale version."""
    try:
        yield
    except IntegrityError:
        raise StaleVersion(
            _("Someone entered the same values at the same time; reload and try again.")
        ) from None


def _write_directly(changes: list[tuple], *, author_id, now, source: str, reason: str) -> None:
    new_rows, old_rows = [], []
    for (
        unit_id,
        target_id,
        period_id,
        _old,
        value,
        _old_comment,
        comment,
        version,
        is_new,
    ) in changes:
        if is_new:
            new_rows.append(
                (unit_id, target_id, period_id, value, comment, author_id, now, version)
            )
        else:
            old_rows.append(
                (value, comment, author_id, now, version, unit_id, target_id, period_id)
            )
    with connection.cursor() as cursor:
        if new_rows:
            with _new_cells_entered_at_once():
                cursor.executemany(INSERT_ONE_VALUE, new_rows)
        if old_rows:
            cursor.executemany(UPDATE_ONE_VALUE, old_rows)
        cursor.executemany(
            INSERT_ONE_CHANGE, [change[:8] + (author_id, now, source, reason) for change in changes]
        )


def _stage(cursor, rows: list[tuple]) -> None:
    types = STAGE_TYPES.get(connection.vendor, ("",) * len(STAGE_COLUMNS))
    columns = ", ".join(
        f"{name} {kind}".strip() for name, kind in zip(STAGE_COLUMNS, types, strict=True)
    )
    if connection.vendor == "postgresql":
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} ({columns}) ON COMMIT DROP")
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {STAGE} FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    else:
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} ({columns})")
        marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
        cursor.executemany(f"INSERT INTO {STAGE} VALUES ({marks})", rows)


def value_write_one(
    *,
    user,
    program: Program,
    unit: Unit,
    target: Target,
    reporting_period: ReportingPeriod,
    text: str,
    comment: str,
    version: int,
    reason: str = "",
) -> WriteResult:
    """One cell from the web grid."""
    return values_write(
        user=user,
        program=program,
        cells=[
            CellInput(
                unit=unit.code,
                target=target.code,
                period=reporting_period.period.code,
                value=text,
                comment=comment,
                version=version,
            )
        ],
        source="web",
        reason=reason,
    )
