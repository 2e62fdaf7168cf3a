"""Draft record of a working session from the text of a news article or a notice."""

from __future__ import annotations

import datetime
import re
from typing import Any

from .actions import find_actions, find_topics
from .dates import find_meeting_day, find_period, resolve_meeting_day
from .layout import analyse
from .names import belongs_to_host, find_host, find_people, host_short_name
from .results import find_achievements, find_congresses
from .running import Speakers
from .summary import assessments, conclusion_text, uncertainty_warnings

__all__ = ["extract_record"]

_SESSION_WORDS = re.compile(
    r"làm\s+việc|hội\s+nghị|kết\s+luận|giao\s+ban|chủ\s+trì|tiếp\s+xúc|đối\s+thoại|giám\s+sát|"
    r"gặp\s+mặt|nghe\s+[^.]{0,80}?báo\s+cáo",
    re.IGNORECASE,
)


def _span(start: int, end: int) -> list[int]:
    return [start, end]


def _vn(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


def _first_of_each(items, excluded: list[tuple[int, int]], *, key):
    """Items outside the excluded spans, the first of each key (a result restated later)."""
    seen = set()
    kept = []
    for item in items:
        if any(item.start < end and start < item.end for start, end in excluded):
            continue
        if key(item) in seen:
            continue
        seen.add(key(item))
        kept.append(item)
    return kept


def extract_record(text: str, *, published: datetime.date | None = None) -> dict[str, Any]:
    """Extract the record from normalized text (see tinhdoan.ingest.normalizing).

    ``published`` is the page's date when the caller knows it; it takes
    precedence over the text's own date line.
    """
    warnings: list[str] = []
    layout = analyse(text)
    page_date = layout.published
    if published is not None:
        if page_date is not None and page_date != published:
            warnings.append(
                f"Ngày đăng được chỉ định ({_vn(published)}) khác ngày ghi trên trang "
                f"({_vn(page_date)}); dùng ngày được chỉ định."
            )
        page_date = published
    elif page_date is None:
        warnings.append("Không thấy ngày đăng trên trang; ngày làm việc có thể thiếu năm.")

    body = layout.body
    # The period is what the report reviews, before the leader's conclusion.
    conclusion = layout.conclusion_start
    reviewed = [line for line in body if conclusion is None or line.start < conclusion]
    period = find_period("\n".join(line.text for line in reviewed)) or find_period(
        "\n".join(line.text for line in body)
    )
    meeting_date = None
    mention = find_meeting_day(body, layout.dateline_end or 0)
    if mention is None:
        warnings.append("Không thấy ngày diễn ra buổi làm việc trong văn bản.")
    else:
        resolved = resolve_meeting_day(
            mention, published=page_date, period_year=period.year if period else None
        )
        meeting_date = resolved.date
        warnings.extend(resolved.warnings)

    host = find_host(text, body)
    host_in_title_only = host is None and layout.title_index is not None
    if host_in_title_only:
        host = find_host(text, [layout.lines[layout.title_index]])
    leaders = []
    host_people = []
    for person in find_people(text, body):
        if (
            host
            and person.positions
            and all(belongs_to_host(position, host[0]) for position in person.positions)
        ):
            host_people.append(person.name)
            continue  # an officer of the host body reports; a leader visits
        leaders.append(
            {
                "name": person.name,
                "positions": person.positions,
                "confidence": 0.9 if person.positions else 0.6,
                "span": _span(person.start, person.end),
            }
        )
    speakers = Speakers(
        host=host[0] if host else None,
        host_people=host_people,
        default_assignee=host_short_name(host[0]) if host else None,
    )

    topics = find_topics(text, body)
    actions = find_actions(text, layout, meeting_date or page_date, speakers)
    # Results are reported before the conclusion, or restated in it; what the
    # leaders ask for ("tổ chức 3 lớp tập huấn") is not a result.
    asked = [(d.start, d.end) for d in actions.directives]
    asked += [(r.start, r.end) for r in actions.recommendations]
    asked += [(t.start, t.end) for t in topics]

    achievements = [
        {
            "text": a.text,
            "done": a.done,
            "total": a.total,
            "kind": a.kind,
            "span": _span(a.start, a.end),
        }
        for a in _first_of_each(
            find_achievements(text, body), asked, key=lambda a: (a.kind, a.done, a.total)
        )
    ]
    congresses = [
        {"text": c.text, "ordinal": c.ordinal, "term": c.term, "span": _span(c.start, c.end)}
        for c in _first_of_each(find_congresses(text, body), asked, key=lambda c: c.text.lower())
    ]

    directives = []
    for d in actions.directives:
        directive: dict[str, Any] = {"assignee": d.assignee, "text": d.text}
        if d.deadline is not None:
            directive["deadline"] = d.deadline.isoformat()
        if d.coordinators:
            directive["coordinators"] = d.coordinators
        directive["confidence"] = d.confidence
        directive["span"] = _span(d.start, d.end)
        directives.append(directive)
    recommendations = []
    for r in actions.recommendations:
        recommendation: dict[str, Any] = {"text": r.text}
        if r.answer:
            recommendation["answer"] = r.answer
        recommendation["confidence"] = r.confidence
        recommendation["span"] = _span(r.start, r.end)
        recommendations.append(recommendation)

    if not _SESSION_WORDS.search(text):
        warnings.append(
            "Văn bản không có dấu hiệu của một buổi làm việc (làm việc, kết luận, chủ trì...); "
            "bản ghi có thể không phù hợp."
        )
    if not any((leaders, achievements, congresses, topics, directives, recommendations)):
        warnings.append("Không trích xuất được lãnh đạo, kết quả, chỉ đạo hay kiến nghị nào.")

    strengths, limitations = assessments(layout)
    record = {
        "title": layout.title,
        "published": page_date.isoformat() if page_date else None,
        "meeting_date": meeting_date.isoformat() if meeting_date else None,
        "meeting_date_text": mention.text if mention else None,
        "meeting_date_span": _span(mention.start, mention.end) if mention else None,
        "period_reviewed": period.code if period else None,
        "leaders": leaders,
        "host_organization": host[0] if host else None,
        "achievements": achievements,
        "congresses": congresses,
        "topics": [t.text for t in topics],
        "topic_spans": [_span(t.start, t.end) for t in topics],
        "directives": directives,
        "recommendations": recommendations,
        "author": layout.author,
        "conclusion": conclusion_text(text, layout),
        "strengths": strengths,
        "limitations": limitations,
        "warnings": warnings,
    }
    warnings.extend(
        uncertainty_warnings(record, layout, host_in_title_only=host_in_title_only and bool(host))
    )
    return record
