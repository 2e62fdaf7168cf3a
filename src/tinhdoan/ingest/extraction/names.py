"""Bodies (cơ quan, tổ chức), positions (chức vụ) and the people who hold them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Line
from .lexicon import COMMITTEE_PREFIX, ORG_HEADS, ORG_LOWER_WORDS, POSITION_HEAD, SURNAMES
from .tokens import Token, words

_DASHES = ("-", "–", "—")


def _next_is_capitalized_word(tokens: list[Token], k: int) -> bool:
    return k < len(tokens) and tokens[k].is_word and tokens[k].is_capitalized


def scan_org(tokens: list[Token], i: int) -> int:
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
        elif token.lower in ORG_LOWER_WORDS:
            j += 1
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
    if POSITION_HEAD.match(name) or ORG_HEADS.match(name):
        return False
    if strict:
        return len(syllables) >= 3 and syllables[0] in SURNAMES
    return True


def _positions_after(text: str, tokens: list[Token], k: int) -> tuple[list[str], int, int]:
    """Positions listed from tokens[k] on: ", Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"."""
    positions: list[str] = []
    end_offset = tokens[k - 1].end if k else 0
    while k + 1 < len(tokens) and tokens[k].text in (",", "(", *_DASHES):
        start = tokens[k + 1].start
        head = POSITION_HEAD.match(text, start)
        if not head:
            break
        next_index = next((n for n, t in enumerate(tokens) if t.start >= head.end()), len(tokens))
        stop = head.end()
        if next_index < len(tokens) and tokens[next_index].start - head.end() <= 1:
            org_end = scan_org(tokens, next_index)
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


def _people_in_line(text: str, line: Line) -> list[Person]:
    tokens = words(line.text, line.start)
    people: list[Person] = []
    consumed_until = -1
    for i, token in enumerate(tokens):
        if token.start < consumed_until:
            continue
        if token.lower in _PERSON_TRIGGERS or token.lower in ("đ/c",):
            k = i + 1
            name_tokens: list[Token] = []
            while k < len(tokens) and tokens[k].is_word and tokens[k].is_capitalized:
                if POSITION_HEAD.match(tokens[k].text) or ORG_HEADS.match(tokens[k].text):
                    break
                name_tokens.append(tokens[k])
                k += 1
            if not name_tokens:
                continue
            name = text[name_tokens[0].start : name_tokens[-1].end]
            if not _is_person_name(name, strict=False):
                continue
            positions, end, k = _positions_after(text, tokens, k)
            people.append(
                Person(name, positions, name_tokens[0].start, max(end, name_tokens[-1].end))
            )
            consumed_until = max(end, name_tokens[-1].end)
            continue
        head = POSITION_HEAD.match(text, token.start)
        if head and token.is_capitalized:
            person = _position_then_name(text, tokens, i, head.end())
            if person:
                people.append(person)
                consumed_until = person.end
    return people


def _position_then_name(text: str, tokens: list[Token], i: int, head_end: int) -> Person | None:
    """ "Phó Chủ tịch UBND tỉnh Nguyễn Văn An": a position, then a full name."""
    k = next((n for n, t in enumerate(tokens) if t.start >= head_end), len(tokens))
    if k >= len(tokens) or tokens[k].start - head_end > 1:
        return None
    end = scan_org(tokens, k)
    for split in range(end - 1, k - 1, -1):
        name = text[tokens[split].start : tokens[end - 1].end]
        if _is_person_name(name, strict=True):
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

_HOST_TRIGGER = re.compile(r"(?:làm\s+việc|thăm)\s+(?:với|tại)\s+")
_PLACE_AFTER_UNIT = re.compile(
    r"(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|đoàn|[uủ][ỷy])\s+([^\W\d_]+)"
)


def org_core(org: str) -> str:
    """The body behind a committee: "Ban Thường vụ Tỉnh đoàn" -> "Tỉnh đoàn"."""
    return COMMITTEE_PREFIX.sub("", org)


def _names_a_place(org: str) -> bool:
    return any(m.group(1)[0].isupper() for m in _PLACE_AFTER_UNIT.finditer(org))


def find_host(text: str, lines: list[Line]) -> tuple[str, int, int] | None:
    """The body the leaders work with ("làm việc với Ban Thường vụ Thành đoàn").

    The standing committee of a body named with its place is recorded as the
    body itself ("Ban Thường vụ Tỉnh đoàn Lạng Sơn" -> "Tỉnh đoàn Lạng Sơn");
    an unnamed one stays as written.
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
            return org, start, end
    return None
