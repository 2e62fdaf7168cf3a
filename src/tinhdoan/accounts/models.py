import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhdoan.org.models import Unit


class Role(models.TextChoices):
    OFFICER = "officer", _("Unit officer")
    APPROVER = "approver", _("Approver")
    LEADERSHIP = "leadership", _("Leadership reader")
    DEPARTMENT = "department", _("Department liaison")
    OFFICE = "office", _("Office: records the body's sessions, issues their notices")
    ADMIN = "admin", _("Administrator")


class Membership(models.Model):
    """A user works for a unit in a role; the unit and role decide what they may see and do."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["user_id", "unit__path"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="accounts_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.unit} ({self.get_role_display()})"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_expiry() -> "datetime.datetime":
    """When a token made now stops working: API_TOKEN_DAYS (180) later."""
    return timezone.now() + datetime.timedelta(days=getattr(settings, "API_TOKEN_DAYS", 180))


class ApiToken(models.Model):
    """A bearer token for scripts; only its hash is stored. It works until it expires or its
    owner (or an administrator) revokes it, which deletes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), default=token_expiry)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def new_raw_key() -> str:
        return "td_" + secrets.token_urlsafe(32)


class LoginEvent(models.Model):
    """One line of the login log: also what login throttling counts. `username` is the name
    as login checks it (normalized), `user` the account it names, whatever was typed."""

    class Kind(models.TextChoices):
        SUCCESS = "success", _("Logged in")
        FAILURE = "failure", _("Wrong username or password")
        OTP_FAILURE = "otp_failure", _("Wrong two-factor code")
        THROTTLED = "throttled", _("Refused: too many failures")
        LOGOUT = "logout", _("Logged out")
        UNLOCKED = "unlocked", _("Unlocked by an administrator")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    username = models.CharField(_("username"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="login_events",
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("login event")
        verbose_name_plural = _("login log")
        indexes = [
            models.Index(fields=["username", "at"], name="accounts_login_account_idx"),
            models.Index(fields=["ip", "at"], name="accounts_login_address_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_kind_display()}"


def invitation_expiry() -> "datetime.datetime":
    """When an invitation made now stops working: TWOFACTOR_INVITATION_HOURS (24) later."""
    hours = getattr(settings, "TWOFACTOR_INVITATION_HOURS", 24)
    return timezone.now() + datetime.timedelta(hours=hours)


class TwoFactorInvitation(models.Model):
    """A one-time link an administrator gives a user who must log in with two-factor: the only
    way to set up their authenticator app (a device of django-otp). Only the hash of its code
    is kept; it works once, before it expires, for its own user only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="twofactor_invitations",
        verbose_name=_("user"),
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), default=invitation_expiry)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("two-factor invitation")
        verbose_name_plural = _("two-factor invitations")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"

    @staticmethod
    def new_code() -> str:
        return secrets.token_urlsafe(32)

    def expired(self, now: "datetime.datetime | None" = None) -> bool:
        return (now or timezone.now()) >= self.expires_at
