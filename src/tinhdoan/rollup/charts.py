"""Geometry of the server-rendered SVG charts (the templates draw them; no script, no CDN)."""

from dataclasses import dataclass
from decimal import Decimal

from tinhdoan.documents.numbers import format_number

BAR_WIDTH = 220
BAR_HEIGHT = 14
SCALE_TOP = Decimal(150)  # the bar spans 0–150 % of plan; the plan mark sits at two thirds


def _number(value) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 1
    return format_number(value, places)


@dataclass
class ProgressBar:
    width: int
    height: int
    fill: float
    plan_x: float
    percent_text: str
    actual_text: str = "—"
    plan_text: str = "—"


def progress_bar(percent: Decimal | None, actual=None, plan=None) -> ProgressBar:
    share = min(max(Decimal(percent or 0), Decimal(0)), SCALE_TOP) / SCALE_TOP
    return ProgressBar(
        width=BAR_WIDTH,
        height=BAR_HEIGHT,
        fill=round(float(share) * BAR_WIDTH, 1),
        plan_x=round(BAR_WIDTH * 100 / float(SCALE_TOP), 1),
        percent_text="—" if percent is None else format_number(percent, 1) + "%",
        actual_text=_number(actual),
        plan_text=_number(plan),
    )


@dataclass
class HistoryBar:
    label: str
    value: str
    x: float
    y: float
    height: float
    current: bool


@dataclass
class HistoryChart:
    width: int
    height: int
    base: int
    bars: list[HistoryBar]
    bar_width: int
    plan_y: float | None
    plan_text: str


def history_chart(points, *, plan: Decimal | None, current_code: str) -> HistoryChart:
    """Bars of a target's value across periods, with the current plan as a line."""
    slot, bar_width, top, base = 46, 30, 12, 72
    values = [Decimal(v) for _p, v in points if v is not None]
    highest = max(values + ([Decimal(plan)] if plan is not None else []) + [Decimal(1)])
    span = base - top
    bars = []
    for index, (period, value) in enumerate(points):
        height = 0.0 if value is None else float(Decimal(value) / highest) * span
        bars.append(
            HistoryBar(
                label=period.code,
                value=_number(value),
                x=8 + index * slot,
                y=round(base - height, 1),
                height=round(height, 1),
                current=period.code == current_code,
            )
        )
    plan_y = None if plan is None else round(base - float(Decimal(plan) / highest) * span, 1)
    return HistoryChart(
        width=16 + max(len(points), 1) * slot,
        height=base + 18,
        base=base,
        bars=bars,
        bar_width=bar_width,
        plan_y=plan_y,
        plan_text=_number(plan),
    )
