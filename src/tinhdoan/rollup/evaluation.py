"""Evaluation of rolled-up values against plan, forecasts during the year, ranking.

A target at a unit is exceeded (vượt) when better than its plan in the target's
direction, met (đạt) when equal to it or within the target's tolerance (a share of
the plan), not met (không đạt) otherwise, and without data (chưa có số liệu) when
nothing was reported. Before a period ends, the status is a forecast against the
share of the period gone: on track, at risk, off track, or not yet measurable.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tinhdoan.documents.numbers import format_number
from tinhdoan.lib.vntext import text_sort_key
from tinhdoan.programs.models import Direction, RollUp, Target

HUNDRED = Decimal(100)
AT_RISK_MARGIN = Decimal("0.15")  # up to 15 % behind the expected pace is "at risk"
FLOW_RULES = frozenset({RollUp.SUM})  # counted over the period: the plan accrues with time
INTENSIVE_RULES = frozenset({RollUp.MEAN, RollUp.MIN, RollUp.MAX, RollUp.RATIO})


class Status(models.TextChoices):
    EXCEEDED = "exceeded", _("Exceeded")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NO_DATA = "no_data", _("No data")


class Forecast(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NOT_MEASURABLE = "not_measurable", _("Not yet measurable")


# Shown instead of a status where the unit has no plan for the target (a target
# allocated to some sub-units only, a count of sub-units at a unit without any): such a
# row is listed but neither evaluated nor counted.
NO_PLAN = "no_plan"

# The colours of provincial dashboards: green, orange, red, grey.
COLOURS = {
    Status.EXCEEDED: "#146c43",
    Status.MET: "#198754",
    Status.NOT_MET: "#dc3545",
    Status.NO_DATA: "#6c757d",
    Forecast.ON_TRACK: "#198754",
    Forecast.AT_RISK: "#fd7e14",
    Forecast.OFF_TRACK: "#dc3545",
    Forecast.NOT_MEASURABLE: "#6c757d",
    NO_PLAN: "#adb5bd",
}
LAGGING = frozenset({Status.NOT_MET, Forecast.AT_RISK, Forecast.OFF_TRACK})


def evaluate(
    *, actual: Decimal | None, plan: Decimal | None, direction: str, tolerance: Decimal
) -> str:
    """exceeded / met / not_met / no_data for a value against its plan."""
    if actual is None or plan is None:
        return Status.NO_DATA
    actual, plan = Decimal(actual), Decimal(plan)
    margin = abs(plan) * Decimal(tolerance) / HUNDRED
    if direction == Direction.LOWER:
        if actual < plan:
            return Status.EXCEEDED
        return Status.MET if actual <= plan + margin else Status.NOT_MET
    if actual > plan:
        return Status.EXCEEDED
    return Status.MET if actual >= plan - margin else Status.NOT_MET


def percent_of_plan(actual: Decimal | None, plan: Decimal | None) -> Decimal | None:
    if actual is None or plan is None or plan == 0:
        return None
    return (Decimal(actual) / Decimal(plan) * HUNDRED).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def achievement(actual: Decimal | None, plan: Decimal | None, direction: str) -> Decimal:
    """How well the plan is reached, 100 = on plan, capped at 200 (used to break ties)."""
    if actual is None or plan is None or plan == 0:
        return Decimal(0)
    actual, plan = Decimal(actual), Decimal(plan)
    if direction == Direction.LOWER:
        score = HUNDRED * 2 if actual <= 0 else plan / actual * HUNDRED
    else:
        score = actual / plan * HUNDRED
    return min(max(score, Decimal(0)), HUNDRED * 2)


def elapsed_share(start: datetime.date, end: datetime.date, day: datetime.date) -> Decimal:
    """The share of the period gone on `day` (0 before it starts, 1 after it ends)."""
    if day < start:
        return Decimal(0)
    if day >= end:
        return Decimal(1)
    return Decimal((day - start).days + 1) / Decimal((end - start).days + 1)


def forecast(
    *,
    target: Target,
    actual: Decimal | None,
    plan: Decimal | None,
    share: Decimal,
) -> tuple[str, Decimal | None]:
    """The forecast status and the value expected by now."""
    if actual is None or plan is None or share <= 0:
        return Forecast.NOT_MEASURABLE, None
    actual, plan = Decimal(actual), Decimal(plan)
    expected = plan * share if target.rollup in FLOW_RULES else plan
    margin = abs(expected) * max(Decimal(target.tolerance) / HUNDRED, Decimal(0))
    if target.direction == Direction.LOWER:
        if actual <= expected + margin:
            return Forecast.ON_TRACK, expected
        if actual <= expected * (1 + AT_RISK_MARGIN):
            return Forecast.AT_RISK, expected
        return Forecast.OFF_TRACK, expected
    if actual >= expected - margin:
        return Forecast.ON_TRACK, expected
    if actual >= expected * (1 - AT_RISK_MARGIN):
        return Forecast.AT_RISK, expected
    return Forecast.OFF_TRACK, expected


@dataclass
class TargetResult:
    target: Target
    plan: Decimal | None
    actual: Decimal | None
    status: str
    percent: Decimal | None = None
    forecast: str = ""
    expected: Decimal | None = None
    history: list[tuple[str, Decimal | None]] = field(default_factory=list)
    explanations: list = field(default_factory=list)

    @property
    def evaluable(self) -> bool:
        return self.plan is not None

    @property
    def shown_status(self) -> str:
        if not self.evaluable:
            return NO_PLAN
        return self.forecast or self.status

    @property
    def colour(self) -> str:
        return COLOURS[self.shown_status]

    @property
    def is_lagging(self) -> bool:
        return self.shown_status in LAGGING


def target_result(
    target: Target,
    *,
    plan: Decimal | None,
    actual: Decimal | None,
    final: bool,
    share: Decimal = Decimal(1),
) -> TargetResult:
    status = evaluate(
        actual=actual, plan=plan, direction=target.direction, tolerance=target.tolerance
    )
    result = TargetResult(
        target=target,
        plan=plan,
        actual=actual,
        status=status,
        percent=percent_of_plan(actual, plan),
    )
    if not final:
        result.forecast, result.expected = forecast(
            target=target, actual=actual, plan=plan, share=share
        )
    return result


@dataclass
class Counts:
    exceeded: int = 0
    met: int = 0
    not_met: int = 0
    no_data: int = 0

    @property
    def met_or_exceeded(self) -> int:
        return self.exceeded + self.met

    @property
    def total(self) -> int:
        return self.exceeded + self.met + self.not_met + self.no_data

    def as_dict(self) -> dict[str, int]:
        return {
            "exceeded": self.exceeded,
            "met": self.met,
            "met_or_exceeded": self.met_or_exceeded,
            "not_met": self.not_met,
            "no_data": self.no_data,
            "total": self.total,
        }


def count_statuses(rows: list[TargetResult]) -> Counts:
    counts = Counts()
    for row in rows:
        if row.evaluable:
            setattr(counts, row.status, getattr(counts, row.status) + 1)
    return counts


@dataclass
class Ranked:
    key: object  # the sub-unit
    counts: Counts
    mean_achievement: Decimal
    rank: int = 0
    tie_note: str = ""

    @property
    def share(self) -> Decimal:
        if not self.counts.total:
            return Decimal(0)
        return Decimal(self.counts.met_or_exceeded) / Decimal(self.counts.total)


def rank_units(entries: list[Ranked], *, name) -> list[Ranked]:
    """Rank by share of targets met or exceeded; break ties by targets exceeded, then by the
    mean achievement of plan; units equal on all three share a rank. Every tie is explained."""

    def key(entry: Ranked):
        return (
            -entry.share,
            -entry.counts.exceeded,
            -entry.mean_achievement.quantize(Decimal("0.1")),
        )

    keys = {id(entry): key(entry) for entry in entries}  # once each: ties compare them often
    ordered = sorted(entries, key=lambda e: (keys[id(e)], text_sort_key(name(e.key))))
    for position, entry in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        entry.rank = (
            previous.rank
            if previous is not None and keys[id(previous)] == keys[id(entry)]
            else position
        )
    by_share: dict[Decimal, list[Ranked]] = {}
    for entry in ordered:
        by_share.setdefault(entry.share, []).append(entry)
    for group in by_share.values():
        if len(group) < 2:
            continue
        for entry in group:
            equal = [e for e in group if e is not entry and keys[id(e)] == keys[id(entry)]]
            params = {
                "share": f"{entry.counts.met_or_exceeded}/{entry.counts.total}",
                "others": len(group) - 1,
                "exceeded": entry.counts.exceeded,
                "mean": format_number(entry.mean_achievement, 1),
            }
            if equal:
                entry.tie_note = gettext(
                    "Same share (%(share)s), targets exceeded (%(exceeded)s) and mean "
                    "achievement (%(mean)s%%) as %(equal)s: same rank."
                ) % {**params, "equal": _names_in_short(equal, name)}
            else:
                entry.tie_note = (
                    gettext(
                        "Same share (%(share)s) as %(others)s other unit(s); placed by targets "
                        "exceeded (%(exceeded)s), then mean achievement of plan (%(mean)s%%)."
                    )
                    % params
                )
    return ordered


TIE_NAMES_SHOWN = 3


def _names_in_short(entries: list[Ranked], name) -> str:
    """The first few names, then how many more: a tie of every commune stays one line."""
    names = ", ".join(name(e.key) for e in entries[:TIE_NAMES_SHOWN])
    if len(entries) <= TIE_NAMES_SHOWN:
        return names
    return gettext("%(names)s and %(count)s other unit(s)") % {
        "names": names,
        "count": len(entries) - TIE_NAMES_SHOWN,
    }


def is_intensive(target: Target) -> bool:
    return target.rollup in INTENSIVE_RULES
