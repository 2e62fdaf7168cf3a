"""PostgreSQL tuning of the full roll-up, measured on the national benchmark
(`bench/rollup.py`: 100,000 units × 30 targets × 4 periods, 10.8 million values).

- `jit = off`: compiling these one-off statements costs more than it saves.
- `work_mem = 256MB`: the deepest level (millions of values) is grouped in memory, not
  in batches on disk.
- `random_page_cost = 1.1`: above the deepest level the few sub-units' figures are read by
  the cell index; the tables are in memory by then, an index page costs what a
  sequential one does.
- `ANALYZE` of each level's results: the next level reads what this one stored, and
  without fresh statistics the planner takes the table for empty and may loop over it row
  by row; likewise the stored aggregates after a roll-up rewrote many of them, for the
  one-value saves that follow (autovacuum may be off or long in coming).
- `enable_nestloop = off` while merging: whole tables meet there, by hash; with the
  statistics of an empty table (a first roll-up) a nested loop would take hours.
"""

from contextlib import contextmanager

from .base import Portable

ANALYZE_AFTER_ROWS = 10_000  # a full roll-up that rewrote more refreshes the statistics


class PostgresTuning(Portable):
    @contextmanager
    def full_rollup_session(self, cursor):
        # SET LOCAL ends with the transaction, which the full roll-up owns.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        yield

    @contextmanager
    def merge_session(self, cursor):
        cursor.execute("SET LOCAL enable_nestloop = off")
        try:
            yield
        finally:
            cursor.execute("RESET enable_nestloop")

    def after_level(self, cursor, table: str) -> None:
        cursor.execute(f"ANALYZE {table}")

    def after_merge(self, cursor, *, table: str, written: int) -> None:
        if written > ANALYZE_AFTER_ROWS:
            cursor.execute(f"ANALYZE {table}")
