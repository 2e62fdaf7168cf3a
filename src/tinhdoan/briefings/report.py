"""`tinhdoan report briefing`: the briefing of a unit for a session date, as JSON, DOCX or PDF
(the issued one where the unit issued it, else drafted from today's data)."""

import datetime
import json
from pathlib import Path

from django.core.management.base import CommandError

from tinhdoan.documents.models import IssuedDocument
from tinhdoan.documents.render import RENDERERS
from tinhdoan.documents.selectors import document_issued_for
from tinhdoan.lib.dates import parse_date
from tinhdoan.lib.errors import DomainError
from tinhdoan.meetings.briefing import briefing_source
from tinhdoan.org.models import Unit

from .data import briefing_json
from .document import briefing_document
from .selectors import Briefing, briefing_for

FORMATS = ("json", "docx", "pdf")


def source_of(briefing: Briefing) -> str:
    """Where the briefing is filed in the unit's register; a briefing with no body (no session
    with any leader yet) is filed under the unit's own code."""
    body = briefing.body.code if briefing.body else briefing.unit.code
    return briefing_source(body_code=body, day=briefing.day)


def issued_briefing(briefing: Briefing) -> IssuedDocument | None:
    return document_issued_for(unit=briefing.unit, source=source_of(briefing))


def briefing_filename(briefing: Briefing, fmt: str) -> str:
    return f"bao-cao-lam-viec-{briefing.unit.code}-{briefing.day:%Y%m%d}.{fmt}"


def _day(text: str) -> datetime.date:
    try:
        return parse_date(text or "")
    except ValueError:
        raise CommandError(
            f"Ngày không hợp lệ: {text} (dùng dd/mm/yyyy hoặc yyyy-mm-dd)."
        ) from None


def _unit(code: str, what: str) -> Unit:
    found = Unit.objects.filter(code=(code or "").strip()).first()
    if found is None:
        raise CommandError(f"Không có {what} mã {code}.")
    return found


class BriefingReportCommand:
    help = "Báo cáo phục vụ buổi làm việc với lãnh đạo: kết quả, đại hội, nhiệm vụ, kiến nghị."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--unit", required=True, help="Mã đơn vị báo cáo (TDLS).")
        parser.add_argument("--date", required=True, help="Ngày buổi làm việc, dd/mm/yyyy.")
        parser.add_argument(
            "--body",
            default="",
            help="Mã cơ quan của lãnh đạo chủ trì (UBND-LS); mặc định: của buổi làm việc "
            "ngày đó, nếu không thì của buổi làm việc gần nhất trước đó.",
        )
        parser.add_argument(
            "--period", default="", help="Kỳ báo cáo kết quả (mặc định: năm đang thực hiện)."
        )
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="json")
        parser.add_argument("--output", type=Path, help="Tệp kết quả.")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Bản dự thảo từ số liệu hiện tại, kể cả khi báo cáo đã ban hành.",
        )

    def handle(self, command, *, unit, date, body, period, fmt, output, draft, **_):
        found = _unit(unit, "đơn vị")
        leader_body = _unit(body, "cơ quan") if body else None
        try:
            briefing = briefing_for(
                unit=found, day=_day(date), body=leader_body, period_code=period.strip()
            )
            if fmt == "json":
                content = json.dumps(briefing_json(briefing), ensure_ascii=False, indent=2)
                content = content.encode()
                issued = None
            else:
                issued = None if draft else issued_briefing(briefing)
                document = issued.document() if issued else briefing_document(briefing)
                content = RENDERERS[fmt](document)
        except DomainError as exc:  # also ResultsError, DocumentError
            raise CommandError(str(exc)) from None
        if output is None and fmt == "json":
            command.stdout.write(content.decode("utf-8"), ending="\n")
            return
        path = output or Path(briefing_filename(briefing, fmt))
        path.write_bytes(content)
        state = f"số {issued.symbol} đã ban hành" if issued else "dự thảo từ số liệu"
        command.stdout.write(f"Đã ghi {path}: báo cáo phục vụ buổi làm việc ({state}).")


briefing_report_command = BriefingReportCommand()
