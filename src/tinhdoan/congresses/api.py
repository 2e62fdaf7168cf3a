import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tinhdoan.accounts.permissions import unit_get_for_user
from tinhdoan.lib.errors import Invalid
from tinhdoan.lib.http_errors import ErrorOut
from tinhdoan.lib.text_limits import Name, Note

from . import selectors, services
from .models import Congress, CongressKind
from .progress import campaign_data, progress_data

router = Router(tags=["congresses"])


class CongressOut(Schema):
    id: int
    unit: str
    unit_name: str
    ordinal: int
    ordinal_roman: str
    term: str
    kind: CongressKind
    title: str
    planned_on: datetime.date | None
    held_on: datetime.date | None
    delegates_expected: int | None
    delegates_present: int | None
    flags: list[str]


class CongressList(Schema):
    items: list[CongressOut]
    count: int


class CongressIn(Schema):
    unit: Name
    ordinal: int | None = None
    term: Name | None = None
    kind: CongressKind = CongressKind.DELEGATES
    planned_on: datetime.date | None = None
    held_on: datetime.date | None = None
    delegates_expected: int | None = None
    delegates_present: int | None = None
    ordinal_reason: Note = ""


class CongressHeldIn(Schema):
    held_on: datetime.date
    delegates_present: int | None = None
    missing_levels_reason: Note = ""


class CongressNextOut(Schema):
    unit: str
    ordinal: int
    ordinal_roman: str
    term: str


class TopCongressOut(Schema):
    ordinal: int
    ordinal_roman: str
    planned_on: str | None
    held_on: str | None


class CongressCampaignOut(Schema):
    unit: str
    unit_name: str
    term: str
    name: str
    tree_date: str
    top_congress: TopCongressOut


class CongressLevelOut(Schema):
    level: str
    depth: int
    deadline: str
    units: int
    held: int
    on_time: int
    late: int
    missing: int
    overdue: int


class CongressMissingUnitOut(Schema):
    code: str
    name: str
    level: str


class CongressProgressOut(Schema):
    campaign: CongressCampaignOut
    levels: list[CongressLevelOut]
    missing_units: list[CongressMissingUnitOut]


class CongressCampaignList(Schema):
    items: list[CongressCampaignOut]
    count: int


def _term(text: str) -> tuple[int, int]:
    try:
        return selectors.parse_term(text)
    except ValueError:
        raise Invalid(_("The term must be written as two years, e.g. 2017-2022.")) from None


def _congress_out(congress: Congress) -> dict:
    if not hasattr(congress, "flags"):
        selectors.congress_with_flags(congress)
    return {
        "id": congress.pk,
        "unit": congress.unit.code,
        "unit_name": congress.unit.name,
        "ordinal": congress.ordinal,
        "ordinal_roman": congress.ordinal_roman,
        "term": congress.term_label,
        "kind": congress.kind,
        "title": congress.title,
        "planned_on": congress.planned_on,
        "held_on": congress.held_on,
        "delegates_expected": congress.delegates_expected,
        "delegates_present": congress.delegates_present,
        "flags": [str(flag) for flag in congress.flags],
    }


R = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get(
    "/campaigns", response={200: CongressCampaignList, **R}, summary="Danh sách đợt đại hội các cấp"
)
def list_campaigns(request):
    """Các đợt đại hội mà người gọi được xem đơn vị cấp cao nhất của đợt."""
    campaigns = list(selectors.campaigns_for_user(user=request.user))
    return {"items": [campaign_data(c) for c in campaigns], "count": len(campaigns)}


@router.get(
    "/campaigns/{code}/{term}",
    response={200: CongressProgressOut, **R},
    summary="Tiến độ một đợt đại hội các cấp",
)
def campaign_progress(request, code: str, term: str):
    """Tiến độ theo từng cấp: số đơn vị, đã tổ chức (đúng hạn hoặc muộn), chưa tổ chức; và danh
    sách đơn vị chưa tổ chức đại hội."""
    campaign = selectors.campaign_get_for_user(user=request.user, code=code, term=term)
    progress = selectors.campaign_progress(campaign=campaign, today=timezone.localdate())
    return progress_data(progress)


@router.get(
    "/units/{code}/next",
    response={200: CongressNextOut, **R},
    summary="Đại hội tiếp theo của một đơn vị",
)
def next_congress(request, code: str):
    """Lần thứ và nhiệm kỳ mà đại hội tiếp theo của đơn vị cần có."""
    unit = unit_get_for_user(user=request.user, code=code)
    suggestion = services.congress_next_for(unit=unit)
    return {
        "unit": unit.code,
        "ordinal": suggestion.ordinal,
        "ordinal_roman": Congress(ordinal=suggestion.ordinal).ordinal_roman,
        "term": f"{suggestion.term_start}-{suggestion.term_end}",
    }


@router.get("", response={200: CongressList, **R}, summary="Danh sách đại hội")
def list_congresses(request, unit: str | None = None, term: str | None = None):
    """Đại hội của các đơn vị người gọi được xem, có thể lọc theo đơn vị `unit` (cả các đơn vị
    trực thuộc) và nhiệm kỳ `term`."""
    under = unit_get_for_user(user=request.user, code=unit) if unit else None
    term_start = _term(term)[0] if term else None
    congresses = list(
        selectors.congresses_for_user(user=request.user, unit=under, term_start=term_start)
    )
    return {"items": [_congress_out(c) for c in congresses], "count": len(congresses)}


@router.post("", response={201: CongressOut, **R}, summary="Ghi nhận một đại hội")
def create_congress(request, payload: CongressIn):
    """Ghi nhận đại hội của một đơn vị; không ghi lần thứ và nhiệm kỳ thì lấy tiếp theo đại hội
    trước."""
    unit = unit_get_for_user(user=request.user, code=payload.unit)
    if not selectors.may_record_congress(request.user, unit):
        raise Http404
    start, end = _term(payload.term) if payload.term else (None, None)
    congress = services.congress_create(
        unit=unit,
        ordinal=payload.ordinal,
        term_start=start,
        term_end=end,
        kind=payload.kind,
        planned_on=payload.planned_on,
        held_on=payload.held_on,
        delegates_expected=payload.delegates_expected,
        delegates_present=payload.delegates_present,
        ordinal_reason=payload.ordinal_reason,
        created_by=request.user,
    )
    return Status(201, _congress_out(congress))


@router.get("/{int:congress_id}", response={200: CongressOut, **R}, summary="Xem một đại hội")
def get_congress(request, congress_id: int):
    """Một đại hội: đơn vị, lần thứ, nhiệm kỳ, ngày dự kiến, ngày tổ chức và số đại biểu."""
    return _congress_out(selectors.congress_get_for_user(user=request.user, pk=congress_id))


@router.post(
    "/{int:congress_id}/held",
    response={200: CongressOut, **R},
    summary="Ghi nhận đại hội đã tổ chức",
)
def mark_held(request, congress_id: int, payload: CongressHeldIn):
    """Ghi nhận một đại hội dự kiến đã được tổ chức, với số đại biểu có mặt."""
    congress = selectors.congress_get_for_user(user=request.user, pk=congress_id, write=True)
    congress = services.congress_mark_held(
        congress=congress,
        held_on=payload.held_on,
        delegates_present=payload.delegates_present,
        missing_levels_reason=payload.missing_levels_reason,
    )
    return _congress_out(congress)
