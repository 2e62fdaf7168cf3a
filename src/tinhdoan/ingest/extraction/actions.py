"""Topics discussed, directives given (chỉ đạo) and recommendations raised (kiến nghị)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .dates import find_deadline
from .layout import Layout, Line, Sentence, sentences
from .lexicon import COLLECTIVE_ASSIGNEE, ORG_LOWER_WORDS
from .names import org_at, split_orgs
from .tokens import words


@dataclass
class Item:
    text: str
    start: int
    end: int


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


def _trimmed(text: str, start: int, end: int) -> Item | None:
    """The item text[start:end] without surrounding spaces and end punctuation."""
    while start < end and text[start] in " ,;:":
        start += 1
    while end > start and (text[end - 1] in _TRAILING or text[end - 3 : end] == "..."):
        end -= 3 if text[end - 3 : end] == "..." else 1
    if text[end - 2 : end] == "./":
        end -= 2
    if end - start < 3:
        return None
    return Item(text[start:end], start, end)


def _split_items(text: str, start: int, end: int) -> list[Item]:
    """Items of a list run in a sentence, separated by semicolons."""
    items = []
    cursor = start
    for match in re.finditer(r";", text[start:end]):
        item = _trimmed(text, cursor, start + match.start())
        if item:
            items.append(item)
        cursor = start + match.end()
    item = _trimmed(text, cursor, end)
    if item:
        items.append(item)
    return items


# --- Topics ---------------------------------------------------------------------------

_TOPIC_TRIGGER = re.compile(
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
            topics.extend(_split_items(text, start, _sentence_end(line, start)))
    return topics


# --- Directives and recommendations in running text ------------------------------------------

_DIRECTIVE_VERB = re.compile(
    r"(?<![^\W\d_])(?<!các )(?<!những )(?<!theo )(?<!ý )"
    r"(?:yêu\s+cầu|đề\s+nghị|giao\s+cho|giao|lưu\s+ý|nhắc\s+nhở)\s+"
)
_LEADER_SUBJECT = re.compile(
    r"[Đđ]ồng\s+chí|[Ll]ãnh\s+đạo\s+(?:tỉnh|thành\s+phố|huyện)|Chủ\s+tịch|Bí\s+thư|Thủ\s+tướng|"
    r"Bộ\s+trưởng|Giám\s+đốc|[ÔôBb]à?\s+[A-ZĐ]"
)
_ADVERBIAL = re.compile(
    r",\s*(?:trong|khi|để|thời\s+gian|năm|từ\s+nay|sau|trên\s+cơ\s+sở|đồng\s+thời)[^,;]*?"
    r"(?:,\s*|\s+(?=(?:cần|phải)\s))"
)
_TIME_FIRST = re.compile(
    r"(?:trong\s+)?(?:thời\s+gian\s+tới|năm\s+tới|năm\s+\d{4}|giai\s+đoạn\s+tới|"
    r"từ\s+nay\s+đến\s+cuối\s+năm)\s*,?\s*"
)
_MODAL = re.compile(r"\s*(?:cần\s+phải|cần|phải)\s+")
_COORDINATION = re.compile(r"[Cc]hủ\s+trì,?\s+phối\s+hợp\s+với\s+")


def assignee_at(text: str, offset: int, tokens) -> tuple[str, int] | None:
    """The unit named at offset (a body, or "các sở, ban, ngành"), with its end."""
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


def _directive(text: str, item: Item, assignee: str | None, reference) -> Directive:
    return Directive(
        item.text,
        item.start,
        item.end,
        assignee=assignee,
        deadline=find_deadline(item.text, reference=reference),
        coordinators=coordinators_in(text, item.start, item.end),
    )


def _directives_in_sentence(text: str, sentence: Sentence, reference) -> list[Directive]:
    found: list[Directive] = []
    tokens = None
    cursor = sentence.start
    matches = list(_DIRECTIVE_VERB.finditer(text, sentence.start, sentence.end))
    for n, verb in enumerate(matches):
        if verb.start() < cursor:
            continue
        if tokens is None:
            tokens = words(sentence.text, sentence.start)
        assignee = assignee_at(text, verb.end(), tokens)
        if assignee is None:
            # "yêu cầu thời gian tới, Tỉnh đoàn cần ...": the time comes first.
            time_first = _TIME_FIRST.match(text, verb.end())
            if time_first:
                assignee = assignee_at(text, time_first.end(), tokens)
        if assignee is None:
            continue
        name, after = assignee
        rest = text[after : sentence.end]
        skip = _ADVERBIAL.match(rest)
        if skip:
            after += skip.end()
        else:
            modal = _MODAL.match(rest)
            if modal:
                after += modal.end()
        # Another directive verb later in the sentence after a semicolon starts its own run.
        stop = sentence.end
        for later in matches[n + 1 :]:
            semicolon = text.rfind(";", after, later.start())
            if (
                semicolon != -1
                and not text[semicolon + 1 : later.start()]
                .strip(" ,")
                .replace("đồng thời", "")
                .strip()
            ):
                stop = semicolon
                break
        for item in _split_items(text, after, stop):
            found.append(_directive(text, item, name, reference))
        cursor = stop
    return found


_REC_VERB = re.compile(
    r"(?<![^\W\d_])(?<!các )(?<!những )(?<!một số )(?<!ý )(?<!nhiều )"
    r"(?:kiến\s+nghị|đề\s+xuất|đề\s+nghị|đề\s+đạt)\s+(?:với\s+)?"
)
_ADDRESSEE = re.compile(
    r"(?:(?:lãnh\s+đạo\s+)?(?:tỉnh|thành\s+phố|huyện|thị\s+xã|quận|Trung\s+ương|các\s+cấp(?:,\s+các\s+ngành)?)"
    r"|(?:UBND|HĐND|Ủy\s+ban|Uỷ\s+ban|Tỉnh\s+[uủ][ỷy]|Thành\s+[uủ][ỷy]|Huyện\s+[uủ][ỷy])"
    r"(?:\s+(?:tỉnh|thành\s+phố|huyện|nhân\s+dân(?:\s+tỉnh|\s+thành\s+phố|\s+huyện)?))?)\s+"
    r"(?=[^\W\d_]+\s)"
)
_REFERENCE_TO_REQUESTS = re.compile(
    r"(?:[Đđ]ối\s+với|[Vv]ề)\s+(?P<np>(?:các|những)\s+(?:kiến\s+nghị|đề\s+xuất|đề\s+nghị|đề\s+đạt)"
    r"[^,;.]*?)\s*,"
)
_ACKNOWLEDGED = re.compile(
    r"ghi\s+nhận\s+(?:các|những)\s+(?:ý\s+kiến,?\s+)?(?:kiến\s+nghị|đề\s+xuất|đề\s+đạt)"
)


def _raised_by_a_body(text: str, sentence: Sentence, verb_start: int) -> bool:
    before = text[sentence.start : verb_start].rstrip()
    before = re.sub(r"(?:\s+(?:cũng|đã|tiếp\s+tục|đồng\s+thời))+$", "", before)
    if _LEADER_SUBJECT.search(before) or before.endswith(","):
        return False
    # The subject right before the verb is a body: "Ban Thường vụ Thành đoàn",
    # "Hội Liên hiệp Phụ nữ tỉnh" (a capitalized word, its second syllable, unit words).
    tail = before.split()[-4:]
    capitalized = [i for i, word in enumerate(tail) if word[:1].isupper()]
    if not capitalized:
        return False
    after = tail[capitalized[-1] + 1 :]
    return len(after) <= 2 and all(word in ORG_LOWER_WORDS for word in after[1:])


def _recommendations_in_sentence(text: str, sentence: Sentence) -> list[Recommendation]:
    found: list[Recommendation] = []
    for verb in _REC_VERB.finditer(text, sentence.start, sentence.end):
        if not _raised_by_a_body(text, sentence, verb.start()):
            continue
        after = verb.end()
        addressee = _ADDRESSEE.match(text, after)
        if addressee:
            after = addressee.end()
        for item in _split_items(text, after, sentence.end):
            found.append(Recommendation(item.text, item.start, item.end))
        break
    return found


def _referenced_requests(text: str, sentence: Sentence) -> list[Recommendation]:
    found = []
    for match in _REFERENCE_TO_REQUESTS.finditer(text, sentence.start, sentence.end):
        np = match.group("np")
        start = match.start("np")
        found.append(Recommendation(np, start, start + len(np), refers_back=" về " not in np))
    acknowledged = _ACKNOWLEDGED.search(text, sentence.start, sentence.end)
    if acknowledged:
        item = _trimmed(text, acknowledged.start(), sentence.end)
        if item:
            found.append(Recommendation(item.text, item.start, item.end, refers_back=True))
    return found


# --- Lists of a notice: numbered sections, lettered assignees, bullets ------------------------

_SECTION = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})\s*[.)/]\s*(?P<title>\S.*)$")
_LETTER = re.compile(r"^(?P<mark>[a-zđ])\s*[).]\s+(?P<body>\S.*)$")
_BULLET = re.compile(r"^[-+•*–—]\s*(?P<body>\S.*)$")
_DIRECTIVE_SECTION = re.compile(
    r"nhiệm\s+vụ|giải\s+pháp|tổ\s+chức\s+thực\s+hiện|giao|chỉ\s+đạo|thời\s+gian\s+tới|phân\s+công|"
    r"triển\s+khai|yêu\s+cầu",
    re.IGNORECASE,
)
_REQUEST_SECTION = re.compile(r"kiến\s+nghị|đề\s+xuất|đề\s+nghị", re.IGNORECASE)
_REQUEST_LEAD = re.compile(r"(?:[Kk]iến\s+nghị|[Đđ]ề\s+nghị|[Đđ]ề\s+xuất)\s+(?:về\s+)?")
_ASSIGN_IN_ANSWER = re.compile(r"(?<![^\W\d_])giao(?:\s+cho)?\s+")


def _inline_assignee(text: str, line: Line, start: int) -> tuple[str | None, int]:
    tokens = words(line.text, line.start)
    found = assignee_at(text, start, tokens)
    if not found:
        return None, start
    name, end = found
    if text[end : end + 1] == ":":
        end += 1
    modal = _MODAL.match(text, end)
    return name, modal.end() if modal else end


@dataclass
class ListParse:
    directives: list[Directive] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    covered: set[int] = field(default_factory=set)  # line starts handled as a list


def parse_lists(text: str, body: list[Line], reference) -> ListParse:
    result = ListParse()
    section: str | None = None
    assignee: str | None = None
    for line in body:
        stripped = line.text.strip()
        heading = _SECTION.match(stripped)
        if heading and len(stripped) < 120 and not stripped.endswith("."):
            title = heading.group("title")
            if _REQUEST_SECTION.search(title):
                section = "requests"
            elif _DIRECTIVE_SECTION.search(title):
                section = "directives"
            else:
                section = None
            assignee = None
            result.covered.add(line.start)
            continue
        if section is None:
            continue
        lead = len(line.text) - len(line.text.lstrip())
        letter = _LETTER.match(stripped)
        bullet = _BULLET.match(stripped)
        if not (letter or bullet):
            continue
        match = letter or bullet
        body_start = line.start + lead + match.start("body")
        result.covered.add(line.start)
        if section == "directives":
            if letter and stripped.endswith(":"):
                assignee, _ = _inline_assignee(text, line, body_start)
                continue
            item_assignee = assignee
            if letter or assignee is None:
                inline, body_start = _inline_assignee(text, line, body_start)
                item_assignee = inline or assignee
            item = _trimmed(text, body_start, line.end)
            if item:
                result.directives.append(_directive(text, item, item_assignee, reference))
        else:
            _request_item(text, line, body_start, result, reference)
    return result


def _request_item(text: str, line: Line, start: int, result: ListParse, reference) -> None:
    lead = _REQUEST_LEAD.match(text, start)
    if lead:
        start = lead.end()
    colon = text.find(":", start, line.end)
    if colon == -1:
        item = _trimmed(text, start, line.end)
        if item:
            result.recommendations.append(Recommendation(item.text, item.start, item.end))
        return
    request = _trimmed(text, start, colon)
    answer = _trimmed(text, colon + 1, line.end)
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
            task = _trimmed(text, after, answer.end)
            if name and task:
                result.directives.append(_directive(text, task, name, reference))


# --- Everything together ------------------------------------------------------------------------


@dataclass
class Actions:
    directives: list[Directive]
    recommendations: list[Recommendation]


def find_actions(text: str, layout: Layout, reference: datetime.date | None) -> Actions:
    lists = parse_lists(text, layout.body, reference)
    directives = list(lists.directives)
    raised = list(lists.recommendations)
    referenced: list[Recommendation] = []
    conclusion = layout.conclusion_start
    for line in layout.body:
        if line.start in lists.covered:
            continue
        for sentence in sentences(line):
            in_conclusion = conclusion is not None and sentence.end > conclusion
            verbs = list(_DIRECTIVE_VERB.finditer(text, sentence.start, sentence.end))
            led = any(_LEADER_SUBJECT.search(text, sentence.start, verb.start()) for verb in verbs)
            if verbs and (in_conclusion or led):
                directives.extend(_directives_in_sentence(text, sentence, reference))
            else:
                raised.extend(_recommendations_in_sentence(text, sentence))
            referenced.extend(_referenced_requests(text, sentence))
    with_content = [r for r in referenced if not r.refers_back]
    recommendations = raised + with_content
    if not recommendations:
        recommendations = referenced
    recommendations.sort(key=lambda r: r.start)
    directives.sort(key=lambda d: d.start)
    return Actions(directives, recommendations)
