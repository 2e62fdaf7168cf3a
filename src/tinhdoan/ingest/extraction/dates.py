"""Dates in the text: the meeting day, the period reviewed, deadlines."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from .layout import Line

# --- Meeting day -----------------------------------------------------------------

_PART_OF_DAY = r"(?:[Ss]áng|[Cc]hiều|[Tt]rưa|[Tt]ối|[Đđ]êm)"
_WEEKDAY = r"(?:thứ\s+(?:[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy)|[Cc]hủ\s+nhật)"
_DAY_MONTH = (
    r"(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})(?:\s*[/.\-]\s*(?P<year>\d{4}))?(?![\d/.\-]\d)"
)
_LONG = r"(?P<lday>\d{1,2})\s+tháng\s+(?P<lmonth>\d{1,2})(?:\s+năm\s+(?P<lyear>\d{4}))?"

MEETING_DAY = re.compile(
    r"(?<![^\W_])(?<!trước )(?<!đến )(?<!từ )(?<!sau )(?<!hạn )"
    r"(?:"
    # "Sáng nay (9/1)", "Chiều qua", "Hôm nay (15-12)"
    rf"(?P<relative>(?:{_PART_OF_DAY}|[Hh]ôm)\s+(?P<rel>nay|qua))"
    rf"(?:\s*\(\s*(?:{_WEEKDAY}\s*,?\s*)?(?:ngày\s+)?{_DAY_MONTH}\s*\))?"
    "|"
    # "Sáng 9-1", "Chiều thứ Sáu (15/12)", "Ngày 16/01/2024", "Sáng ngày 3 tháng 4"
    rf"(?P<absolute>(?:{_PART_OF_DAY}|[Nn]gày|[Vv]ào\s+ngày)"
    rf"(?:\s+{_WEEKDAY})?\s*,?\s*(?:\(\s*)?(?:ngày\s+)?(?:{_LONG}|"
    + _DAY_MONTH.replace("?P<day>", "?P<aday>")
    .replace("?P<month>", "?P<amonth>")
    .replace("?P<year>", "?P<ayear>")
    + r")\)?)"
    "|"
    # "Trong 2 ngày 14 và 15/3", "Ngày 14 và 15-3-2023": a visit of several days, from its first
    r"(?P<span>(?:[Tt]rong\s+(?:\d|hai|ba)\s+ngày|[Nn]gày)\s+(?P<sday>\d{1,2})\s*(?:và|,|-|–|đến)\s*"
    r"\d{1,2}\s*[/.\-]\s*(?P<smonth>\d{1,2})(?:\s*[/.\-]\s*(?P<syear>\d{4}))?(?![\d/.\-]\d))"
    r")"
)


@dataclass(frozen=True)
class DayMention:
    text: str
    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None
    relative: str | None  # "nay" (the page's day) or "qua" (the day before)


def find_meeting_day(body: list[Line], after: int = 0) -> DayMention | None:
    """The first day named in the body from offset ``after`` (past a dateline)."""
    for line in body:
        if line.end <= after:
            continue
        match = MEETING_DAY.search(line.text, max(0, after - line.start))
        if not match:
            continue
        groups = match.groupdict()
        day = groups["day"] or groups["aday"] or groups["lday"] or groups["sday"]
        month = groups["month"] or groups["amonth"] or groups["lmonth"] or groups["smonth"]
        year = groups["year"] or groups["ayear"] or groups["lyear"] or groups["syear"]
        text = match.group(0).rstrip()
        if text.startswith(("Vào ngày", "vào ngày")):
            text = text[4:]
        if text.endswith(")") and "(" not in text:
            text = text[:-1].rstrip()
        start = line.start + line.text.index(text, match.start())
        return DayMention(
            text=text,
            start=start,
            end=start + len(text),
            day=int(day) if day else None,
            month=int(month) if month else None,
            year=int(year) if year else None,
            relative=groups["rel"],
        )
    return None


def _valid(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class ResolvedDay:
    date: datetime.date | None
    warnings: tuple[str, ...] = ()


def _vn(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


def resolve_meeting_day(
    mention: DayMention,
    *,
    published: datetime.date | None,
    period_year: int | None,
    whole_year: bool = True,
) -> ResolvedDay:
    """Put a year on the meeting day, from the page's date and the period reviewed.

    A year-end review of year P is held between autumn of P and spring of P+1;
    a review of a quarter or a half year (``whole_year`` false) is held in P.
    A page's date a few weeks after the day is trusted; when it points
    elsewhere (an article re-dated when a site migrated), the period wins and
    the disagreement is reported.
    """
    if mention.year and mention.day and mention.month:
        date = _valid(mention.year, mention.month, mention.day)
        warnings = []
        if date and published and date > published:
            warnings.append(
                f"Ngày làm việc “{mention.text}” muộn hơn ngày trên trang ({_vn(published)}); "
                "cần kiểm tra lại."
            )
        return ResolvedDay(date, tuple(warnings))

    if mention.day is None or mention.month is None:
        if published is None:
            return ResolvedDay(
                None,
                (f"Không xác định được ngày của “{mention.text}” vì văn bản không có ngày đăng.",),
            )
        offset = 1 if mention.relative == "qua" else 0
        return ResolvedDay(published - datetime.timedelta(days=offset))

    day, month = mention.day, mention.month
    from_page = None
    if published is not None:
        from_page = _valid(published.year, month, day)
        if from_page and from_page > published:
            from_page = _valid(published.year - 1, month, day)
    from_period = None
    if period_year is not None:
        following = whole_year and month <= 6
        from_period = _valid(period_year + 1 if following else period_year, month, day)

    if from_page is None:
        return ResolvedDay(from_period)

    expected_gap = {"nay": 0, "qua": 1}.get(mention.relative or "")
    gap = (published - from_page).days
    page_fits = gap <= 45 if expected_gap is None else gap == expected_gap
    if from_period is None:
        if page_fits:
            return ResolvedDay(from_page)
        return ResolvedDay(
            from_page,
            (
                f"Ngày trên trang ({_vn(published)}) cách xa thời điểm “{mention.text}”; "
                f"ngày làm việc được hiểu là {_vn(from_page)}, cần kiểm tra lại.",
            ),
        )
    if page_fits:
        return ResolvedDay(from_page)
    if from_period == from_page:
        return ResolvedDay(
            from_page,
            (
                f"Ngày trên trang ({_vn(published)}) không khớp với “{mention.text}”; "
                f"ngày làm việc được hiểu là {_vn(from_page)}, cần kiểm tra lại.",
            ),
        )
    return ResolvedDay(
        from_period,
        (
            f"Ngày trên trang ({_vn(published)}) không khớp với thời điểm buổi làm việc "
            f"“{mention.text}”: văn bản đánh giá kết quả năm {period_year} nên buổi làm việc "
            f"được hiểu là ngày {_vn(from_period)}; nếu theo ngày trên trang thì là "
            f"{_vn(from_page)}. Cần kiểm tra lại.",
        ),
    )


# --- Period reviewed -------------------------------------------------------------

_HALF = r"(?P<half>6\s+tháng\s+(?P<which>đầu|cuối)\s+năm\s+)"
_QUARTER = r"(?P<quarter>quý\s+(?P<q>I{1,3}|IV|[1-4])\s*(?:/|năm)\s*)"
_YEAR_UNIT = rf"(?:{_HALF}|{_QUARTER}|năm\s+(?:học\s+)?)"
_REVIEW = [
    # "kết quả công tác Đoàn ... năm 2023", "sơ kết 6 tháng đầu năm 2024"
    (
        3,
        re.compile(
            r"(?:[Kk]ết\s+quả|[Tt]ổng\s+kết|[Ss]ơ\s+kết|[Đđ]ánh\s+giá|[Tt]ình\s+hình|[Bb]áo\s+cáo|"
            r"[Cc]ông\s+tác|[Tt]ừ\s+đầu)"
            r"[^.;:]{0,90}?"
            rf"{_YEAR_UNIT}(?P<year>\d{{4}})(?!\s*[-–]\s*\d{{4}})"
        ),
    ),
    # "Năm 2023, ...", "Trong năm 2017, ..."
    (
        2,
        re.compile(
            rf"(?:^|(?<=[.;:,]\s)|(?<=\n))(?:[Tt]rong\s+)?"
            rf"{_YEAR_UNIT.replace('năm', '[Nn]ăm')}(?P<year>\d{{4}})\s*,"
        ),
    ),
    # "chỉ tiêu đề ra của năm 2017"
    (
        1,
        re.compile(
            r"(?:đề\s+ra|của|trong)\s+(?P<half>)?(?P<quarter>)?năm\s+(?P<year>\d{4})"
            r"(?!\s*[-–]\s*\d{4})"
        ),
    ),
]
_FUTURE = re.compile(
    r"(?:phương\s+hướng|kế\s+hoạch|mục\s+tiêu|tới|sắp|và\s+nhiệm\s+vụ|,\s*nhiệm\s+vụ)[^.;]{0,25}$"
)
_SINCE = re.compile(r"[Tt]ừ\s+năm\s+$")
_ROMAN_QUARTER = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True)
class Period:
    code: str
    year: int
    start: int
    end: int


def find_period(text: str) -> Period | None:
    best: tuple[int, int, Period] | None = None
    for score, pattern in _REVIEW:
        for match in pattern.finditer(text):
            if _FUTURE.search(text[max(0, match.start() - 40) : match.start("year")]):
                continue
            if _SINCE.search(text, 0, match.start("year")):
                continue  # "từ năm 2018 đến nay": a span of years, not one period
            year = int(match.group("year"))
            code = str(year)
            if match.group("half"):
                code = f"{year}S{1 if match.group('which') == 'đầu' else 2}"
            elif match.group("quarter"):
                q = match.group("q")
                code = f"{year}Q{_ROMAN_QUARTER.get(q, q)}"
            period = Period(code, year, match.start(), match.end())
            key = (score, -match.start())
            if best is None or key > best[:2]:
                best = (score, -match.start(), period)
    return best[2] if best else None


# --- Deadlines -------------------------------------------------------------------

_DEADLINE_PATTERNS = [
    (
        "date",
        re.compile(
            r"(?:trước|chậm\s+nhất(?:\s+là)?|hạn\s+chót|không\s+quá|xong\s+trước)"
            r"(?:\s+ngày)?\s+(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})"
            r"(?:\s*[/.\-]\s*(?P<year>\d{4}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            r"(?:trước|chậm\s+nhất(?:\s+là)?)\s+ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})"
            r"(?:\s+năm\s+(?P<year>\d{4}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"(?:trong|trước\s+hết\s+trong|hết)\s+quý\s+(?P<q>I{1,3}|IV|[1-4])\s*(?:/|năm)\s*(?P<year>\d{4})"
        ),
    ),
    (
        "before_quarter",
        re.compile(r"trước\s+quý\s+(?P<q>I{1,3}|IV|[1-4])\s*(?:/|năm)\s*(?P<year>\d{4})"),
    ),
    (
        "month",
        re.compile(r"(?:trong|hết)\s+tháng\s+(?P<month>\d{1,2})\s*(?:/|năm)\s*(?P<year>\d{4})"),
    ),
    (
        "before_month",
        re.compile(r"trước\s+tháng\s+(?P<month>\d{1,2})\s*(?:/|năm)\s*(?P<year>\d{4})"),
    ),
    ("half", re.compile(r"(?:trong\s+)?6\s+tháng\s+(?P<which>đầu|cuối)\s+năm\s+(?P<year>\d{4})")),
    ("year", re.compile(r"(?:trong|hết|trước\s+hết)\s+năm\s+(?P<year>\d{4})")),
]


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def find_deadline(text: str, *, reference: datetime.date | None) -> datetime.date | None:
    """The deadline a directive states ("trước ngày 31/3/2024", "trong quý II/2024")."""
    for kind, pattern in _DEADLINE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        year = int(groups["year"]) if groups.get("year") else None
        if kind == "date":
            if year is None:
                if reference is None:
                    continue
                year = reference.year
            date = _valid(year, int(groups["month"]), int(groups["day"]))
            if date and groups.get("year") is None and reference and date < reference:
                date = _valid(year + 1, date.month, date.day)
            if date:
                return date
        elif kind in ("quarter", "before_quarter"):
            q = groups["q"]
            quarter = _ROMAN_QUARTER.get(q) or int(q)
            if kind == "quarter":
                return _month_end(year, quarter * 3)
            if quarter == 1:
                return datetime.date(year - 1, 12, 31)
            return _month_end(year, quarter * 3 - 3)
        elif kind == "month":
            return _month_end(year, int(groups["month"]))
        elif kind == "before_month":
            month = int(groups["month"])
            return datetime.date(year - 1, 12, 31) if month == 1 else _month_end(year, month - 1)
        elif kind == "half":
            return _month_end(year, 6 if groups["which"] == "đầu" else 12)
        elif kind == "year":
            return datetime.date(year, 12, 31)
    return None
