"""Roll-up of a program's targets over the unit tree, in set-based SQL.

One portable set of statements for the full and the incremental roll-up, on every
database; the few settings and hints measured to pay on one database only are asked of
its tuning (`tinhdoan.rollup.tuning`). For a program and a period the tree is the tree of
that period below the program's unit: the units whose validity overlaps the period (a
unit that left in mid-year still brings what it reported for the year; the tree before
and after 1 July 2025 differ by which units are valid, their paths stay as they are).

Rules are those of `tinhdoan.programs.models` (module docstring). The roll-up goes level
by level, deepest first, with one `INSERT … SELECT` per level for the entered rules (sum,
mean, min, max) and one per computed target (ratio, count):

- a unit with sub-units gets a stored `Aggregate` from what each direct sub-unit brings
  (its own value when it has no sub-units in the period, its stored aggregate otherwise),
  combined by the target's rule, and its own entered value: added for sums, taking the
  place of the sub-units' figure for means, minima and maxima;
- a unit without sub-units is its entered value, read from the data values.

Saving values recomputes only the ancestors of the saved cells, a few one-unit statements
per level, inside the transaction of the save (`values_saved`); `refresh_units` does the
same for the units a change of the tree touched (`tinhdoan.rollup.freshness`).
`tests/oracle.py` recomputes all of it in plain Python.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from tinhdoan.org.models import Unit, path_ids
from tinhdoan.programs.models import (
    Allocation,
    Direction,
    Period,
    Program,
    RollUp,
    Target,
)
from tinhdoan.reporting.models import DataValue

from . import tuning
from .cache import new_token
from .models import Aggregate, RollupState
from .tuning import THREE_COLUMNS, CellKey

BASE_RULES = frozenset({RollUp.SUM, RollUp.MEAN, RollUp.MIN, RollUp.MAX})
FULL_REFRESH_UNITS = 2000  # above this many units to refresh, recompute the period in full
SEEK_TARGETS = 3  # up to this many targets, a sub-unit's values are read by index seeks

T_AGG = Aggregate._meta.db_table
T_FRESH = "rollup_fresh"  # a full roll-up's results, before they are merged into T_AGG
COLUMNS = "target_id, period_id, unit_id, value"
T_UNIT = Unit._meta.db_table
T_VALUE = DataValue._meta.db_table
T_PERIOD = Period._meta.db_table
T_TARGET = Target._meta.db_table
T_ALLOC = Allocation._meta.db_table
T_STATE = RollupState._meta.db_table
T_PROGRAM = Program._meta.db_table

COMPARISON_SQL = {"gte": ">=", "gt": ">", "lte": "<=", "lt": "<", "eq": "="}


def _valid(alias: str, period: str = "p") -> str:
    """SQL: the unit `alias` exists at some time in the period `period`."""
    end = connection.ops.quote_name("end")
    return (
        f"({alias}.valid_from IS NULL OR {alias}.valid_from <= {period}.{end}) AND "
        f"({alias}.valid_to IS NULL OR {alias}.valid_to >= {period}.start)"
    )


def _in(values) -> tuple[str, list]:
    values = list(values)
    return "(" + ", ".join(["%s"] * len(values)) + ")", values


@dataclass
class TargetPlan:
    """The targets of a program in roll-up order."""

    targets: dict[int, Target]
    base: list[int]
    derived: list[Target]  # ratio and count targets, each after the targets it reads
    users: dict[int, set[int]] = field(default_factory=dict)  # target → derived ones reading it

    def affected(self, target_ids: Iterable[int]) -> set[int]:
        """The targets to recompute when these change: themselves and every one reading them."""
        result, pending = set(), list(target_ids)
        while pending:
            current = pending.pop()
            if current in result:
                continue
            result.add(current)
            pending.extend(self.users.get(current, ()))
        return result


def _inputs(target: Target) -> list[int]:
    if target.rollup == RollUp.RATIO:
        return [target.ratio_numerator_id, target.ratio_denominator_id]
    if target.rollup == RollUp.COUNT:
        return [target.count_source_id]
    return []


def target_plan(targets: Iterable[Target]) -> TargetPlan:
    by_id = {t.pk: t for t in targets}
    base = [pk for pk, t in by_id.items() if t.rollup in BASE_RULES]
    users: dict[int, set[int]] = defaultdict(set)
    for t in by_id.values():
        for source in _inputs(t):
            users[source].add(t.pk)
    done, derived = set(base), []
    pending = [t for t in by_id.values() if t.rollup not in BASE_RULES]
    while pending:
        ready = [t for t in pending if all(s in done for s in _inputs(t))]
        if not ready:  # a cycle or a reference outside the program: leave them without value
            break
        for t in ready:
            derived.append(t)
            done.add(t.pk)
        pending = [t for t in pending if t.pk not in done]
    return TargetPlan(by_id, base, derived, dict(users))


@dataclass(frozen=True)
class Level:
    """The units one statement rolls up: selected by `units` (alias u), their direct
    sub-units by `children` (alias c), each a SQL condition with its parameters.

    `leaves`: no sub-unit has sub-units of its own (the deepest level of a full roll-up).
    `scan`: the sub-units' figures are read by one scan of the table that holds them.
    `own_values`: some unit of the level may hold values of its own besides its sub-units'
    (false only where that is known not to be so: their statement is then skipped).
    """

    units: str
    unit_params: list
    children: str
    child_params: list
    leaves: bool = False
    scan: bool = False
    own_values: bool = True


def _child_values_sql(
    level: Level, periods: str, targets: str, *, aggregates: str, seek: bool
) -> str:
    """Rows (target_id, period_id, unit_id = the parent, child_id, v): what each direct
    sub-unit brings to its parent, its entered value when it has no sub-units in the
    period, its aggregate in the `aggregates` table otherwise.

    With `seek` false the entered values are read by a range scan of each sub-unit's
    values rather than one index seek per target (the unary plus keeps the index out):
    cheaper when most of the program's targets are read. With `level.scan` the table that
    holds the sub-units' figures (the values at the deepest level, the aggregates above
    it) is read from end to end and each row finds its sub-unit by key: cheaper than a
    seek per sub-unit, target and period when these figures are most of the table.
    """
    hint = tuning.for_connection().scan_hint if level.scan else ""
    target = "dv.target_id" if seek else "+dv.target_id"
    tables = (
        f"{T_VALUE} dv{hint} CROSS JOIN {T_UNIT} c CROSS JOIN {T_PERIOD} p"
        if level.scan and level.leaves
        else f"{T_UNIT} c CROSS JOIN {T_PERIOD} p CROSS JOIN {T_VALUE} dv"
    )
    below = (
        f"{aggregates} a{hint} CROSS JOIN {T_UNIT} c"
        if level.scan
        else f"{T_UNIT} c CROSS JOIN {aggregates} a"
    )
    entered = f"""
        SELECT dv.target_id, dv.period_id, c.parent_id AS unit_id, c.id AS child_id,
               dv.value AS v
        FROM {tables}
        WHERE {level.children} AND p.id IN {periods} AND {_valid("c")}
          AND dv.unit_id = c.id AND dv.period_id = p.id AND {target} IN {targets}
          AND dv.value IS NOT NULL
    """
    if level.leaves:
        return entered
    return f"""
        {entered}
          AND NOT EXISTS (SELECT 1 FROM {T_UNIT} g WHERE g.parent_id = c.id AND {_valid("g")})
        UNION ALL
        SELECT a.target_id, a.period_id, c.parent_id AS unit_id, c.id AS child_id,
               a.value AS v
        FROM {below}
        WHERE c.id = a.unit_id AND {level.children} AND a.period_id IN {periods}
          AND a.target_id IN {targets} AND a.value IS NOT NULL
    """


def _child_values_params(level: Level, period_params: list, target_params: list) -> list:
    once = level.child_params + period_params + target_params
    return once if level.leaves else once + once


def _grouped_sql(
    level: Level, targets: list[int], period_ids: list[int], *, aggregates: str
) -> tuple[str, list]:
    """SELECT (target_id, period_id, unit_id, value) of what the sub-units bring to each
    unit for these entered targets, combined by each target's rule; and its parameters."""
    target_sql, target_params = _in(targets)
    periods, period_params = _in(period_ids)
    scan = level.scan and len(targets) > SEEK_TARGETS
    level = replace(level, scan=scan)
    children = _child_values_sql(
        level, periods, target_sql, aggregates=aggregates, seek=len(targets) <= SEEK_TARGETS
    )
    # A packed key pays where a whole table is grouped, not for a one-value save's refresh.
    key: CellKey = tuning.for_connection().cell_key(targets, period_ids) if scan else THREE_COLUMNS
    sql = f"""
        SELECT {key.target} AS target_id, {key.period} AS period_id, {key.unit} AS unit_id,
            CAST(CASE t.rollup WHEN 'sum' THEN g.total WHEN 'mean' THEN g.mean
                               WHEN 'min' THEN g.low ELSE g.high END
                 AS decimal(30, 8)) AS value
        FROM (
            SELECT {key.select}, SUM(x.v) AS total,
                   AVG(x.v) AS mean, MIN(x.v) AS low, MAX(x.v) AS high
            FROM ({children}) x
            GROUP BY {key.group_by}
        ) g, {T_TARGET} t
        WHERE t.id = {key.target}
    """
    return sql, _child_values_params(level, period_params, target_params)


def _own_values_sql(level: Level, periods: str, targets: str) -> str:
    """Rows (target_id, period_id, unit_id, v) of the units' own entered values, for
    units with sub-units in the period."""
    return f"""
        SELECT dv.target_id, dv.period_id, u.id AS unit_id, dv.value AS v
        FROM {T_UNIT} u CROSS JOIN {T_PERIOD} p CROSS JOIN {T_VALUE} dv
        WHERE {level.units} AND p.id IN {periods} AND {_valid("u")}
          AND dv.unit_id = u.id AND dv.period_id = p.id AND dv.target_id IN {targets}
          AND dv.value IS NOT NULL
          AND EXISTS (SELECT 1 FROM {T_UNIT} g WHERE g.parent_id = u.id AND {_valid("g")})
    """


def _roll_level(
    cursor,
    plan: TargetPlan,
    period_ids: list[int],
    level: Level,
    *,
    only: set[int] | None = None,
    into: str = T_AGG,
    create: bool = False,
    readers: int = 1,
) -> None:
    """Insert into `into` the aggregates of the level's units, whose sub-units are already
    rolled up there: the entered targets, then each computed one.

    `create` makes `into` a temporary table from the first statement, its cell index built
    once afterwards (PostgreSQL runs a CREATE TABLE … AS in parallel, never an INSERT …
    SELECT); with several `readers` that statement is shared by target among the
    tuning's read connections."""
    base = [pk for pk in plan.base if only is None or pk in only]
    _roll_entered(cursor, plan, base, period_ids, level, into=into, create=create, readers=readers)
    for target in plan.derived:
        if only is not None and target.pk not in only:
            continue
        if target.rollup == RollUp.RATIO:
            _roll_ratio(cursor, target, period_ids, level, into=into)
        elif target.rollup == RollUp.COUNT and target.count_source_id in plan.targets:
            source = plan.targets[target.count_source_id]
            _roll_count(cursor, target, source, period_ids, level, into=into)


def _roll_entered(
    cursor, plan: TargetPlan, base: list[int], period_ids: list[int], level: Level, *,
    into: str, create: bool, readers: int,
) -> None:  # fmt: skip
    """What the sub-units bring, grouped per unit, target and period; then the units' own
    entered values on top."""
    if not base:
        if create:
            _create_temp_aggregates(cursor, into)
        return
    if create and readers > 1 and len(base) > 1:
        parts = [base[k::readers] for k in range(min(readers, len(base)))]
        statements = [_grouped_sql(level, part, period_ids, aggregates=into) for part in parts]
        rows = tuning.for_connection().fetch_in_parallel(statements)
        _create_temp_aggregates(cursor, into, rows=rows)
    elif create:
        _create_temp_aggregates(
            cursor, into, *_grouped_sql(level, base, period_ids, aggregates=into)
        )
    else:
        sql, params = _grouped_sql(level, base, period_ids, aggregates=into)
        cursor.execute(f"INSERT INTO {into} ({COLUMNS}) {sql}", params)
    if not level.own_values:
        return
    periods, period_params = _in(period_ids)
    sums = [pk for pk in base if plan.targets[pk].rollup == RollUp.SUM]
    others = [pk for pk in base if plan.targets[pk].rollup != RollUp.SUM]
    for group, combined in ((sums, f"{into}.value + excluded.value"), (others, "excluded.value")):
        if not group:
            continue
        targets, target_params = _in(group)
        cursor.execute(
            f"""
            INSERT INTO {into} ({COLUMNS})
            SELECT o.target_id, o.period_id, o.unit_id, o.v
            FROM ({_own_values_sql(level, periods, targets)}) o WHERE 1 = 1
            ON CONFLICT (target_id, period_id, unit_id) DO UPDATE SET value = {combined}
            """,
            level.unit_params + period_params + target_params,
        )


def _roll_ratio(cursor, target: Target, period_ids: list[int], level: Level, *, into: str) -> None:
    """The ratio of two stored figures, where both are there and the denominator is not 0."""
    periods, period_params = _in(period_ids)
    cursor.execute(
        f"""
        INSERT INTO {into} ({COLUMNS})
        SELECT %s, n.period_id, n.unit_id, n.value * 1.0 / d.value * %s
        FROM {into} n, {into} d, {T_UNIT} u
        WHERE n.target_id = %s AND d.target_id = %s AND n.period_id IN {periods}
          AND d.period_id = n.period_id AND d.unit_id = n.unit_id
          AND u.id = n.unit_id AND {level.units}
          AND n.value IS NOT NULL AND d.value IS NOT NULL AND d.value <> 0
        """,
        [target.pk, target.ratio_scale, target.ratio_numerator_id, target.ratio_denominator_id]
        + period_params
        + level.unit_params,
    )


def _roll_count(
    cursor, target: Target, source: Target, period_ids: list[int], level: Level, *, into: str
) -> None:
    """The number of sub-units whose figure of `source` meets the condition: a threshold,
    or each sub-unit's own allocated plan."""
    if target.count_comparison == "meets_plan":
        operator = "<=" if source.direction == Direction.LOWER else ">="
        condition, condition_params = (
            f"al.plan_value IS NOT NULL AND x.v {operator} al.plan_value",
            [],
        )
        plans = f"LEFT JOIN {T_ALLOC} al ON al.target_id = %s AND al.unit_id = x.child_id"
        plan_params = [source.pk]
    else:
        operator = COMPARISON_SQL[target.count_comparison]
        condition, condition_params = f"x.v {operator} %s", [target.count_threshold]
        plans, plan_params = "", []
    periods, period_params = _in(period_ids)
    targets, target_params = _in([source.pk])
    children = _child_values_sql(
        replace(level, scan=False), periods, targets, aggregates=into, seek=True
    )
    cursor.execute(
        f"""
        INSERT INTO {into} ({COLUMNS})
        SELECT %s, x.period_id, x.unit_id, SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)
        FROM ({children}) x {plans}
        GROUP BY x.period_id, x.unit_id
        """,
        [target.pk]
        + condition_params
        + _child_values_params(level, period_params, target_params)
        + plan_params,
    )


def _create_temp_aggregates(
    cursor, name: str, select: str = "", params: list = (), *, rows: list[tuple] = ()
) -> None:
    """A temporary table of aggregates, filled by `select` or with `rows` (else empty),
    with its cell index."""
    select = select or f"SELECT {COLUMNS} FROM {T_AGG} WHERE 1 = 0"
    cursor.execute(f"CREATE TEMP TABLE {name} AS {select}", list(params))
    if rows:
        cursor.executemany(f"INSERT INTO {name} ({COLUMNS}) VALUES (%s, %s, %s, %s)", rows)
    cursor.execute(f"CREATE UNIQUE INDEX {name}_cell ON {name} (target_id, period_id, unit_id)")


def _program_targets(program: Program) -> list[Target]:
    return list(Target.objects.filter(program=program))


def rollup_full(*, program: Program, periods: Iterable[Period]) -> int:
    """Recompute every aggregate of the program for these periods; return the rows stored."""
    readers = tuning.for_connection().readers()  # asked before this function's transaction
    with transaction.atomic():
        return _rollup_full(program, list(periods), readers=readers)


def _rollup_full(program: Program, periods: list[Period], *, readers: int) -> int:
    period_ids = [p.pk for p in periods]
    if not period_ids:
        return 0
    plan = target_plan(_program_targets(program))
    lock_states(program, periods)
    root = Unit.objects.get(pk=program.unit_id)
    vendor = tuning.for_connection()
    with connection.cursor() as cursor, vendor.full_rollup_session(cursor):
        cursor.execute(f"DROP TABLE IF EXISTS {T_FRESH}")
        levels = _levels_below(root)
        if not levels:  # no sub-units: nothing to roll up
            _create_temp_aggregates(cursor, T_FRESH)
        for level, units in levels:
            # Whether to scan is asked level by level: the level above reads what this one wrote.
            scan = vendor.scan_pays(
                cursor,
                table=T_VALUE if level.leaves else T_FRESH,
                units=units,
                cells_per_unit=len(plan.base) * len(period_ids),
            )
            _roll_level(
                cursor,
                plan,
                period_ids,
                replace(level, scan=scan),
                into=T_FRESH,
                create=level.leaves,
                readers=readers,
            )
            vendor.after_level(cursor, T_FRESH)
        with vendor.merge_session(cursor):
            written = _merge_fresh(cursor, program, period_ids)
        vendor.after_merge(cursor, table=T_AGG, written=written)
        cursor.execute(f"DROP TABLE {T_FRESH}")
    RollupState.objects.filter(program=program, period__in=periods).update(
        revision=new_token(),
        computed_at=timezone.now(),
        rules_revision=Program.objects.get(pk=program.pk).rules_revision,
        stale_since=None,
        stale_reason="",
    )
    return Aggregate.objects.filter(target__program=program, period_id__in=period_ids).count()


def _levels_below(root: Unit) -> list[tuple[Level, int]]:
    """The levels of the root's subtree that have sub-units, deepest first, each with the
    number of units at the depth of its sub-units.

    Where the root is alone at its depth every deeper unit is below it and a level is
    selected by its depth alone; otherwise by its path too."""
    bottom = Unit.objects.under(root).aggregate(d=Max("depth"))["d"] or root.depth
    alone = not Unit.objects.filter(depth=root.depth).exclude(pk=root.pk).exists()
    under_u, under_c, under_params = (
        ("", "", []) if alone else (" AND u.path LIKE %s", " AND c.path LIKE %s", [root.path + "%"])
    )
    sizes = dict(
        Unit.objects.filter(depth__gt=root.depth)
        .values_list("depth")
        .annotate(n=Count("pk"))
        .values_list("depth", "n")
    )
    return [
        (
            Level(
                units=f"u.depth = %s{under_u}",
                unit_params=[depth, *under_params],
                children=f"c.depth = %s{under_c}",
                child_params=[depth + 1, *under_params],
                leaves=depth == bottom - 1,
            ),
            sizes.get(depth + 1, 0),
        )
        for depth in range(bottom - 1, root.depth - 1, -1)
    ]


def lock_states(program: Program, periods: list[Period]) -> dict[int, RollupState]:
    """The program's roll-up states of these periods, created where missing, locked: one
    writer at a time per program and period. {period id: state}.

    A state created here starts under the program's current rules: every value saved
    since the period began was rolled up as it was saved."""
    states = _states_locked(program, periods)
    missing = [p for p in periods if p.pk not in states]
    if missing:
        revision = Program.objects.get(pk=program.pk).rules_revision
        for period in missing:
            RollupState.objects.get_or_create(
                program=program, period=period, defaults={"rules_revision": revision}
            )
        states = _states_locked(program, periods)
    return states


def _states_locked(program: Program, periods: list[Period]) -> dict[int, RollupState]:
    return {
        state.period_id: state
        for state in RollupState.objects.select_for_update(of=("self",))
        .filter(program=program, period__in=periods)
        .select_related("program")
        .order_by("period_id")  # the order `states_moved` locks them in: no deadlock
    }


def states_moved(program: Program, periods: list[Period]) -> dict[int, bool]:
    """Lock the program's roll-up state of each period (created where missing) and replace
    its figures token, one statement per period; {period id: whether its figures are
    stale}. Results cached under the old token are not read again (`tinhdoan.rollup.cache`)."""
    stale = {}
    with connection.cursor() as cursor:
        for period in sorted(periods, key=lambda p: p.pk):
            found = _state_moved(cursor, program, period)
            if found is None:
                lock_states(program, [period])
                found = _state_moved(cursor, program, period)
            stale[period.pk] = found
    return stale


def _state_moved(cursor, program: Program, period: Period) -> bool | None:
    cursor.execute(
        f"""
        UPDATE {T_STATE} SET revision = %s WHERE program_id = %s AND period_id = %s
        RETURNING stale_since, rules_revision,
            (SELECT rules_revision FROM {T_PROGRAM} WHERE id = %s)
        """,
        [new_token(), program.pk, period.pk, program.pk],
    )
    row = cursor.fetchone()
    if row is None:
        return None
    stale_since, rules_revision, program_rules_revision = row
    return stale_since is not None or rules_revision < program_rules_revision  # `is_stale`


def _merge_fresh(cursor, program: Program, period_ids: list[int]) -> int:
    """Make the program's stored aggregates of these periods those of T_FRESH; return
    the rows deleted, updated and inserted.

    Only what differs is written: a full roll-up that finds the figures unchanged
    leaves the table, its indexes and (on PostgreSQL) its dead rows as they were.
    """
    periods, period_params = _in(period_ids)
    same_cell = (
        "f.target_id = {0}.target_id AND f.period_id = {0}.period_id AND f.unit_id = {0}.unit_id"
    )
    cursor.execute(
        f"""
        DELETE FROM {T_AGG} WHERE period_id IN {periods}
          AND target_id IN (SELECT id FROM {T_TARGET} WHERE program_id = %s)
          AND NOT EXISTS (SELECT 1 FROM {T_FRESH} f WHERE {same_cell.format(T_AGG)})
        """,
        period_params + [program.pk],
    )
    written = cursor.rowcount
    cursor.execute(
        f"""
        UPDATE {T_AGG} SET value = f.value FROM {T_FRESH} f
        WHERE {same_cell.format(T_AGG)} AND {T_AGG}.value IS DISTINCT FROM f.value
        """
    )
    written += cursor.rowcount
    cursor.execute(
        f"""
        INSERT INTO {T_AGG} ({COLUMNS}) SELECT {COLUMNS} FROM {T_FRESH} f
        WHERE NOT EXISTS (SELECT 1 FROM {T_AGG} a WHERE {same_cell.format("a")})
        """
    )
    return written + cursor.rowcount


def refresh_units(
    program: Program,
    period: Period,
    *,
    units: set[int],
    targets: set[int] | None = None,
    plan: TargetPlan | None = None,
    depths: dict[int, int] | None = None,
) -> None:
    """Recompute the program's aggregates of `units` for a period (same transaction).

    `units` must hold, with each unit, every ancestor up to the program's unit whose figure
    it changes. Aggregates of the units that are no longer below the program's unit are
    deleted; the others are recomputed deepest first, for `targets` (None: every target).
    The caller holds the period's state and moved its token (`states_moved`)."""
    plan = plan or target_plan(_program_targets(program))
    only = set(plan.targets) if targets is None else targets
    if not units or not only:
        return
    if len(units) > FULL_REFRESH_UNITS:
        _rollup_full(program, [period], readers=1)
        return
    by_depth: dict[int, list[int]] = defaultdict(list)
    for pk, depth in (depths or _depths_below(program, units)).items():
        by_depth[depth].append(pk)
    target_sql, target_params = _in(only)
    with connection.cursor() as cursor:
        parents = _units_with_sub_units(cursor, units, period, target_sql, target_params)
        for chunk in _chunks(sorted(units)):
            ids, id_params = _in(chunk)
            cursor.execute(
                f"DELETE FROM {T_AGG} WHERE period_id = %s AND unit_id IN {ids} "
                f"AND target_id IN {target_sql}",
                [period.pk] + id_params + target_params,
            )
        for depth in sorted(by_depth, reverse=True):
            # A unit without sub-units in the period has no aggregate: nothing to roll up.
            rolled = [pk for pk in by_depth[depth] if pk in parents]
            if not rolled:
                continue
            ids, id_params = _in(rolled)
            level = Level(
                f"u.id IN {ids}", id_params, f"c.parent_id IN {ids}", id_params,
                own_values=any(parents[pk] for pk in rolled),
            )  # fmt: skip
            _roll_level(cursor, plan, [period.pk], level, only=only)


def _units_with_sub_units(
    cursor, units: set[int], period: Period, target_sql: str, target_params: list
) -> dict[int, bool]:
    """{unit id: whether it holds values of its own for the targets} of those of `units`
    that have sub-units in the period: a one-value save reads this once, then rolls up
    only the levels that have an aggregate, and reads own values only where there are."""
    found: dict[int, bool] = {}
    periods, period_params = _in([period.pk])
    for chunk in _chunks(sorted(units)):
        ids, id_params = _in(chunk)
        own_values = _own_values_sql(
            Level(f"u.id IN {ids}", id_params, "", []), periods, target_sql
        )
        cursor.execute(
            f"""
            SELECT u.id, u.id IN (SELECT o.unit_id FROM ({own_values}) o)
            FROM {T_UNIT} u CROSS JOIN {T_PERIOD} p
            WHERE u.id IN {ids} AND p.id IN {periods}
              AND EXISTS (SELECT 1 FROM {T_UNIT} g WHERE g.parent_id = u.id AND {_valid("g")})
            """,
            id_params + period_params + target_params + id_params + period_params,
        )
        found.update((pk, bool(own)) for pk, own in cursor.fetchall())
    return found


def _depths_below(program: Program, units: set[int]) -> dict[int, int]:
    """{unit id: depth} of those units that are now below the program's unit (or it)."""
    root = f"/{program.unit_id}/"
    return {
        pk: depth
        for pk, path, depth in Unit.objects.filter(pk__in=units).values_list("pk", "path", "depth")
        if root in path
    }


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def chain_from(path: str, root_id: int) -> list[int]:
    """The unit ids of a materialized path from `root_id` down to its end, or [] when
    the path does not pass through `root_id`."""
    ids = path_ids(path)
    return ids[ids.index(root_id) :] if root_id in ids else []


@transaction.atomic(savepoint=False)
def values_saved(
    *,
    program: Program,
    cells: Iterable,
    targets: Iterable[Target] | None = None,
    periods: Iterable[Period] | None = None,
) -> None:
    """Bring the aggregates of the saved cells' ancestors up to date (same transaction).

    `cells` are objects with `unit`, `target`, `period_code` and `changed`, such as the
    `CellResult`s of `tinhdoan.rollup.saving.values_save`; `targets` and `periods`, the
    program's targets and the cells' periods when the caller has them already."""
    touched: dict[str, list] = defaultdict(list)
    for cell in cells:  # a period saved unchanged is still refreshed if it was left stale
        touched[cell.period_code] += [cell] if getattr(cell, "changed", True) else []
    if not touched:
        return
    if periods is None:
        periods = Period.objects.filter(code__in=list(touched))
    periods = sorted((p for p in periods if p.code in touched), key=lambda p: p.pk)
    stale = states_moved(program, periods)  # concurrent saves of a period: one at a time
    plan = target_plan(_program_targets(program) if targets is None else targets)
    for period in periods:
        if stale[period.pk]:  # left stale by an earlier change: recompute it all
            _rollup_full(program, [period], readers=1)
            continue
        period_cells = touched[period.code]
        if not period_cells:
            continue
        depths = {}
        for cell in period_cells:
            chain = chain_from(cell.unit.path, program.unit_id)
            depths.update((pk, cell.unit.depth - len(chain) + 1 + i) for i, pk in enumerate(chain))
        only = plan.affected(cell.target.pk for cell in period_cells)
        refresh_units(program, period, units=set(depths), targets=only, plan=plan, depths=depths)


def rollup_check(*, program: Program, periods: Iterable[Period]) -> list[tuple[int, int, int]]:
    """(unit, target, period) cells whose stored aggregate differs from a fresh roll-up.

    The fresh roll-up is computed inside a savepoint that is rolled back, so nothing
    changes."""
    periods = list(periods)

    def snapshot() -> dict[tuple[int, int, int], Decimal | None]:
        return {
            (u, t, p): None if v is None else Decimal(v).quantize(Decimal("0.0001"))
            for u, t, p, v in Aggregate.objects.filter(
                target__program=program, period__in=periods
            ).values_list("unit_id", "target_id", "period_id", "value")
        }

    stored = snapshot()
    with transaction.atomic():
        rollup_full(program=program, periods=periods)
        fresh = snapshot()
        transaction.set_rollback(True)
    return sorted(k for k in stored.keys() | fresh.keys() if stored.get(k) != fresh.get(k))
