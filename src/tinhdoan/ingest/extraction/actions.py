"""Topics discussed, directives given (chỉ đạo) and recommendations raised (kiến nghị)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .items import (
    Directive,
    Item,
    Recommendation,
    assignee_at,
    make_directive,
    split_items,
    trimmed,
)
from .layout import Layout, Line, Sentence, sentences
from .running import (
    DIRECTIVE_VERB,
    INFERRED,
    MODAL,
    REQUEST_VERB,
    STATED,
    Lead,
    Speakers,
    asks_only,
    directives_in_sentence,
    list_item,
    requests_in_sentence,
    speaker,
    verbless_directives,
)
from .tokens import words

# --- Topics ---------------------------------------------------------------------------

_TOPIC_TRIGGER = re.compile(
    r"(?:ý\s+kiến|đại\s+biểu)[^.:;]{0,40}?(?:tập\s+trung|xoay\s+quanh)(?:\s+vào)?[^.:;]{0,30}?:\s*|"
    r"(?:trao\s+đổi|thảo\s+luận|tập\s+trung|đề\s+cập|góp\s+ý|bàn\s+về|nêu|đóng\s+góp|làm\s+rõ|"
    r"phân\s+tích)[^.:;]{0,120}?(?:nội\s+dung|vấn\s+đề|ý\s+kiến|chuyên\s+đề|giải\s+pháp)"
    r"[^.:;]{0,40}?:\s*"
)
_REQUEST_WORDS = re.compile(r"kiến\s+nghị|đề\s+xuất|đề\s+nghị")


def _sentence_end(line: Line, offset: int) -> int:
    """End of the sentence that runs from offset in a paragraph."""
    for sentence in sentences(line):
        if sentence.start <= offset < sentence.end:
            return sentence.end
    return line.end


def find_topics(text: str, lines: list[Line]) -> list[Item]:
    topics: list[Item] = []
    for line in lines:
        for match in _TOPIC_TRIGGER.finditer(line.text):
            if _REQUEST_WORDS.search(match.group(0)):
                continue
            start = line.start + match.end()
            topics.extend(split_items(text, start, _sentence_end(line, start)))
    return topics


# --- Requests referred back to in the conclusion ------------------------------------------------

_REFERENCE_TO_REQUESTS = re.compile(
    r"(?:[Đđ]ối\s+với|[Vv]ề)\s+(?P<np>(?:các|những)\s+(?:kiến\s+nghị|đề\s+xuất|đề\s+nghị|đề\s+đạt)"
    r"[^,;.]*?)\s*,"
)
_ACKNOWLEDGED = re.compile(
    r"ghi\s+nhận\s+(?:các|những)\s+(?:ý\s+kiến,?\s+)?(?:kiến\s+nghị|đề\s+xuất|đề\s+đạt)"
)


def _referenced_requests(text: str, sentence: Sentence) -> list[Recommendation]:
    found = []
    for match in _REFERENCE_TO_REQUESTS.finditer(text, sentence.start, sentence.end):
        np = match.group("np")
        start = match.start("np")
        found.append(Recommendation(np, start, start + len(np), refers_back=" về " not in np))
    acknowledged = _ACKNOWLEDGED.search(text, sentence.start, sentence.end)
    if acknowledged:
        item = trimmed(text, acknowledged.start(), sentence.end)
        if item:
            found.append(Recommendation(item.text, item.start, item.end, refers_back=True))
    return found


# --- Lists of a notice: numbered sections, lettered assignees, bullets ------------------------

_SECTION = re.compile(r"^(?P<mark>\d{1,2}|[IVX]{1,4})\s*[.)/]\s*(?P<body>(?P<title>\S.*))$")
_PLAIN_LINE = re.compile(r"^(?P<body>\S.*)$")
_LETTER = re.compile(r"^(?P<mark>[a-zđ])\s*[).]\s+(?P<body>\S.*)$")
_BULLET = re.compile(r"^[-+•*–—]\s*(?P<body>\S.*)$")
_DIRECTIVE_SECTION = re.compile(
    r"nhiệm\s+vụ|giải\s+pháp|tổ\s+chức\s+thực\s+hiện|giao|chỉ\s+đạo|thời\s+gian\s+tới|phân\s+công|"
    r"triển\s+khai|yêu\s+cầu",
    re.IGNORECASE,
)
_REQUEST_SECTION = re.compile(r"kiến\s+nghị|đề\s+xuất|đề\s+nghị", re.IGNORECASE)
_REQUEST_LEAD = re.compile(
    r"(?:(?:[Vv]ề|[Đđ]ối\s+với)\s+)?(?:[Kk]iến\s+nghị|[Đđ]ề\s+nghị|[Đđ]ề\s+xuất)\s+(?:về\s+)?"
)
_ASSIGN_IN_ANSWER = re.compile(r"(?<![^\W\d_])giao(?:\s+cho)?\s+")


def _inline_assignee(text: str, line: Line, start: int) -> tuple[str | None, int]:
    tokens = words(line.text, line.start)
    found = assignee_at(text, start, tokens)
    if not found:
        return None, start
    name, end = found
    if text[end : end + 1] == ":":
        end += 1
    modal = MODAL.match(text, end)
    return name, modal.end() if modal else end


@dataclass
class ListParse:
    directives: list[Directive] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    covered: set[int] = field(default_factory=set)  # line starts handled as a list


@dataclass
class _Section:
    kind: str | None = None  # "directives", "requests" or None
    roman: bool = False  # opened by "II."; its "1.", "2." lines then name assignees
    assignee: str | None = None


def _section_of(title: str, roman: bool) -> _Section:
    if _REQUEST_SECTION.search(title):
        return _Section("requests", roman)
    if _DIRECTIVE_SECTION.search(title):
        return _Section("directives", roman)
    return _Section(None, roman)


def parse_lists(text: str, body: list[Line], reference) -> ListParse:
    result = ListParse()
    section = _Section()
    for line in body:
        stripped = line.text.strip()
        heading = _SECTION.match(stripped)
        is_heading = heading and len(stripped) < 120 and not stripped.endswith(".")
        roman = bool(heading and heading.group("mark").isalpha())
        if is_heading and not (section.kind == "directives" and section.roman and not roman):
            section = _section_of(heading.group("title"), roman)
            result.covered.add(line.start)
            continue
        if section.kind is None:
            continue
        lead = len(line.text) - len(line.text.lstrip())
        match = heading or _LETTER.match(stripped) or _BULLET.match(stripped)
        if match is None and section.kind == "requests" and _REQUEST_LEAD.match(stripped):
            match = _PLAIN_LINE.match(stripped)
        if match is None:
            continue
        body_start = line.start + lead + match.start("body")
        result.covered.add(line.start)
        if section.kind == "requests":
            _request_item(text, line, body_start, result, reference)
            continue
        names_assignee = match.re is not _BULLET
        _directive_item(text, line, body_start, names_assignee, section, result, reference)
    return result


def _directive_item(text, line, start, names_assignee, section, result, reference) -> None:
    """One line of a tasks section: "a) Tỉnh đoàn:" names the assignee of the bullets
    after it; "b) Sở Tài chính tham mưu ..." and "- Tổng kết ..." are tasks."""
    inline, task_start = _inline_assignee(text, line, start)
    if names_assignee and (line.text.rstrip().endswith(":") or task_start >= line.end):
        section.assignee = inline
        return
    item_assignee = section.assignee
    if names_assignee or section.assignee is None:
        item_assignee = inline or section.assignee
        start = task_start if inline else start
    item = trimmed(text, start, line.end)
    if item:
        result.directives.append(make_directive(text, item, item_assignee, reference))


def _request_item(text: str, line: Line, start: int, result: ListParse, reference) -> None:
    lead = _REQUEST_LEAD.match(text, start)
    if lead:
        start = lead.end()
    colon = text.find(":", start, line.end)
    if colon == -1:
        item = trimmed(text, start, line.end)
        if item:
            result.recommendations.append(Recommendation(item.text, item.start, item.end))
        return
    request = trimmed(text, start, colon)
    answer = trimmed(text, colon + 1, line.end)
    if not request:
        return
    result.recommendations.append(
        Recommendation(
            request.text, request.start, request.end, answer=answer.text if answer else None
        )
    )
    if answer:
        assign = _ASSIGN_IN_ANSWER.search(text, answer.start, answer.end)
        if assign:
            name, after = _inline_assignee(text, line, assign.end())
            task = trimmed(text, after, answer.end)
            if name and task:
                result.directives.append(make_directive(text, task, name, reference))


# --- Everything together ------------------------------------------------------------------------


@dataclass
class Actions:
    directives: list[Directive]
    recommendations: list[Recommendation]


def find_actions(
    text: str, layout: Layout, reference: datetime.date | None, speakers: Speakers
) -> Actions:
    lists = parse_lists(text, layout.body, reference)
    directives = list(lists.directives)
    raised = list(lists.recommendations)
    referenced: list[Recommendation] = []
    conclusion = layout.conclusion_start
    lead: Lead | None = None
    directing = False  # the sentence before gave directives
    for line in layout.body:
        if line.start in lists.covered:
            continue
        if lead is not None:
            item = list_item(text, line, lead, reference)
            if item is not None:
                directives.append(item)
                continue
            lead = None
        for sentence in sentences(line):
            in_conclusion = conclusion is not None and sentence.end > conclusion
            found, request, lead = _read_sentence(
                text, sentence, reference, speakers, in_conclusion or directing
            )
            directing = bool(found or lead)
            directives.extend(found)
            raised.extend(request)
            referenced.extend(_referenced_requests(text, sentence))
    with_content = [r for r in referenced if not r.refers_back]
    recommendations = raised + with_content
    if not recommendations:
        recommendations = referenced
    recommendations.sort(key=lambda r: r.start)
    directives.sort(key=lambda d: d.start)
    return Actions(directives, recommendations)


def _read_sentence(text, sentence, reference, speakers, concluding):
    """Directives, requests and a list lead of one sentence, by who speaks in it.

    ``concluding``: the sentence is in the conclusion or follows a directive, where
    a task may be set without a verb and a sentence without a subject directs.
    """
    verb = DIRECTIVE_VERB.search(text, sentence.start, sentence.end)
    request = REQUEST_VERB.search(text, sentence.start, sentence.end)
    first = min((m for m in (verb, request) if m), key=lambda m: m.start(), default=None)
    if first is None:
        found = verbless_directives(text, sentence, reference) if concluding else []
        return found, [], None
    who = speaker(text, sentence.start, first.start(), speakers)
    if who == "host":
        return [], requests_in_sentence(text, sentence, STATED), None
    asking = first is request and asks_only(request.group(0))
    if verb and (who == "leader" or concluding) and not asking:
        found, lead = directives_in_sentence(text, sentence, reference, speakers)
        return found, [], lead
    if request and who == "other" and not concluding:
        return [], requests_in_sentence(text, sentence, INFERRED), None
    return [], [], None
