"""Reads about accounts: who needs two-factor login, whether a login is throttled."""

import datetime
import ipaddress

from django.conf import settings
from django.utils import timezone

from .models import LoginEvent, Membership, Role, TotpDevice

TWO_FACTOR_ROLES = {Role.ADMIN, Role.LEADERSHIP}
FAILURE_KINDS = [LoginEvent.Kind.FAILURE, LoginEvent.Kind.OTP_FAILURE]


def login_failure_limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def login_failure_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, "LOGIN_FAILURE_WINDOW_MINUTES", 15))


def totp_required(user) -> bool:
    """Administrators (and staff who reach the admin) and leadership readers log in with a code."""
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(user=user, role__in=TWO_FACTOR_ROLES).exists()


def totp_device_for(user) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user).first()


def login_failures_recent(*, username: str, ip: str | None) -> int:
    """Failed attempts for this username from this address in the window, since the last success."""
    since = timezone.now() - login_failure_window()
    events = LoginEvent.objects.filter(username__iexact=username, at__gte=since)
    events = events.filter(ip=ip) if ip else events.filter(ip__isnull=True)
    last_success = (
        events.filter(kind=LoginEvent.Kind.SUCCESS).order_by("-at").values_list("at", flat=True)
    ).first()
    failures = events.filter(kind__in=FAILURE_KINDS)
    if last_success is not None:
        failures = failures.filter(at__gt=last_success)
    return failures.count()


def login_blocked(*, username: str, ip: str | None) -> bool:
    return login_failures_recent(username=username, ip=ip) >= login_failure_limit()


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
