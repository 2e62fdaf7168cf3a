"""What a unit presents at a working session with a leader, read from five places: the
program's results, the congress campaign, the previous session's directives, the open
recommendations, and the topics that follow from them."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from tinhdoan.congresses.models import Congress, CongressCampaign
from tinhdoan.congresses.selectors import CampaignProgress, campaign_progress
from tinhdoan.lib.errors import DomainError
from tinhdoan.meetings.models import (
    Directive,
    ProgressReport,
    Recommendation,
    RecommendationStatus,
    State,
    Status,
    WorkingSession,
)
from tinhdoan.org.models import Unit, UnitKind
from tinhdoan.programs.models import Program
from tinhdoan.rollup.evaluation import TargetResult
from tinhdoan.rollup.selectors import Results, results_key, unit_results


class BriefingError(DomainError):
    """The briefing cannot be drawn up; the message is for the user."""


# Overdue first, then what is still open, then what is done.
STATUS_ORDER = {
    Status.OVERDUE: 0,
    Status.ADJUSTMENT_REQUESTED: 1,
    Status.NOT_STARTED: 2,
    Status.IN_PROGRESS: 3,
    Status.COMPLETED_LATE: 4,
    Status.COMPLETED_ON_TIME: 5,
}


@dataclass
class DirectiveState:
    """A directive of the previous session as it stood on the briefing's day."""

    directive: Directive
    status: str
    last_progress: ProgressReport | None
    evidence: list[str]

    @property
    def is_overdue(self) -> bool:
        return self.status == Status.OVERDUE


@dataclass
class Organization:
    """II. The congress that opened the current term, the associations' congresses of that
    term, the campaign toward the next congress (or the last one) and the next congress."""

    current: Congress | None
    associations: list[Congress]
    campaign: CampaignProgress | None
    next: Congress | None


@dataclass
class Briefing:
    unit: Unit
    day: datetime.date
    body: Unit | None  # the body whose leader holds the session (UBND tỉnh)
    session: WorkingSession | None  # the session of that day, once recorded
    results: Results
    organization: Organization
    previous_session: WorkingSession | None
    previous_directives: list[DirectiveState]
    open_recommendations: list[Recommendation]
    answered_recommendations: list[Recommendation]  # answered since the previous session
    lagging: list[TargetResult] = field(default_factory=list)

    @property
    def overdue_directives(self) -> list[DirectiveState]:
        return [d for d in self.previous_directives if d.is_overdue]


def briefing_period(*, unit: Unit, day: datetime.date) -> str:
    """The year a briefing reports on: the latest year up to ``day`` whose program (the
    unit's or the nearest ancestor's) was adopted by then. In early January, before the new
    year's program, that is the year just ended."""
    ids = [*unit.ancestor_ids(), unit.pk]
    program = (
        Program.objects.filter(unit_id__in=ids, year__lte=day.year)
        .filter(Q(adopted_on__isnull=True) | Q(adopted_on__lte=day))
        .order_by("-year")
        .first()
    )
    if program is None:
        raise BriefingError(
            _("%(unit)s has no work program adopted by %(day)s.")
            % {"unit": unit.name, "day": day.strftime("%d/%m/%Y")}
        )
    return str(program.year)


def session_on(*, unit: Unit, day: datetime.date, body: Unit | None) -> WorkingSession | None:
    sessions = WorkingSession.objects.filter(host_unit=unit, held_at__date=day)
    if body is not None:
        sessions = sessions.filter(issuer=body)
    return sessions.select_related("issuer", "host_unit").order_by("-held_at", "-id").first()


def previous_session_of(
    *, unit: Unit, day: datetime.date, body: Unit | None
) -> WorkingSession | None:
    """The last session hosted by the unit before ``day`` with ``body`` (any body if None)."""
    sessions = WorkingSession.objects.filter(host_unit=unit, held_at__date__lt=day)
    if body is not None:
        sessions = sessions.filter(issuer=body)
    return sessions.select_related("issuer").order_by("-held_at", "-id").first()


def status_as_of(directive: Directive, day: datetime.date) -> str:
    """The status the directive had on ``day``: one completed later was still open then."""
    if directive.state == State.COMPLETED and directive.completed_on > day:
        if directive.deadline is not None and directive.deadline < day:
            return Status.OVERDUE
        return Status.IN_PROGRESS
    return directive.status_on(day)


def directive_states(session: WorkingSession, day: datetime.date) -> list[DirectiveState]:
    """The session's directives on ``day``, overdue first, each with its last progress report
    by then and the names of its evidence files."""
    directives = list(
        session.directives.select_related("lead")
        .prefetch_related("coordinators")
        .order_by("number", "id")
    )
    reports = (
        ProgressReport.objects.filter(
            directive__in=[d.pk for d in directives], reported_at__date__lte=day
        )
        .prefetch_related("evidence")
        .order_by("reported_at", "id")
    )
    latest = {report.directive_id: report for report in reports}
    states = []
    for directive in directives:
        report = latest.get(directive.pk)
        evidence = [e.original_name for e in report.evidence.all()] if report else []
        states.append(DirectiveState(directive, status_as_of(directive, day), report, evidence))
    return sorted(states, key=lambda s: (STATUS_ORDER[s.status], s.directive.number))


def recommendations_of(
    *, unit: Unit, day: datetime.date, since: datetime.date | None
) -> tuple[list[Recommendation], list[Recommendation]]:
    """(open on ``day``, answered after ``since`` and by ``day``) of the unit's
    recommendations."""
    raised = Recommendation.objects.filter(raised_by=unit, received_on__lte=day).select_related(
        "addressee", "session"
    )
    still_open = raised.filter(
        ~Q(status=RecommendationStatus.ANSWERED) | Q(answered_on__gt=day)
    ).order_by("received_on", "id")
    answered = raised.filter(status=RecommendationStatus.ANSWERED, answered_on__lte=day)
    if since is not None:
        answered = answered.filter(answered_on__gt=since)
    return list(still_open), list(answered.order_by("answered_on", "id"))


def organization_of(*, unit: Unit, day: datetime.date) -> Organization:
    held = Congress.objects.filter(unit=unit, held_on__lte=day).select_related("unit")
    current = held.order_by("-ordinal").first()
    associations: list[Congress] = []
    if current is not None:
        associations = list(
            Congress.objects.filter(
                unit__parent=unit,
                unit__kind=UnitKind.ASSOCIATION,
                term_start=current.term_start,
                held_on__lte=day,
            ).select_related("unit")
        )
    upcoming = Congress.objects.filter(unit=unit).filter(
        Q(held_on__isnull=True) | Q(held_on__gt=day)
    )
    following = upcoming.select_related("unit").order_by("ordinal").first()
    # The campaign under way: the one toward the next congress once its year is near, else
    # the one that led to the current congress.
    campaign = (
        CongressCampaign.objects.filter(top_unit=unit, term_start__lte=day.year + 1)
        .select_related("top_unit", "top_congress")
        .order_by("-term_start")
        .first()
    )
    progress = campaign_progress(campaign=campaign, today=day) if campaign else None
    return Organization(current, associations, progress, following)


def briefing_for(
    *,
    unit: Unit,
    day: datetime.date,
    body: Unit | None = None,
    period_code: str = "",
) -> Briefing:
    """The briefing of ``unit`` for a session on ``day`` with ``body``'s leader.

    Without ``body``: the body of the session recorded that day, else of the unit's last
    session before it. Without ``period_code``: `briefing_period`."""
    session = session_on(unit=unit, day=day, body=body)
    if body is None:
        source = session or previous_session_of(unit=unit, day=day, body=None)
        body = source.issuer if source is not None else None
    period_code = period_code or briefing_period(unit=unit, day=day)
    results = unit_results(key=results_key(unit=unit, period_code=period_code), day=day)
    previous = previous_session_of(unit=unit, day=day, body=body)
    still_open, answered = recommendations_of(
        unit=unit, day=day, since=previous.day if previous else None
    )
    return Briefing(
        unit=unit,
        day=day,
        body=body,
        session=session,
        results=results,
        organization=organization_of(unit=unit, day=day),
        previous_session=previous,
        previous_directives=directive_states(previous, day) if previous else [],
        open_recommendations=still_open,
        answered_recommendations=answered,
        lagging=[row for row in results.rows if row.evaluable and row.is_lagging],
    )
