"""Writing notices: each event once per user, mailed once (safe to run twice)."""

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Notification, NotificationKind


def notify(*, users: Iterable, kind: str, key: str, message: str, url: str = "") -> int:
    """Create the notice for each user who does not have it yet; return how many were new."""
    users = list(users)
    already = set(
        Notification.objects.filter(user__in=users, key=key).values_list("user_id", flat=True)
    )
    rows = [
        Notification(user=user, kind=kind, key=key, message=message[:500], url=url)
        for user in users
        if user.pk not in already
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def mail_pending() -> int:
    """Send each notice not yet mailed to users with an e-mail address; return how many were
    sent. Each notice is claimed with a conditional update first, so it goes out once."""
    sent = 0
    pending = Notification.objects.filter(mailed_at__isnull=True).select_related("user")
    for notice in pending.order_by("id"):
        claimed = Notification.objects.filter(pk=notice.pk, mailed_at__isnull=True).update(
            mailed_at=timezone.now()
        )
        if not claimed or not notice.user.email:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = "[tinhdoan] " + str(NotificationKind(notice.kind).label).capitalize()
        send_mail(subject, notice.message, None, [notice.user.email], fail_silently=False)
        sent += 1
    return sent


def mail_after_commit() -> None:
    transaction.on_commit(mail_pending)


@transaction.atomic
def notifications_mark_read(*, user, ids: Sequence[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def login_locked(*, user, until: datetime.datetime, ip: str | None) -> int:
    """Tell an account's owner and the administrators that too many failed logins locked it."""
    with translation.override(settings.LANGUAGE_CODE):
        message = _(
            "Login to the account %(username)s is locked until %(until)s after too many failed "
            "attempts (the last from %(ip)s). If it was not you, tell an administrator; an "
            "administrator lifts the lock with: tinhdoan login-unlock %(username)s"
        ) % {
            "username": user.get_username(),
            "until": timezone.localtime(until).strftime("%H:%M %d/%m/%Y"),
            "ip": ip or "?",
        }
    admins = get_user_model().objects.filter(is_active=True, is_superuser=True)
    created = notify(
        users=sorted({user, *admins}, key=lambda u: u.pk),
        kind=NotificationKind.LOGIN_LOCKED,
        key=f"login_locked:{user.pk}:{until.timestamp():.0f}",
        message=message,
    )
    mail_after_commit()
    return created
