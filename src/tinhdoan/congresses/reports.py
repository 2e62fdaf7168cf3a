"""Báo cáo tiến độ đại hội các cấp: JSON, DOCX, XLSX, PDF (`tinhdoan report congresses`).

A campaign is named by its top unit and its term ("TDLS", "2017-2022").
"""

import datetime
import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from tinhdoan.documents.letterhead import letterhead_for, place_of
from tinhdoan.documents.model import OfficialDocument, Paragraph, Signature, Table
from tinhdoan.documents.render import RENDERERS
from tinhdoan.lib.dates import parse_date, vn_date
from tinhdoan.lib.errors import DomainError
from tinhdoan.org.models import Unit

from .models import CongressCampaign
from .progress import progress_data
from .selectors import campaign_progress, parse_term

FORMATS = ("json", "docx", "xlsx", "pdf")


class ReportError(DomainError):
    pass


def congresses_report(*, unit_code: str, term: str, today: datetime.date) -> dict:
    """{"campaign": {...}, "levels": [...], "missing_units": [...]} for one campaign."""
    try:
        start, end = parse_term(term)
    except ValueError:
        raise ReportError(f"Nhiệm kỳ không hợp lệ: {term} (ghi như 2017-2022).") from None
    campaign = (
        CongressCampaign.objects.select_related("top_unit", "top_congress")
        .filter(top_unit__code=unit_code, term_start=start, term_end=end)
        .first()
    )
    if campaign is None:
        raise ReportError(f"Không có đợt đại hội của đơn vị {unit_code} nhiệm kỳ {start}-{end}.")
    data = progress_data(campaign_progress(campaign=campaign, today=today))
    data["as_of"] = today.isoformat()
    return data


def congresses_document(
    data: dict, *, today: datetime.date, number: str = "", signer: str = "", place: str = ""
):
    campaign = data["campaign"]
    top = campaign["top_congress"]
    unit = Unit.objects.select_related("parent").get(code=campaign["unit"])
    head = letterhead_for(unit)
    units = sum(level["units"] for level in data["levels"])
    held = sum(level["held"] for level in data["levels"])
    if top["held_on"]:
        top_line = f"Đại hội cấp trên cùng đã tổ chức ngày {vn_date(parse_date(top['held_on']))}."
    elif top["planned_on"]:
        top_line = (
            f"Đại hội cấp trên cùng dự kiến tổ chức ngày {vn_date(parse_date(top['planned_on']))}."
        )
    else:
        top_line = ""
    body = [
        Paragraph(
            f"{campaign['name']}, tiến tới Đại hội lần thứ {top['ordinal_roman']}, "
            f"nhiệm kỳ {campaign['term'].replace('-', ' – ')} của {campaign['unit_name']}. "
            f"Tính đến ngày {vn_date(today)}, {held}/{units} đơn vị đã tổ chức đại hội. {top_line}"
        ),
        Table(
            title="Tiến độ đại hội theo từng cấp",
            columns=[
                "STT",
                "Cấp",
                "Hạn hoàn thành",
                "Số đơn vị",
                "Đã đại hội",
                "Đúng tiến độ",
                "Chậm",
                "Chưa đại hội",
            ],
            rows=[
                [
                    str(index),
                    level["level"],
                    vn_date(parse_date(level["deadline"])),
                    level["units"],
                    level["held"],
                    level["on_time"],
                    level["late"],
                    level["missing"],
                ]
                for index, level in enumerate(data["levels"], start=1)
            ],
            numeric_columns={3, 4, 5, 6, 7},
        ),
    ]
    if data["missing_units"]:
        body.append(
            Table(
                title="Các đơn vị chưa tổ chức đại hội",
                columns=["STT", "Mã đơn vị", "Đơn vị", "Cấp"],
                rows=[
                    [str(index), item["code"], item["name"], item["level"]]
                    for index, item in enumerate(data["missing_units"], start=1)
                ],
            )
        )
    else:
        body.append(Paragraph("Tất cả các đơn vị đã tổ chức đại hội."))
    return OfficialDocument(
        style="union",
        issuer_parent=head["issuer_parent"],
        issuer=head["issuer"],
        number=number or "   -BC/TĐTN-VP",
        place=place or place_of(unit) or unit.name,
        date=today,
        kind="BÁO CÁO",
        subject=f"Tiến độ đại hội đoàn các cấp nhiệm kỳ {campaign['term'].replace('-', ' – ')}",
        body=body,
        signature=Signature(on_behalf=head["signature"][0], title="BÍ THƯ", name=signer),
        recipients=["Như trên;", "Lưu VP."],
    )


def render(data: dict, fmt: str, *, today: datetime.date, **document_options) -> bytes:
    if fmt == "json":
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return RENDERERS[fmt](congresses_document(data, today=today, **document_options))


class CongressesReportCommand:
    help = "Báo cáo tiến độ đại hội các cấp của một đợt (đơn vị cấp trên cùng và nhiệm kỳ)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--unit", required=True, help="Mã đơn vị cấp trên cùng (TDLS).")
        parser.add_argument("--term", required=True, help="Nhiệm kỳ, ví dụ 2017-2022.")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="json")
        parser.add_argument(
            "--output",
            type=Path,
            help="Tệp kết quả (mặc định: JSON ra màn hình, tệp trong thư mục hiện tại).",
        )
        parser.add_argument("--number", default="", help="Số, ký hiệu văn bản.")
        parser.add_argument("--signer", default="", help="Họ tên người ký.")

    def handle(self, command, *, unit, term, fmt, output, number, signer, **_):
        today = timezone.localdate()
        try:
            data = congresses_report(unit_code=unit, term=term, today=today)
            content = render(data, fmt, today=today, number=number, signer=signer)
        except ValueError as exc:  # ReportError, DocumentError
            raise CommandError(str(exc)) from None
        if output is None and fmt == "json":
            command.stdout.write(content.decode("utf-8"), ending="")
            return
        path = output or Path(f"bao-cao-dai-hoi-{unit}-{data['campaign']['term']}.{fmt}")
        path.write_bytes(content)
        missing = len(data["missing_units"])
        command.stdout.write(f"Đã ghi {path}: {missing} đơn vị chưa tổ chức đại hội.")


congresses_report_command = CongressesReportCommand()
