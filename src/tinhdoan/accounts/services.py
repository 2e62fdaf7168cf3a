import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tinhdoan.lib.errors import DomainError
from tinhdoan.org.models import Unit

from .models import ApiToken, LoginEvent, Membership, Role, TwoFactorInvitation, hash_token
from .selectors import (
    InvitationProblem,
    LoginLock,
    account_failures,
    account_lock_delay,
    client_ip,
    login_account,
    totp_device_for,
    totp_required,
    user_agent,
)

# The name of the authenticator app's device (django-otp keeps a name per device).
DEVICE_NAME = "Ứng dụng xác thực"

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
    wrote = ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now) == 1
    # Noted now, by this request or another process's: a token kept between requests
    # (`tinhdoan.api.token_cache`) is not written again until the interval has passed.
    token.last_used_at = now
    return wrote


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


def invitation_problem_message(problem: InvitationProblem) -> str:
    """What a user is told when their invitation link does not work."""
    if problem is InvitationProblem.USED:
        return _(
            "This invitation has already been used: each one works only once. "
            "Ask an administrator for a new one."
        )
    if problem is InvitationProblem.EXPIRED:
        return _("This invitation has expired. Ask an administrator for a new one.")
    return _(
        "This invitation link is not valid. Check the address, or ask an administrator "
        "for a new one."
    )


@transaction.atomic
def invitation_create(*, user: AbstractUser) -> tuple[TwoFactorInvitation, str]:
    """Invite a user who must log in with two-factor, and has no authenticator yet, to set
    one up: returns the invitation and its code (shown only this once; only its hash is
    kept). An earlier invitation of the user not used yet stops working."""
    if not user.is_active:
        raise AccountError(_("The account %(username)s is disabled.") % {"username": user})
    if not totp_required(user):
        raise AccountError(
            _(
                "%(username)s does not log in with two-factor (only administrators and "
                "leadership readers do)."
            )
            % {"username": user}
        )
    if totp_device_for(user) is not None:
        raise AccountError(
            _(
                "%(username)s has already set up two-factor login; reset it first "
                "(tinhdoan twofactor-reset %(username)s)."
            )
            % {"username": user}
        )
    TwoFactorInvitation.objects.filter(user=user, used_at__isnull=True).delete()
    code = TwoFactorInvitation.new_code()
    invitation = TwoFactorInvitation.objects.create(user=user, code_hash=hash_token(code))
    return invitation, code


def code_normalized(code: str) -> str:
    """The digits typed, without the spaces some apps show in the middle ("123 456")."""
    return "".join((code or "").split())


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a two-factor code: the device that accepted it, or why not."""

    device: TOTPDevice | None = None
    # Set when django-otp refused to check the code at all after wrong ones in a row.
    locked_until: datetime.datetime | None = None

    def seconds_left(self) -> int:
        left = (self.locked_until - timezone.now()).total_seconds() if self.locked_until else 0
        return max(1, int(left + 0.999))


@transaction.atomic
def totp_code_check(*, user: AbstractUser, code: str) -> CodeCheck:
    """Check a code against the user's authenticator with django-otp: a code of the current
    time step or one either side (clock drift, which the device then follows), never one of
    a step already used (replay), and, after wrong codes in a row, no check at all for a
    while (1, 2, 4… seconds: even the right code is refused)."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=True)
        .order_by("id")
        .first()
    )
    if device is None:
        return CodeCheck()
    allowed, data = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(locked_until=(data or {}).get("locked_until") or timezone.now())
    if device.verify_token(code_normalized(code)):
        return CodeCheck(device=device)
    return CodeCheck()


@transaction.atomic
def totp_device_enrol(
    *, user: AbstractUser, key: str, code: str, invitation_id: int | None
) -> TOTPDevice:
    """Record the user's authenticator app, once they typed a code it shows for this key, with
    an invitation of theirs that still works, which is used up then. Any refusal writes
    nothing (the transaction is rolled back)."""
    invitation = (
        TwoFactorInvitation.objects.select_for_update().filter(pk=invitation_id).first()
        if invitation_id
        else None
    )
    if invitation is None or invitation.user_id != user.pk:
        raise AccountError(
            _("Two-factor login is set up only with an invitation from an administrator.")
        )
    if invitation.used_at is not None:
        raise AccountError(invitation_problem_message(InvitationProblem.USED))
    if invitation.expired():
        raise AccountError(invitation_problem_message(InvitationProblem.EXPIRED))
    # One enrolment of a user at a time: the second waits, then finds the first's device.
    type(user).objects.select_for_update().filter(pk=user.pk).first()
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise AccountError(_("Two-factor login is already set up for this account."))
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=False)
    if not device.verify_token(code_normalized(code)):
        # Raised inside the transaction: the device just made is not kept.
        raise AccountError(
            _("The code is not correct. Check the time on your phone and try again.")
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return device


@transaction.atomic
def totp_device_reset(*, user: AbstractUser) -> bool:
    """Forget the user's authenticator (lost phone): they need a new invitation to set one up
    again, and a session they opened with it no longer counts as verified."""
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    return deleted > 0
