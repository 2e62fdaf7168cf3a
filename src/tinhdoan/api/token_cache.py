"""The bearer tokens a server process has checked, kept until who may reach what changes.

Every API request names its token, and finding it, its user and the user's memberships
costs the same queries of the same few rows each time. A process keeps what it found under
the access and structure revisions (`tinhdoan.revisions`: database triggers move them in
the transaction of any change to the tokens, the memberships, the accounts' active and
superuser flags or the tree), and on the next request reads only the revisions, in the
query that serves the request's other kept reads too: a token revoked, a membership
removed or an account disabled is seen at once, by every process.
"""

import copy

from django.utils import timezone

from tinhdoan.accounts.models import ApiToken, hash_token
from tinhdoan.accounts.permissions import scope_for
from tinhdoan.revisions.kept import kept_under
from tinhdoan.revisions.tokens import request_revision_tokens
from tinhdoan.revisions.triggers import ACCESS, STRUCTURE


def token_user(request, raw_token: str) -> tuple[ApiToken, object] | None:
    """The live token and a user of its own for this request (scope read), or None when the
    token is unknown, expired or its account disabled."""
    key_hash = hash_token(raw_token)
    revision = request_revision_tokens(request, ACCESS, STRUCTURE)
    try:
        api_token = kept_under(("api_token", key_hash), revision, lambda: _found(key_hash))
    except ApiToken.DoesNotExist:  # not kept: a token made later is found at once
        return None
    if api_token.expires_at <= timezone.now() or not api_token.user.is_active:
        return None
    # Each request gets its own copy of the user (the scope is shared: it is never changed).
    return api_token, copy.copy(api_token.user)


def _found(key_hash: str) -> ApiToken:
    api_token = ApiToken.objects.select_related("user").get(key_hash=key_hash)
    scope_for(api_token.user)  # the memberships, read once and kept with the user
    return api_token
