"""The one place that writes values below the ORM: the changed cells and their audit rows.

Imports of 100,000 values cross from Python to the database once, into a staging table
(COPY on PostgreSQL, one prepared executemany elsewhere), and become values and history
rows by set-based statements; the few cells of a grid or an API call are written row by
row. Called by the write step of `tinhdoan.reporting.services`, never on its own.
"""

import datetime
from contextlib import contextmanager

from django.db import IntegrityError, connection
from django.utils.translation import gettext as _

from tinhdoan.programs.errors import StaleVersion

from .models import DataValue, ValueChange

# The cells a write changes, staged in a temporary table: each becomes a value (inserted or
# updated) and an audit row, by set-based statements that run inside the database.
STAGE = "reporting_value_stage"
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


def changes_write(
    changes: list[tuple], *, new: int, author_id, now: datetime.datetime, source: str, reason: str
):
    """Write the changed cells (`new` of them not yet in the table) and their audit rows.

    A large write crosses from Python to the database once, into the staging table: COPY
    on PostgreSQL, one prepared executemany elsewhere. A few cells (the web grid, an API
    call) are written row by row, without a table to create. This is the one place that
    writes below the ORM, for imports of 100,000 values.
    """
    if not changes:
        return
    now = connection.ops.adapt_datetimefield_value(now)
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
