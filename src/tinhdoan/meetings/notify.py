"""Notifications: in the app (a bell with the unread count) and by e-mail.

Every notice has a key unique per user ("overdue:<directive>:<deadline>"), so
creating it again does nothing; e-mails are claimed with a conditional update
before sending, so running the sender twice never sends a notice twice.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tinhdoan.accounts.models import Role
from tinhdoan.lib.dates import vn_date

from .models import Directive, Notification, NotificationKind, Recommendation, State

ASSIGNEE_ROLES = [Role.OFFICER, Role.APPROVER, Role.DEPARTMENT, Role.ADMIN]
ISSUER_ROLES = [Role.LEADERSHIP, Role.APPROVER]
DUE_SOON_DAYS = 3


def _users_of(unit_ids, roles):
    return (
        get_user_model()
        .objects.filter(
            is_active=True, memberships__unit_id__in=list(unit_ids), memberships__role__in=roles
        )
        .distinct()
    )


def assignee_users(directive: Directive):
    unit_ids = [directive.lead_id, *directive.coordinators.values_list("pk", flat=True)]
    return _users_of(unit_ids, ASSIGNEE_ROLES)


def issuer_users(directive: Directive):
    return _users_of([directive.issuer_id], ISSUER_ROLES)


def _short(text: str, length: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def notify(
    *,
    users,
    kind: str,
    key: str,
    message: str,
    directive: Directive | None = None,
    recommendation: Recommendation | None = None,
) -> int:
    """Create the notice for each user who does not have it yet; return how many were new."""
    users = list(users)
    already = set(
        Notification.objects.filter(user__in=users, key=key).values_list("user_id", flat=True)
    )
    rows = [
        Notification(
            user=user,
            kind=kind,
            key=key,
            message=message[:500],
            directive=directive,
            recommendation=recommendation,
        )
        for user in users
        if user.pk not in already
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def mail_pending() -> int:
    """Send each notice not yet mailed to users with an e-mail address; return how many were sent."""
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


def directive_assigned(directive: Directive) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        if directive.deadline:
            message = _("New directive for %(unit)s, due %(deadline)s: %(content)s") % {
                "unit": directive.lead.name,
                "deadline": vn_date(directive.deadline),
                "content": _short(directive.content),
            }
        else:
            message = _("New ongoing directive for %(unit)s: %(content)s") % {
                "unit": directive.lead.name,
                "content": _short(directive.content),
            }
    created = notify(
        users=assignee_users(directive),
        kind=NotificationKind.ASSIGNED,
        key=f"assigned:{directive.pk}",
        message=message,
        directive=directive,
    )
    mail_after_commit()
    return created


def recommendation_answered(recommendation: Recommendation) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        message = _("%(addressee)s answered the recommendation (%(outcome)s): %(content)s") % {
            "addressee": recommendation.addressee.name,
            "outcome": recommendation.get_outcome_display(),
            "content": _short(recommendation.content),
        }
    created = notify(
        users=_users_of([recommendation.raised_by_id], ASSIGNEE_ROLES),
        kind=NotificationKind.ANSWERED,
        key=f"answered:{recommendation.pk}:{recommendation.version}",
        message=message,
        recommendation=recommendation,
    )
    mail_after_commit()
    return created


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


def deadlines_notify(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Notices for directives due within 3 days or overdue; return (new notices, e-mails sent)."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    open_directives = (
        Directive.objects.exclude(state=State.COMPLETED)
        .filter(Q(deadline__lte=soon))
        .select_related("lead", "issuer")
    )
    created = 0
    with translation.override(settings.LANGUAGE_CODE):
        for directive in open_directives:
            values = {
                "unit": directive.lead.name,
                "deadline": vn_date(directive.deadline),
                "content": _short(directive.content),
            }
            if directive.deadline < today:
                kind = NotificationKind.OVERDUE
                message = _("Overdue since %(deadline)s (%(unit)s): %(content)s") % values
                users = {*assignee_users(directive), *issuer_users(directive)}
            else:
                kind = NotificationKind.DUE_SOON
                message = _("Due on %(deadline)s (%(unit)s): %(content)s") % values
                users = set(assignee_users(directive))
            with transaction.atomic():
                created += notify(
                    users=sorted(users, key=lambda u: u.pk),
                    kind=kind,
                    key=f"{kind}:{directive.pk}:{directive.deadline.isoformat()}",
                    message=message,
                    directive=directive,
                )
    return created, mail_pending()
