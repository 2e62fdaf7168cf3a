"""API of sessions, directives and recommendations; units are addressed by code."""

import datetime

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja import Status as Answer
from ninja.files import UploadedFile

from tinhdoan.accounts.permissions import scope_for, unit_get_for_user
from tinhdoan.lib.errors import Invalid, NotFound
from tinhdoan.lib.http_errors import ErrorOut
from tinhdoan.lib.paging import page_and_count
from tinhdoan.lib.ratelimits import rate_limit_check
from tinhdoan.lib.text_limits import NAME, TEXT, LongText, Name, Note, Text, max_length_of
from tinhdoan.org.api import MAX_OFFSET
from tinhdoan.org.models import Person, Unit

from . import access, selectors, services
from .models import (
    MAX_TOPICS,
    Category,
    Decision,
    Directive,
    EventKind,
    Outcome,
    Priority,
    RecommendationStatus,
    State,
    Status,
    WorkingSession,
)

sessions_router = Router(tags=["sessions"])
directives_router = Router(tags=["directives"])
recommendations_router = Router(tags=["recommendations"])

ERROR_CODES = (401, 403, 404, 409, 422)


def responses(ok_status: int, schema) -> dict:
    return {ok_status: schema, **{code: ErrorOut for code in ERROR_CODES}}


def unit_by_code(code: str) -> Unit:
    """A unit named as lead, coordinator or addressee: any existing unit (it receives work)."""
    try:
        return Unit.objects.get(code=code)
    except Unit.DoesNotExist:
        raise Invalid(_("Unknown unit code: %(code)s.") % {"code": code}) from None


def units_by_codes(codes: list[str]) -> list[Unit]:
    return [unit_by_code(code) for code in codes]


def unit_among(units, code: str) -> Unit:
    """A unit named in a request body, looked for only among those the caller may name there:
    one outside them is answered exactly as one that does not exist (404), so the answer
    tells nothing of the units out of the caller's scope."""
    unit = units.filter(code=code).first()
    if unit is None:
        raise NotFound(_("Not found: there is no unit %(code)s in your scope.") % {"code": code})
    return unit


def issuer_required(user) -> None:
    """Sessions and directives are recorded by the issuing side only: anyone else is answered
    404 before any code of the request is looked up."""
    if not access.can_record_sessions(user):
        raise NotFound(_("Not found."))


# --- schemas ----------------------------------------------------------------------------------


class ProgressOut(Schema):
    id: int
    unit: str
    reported_at: datetime.datetime
    reported_by: str | None
    percent: int
    text: str
    evidence: list[dict]


class DirectiveOut(Schema):
    id: int
    number: int
    content: str
    issuer: str
    session: int | None
    source_reference: str
    lead: str
    coordinators: list[str]
    assigned_on: datetime.date
    deadline: datetime.date | None
    ongoing: bool
    priority: Priority
    state: State
    status: Status
    status_label: str
    category: Category
    completed_on: datetime.date | None
    version: int
    last_progress: ProgressOut | None


class DirectiveList(Schema):
    items: list[DirectiveOut]
    count: int


class EventOut(Schema):
    kind: EventKind
    at: datetime.datetime
    actor: str | None
    from_state: str
    to_state: str
    old_deadline: datetime.date | None
    new_deadline: datetime.date | None
    reason: str


class DeadlineChangeOut(Schema):
    id: int
    proposed_deadline: datetime.date
    reason: str
    decision: Decision
    requested_by: str | None
    decision_note: str


class DirectiveDetail(DirectiveOut):
    history: list[EventOut]
    progress: list[ProgressOut]
    deadline_changes: list[DeadlineChangeOut]
    can_report: bool
    can_close: bool


class DirectiveIn(Schema):
    content: Text
    lead: Name
    coordinators: list[Name] = []
    session: int | None = None
    issuer: Name | None = None
    source_reference: str = Field("", max_length=max_length_of(Directive, "source_reference"))
    assigned_on: datetime.date | None = None
    deadline: datetime.date | None = None
    ongoing: bool = False
    priority: Priority = Priority.NORMAL


class DirectiveEdit(Schema):
    version: int
    content: Text
    lead: Name
    coordinators: list[Name] = []
    deadline: datetime.date | None = None
    ongoing: bool = False
    priority: Priority = Priority.NORMAL
    reason: Note = ""


class StatusIn(Schema):
    status: State
    reason: Note = ""
    completed_on: datetime.date | None = None
    version: int | None = None


class DeadlineChangeIn(Schema):
    proposed_deadline: datetime.date
    reason: Note


class DecisionIn(Schema):
    accept: bool
    note: Note = ""


class SessionOut(Schema):
    id: int
    title: str
    held_at: datetime.datetime
    time_known: bool = Field(
        description="False when only the day is known: `held_at` is then midnight of that day."
    )
    place: str
    host_unit: str
    issuer: str
    chairs: list[str]
    directive_count: int
    version: int


class SessionList(Schema):
    items: list[SessionOut]
    count: int


class SessionDetail(SessionOut):
    chairs_with_titles: list[str]
    participant_units: list[str]
    participant_people: list[str]
    period_reviewed: str
    report_url: str
    topics: list[str]
    strengths: str
    limitations: str
    conclusion: str
    source_documents: list[dict]
    directives: list[DirectiveOut]
    recommendations: list[int]


class SessionIn(Schema):
    title: str = Field(max_length=max_length_of(WorkingSession, "title"))
    held_at: datetime.datetime
    time_known: bool = True
    place: str = Field("", max_length=max_length_of(WorkingSession, "place"))
    host_unit: Name
    issuer: Name | None = None
    chairs: list[int]
    participant_units: list[Name] = []
    participant_people: list[int] = []
    period_reviewed: str = Field("", max_length=max_length_of(WorkingSession, "period_reviewed"))
    report_url: str = Field("", max_length=max_length_of(WorkingSession, "report_url"))
    topics: list[Note] = Field([], max_length=MAX_TOPICS)
    strengths: LongText = ""
    limitations: LongText = ""
    conclusion: LongText = ""


class SessionEdit(SessionIn):
    version: int


class RecommendationOut(Schema):
    id: int
    session: int | None
    raised_by: str
    addressee: str
    content: str
    received_on: datetime.date
    status: RecommendationStatus
    outcome: str
    answer: str
    answered_on: datetime.date | None
    resulting_directive: int | None
    version: int


class RecommendationList(Schema):
    items: list[RecommendationOut]
    count: int


class RecommendationIn(Schema):
    content: Text
    raised_by: Name
    addressee: Name
    session: int | None = None
    received_on: datetime.date | None = None


class AnswerIn(Schema):
    outcome: Outcome
    answer: Text
    answered_on: datetime.date | None = None
    resulting_directive: int | None = None
    version: int | None = None


# --- converters -------------------------------------------------------------------------------


def _progress_out(report) -> dict:
    return {
        "id": report.pk,
        "unit": report.unit.code,
        "reported_at": report.reported_at,
        "reported_by": report.reported_by.username if report.reported_by_id else None,
        "percent": report.percent,
        "text": report.text,
        "evidence": [
            {
                "name": e.original_name,
                "size": e.size,
                "content_type": e.content_type,
                "url": reverse("meetings:evidence", args=[report.directive_id, e.pk]),
            }
            for e in report.evidence.all()
        ],
    }


def directive_out(directive) -> dict:
    last = getattr(directive, "last_progress", None)
    return {
        "id": directive.pk,
        "number": directive.number,
        "content": directive.content,
        "issuer": directive.issuer.code,
        "session": directive.session_id,
        "source_reference": directive.source_reference,
        "lead": directive.lead.code,
        "coordinators": sorted(u.code for u in directive.coordinators.all()),
        "assigned_on": directive.assigned_on,
        "deadline": directive.deadline,
        "ongoing": directive.ongoing,
        "priority": directive.priority,
        "state": directive.state,
        "status": directive.current_status,
        "status_label": str(directive.status_label),
        "category": str(directive.category),
        "completed_on": directive.completed_on,
        "version": directive.version,
        "last_progress": _progress_out(last) if last else None,
    }


def _directive_detail(user, pk: int) -> dict:
    directive = selectors.with_last_progress([selectors.directive_get_for_user(user=user, pk=pk)])[
        0
    ]
    progress = directive.progress.select_related("unit", "reported_by").prefetch_related("evidence")
    return {
        **directive_out(directive),
        "history": [
            {
                "kind": e.kind,
                "at": e.at,
                "actor": e.actor.username if e.actor_id else None,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "old_deadline": e.old_deadline,
                "new_deadline": e.new_deadline,
                "reason": e.reason,
            }
            for e in directive.events.select_related("actor")
        ],
        "progress": [_progress_out(r) for r in progress],
        "deadline_changes": [
            {
                "id": c.pk,
                "proposed_deadline": c.proposed_deadline,
                "reason": c.reason,
                "decision": c.decision,
                "requested_by": c.requested_by.username if c.requested_by_id else None,
                "decision_note": c.decision_note,
            }
            for c in directive.deadline_changes.select_related("requested_by")
        ],
        "can_report": access.can_report(user, directive),
        "can_close": access.can_issue(user, directive.issuer),
    }


def _session_out(session) -> dict:
    return {
        "id": session.pk,
        "title": session.title,
        "held_at": session.held_at,
        "time_known": session.time_known,
        "place": session.place,
        "host_unit": session.host_unit.code,
        "issuer": session.issuer.code,
        "chairs": [link.person.full_name for link in session.chair_links.all()],
        "directive_count": session.directive_count
        if hasattr(session, "directive_count")
        else session.directives.count(),
        "version": session.version,
    }


def _session_detail(user, session) -> dict:
    directives = selectors.with_last_progress(selectors.session_directives_for_user(user, session))
    return {
        **_session_out(session),
        "chairs_with_titles": selectors.session_chairs_with_titles(session),
        "participant_units": [u.code for u in session.participant_units.all()],
        "participant_people": [p.full_name for p in session.participant_people.all()],
        "period_reviewed": session.period_reviewed,
        "report_url": session.report_url,
        "topics": session.topics,
        "strengths": session.strengths,
        "limitations": session.limitations,
        "conclusion": session.conclusion,
        "source_documents": [
            {"id": d.pk, "title": d.title, "kind": d.kind, "published": d.published}
            for d in session.source_documents.all()
        ],
        "directives": [directive_out(d) for d in directives],
        "recommendations": [
            r.pk for r in selectors.recommendations_for_user(user, session=session)
        ],
    }


def recommendation_out(rec) -> dict:
    return {
        "id": rec.pk,
        "session": rec.session_id,
        "raised_by": rec.raised_by.code,
        "addressee": rec.addressee.code,
        "content": rec.content,
        "received_on": rec.received_on,
        "status": rec.status,
        "outcome": rec.outcome,
        "answer": rec.answer,
        "answered_on": rec.answered_on,
        "resulting_directive": rec.resulting_directive_id,
        "version": rec.version,
    }


def _people(ids: list[int]) -> list[Person]:
    people = Person.objects.in_bulk(ids)
    missing = [pk for pk in ids if pk not in people]
    if missing:
        raise Invalid(_("Unknown person: %(ids)s.") % {"ids": ", ".join(str(i) for i in missing)})
    return [people[pk] for pk in ids]


# --- sessions ---------------------------------------------------------------------------------


@sessions_router.get("", response=responses(200, SessionList), summary="Danh sách buổi làm việc")
def list_sessions(
    request,
    year: int | None = Query(None, ge=1990, le=2100),
    host: str | None = None,
    leader: int | None = None,
    limit: int = 100,
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Các buổi làm việc người gọi được xem, mới nhất trước; lọc theo năm, đơn vị được làm việc,
    lãnh đạo chủ trì."""
    host_unit = unit_get_for_user(user=request.user, code=host) if host else None
    person = Person.objects.filter(pk=leader).first() if leader else None
    if leader and person is None:
        raise NotFound(_("Not found."))
    qs = selectors.sessions_for_user(request.user, year=year, host=host_unit, leader=person)
    limit = max(1, min(limit, 500))
    page, count = page_and_count(qs, offset=offset, limit=limit)
    return {"items": [_session_out(s) for s in page], "count": count}


@sessions_router.get(
    "/{session_id}", response=responses(200, SessionDetail), summary="Xem một buổi làm việc"
)
def get_session(request, session_id: int):
    """Một buổi làm việc: lãnh đạo chủ trì, thành phần, nội dung, đánh giá, kết luận, nhiệm vụ
    được giao và kiến nghị."""
    session = selectors.session_get_for_user(user=request.user, pk=session_id)
    return _session_detail(request.user, session)


def _session_fields(payload: SessionIn) -> dict:
    """What a session's creation and its edit both take from the request."""
    return {
        "title": payload.title,
        "held_at": payload.held_at,
        "time_known": payload.time_known,
        "place": payload.place,
        "chairs": _people(payload.chairs),
        "participant_units": units_by_codes(payload.participant_units),
        "participant_people": _people(payload.participant_people),
        "period_reviewed": payload.period_reviewed,
        "report_url": payload.report_url,
        "topics": payload.topics,
        "strengths": payload.strengths,
        "limitations": payload.limitations,
        "conclusion": payload.conclusion,
    }


@sessions_router.post(
    "", response=responses(201, SessionDetail), summary="Ghi nhận một buổi làm việc"
)
def create_session(request, payload: SessionIn):
    """Ghi nhận buổi làm việc (phía giao nhiệm vụ: lãnh đạo, Ban Thường vụ)."""
    issuer_required(request.user)
    host = unit_among(Unit.objects.filter(scope_for(request.user).unit_filter()), payload.host_unit)
    issuing = access.issuing_units(request.user)
    issuer = (
        unit_among(issuing, payload.issuer) if payload.issuer else unit_among(issuing, host.code)
    )
    session = services.session_create(
        actor=request.user,
        host_unit=host,
        issuer=issuer,
        **_session_fields(payload),
    )
    return Answer(201, _session_detail(request.user, session))


@sessions_router.put(
    "/{session_id}", response=responses(200, SessionDetail), summary="Sửa một buổi làm việc"
)
def update_session(request, session_id: int, payload: SessionEdit):
    """Sửa buổi làm việc; `version` phải là phiên bản đã đọc, nếu không trả lời 409."""
    session = selectors.session_get_for_user(user=request.user, pk=session_id)
    session = services.session_update(
        actor=request.user,
        session=session,
        version=payload.version,
        host_unit=unit_by_code(payload.host_unit),
        **_session_fields(payload),
    )
    return _session_detail(request.user, session)


# --- directives -------------------------------------------------------------------------------


@directives_router.get(
    "", response=responses(200, DirectiveList), summary="Danh sách nhiệm vụ được giao"
)
def list_directives(
    request,
    status: Status | None = None,
    lead: str | None = None,
    issuer: str | None = None,
    session: int | None = None,
    year: int | None = Query(None, ge=1990, le=2100),
    due_before: datetime.date | None = None,
    limit: int = 200,
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Nhiệm vụ được giao mà người gọi được xem, với trạng thái tính đến hôm nay; nhiệm vụ quá
    hạn lên trước."""
    qs = selectors.directive_filter(
        selectors.directives_for_user(request.user),
        status=status or "",
        lead=unit_by_code(lead) if lead else None,
        issuer=unit_by_code(issuer) if issuer else None,
        session_id=session,
        year=year,
        due_before=due_before,
    )
    limit = max(1, min(limit, 1000))
    page, count = page_and_count(qs.order_by("deadline", "id"), offset=offset, limit=limit)
    return {"items": [directive_out(d) for d in selectors.with_last_progress(page)], "count": count}


@directives_router.post("", response=responses(201, DirectiveDetail), summary="Giao một nhiệm vụ")
def create_directive(request, payload: DirectiveIn):
    """Giao nhiệm vụ (phía giao), từ một buổi làm việc hoặc một văn bản."""
    issuer_required(request.user)
    session = (
        selectors.session_get_for_user(user=request.user, pk=payload.session)
        if payload.session
        else None
    )
    directive = services.directive_create(
        actor=request.user,
        content=payload.content,
        lead=unit_by_code(payload.lead),
        coordinators=units_by_codes(payload.coordinators),
        session=session,
        issuer=unit_among(access.issuing_units(request.user), payload.issuer)
        if payload.issuer
        else None,
        source_reference=payload.source_reference,
        assigned_on=payload.assigned_on,
        deadline=payload.deadline,
        ongoing=payload.ongoing,
        priority=payload.priority,
    )
    return Answer(201, _directive_detail(request.user, directive.pk))


@directives_router.get(
    "/{directive_id}",
    response=responses(200, DirectiveDetail),
    summary="Xem một nhiệm vụ được giao",
)
def get_directive(request, directive_id: int):
    """Một nhiệm vụ được giao: nội dung, đơn vị chủ trì và phối hợp, hạn, trạng thái và lịch sử,
    các báo cáo tiến độ."""
    return _directive_detail(request.user, directive_id)


@directives_router.patch(
    "/{directive_id}",
    response=responses(200, DirectiveDetail),
    summary="Sửa một nhiệm vụ được giao",
)
def update_directive(request, directive_id: int, payload: DirectiveEdit):
    """Sửa nội dung, đơn vị, hạn, mức ưu tiên; `version` phải là phiên bản đã đọc (nếu không trả
    lời 409)."""
    directive = selectors.directive_get_for_user(user=request.user, pk=directive_id)
    services.directive_require_issuer(request.user, directive)  # before any code is read
    services.directive_update(
        actor=request.user,
        directive=directive,
        version=payload.version,
        content=payload.content,
        lead=unit_by_code(payload.lead),
        coordinators=units_by_codes(payload.coordinators),
        deadline=payload.deadline,
        ongoing=payload.ongoing,
        priority=payload.priority,
        reason=payload.reason,
    )
    return _directive_detail(request.user, directive_id)


@directives_router.post(
    "/{directive_id}/status",
    response=responses(200, DirectiveDetail),
    summary="Đổi trạng thái nhiệm vụ được giao",
)
def change_status(request, directive_id: int, payload: StatusIn):
    """Bắt đầu (đơn vị được giao), hoàn thành hoặc mở lại (bên giao). Mọi chuyển trạng thái khác
    bị từ chối (422)."""
    directive = selectors.directive_get_for_user(user=request.user, pk=directive_id)
    services.directive_set_status(
        actor=request.user,
        directive=directive,
        status=payload.status,
        reason=payload.reason,
        on=payload.completed_on,
        version=payload.version,
    )
    return _directive_detail(request.user, directive_id)


@directives_router.post(
    "/{directive_id}/progress",
    response={**responses(201, ProgressOut), 507: ErrorOut},
    summary="Báo cáo tiến độ nhiệm vụ được giao",
)
def report_progress(
    request,
    directive_id: int,
    text: str = Form(..., max_length=TEXT),
    percent: int = Form(...),
    unit: str = Form("", max_length=NAME),
    files: File[list[UploadedFile]] = None,
):
    """Báo cáo tiến độ của đơn vị chủ trì hoặc đơn vị phối hợp: nội dung, phần trăm, tệp minh
    chứng."""
    directive = selectors.directive_get_for_user(user=request.user, pk=directive_id)
    if files:
        rate_limit_check(request, scope="upload")
    uploads = [(f.name, f.read()) for f in (files or [])]
    report = services.directive_report_progress(
        actor=request.user,
        directive=directive,
        text=text,
        percent=percent,
        files=uploads,
        unit=unit_by_code(unit) if unit else None,
    )
    return Answer(201, _progress_out(report))


@directives_router.post(
    "/{directive_id}/deadline-change",
    response=responses(201, DeadlineChangeOut),
    summary="Đề nghị gia hạn nhiệm vụ được giao",
)
def request_deadline_change(request, directive_id: int, payload: DeadlineChangeIn):
    """Đơn vị chủ trì đề nghị một hạn mới."""
    directive = selectors.directive_get_for_user(user=request.user, pk=directive_id)
    change = services.directive_request_deadline_change(
        actor=request.user,
        directive=directive,
        proposed_deadline=payload.proposed_deadline,
        reason=payload.reason,
    )
    return Answer(
        201,
        {
            "id": change.pk,
            "proposed_deadline": change.proposed_deadline,
            "reason": change.reason,
            "decision": change.decision,
            "requested_by": request.user.username,
            "decision_note": "",
        },
    )


@directives_router.post(
    "/{directive_id}/deadline-change/decision",
    response=responses(200, DirectiveDetail),
    summary="Quyết định về đề nghị gia hạn",
)
def decide_deadline_change(request, directive_id: int, payload: DecisionIn):
    """Bên giao chấp nhận hoặc từ chối đề nghị gia hạn đang chờ."""
    directive = selectors.directive_get_for_user(user=request.user, pk=directive_id)
    services.directive_decide_deadline_change(
        actor=request.user, directive=directive, accept=payload.accept, note=payload.note
    )
    return _directive_detail(request.user, directive_id)


# --- recommendations --------------------------------------------------------------------------


@recommendations_router.get(
    "", response=responses(200, RecommendationList), summary="Danh sách kiến nghị"
)
def list_recommendations(request, status: str | None = None, session: int | None = None):
    """Kiến nghị người gọi được xem, lọc theo trạng thái và buổi làm việc."""
    session_obj = selectors.session_get_for_user(user=request.user, pk=session) if session else None
    qs = selectors.recommendations_for_user(request.user, status=status or "", session=session_obj)
    return {"items": [recommendation_out(r) for r in qs], "count": qs.count()}


@recommendations_router.post(
    "", response=responses(201, RecommendationOut), summary="Ghi nhận một kiến nghị"
)
def create_recommendation(request, payload: RecommendationIn):
    """Đơn vị nêu kiến nghị, đề xuất với một cấp có thẩm quyền, có thể gắn với một buổi làm
    việc."""
    session = (
        selectors.session_get_for_user(user=request.user, pk=payload.session)
        if payload.session
        else None
    )
    readable = Unit.objects.filter(scope_for(request.user).unit_filter())
    rec = services.recommendation_create(
        actor=request.user,
        content=payload.content,
        raised_by=unit_among(readable, payload.raised_by),
        addressee=unit_by_code(payload.addressee),
        session=session,
        received_on=payload.received_on,
    )
    return Answer(201, recommendation_out(rec))


@recommendations_router.get(
    "/{recommendation_id}", response=responses(200, RecommendationOut), summary="Xem một kiến nghị"
)
def get_recommendation(request, recommendation_id: int):
    """Một kiến nghị: nội dung, nơi nhận, trạng thái và nội dung trả lời."""
    rec = selectors.recommendation_get_for_user(user=request.user, pk=recommendation_id)
    return recommendation_out(rec)


@recommendations_router.post(
    "/{recommendation_id}/consider",
    response=responses(200, RecommendationOut),
    summary="Chuyển kiến nghị sang đang xem xét",
)
def consider_recommendation(request, recommendation_id: int):
    """Nơi nhận ghi nhận kiến nghị đang được xem xét."""
    rec = selectors.recommendation_get_for_user(user=request.user, pk=recommendation_id)
    rec = services.recommendation_consider(actor=request.user, recommendation=rec)
    return recommendation_out(rec)


@recommendations_router.post(
    "/{recommendation_id}/answer",
    response=responses(200, RecommendationOut),
    summary="Trả lời kiến nghị",
)
def answer_recommendation(request, recommendation_id: int, payload: AnswerIn):
    """Nơi nhận trả lời: chấp nhận, không chấp nhận hoặc đã giải quyết, kèm nội dung và ngày trả
    lời."""
    rec = selectors.recommendation_get_for_user(user=request.user, pk=recommendation_id)
    resulting = None
    if payload.resulting_directive:
        try:
            resulting = selectors.directive_get_for_user(
                user=request.user, pk=payload.resulting_directive
            )
        except Http404:
            raise Invalid(_("Unknown directive.")) from None
    with transaction.atomic():
        rec = services.recommendation_answer(
            actor=request.user,
            recommendation=rec,
            outcome=payload.outcome,
            answer=payload.answer,
            answered_on=payload.answered_on,
            resulting_directive=resulting,
            version=payload.version,
        )
    return recommendation_out(rec)
