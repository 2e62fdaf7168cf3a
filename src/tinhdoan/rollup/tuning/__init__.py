"""Vendor tuning of the roll-up, one small module per database.

`tinhdoan.rollup.engine` runs the same portable statements on every database. The few
settings and planner hints that were measured to pay on one database only live in that
database's module, with the measurement that justifies them: `sqlite` and `postgres`.
Any other database gets `base.Portable`, the plain path.
"""

from django.db import connection

from .base import THREE_COLUMNS, CellKey, Portable
from .postgres import PostgresTuning
from .sqlite import SqliteTuning

__all__ = ["THREE_COLUMNS", "CellKey", "Portable", "for_connection"]

_BY_VENDOR: dict[str, Portable] = {"sqlite": SqliteTuning(), "postgresql": PostgresTuning()}


def for_connection() -> Portable:
    """The tuning of the default database."""
    return _BY_VENDOR.get(connection.vendor) or Portable()
