"""The briefing report (báo cáo phục vụ buổi làm việc) as the union issues it, Hướng dẫn
29-HD/TWĐTN-VP: I. Kết quả thực hiện, II. Công tác tổ chức, III. Việc thực hiện các nhiệm vụ
được giao tại buổi làm việc trước, IV. Kiến nghị, đề xuất, V. Đề xuất nội dung làm việc.

The figures and tables come from the data as read on the document's date; the texts of
sections II, IV and V are drafted from the data (`texts_draft`) and edited before issue."""

import datetime
from dataclasses import dataclass, fields

from tinhdoan.documents.letterhead import letterhead_for, number_symbol, signers_on
from tinhdoan.documents.model import OfficialDocument, Paragraph, Signature, Table
from tinhdoan.lib.dates import vn_date
from tinhdoan.meetings.models import Status
from tinhdoan.meetings.selectors import session_chairs_with_titles
from tinhdoan.org.models import UnitKind
from tinhdoan.rollup.yearend import (
    STATUS_WORDS,
    clean_number,
    province_place,
    results_section,
    text_paragraphs,
)

from .data import proposed_topics
from .selectors import Briefing, Organization

HEADINGS = (
    "I. KẾT QUẢ THỰC HIỆN",
    "II. CÔNG TÁC TỔ CHỨC",
    "III. VIỆC THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO TẠI BUỔI LÀM VIỆC TRƯỚC",
    "IV. KIẾN NGHỊ, ĐỀ XUẤT",
    "V. ĐỀ XUẤT NỘI DUNG LÀM VIỆC",
)
DIRECTIVE_WORDS = {
    Status.NOT_STARTED: "Chưa thực hiện",
    Status.IN_PROGRESS: "Đang thực hiện",
    Status.ADJUSTMENT_REQUESTED: "Đề nghị điều chỉnh thời hạn",
    Status.COMPLETED_ON_TIME: "Hoàn thành đúng hạn",
    Status.COMPLETED_LATE: "Hoàn thành quá hạn",
    Status.OVERDUE: "Quá hạn",
}
RECOMMENDATION_WORDS = {
    "received": "đã được tiếp nhận, chưa có trả lời",
    "under_consideration": "đang được xem xét, chưa có trả lời",
    "answered": "đã được trả lời",
}


@dataclass
class BriefingTexts:
    """The sections an office writes: drafted from the data, edited before issue."""

    organization: str = ""
    recommendations: str = ""
    topics: str = ""

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def _congress_phrase(congress) -> str:
    """A congress held by the briefing's day, with its date."""
    return f"{congress.title} ngày {vn_date(congress.held_on)}"


def _organization_text(organization: Organization, day: datetime.date) -> str:
    lines = []
    if organization.current is not None:
        lines.append(f"Đã tổ chức thành công {_congress_phrase(organization.current)}.")
    for congress in organization.associations:
        lines.append(f"Đã chỉ đạo tổ chức thành công {_congress_phrase(congress)}.")
    progress = organization.campaign
    if progress is not None:
        lines.append(
            f"{progress.campaign.name}: tính đến ngày {vn_date(day)}, "
            f"{progress.held}/{progress.units} đơn vị đã tổ chức đại hội."
        )
    following = organization.next
    if following is not None:
        planned = following.planned_on
        when = f", dự kiến tổ chức ngày {vn_date(planned)}" if planned else ""
        lines.append(f"Đại hội tiếp theo: {following.title}{when}.")
    return "\n".join(lines) or "Chưa có dữ liệu đại hội của đơn vị."


def _recommendations_text(briefing: Briefing) -> str:
    lines = [
        f"{r.content} (gửi {r.addressee.name}, ngày {vn_date(r.received_on)}): "
        f"{RECOMMENDATION_WORDS['received' if r.status == 'answered' else r.status]}."
        for r in briefing.open_recommendations
    ]
    lines += [
        f"{r.content}: {RECOMMENDATION_WORDS['answered']} ngày {vn_date(r.answered_on)}"
        f" — {r.answer.strip().rstrip('.')}."
        for r in briefing.answered_recommendations
    ]
    return "\n".join(lines) or "Không có kiến nghị còn chờ trả lời."


def texts_draft(briefing: Briefing) -> BriefingTexts:
    topics = [f"{n}. {t['text']}" for n, t in enumerate(proposed_topics(briefing), start=1)]
    return BriefingTexts(
        organization=_organization_text(briefing.organization, briefing.day),
        recommendations=_recommendations_text(briefing),
        topics="\n".join(topics) or "Không có chỉ tiêu chậm tiến độ hay nhiệm vụ quá hạn.",
    )


def _forecast(briefing: Briefing) -> list:
    """The forecast for the year of each target, while the year runs."""
    results = briefing.results
    if results.final:
        return []
    rows = [
        [
            row.target.code,
            row.target.name,
            "" if row.expected is None else clean_number(row.expected, 2),
            STATUS_WORDS[row.forecast],
        ]
        for row in results.rows
        if row.evaluable and row.forecast
    ]
    if not rows:
        return []
    return [
        Table(
            columns=["Mã", "Chỉ tiêu", "Dự kiến cả năm", "Dự báo"],
            rows=rows,
            numeric_columns={2},
            title="Dự báo khả năng thực hiện các chỉ tiêu cả năm",
        )
    ]


def _organization(briefing: Briefing, texts: BriefingTexts) -> list:
    body: list = [Paragraph(HEADINGS[1], heading=True), *text_paragraphs(texts.organization)]
    progress = briefing.organization.campaign
    if progress is not None and progress.levels:
        body.append(
            Table(
                columns=["Cấp", "Số đơn vị", "Đã đại hội", "Đúng tiến độ", "Chậm", "Chưa đại hội"],
                rows=[
                    [lv.label, lv.units, lv.held, lv.on_time, lv.late, lv.missing]
                    for lv in progress.levels
                ],
                numeric_columns={1, 2, 3, 4, 5},
                title="Tiến độ đại hội các cấp",
            )
        )
    return body


def _progress_cell(state) -> str:
    report = state.last_progress
    if report is None:
        return "Chưa báo cáo"
    text = f"{report.percent}%: {report.text} ({report.reported_at:%d/%m/%Y})"
    if state.evidence:
        text += "; minh chứng: " + ", ".join(state.evidence)
    return text


def _previous(briefing: Briefing) -> list:
    body: list = [Paragraph(HEADINGS[2], heading=True)]
    previous = briefing.previous_session
    if previous is None:
        who = briefing.body.name if briefing.body else "lãnh đạo tỉnh"
        body.append(Paragraph(f"Chưa có buổi làm việc trước với {who} được ghi nhận."))
        return body
    states = briefing.previous_directives
    done = sum(1 for s in states if s.status.startswith("completed"))
    body.append(
        Paragraph(
            f"Tại buổi làm việc ngày {vn_date(previous.day)}, {previous.issuer.name} giao "
            f"{len(states)} nhiệm vụ; đến ngày {vn_date(briefing.day)} đã hoàn thành {done}, "
            f"quá hạn {len(briefing.overdue_directives)}."
        )
    )
    if states:
        body.append(
            Table(
                columns=["STT", "Nội dung", "Chủ trì", "Thời hạn", "Tình trạng", "Kết quả"],
                rows=[
                    [
                        s.directive.number,
                        s.directive.content,
                        s.directive.lead.name,
                        "Thường xuyên"
                        if s.directive.deadline is None
                        else vn_date(s.directive.deadline),
                        DIRECTIVE_WORDS[s.status],
                        _progress_cell(s),
                    ]
                    for s in states
                ],
                numeric_columns={0},
                title="Các nhiệm vụ được giao (quá hạn trước)",
            )
        )
    return body


def _subject(briefing: Briefing) -> str:
    if briefing.session is not None:
        chairs = session_chairs_with_titles(briefing.session)
        if chairs:
            return "Phục vụ buổi làm việc với " + "; ".join(chairs)
    body = briefing.body
    if body is not None and body.kind == UnitKind.PEOPLES_COMMITTEE:
        return "Phục vụ buổi làm việc với đồng chí Chủ tịch UBND tỉnh"
    return "Phục vụ buổi làm việc với " + (f"lãnh đạo {body.name}" if body else "lãnh đạo tỉnh")


def briefing_document(
    briefing: Briefing,
    *,
    day: datetime.date | None = None,
    texts: BriefingTexts | None = None,
    signature: Signature | None = None,
) -> OfficialDocument:
    """The briefing report; ``texts`` as edited, else drafted from the data."""
    unit = briefing.unit
    head = letterhead_for(unit)
    texts = texts or texts_draft(briefing)
    day = day or briefing.day
    if signature is None:
        signature = next((s.signature for s in signers_on(unit, day)), None)
    body = [
        *results_section(briefing.results),
        *_forecast(briefing),
        *_organization(briefing, texts),
        *_previous(briefing),
        Paragraph(HEADINGS[3], heading=True),
        *text_paragraphs(texts.recommendations),
        Paragraph(HEADINGS[4], heading=True),
        *text_paragraphs(texts.topics),
    ]
    on_behalf, title = head["signature"]
    recipients = [f"{briefing.body.name} (b/c);"] if briefing.body else []
    return OfficialDocument(
        style=head["style"],
        issuer=head["issuer"],
        issuer_parent=head["issuer_parent"],
        number=head["number"],
        place=province_place(unit),
        date=day,
        kind="BÁO CÁO",
        subject=_subject(briefing),
        body=body,
        signature=signature or Signature(on_behalf=on_behalf, title=title),
        recipients=[*recipients, "Lưu VP."],
    )


def briefing_symbol(briefing: Briefing) -> str:
    return number_symbol(briefing.unit, "BC")
