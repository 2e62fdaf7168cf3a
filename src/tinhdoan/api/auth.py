from ninja.security import HttpBearer, SessionAuth

from tinhdoan.accounts.services import token_use_record
from tinhdoan.lib.ratelimits import rate_limit_check

from .token_cache import token_user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer td_…` from `tinhdoan token USERNAME`, until it expires; each
    token counted against the API's rate limit (refused before its use is recorded)."""

    def authenticate(self, request, token):
        found = token_user(request, token)
        if found is None:
            return None
        api_token, user = found
        request.api_token = api_token
        rate_limit_check(request, scope="api")
        token_use_record(token=api_token)
        request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The web interface's session; its user counted against the API's rate limit."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        rate_limit_check(request, scope="api")
        return user
