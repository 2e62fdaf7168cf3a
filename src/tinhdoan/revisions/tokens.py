"""Reading the revisions' tokens: one small query, asked on most requests."""

from django.db import connections, router

from .models import Revision


def revision_tokens(*names: str) -> tuple[int | None, ...]:
    """The current token of each named revision, in the order asked (None: never moved)."""
    table = Revision._meta.db_table
    placeholders = ", ".join(["%s"] * len(names))
    # A plain cursor: the ORM's compiling would cost more than the query on this hot path.
    with connections[router.db_for_read(Revision)].cursor() as cursor:
        cursor.execute(f"SELECT name, token FROM {table} WHERE name IN ({placeholders})", names)
        found = dict(cursor.fetchall())
    return tuple(found.get(name) for name in names)
