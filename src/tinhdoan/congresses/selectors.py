"""Reads of congresses and campaigns, and the permission-checked getters."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.org.models import UNION_KINDS, Unit
from tinhdoan.org.selectors import units_in_display_order

from .models import CampaignLevel, Congress, CongressCampaign, Flag, term_years_for


def congress_flags(congress: Congress, previous: Congress | None) -> list[str]:
    """What is unusual about a congress compared with the previous one of its unit."""
    flags = []
    if previous is not None:
        if congress.ordinal != previous.ordinal + 1:
            flags.append(Flag.ORDINAL_SKIPPED)
        if congress.term_start > previous.term_end:
            flags.append(Flag.TERM_GAP)
        elif congress.term_start < previous.term_end:
            flags.append(Flag.TERM_OVERLAP)
    if congress.term_end - congress.term_start != term_years_for(congress.unit.kind):
        flags.append(Flag.TERM_LENGTH)
    if congress.missing_levels_reason:
        flags.append(Flag.HELD_WITH_MISSING)
    return flags


def congress_chain(*, unit: Unit) -> list[Congress]:
    """The congresses of a unit by ordinal, each with `flags` and `previous`."""
    chain = list(Congress.objects.filter(unit=unit).select_related("unit").order_by("ordinal"))
    previous = None
    for congress in chain:
        congress.previous = previous
        congress.flags = congress_flags(congress, previous)
        previous = congress
    return chain


def congress_with_flags(congress: Congress) -> Congress:
    previous = (
        Congress.objects.filter(unit=congress.unit_id, ordinal__lt=congress.ordinal)
        .order_by("-ordinal")
        .first()
    )
    congress.previous = previous
    congress.flags = congress_flags(congress, previous)
    return congress


def congresses_for_user(
    *, user, unit: Unit | None = None, term_start: int | None = None
) -> QuerySet[Congress]:
    scope = scope_for(user)
    units = Unit.objects.filter(scope.unit_filter())
    if unit is not None:
        units = units.filter(pk__in=Unit.objects.under(unit))
    qs = Congress.objects.filter(unit__in=units).select_related("unit")
    if term_start is not None:
        qs = qs.filter(term_start=term_start)
    return qs.order_by("unit__depth", "unit__sort_key", "unit__code", "ordinal")


def may_record_congress(user, unit: Unit) -> bool:
    """Officers of the unit itself, and the approvers of the level directly above."""
    scope = scope_for(user)
    return scope.can_write(unit) or scope.can_approve(unit)


def congress_get_for_user(*, user, pk: int, write: bool = False) -> Congress:
    try:
        congress = Congress.objects.select_related("unit", "unit__parent").get(pk=pk)
    except Congress.DoesNotExist:
        raise Http404 from None
    scope = scope_for(user)
    if not scope.can_read(congress.unit):
        raise Http404
    if write and not may_record_congress(user, congress.unit):
        raise Http404
    return congress


def parse_term(term: str) -> tuple[int, int]:
    """ "2017-2022" (also with an en dash) → (2017, 2022); ValueError otherwise."""
    parts = term.replace("–", "-").split("-")
    if len(parts) != 2 or not all(part.strip().isdigit() for part in parts):
        raise ValueError(term)
    start, end = (int(part) for part in parts)
    if end <= start:
        raise ValueError(term)
    return start, end


def campaign_get_for_user(*, user, code: str, term: str) -> CongressCampaign:
    try:
        start, end = parse_term(term)
    except ValueError:
        raise Http404 from None
    campaign = (
        CongressCampaign.objects.select_related("top_unit", "top_congress")
        .filter(top_unit__code=code, term_start=start, term_end=end)
        .first()
    )
    if campaign is None or not scope_for(user).can_read(campaign.top_unit):
        raise Http404
    return campaign


def campaigns_for_user(*, user) -> QuerySet[CongressCampaign]:
    units = Unit.objects.filter(scope_for(user).unit_filter())
    return CongressCampaign.objects.filter(top_unit__in=units).select_related(
        "top_unit", "top_congress"
    )


@dataclass
class LevelProgress:
    depth: int
    label: str
    starts_on: datetime.date | None
    deadline: datetime.date
    units: int = 0
    held: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    overdue: int = 0
    missing_units: list[Unit] = field(default_factory=list)
    held_congresses: list[Congress] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.held / self.units) if self.units else 0


@dataclass
class CampaignProgress:
    campaign: CongressCampaign
    levels: list[LevelProgress]
    today: datetime.date

    @property
    def missing(self) -> int:
        return sum(level.missing for level in self.levels)

    @property
    def units(self) -> int:
        return sum(level.units for level in self.levels)

    @property
    def held(self) -> int:
        return sum(level.held for level in self.levels)

    @property
    def missing_units(self) -> list[tuple[LevelProgress, Unit]]:
        return [(level, unit) for level in self.levels for unit in level.missing_units]


def campaign_units(campaign: CongressCampaign, depths: list[int]) -> QuerySet[Unit]:
    top = campaign.top_unit
    return (
        Unit.objects.under(top, include_self=False)
        .valid_on(campaign.tree_date)
        .filter(kind__in=UNION_KINDS, depth__in=[top.depth + depth for depth in depths])
    )


def campaign_progress(*, campaign: CongressCampaign, today: datetime.date) -> CampaignProgress:
    """For each level (grassroots first): how many units held their congress, on time or late."""
    levels = list(CampaignLevel.objects.filter(campaign=campaign).order_by("-depth"))
    units = list(campaign_units(campaign, [level.depth for level in levels]))
    congresses = {
        congress.unit_id: congress
        for congress in Congress.objects.filter(
            unit__in=[unit.pk for unit in units], term_start=campaign.term_start
        )
    }
    top_depth = campaign.top_unit.depth
    by_depth = {level.depth: [] for level in levels}
    for unit in units:
        by_depth[unit.depth - top_depth].append(unit)
    result = []
    for level in levels:
        progress = LevelProgress(level.depth, level.label, level.starts_on, level.deadline)
        for unit in units_in_display_order(by_depth[level.depth]):
            progress.units += 1
            congress = congresses.get(unit.pk)
            if congress is not None and congress.held_on is not None:
                congress.unit = unit
                progress.held += 1
                progress.held_congresses.append(congress)
                if congress.held_on <= level.deadline:
                    progress.on_time += 1
                else:
                    progress.late += 1
            else:
                progress.missing += 1
                progress.missing_units.append(unit)
                if level.deadline < today:
                    progress.overdue += 1
        result.append(progress)
    return CampaignProgress(campaign=campaign, levels=result, today=today)


def unit_congress_term(*, unit: Unit, term_start: int) -> Congress | None:
    return Congress.objects.filter(unit=unit, term_start=term_start).first()


def campaigns_of_unit(*, unit: Unit) -> QuerySet[CongressCampaign]:
    """The campaigns whose subtree holds this unit."""
    return CongressCampaign.objects.filter(
        Q(top_unit__pk__in=unit.ancestor_ids()) | Q(top_unit=unit)
    ).select_related("top_unit")
