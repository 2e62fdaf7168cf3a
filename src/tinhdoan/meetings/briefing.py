"""What links a session to the union's side of it: the briefing report the host unit issued for
it, and the directives that ask again what an earlier session asked and is not done."""

import datetime
import re

from tinhdoan.documents.model import Paragraph
from tinhdoan.documents.models import IssuedDocument
from tinhdoan.documents.selectors import document_issued_for
from tinhdoan.lib.vntext import fold

from .models import Directive, State, WorkingSession

# Two directives to the same unit whose words overlap this much ask for the same thing
# (Jaccard similarity of their words, diacritics folded, short function words left out).
REPEAT_SIMILARITY = 0.5
COMMON_WORDS = frozenset(
    fold(w)
    for w in ("các", "của", "và", "cho", "với", "trong", "đối", "tất", "cả", "những", "để", "về")
)


def briefing_source(*, body_code: str, day: datetime.date) -> str:
    """What the briefing for a session with ``body_code`` on ``day`` is filed under in the
    host unit's register: "briefing:UBND-LS:2018-01-09"."""
    return f"briefing:{body_code}:{day.isoformat()}"


def briefing_issued_for_session(session: WorkingSession) -> IssuedDocument | None:
    """The briefing report the host unit issued for this session, if any."""
    source = briefing_source(body_code=session.issuer.code, day=session.day)
    return document_issued_for(unit=session.host_unit, source=source)


def content_words(text: str) -> frozenset[str]:
    words = re.findall(r"\w+", fold(text).lower())
    return frozenset(w for w in words if w not in COMMON_WORDS and len(w) > 1)


def similarity(first: str, second: str) -> float:
    a, b = content_words(first), content_words(second)
    return len(a & b) / len(a | b) if a and b else 0.0


def repeated_directives(directives: list[Directive]) -> dict[int, Directive]:
    """For each of ``directives`` that repeats an earlier directive to the same lead unit,
    not completed when the new one was assigned, with similar content: that earlier one."""
    leads = {d.lead_id for d in directives}
    if not leads:
        return {}
    latest = max(d.assigned_on for d in directives)
    earlier = list(
        Directive.objects.filter(lead_id__in=leads, assigned_on__lt=latest)
        .exclude(pk__in=[d.pk for d in directives])
        .select_related("session")
        .order_by("-assigned_on", "-id")
    )
    found: dict[int, Directive] = {}
    for directive in directives:
        for old in earlier:
            if old.lead_id != directive.lead_id or old.assigned_on >= directive.assigned_on:
                continue
            done_before = old.state == State.COMPLETED and old.completed_on < directive.assigned_on
            if done_before:
                continue
            if similarity(old.content, directive.content) >= REPEAT_SIMILARITY:
                found[directive.pk] = old
                break
    return found


def reported_lines(issued: IssuedDocument, limit: int = 4) -> list[str]:
    """The first lines of the issued briefing's first section (what the union reported),
    read from the document as issued: its summary and its counts."""
    lines: list[str] = []
    started = False
    for block in issued.document().body:
        if not isinstance(block, Paragraph):
            continue
        if block.heading:
            if started:
                break
            started = True
            continue
        if started and not block.bold and block.text.strip():
            lines.append(block.text.strip())
    return lines[:limit]
