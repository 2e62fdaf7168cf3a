from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from tinhdoan.accounts.models import ApiToken, hash_token
from tinhdoan.accounts.services import token_use_record
from tinhdoan.lib.ratelimits import rate_limit_check


class TokenAuth(HttpBearer):
    """`Authorization: Bearer td_…` from `tinhdoan token USERNAME`, until it expires; each
    token counted against the API's rate limit (refused before its use is recorded)."""

    def authenticate(self, request, token):
        try:
            api_token = ApiToken.objects.select_related("user").get(
                key_hash=hash_token(token), expires_at__gt=timezone.now()
            )
        except ApiToken.DoesNotExist:
            return None
        if not api_token.user.is_active:
            return None
        request.api_token = api_token
        rate_limit_check(request, scope="api")
        token_use_record(token=api_token)
        request.user = api_token.user
        return api_token.user


class ActiveSessionAuth(SessionAuth):
    """The web interface's session; its user counted against the API's rate limit."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        rate_limit_check(request, scope="api")
        return user
