"""Read a file into a record, store it as a draft, review its items, confirm it into records.

Nothing real is created before `draft_confirm`: until then the document is
stored (once, by content hash) and the extracted items wait for a decision.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhdoan.congresses.models import Congress, CongressError
from tinhdoan.congresses.services import congress_create
from tinhdoan.lib import errors
from tinhdoan.lib.dates import vn_date
from tinhdoan.meetings import services as meetings
from tinhdoan.meetings.models import MeetingError, SourceDocument, SourceKind, WorkingSession
from tinhdoan.org.models import Person, Unit
from tinhdoan.org.services import person_create

from . import resolving
from .extraction import extract_record
from .models import (
    Achievement,
    AchievementKind,
    DraftConflict,
    DraftDuplicate,
    DraftError,
    DraftItem,
    DraftStatus,
    IngestDraft,
    ItemDecision,
    ItemKind,
    SourceSpan,
)
from .normalizing import normalize
from .reading import Document, read_document, read_upload
from .selectors import can_ingest, duplicate_sessions, sessions_from_document


class DraftNotAllowed(DraftError, errors.NotAllowed):
    """The user may not read documents into the system."""


def ingest_file(
    path: str | os.PathLike[str], *, published: datetime.date | None = None
) -> dict[str, Any]:
    """The draft record of a file; raises reading.ReadError for a file that cannot be read.

    Spans are offsets into the normalized text of the document.
    """
    document = read_document(path)
    return _record_of(document, published=published)


def _record_of(document: Document, *, published: datetime.date | None) -> dict[str, Any]:
    record = extract_record(document.text, published=published)
    record["warnings"] = document.warnings + record["warnings"]
    return record


# --- drafts -----------------------------------------------------------------------------------


@dataclass
class IngestResult:
    draft: IngestDraft
    created: bool
    sessions: list[WorkingSession] = field(default_factory=list)


_DOCUMENT_KIND = {"txt": SourceKind.ARTICLE, "html": SourceKind.ARTICLE}


def _date_or_none(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def draft_ingest(
    *,
    actor,
    file_name: str,
    data: bytes,
    published: datetime.date | None = None,
    host_unit: Unit | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> IngestResult:
    """Store the document and a draft with its items; the same text again gives its draft.

    `actor` None is the command line run by the operator. A document already
    stored without a live draft (recorded by hand, or its draft discarded) gets a
    new draft; `sessions` then lists the sessions that already cite it. `progress(done,
    stage)` hears of its `INGEST_STEPS` steps (a background job shows them).
    """
    ingest_check_allowed(actor)
    step = progress or _no_progress
    step(0, _("Reading the document"))
    document = read_upload(file_name, data)  # ReadError for an unreadable file
    content_hash = SourceDocument.hash_text(document.original)
    stored = SourceDocument.objects.filter(content_hash=content_hash).first()
    if stored is not None:
        live = stored.ingest_drafts.exclude(status=DraftStatus.DISCARDED).first()
        if live is not None:
            return IngestResult(live, False, sessions_from_document(stored))
    record = _record_of(document, published=published)
    step(1, _("Making the draft"))
    return _draft_create(
        actor=actor,
        file_name=file_name,
        data=data,
        document=document,
        record=record,
        host_unit=host_unit,
    )


# The steps of `draft_ingest`: read (and extract), then make the draft.
INGEST_STEPS = 2


def _no_progress(done: int, stage: str) -> None:
    pass


def ingest_check_allowed(actor) -> None:
    """Refuse a user who may not read documents into the system (None: the operator)."""
    if actor is not None and not can_ingest(actor):
        raise DraftNotAllowed(_("You may not read documents into the system."))


@transaction.atomic
def _draft_create(*, actor, file_name, data, document, record, host_unit) -> IngestResult:
    title = (record.get("title") or "").strip() or os.path.basename(file_name)
    try:
        source = meetings.source_document_ensure(
            title=title[:300],
            text=document.original,
            kind=_DOCUMENT_KIND.get(document.kind, SourceKind.REPORT),
            published=_date_or_none(record.get("published")),
            file_name=os.path.basename(file_name),
            file_bytes=data,
        )
    except MeetingError as exc:
        raise DraftError(str(exc)) from None
    live = source.ingest_drafts.select_for_update().exclude(status=DraftStatus.DISCARDED).first()
    if live is not None:  # read at the same moment by someone else
        return IngestResult(live, False, sessions_from_document(source))
    day = _date_or_none(record.get("meeting_date"))
    if host_unit is None:
        host_unit = resolving.best_unit(name=record.get("host_organization"), day=day)
    province = resolving.province_union_of(host_unit)
    leaders = []
    for leader in record.get("leaders", []):
        person = resolving.person_find(leader["name"])
        leaders.append((leader, person))
    issuer = None
    for leader, person in leaders:
        issuer = resolving.leader_body(
            person=person, positions=leader.get("positions", []), day=day, near=province
        )
        if issuer is not None:
            break
    draft = IngestDraft.objects.create(
        document=source,
        file_name=os.path.basename(file_name)[:255],
        text=document.text,
        record=record,
        warnings=list(record.get("warnings", [])),
        title=title[:300],
        meeting_date=day,
        host_unit=host_unit,
        issuer=issuer,
        created_by=actor,
    )
    items: list[DraftItem] = []
    coordinators: dict[int, list[Unit]] = {}

    def add(kind, number, fields, span, confidence=1.0, **kwargs) -> DraftItem:
        start, end = span if span else (0, 0)
        item = DraftItem(
            draft=draft,
            kind=kind,
            number=number,
            extracted=fields,
            fields=dict(fields),
            span_start=start,
            span_end=end,
            confidence=confidence,
            **kwargs,
        )
        items.append(item)
        return item

    for number, (leader, person) in enumerate(leaders, start=1):
        fields = {"name": leader["name"], "positions": leader.get("positions", [])}
        add(
            ItemKind.LEADER,
            number,
            fields,
            leader.get("span"),
            leader.get("confidence", 1.0),
            person=person,
        )
    for number, a in enumerate(record.get("achievements", []), start=1):
        fields = {"text": a["text"], "done": a["done"], "total": a["total"], "kind": a["kind"]}
        add(ItemKind.ACHIEVEMENT, number, fields, a.get("span"))
    for number, c in enumerate(record.get("congresses", []), start=1):
        unit = resolving.congress_unit(text=c["text"], day=day, province=province)
        fields = {"text": c["text"], "ordinal": c["ordinal"], "term": c["term"]}
        add(ItemKind.CONGRESS, number, fields, c.get("span"), unit=unit)
    spans = record.get("topic_spans") or []
    for number, text in enumerate(record.get("topics", []), start=1):
        span = spans[number - 1] if number <= len(spans) else None
        add(ItemKind.TOPIC, number, {"text": text}, span)
    for number, d in enumerate(record.get("directives", []), start=1):
        fields = {
            "assignee": d.get("assignee") or "",
            "text": d["text"],
            "deadline": d.get("deadline"),
            "coordinators": d.get("coordinators", []),
        }
        group = resolving.is_group(fields["assignee"])
        lead = resolving.best_unit(name=fields["assignee"], day=day, near=province)
        item = add(
            ItemKind.DIRECTIVE,
            number,
            fields,
            d.get("span"),
            d.get("confidence", 1.0),
            unit=lead,
            is_group=group,
        )
        found = [
            resolving.best_unit(name=name, day=day, near=province)
            for name in fields["coordinators"]
        ]
        coordinators[len(items) - 1] = [u for u in found if u is not None and u != lead]
        del item
    for number, r in enumerate(record.get("recommendations", []), start=1):
        fields = {"text": r["text"], "answer": r.get("answer") or ""}
        add(
            ItemKind.RECOMMENDATION,
            number,
            fields,
            r.get("span"),
            r.get("confidence", 1.0),
            unit=host_unit,
            addressee=issuer,
        )
    DraftItem.objects.bulk_create(items)
    for index, units in coordinators.items():
        if units:
            items[index].coordinators.set(units)
    return IngestResult(draft, True, sessions_from_document(source))


def _open(draft: IngestDraft) -> IngestDraft:
    locked = IngestDraft.objects.select_for_update().get(pk=draft.pk)
    if locked.status == DraftStatus.CONFIRMED:
        raise DraftConflict(_("This draft has already been confirmed."))
    if locked.status == DraftStatus.DISCARDED:
        raise DraftConflict(_("This draft has been discarded."))
    return locked


def _check_actor(actor) -> None:
    if not can_ingest(actor):
        raise DraftNotAllowed(_("You may not read documents into the system."))


def _check_unit_day(unit: Unit | None, day: datetime.date | None) -> None:
    if unit is not None and day is not None and not unit.is_valid_on(day):
        raise DraftError(
            _("The unit %(unit)s did not exist on %(day)s.")
            % {"unit": unit.name, "day": vn_date(day)}
        )


@transaction.atomic
def draft_update(
    *,
    actor,
    draft: IngestDraft,
    title: str,
    meeting_date: datetime.date | None,
    host_unit: Unit | None,
    issuer: Unit | None,
) -> IngestDraft:
    """The session's own fields: title, date, host unit and issuing body."""
    _check_actor(actor)
    draft = _open(draft)
    if not title.strip():
        raise DraftError(_("The session title is empty."))
    for unit in (host_unit, issuer):
        _check_unit_day(unit, meeting_date)
    draft.title = " ".join(title.split())[:300]
    draft.meeting_date = meeting_date
    draft.host_unit = host_unit
    draft.issuer = issuer
    draft.save(update_fields=["title", "meeting_date", "host_unit", "issuer"])
    return draft


def _clean_fields(item: DraftItem, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate the reviewer's fields for the item's kind; keep the extracted keys."""
    clean = dict(item.fields)
    for key, value in fields.items():
        if key in clean or key in item.extracted:
            clean[key] = value.strip() if isinstance(value, str) else value
    key = "name" if item.kind == ItemKind.LEADER else "text"
    if not str(clean.get(key) or "").strip():
        raise DraftError(_("The text of the item is empty."))
    if item.kind == ItemKind.ACHIEVEMENT:
        done, total = clean.get("done"), clean.get("total")
        for value in (done, total):
            if value is not None and (not isinstance(value, int) or value < 0):
                raise DraftError(_("The numbers of an achievement are whole numbers from 0."))
        if done is not None and total is not None and done > total:
            raise DraftError(_("The number done is more than the total."))
        if clean.get("kind") not in AchievementKind.values:
            raise DraftError(_("Unknown kind of achievement."))
    if item.kind == ItemKind.DIRECTIVE and clean.get("deadline"):
        deadline = _date_or_none(clean["deadline"])
        if deadline is None:
            raise DraftError(_("The deadline is not a valid date."))
        day = item.draft.meeting_date
        if day is not None and deadline < day:
            raise DraftError(
                _("The deadline %(deadline)s is before the session date (%(day)s).")
                % {"deadline": vn_date(deadline), "day": vn_date(day)}
            )
    if item.kind == ItemKind.CONGRESS:
        if clean.get("ordinal") and _ordinal(clean["ordinal"]) is None:
            raise DraftError(_("The ordinal of a congress is a number or a Roman numeral."))
        if clean.get("term") and _term(clean["term"]) is None:
            raise DraftError(_("Write the term as two years, e.g. 2017-2022."))
    return clean


@transaction.atomic
def draft_item_decide(
    *,
    actor,
    item: DraftItem,
    decision: str,
    fields: dict[str, Any] | None = None,
    unit: Unit | None = None,
    coordinators: list[Unit] | None = None,
    addressee: Unit | None = None,
    no_single_lead: bool = False,
) -> DraftItem:
    """Accept (edited when the fields differ from the extracted ones), reject or reopen an item.

    `unit` is the directive's lead, the recommendation's author or the congress's
    unit; `coordinators` the directive's coordinating units. Units may be left
    unresolved here; confirming refuses a kept item whose units are missing. A
    directive to a group ("các sở, ban, ngành") is accepted only with its lead, or
    with `no_single_lead` and the units that each lead their own part.
    """
    _check_actor(actor)
    draft = _open(item.draft)
    item = DraftItem.objects.select_for_update().get(pk=item.pk)
    item.draft = draft
    if decision not in ItemDecision.values:
        raise DraftError(_("Unknown decision: %(decision)s.") % {"decision": decision})
    update = ["decision", "decided_by", "decided_at"]
    if fields is not None:
        item.fields = _clean_fields(item, fields)
        update.append("fields")
    if decision == ItemDecision.ACCEPTED and item.fields != item.extracted:
        decision = ItemDecision.EDITED
    coordinators = list(dict.fromkeys(coordinators or []))
    if item.kind in (ItemKind.DIRECTIVE, ItemKind.RECOMMENDATION, ItemKind.CONGRESS):
        for each in [unit, addressee, *coordinators]:
            _check_unit_day(each, draft.meeting_date)
        if unit is not None and unit in coordinators:
            raise DraftError(_("The lead unit cannot also be a coordinating unit."))
        item.unit = unit
        update.append("unit")
    if item.kind == ItemKind.RECOMMENDATION:
        item.addressee = addressee
        update.append("addressee")
    if item.kind == ItemKind.DIRECTIVE:
        _check_group_lead(item, decision, unit, coordinators, no_single_lead)
        item.no_single_lead = no_single_lead and unit is None
        update.append("no_single_lead")
    item.decision = decision
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.save(update_fields=update)
    if item.kind == ItemKind.DIRECTIVE:
        item.coordinators.set(coordinators)
    return item


def _check_group_lead(item, decision, unit, coordinators, no_single_lead) -> None:
    if decision not in (ItemDecision.ACCEPTED, ItemDecision.EDITED) or unit is not None:
        return
    if no_single_lead and not coordinators:
        raise DraftError(_("With no single lead, choose the units that each lead their own part."))
    if item.is_group and not no_single_lead:
        raise DraftError(
            _(
                "Directive %(number)s goes to a group (“%(assignee)s”): choose its lead unit, "
                "or tick that there is no single lead and choose the units."
            )
            % {"number": item.number, "assignee": item.fields.get("assignee") or "—"}
        )


@transaction.atomic
def draft_accept_unflagged(*, actor, draft: IngestDraft) -> list[DraftItem]:
    """Accept, as extracted, every item still waiting that needs no review (see
    DraftItem.needs_review); the flagged ones stay waiting for the reviewer."""
    _check_actor(actor)
    draft = _open(draft)
    waiting = draft.items.filter(decision=ItemDecision.PENDING).prefetch_related("coordinators")
    accepted = []
    for item in waiting:
        if item.needs_review:
            continue
        accepted.append(
            draft_item_decide(
                actor=actor,
                item=item,
                decision=ItemDecision.ACCEPTED,
                unit=item.unit,
                coordinators=list(item.coordinators.all()),
                addressee=item.addressee,
                no_single_lead=item.no_single_lead,
            )
        )
    return accepted


@transaction.atomic
def draft_discard(*, actor, draft: IngestDraft) -> IngestDraft:
    _check_actor(actor)
    draft = _open(draft)
    draft.status = DraftStatus.DISCARDED
    draft.save(update_fields=["status"])
    return draft


# --- confirm ----------------------------------------------------------------------------------


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _from_roman(text: str) -> int | None:
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    values = [_ROMAN[ch] for ch in text]
    total = sum(-v if v < w else v for v, w in zip(values, values[1:] + [0], strict=True))
    return total if total > 0 else None


def _ordinal(value) -> int | None:
    if isinstance(value, int):
        return value if value > 0 else None
    text = str(value or "").strip().upper()
    if text.isdigit():
        return int(text) or None
    return _from_roman(text)


def _term(value) -> tuple[int, int] | None:
    match = re.fullmatch(r"\s*(\d{4})\s*[-–—]\s*(\d{4})\s*", str(value or ""))
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if start < end else None


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def _refusals(draft: IngestDraft, items: list[DraftItem]) -> list[str]:
    """Everything that stops the draft from being confirmed, as sentences for the reviewer."""
    problems = []
    pending = [i for i in items if i.decision == ItemDecision.PENDING]
    if pending:
        problems.append(
            _("%(count)s items are still waiting for a decision.") % {"count": len(pending)}
        )
    if draft.meeting_date is None:
        problems.append(_("Give the date of the session."))
    if draft.host_unit is None:
        problems.append(_("Choose the host unit of the session."))
    if draft.issuer is None:
        problems.append(_("Choose the issuing body of the session."))
    if not any(i.kind == ItemKind.LEADER and i.is_kept for i in items):
        problems.append(_("Accept at least one chairing leader."))
    for item in items:
        if not item.is_kept:
            continue
        if item.kind == ItemKind.DIRECTIVE and item.unit_id is None and not item.no_single_lead:
            problems.append(
                _("Directive %(number)s: choose the lead unit for “%(assignee)s”.")
                % {"number": item.number, "assignee": item.fields.get("assignee") or "—"}
            )
        if item.kind == ItemKind.RECOMMENDATION and (item.unit_id is None or not item.addressee_id):
            problems.append(
                _("Recommendation %(number)s: choose who raised it and to whom.")
                % {"number": item.number}
            )
        if (
            item.kind == ItemKind.CONGRESS
            and _ordinal(item.fields.get("ordinal"))
            and item.unit_id is None
        ):
            problems.append(
                _("Congress %(number)s: choose the unit that held it.") % {"number": item.number}
            )
    return problems


def _leads_of(item: DraftItem) -> list[tuple[Unit, list[Unit]]]:
    """(lead, coordinators) of the directives an item becomes: one, or with no single lead
    one per chosen unit, each leading its own part."""
    if item.no_single_lead and item.unit is None:
        return [(unit, []) for unit in item.coordinators.all()]
    return [(item.unit, list(item.coordinators.all()))]


def confirm_problems(draft: IngestDraft, items: list[DraftItem]) -> list[str]:
    return _refusals(draft, items) if draft.is_open else []


class _Spans:
    """Map spans of the normalized text to the stored document text, and record them."""

    def __init__(self, draft: IngestDraft):
        self.document = draft.document
        normalized = normalize(self.document.text)
        self.mapping = normalized if normalized.text == draft.text else None
        self.rows: list[SourceSpan] = []

    def link(self, obj, start: int, end: int, item: DraftItem | None = None) -> None:
        if self.mapping is not None and end <= len(self.mapping.text):
            start, end = self.mapping.original_span(start, end)
        self.rows.append(
            SourceSpan(
                document=self.document,
                start=start,
                end=end,
                content_type=ContentType.objects.get_for_model(type(obj)),
                object_id=obj.pk,
                item=item,
            )
        )

    def save(self) -> None:
        SourceSpan.objects.bulk_create(self.rows, ignore_conflicts=True)


def _chair(item: DraftItem) -> Person:
    name = item.fields["name"]
    if item.person_id and item.fields == item.extracted:
        return item.person
    return resolving.person_find(name) or person_create(full_name=name)


def _record_congress(*, actor, item: DraftItem, period: str | None):
    """A congress record through the congresses app; the existing one when already recorded."""
    ordinal = _ordinal(item.fields.get("ordinal"))
    existing = Congress.objects.filter(unit=item.unit, ordinal=ordinal).first()
    if existing is not None:
        return existing
    term = _term(item.fields.get("term"))
    if term is None and period and period[:4].isdigit():
        term = (int(period[:4]), None)
    try:
        return congress_create(
            unit=item.unit,
            ordinal=ordinal,
            term_start=term[0] if term else None,
            term_end=term[1] if term else None,
            created_by=actor,
        )
    except CongressError as exc:
        raise DraftError(
            _("Congress %(number)s: %(reason)s") % {"number": item.number, "reason": exc}
        ) from None


@transaction.atomic
def draft_confirm(
    *, actor, draft: IngestDraft, duplicate_confirmed: bool = False
) -> WorkingSession:
    """Create the working session and every kept item, each linked to its span; all or nothing.

    Congresses with no ordinal ("đại hội đoàn các cấp") are a whole campaign, not
    one congress: they stay accepted items of the draft. When the session looks
    recorded already (the same document, or the host's session of that day), the
    reviewer must say it is another one (``duplicate_confirmed``).
    """
    _check_actor(actor)
    draft = _open(draft)
    items = list(
        draft.items.select_related("unit", "addressee", "person").prefetch_related("coordinators")
    )
    problems = _refusals(draft, items)
    if problems:
        raise DraftError(" ".join(problems))
    duplicates = duplicate_sessions(draft)
    if duplicates and not duplicate_confirmed:
        raise DraftDuplicate(
            _(
                "“%(title)s” (%(day)s) is already recorded. Tick that this draft is another "
                "session to record it as well."
            )
            % {
                "title": duplicates[0].title,
                "day": timezone.localdate(duplicates[0].held_at).strftime("%d/%m/%Y"),
            }
        )
    kept = [i for i in items if i.is_kept]

    def of(kind):
        return [i for i in kept if i.kind == kind]

    record = draft.record
    spans = _Spans(draft)
    try:
        session = meetings.session_create(
            actor=actor,
            title=draft.title,
            held_at=timezone.make_aware(
                datetime.datetime.combine(draft.meeting_date, datetime.time())
            ),
            time_known=False,  # articles of the genre give the day, not the hour
            host_unit=draft.host_unit,
            issuer=draft.issuer,
            chairs=list(dict.fromkeys(_chair(i) for i in of(ItemKind.LEADER))),
            place=draft.host_unit.name,
            participant_units=[draft.host_unit],
            period_reviewed=record.get("period_reviewed") or "",
            topics=[i.fields["text"] for i in of(ItemKind.TOPIC)],
            strengths=record.get("strengths") or "",
            limitations=record.get("limitations") or "",
            conclusion=record.get("conclusion") or "",
            source_documents=[draft.document],
        )
        span = record.get("meeting_date_span") or [0, 0]
        spans.link(session, span[0], span[1])
        number = 0
        for item in of(ItemKind.DIRECTIVE):
            deadline = _date_or_none(item.fields.get("deadline"))
            for lead, coordinators in _leads_of(item):
                number += 1
                directive = meetings.directive_create(
                    actor=actor,
                    session=session,
                    number=number,
                    content=_sentence(item.fields["text"]),
                    lead=lead,
                    coordinators=coordinators,
                    deadline=deadline,
                    ongoing=deadline is None,
                    source_document=draft.document,
                )
                spans.link(directive, item.span_start, item.span_end, item)
        for item in of(ItemKind.RECOMMENDATION):
            recommendation = meetings.recommendation_create(
                actor=actor,
                session=session,
                content=_sentence(item.fields["text"]),
                raised_by=item.unit,
                addressee=item.addressee,
            )
            spans.link(recommendation, item.span_start, item.span_end, item)
    except MeetingError as exc:
        raise DraftError(str(exc)) from None
    for item in of(ItemKind.ACHIEVEMENT):
        achievement = Achievement.objects.create(
            session=session,
            text=item.fields["text"],
            done=item.fields.get("done"),
            total=item.fields.get("total"),
            kind=item.fields.get("kind") or AchievementKind.OTHER,
        )
        spans.link(achievement, item.span_start, item.span_end, item)
    for item in of(ItemKind.CONGRESS):
        if item.unit is None or _ordinal(item.fields.get("ordinal")) is None:
            continue
        congress = _record_congress(actor=actor, item=item, period=record.get("period_reviewed"))
        if congress is not None:
            spans.link(congress, item.span_start, item.span_end, item)
    for item in of(ItemKind.LEADER) + of(ItemKind.TOPIC):
        spans.link(session, item.span_start, item.span_end, item)
    spans.save()
    draft.status = DraftStatus.CONFIRMED
    draft.session = session
    draft.confirmed_by = actor
    draft.confirmed_at = timezone.now()
    draft.save(update_fields=["status", "session", "confirmed_by", "confirmed_at"])
    return session
