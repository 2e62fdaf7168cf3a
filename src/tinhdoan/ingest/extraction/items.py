"""Items read from a text (directives, requests) and the helpers that cut them out."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .dates import find_deadline
from .lexicon import COLLECTIVE_ASSIGNEE, ORG_HEADS
from .names import org_at, split_orgs
from .tokens import words


@dataclass
class Item:
    text: str
    start: int
    end: int
    confidence: float = 0.9


@dataclass
class Directive(Item):
    assignee: str | None = None
    deadline: datetime.date | None = None
    coordinators: list[str] = field(default_factory=list)


@dataclass
class Recommendation(Item):
    answer: str | None = None
    refers_back: bool = False  # "các kiến nghị của Tỉnh đoàn": names no content


_TRAILING = " \t.;:,…"


def _closes_an_outer_quote(part: str) -> bool:
    """The part ends with a quote that closes one opened before the part began."""
    if part.endswith('"'):
        return part.count('"') % 2 == 1
    return part.endswith("”") and part.count("”") > part.count("“")


def trimmed(text: str, start: int, end: int) -> Item | None:
    """The item text[start:end] without surrounding spaces and end punctuation."""
    while start < end and text[start] in " ,;:":
        start += 1
    while end > start and (text[end - 1] in _TRAILING or text[end - 3 : end] == "..."):
        end -= 3 if text[end - 3 : end] == "..." else 1
    if end > start and _closes_an_outer_quote(text[start:end]):
        end -= 1  # the closing quote of a quoted request: 'cho biết: "... kiến nghị A".'
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
    marker = _MARKER.match(text[start:end])
    if marker:
        start += marker.end()
    if text[end - 2 : end] == "./":
        end -= 2
    if end - start < 3:
        return None
    return Item(text[start:end], start, end)


def split_items(text: str, start: int, end: int) -> list[Item]:
    """Items of a list run in a sentence, separated by semicolons."""
    items = []
    cursor = start
    for match in re.finditer(r";", text[start:end]):
        item = trimmed(text, cursor, start + match.start())
        if item:
            items.append(item)
        cursor = start + match.end()
    item = trimmed(text, cursor, end)
    if item:
        items.append(item)
    return items


_MARKER = re.compile(r"^(?:\(\d{1,2}\)|\d{1,2}[.)])\s+")

_COORDINATION = re.compile(r"[Cc]hủ\s+trì,?\s+phối\s+hợp\s+với\s+")


_JOINED_BODY = re.compile(r",\s*|\s+và\s+")


def assignee_at(text: str, offset: int, tokens) -> tuple[str, int] | None:
    """The unit named at offset (a body, or "các sở, ban, ngành"), with its end; bodies
    joined by commas or "và" are one assignee ("Ban Tổ chức Tỉnh ủy, Ban Cán sự đảng ...")."""
    found = _unit_at(text, offset, tokens)
    if found is None:
        return None
    end = found[1]
    while (joint := _JOINED_BODY.match(text, end)) and ORG_HEADS.match(text, joint.end()):
        more = _unit_at(text, joint.end(), tokens)
        if more is None:
            break
        end = more[1]
    return text[offset:end], end


def _unit_at(text: str, offset: int, tokens) -> tuple[str, int] | None:
    collective = COLLECTIVE_ASSIGNEE.match(text, offset)
    if collective:
        return collective.group(0), collective.end()
    found = org_at(text, tokens, offset)
    if found:
        return found[0], found[2]
    return None


def coordinators_in(text: str, start: int, end: int) -> list[str]:
    match = _COORDINATION.search(text, start, end)
    if not match:
        return []
    line_end = text.find("\n", match.end())
    line_end = end if line_end == -1 else min(end, line_end)
    tokens = words(text[match.end() : line_end], match.end())
    found = assignee_at(text, match.end(), tokens)
    if not found:
        return []
    return split_orgs(found[0])


def make_directive(
    text: str, item: Item, assignee: str | None, reference, confidence: float = 0.9
) -> Directive:
    return Directive(
        item.text,
        item.start,
        item.end,
        confidence,
        assignee=assignee,
        deadline=find_deadline(item.text, reference=reference),
        coordinators=coordinators_in(text, item.start, item.end),
    )
