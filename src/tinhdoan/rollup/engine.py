"""Roll-up of a program's targets over the unit tree, in set-based SQL.

The same statements run on SQLite and PostgreSQL. For a program and a period the
tree is the tree of that period: the units whose validity overlaps it (a unit that
left in mid-year still brings what it reported for the year; the tree before and
after 1 July 2025 differ by which units are valid, their paths stay as they are).

Rules are those of `tinhdoan.programs.models` (module docstring). The roll-up goes
level by level, deepest first, with one `INSERT … SELECT` per level for every
entered rule (sum, mean, min, max) and one per computed target (ratio, count):

- a unit with sub-units gets a stored `Aggregate` from its own entered value (its
  own contribution, counted once) and from what each direct sub-unit brings: its
  own value when it has no sub-units in the period, its stored aggregate otherwise;
- a unit without sub-units is its entered value, read from the data values.

Saving values recomputes only the ancestors of the saved cells, a few one-unit
statements per level, inside the transaction of the save (`values_saved`).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from tinhdoan.org.models import Unit
from tinhdoan.programs.models import (
    Allocation,
    Direction,
    Period,
    Program,
    RollUp,
    Target,
)
from tinhdoan.reporting.models import DataValue

from .models import Aggregate, RollupState
from .readers import CORES, fetch_in_parallel, readers_available

BASE_RULES = frozenset({RollUp.SUM, RollUp.MEAN, RollUp.MIN, RollUp.MAX})
FULL_REFRESH_UNITS = 2000  # above this many ancestors to refresh, recompute the period in full
ANALYZE_AFTER_ROWS = 10_000  # a full roll-up that rewrote more refreshes the statistics
SEEK_TARGETS = 3  # up to this many targets, a sub-unit's values are read by index seeks
SORTER_THREADS = min(CORES, 8)  # SQLite's helper threads for large sorts
SCAN_SHARE = 0.5  # the deepest level scans the values table when its values may be this share
UNIT_BITS = 2**32  # a packed cell key: (target, period) above, the unit id in the low 32 bits

T_AGG = Aggregate._meta.db_table
T_FRESH = "rollup_fresh"  # a full roll-up's results, before they are merged into T_AGG
COLUMNS = "target_id, period_id, unit_id, value"
T_UNIT = Unit._meta.db_table
T_VALUE = DataValue._meta.db_table
T_PERIOD = Period._meta.db_table
T_TARGET = Target._meta.db_table
T_ALLOC = Allocation._meta.db_table

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


def _child_values_sql(
    child_filter: str,
    periods: str,
    targets: str,
    *,
    seek: bool,
    aggregates: str,
    leaves: bool,
    scan: bool = False,
) -> str:
    """Rows (target_id, period_id, unit_id = the parent, child_id, v).

    What each direct sub-unit brings to its parent: its entered value when it has
    no sub-units in the period, its aggregate in the `aggregates` table otherwise;
    `leaves` says that no sub-unit has sub-units of its own (the deepest level), so
    neither needs looking for. With `seek` false the entered values are read by a
    range scan of each sub-unit's values rather than one index seek per target:
    cheaper when most of the program's targets are read. With `scan` (SQLite only) the
    table that holds the sub-units' figures (the values at the deepest level, the
    aggregates above it) is read from end to end in its stored order and each row finds
    its sub-unit by key, which costs less than a seek per sub-unit, target and period
    when these sub-units' figures are most of the table (`_scan_pays`).
    """
    target = "dv.target_id" if seek else "+dv.target_id"  # unary plus: not by the index
    tables = (
        f"{T_VALUE} dv NOT INDEXED CROSS JOIN {T_UNIT} c CROSS JOIN {T_PERIOD} p"
        if scan and leaves
        else f"{T_UNIT} c CROSS JOIN {T_PERIOD} p CROSS JOIN {T_VALUE} dv"
    )
    below = (
        f"{aggregates} a NOT INDEXED CROSS JOIN {T_UNIT} c"
        if scan
        else f"{T_UNIT} c CROSS JOIN {aggregates} a"
    )
    entered = f"""
        SELECT dv.target_id, dv.period_id, c.parent_id AS unit_id, c.id AS child_id,
               dv.value AS v
        FROM {tables}
        WHERE {child_filter} AND p.id IN {periods} AND {_valid("c")}
          AND dv.unit_id = c.id AND dv.period_id = p.id AND {target} IN {targets}
          AND dv.value IS NOT NULL
    """
    if leaves:
        return entered
    return f"""
        {entered}
          AND NOT EXISTS (SELECT 1 FROM {T_UNIT} g WHERE g.parent_id = c.id AND {_valid("g")})
        UNION ALL
        SELECT a.target_id, a.period_id, c.parent_id AS unit_id, c.id AS child_id,
               a.value AS v
        FROM {below}
        WHERE c.id = a.unit_id AND {child_filter} AND a.period_id IN {periods}
          AND a.target_id IN {targets} AND a.value IS NOT NULL
    """


def _child_values_params(
    child_params: list, period_params: list, target_params: list, *, leaves: bool
) -> list:
    once = child_params + period_params + target_params
    return once if leaves else once + once


def _own_values_sql(unit_filter: str, periods: str, targets: str) -> str:
    """Rows (target_id, period_id, unit_id, v) of the units' own entered values, for
    units with sub-units in the period."""
    return f"""
        SELECT dv.target_id, dv.period_id, u.id AS unit_id, dv.value AS v
        FROM {T_UNIT} u CROSS JOIN {T_PERIOD} p CROSS JOIN {T_VALUE} dv
        WHERE {unit_filter} AND p.id IN {periods} AND {_valid("u")}
          AND dv.unit_id = u.id AND dv.period_id = p.id AND dv.target_id IN {targets}
          AND dv.value IS NOT NULL
          AND EXISTS (SELECT 1 FROM {T_UNIT} g WHERE g.parent_id = u.id AND {_valid("g")})
    """


def _roll_level(
    cursor,
    plan: TargetPlan,
    period_ids: list[int],
    *,
    unit_filter: str,
    unit_params: list,
    child_filter: str,
    child_params: list,
    only: set[int] | None = None,
    into: str = T_AGG,
    leaves: bool = False,
    create: bool = False,
    scan: bool = False,
    readers: int = 1,
) -> None:
    """Insert into `into` the aggregates of the units selected by `unit_filter` (their
    sub-units by `child_filter`), whose sub-units are already rolled up there.

    `leaves` says the sub-units have none of their own, `scan` that their figures are
    read by a scan of the table holding them (`_child_values_sql`). `create` makes `into` a
    temporary table from the first statement, its cell index built once afterwards:
    PostgreSQL runs a CREATE TABLE … AS in parallel, never an INSERT … SELECT; on SQLite
    that first statement may be shared by target among `readers` read connections
    (`tinhdoan.rollup.readers`).

    First what the sub-units bring, grouped per unit, target and period; then the
    units' own entered values on top: added for sums, taking the place of the sub-units'
    figure for means, minima and maxima."""
    periods, period_params = _in(period_ids)
    base = [pk for pk in plan.base if only is None or pk in only]
    if create and not base:
        _create_temp_aggregates(cursor, into)
    if base:

        def grouped(part: list[int]) -> tuple[str, list]:
            return _grouped_sql(
                part,
                child_filter,
                child_params,
                periods,
                period_params,
                aggregates=into,
                leaves=leaves,
                scan=scan,
            )

        if create and readers > 1 and len(base) > 1:
            # Split by target, the parts group side by side on their own connections.
            parts = [base[k::readers] for k in range(min(readers, len(base)))]
            rows = fetch_in_parallel([grouped(part) for part in parts])
            _create_temp_aggregates(cursor, into, rows=rows)
        elif create:
            _create_temp_aggregates(cursor, into, *grouped(base))
        else:
            sql, params = grouped(base)
            cursor.execute(f"INSERT INTO {into} ({COLUMNS}) {sql}", params)
        sums = [pk for pk in base if plan.targets[pk].rollup == RollUp.SUM]
        others = [pk for pk in base if plan.targets[pk].rollup != RollUp.SUM]
        for group, combined in (
            (sums, f"{into}.value + excluded.value"),
            (others, "excluded.value"),
        ):
            if not group:
                continue
            targets, target_params = _in(group)
            cursor.execute(
                f"""
                INSERT INTO {into} ({COLUMNS})
                SELECT o.target_id, o.period_id, o.unit_id, o.v
                FROM ({_own_values_sql(unit_filter, periods, targets)}) o WHERE 1 = 1
                ON CONFLICT (target_id, period_id, unit_id) DO UPDATE SET value = {combined}
                """,
                unit_params + period_params + target_params,
            )
    for target in plan.derived:
        if only is not None and target.pk not in only:
            continue
        if target.rollup == RollUp.RATIO:
            cursor.execute(
                f"""
                INSERT INTO {into} ({COLUMNS})
                SELECT %s, n.period_id, n.unit_id, n.value * 1.0 / d.value * %s
                FROM {into} n, {into} d, {T_UNIT} u
                WHERE n.target_id = %s AND d.target_id = %s AND n.period_id IN {periods}
                  AND d.period_id = n.period_id AND d.unit_id = n.unit_id
                  AND u.id = n.unit_id AND {unit_filter}
                  AND n.value IS NOT NULL AND d.value IS NOT NULL AND d.value <> 0
                """,
                [target.pk, target.ratio_scale, target.ratio_numerator_id]
                + [target.ratio_denominator_id]
                + period_params
                + unit_params,
            )
        elif target.rollup == RollUp.COUNT:
            source = plan.targets.get(target.count_source_id)
            if source is None:
                continue
            if target.count_comparison == "meets_plan":  # each sub-unit's own plan
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
            targets, target_params = _in([source.pk])
            children = _child_values_sql(
                child_filter, periods, targets, seek=True, aggregates=into, leaves=leaves
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
                + _child_values_params(child_params, period_params, target_params, leaves=leaves)
                + plan_params,
            )


def _grouped_sql(
    targets: list[int],
    child_filter: str,
    child_params: list,
    periods: str,
    period_params: list,
    *,
    aggregates: str,
    leaves: bool,
    scan: bool,
) -> tuple[str, list]:
    """SELECT (target_id, period_id, unit_id, value) of what the sub-units bring to each
    unit for these entered targets, by each target's rule; and its parameters."""
    target_sql, target_params = _in(targets)
    scan = scan and len(targets) > SEEK_TARGETS
    children = _child_values_sql(
        child_filter,
        periods,
        target_sql,
        seek=len(targets) <= SEEK_TARGETS,
        aggregates=aggregates,
        leaves=leaves,
        scan=scan,
    )
    # Packing pays where a whole table is grouped; a one-value save's refresh groups a
    # few rows and is spared the look-up of the highest unit id.
    packing = _cell_packing(targets, period_params) if scan else None
    if packing is None:
        cell = group = "x.target_id, x.period_id, x.unit_id"
        target, period, unit = "g.target_id", "g.period_id", "g.unit_id"
    else:
        t0, p0, span = packing
        key = f"((x.target_id - {t0}) * {span} + x.period_id - {p0}) * {UNIT_BITS} + x.unit_id"
        cell, group = f"{key} AS k", "k"
        target = f"{t0} + g.k / {span * UNIT_BITS}"
        period = f"{p0} + (g.k / {UNIT_BITS}) %% {span}"
        unit = f"g.k %% {UNIT_BITS}"
    sql = f"""
        SELECT {target} AS target_id, {period} AS period_id, {unit} AS unit_id,
            CAST(CASE t.rollup WHEN 'sum' THEN g.total WHEN 'mean' THEN g.mean
                               WHEN 'min' THEN g.low ELSE g.high END
                 AS decimal(30, 8)) AS value
        FROM (
            SELECT {cell}, SUM(x.v) AS total,
                   AVG(x.v) AS mean, MIN(x.v) AS low, MAX(x.v) AS high
            FROM ({children}) x
            GROUP BY {group}
        ) g, {T_TARGET} t
        WHERE t.id = {target}
    """
    return sql, _child_values_params(child_params, period_params, target_params, leaves=leaves)


def _cell_packing(targets: list[int], period_ids: list[int]) -> tuple[int, int, int] | None:
    """(lowest target id, lowest period id, span of the period ids) to group the cells of
    these targets and periods by one integer, or None to group by the three columns.

    SQLite's sorter compares one integer faster than three: grouping the deepest level
    (millions of values) takes about 30 % less. The key must fit a signed 64-bit integer:
    unit ids below 2**32, the targets' and periods' spans multiplied below 2**31.
    PostgreSQL groups by hash and keeps the three columns."""
    if connection.vendor != "sqlite" or not targets or not period_ids:
        return None
    t0, p0 = min(targets), min(period_ids)
    span = max(period_ids) - p0 + 1
    top_unit = Unit.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if (max(targets) - t0 + 1) * span >= 2**31 or top_unit >= UNIT_BITS:
        return None
    return t0, p0, span


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


def _scan_pays(cursor, table: str, plan: TargetPlan, depth: int, period_ids: list[int]) -> bool:
    """Whether the figures of the units at `depth` for these periods may be most of
    `table` (SQLite): at most one per unit, entered target and period, against the span
    of its row ids (a values table holding many years makes them a small share)."""
    # Two subqueries: SQLite answers a lone MIN or MAX from the end of the row-id tree,
    # but scans the whole table for both in one SELECT.
    cursor.execute(f"SELECT (SELECT MIN(rowid) FROM {table}), (SELECT MAX(rowid) FROM {table})")
    low, high = cursor.fetchone()
    if high is None:
        return False
    units = Unit.objects.filter(depth=depth).count()
    return units * len(plan.base) * len(period_ids) >= SCAN_SHARE * (high - low + 1)


@contextmanager
def _settings_for_rollup(cursor):
    """The database settings of a full roll-up, for its statements only."""
    if connection.vendor == "postgresql":  # SET LOCAL ends with the transaction
        # Compiling these one-off statements costs more than it saves.
        cursor.execute("SET LOCAL jit = off")
        # Group the leaf level (millions of values) in memory, not in batches on disk.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        # Above the deepest level the few sub-units' values are read by the cell index:
        # the tables are in memory by then, an index page costs what a sequential one does.
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        yield
        return
    # SQLite groups the leaf level in its sorter, which sorts its batches on helper
    # threads when allowed to: the longest step takes about 40 % less on two cores.
    cursor.execute("PRAGMA threads")
    (previous,) = cursor.fetchone()
    cursor.execute(f"PRAGMA threads = {SORTER_THREADS}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA threads = {int(previous)}")


def rollup_full(*, program: Program, periods: Iterable[Period]) -> int:
    """Recompute every aggregate of the program for these periods; return the rows stored."""
    readers = readers_available()  # asked before this function's own transaction begins
    with transaction.atomic():
        return _rollup_full(program, list(periods), readers)


def _rollup_full(program: Program, periods: list[Period], readers: int) -> int:
    targets = _program_targets(program)
    plan = target_plan(targets)
    period_ids = [p.pk for p in periods]
    if not period_ids:
        return 0
    lock_states(program, periods)
    root = Unit.objects.get(pk=program.unit_id)
    bottom = Unit.objects.under(root).aggregate(d=Max("depth"))["d"] or root.depth
    postgres = connection.vendor == "postgresql"
    under_u, under_c, under_params = _under_root_sql(root)
    with connection.cursor() as cursor, _settings_for_rollup(cursor):
        cursor.execute(f"DROP TABLE IF EXISTS {T_FRESH}")
        if bottom == root.depth:  # no sub-units: nothing to roll up
            _create_temp_aggregates(cursor, T_FRESH)
        for depth in range(bottom - 1, root.depth - 1, -1):
            leaves = depth == bottom - 1
            _roll_level(
                cursor,
                plan,
                period_ids,
                unit_filter=f"u.depth = %s{under_u}",
                unit_params=[depth, *under_params],
                child_filter=f"c.depth = %s{under_c}",
                child_params=[depth + 1, *under_params],
                into=T_FRESH,
                leaves=leaves,
                create=leaves,
                scan=not postgres
                and _scan_pays(cursor, T_VALUE if leaves else T_FRESH, plan, depth + 1, period_ids),
                readers=readers,
            )
            if postgres:
                # The next level reads what this one stored: without fresh statistics the
                # planner takes the table for empty and may loop over it row by row.
                cursor.execute(f"ANALYZE {T_FRESH}")
        written = _merge_fresh(cursor, program, period_ids)
        if postgres and written > ANALYZE_AFTER_ROWS:
            # The one-value saves that follow plan their lookups from these statistics;
            # autovacuum may be off or long in coming.
            cursor.execute(f"ANALYZE {T_AGG}")
        cursor.execute(f"DROP TABLE {T_FRESH}")
    RollupState.objects.filter(program=program, period__in=periods).update(
        computed_at=timezone.now(),
        rules_revision=Program.objects.get(pk=program.pk).rules_revision,
        stale_since=None,
        stale_reason="",
    )
    return Aggregate.objects.filter(target__program=program, period_id__in=period_ids).count()


def _under_root_sql(root: Unit) -> tuple[str, str, list]:
    """SQL conditions (for the aliases u and c) keeping a full roll-up inside the subtree
    of the program's unit, and their parameters. Where the unit is alone at its depth,
    every deeper unit is below it and a level is selected by its depth alone."""
    if not Unit.objects.filter(depth=root.depth).exclude(pk=root.pk).exists():
        return "", "", []
    return " AND u.path LIKE %s", " AND c.path LIKE %s", [root.path + "%"]


def lock_states(program: Program, periods: list[Period]) -> dict[int, RollupState]:
    """The program's roll-up states of these periods, created where missing, locked: one
    writer at a time per program and period. {period id: state}.

    A state created here starts under the program's current rules: every value saved
    since the period began was rolled up as it was saved."""
    revision = Program.objects.get(pk=program.pk).rules_revision
    for period in periods:
        RollupState.objects.get_or_create(
            program=program, period=period, defaults={"rules_revision": revision}
        )
    return {
        state.period_id: state
        for state in RollupState.objects.select_for_update()
        .filter(program=program, period__in=periods)
        .order_by("pk")
    }


def _merge_fresh(cursor, program: Program, period_ids: list[int]) -> int:
    """Make the program's stored aggregates of these periods those of T_FRESH; return
    the rows deleted, updated and inserted.

    Only what differs is written: a full roll-up that finds the figures unchanged
    leaves the table, its indexes and (on PostgreSQL) its dead rows as they were.
    """
    written = 0
    periods, period_params = _in(period_ids)
    postgres = connection.vendor == "postgresql"
    if postgres:
        # Whole tables meet here, by hash. The stored table's statistics may still be those
        # of an empty table (a first roll-up, autovacuum not yet by): looping over it for
        # each fresh row would take hours.
        cursor.execute("SET LOCAL enable_nestloop = off")
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
    written += cursor.rowcount
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
    written += cursor.rowcount
    if postgres:
        cursor.execute("RESET enable_nestloop")
    return written


def refresh_units(
    program: Program,
    period: Period,
    *,
    units: set[int],
    targets: set[int] | None = None,
    plan: TargetPlan | None = None,
) -> None:
    """Recompute the program's aggregates of `units` for a period (same transaction).

    `units` must hold, with each unit, every ancestor up to the program's unit whose figure
    it changes. Aggregates of the units that are no longer below the program's unit are
    deleted; the others are recomputed deepest first, for `targets` (None: every target).
    The caller holds the period's state (`lock_states`)."""
    plan = plan or target_plan(_program_targets(program))
    only = set(plan.targets) if targets is None else targets
    if not units or not only:
        return
    if len(units) > FULL_REFRESH_UNITS:
        _rollup_full(program, [period], readers=1)
        return
    by_depth: dict[int, list[int]] = defaultdict(list)
    root_id = f"/{program.unit_id}/"
    for pk, path, depth in Unit.objects.filter(pk__in=units).values_list("pk", "path", "depth"):
        if root_id in path:  # below the program's unit (or the unit itself)
            by_depth[depth].append(pk)
    target_sql, target_params = _in(only)
    with connection.cursor() as cursor:
        for chunk in _chunks(sorted(units)):
            ids, id_params = _in(chunk)
            cursor.execute(
                f"DELETE FROM {T_AGG} WHERE period_id = %s AND unit_id IN {ids} "
                f"AND target_id IN {target_sql}",
                [period.pk] + id_params + target_params,
            )
        for depth in sorted(by_depth, reverse=True):
            level, level_params = _in(by_depth[depth])
            _roll_level(
                cursor,
                plan,
                [period.pk],
                unit_filter=f"u.id IN {level}",
                unit_params=level_params,
                child_filter=f"c.parent_id IN {level}",
                child_params=level_params,
                only=only,
            )


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def chain_from(path: str, root_id: int) -> list[int]:
    """The unit ids of a materialized path from `root_id` down to its end, or [] when
    the path does not pass through `root_id`."""
    ids = [int(part) for part in path.strip("/").split("/") if part]
    return ids[ids.index(root_id) :] if root_id in ids else []


@transaction.atomic
def values_saved(*, program: Program, cells: Iterable) -> None:
    """Bring the aggregates of the saved cells' ancestors up to date (same transaction).

    `cells` are objects with `unit`, `target`, `period_code` and `changed`, such as the
    `CellResult`s of `tinhdoan.programs.entry.values_write`."""
    touched: dict[str, list] = defaultdict(list)
    for cell in cells:
        if getattr(cell, "changed", True):
            touched[cell.period_code].append(cell)
    if not touched:
        return
    periods = list(Period.objects.filter(code__in=list(touched)).order_by("pk"))
    lock_states(program, periods)  # concurrent saves of a program and period: one at a time
    plan = target_plan(_program_targets(program))
    for period in periods:
        period_cells = touched[period.code]
        units = {pk for cell in period_cells for pk in chain_from(cell.unit.path, program.unit_id)}
        only = plan.affected(cell.target.pk for cell in period_cells)
        refresh_units(program, period, units=units, targets=only, plan=plan)


def actual_values(
    *, program: Program, period: Period, unit_ids: Iterable[int], targets: list[Target]
) -> dict[tuple[int, int], Decimal | None]:
    """{(unit id, target id): rolled-up value} for these units (two queries)."""
    found = actual_values_by_period(
        program=program, periods=[period], unit_ids=unit_ids, targets=targets
    )
    return found[period.pk]


def actual_values_by_period(
    *, program: Program, periods: list[Period], unit_ids: Iterable[int], targets: list[Target]
) -> dict[int, dict[tuple[int, int], Decimal | None]]:
    """{period id: {(unit id, target id): rolled-up value}} for these units and periods,
    in two queries whatever the number of periods."""
    unit_ids = list(unit_ids)
    result: dict[int, dict[tuple[int, int], Decimal | None]] = {p.pk: {} for p in periods}
    if not unit_ids or not periods:
        return result
    target_ids = [t.pk for t in targets]
    period_ids = list(result)
    stored = {
        (p, u, t): v
        for p, u, t, v in Aggregate.objects.filter(
            period_id__in=period_ids, unit_id__in=unit_ids, target_id__in=target_ids
        ).values_list("period_id", "unit_id", "target_id", "value")
    }
    own = {
        (p, u, t): v
        for p, u, t, v in DataValue.objects.filled()
        .filter(period_id__in=period_ids, unit_id__in=unit_ids, target_id__in=target_ids)
        .values_list("period_id", "unit_id", "target_id", "value")
    }
    entered = [t.id for t in targets if t.rollup in BASE_RULES]
    ratios = [
        (t.id, t.ratio_numerator_id, t.ratio_denominator_id, t.ratio_scale)
        for t in targets
        if t.rollup == RollUp.RATIO
    ]
    others = [t.id for t in targets if t.rollup not in BASE_RULES and t.rollup != RollUp.RATIO]
    for period_id, values in result.items():
        for unit_id in unit_ids:
            for target_id in entered:
                key = (period_id, unit_id, target_id)
                values[(unit_id, target_id)] = stored[key] if key in stored else own.get(key)
            for target_id, top_id, bottom_id, scale in ratios:
                key = (period_id, unit_id, target_id)
                if key in stored:  # a unit with sub-units: rolled up
                    values[(unit_id, target_id)] = stored[key]
                    continue
                top = values.get((unit_id, top_id))  # else the ratio of its own values
                bottom = values.get((unit_id, bottom_id))
                values[(unit_id, target_id)] = (
                    Decimal(top) / Decimal(bottom) * scale if top is not None and bottom else None
                )
            for target_id in others:
                values[(unit_id, target_id)] = stored.get((period_id, unit_id, target_id))
    return result


def today() -> datetime.date:
    return timezone.localdate()


def evaluate_all(*, program: Program, periods: Iterable[Period]) -> dict[str, dict[str, int]]:
    """Status counts of every unit, target and period with a value and a plan, in one query:
    {period code: {"exceeded": n, "met": n, "not_met": n}}."""
    periods = list(periods)
    codes = {p.pk: p.code for p in periods}
    targets = _program_targets(program)
    allocated = set(
        Allocation.objects.filter(target__program=program).values_list("target_id", flat=True)
    )
    # entered values of units without sub-units have a plan only when allocated or a rate
    base = [
        t.pk
        for t in targets
        if t.rollup in BASE_RULES and (t.rollup != RollUp.SUM or t.pk in allocated)
    ]
    every = [t.pk for t in targets]
    period_sql, period_params = _in(codes)
    base_sql, base_params = _in(base or [0])
    every_sql, every_params = _in(every or [0])
    inline = (
        f"CASE WHEN v.unit_id = {int(program.unit_id)} THEN t.plan_value "
        "WHEN al.plan_value IS NOT NULL THEN al.plan_value "
        "WHEN t.rollup IN ('mean', 'min', 'max', 'ratio') THEN t.plan_value END"
    )
    sql = f"""
        SELECT e.period_id, e.status, COUNT(*) FROM (
            SELECT v.period_id,
                CASE WHEN ({inline}) IS NULL THEN 'none'
                     WHEN t.direction = 'lower' THEN
                        CASE WHEN v.value < ({inline}) THEN 'exceeded'
                             WHEN v.value <= ({inline}) * (1 + t.tolerance / 100) THEN 'met'
                             ELSE 'not_met' END
                     ELSE
                        CASE WHEN v.value > ({inline}) THEN 'exceeded'
                             WHEN v.value >= ({inline}) * (1 - t.tolerance / 100) THEN 'met'
                             ELSE 'not_met' END
                END AS status
            FROM (
                SELECT a.unit_id, a.target_id, a.period_id, a.value FROM {T_AGG} a
                WHERE a.period_id IN {period_sql} AND a.target_id IN {every_sql}
                  AND a.value IS NOT NULL
                UNION ALL
                SELECT dv.unit_id, dv.target_id, dv.period_id, dv.value FROM {T_VALUE} dv
                WHERE dv.period_id IN {period_sql} AND dv.target_id IN {base_sql}
                  AND dv.value IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM {T_AGG} a2 WHERE a2.unit_id = dv.unit_id
                                  AND a2.target_id = dv.target_id AND a2.period_id = dv.period_id)
            ) v
            JOIN {T_TARGET} t ON t.id = v.target_id
            LEFT JOIN {T_ALLOC} al ON al.target_id = v.target_id AND al.unit_id = v.unit_id
        ) e
        WHERE e.status <> 'none'
        GROUP BY e.period_id, e.status
    """
    result: dict[str, dict[str, int]] = {code: {} for code in codes.values()}
    with connection.cursor() as cursor:
        cursor.execute(sql, period_params + every_params + period_params + base_params)
        for period_id, status, count in cursor.fetchall():
            result[codes[period_id]][status] = count
    return result


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
