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


def request_revision_tokens(request, *names: str) -> tuple[int | None, ...]:
    """The tokens as this request read them: the first asking reads every revision in one
    query (the table holds a handful of rows), later ones in the same request take them
    from there. For what a request reads, keyed by the tokens read before it looks: a
    write checks tokens read inside its own transaction (`revision_tokens`)."""
    found = getattr(request, "_revision_tokens", None)
    if found is None:
        with connections[router.db_for_read(Revision)].cursor() as cursor:
            cursor.execute(f"SELECT name, token FROM {Revision._meta.db_table}")
            found = dict(cursor.fetchall())
        request._revision_tokens = found
    return tuple(found.get(name) for name in names)
