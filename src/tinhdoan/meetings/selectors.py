"""Reads of sessions, directives and recommendations, always within the reader's reach."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.org.models import Person, Unit
from tinhdoan.org.selectors import person_with_titles

from . import access
from .models import (
    STATUS_CATEGORY,
    CalendarFeed,
    Category,
    DeadlineChange,
    Decision,
    Directive,
    ProgressReport,
    Recommendation,
    SessionChair,
    State,
    Status,
    WorkingSession,
)
from .notify import DUE_SOON_DAYS


def directives_for_user(user, *, today: datetime.date | None = None) -> QuerySet[Directive]:
    return (
        Directive.objects.filter(access.directive_visibility(user))
        .with_status(today)
        .select_related("lead", "issuer", "session")
        .prefetch_related("coordinators")
    )


def directives_due_for_user(user, *, today: datetime.date | None = None) -> list[Directive]:
    """The directives the user sees that are not completed and overdue or due within
    3 days; for readers of everything (leaders), the overdue ones (one query)."""
    today = today or timezone.localdate()
    if scope_for(user).reads_all:
        due = Q(deadline__lt=today)
    else:
        due = Q(deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
    return list(
        Directive.objects.filter(access.directive_visibility(user))
        .exclude(state=State.COMPLETED)
        .filter(due)
        .with_status(today)
        .select_related("lead")
        .order_by("deadline", "id")
    )


def directive_get_for_user(*, user, pk: int) -> Directive:
    """The directive if the user may see it; otherwise 404, exactly like a missing one."""
    try:
        return directives_for_user(user).get(pk=pk)
    except (Directive.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def session_get_for_user(*, user, pk: int) -> WorkingSession:
    try:
        return (
            WorkingSession.objects.filter(access.session_visibility(user))
            .select_related("host_unit", "issuer", "report_document")
            .get(pk=pk)
        )
    except (WorkingSession.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def recommendation_get_for_user(*, user, pk: int) -> Recommendation:
    try:
        return (
            Recommendation.objects.filter(access.recommendation_visibility(user))
            .select_related("raised_by", "addressee", "session", "resulting_directive")
            .get(pk=pk)
        )
    except (Recommendation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def sessions_for_user(
    user, *, year: int | None = None, host: Unit | None = None, leader: Person | None = None
) -> QuerySet[WorkingSession]:
    qs = WorkingSession.objects.filter(access.session_visibility(user))
    if year:
        qs = qs.filter(held_at__year=year)
    if host is not None:
        qs = qs.filter(host_unit=host)
    if leader is not None:
        qs = qs.filter(chair_links__person=leader)
    return (
        qs.select_related("host_unit", "issuer")
        .prefetch_related(
            Prefetch("chair_links", queryset=SessionChair.objects.select_related("person"))
        )
        .annotate(directive_count=Count("directives", distinct=True))
        .distinct()
        .order_by("-held_at", "-id")  # an aggregate query ignores the model's ordering
    )


def session_chairs_with_titles(session: WorkingSession) -> list[str]:
    """ "đồng chí Phạm Ngọc Thưởng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh" for each chair."""
    return [
        person_with_titles(person=link.person, day=session.day)
        for link in session.chair_links.select_related("person")
    ]


def session_directives_for_user(user, session: WorkingSession) -> list[Directive]:
    return list(directives_for_user(user).filter(session=session).order_by("number", "id"))


def recommendations_for_user(
    user, *, status: str = "", session: WorkingSession | None = None
) -> QuerySet[Recommendation]:
    qs = Recommendation.objects.filter(access.recommendation_visibility(user)).select_related(
        "raised_by", "addressee", "session", "resulting_directive"
    )
    if status:
        qs = qs.filter(status=status)
    if session is not None:
        qs = qs.filter(session=session)
    return qs


def directive_filter(
    qs: QuerySet[Directive],
    *,
    status: str = "",
    lead: Unit | None = None,
    issuer: Unit | None = None,
    session_id: int | None = None,
    year: int | None = None,
    due_before: datetime.date | None = None,
) -> QuerySet[Directive]:
    if status:
        qs = qs.filter(status=status)
    if lead is not None:
        qs = qs.filter(lead=lead)
    if issuer is not None:
        qs = qs.filter(issuer=issuer)
    if session_id:
        qs = qs.filter(session_id=session_id)
    if year:
        qs = qs.filter(assigned_on__year=year)
    if due_before:
        qs = qs.filter(deadline__lte=due_before)
    return qs


def with_last_progress(directives: list[Directive]) -> list[Directive]:
    """Set `last_progress` (the latest report or None) on each directive, with its unit,
    author and evidence: three queries whatever the number of directives."""
    latest: dict[int, ProgressReport] = {}
    reports = ProgressReport.objects.filter(directive__in=[d.pk for d in directives])
    reports = reports.select_related("unit", "reported_by").prefetch_related("evidence")
    for report in reports.order_by("reported_at", "id"):
        latest[report.directive_id] = report
    for directive in directives:
        directive.last_progress = latest.get(directive.pk)
    return directives


def pending_deadline_change(directive: Directive) -> DeadlineChange | None:
    return directive.deadline_changes.filter(decision=Decision.PENDING).first()


STATUS_ORDER = [
    Status.OVERDUE,
    Status.ADJUSTMENT_REQUESTED,
    Status.NOT_STARTED,
    Status.IN_PROGRESS,
    Status.COMPLETED_LATE,
    Status.COMPLETED_ON_TIME,
]


def empty_counts() -> dict[str, int]:
    counts = {"total": 0}
    counts.update({status.value: 0 for status in Status})
    counts.update({category.value: 0 for category in Category})
    return counts


def count_statuses(statuses) -> dict[str, int]:
    """Counts by status and by the four follow-up categories."""
    counts = empty_counts()
    for status, number in Counter(statuses).items():
        counts["total"] += number
        counts[status] += number
        category = STATUS_CATEGORY[Status(status)]
        if category.value != status:
            counts[category] += number
    return counts


@dataclass
class AssigneeCounts:
    unit: Unit
    counts: dict[str, int] = field(default_factory=empty_counts)


def counts_by_assignee(qs: QuerySet[Directive]) -> list[AssigneeCounts]:
    """Per lead unit: counts by status and category; one query."""
    rows = qs.order_by().values("lead_id", "status").annotate(n=Count("id", distinct=True))
    per_unit: dict[int, list[str]] = {}
    for row in rows:
        per_unit.setdefault(row["lead_id"], []).extend([row["status"]] * row["n"])
    units = Unit.objects.in_bulk(per_unit)
    result = [
        AssigneeCounts(unit=units[pk], counts=count_statuses(s)) for pk, s in per_unit.items()
    ]
    return sorted(result, key=lambda row: (-row.counts["overdue"], row.unit.sort_key))


@dataclass
class Board:
    today: datetime.date
    counts: dict[str, int]
    by_assignee: list[AssigneeCounts]
    overdue: list[Directive]
    due_soon: list[Directive]
    by_status: list[tuple[str, str, list[Directive]]]


def directive_board(
    user,
    *,
    today: datetime.date | None = None,
    status: str = "",
    lead: Unit | None = None,
    year: int | None = None,
) -> Board:
    """The board of directives within the user's reach: overdue first, due in the next 7 days."""
    today = today or timezone.localdate()
    qs = directive_filter(directives_for_user(user, today=today), lead=lead, year=year)
    by_assignee = counts_by_assignee(qs)
    counts = sum_counts(row.counts for row in by_assignee)
    listed = qs.filter(status=status) if status else qs
    directives = with_last_progress(list(listed.order_by("deadline", "assigned_on", "id")))
    overdue = [d for d in directives if d.status == Status.OVERDUE]
    soon = today + datetime.timedelta(days=7)
    due_soon = [
        d
        for d in directives
        if d.status not in (Status.OVERDUE, Status.COMPLETED_ON_TIME, Status.COMPLETED_LATE)
        and d.deadline is not None
        and d.deadline <= soon
    ]
    by_status = [
        (s.value, s.label, [d for d in directives if d.status == s])
        for s in STATUS_ORDER
        if not status or s == status
    ]
    return Board(
        today=today,
        counts=counts,
        by_assignee=by_assignee,
        overdue=overdue,
        due_soon=due_soon,
        by_status=by_status,
    )


def sum_counts(rows) -> dict[str, int]:
    total = empty_counts()
    for counts in rows:
        for key, number in counts.items():
            total[key] += number
    return total


def calendar_feed_for(user) -> CalendarFeed | None:
    """The user's calendar address, once they asked for one (a POST makes it)."""
    return CalendarFeed.objects.filter(user=user).first()


def directives_with_deadlines_for_user(user) -> QuerySet[Directive]:
    return directives_for_user(user).filter(deadline__isnull=False).order_by("deadline", "id")


def session_leaders(user) -> QuerySet[Person]:
    """The leaders who chaired a session the user may see (the choices of the list's filter)."""
    visible = WorkingSession.objects.filter(access.session_visibility(user))
    chairs = SessionChair.objects.filter(session__in=visible).values("person_id")
    return Person.objects.filter(pk__in=chairs).order_by("sort_key")


def session_hosts(user) -> QuerySet[Unit]:
    """The units that hosted a session the user may see."""
    visible = WorkingSession.objects.filter(access.session_visibility(user))
    return Unit.objects.filter(pk__in=visible.values("host_unit_id")).order_by("sort_key", "code")
