"""`POST /api/v1/ingest`: read a document into a draft; read and confirm drafts."""

import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tinhdoan.jobs.api import JobOut, job_out
from tinhdoan.lib.errors import Invalid, TooLarge
from tinhdoan.lib.http_errors import ErrorOut
from tinhdoan.lib.limits import limit
from tinhdoan.lib.ratelimits import rate_limit_check
from tinhdoan.lib.text_limits import NAME, text_check
from tinhdoan.org.models import Unit

from . import selectors, services
from .jobs import ingest_needs_job, ingest_start
from .models import DraftStatus, ItemDecision, ItemKind
from .views import request_too_large

router = Router(tags=["ingest"])


class ItemOut(Schema):
    id: int
    kind: ItemKind
    number: int
    fields: dict
    span: list[int]
    decision: ItemDecision
    unit: str | None
    coordinators: list[str]
    addressee: str | None
    is_group: bool


class DraftOut(Schema):
    id: int
    status: DraftStatus
    title: str
    document_id: int
    meeting_date: datetime.date | None
    host_unit: str | None
    issuer: str | None
    session_id: int | None
    warnings: list[str]
    existing_session_ids: list[int]
    items: list[ItemOut]


def _code(unit: Unit | None) -> str | None:
    return unit.code if unit is not None else None


def _draft_out(draft) -> dict:
    sessions = selectors.sessions_from_document(draft.document)
    return {
        "id": draft.pk,
        "status": draft.status,
        "title": draft.title,
        "document_id": draft.document_id,
        "meeting_date": draft.meeting_date,
        "host_unit": _code(draft.host_unit),
        "issuer": _code(draft.issuer),
        "session_id": draft.session_id,
        "warnings": draft.warnings,
        "existing_session_ids": [s.pk for s in sessions if s.pk != draft.session_id],
        "items": [
            {
                "id": i.pk,
                "kind": i.kind,
                "number": i.number,
                "fields": i.fields,
                "span": [i.span_start, i.span_end],
                "decision": i.decision,
                "unit": _code(i.unit),
                "coordinators": [u.code for u in i.coordinators.all()],
                "addressee": _code(i.addressee),
                "is_group": i.is_group,
            }
            for i in selectors.draft_items(draft)
        ],
    }


def _require_ingest(request) -> None:
    if not selectors.can_ingest(request.auth):
        raise Http404


_UPLOAD_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "published": {"type": "string", "format": "date"},
                        "unit": {
                            "type": "string",
                            "maxLength": NAME,
                            "description": "Code of the host unit.",
                        },
                    },
                }
            }
        },
        "required": True,
    }
}


@router.post(
    "",
    response={
        200: DraftOut,
        201: DraftOut,
        202: JobOut,
        401: ErrorOut,
        404: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
        507: ErrorOut,
    },
    summary="Đọc một văn bản thành bản nháp buổi làm việc",
    openapi_extra=_UPLOAD_BODY,
)
def ingest_upload(request):
    """Trả lời 201 kèm bản nháp mới; 200 kèm bản nháp đã có khi cùng nội dung đã được đọc trước
    đó. Văn bản lớn được đọc trong nền: 202 kèm công việc (`GET /api/v1/jobs/{id}`), công việc
    xong trỏ tới bản nháp."""
    _require_ingest(request)
    rate_limit_check(request, scope="upload")
    if request_too_large(request):
        raise TooLarge(
            _("The file is too large: at most %(mb)s MB.") % {"mb": limit("upload_bytes") // 2**20}
        )
    upload = request.FILES.get("file")
    if upload is None:
        raise Invalid(_("Send the document as the multipart field “file”."))
    if upload.size > limit("upload_bytes"):
        raise TooLarge(
            _("The file is too large: at most %(mb)s MB.") % {"mb": limit("upload_bytes") // 2**20}
        )
    published = None
    if request.POST.get("published"):
        try:
            published = datetime.date.fromisoformat(request.POST["published"])
        except ValueError:
            raise Invalid(_("The publication date must be YYYY-MM-DD.")) from None
    host = None
    if request.POST.get("unit"):
        text_check(request.POST["unit"], limit=NAME, label=_("The unit code"))
        host = Unit.objects.filter(code=request.POST["unit"]).first()
        if host is None:
            raise Invalid(_("Unknown unit code: %(code)s.") % {"code": request.POST["unit"]})
    data = upload.read()
    if ingest_needs_job(upload.name, data):
        job = ingest_start(
            user=request.auth, file_name=upload.name, data=data, published=published, host_unit=host
        )
        return Status(202, job_out(job))
    result = services.draft_ingest(
        actor=request.auth,
        file_name=upload.name,
        data=data,
        published=published,
        host_unit=host,
    )
    return Status(201 if result.created else 200, _draft_out(result.draft))


@router.get(
    "/{draft_id}",
    response={200: DraftOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Xem một bản nháp",
)
def ingest_draft(request, draft_id: int):
    """Bản nháp đọc từ văn bản: buổi làm việc, nhiệm vụ được giao và kiến nghị trích ra, mỗi mục
    kèm đoạn văn nguồn."""
    _require_ingest(request)
    return _draft_out(selectors.draft_get_for_user(user=request.auth, pk=draft_id))


class ConfirmOut(Schema):
    draft_id: int
    session_id: int
    directive_ids: list[int]


@router.post(
    "/{draft_id}/confirm",
    response={200: ConfirmOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Xác nhận bản nháp đã rà soát thành hồ sơ",
)
def ingest_confirm(request, draft_id: int, duplicate_confirmed: bool = False):
    """`duplicate_confirmed=true` ghi nhận buổi làm việc dù đã có một buổi trông giống hệt (nếu
    không trả lời 409)."""
    _require_ingest(request)
    draft = selectors.draft_get_for_user(user=request.auth, pk=draft_id)
    session = services.draft_confirm(
        actor=request.auth, draft=draft, duplicate_confirmed=duplicate_confirmed
    )
    return {
        "draft_id": draft.pk,
        "session_id": session.pk,
        "directive_ids": list(session.directives.values_list("pk", flat=True)),
    }
