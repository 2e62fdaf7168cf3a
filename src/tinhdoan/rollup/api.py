"""Results of a unit for a period (the year-end report), and explanation requests."""

import datetime
from typing import Literal

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tinhdoan.accounts.permissions import readable_units, unit_get_for_user
from tinhdoan.lib.dates import parse_date
from tinhdoan.lib.downloads import content_disposition
from tinhdoan.lib.errors import Invalid
from tinhdoan.lib.http_errors import ERRORS
from tinhdoan.lib.ratelimits import rate_limited
from tinhdoan.lib.replica import reads_from_replica
from tinhdoan.lib.text_limits import Name, Note, Text
from tinhdoan.org.models import path_prefix_q
from tinhdoan.programs.models import Target

from . import services
from .cache import cached, not_modified
from .evaluation import NO_PLAN
from .evaluation import Status as RowEvaluation
from .models import ExplanationRequest, ExplanationStatus
from .report import (
    CONTENT_TYPES,
    FORMATS,
    explanation_json,
    filename,
    render_results,
    results_json,
)
from .selectors import (
    ResultsRequest,
    results_key_for_user,
    results_of,
    results_request_for_user,
)

router = Router(tags=["results"])

# A row's status: evaluated against plan, or no plan at that unit.
RowStatus = Literal[(*RowEvaluation.values, NO_PLAN)]


class CountOut(Schema):
    completed: int
    total: int


class TargetCountsOut(Schema):
    exceeded: int
    met: int
    met_or_exceeded: int
    not_met: int
    no_data: int
    total: int


class UnitRef(Schema):
    code: str
    name: str


class ExplanationOut(Schema):
    id: int
    message: str
    requested_at: str
    requested_by: str
    status: ExplanationStatus
    answer: str | None
    answered_at: str | None
    answered_by: str | None


class RowOut(Schema):
    code: str
    name: str
    measure: str
    plan: float | None
    actual: float | None
    percent: float | None
    status: RowStatus
    forecast: str | None = None
    expected: float | None = None
    explanations: list[ExplanationOut] = []


class SubUnitOut(Schema):
    code: str
    name: str
    met_or_exceeded: int
    exceeded: int
    total: int
    rank: int
    tie_note: str


class StaleOut(Schema):
    since: datetime.datetime | None
    reasons: list[str]
    message: str


class ResultsOut(Schema):
    unit: UnitRef
    period: str
    program: str
    as_of: datetime.date
    final: bool
    focal_tasks: CountOut
    breakthroughs: CountOut
    targets: TargetCountsOut
    forecast: dict[str, int] | None = None
    rows: list[RowOut]
    sub_units: list[SubUnitOut]
    summary: str
    stale: StaleOut | None = None


def _day(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise Invalid(_("as_of must be a date (yyyy-mm-dd).")) from None


def _results_request(request, unit: str, period: str, as_of: str | None) -> ResultsRequest:
    return results_request_for_user(
        user=request.user, unit_code=unit, period_code=period, day=_day(as_of)
    )


@router.get(
    "/{unit}/{period}",
    response={200: ResultsOut, 304: None, **ERRORS},
    summary="Kết quả thực hiện chỉ tiêu của đơn vị",
)
def get_results(request, unit: str, period: str, as_of: str | None = None):
    """Các chỉ tiêu của một đơn vị so với kế hoạch trong một kỳ, xếp hạng các đơn vị trực thuộc
    và câu tóm tắt của báo cáo tổng kết năm. Trước khi kỳ kết thúc, mỗi dòng có dự báo. Trả
    lời 304 cho `If-None-Match` mang `ETag` của kết quả chưa thay đổi."""
    wanted = _results_request(request, unit, period, as_of)
    etag = f'"{wanted.etag}"'
    if not_modified(request, etag):
        return HttpResponseNotModified(headers={"ETag": etag})
    # Kept as the JSON text itself: checked against the schema once per revision, not on
    # every read of the same results.
    body = cached(
        "results.json",
        wanted.parts,
        lambda: ResultsOut.model_validate(results_json(results_of(wanted))).model_dump_json(),
        revision=wanted.revision,
    )
    return HttpResponse(
        body, content_type="application/json; charset=utf-8", headers={"ETag": etag}
    )


@router.get(
    "/{unit}/{period}/report", response={200: None, **ERRORS}, summary="Tải báo cáo tổng kết năm"
)
@rate_limited("report")
def get_report(request, unit: str, period: str, format: str = "docx", as_of: str | None = None):
    """Báo cáo tổng kết năm dạng tệp: `format` là docx, xlsx, pdf hoặc json."""
    if format not in FORMATS:
        raise Invalid(
            _("Unknown format “%(format)s”: use docx, xlsx, pdf or json.") % {"format": format}
        )
    with reads_from_replica():
        wanted = _results_request(request, unit, period, as_of)
        results = results_of(wanted)
        content = cached(
            "report",
            (*wanted.parts, format),
            lambda: render_results(results, format),
            revision=wanted.revision,
        )
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = content_disposition(filename(results, format))
    return response


class ExplanationItem(ExplanationOut):
    unit: str
    target: str
    period: str


class ExplanationList(Schema):
    items: list[ExplanationItem]
    count: int


class ExplanationIn(Schema):
    unit: Name
    period: Name
    target: Name
    message: Note


class AnswerIn(Schema):
    answer: Text


def _item(request_obj: ExplanationRequest) -> dict:
    return {
        **explanation_json(request_obj),
        "unit": request_obj.unit.code,
        "target": request_obj.target.code,
        "period": request_obj.period.code,
    }


@router.get(
    "/explanations",
    response={200: ExplanationList, **ERRORS},
    summary="Danh sách yêu cầu giải trình",
)
def list_explanations(request, unit: str | None = None, status: ExplanationStatus | None = None):
    """Yêu cầu giải trình về các đơn vị người gọi được xem, mới nhất trước."""
    items = ExplanationRequest.objects.select_related(
        "unit", "target", "period", "requested_by", "answered_by"
    ).filter(unit__in=_readable(request))
    if unit:
        found = unit_get_for_user(user=request.user, code=unit)
        items = items.filter(path_prefix_q(found.path, field="unit__path"))
    if status:
        items = items.filter(status=status)
    rows = [_item(r) for r in items[:500]]
    return {"items": rows, "count": len(rows)}


def _readable(request):
    return readable_units(request.user)


@router.post(
    "/explanations", response={201: ExplanationItem, **ERRORS}, summary="Yêu cầu đơn vị giải trình"
)
def post_explanation(request, payload: ExplanationIn):
    """Yêu cầu một đơn vị giải trình chỉ tiêu chậm tiến độ (lãnh đạo, và người duyệt cấp trên
    của đơn vị)."""
    key = results_key_for_user(
        user=request.user, unit_code=payload.unit, period_code=payload.period
    )
    target = Target.objects.filter(program=key.program, code=payload.target.strip().upper()).first()
    if target is None:
        raise Invalid(
            _("The program has no target with code “%(code)s”.") % {"code": payload.target}
        )
    created = services.explanation_request(
        user=request.user, unit=key.unit, target=target, period=key.period, message=payload.message
    )
    return Status(201, _item(created))


@router.post(
    "/explanations/{pk}/answer",
    response={200: ExplanationItem, **ERRORS},
    summary="Trả lời yêu cầu giải trình",
)
def post_answer(request, pk: int, payload: AnswerIn):
    """Nội dung giải trình của đơn vị (cán bộ của đơn vị)."""
    found = services.explanation_get_for_user(user=request.user, pk=pk)
    answered = services.explanation_answer(user=request.user, request=found, answer=payload.answer)
    return _item(answered)
