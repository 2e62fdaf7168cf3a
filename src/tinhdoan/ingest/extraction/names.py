"""Bodies (cơ quan, tổ chức), positions (chức vụ) and the people who hold them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Line
from .lexicon import (
    ABBREVIATIONS,
    COMMITTEE_PREFIX,
    ORG_HEADS,
    ORG_LOWER_WORDS,
    POSITION_HEAD,
    POSITION_LOWER_WORDS,
    SURNAMES,
)
from .tokens import Token, words

_DASHES = ("-", "–", "—")


def _next_is_capitalized_word(tokens: list[Token], k: int) -> bool:
    return k < len(tokens) and tokens[k].is_word and tokens[k].is_capitalized


# "Đảng ủy Khối các cơ quan tỉnh", "Đoàn Khối các doanh nghiệp".
_GROUPS_IN_A_NAME = frozenset({"cơ quan", "doanh nghiệp"})


def scan_org(tokens: list[Token], i: int, lower_words: frozenset[str] = ORG_LOWER_WORDS) -> int:
    """End index (exclusive) of the body name starting at tokens[i]; i when none.

    A body name is capitalized words ("Sở Giáo dục và Đào tạo", "Tỉnh đoàn
    Lạng Sơn") and the lowercase words of administrative units ("UBND tỉnh",
    "Ủy ban nhân dân thành phố"); it stops at the first other word.
    """
    if not _next_is_capitalized_word(tokens, i):
        return i
    j = i + 1
    while j < len(tokens):
        token = tokens[j]
        previous = tokens[j - 1]
        if token.start - previous.end > 1:
            break  # a line break or double space inside the phrase
        if token.is_word and token.is_capitalized:
            j += 1
        elif token.lower in lower_words:
            j += 1
        elif token.lower == "đoàn" and previous.text == "Đảng":
            j += 1  # "Đảng đoàn Hội LHPN tỉnh"
        elif token.lower == "các" and (
            _next_is_capitalized_word(tokens, j + 1)
            or (j + 1 < len(tokens) and tokens[j + 1].lower in _GROUPS_IN_A_NAME)
        ):
            j += 2  # "Công đoàn các Khu công nghiệp tỉnh", "Đoàn Khối các cơ quan tỉnh"
        elif token.text in _DASHES and _next_is_capitalized_word(tokens, j + 1):
            j += 2
        elif (
            token.lower == "và"
            and _next_is_capitalized_word(tokens, j + 1)
            and not ORG_HEADS.match(tokens[j + 1].text)
            and not POSITION_HEAD.match(tokens[j + 1].text)
        ):
            j += 2
        else:
            break
    return j


def _scan_position_body(tokens: list[Token], i: int) -> int:
    """End of the body a position belongs to, which may open with a lowercase word
    ("Đại biểu Quốc hội khóa XV", "Phó Trưởng Đoàn đại biểu Quốc hội chuyên trách tỉnh")."""
    j = i
    while j < len(tokens) and tokens[j].lower in POSITION_LOWER_WORDS:
        if j > i and tokens[j].start - tokens[j - 1].end > 1:
            return j
        j += 1
    if j == i or _next_is_capitalized_word(tokens, j):
        end = scan_org(tokens, j, POSITION_LOWER_WORDS)
        return end if end > j else j
    return j


def org_at(text: str, tokens: list[Token], offset: int) -> tuple[str, int, int] | None:
    """The body name that starts at a character offset, as (text, start, end)."""
    index = next((k for k, t in enumerate(tokens) if t.start >= offset), None)
    if index is None or tokens[index].start - offset > 1:
        return None
    end = scan_org(tokens, index)
    if end == index:
        return None
    start, stop = tokens[index].start, tokens[end - 1].end
    return text[start:stop], start, stop


def split_orgs(phrase: str) -> list[str]:
    """ "Sở Nội vụ, Sở Tài chính và Sở Y tế" -> three bodies."""
    parts = re.split(r"\s*,\s*|\s+và\s+(?=" + ORG_HEADS.pattern + ")", phrase)
    return [part.strip() for part in parts if part and part.strip()]


# --- People -----------------------------------------------------------------------


@dataclass
class Person:
    name: str
    positions: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0


_PERSON_TRIGGERS = frozenset({"đồng chí", "ông", "bà", "đ/c"})
_NAME_SYLLABLE = re.compile(r"^[^\W\d_][^\W\d_']*$")


def _is_person_name(name: str, *, strict: bool) -> bool:
    syllables = name.split()
    if not 2 <= len(syllables) <= 5:
        return False
    if not all(_NAME_SYLLABLE.match(s) and s[0].isupper() for s in syllables):
        return False
    if any(s.isupper() and len(s) > 1 for s in syllables):
        return False  # an acronym ("UBND") is not part of a name
    if POSITION_HEAD.match(name) or (ORG_HEADS.match(name) and syllables[0] not in SURNAMES):
        return False
    if strict:
        return len(syllables) >= 3 and syllables[0] in SURNAMES
    return True


def _positions_after(text: str, tokens: list[Token], k: int) -> tuple[list[str], int, int]:
    """Positions listed from tokens[k] on: ", Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"."""
    positions: list[str] = []
    end_offset = tokens[k - 1].end if k else 0
    while k + 1 < len(tokens) and (
        tokens[k].text in (",", "(", *_DASHES) or tokens[k].lower == "kiêm"
    ):
        start = tokens[k + 1].start
        head = POSITION_HEAD.match(text, start)
        if not head:
            break
        next_index = next((n for n, t in enumerate(tokens) if t.start >= head.end()), len(tokens))
        stop = head.end()
        if next_index < len(tokens) and tokens[next_index].start - head.end() <= 1:
            org_end = _scan_position_body(tokens, next_index)
            if org_end > next_index:
                stop = tokens[org_end - 1].end
                next_index = org_end
        positions.append(text[start:stop])
        end_offset = stop
        k = next_index
        if k < len(tokens) and tokens[k].text == ")":
            end_offset = tokens[k].end
            k += 1
            break
    return positions, end_offset, k


def _is_trigger(tokens: list[Token], i: int) -> bool:
    """ "đồng chí", "ông", "bà", or "đ/c" (which segmentation cuts into three tokens)."""
    if tokens[i].lower in _PERSON_TRIGGERS:
        return True
    return (
        tokens[i].lower == "c"
        and i >= 2
        and tokens[i - 1].text == "/"
        and tokens[i - 2].lower == "đ"
    )


def _name_after(tokens: list[Token], k: int) -> list[Token]:
    """The capitalized words of a name from tokens[k]; a surname that is also a body's
    first word ("Đoàn Minh Khôi") is a name when it opens a name of three syllables."""
    name_tokens: list[Token] = []
    while k < len(tokens) and tokens[k].is_word and tokens[k].is_capitalized:
        token = tokens[k]
        if POSITION_HEAD.match(token.text) or ORG_HEADS.match(token.text):
            surname = token.text.split()[0]
            whole_name = len(token.text.split()) >= 2 or _next_is_capitalized_word(tokens, k + 1)
            if name_tokens or surname not in SURNAMES or not whole_name:
                break
        name_tokens.append(token)
        k += 1
    return name_tokens


def _appositive_at(tokens: list[Token], i: int) -> bool:
    """A full name right after a list separator, followed by its position:
    "các đồng chí: Trình Văn Nghĩa, Phó Bí thư ...; Đậu Thị Lan, ..."."""
    return i > 0 and tokens[i - 1].text in (":", ";") and tokens[i].is_capitalized


def _people_in_line(text: str, line: Line) -> list[Person]:
    tokens = words(line.text, line.start)
    people: list[Person] = []
    consumed_until = -1
    for i, token in enumerate(tokens):
        if token.start < consumed_until:
            continue
        trigger = _is_trigger(tokens, i)
        if trigger or _appositive_at(tokens, i):
            k = i + 1 if trigger else i
            name_tokens = _name_after(tokens, k)
            if not name_tokens:
                continue
            k += len(name_tokens)
            name = text[name_tokens[0].start : name_tokens[-1].end]
            if not _is_person_name(name, strict=not trigger):
                continue
            positions, end, k = _positions_after(text, tokens, k)
            if not trigger and not positions:
                continue
            people.append(
                Person(name, positions, name_tokens[0].start, max(end, name_tokens[-1].end))
            )
            consumed_until = max(end, name_tokens[-1].end)
            continue
        head = POSITION_HEAD.match(text, token.start)
        if head and token.is_capitalized:
            person = _position_then_name(text, tokens, i, head.end())
            if person:
                person.positions[:0] = _positions_before(text, tokens, i)
                people.append(person)
                consumed_until = person.end
    return people


def _positions_before(text: str, tokens: list[Token], i: int) -> list[str]:
    """Positions listed before the one that precedes a name, joined by commas:
    "Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Đảng ủy Khối ... Lương Thị Thanh Nhàn"."""
    found: list[str] = []
    end = i
    while end >= 2 and tokens[end - 1].text == ",":
        start = next(
            (
                k
                for k in range(end - 2, max(end - 12, -1), -1)
                if tokens[k].is_capitalized
                and POSITION_HEAD.match(text, tokens[k].start)
                and (k == 0 or tokens[k - 1].text in (",", ":") or not tokens[k - 1].is_capitalized)
            ),
            None,
        )
        if start is None or _scan_position_end(text, tokens, start) != end - 1:
            break
        found.insert(0, text[tokens[start].start : tokens[end - 2].end])
        end = start
    return found


def _scan_position_end(text: str, tokens: list[Token], k: int) -> int:
    head = POSITION_HEAD.match(text, tokens[k].start)
    after = next((n for n, t in enumerate(tokens) if t.start >= head.end()), len(tokens))
    if after < len(tokens) and tokens[after].start - head.end() <= 1:
        return _scan_position_body(tokens, after)
    return after


def _position_then_name(text: str, tokens: list[Token], i: int, head_end: int) -> Person | None:
    """ "Phó Chủ tịch UBND tỉnh Nguyễn Văn An": a position, then a full name."""
    k = next((n for n, t in enumerate(tokens) if t.start >= head_end), len(tokens))
    if k >= len(tokens) or tokens[k].start - head_end > 1:
        return None
    end = scan_org(tokens, k)
    for split in range(end - 1, k - 1, -1):
        name = text[tokens[split].start : tokens[end - 1].end]
        if _is_person_name(name, strict=True) and split > k:
            position_end = tokens[split - 1].end if split > k else head_end
            position = text[tokens[i].start : position_end]
            return Person(name, [position], tokens[i].start, tokens[end - 1].end)
    return None


def find_people(text: str, body: list[Line]) -> list[Person]:
    merged: dict[str, Person] = {}
    for line in body:
        for person in _people_in_line(text, line):
            known = merged.get(person.name)
            if known is None:
                merged[person.name] = person
                continue
            for position in person.positions:
                if position not in known.positions:
                    known.positions.append(position)
            if not known.positions or (person.positions and known.start > person.start):
                known.start, known.end = person.start, person.end
    return list(merged.values())


# --- Host organization --------------------------------------------------------------

_HOST_TRIGGER = re.compile(
    r"(?:làm\s+việc|thăm)\s+(?:với|tại)\s+(?P<members>(?:các\s+)?thành\s+viên\s+)?|"
    r"(?<![^\W\d_])nghe\s+(?=[^.;]{3,80}?\s+báo\s+cáo)"
)
_PLACE_AFTER_UNIT = re.compile(
    r"(?<=[^\W\d_]\s)(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|[Đđ]oàn|[uủ][ỷy])"
    r"\s+([^\W\d_]+)"
)


def org_core(org: str) -> str:
    """The body behind a committee: "Ban Thường vụ Tỉnh đoàn" -> "Tỉnh đoàn"."""
    return COMMITTEE_PREFIX.sub("", org)


def _names_a_place(org: str) -> bool:
    return any(m.group(1)[0].isupper() for m in _PLACE_AFTER_UNIT.finditer(org))


def _expanded(org: str) -> str:
    """A body's name compared in full and lowercase, its abbreviations read out."""
    for short, full in ABBREVIATIONS.items():
        org = re.sub(rf"(?<![^\W\d_]){short}(?![^\W\d_])", full, org)
    return re.sub(r"\s+", " ", org).strip().lower().replace("uỷ", "ủy")


def same_body(a: str, b: str) -> bool:
    """ "Hội LHPN huyện" and "Hội Liên hiệp Phụ nữ huyện Mường Lập" name one body;
    a committee or a place name after the unit does not make another."""
    first, second = _expanded(org_core(a)), _expanded(org_core(b))
    if not first or not second:
        return False
    return first in second or second in first


def belongs_to_host(position: str, host: str) -> bool:
    """ "Chủ tịch LĐLĐ tỉnh" holds office in the host "Liên đoàn Lao động tỉnh"."""
    core = _expanded(org_core(host))
    core = (
        re.sub(r"\s+(?:[a-zđà-ỹ]+\s+)?[^\W\d_]+$", "", core)
        if _names_a_place(org_core(host))
        else core
    )
    return bool(core) and core in _expanded(position)


_UNIT_WORDS = frozenset({"tỉnh", "phố", "huyện", "quận", "xã", "đoàn", "ủy", "uỷ"})


def host_short_name(host: str) -> str:
    """How a text names its host in a task: "Tỉnh đoàn Trà Giang" -> "Tỉnh đoàn"."""
    core = org_core(host)
    if not _names_a_place(core):
        return core
    syllables = core.split()
    for i in range(len(syllables) - 2, 0, -1):
        place = syllables[i + 1 :]
        if syllables[i].lower() in _UNIT_WORDS and all(p[0].isupper() for p in place):
            return " ".join(syllables[: i + 1])
    return core


def find_host(text: str, lines: list[Line]) -> tuple[str, int, int] | None:
    """The body the leaders work with ("làm việc với Ban Thường vụ Thành đoàn").

    The standing committee of a body named with its place is recorded as the
    body itself ("Ban Thường vụ Tỉnh đoàn Lạng Sơn" -> "Tỉnh đoàn Lạng Sơn");
    an unnamed one stays as written. The members of a body ("thành viên UBND
    tỉnh") are recorded as written.
    """
    for line in lines:
        for match in _HOST_TRIGGER.finditer(line.text):
            tokens = words(line.text, line.start)
            found = org_at(text, tokens, line.start + match.end())
            if not found:
                continue
            org, start, end = found
            core = org_core(org)
            if core != org and _names_a_place(core):
                start += len(org) - len(core)
                org = core
            if match.group("members"):
                start = line.start + match.start("members")
                org = text[start:end].removeprefix("các ")
                start = end - len(org)
            return org, start, end
    return None
