import datetime

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from tinhdoan.accounts.permissions import readable_units, scope_for, unit_get_for_user
from tinhdoan.lib.dates import parse_date
from tinhdoan.lib.errors import Invalid
from tinhdoan.lib.http_errors import ErrorOut
from tinhdoan.lib.paging import page_and_count
from tinhdoan.revisions.kept import kept_under
from tinhdoan.revisions.tokens import request_revision_tokens
from tinhdoan.revisions.triggers import PEOPLE, STRUCTURE

from . import selectors
from .models import LineageKind, Unit, UnitKind
from .selectors import unit_named

router = Router(tags=["units"])

# Past this a page would start beyond any table; larger numbers do not fit a database integer.
MAX_OFFSET = 2**31 - 1


class UnitOut(Schema):
    code: str
    name: str
    kind: UnitKind
    kind_label: str
    parent: str | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    depth: int


class UnitList(Schema):
    items: list[UnitOut]
    count: int


class PositionOut(Schema):
    person: str
    title: str
    start: datetime.date
    end: datetime.date | None


class LineageOut(Schema):
    kind: LineageKind
    on_date: datetime.date
    predecessor: str
    successor: str


class UnitDetail(UnitOut):
    positions: list[PositionOut]
    predecessors: list[LineageOut]
    successors: list[LineageOut]


def _as_of(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise Invalid(_("as_of must be a date (yyyy-mm-dd).")) from None


def _unit_out(unit: Unit) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "kind_label": str(unit.get_kind_display()),
        "parent": unit.parent.code if unit.parent_id else None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "depth": unit.depth,
    }


def _lineage_out(link) -> dict:
    return {
        "kind": link.kind,
        "on_date": link.on_date,
        "predecessor": link.predecessor.code,
        "successor": link.successor.code,
    }


@router.get(
    "",
    response={200: UnitList, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Danh sách đơn vị",
)
def list_units(
    request,
    as_of: str | None = None,
    under: str | None = None,
    q: str | None = None,
    limit: int = 500,
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Các đơn vị người gọi được xem, có thể lọc theo ngày hiệu lực `as_of`, đơn vị cấp trên
    `under`, hoặc tên khớp `q`."""
    day = _as_of(as_of)
    units = readable_units(request.user).select_related("parent")
    if under:
        units = units.filter(
            pk__in=Unit.objects.under(unit_get_for_user(user=request.user, code=under))
        )
    if day:
        units = units.valid_on(day)
    if q:
        units = selectors.unit_search(query=q, units=units)
    limit = max(1, min(limit, 5000))
    page, count = page_and_count(units, offset=offset, limit=limit)
    return {"items": [_unit_out(u) for u in page], "count": count}


@router.get(
    "/{code}",
    response={200: UnitDetail, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Xem một đơn vị",
)
def get_unit(request, code: str, as_of: str | None = None):
    """Một đơn vị: loại, cấp trên, thời gian hiệu lực và lịch sử sáp nhập, chia tách."""
    day = _as_of(as_of) or datetime.date.today()
    # The unit and its detail change with the tree and the positions only: kept by the
    # process under their revisions, as the JSON text itself (checked against the schema once).
    revision = request_revision_tokens(request, STRUCTURE, PEOPLE)
    unit = kept_under(("unit", code), str(revision[0]), lambda: unit_named(code))
    if not scope_for(request.user).can_read(unit):
        raise Http404
    body = kept_under(
        ("unit.json", unit.pk, day),
        revision,
        lambda: UnitDetail.model_validate(_unit_detail(unit, day)).model_dump_json(),
    )
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _unit_detail(unit: Unit, day: datetime.date) -> dict:
    lineage = selectors.unit_lineage(unit=unit)
    return {
        **_unit_out(unit),
        "positions": [
            {"person": p.person.full_name, "title": p.title, "start": p.start, "end": p.end}
            for p in selectors.positions_on(day=day, unit=unit)
        ],
        "predecessors": [_lineage_out(link) for link in lineage["predecessors"]],
        "successors": [_lineage_out(link) for link in lineage["successors"]],
    }


@router.get(
    "/{code}/children",
    response={200: UnitList, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Danh sách đơn vị trực thuộc",
)
def list_children(request, code: str, as_of: str | None = None):
    """Các đơn vị trực thuộc trực tiếp của một đơn vị, có hiệu lực vào ngày `as_of` (mặc định
    hôm nay)."""
    unit = unit_get_for_user(user=request.user, code=code)
    day = _as_of(as_of) or datetime.date.today()
    children = list(selectors.unit_children(unit=unit, day=day).select_related("parent"))
    return {"items": [_unit_out(u) for u in children], "count": len(children)}
