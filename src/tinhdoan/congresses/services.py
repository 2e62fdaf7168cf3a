"""Writes of congresses and campaigns. Every check happens before anything is saved."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhdoan.lib.dates import vn_date
from tinhdoan.lib.roman import to_roman
from tinhdoan.lib.text_limits import checked_create
from tinhdoan.org.models import Person, Position, Unit
from tinhdoan.org.services import person_create

from .models import (
    CampaignLevel,
    CommitteeMember,
    Congress,
    CongressCampaign,
    CongressDocument,
    CongressError,
    CongressKind,
    term_years_for,
)
from .selectors import campaign_progress

MIN_YEAR, MAX_YEAR = 1931, 2200


def _neighbours(unit: Unit, ordinal: int, *, exclude_pk: int | None = None):
    qs = Congress.objects.filter(unit=unit)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    previous = qs.filter(ordinal__lt=ordinal).order_by("-ordinal").first()
    following = qs.filter(ordinal__gt=ordinal).order_by("ordinal").first()
    return previous, following


@dataclass(frozen=True)
class NextCongress:
    ordinal: int
    term_start: int
    term_end: int
    previous: Congress | None


def congress_next_for(*, unit: Unit, today: datetime.date | None = None) -> NextCongress:
    """The ordinal and term the next congress of a unit should have."""
    previous = Congress.objects.filter(unit=unit).order_by("-ordinal").first()
    years = term_years_for(unit.kind)
    if previous is None:
        start = (today or timezone.localdate()).year
        return NextCongress(1, start, start + years, None)
    return NextCongress(
        previous.ordinal + 1, previous.term_end, previous.term_end + years, previous
    )


def _check_held(
    *,
    unit: Unit,
    held_on: datetime.date | None,
    delegates_expected: int | None,
    delegates_present: int | None,
) -> None:
    if held_on is not None:
        if held_on > timezone.localdate():
            raise CongressError(
                _(
                    "The congress cannot be recorded as held on %(date)s: that date is in the future."
                )
                % {"date": vn_date(held_on)}
            )
        if not unit.is_valid_on(held_on):
            raise CongressError(
                _("%(unit)s did not exist on %(date)s.")
                % {"unit": unit.name, "date": vn_date(held_on)}
            )
    if delegates_present is not None and delegates_present < 0:
        raise CongressError(_("The number of delegates cannot be negative."))
    if (
        delegates_present is not None
        and delegates_expected is not None
        and delegates_present > delegates_expected
    ):
        raise CongressError(
            _("%(present)s delegates present is more than the %(expected)s expected.")
            % {"present": delegates_present, "expected": delegates_expected}
        )


def _check_missing_levels(congress: Congress, *, reason: str, today: datetime.date) -> None:
    """The top congress of a campaign is held after the lower levels, or with a reason."""
    campaign = CongressCampaign.objects.filter(top_congress=congress).first()
    if campaign is None:
        return
    missing = campaign_progress(campaign=campaign, today=today).missing
    if missing and not reason.strip():
        raise CongressError(
            _(
                "%(count)s units of the lower levels have not held their congress yet; "
                "record the reason to mark the top congress as held."
            )
            % {"count": missing}
        )


@transaction.atomic
def congress_create(
    *,
    unit: Unit,
    ordinal: int | None = None,
    term_start: int | None = None,
    term_end: int | None = None,
    kind: str = CongressKind.DELEGATES,
    planned_on: datetime.date | None = None,
    held_on: datetime.date | None = None,
    delegates_expected: int | None = None,
    delegates_present: int | None = None,
    ordinal_reason: str = "",
    missing_levels_reason: str = "",
    created_by=None,
) -> Congress:
    """Record a congress of a unit; ordinal and term default to those following the previous one."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_union and unit.kind != "association":
        raise CongressError(
            _("%(unit)s is not a union unit or an association: it holds no congress.")
            % {"unit": unit.name}
        )
    if kind not in CongressKind.values:
        raise CongressError(_("Unknown kind of congress: %(kind)s.") % {"kind": kind})
    suggested = congress_next_for(unit=unit, today=planned_on or held_on)
    ordinal = suggested.ordinal if ordinal is None else ordinal
    if ordinal < 1:
        raise CongressError(_("The ordinal of a congress starts at 1."))
    if Congress.objects.filter(unit=unit, ordinal=ordinal).exists():
        raise CongressError(
            _("%(unit)s already has a congress no. %(roman)s.")
            % {"unit": unit.name, "roman": to_roman(ordinal)}
        )
    previous, following = _neighbours(unit, ordinal)
    if previous is not None and ordinal != previous.ordinal + 1 and not ordinal_reason.strip():
        raise CongressError(
            _(
                "The congress after no. %(previous)s should be no. %(expected)s, not "
                "%(given)s; record the reason for this ordinal."
            )
            % {
                "previous": previous.ordinal_roman,
                "expected": to_roman(previous.ordinal + 1),
                "given": to_roman(ordinal),
            }
        )
    years = term_years_for(unit.kind)
    if term_start is None:
        if previous is not None:
            term_start = previous.term_end
        elif following is not None:
            term_start = following.term_start - years
        else:
            term_start = suggested.term_start
    if term_end is None:
        term_end = term_start + years
    if not (MIN_YEAR <= term_start < term_end <= MAX_YEAR):
        raise CongressError(
            _("The term %(start)s–%(end)s is not valid: it must end after it starts.")
            % {"start": term_start, "end": term_end}
        )
    if previous is not None and term_start < previous.term_end:
        raise CongressError(
            _("The term %(term)s overlaps the previous term %(previous)s (congress no. %(roman)s).")
            % {
                "term": f"{term_start}–{term_end}",
                "previous": previous.term_label,
                "roman": previous.ordinal_roman,
            }
        )
    if following is not None and term_end > following.term_start:
        raise CongressError(
            _(
                "The term %(term)s overlaps the following term %(following)s (congress no. %(roman)s)."
            )
            % {
                "term": f"{term_start}–{term_end}",
                "following": following.term_label,
                "roman": following.ordinal_roman,
            }
        )
    if Congress.objects.filter(unit=unit, term_start=term_start).exists():
        raise CongressError(
            _("%(unit)s already has a congress for the term starting in %(year)s.")
            % {"unit": unit.name, "year": term_start}
        )
    if delegates_expected is not None and delegates_expected < 1:
        raise CongressError(_("The number of delegates expected must be at least 1."))
    _check_held(
        unit=unit,
        held_on=held_on,
        delegates_expected=delegates_expected,
        delegates_present=delegates_present,
    )
    congress = checked_create(
        Congress,
        unit=unit,
        ordinal=ordinal,
        term_start=term_start,
        term_end=term_end,
        kind=kind,
        planned_on=planned_on,
        held_on=held_on,
        delegates_expected=delegates_expected,
        delegates_present=delegates_present,
        ordinal_reason=ordinal_reason.strip(),
        missing_levels_reason=missing_levels_reason.strip(),
        created_by=created_by,
    )
    return congress


@transaction.atomic
def congress_mark_held(
    *,
    congress: Congress,
    held_on: datetime.date,
    delegates_present: int | None = None,
    missing_levels_reason: str = "",
) -> Congress:
    congress = Congress.objects.select_for_update().select_related("unit").get(pk=congress.pk)
    _check_held(
        unit=congress.unit,
        held_on=held_on,
        delegates_expected=congress.delegates_expected,
        delegates_present=delegates_present,
    )
    _check_missing_levels(congress, reason=missing_levels_reason, today=timezone.localdate())
    congress.mark_held(
        held_on=held_on,
        delegates_present=delegates_present,
        missing_reason=missing_levels_reason.strip(),
    )
    return congress


@dataclass(frozen=True)
class Elected:
    title: str
    full_name: str = ""
    person: Person | None = None
    rank: int = 100


@transaction.atomic
def congress_elect_committee(
    *, congress: Congress, members: list[Elected]
) -> list[CommitteeMember]:
    """Record the executive committee a held congress elected; each member gets a Position.

    The positions from the previous congress of the unit end the day before this one.
    """
    congress = Congress.objects.select_for_update().select_related("unit").get(pk=congress.pk)
    if congress.held_on is None:
        raise CongressError(_("Record the congress as held before its executive committee."))
    if not members:
        raise CongressError(_("The list of elected members is empty."))
    for member in members:
        if not member.title.strip():
            raise CongressError(_("Each elected member needs a title."))
        if member.person is None and not member.full_name.strip():
            raise CongressError(_("Each elected member needs a name."))
    previous, _following = _neighbours(congress.unit, congress.ordinal)
    if previous is not None:
        ids = previous.committee.exclude(position=None).values_list("position_id", flat=True)
        Position.objects.filter(pk__in=list(ids), end__isnull=True).update(
            end=max(
                congress.held_on - datetime.timedelta(days=1), previous.held_on or congress.held_on
            )
        )
    created = []
    for member in members:
        person = member.person or person_create(full_name=member.full_name)
        title = " ".join(member.title.split())
        if CommitteeMember.objects.filter(congress=congress, person=person, title=title).exists():
            raise CongressError(
                _("%(name)s is already recorded as %(title)s.")
                % {"name": person.full_name, "title": title}
            )
        position = Position.objects.create(
            person=person, unit=congress.unit, title=title, rank=member.rank, start=congress.held_on
        )
        created.append(
            CommitteeMember.objects.create(
                congress=congress, person=person, title=title, rank=member.rank, position=position
            )
        )
    return created


@transaction.atomic
def congress_add_document(
    *, congress: Congress, title: str, reference: str = "", issued_on: datetime.date | None = None
) -> CongressDocument:
    if not title.strip():
        raise CongressError(_("The title of the congress document is empty."))
    return checked_create(
        CongressDocument,
        congress=congress,
        title=" ".join(title.split()),
        reference=reference.strip(),
        issued_on=issued_on,
    )


@dataclass(frozen=True)
class LevelPlan:
    depth: int
    label: str
    deadline: datetime.date
    starts_on: datetime.date | None = None


@transaction.atomic
def campaign_create(
    *,
    top_unit: Unit,
    term_start: int,
    term_end: int,
    name: str,
    tree_date: datetime.date,
    top_planned_on: datetime.date,
    levels: list[LevelPlan],
    top_ordinal: int | None = None,
    ordinal_reason: str = "",
    kind: str = CongressKind.DELEGATES,
    delegates_expected: int | None = None,
    created_by=None,
) -> CongressCampaign:
    """A campaign for the subtree of `top_unit` and a term; its top congress is created if needed."""
    if not name.strip():
        raise CongressError(_("The campaign needs a name."))
    if CongressCampaign.objects.filter(top_unit=top_unit, term_start=term_start).exists():
        raise CongressError(
            _("There is already a campaign of %(unit)s for the term %(term)s.")
            % {"unit": top_unit.name, "term": f"{term_start}–{term_end}"}
        )
    if not top_unit.is_valid_on(tree_date):
        raise CongressError(
            _("%(unit)s did not exist on %(date)s.")
            % {"unit": top_unit.name, "date": vn_date(tree_date)}
        )
    if not levels:
        raise CongressError(_("A campaign needs the schedule of at least one level."))
    depths = [level.depth for level in levels]
    if len(set(depths)) != len(depths) or min(depths) < 1:
        raise CongressError(
            _("Each level below the top unit is scheduled once, from level 1 down.")
        )
    ordered = sorted(levels, key=lambda level: level.depth)
    for level in ordered:
        if not level.label.strip():
            raise CongressError(_("Each level needs a label."))
        if level.starts_on and level.starts_on > level.deadline:
            raise CongressError(
                _("The level “%(label)s” ends before it starts.") % {"label": level.label}
            )
        if level.deadline > top_planned_on:
            raise CongressError(
                _(
                    "The level “%(label)s” is scheduled until %(deadline)s, after the top "
                    "congress on %(top)s: lower levels come first."
                )
                % {
                    "label": level.label,
                    "deadline": vn_date(level.deadline),
                    "top": vn_date(top_planned_on),
                }
            )
    for higher, lower in zip(ordered, ordered[1:], strict=False):
        if lower.deadline > higher.deadline:
            raise CongressError(
                _("The level “%(lower)s” is scheduled after the higher level “%(higher)s”.")
                % {"lower": lower.label, "higher": higher.label}
            )
    top = Congress.objects.filter(unit=top_unit, term_start=term_start).first()
    if top is None:
        top = congress_create(
            unit=top_unit,
            ordinal=top_ordinal,
            term_start=term_start,
            term_end=term_end,
            kind=kind,
            planned_on=top_planned_on,
            delegates_expected=delegates_expected,
            ordinal_reason=ordinal_reason,
            created_by=created_by,
        )
    elif top.term_end != term_end:
        raise CongressError(
            _("The congress of %(unit)s for this term is recorded as %(term)s.")
            % {"unit": top_unit.name, "term": top.term_label}
        )
    campaign = checked_create(
        CongressCampaign,
        top_unit=top_unit,
        term_start=term_start,
        term_end=term_end,
        name=" ".join(name.split()),
        tree_date=tree_date,
        top_congress=top,
    )
    CampaignLevel.objects.bulk_create(
        CampaignLevel(
            campaign=campaign,
            depth=level.depth,
            label=level.label.strip(),
            starts_on=level.starts_on,
            deadline=level.deadline,
        )
        for level in levels
    )
    return campaign
