"""Báo cáo tình hình thực hiện các nhiệm vụ được giao: JSON, DOCX, XLSX.

Counts use the directive statuses and the four categories of the Government's
rules on following up assigned tasks (đã hoàn thành đúng hạn / quá hạn; chưa
hoàn thành trong hạn / quá hạn).
"""

import datetime
import json
from pathlib import Path

from django.core.management.base import CommandError
from django.db.models import QuerySet
from django.utils import timezone

from tinhdoan.accounts.permissions import top_readable_units
from tinhdoan.documents.letterhead import letterhead_for, place_of
from tinhdoan.documents.model import OfficialDocument, Paragraph, Signature, Table
from tinhdoan.documents.render import RENDERERS
from tinhdoan.lib.dates import parse_date, vn_date
from tinhdoan.lib.errors import DomainError
from tinhdoan.lib.vntext import text_sort_key
from tinhdoan.org.models import Unit

from . import selectors
from .models import Directive, Status

FORMATS = ("json", "docx", "xlsx", "pdf")


class ReportError(DomainError):
    pass


def _directives(issuer: Unit, date_from: datetime.date, date_to: datetime.date, today):
    qs: QuerySet[Directive] = (
        Directive.objects.filter(
            issuer=issuer, assigned_on__gte=date_from, assigned_on__lte=date_to
        )
        .with_status(today)
        .select_related("lead")
        .prefetch_related("coordinators")
    )
    return qs


def _overdue_first(directive: Directive):
    return (
        directive.status != Status.OVERDUE,
        directive.deadline or datetime.date.max,
        directive.assigned_on,
        directive.pk,
    )


def directives_report(
    *,
    issuer: Unit,
    date_from: datetime.date,
    date_to: datetime.date,
    today: datetime.date | None = None,
) -> dict:
    """The report as plain data (the JSON format), statuses as of `today`."""
    if date_from > date_to:
        raise ReportError(
            f"Ngày bắt đầu {vn_date(date_from)} sau ngày kết thúc {vn_date(date_to)}."
        )
    today = today or timezone.localdate()
    return _report_data(issuer, date_from, date_to, _directives(issuer, date_from, date_to, today))


def board_report(
    user, *, today: datetime.date, status: str = "", lead=None, year: int | None = None
) -> dict:
    """The report of the directive board as filtered (status, lead unit, year assigned), in
    the same data as `directives_report`, on the letterhead of the user's own body."""
    qs = selectors.directive_filter(
        selectors.directives_for_user(user, today=today), status=status, lead=lead, year=year
    )
    qs = qs.select_related("lead").prefetch_related("coordinators")
    issuer = top_readable_units(user).first()
    if issuer is None:
        raise ReportError("Tài khoản không gắn với đơn vị nào.")
    days = sorted(qs.values_list("assigned_on", flat=True))
    date_from = datetime.date(year, 1, 1) if year else (days[0] if days else today)
    date_to = datetime.date(year, 12, 31) if year else (days[-1] if days else today)
    return _report_data(issuer, date_from, date_to, qs)


def _report_data(issuer: Unit, date_from, date_to, qs) -> dict:
    by_assignee = selectors.counts_by_assignee(qs)
    directives = sorted(selectors.with_last_progress(list(qs)), key=_overdue_first)
    return {
        "issuer": {"code": issuer.code, "name": issuer.name},
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "counts": selectors.sum_counts(row.counts for row in by_assignee),
        "by_assignee": [
            {"code": row.unit.code, "name": row.unit.name, **row.counts}
            for row in sorted(
                by_assignee, key=lambda row: (-row.counts["total"], text_sort_key(row.unit.name))
            )
        ],
        "directives": [
            {
                "id": d.pk,
                "content": d.content,
                "lead": d.lead.code,
                "coordinators": sorted(u.code for u in d.coordinators.all()),
                "deadline": d.deadline.isoformat() if d.deadline else None,
                "status": d.status,
                "last_progress": _progress(d.last_progress),
            }
            for d in directives
        ],
    }


def _progress(report) -> dict | None:
    if report is None:
        return None
    return {
        "date": timezone.localdate(report.reported_at).isoformat(),
        "percent": report.percent,
        "text": report.text,
        "unit": report.unit.code,
    }


# --- the official document --------------------------------------------------------------------

CATEGORY_COLUMNS = [
    ("completed_on_time", "Đã hoàn thành đúng hạn"),
    ("completed_late", "Đã hoàn thành quá hạn"),
    ("not_completed_in_time", "Chưa hoàn thành, trong hạn"),
    ("not_completed_overdue", "Chưa hoàn thành, quá hạn"),
]
STATUS_VI_FIXED = {
    "not_started": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "adjustment_requested": "Đề nghị điều chỉnh",
    "completed_on_time": "Hoàn thành đúng hạn",
    "completed_late": "Hoàn thành quá hạn",
    "overdue": "Quá hạn",
}


def directives_document(
    data: dict, *, today: datetime.date, number: str = "", place: str = "", signer: str = ""
):
    """The report as an OfficialDocument of `tinhdoan.documents`."""
    issuer = Unit.objects.get(code=data["issuer"]["code"])
    head = letterhead_for(issuer)
    counts = data["counts"]
    date_from, date_to = parse_date(data["from"]), parse_date(data["to"])
    codes = {d["lead"] for d in data["directives"]}
    codes |= {code for d in data["directives"] for code in d["coordinators"]}
    names = dict(Unit.objects.filter(code__in=codes).values_list("code", "name"))
    body = [
        Paragraph(
            f"Thực hiện chế độ theo dõi, đôn đốc việc thực hiện nhiệm vụ được giao, "
            f"{issuer.name} báo cáo tình hình thực hiện các nhiệm vụ giao từ ngày "
            f"{vn_date(date_from)} đến ngày {vn_date(date_to)} (tính đến ngày {vn_date(today)}) "
            "như sau:"
        ),
        Paragraph("I. KẾT QUẢ CHUNG", bold=True, heading=True),
        Paragraph(
            f"Tổng số nhiệm vụ được giao: {counts['total']}; trong đó: đã hoàn thành đúng hạn "
            f"{counts['completed_on_time']}; đã hoàn thành quá hạn {counts['completed_late']}; "
            f"chưa hoàn thành, trong hạn {counts['not_completed_in_time']}; chưa hoàn thành, "
            f"quá hạn {counts['not_completed_overdue']}."
        ),
        Table(
            title="Tình hình thực hiện theo đơn vị chủ trì",
            columns=["STT", "Đơn vị chủ trì", "Tổng số", *[label for _, label in CATEGORY_COLUMNS]],
            rows=[
                [str(i), row["name"], row["total"], *[row[key] for key, _ in CATEGORY_COLUMNS]]
                for i, row in enumerate(data["by_assignee"], start=1)
            ]
            + [["", "Tổng cộng", counts["total"], *[counts[key] for key, _ in CATEGORY_COLUMNS]]],
            numeric_columns={2, 3, 4, 5, 6},
        ),
        Paragraph("II. CÁC NHIỆM VỤ QUÁ HẠN", bold=True, heading=True),
    ]
    overdue = [d for d in data["directives"] if d["status"] == Status.OVERDUE]
    if overdue:
        body.append(
            Table(
                title="Danh sách nhiệm vụ chưa hoàn thành, quá hạn",
                columns=["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Số ngày quá hạn"],
                rows=[
                    [
                        str(i),
                        d["content"],
                        names[d["lead"]],
                        vn_date(parse_date(d["deadline"])),
                        (today - parse_date(d["deadline"])).days,
                    ]
                    for i, d in enumerate(overdue, start=1)
                ],
                numeric_columns={4},
            )
        )
    else:
        body.append(Paragraph("Không có nhiệm vụ quá hạn."))
    body += [
        Paragraph("III. TÌNH HÌNH THỰC HIỆN TỪNG NHIỆM VỤ", bold=True, heading=True),
        Table(
            title="Chi tiết từng nhiệm vụ",
            columns=[
                "STT",
                "Nội dung nhiệm vụ",
                "Chủ trì",
                "Phối hợp",
                "Hạn",
                "Trạng thái",
                "Tiến độ (%)",
                "Tiến độ gần nhất",
            ],
            rows=[
                [
                    str(i),
                    d["content"],
                    names[d["lead"]],
                    "; ".join(names[code] for code in d["coordinators"]),
                    vn_date(parse_date(d["deadline"])) if d["deadline"] else "Thường xuyên",
                    STATUS_VI_FIXED[d["status"]],
                    d["last_progress"]["percent"] if d["last_progress"] else "",
                    _progress_text(d["last_progress"]),
                ]
                for i, d in enumerate(data["directives"], start=1)
            ],
            numeric_columns={6},
        ),
    ]
    on_behalf, title = head["signature"]
    return OfficialDocument(
        style=head["style"],
        issuer_parent=head["issuer_parent"],
        issuer=head["issuer"],
        number=number or head["number"],
        place=place or place_of(issuer) or issuer.name,
        date=today,
        kind="BÁO CÁO",
        subject="Tình hình thực hiện các nhiệm vụ được giao",
        body=body,
        signature=Signature(on_behalf=on_behalf, title=title, name=signer),
        recipients=["Như trên;", "Lưu VT."],
    )


def _progress_text(progress: dict | None) -> str:
    if not progress:
        return ""
    return f"{progress['text']} ({vn_date(parse_date(progress['date']))})"


def render(data: dict, fmt: str, *, today: datetime.date, **document_options) -> bytes:
    if fmt == "json":
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return RENDERERS[fmt](directives_document(data, today=today, **document_options))


# --- `tinhdoan report directives` ---------------------------------------------------------------


def _date_arg(text: str) -> datetime.date:
    try:
        return parse_date(text)
    except ValueError:
        raise CommandError(
            f"Ngày không hợp lệ: {text} (dùng dd/mm/yyyy hoặc yyyy-mm-dd)."
        ) from None


class DirectivesReportCommand:
    help = "Báo cáo tình hình thực hiện các nhiệm vụ được giao (theo cơ quan giao nhiệm vụ)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--issuer", required=True, help="Mã cơ quan giao nhiệm vụ (UBND-LS).")
        parser.add_argument("--from", dest="date_from", required=True, help="Giao từ ngày.")
        parser.add_argument("--to", dest="date_to", required=True, help="Giao đến ngày.")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="json")
        parser.add_argument(
            "--output",
            type=Path,
            help="Tệp kết quả (mặc định: JSON ra màn hình, tệp trong thư mục hiện tại).",
        )
        parser.add_argument("--number", default="", help="Số, ký hiệu văn bản.")
        parser.add_argument("--signer", default="", help="Họ tên người ký.")

    def handle(self, command, *, issuer, date_from, date_to, fmt, output, number, signer, **_):
        unit = Unit.objects.filter(code=issuer).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã {issuer}.")
        start, end = _date_arg(date_from), _date_arg(date_to)
        today = timezone.localdate()
        try:
            data = directives_report(issuer=unit, date_from=start, date_to=end, today=today)
            content = render(data, fmt, today=today, number=number, signer=signer)
        except ValueError as exc:  # ReportError, DocumentError
            raise CommandError(str(exc)) from None
        if output is None and fmt == "json":
            command.stdout.write(content.decode("utf-8"), ending="")
            return
        path = output or Path(f"bao-cao-nhiem-vu-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}")
        path.write_bytes(content)
        command.stdout.write(
            f"Đã ghi {path}: {data['counts']['total']} nhiệm vụ, "
            f"{data['counts']['overdue']} quá hạn."
        )


directives_report_command = DirectivesReportCommand()
