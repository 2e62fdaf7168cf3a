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


def _page_date(layout, published, warnings) -> datetime.date | None:
    """The page's date: the caller's when given, else the text's own date line."""
    page_date = layout.published
    if published is not None:
        if page_date is not None and page_date != published:
            warnings.append(
                f"Ngày đăng được chỉ định ({_vn(published)}) khác ngày ghi trên trang "
                f"({_vn(page_date)}); dùng ngày được chỉ định."
            )
        return published
    if page_date is None:
        warnings.append("Không thấy ngày đăng trên trang; ngày làm việc có thể thiếu năm.")
    return page_date


def _meeting(layout, page_date, warnings):
    """The period reviewed (before the leader's conclusion) and the meeting day."""
    body = layout.body
    conclusion = layout.conclusion_start
    reviewed = [line for line in body if conclusion is None or line.start < conclusion]
    period = find_period("\n".join(line.text for line in reviewed)) or find_period(
        "\n".join(line.text for line in body)
    )
    mention = find_meeting_day(body, layout.dateline_end or 0)
    if mention is None:
        warnings.append("Không thấy ngày diễn ra buổi làm việc trong văn bản.")
        return period, None, None
    resolved = resolve_meeting_day(
        mention,
        published=page_date,
        period_year=period.year if period else None,
        whole_year=period is None or period.code.isdigit(),
    )
    warnings.extend(resolved.warnings)
    return period, mention, resolved.date


def _host_and_leaders(text, layout):
    """The host (from the body, else the headline) and the visiting leaders; the host's
    own officers report and raise requests, they are not leaders."""
    host = find_host(text, layout.body)
    in_title_only = host is None and layout.title_index is not None
    if in_title_only:
        host = find_host(text, [layout.lines[layout.title_index]])
    host_name = host[0] if host else None
    leaders, host_people = [], []
    for person in find_people(text, layout.body):
        if (
            host_name
            and person.positions
            and all(belongs_to_host(position, host_name) for position in person.positions)
        ):
            host_people.append(person.name)
            continue
        leaders.append(
            {
                "name": person.name,
                "positions": person.positions,
                "confidence": 0.9 if person.positions else 0.6,
                "span": _span(person.start, person.end),
            }
        )
    speakers = Speakers(
        host=host_name,
        host_people=host_people,
        default_assignee=host_short_name(host_name) if host_name else None,
    )
    return host_name, in_title_only and host_name is not None, leaders, speakers


def _results(text, body, asked):
    """Results are reported before the conclusion, or restated in it; what the leaders
    ask for ("tổ chức 3 lớp tập huấn") is not a result."""
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
    return achievements, congresses


def _directive_record(d) -> dict[str, Any]:
    directive: dict[str, Any] = {"assignee": d.assignee, "text": d.text}
    if d.deadline is not None:
        directive["deadline"] = d.deadline.isoformat()
    if d.coordinators:
        directive["coordinators"] = d.coordinators
    directive["confidence"] = d.confidence
    directive["span"] = _span(d.start, d.end)
    return directive


def _recommendation_record(r) -> dict[str, Any]:
    recommendation: dict[str, Any] = {"text": r.text}
    if r.answer:
        recommendation["answer"] = r.answer
    recommendation["confidence"] = r.confidence
    recommendation["span"] = _span(r.start, r.end)
    return recommendation


def _coverage_warnings(text: str, record: dict[str, Any]) -> list[str]:
    warnings = []
    if not _SESSION_WORDS.search(text):
        warnings.append(
            "Văn bản không có dấu hiệu của một buổi làm việc (làm việc, kết luận, chủ trì...); "
            "bản ghi có thể không phù hợp."
        )
    found = ("leaders", "achievements", "congresses", "topics", "directives", "recommendations")
    if not any(record[key] for key in found):
        warnings.append(
            "Không trích xuất được lãnh đạo, kết quả, nhiệm vụ được giao hay kiến nghị nào."
        )
    return warnings


def extract_record(text: str, *, published: datetime.date | None = None) -> dict[str, Any]:
    """Extract the record from normalized text (see tinhdoan.ingest.normalizing).

    ``published`` is the page's date when the caller knows it; it takes
    precedence over the text's own date line.
    """
    warnings: list[str] = []
    layout = analyse(text)
    page_date = _page_date(layout, published, warnings)
    period, mention, meeting_date = _meeting(layout, page_date, warnings)
    host, host_in_title_only, leaders, speakers = _host_and_leaders(text, layout)
    topics = find_topics(text, layout.body)
    actions = find_actions(text, layout, meeting_date or page_date, speakers)
    asked = [(item.start, item.end) for item in (*actions.directives, *actions.recommendations)]
    achievements, congresses = _results(
        text, layout.body, asked + [(t.start, t.end) for t in topics]
    )
    strengths, limitations = assessments(layout)
    record = {
        "title": layout.title,
        "published": page_date.isoformat() if page_date else None,
        "meeting_date": meeting_date.isoformat() if meeting_date else None,
        "meeting_date_text": mention.text if mention else None,
        "meeting_date_span": _span(mention.start, mention.end) if mention else None,
        "period_reviewed": period.code if period else None,
        "leaders": leaders,
        "host_organization": host,
        "achievements": achievements,
        "congresses": congresses,
        "topics": [t.text for t in topics],
        "topic_spans": [_span(t.start, t.end) for t in topics],
        "directives": [_directive_record(d) for d in actions.directives],
        "recommendations": [_recommendation_record(r) for r in actions.recommendations],
        "author": layout.author,
        "conclusion": conclusion_text(text, layout),
        "strengths": strengths,
        "limitations": limitations,
        "warnings": warnings,
    }
    warnings.extend(_coverage_warnings(text, record))
    warnings.extend(uncertainty_warnings(record, layout, host_in_title_only=host_in_title_only))
    return record
