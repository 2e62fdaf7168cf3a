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


def figures_revision(*also: str) -> str:
    """The revision of everything results are computed from, as it is now: the structure
    token and the sum and count of the figures' tokens, read in one statement (one
    snapshot on every database); with the tokens of the revisions named in `also` after
    the structure's, for what is computed from their tables too."""
    revision, state = Revision._meta.db_table, RollupState._meta.db_table
    names = (STRUCTURE, *also)
    tokens = ", ".join(f"(SELECT token FROM {revision} WHERE name = %s)" for _ in names)
    with connections[router.db_for_read(RollupState)].cursor() as cursor:
        cursor.execute(f"SELECT {tokens}, SUM(revision), COUNT(*) FROM {state}", list(names))
        found = cursor.fetchone()
    return ".".join(str(part) for part in found)


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


def entity_tag(kind: str, parts: tuple, revision: str) -> str:
    """An HTTP entity tag (quoted) for what is kept under this key: the same while it is."""
    digest = cache_key(f"{kind}.etag", parts, revision).split(":", 1)[1]
    return f'"{digest}"'


def not_modified(request, etag: str) -> bool:
    """Whether the request's `If-None-Match` names this entity tag (weak or strong)."""
    wanted = request.headers.get("If-None-Match", "")
    return any(tag.strip().removeprefix("W/") == etag for tag in wanted.split(","))


def cache_key(kind: str, parts: tuple, revision: str) -> str:
    digest = hashlib.sha256(repr((VERSION, kind, parts, revision)).encode()).hexdigest()
    return f"{kind}:{digest[:40]}"
