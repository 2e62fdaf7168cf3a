"""One page of a list answer and the count of the whole list."""

from django.db.models import QuerySet


def page_and_count(rows: QuerySet, *, offset: int, limit: int) -> tuple[list, int]:
    """The rows from `offset`, at most `limit` of them, and how many rows the list has. A
    page shorter than the limit ends the list, so its count needs no second query."""
    page = list(rows[offset : offset + limit])
    if len(page) < limit and (page or offset == 0):
        return page, offset + len(page)
    return page, rows.count()
