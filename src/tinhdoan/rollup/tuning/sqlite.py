"""SQLite tuning of the full roll-up, measured on the national benchmark (`bench/rollup.py`:
100,000 units × 30 targets × 4 periods, 10.8 million values, on a 2-core machine).

- **Sorter threads** (`PRAGMA threads`): SQLite groups the deepest level in its sorter, which
  sorts its batches on helper threads when allowed to: that step takes about 40 % less.
- **Parallel readers**: SQLite runs a statement on one core. The deepest level's grouping,
  split by target, runs on several read-only connections side by side, as PostgreSQL's
  parallel workers do. Other connections see only what is committed, so this is done only
  when the roll-up owns its transaction (`readers`).
- **One scan instead of many seeks**: where the sub-units' figures are most of the table
  that holds them, the table is read from end to end (`NOT INDEXED`) and each row finds its
  sub-unit by key. The level above the deepest went from 372,000 lookups (0.76 s) to one
  pass (0.08 s). `scan_pays` decides from the span of the table's row ids, asked with two
  lone MIN and MAX subqueries: SQLite answers each from the end of the row-id tree, but
  scans the whole table (0.9 s) for both in one SELECT.
- **One packed integer per cell**: grouping by (target, period, unit) packed into one
  64-bit integer; the sorter compares it about 30 % faster than three columns (5.4 million
  rows: 4.05 s → 2.80 s). Used only where a whole table is grouped.
"""

import os
import re
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.db import connection

from tinhdoan.org.models import Unit

from .base import THREE_COLUMNS, CellKey, Portable

CORES = len(os.sched_getaffinity(0))  # the cores this process may run on
MAX_READERS = 4
SORTER_THREADS = min(CORES, 8)
SCAN_SHARE = 0.5  # scan when the sub-units' figures may be this share of the table
UNIT_BITS = 2**32  # a packed cell key: (target, period) above, the unit id in the low 32 bits
PLACEHOLDER = re.compile(r"(?<!%)%s")  # Django's placeholder, not an escaped "%%s"


class SqliteTuning(Portable):
    scan_hint = " NOT INDEXED"

    @contextmanager
    def full_rollup_session(self, cursor):
        cursor.execute("PRAGMA threads")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA threads = {SORTER_THREADS}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA threads = {int(previous)}")

    def readers(self) -> int:
        """More than one outside any transaction, with a database that another connection
        can open by its name (a file, or the tests' shared in-memory database)."""
        if connection.in_atomic_block:
            return 1
        name = str(connection.settings_dict["NAME"])
        if name == ":memory:" or ("mode=memory" in name and "cache=shared" not in name):
            return 1
        return max(1, min(CORES, MAX_READERS))

    def fetch_in_parallel(self, statements: list[tuple[str, list]]) -> list[tuple]:
        """The rows of every statement (Django's `%s` placeholders), each run on its own
        query-only connection to the default database, all at the same time."""
        database = str(connection.settings_dict["NAME"])
        timeout = connection.settings_dict.get("OPTIONS", {}).get("timeout", 20)

        def rows_of(statement: tuple[str, list]) -> list[tuple]:
            sql, params = statement
            reader = sqlite3.connect(database, timeout=timeout, uri=database.startswith("file:"))
            try:
                reader.execute("PRAGMA query_only = 1")
                query = PLACEHOLDER.sub("?", sql).replace("%%", "%")
                return reader.execute(query, params).fetchall()
            finally:
                reader.close()

        with ThreadPoolExecutor(max_workers=len(statements)) as pool:
            parts = list(pool.map(rows_of, statements))
        return [row for rows in parts for row in rows]

    def scan_pays(self, cursor, *, table: str, units: int, cells_per_unit: int) -> bool:
        cursor.execute(f"SELECT (SELECT MIN(rowid) FROM {table}), (SELECT MAX(rowid) FROM {table})")
        low, high = cursor.fetchone()
        if high is None:
            return False
        return units * cells_per_unit >= SCAN_SHARE * (high - low + 1)

    def cell_key(self, targets: list[int], period_ids: list[int]) -> CellKey:
        """The packed key where it fits a signed 64-bit integer: unit ids below 2**32, the
        targets' and periods' spans multiplied below 2**31; the three columns otherwise."""
        if not targets or not period_ids:
            return THREE_COLUMNS
        t0, p0 = min(targets), min(period_ids)
        span = max(period_ids) - p0 + 1
        top_unit = Unit.objects.order_by("-id").values_list("id", flat=True).first() or 0
        if (max(targets) - t0 + 1) * span >= 2**31 or top_unit >= UNIT_BITS:
            return THREE_COLUMNS
        key = f"((x.target_id - {t0}) * {span} + x.period_id - {p0}) * {UNIT_BITS} + x.unit_id"
        return CellKey(
            select=f"{key} AS k",
            group_by="k",
            target=f"{t0} + g.k / {span * UNIT_BITS}",
            period=f"{p0} + (g.k / {UNIT_BITS}) %% {span}",
            unit=f"g.k %% {UNIT_BITS}",
        )
