"""Notices about reports (the mechanism is `tinhdoan.notices`): each step of a report's
workflow tells the people who act next, and `tinhdoan notify-due` tells a unit's officers
of a report due in 3 days or overdue. Each event makes one notice per user, never two.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tinhdoan.accounts.models import Membership, Role
from tinhdoan.lib.dates import vn_date
from tinhdoan.notices.models import NotificationKind
from tinhdoan.notices.selectors import users_of
from tinhdoan.notices.services import mail_after_commit, mail_pending, notify
from tinhdoan.programs.models import ReportingPeriod

from .models import Submission, SubmissionEvent, SubmissionStatus
from .selectors import program_reporting_units

UNIT_ROLES = [Role.OFFICER, Role.APPROVER]  # who enters a unit's report
DUE_SOON_DAYS = 3
# A report overdue for longer than this gets no new notice (a first run of the command on
# an old database would otherwise flood every officer with years-old deadlines).
OVERDUE_NOTICE_DAYS = 31

STEP_KINDS = {
    "submit": NotificationKind.REPORT_SUBMITTED,
    "return": NotificationKind.REPORT_RETURNED,
    "approve": NotificationKind.REPORT_APPROVED,
    "reopen": NotificationKind.REPORT_REOPENED,
}


def grid_url(reporting_period: ReportingPeriod, unit) -> str:
    """The address of a unit's grid for a reporting period, where its report is acted on."""
    program = reporting_period.program
    return reverse(
        "reporting:grid",
        args=[program.unit.code, program.year, reporting_period.period.code, unit.code],
    )


def _step_message(event: SubmissionEvent, submission: Submission) -> str:
    values = {
        "unit": submission.unit.name,
        "period": submission.reporting_period.period.code,
        "reason": event.reason,
    }
    if event.action == "submit":
        return _("%(unit)s submitted its report %(period)s for approval.") % values
    if event.action == "return":
        return _("The report %(period)s of %(unit)s was returned: %(reason)s") % values
    if event.action == "approve":
        return _("The report %(period)s of %(unit)s was approved.") % values
    return _("The report %(period)s of %(unit)s was reopened: %(reason)s") % values


def report_step_notify(*, submission: Submission, event: SubmissionEvent) -> int:
    """Tell the approvers above of a submitted report; the unit's officers of a report
    returned (with the reason), approved or reopened. Locking tells nobody."""
    kind = STEP_KINDS.get(event.action)
    if kind is None:
        return 0
    unit = submission.unit
    if event.action == "submit":
        users = users_of([unit.parent_id], [Role.APPROVER]) if unit.parent_id else []
    else:
        users = users_of([unit.pk], UNIT_ROLES)
    with translation.override(settings.LANGUAGE_CODE):
        message = _step_message(event, submission)
    created = notify(
        users=[u for u in users if u.pk != event.actor_id],
        kind=kind,
        key=f"{kind}:{event.pk}",
        message=message,
        url=grid_url(submission.reporting_period, unit),
    )
    mail_after_commit()
    return created


def reports_due_notify(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Notices to the officers of each unit whose report is due within 3 days or overdue
    and not yet submitted; return (new notices, e-mails sent). Safe to run twice: a notice
    is keyed by its report and deadline."""
    today = today or timezone.localdate()
    periods = (
        ReportingPeriod.objects.filter(
            is_open=True,
            deadline__gte=today - datetime.timedelta(days=OVERDUE_NOTICE_DAYS),
            deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("program__unit", "period")
        .order_by("deadline", "pk")
    )
    created = 0
    with translation.override(settings.LANGUAGE_CODE):
        for rp in periods:
            with transaction.atomic():
                created += _period_notify(rp, today)
    return created, mail_pending()


def _period_notify(rp: ReportingPeriod, today: datetime.date) -> int:
    period = rp.period
    units = list(
        program_reporting_units(
            program=rp.program, period_start=period.start, period_end=period.end
        )
    )
    sent = set(
        Submission.objects.filter(reporting_period=rp, unit__in=units)
        .exclude(status=SubmissionStatus.DRAFT)
        .values_list("unit_id", flat=True)
    )
    owing = [u for u in units if u.pk not in sent]
    officers: dict[int, list] = {}
    for m in Membership.objects.filter(
        unit__in=owing, role__in=UNIT_ROLES, user__is_active=True
    ).select_related("user"):
        officers.setdefault(m.unit_id, []).append(m.user)
    overdue = today > rp.deadline
    kind = NotificationKind.REPORT_OVERDUE if overdue else NotificationKind.REPORT_DUE
    created = 0
    for unit in owing:
        values = {"period": period.code, "unit": unit.name, "deadline": vn_date(rp.deadline)}
        if overdue:
            message = _("The report %(period)s of %(unit)s is overdue since %(deadline)s.")
        else:
            message = _("The report %(period)s of %(unit)s is due on %(deadline)s.")
        created += notify(
            users=officers.get(unit.pk, []),
            kind=kind,
            key=f"{kind}:{rp.pk}:{unit.pk}:{rp.deadline.isoformat()}",
            message=message % values,
            url=grid_url(rp, unit),
        )
    return created
