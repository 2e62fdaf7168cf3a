"""Reads about accounts: who needs two-factor login, whether a login is throttled."""

import datetime
import enum
import ipaddress
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken, LoginEvent, Membership, Role, TwoFactorInvitation, hash_token

TWO_FACTOR_ROLES = {Role.ADMIN, Role.LEADERSHIP}
FAILURE_KINDS = [LoginEvent.Kind.FAILURE, LoginEvent.Kind.OTP_FAILURE]
# What starts the count of an account's failures again.
RESET_KINDS = [LoginEvent.Kind.SUCCESS, LoginEvent.Kind.UNLOCKED]


def login_failure_limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def login_failure_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, "LOGIN_FAILURE_WINDOW_MINUTES", 15))


def totp_required(user) -> bool:
    """Administrators (and staff who reach the admin) and leadership readers log in with a code."""
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(user=user, role__in=TWO_FACTOR_ROLES).exists()


def tokens_of(user):
    """The user's own API tokens, newest first (expired ones too, until revoked)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def totp_device_for(user) -> TOTPDevice | None:
    """The user's authenticator app (a confirmed django-otp device), if they set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


class InvitationProblem(enum.Enum):
    """Why an invitation link does not work (None: it does)."""

    UNKNOWN = "unknown"  # no such code (mistyped, or replaced by a newer invitation)
    USED = "used"
    EXPIRED = "expired"


def invitation_lookup(code: str) -> tuple[TwoFactorInvitation | None, InvitationProblem | None]:
    """The invitation a link's code names, and why it cannot be used if it cannot. Looked up
    by the hash of the code: the code itself is stored nowhere."""
    invitation = (
        TwoFactorInvitation.objects.select_related("user")
        .filter(code_hash=hash_token(code or ""))
        .first()
    )
    if invitation is None or not invitation.user.is_active:
        return None, InvitationProblem.UNKNOWN
    if invitation.used_at is not None:
        return invitation, InvitationProblem.USED
    if invitation.expired():
        return invitation, InvitationProblem.EXPIRED
    return invitation, None


def invitation_url(code: str, *, base_url: str | None = None) -> str:
    """The link a user opens to set up two-factor login."""
    base = (base_url or settings.SITE_URL).rstrip("/")
    return base + reverse("accounts:totp_invitation", args=[code])


@dataclass(frozen=True)
class LoginLock:
    """Why a login is refused for now, and until when."""

    class Reason(enum.Enum):
        ACCOUNT_ADDRESS = "account_address"  # this account from this address
        ACCOUNT = "account"  # this account, whatever the addresses
        ADDRESS = "address"  # this address, whatever the accounts

    reason: Reason
    until: datetime.datetime

    def seconds_left(self, now: datetime.datetime | None = None) -> int:
        left = (self.until - (now or timezone.now())).total_seconds()
        return max(1, math.ceil(left))


def login_name(form: AuthenticationForm) -> str:
    """The username the login form authenticates, whatever the spelling typed: the form's own
    field strips it and NFKC-normalizes it (" doan.xa", "doan.xa\t", "doan.xa\u3000" and
    full-width letters are all "doan.xa"), and the model backend then matches it exactly
    (case included). Failures are counted, and logged, under this name."""
    raw = form.data.get(form.add_prefix("username"), "")
    return form.fields["username"].to_python(raw)[:150]


def login_account(username: str):
    """The account a login with this (normalized) username is checked against, if any: the
    model backend's own lookup, so the log records attempts under the real account."""
    User = get_user_model()
    try:
        return User._default_manager.get_by_natural_key(username)
    except User.DoesNotExist:
        return None


def _last_success(events) -> datetime.datetime | None:
    return events.filter(kind__in=RESET_KINDS).order_by("-at").values_list("at", flat=True).first()


def _over_limit_until(failures, *, limit: int, window: datetime.timedelta):
    """When `failures` (within the window) drop back under `limit`, or None when they are
    under it already: the limit-th most recent failure leaves the window then."""
    times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
    return times[-1] + window if len(times) >= limit else None


def _account_address_lock(*, username: str, ip: str | None, now) -> LoginLock | None:
    window = login_failure_window()
    events = LoginEvent.objects.filter(username=username, at__gt=now - window)
    events = events.filter(ip=ip) if ip else events.filter(ip__isnull=True)
    failures = events.filter(kind__in=FAILURE_KINDS)
    last_success = _last_success(events)
    if last_success is not None:
        failures = failures.filter(at__gt=last_success)
    until = _over_limit_until(failures, limit=login_failure_limit(), window=window)
    return LoginLock(LoginLock.Reason.ACCOUNT_ADDRESS, until) if until else None


def account_lock_delay(failures: int) -> datetime.timedelta | None:
    """How long an account stays locked after its `failures`-th failure in a row, from any
    addresses: none under the limit, then the first delay, doubled by every further failure,
    up to the longest."""
    over = failures - settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    if over < 0:
        return None
    first = datetime.timedelta(minutes=settings.LOGIN_ACCOUNT_LOCK_MINUTES)
    longest = datetime.timedelta(hours=settings.LOGIN_ACCOUNT_LOCK_MAX_HOURS)
    return min(first * 2 ** min(over, 32), longest)


def account_failures(*, username: str, now=None) -> tuple[int, datetime.datetime | None]:
    """Failed logins of this account from any address since its last success (or unlock) in
    the account window: how many, and when the last one was."""
    now = now or timezone.now()
    window = datetime.timedelta(hours=settings.LOGIN_ACCOUNT_FAILURE_WINDOW_HOURS)
    events = LoginEvent.objects.filter(username=username, at__gt=now - window)
    failures = events.filter(kind__in=FAILURE_KINDS)
    last_success = _last_success(events)
    if last_success is not None:
        failures = failures.filter(at__gt=last_success)
    summary = failures.aggregate(count=Count("id"), last=Max("at"))
    return summary["count"], summary["last"]


def _account_lock(*, username: str, now) -> LoginLock | None:
    count, last = account_failures(username=username, now=now)
    delay = account_lock_delay(count)
    if delay is None or last + delay <= now:
        return None
    return LoginLock(LoginLock.Reason.ACCOUNT, last + delay)


def _address_lock(*, ip: str | None, now) -> LoginLock | None:
    if not ip:
        return None
    window = login_failure_window()
    failures = LoginEvent.objects.filter(ip=ip, kind__in=FAILURE_KINDS, at__gt=now - window)
    until = _over_limit_until(failures, limit=settings.LOGIN_ADDRESS_FAILURE_LIMIT, window=window)
    return LoginLock(LoginLock.Reason.ADDRESS, until) if until else None


def login_lock(*, username: str, ip: str | None) -> LoginLock | None:
    """Whether a login with this (normalized) username from this address is refused now, and
    why: too many failures of the account from this address, of the account from all
    addresses (a lock that grows with every further failure), or from this address whatever
    the accounts. An unknown username is counted like an account, so the answer does not
    tell which accounts exist. The longest lock wins."""
    now = timezone.now()
    locks = [
        _account_address_lock(username=username, ip=ip, now=now),
        _account_lock(username=username, now=now),
        _address_lock(ip=ip, now=now),
    ]
    return max((lock for lock in locks if lock), key=lambda lock: lock.until, default=None)


def client_ip(request) -> str | None:
    """The visitor's address: REMOTE_ADDR, or the header a trusted reverse proxy sets."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    candidates = [request.headers.get(header, "")] if header else []
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for value in candidates:
        value = value.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            continue
    return None


def user_agent(request) -> str:
    return request.headers.get("User-Agent", "")[:300]
