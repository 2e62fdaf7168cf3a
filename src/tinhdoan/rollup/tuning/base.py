"""What the portable roll-up (`tinhdoan.rollup.engine`) may ask of a database's tuning,
and the answers of a database that needs none: every statement as written, on one
connection, with the database's own settings."""

from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class CellKey:
    """How a grouping names its cells: the SELECT item and GROUP BY of the rows `x`, and
    the expressions that give back target, period and unit from the grouped rows `g`."""

    select: str
    group_by: str
    target: str
    period: str
    unit: str


THREE_COLUMNS = CellKey(
    select="x.target_id, x.period_id, x.unit_id",
    group_by="x.target_id, x.period_id, x.unit_id",
    target="g.target_id",
    period="g.period_id",
    unit="g.unit_id",
)


class Portable:
    """No tuning: the plain portable path."""

    # Placed after a table that is read from end to end instead of by its indexes.
    scan_hint = ""

    @contextmanager
    def full_rollup_session(self, cursor):
        """Settings for the statements of a full roll-up only."""
        yield

    @contextmanager
    def merge_session(self, cursor):
        """Settings for merging a full roll-up's results into the stored aggregates."""
        yield

    def readers(self) -> int:
        """Connections that may read the database side by side for this roll-up."""
        return 1

    def fetch_in_parallel(self, statements: list[tuple[str, list]]) -> list[tuple]:
        raise NotImplementedError("one connection only")

    def scan_pays(self, cursor, *, table: str, units: int, cells_per_unit: int) -> bool:
        """Whether reading `table` from end to end costs less than seeking the figures of
        `units` sub-units, `cells_per_unit` each."""
        return False

    def cell_key(self, targets: list[int], period_ids: list[int]) -> CellKey:
        return THREE_COLUMNS

    def after_level(self, cursor, table: str) -> None:
        """A level of a full roll-up has been written to `table`."""

    def after_merge(self, cursor, *, table: str, written: int) -> None:
        """A full roll-up rewrote `written` rows of `table`."""
