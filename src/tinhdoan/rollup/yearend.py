"""The year-end report (báo cáo kết quả thực hiện chương trình công tác) as an office sends it.

Hướng dẫn 29-HD/TWĐTN-VP: I. Kết quả thực hiện (the computed figures), II. Đánh giá chung
(ưu điểm; hạn chế và nguyên nhân), III. Phương hướng, nhiệm vụ, IV. Đề xuất, kiến nghị.
Sections II to IV are drafted from the figures (`narrative_draft`) and edited before issue.
"""

import datetime
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from tinhdoan.documents.letterhead import letterhead_for, number_symbol, place_of, signers_on
from tinhdoan.documents.model import OfficialDocument, Paragraph, Signature, Table
from tinhdoan.documents.numbers import format_number
from tinhdoan.org.models import Unit, UnitKind
from tinhdoan.programs.models import Direction

from .evaluation import NO_PLAN, Forecast, Status
from .selectors import Results, period_phrase

STATUS_WORDS = {
    Status.EXCEEDED: "Vượt",
    Status.MET: "Đạt",
    Status.NOT_MET: "Không đạt",
    Status.NO_DATA: "Chưa có số liệu",
    Forecast.ON_TRACK: "Đúng tiến độ",
    Forecast.AT_RISK: "Có nguy cơ chậm",
    Forecast.OFF_TRACK: "Chậm tiến độ",
    Forecast.NOT_MEASURABLE: "Chưa đánh giá được",
    NO_PLAN: "Không giao kế hoạch",
}
LAGGING_UNITS_SHOWN = 3
STRENGTHS_SHOWN = 3


def clean_number(value: Decimal | None, places: int = 4):
    """A plain int when whole, else a Decimal rounded to `places` (None stays None)."""
    if value is None:
        return None
    value = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


@dataclass
class Narrative:
    """The sections an office writes: drafted from the figures, edited before issue."""

    strengths: str = ""
    limits: str = ""
    directions: str = ""
    proposals: str = ""

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def _shown(value, target) -> object:
    number = clean_number(value, 1 if target.is_percent else 2)
    return "" if number is None else number


def _figure(value, target) -> str:
    number = clean_number(value, 1 if target.is_percent else 2)
    if number is None:
        return "—"
    return format_number(number) + ("%" if target.is_percent else f" {target.measure}")


def _next_period_words(results: Results) -> str:
    return f"năm {results.period.year + 1}" if results.period.kind == "year" else "thời gian tới"


def _percent(row) -> str:
    return f"{format_number(clean_number(row.percent, 1))}%"


def _strengths(results: Results) -> str:
    counts = results.counts
    done, total = results.focal_tasks
    b_done, b_total = results.breakthroughs
    best = sorted(
        (r for r in results.rows if r.evaluable and r.status == Status.EXCEEDED and r.percent),
        key=lambda r: -r.percent,
    )[:STRENGTHS_SHOWN]
    lines = []
    if total or b_total:
        lines.append(
            f"Hoàn thành {done}/{total} nhiệm vụ trọng tâm, {b_done}/{b_total} nội dung đột phá."
        )
    targets = (
        f"Đạt và vượt {counts.met_or_exceeded}/{counts.total} chỉ tiêu, "
        f"trong đó vượt {counts.exceeded} chỉ tiêu"
    )
    if best:
        targets += ": " + "; ".join(f"{r.target.name} ({_percent(r)} kế hoạch)" for r in best)
    lines.append(targets + ".")
    return "\n".join(lines)


def _gap(row) -> str:
    """How far from plan: what is missing, or for a "lower is better" target, the excess."""
    if row.plan is None or row.actual is None:
        return ""
    gap = abs(Decimal(row.plan) - Decimal(row.actual))
    if row.target.direction == Direction.LOWER:
        return f", cao hơn kế hoạch {_figure(gap, row.target)}"
    return f", còn thiếu {_figure(gap, row.target)}"


def _limits(results: Results) -> str:
    lines = []
    lagging = [r for r in results.rows if r.evaluable and r.is_lagging]
    verb = "chưa đạt" if results.final else "chậm tiến độ"
    for row in lagging:
        lines.append(
            f"Chỉ tiêu {row.target.code} {row.target.name} {verb}: "
            f"{_figure(row.actual, row.target)}/{_figure(row.plan, row.target)}"
            + (f", đạt {_percent(row)}" if row.percent else "")
            + f"{_gap(row)}."
        )
        for answer in (e.answer for e in row.explanations if e.answer):
            lines.append(f"Nguyên nhân (đơn vị giải trình): {answer.strip().rstrip('.')}.")
    behind = sorted(
        (s for s in results.sub_units if s.counts.total and s.counts.not_met),
        key=lambda s: (s.share_percent or 0, s.rank),
    )[:LAGGING_UNITS_SHOWN]
    if behind:
        lines.append(
            "Đơn vị còn nhiều chỉ tiêu chưa đạt: "
            + "; ".join(
                f"{s.unit.name} ({s.counts.met_or_exceeded}/{s.counts.total} chỉ tiêu)"
                for s in behind
            )
            + "."
        )
    if not lines:
        lines.append("Không có chỉ tiêu chưa đạt.")
    return "\n".join(lines)


def _directions(results: Results) -> str:
    lagging = [r for r in results.rows if r.evaluable and r.is_lagging]
    lines = [
        f"Tiếp tục bám sát chương trình công tác {_next_period_words(results)}, "
        "giữ vững các chỉ tiêu đã đạt và vượt."
    ]
    if lagging:
        lines.append(
            "Tập trung chỉ đạo các chỉ tiêu chưa đạt: "
            + "; ".join(f"{r.target.code} {r.target.name}" for r in lagging)
            + "."
        )
    return "\n".join(lines)


def _proposals(results: Results) -> str:
    if results.unit.kind == UnitKind.PROVINCIAL_UNION:
        above = "Ban Bí thư Trung ương Đoàn, Thường trực Tỉnh ủy, UBND tỉnh"
    else:
        above = "Ban Thường vụ cấp trên"
    return (
        f"Đề nghị {above} tiếp tục quan tâm, tạo điều kiện để {results.unit.name} "
        f"thực hiện chương trình công tác {_next_period_words(results)}."
    )


def narrative_draft(results: Results) -> Narrative:
    """The sections II to IV drafted from the figures: targets not met with their gaps,
    the units lagging, the explanations received."""
    return Narrative(
        strengths=_strengths(results),
        limits=_limits(results),
        directions=_directions(results),
        proposals=_proposals(results),
    )


def province_place(unit: Unit) -> str:
    """The province's name, for the place-date line ("Lạng Sơn")."""
    chain = list(Unit.objects.filter(pk__in=unit.ancestor_ids())) + [unit]
    for candidate in chain:
        if candidate.kind == UnitKind.PROVINCIAL_UNION:
            return place_of(candidate) or candidate.name
    return ""


def results_document(
    results: Results,
    *,
    day: datetime.date | None = None,
    number: str = "",
    signer: str = "",
    signature: Signature | None = None,
    narrative: Narrative | None = None,
) -> OfficialDocument:
    """The year-end report; ``narrative`` as edited, or drafted from the figures."""
    unit = results.unit
    head = letterhead_for(unit)
    on_behalf, title = head["signature"]
    narrative = narrative or narrative_draft(results)
    day = day or results.day
    if signature is None and not signer:
        signature = next((s.signature for s in signers_on(unit, day)), None)
    phrase = period_phrase(results.period)
    body = [
        *results_section(results),
        *_assessment_section(narrative),
        Paragraph(
            f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ {_next_period_words(results).upper()}", heading=True
        ),
        *text_paragraphs(narrative.directions),
        Paragraph("IV. ĐỀ XUẤT, KIẾN NGHỊ", heading=True),
        *text_paragraphs(narrative.proposals),
    ]
    return OfficialDocument(
        style="union",
        issuer=head["issuer"],
        issuer_parent=head["issuer_parent"],
        number=number or head["number"],
        place=province_place(unit),
        date=day,
        kind="BÁO CÁO",
        subject=f"Kết quả thực hiện chương trình công tác {phrase[0].lower()}{phrase[1:]}",
        body=body,
        signature=signature or Signature(on_behalf=on_behalf, title=title, name=signer),
        recipients=_recipients(unit) + ["Lưu VP."],
        footnote=tie_footnote(results),
    )


def report_symbol(unit: Unit) -> str:
    return number_symbol(unit, "BC")


def text_paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def _recipients(unit: Unit) -> list[str]:
    if unit.kind == UnitKind.PROVINCIAL_UNION:
        return ["Ban Bí thư Trung ương Đoàn (b/c);", "Thường trực Tỉnh ủy (b/c);"]
    return [f"Ban Thường vụ {unit.parent.name} (b/c);"] if unit.parent_id else []


def results_section(results: Results) -> list:
    """I. The summary, the targets against plan, the sub-units, the explanations."""
    body: list = []
    if results.stale is not None:
        body.append(Paragraph(f"Lưu ý: {results.stale.message}", italic=True))
    body += [Paragraph("I. KẾT QUẢ THỰC HIỆN", heading=True), Paragraph(results.summary)]
    done, total = results.focal_tasks
    b_done, b_total = results.breakthroughs
    if total or b_total:
        body.append(
            Paragraph(
                f"Nhiệm vụ trọng tâm hoàn thành: {done}/{total}; "
                f"nội dung đột phá hoàn thành: {b_done}/{b_total}."
            )
        )
    return body + _targets(results) + _sub_units(results) + _explanations(results)


def _targets(results: Results) -> list:
    table = Table(
        columns=[
            "TT",
            "Mã",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Kế hoạch",
            "Thực hiện",
            "Tỷ lệ so với kế hoạch (%)",
            "Đánh giá",
        ],
        rows=[
            [
                index,
                row.target.code,
                row.target.name,
                row.target.measure,
                _shown(row.plan, row.target),
                _shown(row.actual, row.target),
                "" if row.percent is None else clean_number(row.percent, 1),
                STATUS_WORDS[row.shown_status],
            ]
            for index, row in enumerate(results.rows, start=1)
        ],
        numeric_columns={0, 4, 5, 6},
        title="Bảng 1. Kết quả thực hiện các chỉ tiêu",
    )
    counts = results.counts
    total = (
        f"Tổng số {counts.total} chỉ tiêu: vượt {counts.exceeded}, đạt {counts.met}, "
        f"không đạt {counts.not_met}, chưa có số liệu {counts.no_data}"
    )
    if unplanned := results.unplanned_rows:
        codes = ", ".join(row.target.code for row in unplanned)
        total += f" (không tính {len(unplanned)} chỉ tiêu không giao kế hoạch cho đơn vị: {codes})"
    return [
        Paragraph("1. Kết quả thực hiện các chỉ tiêu", bold=True),
        table,
        Paragraph(total + "."),
    ]


def _sub_units(results: Results) -> list:
    if not results.sub_units:
        return []
    table = Table(
        columns=[
            "Xếp hạng",
            "Đơn vị",
            "Số chỉ tiêu đạt và vượt",
            "Số chỉ tiêu được giao",
            "Tỷ lệ (%)",
        ],
        rows=[
            [
                s.rank,
                s.unit.name,
                s.counts.met_or_exceeded,
                s.counts.total,
                clean_number(s.share_percent, 1) if s.share_percent is not None else "",
            ]
            for s in results.sub_units
        ],
        numeric_columns={0, 2, 3, 4},
        title="Bảng 2. Kết quả thực hiện chỉ tiêu của các đơn vị trực thuộc",
    )
    return [Paragraph("2. Kết quả của các đơn vị trực thuộc", bold=True), table]


def tie_footnote(results: Results) -> str:
    """The notes that break the sub-units' ties, as one sentence under the body."""
    tied = [s for s in results.sub_units if s.tie_note]
    if not tied:
        return ""
    ranks: dict[int, list[str]] = {}
    for s in tied:
        ranks.setdefault(s.rank, []).append(s.unit.name)
    shared = [
        f"{', '.join(names)} (hạng {rank})" for rank, names in ranks.items() if len(names) > 1
    ]
    sentence = (
        "Đơn vị cùng tỷ lệ chỉ tiêu đạt và vượt được xếp theo số chỉ tiêu vượt, rồi theo tỷ lệ "
        "hoàn thành kế hoạch bình quân"
    )
    if shared:
        sentence += "; bằng nhau cả ba tiêu chí thì đồng hạng: " + "; ".join(shared)
    return sentence + "."


def _explanations(results: Results) -> list:
    requests = [(row, e) for row in results.rows for e in row.explanations]
    if not requests:
        return []
    table = Table(
        columns=["Chỉ tiêu", "Yêu cầu giải trình", "Ngày yêu cầu", "Giải trình", "Ngày"],
        rows=[
            [
                f"{row.target.code} {row.target.name}",
                e.message,
                f"{e.requested_at:%d/%m/%Y}",
                e.answer or "Chưa giải trình",
                f"{e.answered_at:%d/%m/%Y}" if e.answered_at else "",
            ]
            for row, e in requests
        ],
        title="Bảng 3. Yêu cầu giải trình và giải trình của đơn vị",
    )
    return [Paragraph("3. Giải trình các chỉ tiêu chậm tiến độ", bold=True), table]


def _assessment_section(narrative: Narrative) -> list:
    return [
        Paragraph("II. ĐÁNH GIÁ CHUNG", heading=True),
        Paragraph("1. Ưu điểm", bold=True),
        *text_paragraphs(narrative.strengths),
        Paragraph("2. Hạn chế và nguyên nhân", bold=True),
        *text_paragraphs(narrative.limits),
    ]
