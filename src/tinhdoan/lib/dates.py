"""Dates as Vietnamese offices write them."""

import datetime
import re

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> datetime.date:
    """Parse dd/mm/yyyy (also with - or .) or ISO yyyy-mm-dd; raise ValueError otherwise."""
    text = text.strip()
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(text)
    return datetime.date(year, month, day)


def vn_date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")
