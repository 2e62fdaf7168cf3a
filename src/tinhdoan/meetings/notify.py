"""Notices about directives and recommendations (the mechanism is `tinhdoan.notices`).

Every notice has a key unique per user ("overdue:<directive>:<deadline>"), so
creating it again does nothing; e-mails are claimed with a conditional update
before sending, so running the sender twice never sends a notice twice.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tinhdoan.accounts.models import Role
from tinhdoan.lib.dates import vn_date
from tinhdoan.notices.models import NotificationKind
from tinhdoan.notices.selectors import users_of
from tinhdoan.notices.services import mail_after_commit, mail_pending, notify

from .models import Directive, Recommendation, State

ASSIGNEE_ROLES = [Role.OFFICER, Role.APPROVER, Role.DEPARTMENT, Role.ADMIN]
ISSUER_ROLES = [Role.LEADERSHIP, Role.APPROVER, Role.OFFICE]
DUE_SOON_DAYS = 3


def assignee_users(directive: Directive):
    unit_ids = [directive.lead_id, *directive.coordinators.values_list("pk", flat=True)]
    return users_of(unit_ids, ASSIGNEE_ROLES)


def issuer_users(directive: Directive):
    return users_of([directive.issuer_id], ISSUER_ROLES)


def _short(text: str, length: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _directive_url(directive: Directive) -> str:
    return reverse("meetings:directive", args=[directive.pk])


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
        url=_directive_url(directive),
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
        users=users_of([recommendation.raised_by_id], ASSIGNEE_ROLES),
        kind=NotificationKind.ANSWERED,
        key=f"answered:{recommendation.pk}:{recommendation.version}",
        message=message,
        url=reverse("meetings:recommendation", args=[recommendation.pk]),
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
                    url=_directive_url(directive),
                )
    return created, mail_pending()
