"""The parts of an article or notice: head, title, date line, body, byline, sections."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


@dataclass
class Layout:
    lines: list[Line]
    title: str | None = None
    title_index: int | None = None
    published: datetime.date | None = None
    published_index: int | None = None
    author: str | None = None
    author_index: int | None = None
    is_notice: bool = False
    body: list[Line] = field(default_factory=list)
    conclusion_start: int | None = None  # offset where the leader's conclusion begins
    dateline_end: int | None = None  # end of "Hà Lĩnh, ngày 12/5/2023 - " opening the body


def split_lines(text: str) -> list[Line]:
    lines = []
    start = 0
    for part in text.split("\n"):
        lines.append(Line(part, start, start + len(part)))
        start += len(part) + 1
    return lines


_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”)]?\s+(?=[\"“(]?[^\W\d_])")


def sentences(line: Line) -> list[Sentence]:
    """Sentences of a paragraph: a full stop followed by a capitalized word."""
    result = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(line.text):
        following = line.text[match.end() : match.end() + 1]
        if not following.isupper():
            continue
        chunk = line.text[start : match.start()]
        if chunk.strip():
            result.append(Sentence(chunk, line.start + start, line.start + match.start()))
        start = match.end()
    chunk = line.text[start:]
    if chunk.strip():
        result.append(Sentence(chunk, line.start + start, line.end))
    return result


# --- Date line -----------------------------------------------------------------

_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


_ADDRESS = re.compile(r"^https?://\S+$")
_ADDRESS_DATE = re.compile(r"(?<!\d)(20\d{2})[/-]?(\d{2})[/-]?(\d{2})(?!\d{3}[^\d])")


def parse_date_line(text: str) -> datetime.date | None:
    """The date of a page's date line, a notice's place-date line, or the page's
    address when it carries one (".../tin-20211116083512.htm")."""
    text = text.strip()
    if _ADDRESS.match(text):
        for match in _ADDRESS_DATE.finditer(text):
            year, month, day = (int(part) for part in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                continue
        return None
    if len(text) > 90 or len(text.split()) > 14:
        return None
    for pattern, order in ((_LONG_DATE, "dmy"), (_DMY, "dmy"), (_ISO_DATE, "ymd")):
        match = pattern.search(text)
        if match:
            a, b, c = (int(part) for part in match.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            try:
                return datetime.date(year, month, day)
            except ValueError:
                return None
    return None


# --- Head of an administrative document ------------------------------------------

_DOCUMENT_KINDS = re.compile(
    r"^(?:THÔNG BÁO|BÁO CÁO|KẾT LUẬN|BIÊN BẢN|QUYẾT ĐỊNH|KẾ HOẠCH|CÔNG VĂN|TỜ TRÌNH|"
    r"CHƯƠNG TRÌNH|CHỈ THỊ|NGHỊ QUYẾT|HƯỚNG DẪN)(?:\s+KẾT\s+LUẬN)?$"
)
_ADMIN_HEADER = re.compile(
    r"^(?:CỘNG\s+HO[ÀA]|Độc\s+lập|ĐOÀN\s+TNCS|Số\s*:|\*+$|-{3,}|_{3,}|BCH\b)", re.IGNORECASE
)
_SIGNATURE = re.compile(r"^(?:KT|TM|TL|Q|TUQ)\s*\.\s|^Nơi\s+nhận\b", re.IGNORECASE)


def _is_shouting(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _title_like(text: str) -> bool:
    words = text.split()
    return 3 <= len(words) <= 40 and not text.rstrip().endswith((".", ":", ";", ","))


# --- Byline -----------------------------------------------------------------------

_BYLINE_PREFIX = re.compile(
    r"^(?:(?:Bài|Tin|Ảnh)(?:\s*(?:,|và)\s*(?:ảnh|bài|tin))?\s*:|Theo\s+|Nguồn\s*:|PV\s*:)\s*",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"^[A-ZĐ][a-zđ]?(?:\.\s?[A-ZĐ][a-zđ]?)+\.?$")
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]*$")


def parse_byline(text: str) -> str | None:
    """The author of a byline; several names may be joined by a dash or a comma."""
    text = _BYLINE_PREFIX.sub("", text.strip())
    names = re.split(r"\s+[-–]\s+|\s*,\s*", text)
    if len(names) > 1 and all(_one_byline(name) for name in names):
        return text
    return _one_byline(text)


def _one_byline(text: str) -> str | None:
    text = re.sub(r"\s*\((?:[^()]*)\)\s*$", "", text).strip()  # "(TTXVN)", "(tổng hợp)"
    if not text or len(text) > 40 or any(ch.isdigit() for ch in text):
        return None
    if text.endswith((".", ":", ";", ",")) and not _INITIALS.match(text):
        return None
    if _INITIALS.match(text):
        return text
    words = text.split()
    if not 1 <= len(words) <= 5:
        return None
    if _is_shouting(text) and all(w.replace("-", "").replace(".", "").isalpha() for w in words):
        return text
    if 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words):
        return text
    return None


# --- Putting it together ----------------------------------------------------------

_RELATED = re.compile(
    r"^(?:Tin|Bài|Xem)\s+(?:liên\s+quan|cùng\s+chuyên\s+mục|thêm)\s*:?$", re.IGNORECASE
)


def _related_links(lines: list[Line], indices: list[int]) -> set[int]:
    """Lines of a "Tin liên quan" block: the heading and the headlines after it."""
    dropped: set[int] = set()
    for n, i in enumerate(indices):
        if not _RELATED.match(lines[i].text.strip()):
            continue
        dropped.add(i)
        for j in indices[n + 1 :]:
            headline = lines[j].text.strip().lstrip("-•* ").strip()
            if headline.endswith((".", ":", ";")) or len(headline.split()) > 25:
                break
            if j - i > 1 and not lines[j - 1].text.strip() and j != indices[n + 1]:
                break  # a blank line ends the block
            dropped.add(j)
    return dropped


# "Hà Lĩnh, ngày 12/5/2023 - ", "Lạng Sơn, 12/5 (TTXVN) - ": the place and date of a report.
_DATELINE = re.compile(
    r"^[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*){0,3},\s*(?:ngày\s+)?"
    r"(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})(?:\s*[/.\-]\s*(?P<year>\d{4}))?"
    r"\s*(?:\([^()]{1,20}\)\s*)?[-–—]\s*"
)


def _read_dateline(layout: Layout) -> None:
    if not layout.body:
        return
    first = layout.body[0]
    match = _DATELINE.match(first.text)
    if not match:
        return
    layout.dateline_end = first.start + match.end()
    if layout.published is None and match.group("year"):
        try:
            layout.published = datetime.date(
                int(match.group("year")), int(match.group("month")), int(match.group("day"))
            )
        except ValueError:
            pass


_CONCLUSION = re.compile(
    r"[Kk]ết\s+luận(?:\s+buổi\s+làm\s+việc|\s+như\s+sau|\s+hội\s+nghị|\s+tại)?|"
    r"[Pp]hát\s+biểu\s+(?:chỉ\s+đạo|kết\s+luận)|[Cc]hỉ\s+đạo\s+như\s+sau"
)


def analyse(text: str) -> Layout:
    lines = split_lines(text)
    layout = Layout(lines=lines)
    nonempty = [i for i, line in enumerate(lines) if line.text.strip()]
    head = nonempty[:14]

    kind_index = next((i for i in head if _DOCUMENT_KINDS.match(lines[i].text.strip())), None)
    layout.is_notice = kind_index is not None or any(
        _ADMIN_HEADER.match(lines[i].text.strip()) for i in head[:6]
    )

    for i in head:
        date = parse_date_line(lines[i].text)
        if date is not None:
            layout.published, layout.published_index = date, i
            break

    if kind_index is not None:
        following = [i for i in nonempty if i > kind_index]
        if following:
            layout.title_index = following[0]
    else:
        for i in head[:5]:
            candidate = lines[i].text.strip()
            if i == layout.published_index or _ADMIN_HEADER.match(candidate):
                continue
            if _title_like(candidate):
                layout.title_index = i
                break
    if layout.title_index is not None:
        layout.title = lines[layout.title_index].text.strip()

    head_end = max(
        [i for i in (layout.title_index, layout.published_index, kind_index) if i is not None],
        default=-1,
    )
    body_indices = [i for i in nonempty if i > head_end]
    related = _related_links(lines, body_indices)
    body_indices = [i for i in body_indices if i not in related]
    for i in nonempty[:6]:
        byline = _BYLINE_PREFIX.match(lines[i].text.strip()) and parse_byline(lines[i].text)
        if i != layout.title_index and byline:
            layout.author = byline
            body_indices = [j for j in body_indices if j != i]
            break

    signature = next((i for i in body_indices if _SIGNATURE.match(lines[i].text.strip())), None)
    if signature is not None:
        layout.is_notice = True
        body_indices = [i for i in body_indices if i < signature]
    elif body_indices and not layout.is_notice and layout.author is None:
        last = body_indices[-1]
        author = parse_byline(lines[last].text)
        if author is not None:
            layout.author, layout.author_index = author, last
            body_indices = body_indices[:-1]

    layout.body = [lines[i] for i in body_indices]
    _read_dateline(layout)
    for line in layout.body:
        match = _CONCLUSION.search(line.text)
        if match:
            layout.conclusion_start = line.start + match.start()
            break
    return layout
