"""Results kept until the figures they come from change.

A result is kept under the revision of everything it is computed from: the structure token
(`tinhdoan.revisions`: the tree, the programs, targets, plans, periods and explanations)
and the token of each program's figures per period (`RollupState.revision`, replaced by the
engine whenever it writes aggregates). Both move in the transaction of the change, so a
result is never served after its data changed; a result computed inside a transaction
that is then rolled back is kept under tokens that never come back.

The cache is Django's `figures` cache: files in the data directory, or Redis where
`TINHDOAN_CACHE_URL` says so."""

import hashlib
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.db import connections, router

from tinhdoan.revisions.models import Revision
from tinhdoan.revisions.triggers import STRUCTURE

from .models import RollupState

T = TypeVar("T")
VERSION = 1  # raise when what is kept changes shape


def new_token() -> int:
    """A figures token: 31 bits, so that the sum of every state's token fits in 64."""
    return secrets.randbits(31)


def figures_revision() -> str:
    """The revision of everything results are computed from, as it is now: the structure
    token and the sum and count of the figures' tokens, read in one statement (one
    snapshot on every database)."""
    revision, state = Revision._meta.db_table, RollupState._meta.db_table
    with connections[router.db_for_read(RollupState)].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT token FROM {revision} WHERE name = %s), SUM(revision), COUNT(*) "
            f"FROM {state}",
            [STRUCTURE],
        )
        structure, total, states = cursor.fetchone()
    return f"{structure}.{total}.{states}"


def structure_of(revision: str) -> str:
    """The structure token a figures revision was read with."""
    return revision.split(".", 1)[0]


def cached(kind: str, parts: tuple, compute: Callable[[], T], *, revision: str | None = None) -> T:
    """`compute()`'s result for these parts at the current revision, computed once."""
    revision = revision or figures_revision()
    key = cache_key(kind, parts, revision)
    store = caches["figures"]
    found = store.get(key)
    if found is None:
        found = compute()
        store.set(key, found, timeout=None)
    return found


def cache_key(kind: str, parts: tuple, revision: str) -> str:
    digest = hashlib.sha256(repr((VERSION, kind, parts, revision)).encode()).hexdigest()
    return f"{kind}:{digest[:40]}"
