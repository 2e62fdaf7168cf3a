import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils.translation import gettext as _

from tinhdoan.org.models import Unit

from .models import ApiToken, Membership, Role, hash_token


class AccountError(ValueError):
    pass


@transaction.atomic
def user_ensure(
    *, username: str, password: str | None = None, full_name: str = "", email: str = ""
) -> tuple[AbstractUser, bool]:
    """Create the user if missing; set the password when one is given. Returns (user, created)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if full_name:
        user.first_name = full_name[:150]
    user.email = email or user.email
    if password is not None:
        user.set_password(password)
    user.save()
    return user, created


@transaction.atomic
def membership_grant(*, user: AbstractUser, unit: Unit, role: str) -> Membership:
    if role not in Role.values:
        raise AccountError(_("Unknown role: %(role)s.") % {"role": role})
    membership, _created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return membership


@transaction.atomic
def token_create(*, user: AbstractUser) -> str:
    """Make a new API token for the user and return it; it is shown only this once."""
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), prefix=raw[:8])
    return raw


def random_password() -> str:
    return secrets.token_urlsafe(12)
