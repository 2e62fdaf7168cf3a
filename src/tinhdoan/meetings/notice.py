"""The conclusion notice of a working session (thông báo kết luận), as the provincial People's
Committee office issues it (Nghị định 30/2020/NĐ-CP): who chaired and who took part, the
assessment, the conclusions, the directives numbered with their lead and coordinating units
by name and their deadlines, and how the recommendations will be handled."""

from pathlib import Path

from django.core.management.base import CommandError

from tinhdoan.documents.letterhead import letterhead_for, number_symbol, place_of, signers_on
from tinhdoan.documents.model import OfficialDocument, Paragraph, Signature, Table
from tinhdoan.documents.models import IssuedDocument
from tinhdoan.documents.render import RENDERERS
from tinhdoan.documents.selectors import document_issued_for
from tinhdoan.documents.services import document_issue
from tinhdoan.lib.dates import vn_date
from tinhdoan.org.models import Unit, UnitKind
from tinhdoan.org.selectors import person_with_titles, positions_on

from .models import Directive, WorkingSession

FORMATS = ("docx", "pdf")
OFFICE_HEAD = "chánh văn phòng"
RECOMMENDATION_HANDLING = {
    "received": "đã được ghi nhận, sẽ được xem xét, giải quyết",
    "under_consideration": "đang được các cơ quan chuyên môn tham mưu, đề xuất để tỉnh xem xét, "
    "giải quyết",
    "answered": "đã được trả lời",
}


def _chairs(session: WorkingSession) -> str:
    people = [link.person for link in session.chair_links.select_related("person")]
    return "; ".join(person_with_titles(person=p, day=session.day) for p in people)


def _chair_short(session: WorkingSession) -> str:
    """ "đồng chí Phạm Ngọc Thưởng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh" for the subject."""
    return _chairs(session) or "lãnh đạo tỉnh"


def _deadline(directive: Directive) -> str:
    if directive.ongoing or directive.deadline is None:
        return "Thường xuyên"
    return vn_date(directive.deadline)


def _directives_table(directives: list[Directive], first: int) -> Table:
    return Table(
        columns=["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn"],
        rows=[
            [
                number,
                d.content,
                d.lead.name,
                "; ".join(u.name for u in d.coordinators.all()) or "—",
                _deadline(d),
            ]
            for number, d in enumerate(directives, start=first)
        ],
        numeric_columns={0},
    )


def _body(session: WorkingSession) -> list:
    host = session.host_unit
    departments = [u for u in session.participant_units.all() if u.pk != host.pk]
    directives = list(
        session.directives.select_related("lead")
        .prefetch_related("coordinators")
        .order_by("number", "id")
    )
    to_host = [d for d in directives if d.lead_id == host.pk]
    to_others = [d for d in directives if d.lead_id != host.pk]
    body: list = [
        Paragraph(
            f"Ngày {vn_date(session.day)}, {_chair_short(session)} đã chủ trì buổi làm việc "
            f"với {host.name}" + (f" tại {session.place}" if session.place else "") + "."
        ),
        Paragraph(
            "Tham dự buổi làm việc có: " + "; ".join(u.name for u in [host, *departments]) + "."
        ),
        Paragraph(
            f"Sau khi nghe {host.name} báo cáo kết quả công tác"
            + (f" năm {session.period_reviewed}" if session.period_reviewed else "")
            + " và ý kiến của các đại biểu dự họp, đồng chí chủ trì kết luận như sau:"
        ),
        Paragraph("1. Đánh giá chung", heading=True),
        *[Paragraph(t) for t in (session.strengths, session.limitations) if t.strip()],
        Paragraph("2. Nhiệm vụ thời gian tới", heading=True),
    ]
    if to_host:
        body += [Paragraph(f"a) Đối với {host.name}:", bold=True), _directives_table(to_host, 1)]
    if to_others:
        body += [
            Paragraph("b) Đối với các sở, ban, ngành:", bold=True),
            _directives_table(to_others, len(to_host) + 1),
        ]
    body.append(Paragraph("3. Về các kiến nghị", heading=True))
    recommendations = list(session.recommendations.select_related("raised_by", "addressee"))
    for r in recommendations:
        handling = RECOMMENDATION_HANDLING.get(r.status, "đã được ghi nhận")
        body.append(Paragraph(f"{r.content} của {r.raised_by.name}: {handling}."))
    if not recommendations:
        body.append(Paragraph("Không có kiến nghị."))
    body.append(
        Paragraph(
            f"Văn phòng {session.issuer.name} thông báo để {host.name}, các sở, ban, ngành "
            "liên quan biết, thực hiện."
        )
    )
    return body


def _signature(session: WorkingSession) -> Signature:
    """A people's committee's notice is signed for the chairman by the head of its office
    (TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG); a union's by its secretary of the day."""
    if session.issuer.kind != UnitKind.PEOPLES_COMMITTEE:
        signers = signers_on(session.issuer, session.day)
        return signers[0].signature if signers else Signature()
    head = next(
        (
            p.person.full_name
            for p in positions_on(day=session.day, unit=session.issuer)
            if p.title.strip().lower().startswith(OFFICE_HEAD)
        ),
        "",
    )
    return Signature(on_behalf="TL. CHỦ TỊCH", title="CHÁNH VĂN PHÒNG", name=head)


def _recipients(session: WorkingSession) -> list[str]:
    host = session.host_unit
    departments = [
        u.name
        for u in session.participant_units.all()
        if u.pk != host.pk and u.kind == UnitKind.DEPARTMENT
    ]
    return [
        "Thường trực Tỉnh ủy (b/c);",
        "Chủ tịch, các PCT UBND tỉnh;",
        f"{host.name};",
        *[f"{name};" for name in departments],
        "Lưu: VT.",
    ]


def conclusion_document(session: WorkingSession, *, number: str = "") -> OfficialDocument:
    issuer: Unit = session.issuer
    head = letterhead_for(issuer)
    return OfficialDocument(
        style=head["style"],
        issuer_parent=head["issuer_parent"],
        issuer=head["issuer"],
        number=number or f"     /{number_symbol(issuer, 'TB')}",
        place=place_of(issuer) or issuer.name,
        date=session.day,
        kind="THÔNG BÁO",
        subject=f"Kết luận của {_chair_short(session)} tại buổi làm việc với "
        f"{session.host_unit.name}",
        body=_body(session),
        signature=_signature(session),
        recipients=_recipients(session),
    )


def notice_source(session: WorkingSession) -> str:
    return f"conclusions:{session.pk}"


def issued_notice(session: WorkingSession) -> IssuedDocument | None:
    return document_issued_for(unit=session.issuer, source=notice_source(session))


def notice_document(session: WorkingSession) -> OfficialDocument:
    """The notice as issued, else as drafted from the session today."""
    issued = issued_notice(session)
    return issued.document() if issued is not None else conclusion_document(session)


def notice_issue(*, session: WorkingSession, user) -> IssuedDocument:
    """Number the notice from the issuing body's register and keep it as issued."""
    return document_issue(
        unit=session.issuer,
        document=conclusion_document(session),
        symbol=number_symbol(session.issuer, "TB"),
        source=notice_source(session),
        user=user,
    )


def conclusion_filename(session: WorkingSession, fmt: str) -> str:
    return f"thong-bao-ket-luan-{session.pk}-{session.day:%Y%m%d}.{fmt}"


# --- `tinhdoan report conclusions` --------------------------------------------------------------


class ConclusionsReportCommand:
    help = "Thông báo kết luận của buổi làm việc (theo Nghị định 30/2020/NĐ-CP)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--session", required=True, type=int, help="Số hiệu buổi làm việc.")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="docx")
        parser.add_argument("--output", type=Path, help="Tệp kết quả (mặc định: thư mục hiện tại).")

    def handle(self, command, *, session, fmt, output, **_):
        found = WorkingSession.objects.select_related("host_unit", "issuer").filter(pk=session)
        found = found.first()
        if found is None:
            raise CommandError(f"Không có buổi làm việc số {session}.")
        try:
            content = RENDERERS[fmt](notice_document(found))
        except ValueError as exc:  # DocumentError
            raise CommandError(str(exc)) from None
        path = output or Path(conclusion_filename(found, fmt))
        path.write_bytes(content)
        command.stdout.write(
            f"Đã ghi {path}: thông báo kết luận buổi làm việc ngày {vn_date(found.day)}, "
            f"{found.directives.count()} nhiệm vụ."
        )


conclusions_report_command = ConclusionsReportCommand()
