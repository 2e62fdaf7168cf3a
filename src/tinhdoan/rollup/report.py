"""The results report: the JSON contract and the year-end report (DOCX, XLSX, PDF)."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from tinhdoan.documents.models import IssuedDocument
from tinhdoan.documents.render import CONTENT_TYPES as DOCUMENT_TYPES
from tinhdoan.documents.render import RENDERERS
from tinhdoan.documents.selectors import document_issued_for
from tinhdoan.lib.dates import parse_date
from tinhdoan.org.models import Unit

from .evaluation import TargetResult
from .selectors import Results, ResultsError, results_key, unit_results
from .yearend import clean_number, results_document

FORMATS = ("json", "docx", "xlsx", "pdf")
CONTENT_TYPES = {"json": "application/json", **DOCUMENT_TYPES}


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


def render_results(results: Results, fmt: str, **document_options) -> bytes:
    """The report as bytes in one of FORMATS (json as UTF-8), drafted from today's figures."""
    if fmt == "json":
        return json.dumps(results_json(results), ensure_ascii=False, indent=2).encode()
    return RENDERERS[fmt](results_document(results, **document_options))


def results_source(period_code: str) -> str:
    """What an issued results report is filed under in the register: "results:2017"."""
    return f"results:{period_code}"


def issued_results(unit: Unit, period_code: str) -> IssuedDocument | None:
    return document_issued_for(unit=unit, source=results_source(period_code))


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
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Bản dự thảo từ số liệu hiện tại, kể cả khi báo cáo đã ban hành.",
        )

    def handle(self, command, *, unit, period, fmt, output, as_of, number, signer, draft, **_):
        found = Unit.objects.filter(code=(unit or "").strip()).first()
        if found is None:
            raise CommandError(f"Không có đơn vị mã {unit}.")
        day = _date_arg(as_of) or timezone.localdate()
        try:
            results = unit_results(key=results_key(unit=found, period_code=period), day=day)
            issued = None if draft or fmt == "json" else issued_results(found, period)
            if issued is not None:
                content = RENDERERS[fmt](issued.document())
            else:
                content = render_results(results, fmt, number=number, signer=signer)
        except (ResultsError, ValueError) as exc:  # also DocumentError
            raise CommandError(str(exc)) from None
        if output is None and fmt == "json":
            command.stdout.write(content.decode("utf-8"), ending="\n")
            return
        path = output or Path(filename(results, fmt))
        path.write_bytes(content)
        if issued is not None:
            command.stdout.write(
                f"Đã ghi {path}: báo cáo số {issued.symbol} ban hành ngày "
                f"{issued.issued_on:%d/%m/%Y} (bản đã ban hành; --draft để lập lại từ số liệu)."
            )
            return
        counts = results.counts
        command.stdout.write(
            f"Đã ghi {path}: đạt và vượt {counts.met_or_exceeded}/{counts.total} chỉ tiêu."
        )


results_report_command = ResultsReportCommand()
