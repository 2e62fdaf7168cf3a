import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhdoan.lib.errors import DomainError
from tinhdoan.org.models import Unit

from . import totp
from .models import ApiToken, LoginEvent, Membership, Role, TotpDevice, hash_token
from .selectors import (
    LoginLock,
    account_failures,
    account_lock_delay,
    client_ip,
    login_account,
    user_agent,
)

# A token's last use is written at most this often: a script reading all day costs a
# write every ten minutes, not one per request.
TOKEN_USE_RECORD_INTERVAL = datetime.timedelta(minutes=10)


class AccountError(DomainError):
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


@transaction.atomic
def token_revoke(*, user: AbstractUser, pk: int) -> bool:
    """Delete one of the user's own tokens; False when the user has no such token."""
    deleted, _by_model = ApiToken.objects.filter(user=user, pk=pk).delete()
    return deleted > 0


def token_use_record(*, token: ApiToken) -> bool:
    """Note the token's use when the last one noted is older than the interval (or none).
    The update is conditional, so concurrent requests with the same token write it once.
    Returns whether it wrote."""
    now = timezone.now()
    due = now - TOKEN_USE_RECORD_INTERVAL
    if token.last_used_at is not None and token.last_used_at > due:
        return False
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=due)
    return ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now) == 1


def random_password() -> str:
    return secrets.token_urlsafe(12)


def login_event_record(*, kind: str, username: str, request, user=None) -> LoginEvent:
    """Write one line of the login log (time, username, address, browser)."""
    return LoginEvent.objects.create(
        kind=kind,
        username=(username or "")[:150],
        user=user if user is not None and user.pk else None,
        ip=client_ip(request),
        user_agent=user_agent(request),
    )


def login_failure_record(*, kind: str, username: str, request, user=None) -> LoginLock | None:
    """Log a failed password or code under the (normalized) username and its account; return
    the account's lock when this failure is the one that locks it (its owner and the
    administrators are told then), None otherwise."""
    login_event_record(kind=kind, username=username, request=request, user=user)
    count, last = account_failures(username=username)
    if user is None or count != settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
        return None
    return LoginLock(LoginLock.Reason.ACCOUNT, last + account_lock_delay(count))


@transaction.atomic
def login_unlock(*, username: str) -> AbstractUser:
    """Lift the lock of an account (its owner is known to be who logs in): its failures so far
    count no more, from any address."""
    user = login_account(username)
    if user is None:
        raise AccountError(_("There is no user %(username)s.") % {"username": username})
    LoginEvent.objects.create(kind=LoginEvent.Kind.UNLOCKED, username=username, user=user)
    return user


@transaction.atomic
def totp_code_check(*, user: AbstractUser, code: str) -> bool:
    """True when the code is the user's current one and was not used before (no replay)."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        return False
    counter = totp.totp_match(device.secret, code)
    if counter is None or counter <= device.last_counter:
        return False
    device.mark_used(counter)
    return True


@transaction.atomic
def totp_device_enrol(*, user: AbstractUser, secret: str, code: str) -> TotpDevice:
    """Record the user's authenticator app once they typed a code it shows for this secret."""
    counter = totp.totp_match(secret, code)
    if counter is None:
        raise AccountError(
            _("The code is not correct. Check the time on your phone and try again.")
        )
    if TotpDevice.objects.filter(user=user).exists():
        raise AccountError(_("Two-factor login is already set up for this account."))
    return TotpDevice.objects.create(user=user, secret=secret, last_counter=counter)


@transaction.atomic
def totp_device_reset(*, user: AbstractUser) -> bool:
    """Forget the user's authenticator (lost phone); they set one up at their next login."""
    deleted, _by_model = TotpDevice.objects.filter(user=user).delete()
    return deleted > 0
