from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from tinhdoan.accounts.models import ApiToken, hash_token
from tinhdoan.accounts.services import token_use_record


class TokenAuth(HttpBearer):
    """`Authorization: Bearer td_…` from `tinhdoan token USERNAME`, until it expires."""

    def authenticate(self, request, token):
        try:
            api_token = ApiToken.objects.select_related("user").get(
                key_hash=hash_token(token), expires_at__gt=timezone.now()
            )
        except ApiToken.DoesNotExist:
            return None
        if not api_token.user.is_active:
            return None
        token_use_record(token=api_token)
        request.user = api_token.user
        return api_token.user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None
