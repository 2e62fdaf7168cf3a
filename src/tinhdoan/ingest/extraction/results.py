"""Counted results ("đạt và vượt 11/12 chỉ tiêu") and congresses ("Đại hội ... lần thứ XIII")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import Line
from .lexicon import NUMBER, ROMAN, parse_number


@dataclass(frozen=True)
class Achievement:
    text: str
    done: int
    total: int | None
    kind: str
    start: int
    end: int


_DONE_VERB = (
    r"(?:hoàn\s+thành(?:\s+và\s+hoàn\s+thành\s+vượt(?:\s+mức)?|\s+và\s+vượt|\s+tốt|"
    r"\s+xuất\s+sắc|\s+vượt\s+mức)?|thực\s+hiện\s+tốt|triển\s+khai\s+thực\s+hiện|"
    r"đạt\s+và\s+vượt|đạt,\s+vượt|đạt|vượt)"
)
_OF = r"\s*(?:/|trên|trong\s+tổng\s+số)\s*"
_PATTERNS = [
    (
        "task",
        re.compile(
            rf"(?:{_DONE_VERB}\s+)?(?:(?:toàn\s+bộ|cả|đủ)\s+)?(?P<done>{NUMBER})"
            rf"(?:{_OF}(?P<total>{NUMBER}))?\s+(?:nhóm\s+)?nhiệm\s+vụ\s+trọng\s+tâm"
        ),
    ),
    (
        "breakthrough",
        re.compile(
            rf"(?:{_DONE_VERB}\s+)?(?P<done>{NUMBER})(?:{_OF}(?P<total>{NUMBER}))?\s+"
            r"(?:nội\s+dung|khâu|nhiệm\s+vụ|chương\s+trình|lĩnh\s+vực|giải\s+pháp)\s+đột\s+phá"
        ),
    ),
    (
        "target",
        re.compile(
            rf"(?:{_DONE_VERB}\s+)(?P<done>{NUMBER})(?:{_OF}(?P<total>{NUMBER}))?\s+"
            r"(?:nhóm\s+)?chỉ\s+tiêu"
        ),
    ),
    (
        "target",
        re.compile(
            rf"(?P<done>{NUMBER})(?:{_OF}(?P<total>{NUMBER}))?\s+chỉ\s+tiêu\s+"
            r"(?:(?:đều|đã)\s+)?(?:đạt|vượt|hoàn\s+thành)[^,;.()]*"
        ),
    ),
]

# Verbs that report a counted result: "kết nạp 1.245 đoàn viên mới".
_COUNTED_VERB = (
    r"(?:kết\s+nạp|thực\s+hiện|hỗ\s+trợ|duy\s+trì|tổ\s+chức|thành\s+lập|xây\s+dựng|ra\s+mắt|"
    r"trao\s+tặng|trao|tặng|giới\s+thiệu|tập\s+hợp|tư\s+vấn|đào\s+tạo|bồi\s+dưỡng|khen\s+thưởng|"
    r"phát\s+triển|giải\s+quyết\s+việc\s+làm\s+cho|hướng\s+dẫn|thu\s+hút|tiếp\s+nhận|sửa\s+chữa|"
    r"làm\s+mới|trồng(?:\s+mới)?|tiếp\s+sức|cấp|khám\s+bệnh(?:,\s+cấp\s+thuốc)?\s+cho|"
    r"nhận\s+đỡ\s+đầu|vận\s+động|tuyên\s+truyền\s+cho|quản\s+lý|củng\s+cố|kiện\s+toàn|"
    r"giúp\s+đỡ|giúp|ký\s+kết|cấp\s+phát|kiểm\s+tra|giải\s+quyết|khởi\s+công|ban\s+hành|"
    r"thăm(?:\s+hỏi)?|hoàn\s+thành|triển\s+khai|tham\s+gia|giới\s+thiệu\s+việc\s+làm\s+cho|"
    r"tạo\s+việc\s+làm\s+cho|hiến)"
)
_STARTS_WITH_VERB = re.compile(_COUNTED_VERB + r"(?![^\W\d_])")
_COUNTED = re.compile(
    rf"(?<![^\W\d_]){_COUNTED_VERB}\s+"
    r"(?:(?:được|trên|gần|hơn|khoảng|tổng\s+số|tổng\s+cộng|mới)\s+)?"
    r"(?P<done>\d{1,3}(?:\.\d{3})+|\d+)(?:/(?P<total>\d+))?(?![\d/%,.]\d|\s*%)\s+"
    r"(?P<noun>[\"“]?[^\W\d_][^,;.:()\n]*)"
)
# A sentence that sets a plan ("Năm 2024, Hội phấn đấu ...") or tells what the visitors
# did ("Nhân dịp này, đoàn công tác đã trao tặng ...") reports no result of the host.
_PLAN = re.compile(
    r"(?<![^\W\d_])(?:đoàn\s+công\s+tác|[Nn]hân\s+dịp\s+này|phấn\s+đấu|đặt\s+mục\s+tiêu|mục\s+tiêu|dự\s+kiến|sẽ|đề\s+ra|xác\s+định)(?![^\W\d_])"
)
_NOT_COUNTED_NOUN = re.compile(
    r"^(?:năm|tháng|ngày(?!\s+hội)|lượt|tuần|giờ|phút|tỷ|triệu|nghìn|ngàn|đồng|"
    r"chỉ\s+tiêu|nhiệm\s+vụ\s+trọng\s+tâm|lần\s+thứ|km|m2|ha|tấn|kg)\b"
)
_NOUN_STOP = re.compile(
    r"\s+(?:với|trong\s+đó|tại|được|trị\s+giá|tổng\s+trị\s+giá|nhằm|để|góp\s+phần|cho|từ|đến|"
    r"qua\s+đó|và\s+(?=[^\W\d_]+\s+\d))"
)


def _clip_noun(noun: str, rest: str) -> str:
    """The counted noun up to a linking word; a short coordinated noun after a
    comma belongs to it ("38 công trình, phần việc thanh niên với ...")."""
    stop = _NOUN_STOP.search(noun)
    if stop:
        return noun[: stop.start()]
    follow = re.match(r",\s+([^\W\d_][^,;.:()\n]*)", rest)
    if follow:
        tail = follow.group(1)
        stop = _NOUN_STOP.search(tail)
        if stop and len(tail[: stop.start()].split()) <= 4 and not _STARTS_WITH_VERB.match(tail):
            return noun + rest[: follow.start(1)] + tail[: stop.start()]
    return noun


def _planned(paragraph: str, offset: int) -> bool:
    """Whether the sentence holding offset sets a plan before it."""
    sentence_start = max((m.end() for m in re.finditer(r"[.!?]\s", paragraph[:offset])), default=0)
    return bool(_PLAN.search(paragraph, sentence_start, offset))


def find_achievements(text: str, lines: list[Line]) -> list[Achievement]:
    found: list[Achievement] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for line in lines:
        for kind, pattern in _PATTERNS:
            for match in pattern.finditer(line.text):
                start, end = line.start + match.start(), line.start + match.end()
                done = parse_number(match.group("done"))
                if done is None or not free(start, end) or _planned(line.text, match.start()):
                    continue
                total = parse_number(match.group("total")) if match.group("total") else None
                snippet = text[start:end].rstrip()
                found.append(Achievement(snippet, done, total, kind, start, start + len(snippet)))
                taken.append((start, end))
        for match in _COUNTED.finditer(line.text):
            noun = match.group("noun")
            if _NOT_COUNTED_NOUN.match(noun):
                continue
            rest = line.text[match.end() :]
            noun = " ".join(_clip_noun(noun, rest).split()[:12])
            start = line.start + match.start()
            end = line.start + match.start("noun") + len(noun)
            if not free(start, end) or _planned(line.text, match.start()):
                continue
            total = match.group("total")
            found.append(
                Achievement(
                    text[start:end],
                    int(match.group("done").replace(".", "")),
                    int(total) if total else None,
                    "other",
                    start,
                    end,
                )
            )
            taken.append((start, end))
    found.sort(key=lambda a: a.start)
    return found


# --- Congresses --------------------------------------------------------------------


@dataclass(frozen=True)
class Congress:
    text: str
    ordinal: str | None
    term: str | None
    start: int
    end: int


_FREE_WORD = r"(?:(?![Đđ]ại\s+hội|các\s+cấp)[^\s,;.:()]+\s+)"
_TERM = r"nhiệm\s+kỳ\s+(?P<from>\d{4})\s*[-–—]\s*(?P<to>\d{4})"
_ORDINAL_WORDS = r"(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười[^\s,;.]*)"
_CONGRESS_PATTERNS = [
    re.compile(
        rf"[Đđ]ại\s+hội\s+{_FREE_WORD}{{0,14}}?lần\s+thứ\s+(?P<ordinal>{ROMAN}|\d+|{_ORDINAL_WORDS})"
        rf"(?![^\W\d_])(?:\s*(?:,|\()?\s*{_TERM}\)?)?"
    ),
    re.compile(rf"[Đđ]ại\s+hội\s+{_FREE_WORD}{{0,6}}?các\s+cấp(?![^\W\d_])"),
    re.compile(r"[Đđ]ại\s+hội\s+cơ\s+sở(?:\s+(?:Hội|Đoàn|hội|đoàn))?(?![^\W\d_])"),
    re.compile(
        rf"[Đđ]ại\s+hội\s+{_FREE_WORD}{{0,4}}?cấp\s+(?:cơ\s+sở|xã|huyện|tỉnh)"
        r"(?:\s*,\s*cấp\s+(?:cơ\s+sở|xã|huyện|tỉnh))*(?![^\W\d_])"
    ),
    re.compile(rf"[Đđ]ại\s+hội\s+{_FREE_WORD}{{0,10}}?{_TERM}"),
]


def find_congresses(text: str, lines: list[Line]) -> list[Congress]:
    found: list[Congress] = []
    taken: list[tuple[int, int]] = []
    for line in lines:
        for pattern in _CONGRESS_PATTERNS:
            for match in pattern.finditer(line.text):
                start, end = line.start + match.start(), line.start + match.end()
                if any(not (end <= s or start >= e) for s, e in taken):
                    continue
                groups = match.groupdict()
                term = f"{groups['from']}-{groups['to']}" if groups.get("from") else None
                ordinal = groups.get("ordinal")
                bare = re.match(r"[Đđ]ại\s+hội\s+nhiệm\s+kỳ", match.group(0))
                if bare:
                    # "cơ sở Đoàn tổ chức thành công đại hội nhiệm kỳ ...": whose
                    # congress it is stands before it, from the start of the clause.
                    before = line.text[: match.start()]
                    cut = max((m.end() for m in re.finditer(r"[;:.]\s*", before)), default=0)
                    start = line.start + cut
                found.append(Congress(text[start:end], ordinal, term, start, end))
                taken.append((start, end))
    found.sort(key=lambda c: c.start)
    return found
