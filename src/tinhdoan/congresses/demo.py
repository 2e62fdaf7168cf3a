"""Demo congresses of Lạng Sơn: the 2017 campaign toward the provincial union's 13th congress,
the Student Association's 1st and 2nd congresses, and the current campaign toward the 15th.

The article names the 13th provincial congress and the Student Association's 2nd congress
(term 2017–2022). Every date, ordinal of a lower unit, delegate count and name of an elected
member below is illustrative (names are marked "(minh họa)").
"""

import datetime

from django.db import transaction
from django.utils import timezone

from tinhdoan.org.models import Unit
from tinhdoan.org.selectors import units_in_display_order

from .models import Congress, CongressCampaign, CongressKind
from .selectors import campaign_units
from .services import (
    Elected,
    LevelPlan,
    campaign_create,
    congress_create,
    congress_elect_committee,
    congress_mark_held,
)

D = datetime.date

# Congresses of the 2017 units: code → (ordinal, held on, delegates expected, present).
UNITS_2017 = {
    "TDLS-TP": (11, D(2017, 6, 9), 150, 148),
    "TDLS-TRD": (18, D(2017, 5, 12), 120, 117),
    "TDLS-BGI": (17, D(2017, 5, 19), 120, 120),
    "TDLS-VLA": (16, D(2017, 6, 2), 110, 108),
    "TDLS-CLO": (19, D(2017, 5, 26), 130, 127),
    "TDLS-VQU": (17, D(2017, 6, 16), 110, 109),
    "TDLS-BSO": (18, D(2017, 6, 23), 120, 116),
    "TDLS-HLU": (20, D(2017, 7, 7), 140, 138),
    "TDLS-CLA": (19, D(2017, 7, 14), 120, 119),
    "TDLS-LBI": (18, D(2017, 7, 21), 130, 126),
    "TDLS-DLA": (16, D(2017, 8, 8), 100, 97),  # after the deadline: late
    "TDLS-KHOI": (7, D(2017, 6, 30), 150, 146),
    "TDLS-LLVT": (9, D(2017, 7, 4), 80, 80),
}
CAMPAIGN_2017 = "Đại hội đoàn các cấp tiến tới Đại hội Đoàn toàn tỉnh lần thứ XIII"
CAMPAIGN_NOW = "Đại hội đoàn các cấp tiến tới Đại hội Đoàn toàn tỉnh lần thứ XV"


def _congress(unit: Unit, ordinal: int, term_start: int, **fields) -> Congress:
    existing = Congress.objects.filter(unit=unit, term_start=term_start).first()
    return existing or congress_create(unit=unit, ordinal=ordinal, term_start=term_start, **fields)


def _held(congress: Congress, day: datetime.date, present: int | None) -> Congress:
    if congress.held_on is None and day <= timezone.localdate():
        return congress_mark_held(congress=congress, held_on=day, delegates_present=present)
    return congress


@transaction.atomic
def load_2017(units: dict[str, Unit], progress) -> None:
    top = units["TDLS"]
    campaign = CongressCampaign.objects.filter(top_unit=top, term_start=2017).first()
    if campaign is None:
        campaign = campaign_create(
            top_unit=top,
            term_start=2017,
            term_end=2022,
            name=CAMPAIGN_2017,
            tree_date=D(2017, 3, 1),
            top_planned_on=D(2017, 9, 14),
            top_ordinal=13,
            delegates_expected=300,
            levels=[
                LevelPlan(1, "Cấp huyện và tương đương", D(2017, 7, 31), D(2017, 4, 1)),
            ],
        )
    for code, (ordinal, held_on, expected, present) in UNITS_2017.items():
        congress = _congress(
            units[code], ordinal, 2017, planned_on=held_on, delegates_expected=expected
        )
        _held(congress, held_on, present)
    _held(campaign.top_congress, D(2017, 9, 14), 296)
    progress(
        "Đại hội: đợt 2017 tiến tới Đại hội Đoàn toàn tỉnh lần thứ XIII, "
        f"{len(UNITS_2017)} đại hội cấp huyện và tương đương"
    )


@transaction.atomic
def load_student_association(units: dict[str, Unit], progress) -> None:
    hsv = units["HSV-LS"]
    first = _congress(hsv, 1, 2012, planned_on=D(2012, 11, 16), delegates_expected=120)
    _held(first, D(2012, 11, 16), 118)
    second = _congress(hsv, 2, 2017, planned_on=D(2017, 10, 20), delegates_expected=150)
    second = _held(second, D(2017, 10, 20), 147)
    if not second.committee.exists():
        congress_elect_committee(
            congress=second,
            members=[
                Elected(
                    title="Chủ tịch Hội Sinh viên tỉnh",
                    full_name="Hoàng Minh Khôi (minh họa)",
                    rank=1,
                ),
                Elected(
                    title="Phó Chủ tịch Hội Sinh viên tỉnh",
                    full_name="Lưu Thu Hà (minh họa)",
                    rank=2,
                ),
            ],
        )
    progress("Đại hội: Hội Sinh viên tỉnh Lạng Sơn lần thứ I (2012–2017) và lần thứ II (2017–2022)")


@transaction.atomic
def load_current(units: dict[str, Unit], progress) -> None:
    top = units["TDLS"]
    fourteenth = _congress(top, 14, 2022, planned_on=D(2022, 7, 28), delegates_expected=300)
    _held(fourteenth, D(2022, 7, 28), 297)
    for code in ("TDLS-KHOI", "TDLS-LLVT"):
        congress = _congress(units[code], UNITS_2017[code][0] + 1, 2022, delegates_expected=120)
        _held(congress, D(2022, 5, 20), 118)
    campaign = CongressCampaign.objects.filter(top_unit=top, term_start=2027).first()
    if campaign is None:
        campaign = campaign_create(
            top_unit=top,
            term_start=2027,
            term_end=2032,
            name=CAMPAIGN_NOW,
            tree_date=D(2026, 9, 1),
            top_planned_on=D(2027, 7, 22),
            delegates_expected=300,
            levels=[LevelPlan(1, "Cấp cơ sở và tương đương", D(2027, 3, 31), D(2026, 9, 1))],
        )
    taking_part = units_in_display_order(campaign_units(campaign, [1]))
    held = 0
    for index, unit in enumerate(taking_part):
        previous = Congress.objects.filter(unit=unit).order_by("-ordinal").first()
        ordinal = previous.ordinal + 1 if previous else 1
        kind = CongressKind.ALL_MEMBERS if index % 5 == 4 else CongressKind.DELEGATES
        day = D(2026, 9, 15) + datetime.timedelta(days=index)
        congress = _congress(
            unit, ordinal, 2027, kind=kind, planned_on=day, delegates_expected=80 + index % 7 * 10
        )
        if index % 2 == 0:
            congress = _held(congress, day, 78 + index % 7 * 10)
        held += congress.held_on is not None
    progress(
        f"Đại hội: đợt hiện nay tiến tới Đại hội Đoàn toàn tỉnh lần thứ XV (2027–2032), "
        f"{held}/{len(taking_part)} đơn vị đã đại hội"
    )


def load(progress) -> None:
    units = {
        unit.code: unit for unit in Unit.objects.filter(code__in=["TDLS", "HSV-LS", *UNITS_2017])
    }
    load_2017(units, progress)
    load_student_association(units, progress)
    load_current(units, progress)
