"""The results report: the JSON contract and the year-end report (DOCX, XLSX, PDF)."""

import datetime
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from tinhdoan.documents.letterhead import letterhead_for
from tinhdoan.documents.model import OfficialDocument, Paragraph, Signature, Table
from tinhdoan.documents.render import render_docx, render_pdf, render_xlsx
from tinhdoan.lib.dates import parse_date
from tinhdoan.org.models import Unit, UnitKind

from .evaluation import NO_PLAN, Forecast, Status, TargetResult
from .selectors import Results, ResultsError, period_phrase, results_key, unit_results

FORMATS = ("json", "docx", "xlsx", "pdf")
CONTENT_TYPES = {
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
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
PREFIXES = ("Tỉnh đoàn ", "Thành đoàn ", "Huyện đoàn ", "Thị đoàn ")


def clean_number(value: Decimal | None, places: int = 4):
    """A plain int when whole, else a Decimal rounded to `places` (None stays None)."""
    if value is None:
        return None
    value = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def _json_number(value):
    number = clean_number(value)
    return float(number) if isinstance(number, Decimal) else number


def explanation_json(request) -> dict:
    return {
        "id": request.pk,
        "message": request.message,
        "requested_at": request.requested_at.isoformat(),
        "requested_by": _who(request.requested_by),
        "status": request.status,
        "answer": request.answer or None,
        "answered_at": request.answered_at.isoformat() if request.answered_at else None,
        "answered_by": _who(request.answered_by) if request.answered_by else None,
    }


def _who(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _row_json(row: TargetResult, final: bool) -> dict:
    data = {
        "code": row.target.code,
        "name": row.target.name,
        "measure": row.target.measure,
        "plan": _json_number(row.plan),
        "actual": _json_number(row.actual),
        "percent": _json_number(row.percent),
        "status": row.status,
    }
    if not final:
        data["forecast"] = row.forecast
        data["expected"] = _json_number(row.expected)
    if row.explanations:
        data["explanations"] = [explanation_json(e) for e in row.explanations]
    return data


def results_json(results: Results) -> dict:
    """The results of a unit for a period in the published JSON contract."""
    return {
        "unit": {"code": results.unit.code, "name": results.unit.name},
        "period": results.period.code,
        "program": results.program.key,
        "as_of": results.day.isoformat(),
        "final": results.final,
        "focal_tasks": {
            "completed": results.focal_tasks[0],
            "total": results.focal_tasks[1],
        },
        "breakthroughs": {
            "completed": results.breakthroughs[0],
            "total": results.breakthroughs[1],
        },
        "targets": results.counts.as_dict(),
        **({} if results.final else {"forecast": results.forecast_counts}),
        "rows": [_row_json(row, results.final) for row in results.rows],
        "sub_units": [
            {
                "code": s.unit.code,
                "name": s.unit.name,
                "met_or_exceeded": s.counts.met_or_exceeded,
                "exceeded": s.counts.exceeded,
                "total": s.counts.total,
                "rank": s.rank,
                "tie_note": s.tie_note,
            }
            for s in results.sub_units
        ],
        "summary": results.summary,
        "stale": None
        if results.stale is None
        else {
            "since": results.stale.since.isoformat() if results.stale.since else None,
            "reasons": results.stale.reasons,
            "message": results.stale.message,
        },
    }


def _place(unit: Unit) -> str:
    """The province's name, for the place-date line ("Lạng Sơn")."""
    chain = list(Unit.objects.filter(pk__in=unit.ancestor_ids())) + [unit]
    for candidate in chain:
        if candidate.kind == UnitKind.PROVINCIAL_UNION:
            for prefix in PREFIXES:
                if candidate.name.startswith(prefix):
                    return candidate.name[len(prefix) :]
            return candidate.name
    return ""


def _shown(value, target) -> object:
    number = clean_number(value, 1 if target.is_percent else 2)
    return "" if number is None else number


def results_document(
    results: Results, *, day: datetime.date | None = None, number: str = "", signer: str = ""
) -> OfficialDocument:
    """The year-end report (báo cáo kết quả thực hiện chương trình công tác)."""
    unit = results.unit
    head = letterhead_for(unit)
    parent, issuer, (on_behalf, _title) = head["issuer_parent"], head["issuer"], head["signature"]
    phrase = period_phrase(results.period)
    body = [
        *_general_section(results),
        *_targets_section(results),
        *_sub_units_section(results),
        *_explanations_section(results),
    ]
    return OfficialDocument(
        style="union",
        issuer=issuer,
        issuer_parent=parent,
        number=number
        or ("     -BC/TĐTN-VP" if unit.kind == UnitKind.PROVINCIAL_UNION else "     -BC/ĐTN"),
        place=_place(unit),
        date=day or results.day,
        kind="BÁO CÁO",
        subject=f"Kết quả thực hiện chương trình công tác {phrase[0].lower()}{phrase[1:]}",
        body=body,
        signature=Signature(on_behalf=on_behalf, title="BÍ THƯ", name=signer),
        recipients=_recipients(unit) + ["Lưu VP."],
    )


def _recipients(unit: Unit) -> list[str]:
    if unit.kind == UnitKind.PROVINCIAL_UNION:
        return ["Ban Bí thư Trung ương Đoàn (b/c);", "Thường trực Tỉnh ủy (b/c);"]
    return [f"Ban Thường vụ {unit.parent.name} (b/c);"] if unit.parent_id else []


def _general_section(results: Results) -> list:
    """I. The summary sentence, and the focal tasks and breakthroughs completed; a note
    first when the figures are awaiting recomputation."""
    body: list = []
    if results.stale is not None:
        body.append(Paragraph(f"Lưu ý: {results.stale.message}", italic=True))
    body += [Paragraph("I. KẾT QUẢ CHUNG", heading=True), Paragraph(results.summary)]
    done, total = results.focal_tasks
    b_done, b_total = results.breakthroughs
    if total or b_total:
        body.append(
            Paragraph(
                f"Nhiệm vụ trọng tâm hoàn thành: {done}/{total}; "
                f"nội dung đột phá hoàn thành: {b_done}/{b_total}."
            )
        )
    return body


def _targets_section(results: Results) -> list:
    """II. Every target against plan, and the counts."""
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
        Paragraph("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", heading=True),
        table,
        Paragraph(total + "."),
    ]


def _sub_units_section(results: Results) -> list:
    """III. The sub-units ranked, with the notes that break their ties."""
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
    notes = [
        Paragraph(f"{s.unit.name}: {s.tie_note}", italic=True)
        for s in results.sub_units
        if s.tie_note
    ]
    return [Paragraph("III. KẾT QUẢ CỦA CÁC ĐƠN VỊ TRỰC THUỘC", heading=True), table, *notes]


def _explanations_section(results: Results) -> list:
    """IV. The explanations requested of lagging targets, and the answers."""
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
    return [Paragraph("IV. GIẢI TRÌNH CÁC CHỈ TIÊU CHẬM TIẾN ĐỘ", heading=True), table]


def render_results(results: Results, fmt: str, **document_options) -> bytes:
    """The report as bytes in one of FORMATS (json as UTF-8)."""
    if fmt == "json":
        return json.dumps(results_json(results), ensure_ascii=False, indent=2).encode()
    document = results_document(results, **document_options)
    renderer = {"docx": render_docx, "xlsx": render_xlsx, "pdf": render_pdf}[fmt]
    return renderer(document)


def filename(results: Results, fmt: str) -> str:
    return f"ket-qua-{results.unit.code}-{results.period.code}.{fmt}"


# --- `tinhdoan report results` ------------------------------------------------------------------


def _date_arg(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise CommandError(
            f"Ngày không hợp lệ: {text} (dùng dd/mm/yyyy hoặc yyyy-mm-dd)."
        ) from None


class ResultsReportCommand:
    help = "Báo cáo kết quả thực hiện chương trình công tác của một đơn vị trong một kỳ."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--unit", required=True, help="Mã đơn vị (TDLS).")
        parser.add_argument("--period", required=True, help="Kỳ báo cáo: 2017, 2017S1, 2017Q3…")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="json")
        parser.add_argument(
            "--output",
            type=Path,
            help="Tệp kết quả (mặc định: JSON ra màn hình, tệp trong thư mục hiện tại).",
        )
        parser.add_argument(
            "--date", dest="as_of", help="Ngày lập báo cáo, dd/mm/yyyy (mặc định: hôm nay)."
        )
        parser.add_argument("--number", default="", help="Số, ký hiệu văn bản.")
        parser.add_argument("--signer", default="", help="Họ tên người ký.")

    def handle(self, command, *, unit, period, fmt, output, as_of, number, signer, **_):
        found = Unit.objects.filter(code=(unit or "").strip()).first()
        if found is None:
            raise CommandError(f"Không có đơn vị mã {unit}.")
        day = _date_arg(as_of) or timezone.localdate()
        try:
            results = unit_results(key=results_key(unit=found, period_code=period), day=day)
            content = render_results(results, fmt, number=number, signer=signer)
        except (ResultsError, ValueError) as exc:  # also DocumentError
            raise CommandError(str(exc)) from None
        if output is None and fmt == "json":
            command.stdout.write(content.decode("utf-8"), ending="\n")
            return
        path = output or Path(filename(results, fmt))
        path.write_bytes(content)
        counts = results.counts
        command.stdout.write(
            f"Đã ghi {path}: đạt và vượt {counts.met_or_exceeded}/{counts.total} chỉ tiêu."
        )


results_report_command = ResultsReportCommand()
