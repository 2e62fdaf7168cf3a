"""The bearer tokens a server process has checked, kept until who may reach what changes.

Every API request names its token, and finding it, its user and the user's memberships
costs the same queries of the same few rows each time. A process keeps what it found under
the access and structure revisions (`tinhdoan.revisions`: database triggers move them in
the transaction of any change to the tokens, the memberships, the accounts' active and
superuser flags or the tree), and on the next request reads only the two revisions: a token
revoked, a membership removed or an account disabled is seen at once, by every process.
"""

import copy
import threading
from collections import OrderedDict

from django.utils import timezone

from tinhdoan.accounts.models import ApiToken, hash_token
from tinhdoan.accounts.permissions import scope_for
from tinhdoan.revisions.tokens import revision_tokens
from tinhdoan.revisions.triggers import ACCESS, STRUCTURE

KEPT_TOKENS = 2000  # a province's scripts and officers' tools; the oldest goes first

_lock = threading.Lock()
_kept: OrderedDict[str, tuple[tuple, ApiToken]] = OrderedDict()


def token_user(raw_token: str) -> tuple[ApiToken, object] | None:
    """The live token and a user of its own for this request (scope read), or None when the
    token is unknown, expired or its account disabled."""
    key_hash = hash_token(raw_token)
    revision = revision_tokens(ACCESS, STRUCTURE)
    with _lock:
        kept = _kept.get(key_hash)
    if kept is not None and kept[0] == revision:
        api_token = kept[1]
    else:
        api_token = ApiToken.objects.select_related("user").filter(key_hash=key_hash).first()
        if api_token is None:
            return None
        scope_for(api_token.user)  # the memberships, read once and kept with the user
        _keep(key_hash, revision, api_token)
    if api_token.expires_at <= timezone.now() or not api_token.user.is_active:
        return None
    # Each request gets its own copy of the user (the scope is shared: it is never changed).
    return api_token, copy.copy(api_token.user)


def _keep(key_hash: str, revision: tuple, api_token: ApiToken) -> None:
    with _lock:
        _kept[key_hash] = (revision, api_token)
        _kept.move_to_end(key_hash)
        while len(_kept) > KEPT_TOKENS:
            _kept.popitem(last=False)


def tokens_forget() -> None:
    """Drop every kept token (tests that change access rows outside the triggers' sight)."""
    with _lock:
        _kept.clear()
