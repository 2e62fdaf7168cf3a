"""`/api/v1/completeness` and `/api/v1/reports`: who reported, and the steps of a report.

The values themselves (`/api/v1/values`) are `tinhdoan.rollup.value_api`: writing them
rolls them up, which this app sits below, and reading them shares their address.
"""

import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema

from tinhdoan.lib.errors import Invalid
from tinhdoan.lib.http_errors import ERRORS
from tinhdoan.lib.text_limits import Name, Note
from tinhdoan.programs.api import program_by_key
from tinhdoan.programs.selectors import reporting_period_get, reporting_unit_get_for_user

from . import selectors
from .models import SubmissionStatus
from .workflow import STEPS, report_act

router = Router(tags=["reporting"])


class CompletenessRowOut(Schema):
    unit: str
    name: str
    status: SubmissionStatus
    status_label: str
    submitted_at: datetime.datetime | None
    on_time: bool | None
    overdue: bool
    values: int


class CompletenessOut(Schema):
    program: str
    period: str
    deadline: datetime.date
    summary: dict[str, int]
    items: list[CompletenessRowOut]
    count: int


class ReportActionIn(Schema):
    program: Name
    period: Name
    unit: Name
    action: Name
    reason: Note = ""
    # Submitting a report with warnings: acknowledge them and say why in a comment.
    acknowledge_warnings: bool = False
    comment: Note = ""


class ReportOut(Schema):
    unit: str
    period: str
    status: SubmissionStatus
    status_label: str
    submitted_at: datetime.datetime | None
    return_reason: str
    warnings: list[str]
    comment: str


@router.get(
    "/completeness",
    response={200: CompletenessOut, **ERRORS},
    summary="Tình hình nộp báo cáo của kỳ",
)
def get_completeness(request, program: str, period: str, under: str | None = None):
    """Các đơn vị trong cây (dưới `under` nếu có) phải nộp báo cáo của kỳ: chưa nộp, chờ duyệt,
    bị trả lại, đã duyệt; và nộp đúng hạn, nộp muộn hay quá hạn."""
    found = program_by_key(request, program)
    reporting = reporting_period_get(program=found, code=period)
    under_unit = (
        reporting_unit_get_for_user(user=request.user, program=found, code=under) if under else None
    )
    result = selectors.completeness(
        user=request.user, program=found, reporting_period=reporting, under=under_unit
    )
    return {
        "program": found.key,
        "period": reporting.period.code,
        "deadline": reporting.deadline,
        "summary": result.summary(),
        "items": [
            {
                "unit": row.unit.code,
                "name": row.unit.name,
                "status": row.status,
                "status_label": row.status_label,
                "submitted_at": row.submitted_at,
                "on_time": row.on_time,
                "overdue": row.overdue,
                "values": row.values_count,
            }
            for row in result.rows
        ],
        "count": len(result.rows),
    }


@router.post(
    "/reports",
    response={200: ReportOut, **ERRORS},
    summary="Thực hiện một bước trên báo cáo của đơn vị",
)
def act_on_report(request, payload: ReportActionIn):
    """Nộp, trả lại (kèm lý do), duyệt, khóa, mở lại (kèm lý do) báo cáo của một đơn vị.

    Khi nộp: báo cáo không có số liệu nào bị từ chối (422); khi báo cáo còn cảnh báo (chỉ tiêu
    chưa có số liệu, số liệu khác xa các kỳ trước hoặc kế hoạch, quy tắc giữa các chỉ tiêu không
    thỏa mãn), trả lời 422 kèm `warnings`, trừ khi `acknowledge_warnings` là true và `comment`
    nêu lý do."""
    found = program_by_key(request, payload.program)
    reporting = reporting_period_get(program=found, code=payload.period)
    unit = reporting_unit_get_for_user(user=request.user, program=found, code=payload.unit)
    if payload.action not in STEPS:
        raise Invalid(_("Unknown action."))
    submission = report_act(
        user=request.user,
        reporting_period=reporting,
        unit=unit,
        action=payload.action,
        reason=(payload.comment or payload.reason)
        if payload.action == "submit"
        else payload.reason,
        acknowledge_warnings=payload.acknowledge_warnings,
    )
    return {
        "unit": unit.code,
        "period": reporting.period.code,
        "status": submission.status,
        "status_label": str(submission.get_status_display()),
        "submitted_at": submission.submitted_at,
        "return_reason": submission.return_reason,
        "warnings": submission.warnings,
        "comment": submission.submit_comment,
    }
