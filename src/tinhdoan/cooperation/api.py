import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tinhdoan.accounts.permissions import unit_get_for_user
from tinhdoan.lib.errors import Invalid
from tinhdoan.lib.http_errors import ErrorOut
from tinhdoan.lib.text_limits import Name, Note, Text, max_length_of
from tinhdoan.meetings.access import directive_visibility
from tinhdoan.meetings.models import Directive

from . import selectors, services
from .models import (
    CommendationLevel,
    CoordinationProgram,
    Exemplar,
    ExemplarField,
    ExemplarKind,
    ExemplarStatus,
)

router = Router(tags=["cooperation"])
R = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class CoordinationItemOut(Schema):
    id: int
    number: int
    content: str
    party: str


class CoordinationResultOut(Schema):
    item: int
    result: str
    note: str


class CoordinationEvaluationOut(Schema):
    year: int
    reviewed_on: datetime.date
    summary: str
    next_steps: str
    directive: int | None
    results: list[CoordinationResultOut]


class CoordinationProgramOut(Schema):
    id: int
    number: str
    title: str
    union_unit: str
    departments: list[str]
    signed_on: datetime.date
    valid_from: datetime.date
    valid_to: datetime.date | None
    evaluated_years: list[int]


class CoordinationProgramDetail(CoordinationProgramOut):
    items: list[CoordinationItemOut]
    evaluations: list[CoordinationEvaluationOut]


class CoordinationProgramList(Schema):
    items: list[CoordinationProgramOut]
    count: int


class CoordinationDueOut(Schema):
    program: CoordinationProgramOut
    year: int
    reason: str


class CoordinationDueList(Schema):
    items: list[CoordinationDueOut]
    count: int


class CoordinationVerdictIn(Schema):
    item: int
    result: Name
    note: Note = ""


class CoordinationEvaluationIn(Schema):
    year: int
    reviewed_on: datetime.date
    results: list[CoordinationVerdictIn]
    summary: Text = ""
    next_steps: Text = ""
    directive: int | None = None


class ExemplarOut(Schema):
    id: int
    kind: ExemplarKind
    name: str
    unit: str
    title: str
    field: str
    field_label: str
    year: int
    status: ExemplarStatus
    commendation_level: str
    commendation_form: str
    commended_on: datetime.date | None
    replications: list[str]


class ExemplarList(Schema):
    items: list[ExemplarOut]
    count: int


class ExemplarIn(Schema):
    unit: Name
    kind: ExemplarKind
    title: str = Field(max_length=max_length_of(Exemplar, "title"))
    field: Name
    year: int
    name: str = Field("", max_length=max_length_of(Exemplar, "name"))
    story: Text = ""


class ExemplarCommendIn(Schema):
    level: CommendationLevel
    form: Name
    commended_on: datetime.date
    by: str = Field("", max_length=max_length_of(Exemplar, "commended_by"))


class ExemplarReplicationIn(Schema):
    unit: Name
    on_date: datetime.date
    note: Note = ""


def _program_out(program: CoordinationProgram) -> dict:
    return {
        "id": program.pk,
        "number": program.number,
        "title": program.title,
        "union_unit": program.union_unit.code,
        "departments": sorted(d.code for d in program.departments.all()),
        "signed_on": program.signed_on,
        "valid_from": program.valid_from,
        "valid_to": program.valid_to,
        "evaluated_years": [e.year for e in program.evaluations.all()],
    }


def _exemplar_out(exemplar: Exemplar) -> dict:
    return {
        "id": exemplar.pk,
        "kind": exemplar.kind,
        "name": exemplar.name,
        "unit": exemplar.unit.code,
        "title": exemplar.title,
        "field": exemplar.field,
        "field_label": str(exemplar.get_field_display()),
        "year": exemplar.year,
        "status": exemplar.status,
        "commendation_level": exemplar.commendation_level,
        "commendation_form": exemplar.commendation_form,
        "commended_on": exemplar.commended_on,
        "replications": [r.unit.code for r in selectors.exemplar_replications(exemplar)],
    }


def directive_for_user(user, pk: int | None):
    """A directive the user may see, for linking a review to it; 422 otherwise."""
    if pk is None:
        return None
    directive = Directive.objects.filter(directive_visibility(user), pk=pk).first()
    if directive is None:
        raise Invalid(_("No directive %(id)s that you can see.") % {"id": pk})
    return directive


@router.get(
    "/programs",
    response={200: CoordinationProgramList, **R},
    summary="Danh sách chương trình phối hợp",
)
def list_programs(request):
    """Các chương trình phối hợp mà người gọi được xem."""
    programs = list(selectors.programs_for_user(user=request.user))
    return {"items": [_program_out(p) for p in programs], "count": len(programs)}


@router.get(
    "/programs/due",
    response={200: CoordinationDueList, **R},
    summary="Chương trình phối hợp đến hạn đánh giá",
)
def programs_due(request):
    """Chương trình đến hạn đánh giá: năm gần nhất chưa được đánh giá, hoặc sắp kết thúc trong
    vòng 90 ngày."""
    due = selectors.programs_due_for_review(user=request.user, today=timezone.localdate())
    return {
        "items": [
            {"program": _program_out(d.program), "year": d.year, "reason": d.reason} for d in due
        ],
        "count": len(due),
    }


@router.get(
    "/programs/{int:program_id}",
    response={200: CoordinationProgramDetail, **R},
    summary="Xem một chương trình phối hợp",
)
def get_program(request, program_id: int):
    """Một chương trình phối hợp: các bên, ngày ký, thời hạn, các nội dung và các lần đánh giá
    hằng năm."""
    program = selectors.program_get_for_user(user=request.user, pk=program_id)
    return {
        **_program_out(program),
        "items": [
            {"id": i.pk, "number": i.number, "content": i.content, "party": i.party.code}
            for i in selectors.program_items(program)
        ],
        "evaluations": [
            {
                "year": e.year,
                "reviewed_on": e.reviewed_on,
                "summary": e.summary,
                "next_steps": e.next_steps,
                "directive": e.directive_id,
                "results": [
                    {"item": r.item.number, "result": r.result, "note": r.note}
                    for r in e.results.all()
                ],
            }
            for e in selectors.program_evaluations(program)
        ],
    }


@router.post(
    "/programs/{int:program_id}/evaluations",
    response={201: CoordinationProgramOut, **R},
    summary="Đánh giá hằng năm chương trình phối hợp",
)
def evaluate_program(request, program_id: int, payload: CoordinationEvaluationIn):
    """Đánh giá hằng năm: từng nội dung (theo id) đã thực hiện, thực hiện một phần hay chưa thực
    hiện (`done`, `partly`, `not_done`), kèm ghi chú."""
    program = selectors.program_get_for_user(user=request.user, pk=program_id, write=True)
    directive = directive_for_user(request.user, payload.directive)
    services.program_evaluate(
        program=program,
        year=payload.year,
        reviewed_on=payload.reviewed_on,
        verdicts=[
            services.ItemVerdict(item_id=r.item, result=r.result, note=r.note)
            for r in payload.results
        ],
        summary=payload.summary,
        next_steps=payload.next_steps,
        directive=directive,
        created_by=request.user,
    )
    program = selectors.program_get_for_user(user=request.user, pk=program_id)
    return Status(201, _program_out(program))


@router.get(
    "/exemplars", response={200: ExemplarList, **R}, summary="Danh sách điển hình tiên tiến"
)
def list_exemplars(request, field: str = "", year: int | None = None, unit: str | None = None):
    """Điển hình tiên tiến người gọi được xem, lọc theo lĩnh vực, năm và đơn vị (cả các đơn vị
    trực thuộc)."""
    if field and field not in ExemplarField.values:
        raise Invalid(_("Unknown field: %(field)s.") % {"field": field})
    under = unit_get_for_user(user=request.user, code=unit) if unit else None
    exemplars = list(
        selectors.exemplars_for_user(
            user=request.user, field=field, year=year, under=under
        ).prefetch_related("replications__unit")
    )
    return {"items": [_exemplar_out(e) for e in exemplars], "count": len(exemplars)}


@router.post("/exemplars", response={201: ExemplarOut, **R}, summary="Đề xuất điển hình tiên tiến")
def nominate_exemplar(request, payload: ExemplarIn):
    """Đơn vị đề xuất một cá nhân hoặc tập thể làm điển hình tiên tiến trong một lĩnh vực, một
    năm."""
    unit = unit_get_for_user(user=request.user, code=payload.unit)
    if not selectors.may_nominate(request.user, unit):
        raise Http404
    exemplar = services.exemplar_nominate(
        unit=unit,
        kind=payload.kind,
        title=payload.title,
        field=payload.field,
        year=payload.year,
        name=payload.name,
        story=payload.story,
        created_by=request.user,
    )
    return Status(201, _exemplar_out(exemplar))


@router.post(
    "/exemplars/{int:exemplar_id}/commend",
    response={200: ExemplarOut, **R},
    summary="Tuyên dương điển hình tiên tiến",
)
def commend_exemplar(request, exemplar_id: int, payload: ExemplarCommendIn):
    """Cấp có thẩm quyền tuyên dương một điển hình đã được đề xuất."""
    exemplar = selectors.exemplar_get_for_user(user=request.user, pk=exemplar_id)
    if not selectors.may_commend(request.user, exemplar.unit):
        raise Http404
    exemplar = services.exemplar_commend(
        exemplar=exemplar,
        level=payload.level,
        form=payload.form,
        commended_on=payload.commended_on,
        by=payload.by,
    )
    return _exemplar_out(exemplar)


@router.post(
    "/exemplars/{int:exemplar_id}/replications",
    response={201: ExemplarOut, **R},
    summary="Ghi nhận nhân rộng điển hình",
)
def replicate_exemplar(request, exemplar_id: int, payload: ExemplarReplicationIn):
    """Một đơn vị đã nhân rộng mô hình; do chính đơn vị đó (hoặc cấp trên của nó) ghi nhận."""
    exemplar = selectors.exemplar_get_for_user(user=request.user, pk=exemplar_id)
    unit = unit_get_for_user(user=request.user, code=payload.unit)
    if not selectors.may_nominate(request.user, unit):
        raise Http404
    services.replication_record(
        exemplar=exemplar, unit=unit, on_date=payload.on_date, note=payload.note
    )
    return Status(201, _exemplar_out(exemplar))
