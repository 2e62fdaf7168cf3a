"""Report reads on a read replica, when there is one (`TINHDOAN_REPLICA_URL`).

Reports read much and write nothing; on a deployment of several machines they can be
served by a replica of the PostgreSQL primary, leaving the primary to the writers. Code
that builds a report runs inside `reads_from_replica()`; the `ReplicaRouter` then sends
its reads to the `replica` database. Everything else, and every write, uses `default`.
A read inside a transaction of `default` stays there, so that it sees what the
transaction wrote.

A replica lags the primary by what its replication takes (usually under a second): a
report may not yet show a value saved just before. Pages and the API that show figures
to enter or check read the primary.
"""

import contextvars
import functools
from contextlib import contextmanager

from django.db import connections

REPLICA = "replica"
_reports = contextvars.ContextVar("report_reads", default=False)


@contextmanager
def reads_from_replica():
    token = _reports.set(True)
    try:
        yield
    finally:
        _reports.reset(token)


def report_reads(view):
    """A view or command whose reads are a report's: see `reads_from_replica`."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with reads_from_replica():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _reports.get()
            and REPLICA in connections.settings
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
