"""Several SQLite connections reading the database at once.

SQLite runs a statement on one core. A full roll-up's deepest level groups every
entered value of the periods (millions at national scale); split by target, the parts
run side by side on their own read connections, as PostgreSQL's parallel workers do.

Other connections see only what is committed: the parts are read in parallel only
when the roll-up opened its own transaction, so nothing it reads can be waiting
uncommitted on the main connection.
"""

import os
import re
import sqlite3
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

MAX_READERS = 4
CORES = len(os.sched_getaffinity(0))  # the cores this process may run on
PLACEHOLDER = re.compile(r"(?<!%)%s")  # Django's placeholder, not an escaped "%%s"


def readers_available() -> int:
    """How many connections may read the default database at once, here and now: more
    than one only on SQLite, outside any transaction, with a database that another
    connection can open by its name (a file, or the tests' shared in-memory database)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return 1
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or ("mode=memory" in name and "cache=shared" not in name):
        return 1
    return max(1, min(CORES, MAX_READERS))


def fetch_in_parallel(statements: list[tuple[str, list]]) -> list[tuple]:
    """The rows of every statement (Django's `%s` placeholders), each run on its own
    connection to the default database, all at the same time."""
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
