"""Writes: sessions, directives and their workflow, progress with evidence, recommendations.

Every function checks who acts (the issuer's side or the assignee's side),
validates before writing anything, and raises `MeetingError` (its message is
for the user) or `StaleEdit` when the record changed since it was read.
"""

import datetime
import hashlib
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.lib import errors
from tinhdoan.lib.dates import vn_date
from tinhdoan.lib.text_limits import NOTE, checked_create, text_check, text_fields_check
from tinhdoan.org.models import Person, Unit
from tinhdoan.org.selectors import positions_on

from . import access, notify
from .evidence import MAX_FILES, CheckedFile, evidence_check
from .models import (
    MAX_TOPICS,
    CalendarFeed,
    DeadlineChange,
    Decision,
    Directive,
    DirectiveEvent,
    EventKind,
    Evidence,
    MeetingError,
    Outcome,
    Priority,
    ProgressReport,
    Recommendation,
    RecommendationStatus,
    SessionChair,
    SourceDocument,
    SourceKind,
    StaleEdit,
    State,
    WorkingSession,
)


class NotAllowed(MeetingError, errors.NotAllowed):
    """The user may see the record but not make this change."""


def _bump_version(model, obj, version: int | None) -> None:
    """Claim the next version; refuse when someone saved since `version` was read."""
    expected = obj.version if version is None else version
    if not model.objects.filter(pk=obj.pk, version=expected).update(version=expected + 1):
        raise StaleEdit(
            _("Someone else changed this record since you opened it. Reload it and try again.")
        )
    obj.version = expected + 1


def _clean(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in (text or "").strip().splitlines()).strip()


def _topics(topics: Sequence[str]) -> list[str]:
    """A session's topics, cleaned; at most MAX_TOPICS of a note's length each."""
    cleaned = [t for t in (_clean(t) for t in topics) if t]
    if len(cleaned) > MAX_TOPICS:
        raise MeetingError(_("At most %(n)s topics per session.") % {"n": MAX_TOPICS})
    for topic in cleaned:
        text_check(topic, limit=NOTE, label=_("A topic"))
    return cleaned


# --- source documents -----------------------------------------------------------------------


@transaction.atomic
def source_document_ensure(
    *,
    title: str,
    text: str,
    kind: str = SourceKind.ARTICLE,
    published: datetime.date | None = None,
    file_name: str = "",
    file_bytes: bytes | None = None,
) -> SourceDocument:
    """The document with this exact text, created once (its content hash is unique)."""
    if not title.strip():
        raise MeetingError(_("The document title is empty."))
    if kind not in SourceKind.values:
        raise MeetingError(_("Unknown document kind: %(kind)s.") % {"kind": kind})
    content_hash = SourceDocument.hash_text(text)
    document = SourceDocument.objects.filter(content_hash=content_hash).first()
    if document is not None:
        return document
    document = SourceDocument(
        title=title.strip(), kind=kind, published=published, text=text, content_hash=content_hash
    )
    if file_bytes is not None:
        document.file.save(file_name or "document.txt", ContentFile(file_bytes), save=False)
    document.save()
    return document


# --- sessions ---------------------------------------------------------------------------------


def _web_address(url: str) -> str:
    """A link shown on a page: an http(s) address or nothing; `javascript:`, `data:` and the
    like would run in the reader's browser."""
    url = url.strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise MeetingError(
                _("The link must be a web address beginning with http:// or https://.")
            ) from None
    return url


def _check_session(
    *,
    actor,
    title: str,
    held_at: datetime.datetime,
    host_unit: Unit,
    issuer: Unit,
    chairs: Sequence[Person],
    participant_units: Iterable[Unit],
) -> None:
    if not access.can_issue(actor, issuer):
        raise NotAllowed(
            _("You may not record sessions on behalf of %(unit)s.") % {"unit": issuer.name}
        )
    if not title.strip():
        raise MeetingError(_("The session title is empty."))
    if timezone.is_naive(held_at):
        raise MeetingError(_("The session time must include its time zone."))
    day = timezone.localdate(held_at)
    for unit in [host_unit, issuer, *participant_units]:
        if not unit.is_valid_on(day):
            raise MeetingError(
                _("The unit %(unit)s did not exist on %(day)s.")
                % {"unit": unit.name, "day": vn_date(day)}
            )
    if not chairs:
        raise MeetingError(_("Name at least one chairing leader."))
    untitled = chairs_without_title(chairs, day)
    if untitled:
        raise MeetingError(untitled_chairs_message(untitled, day))


def chairs_without_title(chairs: Iterable[Person], day: datetime.date) -> list[Person]:
    """The chairs holding no position on the day: the conclusion notice names a chair with the
    titles held that day, so a chair without one would be printed bare."""
    titled = set(positions_on(day=day).values_list("person_id", flat=True))
    return [person for person in chairs if person.pk not in titled]


def untitled_chairs_message(people: Iterable[Person], day: datetime.date) -> str:
    return _(
        "%(names)s held no position on %(day)s: the notice would name them without "
        "a title. Record the position first, or choose who chaired."
    ) % {"names": ", ".join(p.full_name for p in people), "day": vn_date(day)}


def _set_session_relations(
    session, *, chairs, participant_people, participant_units, source_documents
) -> None:
    SessionChair.objects.filter(session=session).delete()
    SessionChair.objects.bulk_create(
        [SessionChair(session=session, person=p, rank=i) for i, p in enumerate(chairs, start=1)]
    )
    session.participant_people.set(participant_people)
    session.participant_units.set(participant_units)
    session.source_documents.set(source_documents)


@transaction.atomic
def session_create(
    *,
    actor,
    title: str,
    held_at: datetime.datetime,
    host_unit: Unit,
    issuer: Unit,
    chairs: Sequence[Person],
    place: str = "",
    participant_people: Iterable[Person] = (),
    participant_units: Iterable[Unit] = (),
    period_reviewed: str = "",
    report_document: SourceDocument | None = None,
    report_url: str = "",
    topics: Sequence[str] = (),
    strengths: str = "",
    limitations: str = "",
    conclusion: str = "",
    source_documents: Iterable[SourceDocument] = (),
    time_known: bool = True,
) -> WorkingSession:
    participant_units = list(participant_units)
    _check_session(
        actor=actor,
        title=title,
        held_at=held_at,
        host_unit=host_unit,
        issuer=issuer,
        chairs=chairs,
        participant_units=participant_units,
    )
    session = checked_create(
        WorkingSession,
        title=" ".join(title.split()),
        held_at=held_at,
        time_known=time_known,
        place=place.strip(),
        host_unit=host_unit,
        issuer=issuer,
        period_reviewed=period_reviewed.strip(),
        report_document=report_document,
        report_url=_web_address(report_url),
        topics=_topics(topics),
        strengths=strengths.strip(),
        limitations=limitations.strip(),
        conclusion=conclusion.strip(),
        created_by=actor if actor and actor.is_authenticated else None,
    )
    _set_session_relations(
        session,
        chairs=chairs,
        participant_people=participant_people,
        participant_units=participant_units,
        source_documents=source_documents,
    )
    return session


@transaction.atomic
def session_update(
    *,
    actor,
    session: WorkingSession,
    version: int,
    title: str,
    held_at: datetime.datetime,
    host_unit: Unit,
    chairs: Sequence[Person],
    place: str = "",
    participant_people: Iterable[Person] = (),
    participant_units: Iterable[Unit] = (),
    period_reviewed: str = "",
    report_url: str = "",
    topics: Sequence[str] = (),
    strengths: str = "",
    limitations: str = "",
    conclusion: str = "",
    time_known: bool | None = None,
) -> WorkingSession:
    """`time_known` None: as it was, unless `held_at` changes (then the time was given)."""
    participant_units = list(participant_units)
    _check_session(
        actor=actor,
        title=title,
        held_at=held_at,
        host_unit=host_unit,
        issuer=session.issuer,
        chairs=chairs,
        participant_units=participant_units,
    )
    day = timezone.localdate(held_at)
    late = session.directives.filter(deadline__lt=day).first()
    if late is not None:
        raise MeetingError(
            _("The directive “%(content)s” is due before the new session date.")
            % {"content": str(late)}
        )
    _bump_version(WorkingSession, session, version)
    session.title = " ".join(title.split())
    if time_known is None:
        time_known = session.time_known or held_at != session.held_at
    session.time_known = time_known
    session.held_at = held_at
    session.place = place.strip()
    session.host_unit = host_unit
    session.period_reviewed = period_reviewed.strip()
    session.report_url = _web_address(report_url)
    session.topics = _topics(topics)
    session.strengths = strengths.strip()
    session.limitations = limitations.strip()
    session.conclusion = conclusion.strip()
    session.updated_at = timezone.now()
    text_fields_check(session)
    session.save(
        update_fields=[
            "title",
            "held_at",
            "time_known",
            "place",
            "host_unit",
            "period_reviewed",
            "report_url",
            "topics",
            "strengths",
            "limitations",
            "conclusion",
            "updated_at",
        ]
    )
    session.directives.filter(assigned_on__lt=day).update(assigned_on=day)
    _set_session_relations(
        session,
        chairs=chairs,
        participant_people=participant_people,
        participant_units=participant_units,
        source_documents=session.source_documents.all(),
    )
    return session


# --- directives -------------------------------------------------------------------------------


def _check_directive_fields(
    *,
    content: str,
    lead: Unit,
    coordinators: Sequence[Unit],
    assigned_on: datetime.date,
    deadline: datetime.date | None,
    ongoing: bool,
    priority: str,
    what: str,
) -> None:
    if not content.strip():
        raise MeetingError(_("The directive's content is empty."))
    if priority not in Priority.values:
        raise MeetingError(_("Unknown priority: %(priority)s.") % {"priority": priority})
    if ongoing and deadline is not None:
        raise MeetingError(_("An ongoing directive has no deadline; give one or the other."))
    if not ongoing and deadline is None:
        raise MeetingError(_("Give a deadline or mark the directive as ongoing."))
    if deadline is not None and deadline < assigned_on:
        raise MeetingError(
            _("The deadline %(deadline)s is before the %(what)s (%(day)s).")
            % {"deadline": vn_date(deadline), "what": what, "day": vn_date(assigned_on)}
        )
    for unit in [lead, *coordinators]:
        if not unit.is_valid_on(assigned_on):
            raise MeetingError(
                _("The unit %(unit)s did not exist on %(day)s, the %(what)s.")
                % {"unit": unit.name, "day": vn_date(assigned_on), "what": what}
            )
    if lead in coordinators:
        raise MeetingError(_("The lead unit cannot also be a coordinating unit."))


@transaction.atomic
def directive_create(
    *,
    actor,
    content: str,
    lead: Unit,
    coordinators: Sequence[Unit] = (),
    session: WorkingSession | None = None,
    issuer: Unit | None = None,
    assigned_on: datetime.date | None = None,
    deadline: datetime.date | None = None,
    ongoing: bool = False,
    priority: str = Priority.NORMAL,
    source_document: SourceDocument | None = None,
    source_reference: str = "",
    number: int | None = None,
    notify_assignees: bool = True,
) -> Directive:
    """Assign a directive from a session (dated by the session) or from a document."""
    coordinators = list(dict.fromkeys(coordinators))
    if session is not None:
        issuer = session.issuer
        assigned_on = session.day
        what = _("session date")
    else:
        if issuer is None:
            raise MeetingError(_("A directive outside a session needs its issuing body."))
        if not source_reference.strip() and source_document is None:
            raise MeetingError(_("A directive outside a session needs the document it comes from."))
        assigned_on = assigned_on or timezone.localdate()
        what = _("date of assignment")
    if not access.can_issue(actor, issuer):
        raise NotAllowed(
            _("You may not assign directives on behalf of %(unit)s.") % {"unit": issuer.name}
        )
    _check_directive_fields(
        content=content,
        lead=lead,
        coordinators=coordinators,
        assigned_on=assigned_on,
        deadline=deadline,
        ongoing=ongoing,
        priority=priority,
        what=what,
    )
    if number is None:
        siblings = (
            Directive.objects.filter(session=session) if session else Directive.objects.none()
        )
        number = siblings.count() + 1
    directive = checked_create(
        Directive,
        issuer=issuer,
        session=session,
        source_document=source_document,
        source_reference=source_reference.strip(),
        number=number,
        content=content.strip(),
        lead=lead,
        assigned_on=assigned_on,
        deadline=deadline,
        ongoing=ongoing,
        priority=priority,
        created_by=actor if actor and actor.is_authenticated else None,
    )
    directive.coordinators.set(coordinators)
    checked_create(
        DirectiveEvent,
        directive=directive,
        kind=EventKind.CREATED,
        actor=directive.created_by,
        to_state=directive.state,
        new_deadline=deadline,
    )
    if notify_assignees:
        notify.directive_assigned(directive)
    return directive


def _locked(directive: Directive) -> Directive:
    fresh = (
        Directive.objects.select_for_update().select_related("lead", "issuer").get(pk=directive.pk)
    )
    fresh.status = fresh.status_on(timezone.localdate())
    return fresh


def directive_require_issuer(actor, directive: Directive) -> None:
    if not access.can_issue(actor, directive.issuer):
        raise NotAllowed(
            _("Only the issuing side (%(unit)s) may do this.") % {"unit": directive.issuer.name}
        )


def _require_assignee(actor, directive: Directive) -> None:
    if not access.can_report(actor, directive):
        raise NotAllowed(_("Only the lead or coordinating units of this directive may do this."))


@transaction.atomic
def directive_update(
    *,
    actor,
    directive: Directive,
    version: int,
    content: str,
    lead: Unit,
    coordinators: Sequence[Unit],
    deadline: datetime.date | None,
    ongoing: bool,
    priority: str,
    reason: str = "",
) -> Directive:
    directive = _locked(directive)
    directive_require_issuer(actor, directive)
    if directive.state == State.COMPLETED:
        raise MeetingError(_("A completed directive cannot be edited; reopen it first."))
    coordinators = list(dict.fromkeys(coordinators))
    _check_directive_fields(
        content=content,
        lead=lead,
        coordinators=coordinators,
        assigned_on=directive.assigned_on,
        deadline=deadline,
        ongoing=ongoing,
        priority=priority,
        what=_("session date") if directive.session_id else _("date of assignment"),
    )
    _bump_version(Directive, directive, version)
    old_deadline = directive.deadline
    directive.content = content.strip()
    directive.lead = lead
    directive.deadline = deadline
    directive.ongoing = ongoing
    directive.priority = priority
    text_fields_check(directive)
    directive.save(update_fields=["content", "lead", "deadline", "ongoing", "priority"])
    directive.coordinators.set(coordinators)
    checked_create(
        DirectiveEvent,
        directive=directive,
        kind=EventKind.EDITED,
        actor=actor,
        from_state=directive.state,
        to_state=directive.state,
        old_deadline=old_deadline,
        new_deadline=deadline,
        reason=reason.strip(),
    )
    return directive


def _record(
    directive, *, actor, kind, from_state, reason="", old_deadline=None, new_deadline=None, at=None
):
    checked_create(
        DirectiveEvent,
        directive=directive,
        at=at or timezone.now(),
        kind=kind,
        actor=actor if actor and actor.is_authenticated else None,
        from_state=from_state,
        to_state=directive.state,
        old_deadline=old_deadline,
        new_deadline=new_deadline,
        reason=reason.strip(),
    )


def _save_state(directive: Directive, version: int | None) -> None:
    _bump_version(Directive, directive, version)
    directive.save(update_fields=["state", "completed_on"])


@transaction.atomic
def directive_start(
    *,
    actor,
    directive: Directive,
    reason: str = "",
    version: int | None = None,
    at: datetime.datetime | None = None,
) -> Directive:
    directive = _locked(directive)
    _require_assignee(actor, directive)
    old = directive.state
    directive.move_to(State.IN_PROGRESS)
    _save_state(directive, version)
    _record(directive, actor=actor, kind=EventKind.STARTED, from_state=old, reason=reason, at=at)
    return directive


@transaction.atomic
def directive_complete(
    *,
    actor,
    directive: Directive,
    reason: str = "",
    on: datetime.date | None = None,
    version: int | None = None,
    at: datetime.datetime | None = None,
) -> Directive:
    """Close the directive (issuer's side); done on `on` (today by default).

    `at` dates the history entry when a past event is recorded late.
    """
    directive = _locked(directive)
    directive_require_issuer(actor, directive)
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise MeetingError(_("The completion date cannot be in the future."))
    if on < directive.assigned_on:
        raise MeetingError(_("The completion date is before the directive was assigned."))
    old = directive.state
    directive.move_to(State.COMPLETED, on=on)
    _save_state(directive, version)
    _record(directive, actor=actor, kind=EventKind.COMPLETED, from_state=old, reason=reason, at=at)
    return directive


@transaction.atomic
def directive_reopen(
    *, actor, directive: Directive, reason: str, version: int | None = None
) -> Directive:
    directive = _locked(directive)
    directive_require_issuer(actor, directive)
    if not reason.strip():
        raise MeetingError(_("Say why the directive is reopened."))
    old = directive.state
    directive.move_to(State.IN_PROGRESS)
    _save_state(directive, version)
    _record(directive, actor=actor, kind=EventKind.REOPENED, from_state=old, reason=reason)
    return directive


@transaction.atomic
def directive_set_status(
    *,
    actor,
    directive: Directive,
    status: str,
    reason: str = "",
    on: datetime.date | None = None,
    version: int | None = None,
) -> Directive:
    """The status change of the API and pages: start, complete, or reopen."""
    current = Directive.objects.get(pk=directive.pk).state
    if status == State.IN_PROGRESS and current == State.COMPLETED:
        return directive_reopen(actor=actor, directive=directive, reason=reason, version=version)
    if status == State.IN_PROGRESS:
        return directive_start(actor=actor, directive=directive, reason=reason, version=version)
    if status == State.COMPLETED:
        return directive_complete(
            actor=actor, directive=directive, reason=reason, on=on, version=version
        )
    if status in State.values:
        # Let the transition table give its message (e.g. completed → not started).
        directive = _locked(directive)
        directive.move_to(status)
    raise MeetingError(
        _("This status cannot be set directly: %(status)s.") % {"status": status or "—"}
    )


def _save_files(report: ProgressReport, files: Sequence[CheckedFile]) -> list[str]:
    saved = []
    try:
        for checked in files:
            evidence = Evidence(
                report=report,
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=hashlib.sha256(checked.content).hexdigest(),
            )
            evidence.file.save(checked.storage_name(), ContentFile(checked.content), save=False)
            saved.append(evidence.file.name)
            evidence.save()
    except Exception:
        for name in saved:
            default_storage.delete(name)
        raise
    return saved


@transaction.atomic
def directive_report_progress(
    *,
    actor,
    directive: Directive,
    text: str,
    percent: int,
    files: Sequence[tuple[str, bytes]] = (),
    unit: Unit | None = None,
    at: datetime.datetime | None = None,
) -> ProgressReport:
    """The assignee reports progress (text, percent, evidence files); starts the directive."""
    directive = _locked(directive)
    units = access.assignee_units(actor, directive)
    if not units:
        raise NotAllowed(_("Only the lead or coordinating units of this directive may do this."))
    if directive.state == State.COMPLETED:
        raise MeetingError(_("The directive is closed; no more progress can be reported."))
    if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
        raise MeetingError(_("The percent done must be a whole number from 0 to 100."))
    if not text.strip():
        raise MeetingError(_("Describe the progress."))
    if len(files) > MAX_FILES:
        raise MeetingError(_("At most %(n)s files per report.") % {"n": MAX_FILES})
    checked = [evidence_check(name, content) for name, content in files]
    if unit is None:
        unit = directive.lead if directive.lead in units else units[0]
    elif unit not in units:
        raise NotAllowed(_("You may not report for %(unit)s.") % {"unit": unit.name})
    report = checked_create(
        ProgressReport,
        directive=directive,
        unit=unit,
        reported_by=actor if actor and actor.is_authenticated else None,
        text=text.strip(),
        percent=percent,
        reported_at=at or timezone.now(),
    )
    old = directive.state
    if directive.state == State.NOT_STARTED:
        directive.move_to(State.IN_PROGRESS)
        _save_state(directive, None)
    _record(
        directive,
        actor=actor,
        kind=EventKind.PROGRESS,
        from_state=old,
        reason=f"{percent}% — {report.text}",
        at=at,
    )
    _save_files(report, checked)
    return report


@transaction.atomic
def directive_request_deadline_change(
    *,
    actor,
    directive: Directive,
    proposed_deadline: datetime.date,
    reason: str,
    at: datetime.datetime | None = None,
) -> DeadlineChange:
    directive = _locked(directive)
    if not access.can_request_adjustment(actor, directive):
        raise NotAllowed(_("Only the lead unit may ask for a new deadline."))
    if not reason.strip():
        raise MeetingError(_("Say why a new deadline is needed."))
    if proposed_deadline < directive.assigned_on:
        raise MeetingError(_("The proposed deadline is before the directive was assigned."))
    if directive.deadline is not None and proposed_deadline == directive.deadline:
        raise MeetingError(_("The proposed deadline is the current one."))
    old = directive.state
    directive.move_to(State.ADJUSTMENT_REQUESTED)
    _save_state(directive, None)
    change = checked_create(
        DeadlineChange,
        directive=directive,
        requested_by=actor,
        proposed_deadline=proposed_deadline,
        reason=reason.strip(),
        requested_at=at or timezone.now(),
    )
    _record(
        directive,
        actor=actor,
        kind=EventKind.ADJUSTMENT_REQUESTED,
        from_state=old,
        reason=reason,
        old_deadline=directive.deadline,
        new_deadline=proposed_deadline,
        at=at,
    )
    return change


@transaction.atomic
def directive_decide_deadline_change(
    *, actor, directive: Directive, accept: bool, note: str = ""
) -> DeadlineChange:
    """The issuer accepts (the deadline becomes the proposed one) or refuses the request."""
    directive = _locked(directive)
    directive_require_issuer(actor, directive)
    change = (
        DeadlineChange.objects.select_for_update()
        .filter(directive=directive, decision=Decision.PENDING)
        .first()
    )
    if change is None or directive.state != State.ADJUSTMENT_REQUESTED:
        raise MeetingError(_("There is no pending request for a new deadline."))
    if not accept and not note.strip():
        raise MeetingError(_("Say why the request is refused."))
    old_state, old_deadline = directive.state, directive.deadline
    back_to = State.IN_PROGRESS if directive.progress.exists() else State.NOT_STARTED
    directive.move_to(back_to)
    if accept:
        directive.deadline = change.proposed_deadline
        directive.ongoing = False
    _bump_version(Directive, directive, None)
    directive.save(update_fields=["state", "completed_on", "deadline", "ongoing"])
    change.decision = Decision.ACCEPTED if accept else Decision.REFUSED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = note.strip()
    text_fields_check(change)
    change.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    _record(
        directive,
        actor=actor,
        kind=EventKind.ADJUSTMENT_ACCEPTED if accept else EventKind.ADJUSTMENT_REFUSED,
        from_state=old_state,
        reason=note,
        old_deadline=old_deadline,
        new_deadline=directive.deadline,
    )
    return change


# --- recommendations --------------------------------------------------------------------------


@transaction.atomic
def recommendation_create(
    *,
    actor,
    content: str,
    raised_by: Unit,
    addressee: Unit,
    session: WorkingSession | None = None,
    received_on: datetime.date | None = None,
) -> Recommendation:
    """Record a recommendation: by its own unit, or by whoever records the session."""
    allowed = (
        (session is not None and access.can_issue(actor, session.issuer))
        or access.can_issue(actor, raised_by)
        or scope_for(actor).can_write(raised_by)
    )
    if not allowed:
        raise NotAllowed(
            _("You may not raise recommendations for %(unit)s.") % {"unit": raised_by.name}
        )
    if not content.strip():
        raise MeetingError(_("The recommendation's content is empty."))
    if raised_by.pk == addressee.pk:
        raise MeetingError(_("A unit cannot address a recommendation to itself."))
    received_on = session.day if session else (received_on or timezone.localdate())
    for unit in (raised_by, addressee):
        if not unit.is_valid_on(received_on):
            raise MeetingError(
                _("The unit %(unit)s did not exist on %(day)s.")
                % {"unit": unit.name, "day": vn_date(received_on)}
            )
    return checked_create(
        Recommendation,
        session=session,
        raised_by=raised_by,
        addressee=addressee,
        content=content.strip(),
        received_on=received_on,
    )


@transaction.atomic
def recommendation_consider(
    *, actor, recommendation: Recommendation, version: int | None = None
) -> Recommendation:
    if not access.can_answer(actor, recommendation):
        raise NotAllowed(_("Only the addressee of the recommendation may do this."))
    if recommendation.status != RecommendationStatus.RECEIVED:
        raise MeetingError(_("Only a received recommendation can be put under consideration."))
    _bump_version(Recommendation, recommendation, version)
    recommendation.status = RecommendationStatus.UNDER_CONSIDERATION
    recommendation.save(update_fields=["status"])
    return recommendation


@transaction.atomic
def recommendation_answer(
    *,
    actor,
    recommendation: Recommendation,
    outcome: str,
    answer: str,
    answered_on: datetime.date | None = None,
    resulting_directive: Directive | None = None,
    version: int | None = None,
) -> Recommendation:
    if not access.can_answer(actor, recommendation):
        raise NotAllowed(_("Only the addressee of the recommendation may do this."))
    if recommendation.status == RecommendationStatus.ANSWERED:
        raise MeetingError(_("The recommendation has already been answered."))
    if outcome not in Outcome.values:
        raise MeetingError(
            _("The outcome must be one of: %(values)s.") % {"values": ", ".join(Outcome.values)}
        )
    if not answer.strip():
        raise MeetingError(_("The answer text is empty."))
    answered_on = answered_on or timezone.localdate()
    if answered_on < recommendation.received_on:
        raise MeetingError(_("The answer date is before the recommendation was received."))
    if answered_on > timezone.localdate():
        raise MeetingError(_("The answer date cannot be in the future."))
    _bump_version(Recommendation, recommendation, version)
    recommendation.status = RecommendationStatus.ANSWERED
    recommendation.outcome = outcome
    recommendation.answer = answer.strip()
    recommendation.answered_on = answered_on
    recommendation.answered_by = actor
    recommendation.resulting_directive = resulting_directive
    text_fields_check(recommendation)
    recommendation.save(
        update_fields=[
            "status",
            "outcome",
            "answer",
            "answered_on",
            "answered_by",
            "resulting_directive",
        ]
    )
    notify.recommendation_answered(recommendation)
    return recommendation


# --- calendar ---------------------------------------------------------------


@transaction.atomic
def calendar_feed_ensure(*, user, renew: bool = False):
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user, token=CalendarFeed.new_token())
    if renew:
        feed.token = CalendarFeed.new_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed
