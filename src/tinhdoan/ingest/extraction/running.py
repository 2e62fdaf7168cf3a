"""Directives and requests in running text: who speaks, to whom, and the lists that follow.

A sentence is read by its clause structure: the subject before the verb says
who speaks (a visiting leader gives directives, the host raises requests), the
words after the verb name the assignee, a modal ("cần", "phải") or the first
word of the task ends it, and semicolons cut the tasks. A lead that ends with a
colon, or names "một số nội dung", opens a list of bullets or of "Một là / Thứ
nhất" paragraphs, whose items share the lead's assignee.
"""

from __future__ import annotations

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
from .layout import Line, Sentence
from .lexicon import ORG_HEADS
from .names import same_body, scan_org
from .tokens import simple_tokens, words

# Confidence of an item: how much of it the text states outright.
STATED = 0.9  # a verb, its assignee and the task in one sentence
LISTED = 0.85  # an item of a list whose lead names the assignee
UNNAMED = 0.6  # no assignee in the text: the host is assumed
VERBLESS = 0.7  # "Ban Tổ chức cần ..." in the conclusion, no directive verb
INFERRED = 0.6  # a request whose speaker the text does not name

DIRECTIVE_VERB = re.compile(
    r"(?<![^\W\d_])(?<!các )(?<!những )(?<!theo )(?<!ý )(?<!được )"
    r"(?:yêu\s+cầu|đề\s+nghị|giao\s+cho|giao(?!\s+(?:thông|lưu|dịch|tiếp|ban|nhận|kết|thương|"
    r"nộp|hàng|ước|thoa|du))|lưu\s+ý|nhắc\s+nhở|mong\s+muốn|nhấn\s+mạnh)(?=\s|:|,)"
)
REQUEST_VERB = re.compile(
    r"(?<![^\W\d_])(?<!các )(?<!những )(?<!một số )(?<!ý )(?<!nhiều )(?<!về )(?<!Về )"
    r"(?<!với )(?:kiến\s+nghị|đề\s+xuất|đề\s+nghị|đề\s+đạt)(?!\s+của)\s+(?:với\s+)?"
)
_ASKING_ONLY = re.compile(r"kiến|đề\s+xuất|đề\s+đạt")  # verbs a leader does not direct with
_LEADER_SUBJECT = re.compile(
    r"[Đđ]ồng\s+chí|[Ll]ãnh\s+đạo\s+(?:tỉnh|thành\s+phố|huyện)|Chủ\s+tịch|Bí\s+thư|Thủ\s+tướng|"
    r"Bộ\s+trưởng|Giám\s+đốc|Trưởng\s+đoàn|(?<![^\W\d_])(?:[Ôô]ng|[Bb]à)(?![^\W\d_])"
)
_TIME = (
    r"(?:trong\s+)?(?:thời\s+gian\s+tới|năm\s+tới|năm\s+\d{4}|giai\s+đoạn\s+tới|"
    r"từ\s+nay\s+đến\s+cuối\s+năm)"
)
_AFTER_VERB = re.compile(rf"\s*,?\s*{_TIME}\s*,?\s*|\s*[,:]\s*[\"“]?")
_CONNECTIVE = re.compile(r"(?:Đồng\s+thời|Bên\s+cạnh\s+đó|Theo\s+đó|Ngoài\s+ra|Mặt\s+khác)\s*,?\s*")
_ADVERBIAL = re.compile(
    r",\s*(?:trong|khi|để|thời\s+gian|năm|từ\s+nay|sau|trên\s+cơ\s+sở|đồng\s+thời)[^,;]*?"
    rf"(?:,\s*|\s+(?=(?:cần|phải)\s))|\s+{_TIME}\s*,?\s*"
)
_HAS_MODAL = re.compile(r"(?<![^\W\d_])(?:cần|phải)(?![^\W\d_])")
MODAL = re.compile(r"\s*(?:cần\s+phải|cần|phải)(?:\s+|(?=:))")
_LEAD = re.compile(
    r"(?:(?:thực\s+hiện(?:\s+tốt)?|tập\s+trung(?:\s+vào)?|quan\s+tâm|chú\s+ý|lưu\s+ý)\s+)?"
    r"(?:một\s+số|các|những)\s+(?:nội\s+dung|nhiệm\s+vụ|vấn\s+đề|giải\s+pháp|việc|yêu\s+cầu|điểm)"
    r"(?:\s+(?:trọng\s+tâm|chủ\s+yếu|cụ\s+thể|sau(?:\s+đây)?|như\s+sau))*\s*[:.]?"
)
LIST_MARK = re.compile(
    r"^(?:[-+•*–—]\s*|\(\d{1,2}\)\s*|\d{1,2}[.)]\s+|"
    r"(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\s*[,:]\s*|"
    r"Thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:]\s*)"
)
_ITEM_OPENING = re.compile(r"đồng\s+thời\s+")
_BULLET_OPENING = re.compile(r"(?:[Cc]ần\s+phải|[Cc]ần|[Pp]hải)\s+")
_ADDRESSEE = re.compile(
    r"(?:(?:lãnh\s+đạo\s+)?(?:tỉnh|thành\s+phố|huyện|thị\s+xã|quận|Trung\s+ương|các\s+cấp(?:,\s+các\s+ngành)?)"
    r"|(?:Thường\s+trực\s+|Ban\s+Thường\s+vụ\s+)?"
    r"(?:UBND|HĐND|Ủy\s+ban|Uỷ\s+ban|Tỉnh\s+[uủ][ỷy]|Thành\s+[uủ][ỷy]|Huyện\s+[uủ][ỷy])"
    r"(?:\s+(?:tỉnh|thành\s+phố|huyện|nhân\s+dân(?:\s+tỉnh|\s+thành\s+phố|\s+huyện)?))?)\s+"
    r"(?=[^\W\d_]+\s)"
)


@dataclass
class Speakers:
    """Who the text is about: the host body and the host's own officers."""

    host: str | None = None
    host_people: list[str] = field(default_factory=list)
    default_assignee: str | None = None


def _subject_body(before: str) -> str | None:
    """The body that is the subject of a clause ("Ban Thường vụ Thành đoàn kiến nghị"):
    the last body named in it, with at most three words between it and the verb."""
    clause = re.split(r"[,;:]\s*", before)[-1]
    tokens = simple_tokens(clause)
    for i in range(len(tokens) - 1, -1, -1):
        if not (tokens[i].is_capitalized and ORG_HEADS.match(clause, tokens[i].start)):
            continue
        end = scan_org(tokens, i)
        if end > i and len(tokens) - end <= 3:
            return clause[tokens[i].start : tokens[end - 1].end]
    return None


def speaker(text: str, start: int, verb_start: int, speakers: Speakers) -> str:
    """ "host" (the host or one of its officers), "leader", or "other" (not said)."""
    before = text[start:verb_start]
    if any(name in before for name in speakers.host_people):
        return "host"
    if _LEADER_SUBJECT.search(before):
        return "leader"
    body = _subject_body(before)
    if body is None:
        return "other"
    if speakers.host and same_body(body, speakers.host):
        return "host"
    return "leader"


@dataclass
class Lead:
    """A directive that announces a list: its assignee and its confidence."""

    assignee: str | None
    confidence: float


def _after_assignee(text: str, after: int, end: int) -> int:
    """Where the task starts after its assignee: past a modal ("cần"), or past an
    adverbial clause, which keeps its modal ("..., trong quá trình ... cần lưu ý")."""
    rest = text[after:end]
    skip = _ADVERBIAL.match(rest)
    if skip:
        return after + skip.end()
    modal = MODAL.match(rest)
    return after + modal.end() if modal else after


def _own_assignee(text: str, item: Item, tokens) -> tuple[str, Item] | None:
    """ "...; các Ban HĐND tỉnh tổ chức thẩm tra ...": an item that names its own assignee."""
    found = assignee_at(text, item.start, tokens)
    if not found:
        return None
    name, after = found
    after = _after_assignee(text, after, item.end)
    rest = text[after : item.end].lstrip()
    if not rest[:1].islower() or rest.startswith(("và ", "của ", "với ")):
        return None
    task = trimmed(text, after, item.end)
    return (name, task) if task else None


def _strip_opening(text: str, item: Item, opening_words: re.Pattern = _ITEM_OPENING) -> Item:
    opening = opening_words.match(text, item.start, item.end)
    if not opening:
        return item
    return trimmed(text, opening.end(), item.end) or item


def directives_in_sentence(
    text: str, sentence: Sentence, reference, speakers: Speakers
) -> tuple[list[Directive], Lead | None]:
    """Directives of a sentence; a Lead when the sentence opens a list."""
    found: list[Directive] = []
    lead = None
    tokens = words(sentence.text, sentence.start)
    cursor = sentence.start
    verbs = list(DIRECTIVE_VERB.finditer(text, sentence.start, sentence.end))
    for n, verb in enumerate(verbs):
        if verb.start() < cursor:
            continue
        after = verb.end()
        skip = _AFTER_VERB.match(text, after, sentence.end)
        if skip:
            after = skip.end()
        while after < sentence.end and text[after].isspace():
            after += 1
        found_assignee = assignee_at(text, after, tokens)
        if found_assignee is None and verb.group(0).startswith("nhấn"):
            continue  # "nhấn mạnh" directs only with an assignee: "nhấn mạnh, X cần ..."
        name, confidence = speakers.default_assignee, UNNAMED
        if found_assignee:
            name, after = found_assignee
            confidence = STATED
            after = _after_assignee(text, after, sentence.end)
        stop = _run_end(text, verbs[n + 1 :], after, sentence.end)
        rest = text[after:stop].strip()
        if not rest or rest.endswith(":") or _LEAD.fullmatch(rest):
            lead = Lead(name, LISTED if found_assignee else UNNAMED)
            cursor = stop
            continue
        colon = text.find(":", after, stop)
        if colon != -1 and len(text[after:colon].split()) <= 6:
            after = colon + 1  # "tập trung: (1) ...; (2) ..."
        found.extend(_run_items(text, after, stop, name, confidence, reference, tokens))
        cursor = stop
    return found, lead


def _run_end(text: str, later_verbs, after: int, end: int) -> int:
    """A later directive verb after a semicolon starts its own run."""
    for later in later_verbs:
        semicolon = text.rfind(";", after, later.start())
        if semicolon == -1:
            continue
        between = text[semicolon + 1 : later.start()].strip(" ,")
        if not between.replace("đồng thời", "").strip():
            return semicolon
    return end


def _run_items(text, start, stop, name, confidence, reference, tokens) -> list[Directive]:
    """The tasks of a run; an item may name its own assignee, the first one too when
    the run has none ("đề nghị: UBND huyện ...; Ủy ban MTTQ huyện ...")."""
    found = []
    for item in split_items(text, start, stop):
        item = _strip_opening(text, item)
        own = _own_assignee(text, item, tokens) if found or confidence == UNNAMED else None
        if own:
            found.append(make_directive(text, own[1], own[0], reference, STATED))
        else:
            found.append(make_directive(text, item, name, reference, confidence))
    return found


def verbless_directives(text: str, sentence: Sentence, reference) -> list[Directive]:
    """ "Các Ban HĐND tỉnh cần chủ động ...", "Đồng thời, Hội cần ...": a task set
    without a verb, in the conclusion or right after a directive."""
    if not _HAS_MODAL.search(sentence.text):
        return []  # no "cần" / "phải": no task, and no need to segment the sentence
    tokens = words(sentence.text, sentence.start)
    connective = _CONNECTIVE.match(text, sentence.start, sentence.end)
    start = connective.end() if connective else sentence.start
    found = assignee_at(text, start, tokens)
    if not found:
        return []
    name, after = found
    rest = text[after : sentence.end]
    skip = _ADVERBIAL.match(rest)
    if skip:
        after += skip.end()
    modal = MODAL.match(text, after, sentence.end)
    if not modal:
        return []
    return _run_items(text, modal.end(), sentence.end, name, VERBLESS, reference, tokens)


def list_item(text: str, line: Line, lead: Lead, reference) -> Directive | None:
    """A bullet or an ordinal paragraph ("Hai là, ...") of a list opened by a lead."""
    stripped = line.text.lstrip()
    mark = LIST_MARK.match(stripped)
    if not mark:
        return None
    start = line.start + len(line.text) - len(stripped) + mark.end()
    item = trimmed(text, start, line.end)
    if item is None:
        return None
    item = _strip_opening(text, item, _BULLET_OPENING)
    return make_directive(text, item, lead.assignee, reference, lead.confidence)


def requests_in_sentence(text: str, sentence: Sentence, confidence: float) -> list[Recommendation]:
    """Requests raised in a sentence: "Tỉnh đoàn kiến nghị UBND tỉnh A; B"."""
    verb = REQUEST_VERB.search(text, sentence.start, sentence.end)
    if not verb:
        return []
    after = verb.end()
    addressee = _ADDRESSEE.match(text, after)
    if addressee:
        after = addressee.end()
    found = []
    for item in _request_items(text, after, sentence.end):
        again = REQUEST_VERB.match(text, item.start, item.end)
        if again:
            start = again.end()
            addressee = _ADDRESSEE.match(text, start)
            item = trimmed(text, addressee.end() if addressee else start, item.end) or item
        found.append(Recommendation(item.text, item.start, item.end, confidence))
    return found


def _request_items(text: str, start: int, end: int) -> list[Item]:
    """Requests of a run, cut at semicolons and at ", đồng thời"."""
    items = []
    for item in split_items(text, start, end):
        cursor = item.start
        for joint in re.finditer(r",\s+đồng\s+thời\s+", text[item.start : item.end]):
            part = trimmed(text, cursor, item.start + joint.start())
            if part:
                items.append(part)
            cursor = item.start + joint.end()
        part = trimmed(text, cursor, item.end)
        if part:
            items.append(part)
    return items


def asks_only(verb_text: str) -> bool:
    return bool(_ASKING_ONLY.match(verb_text))
