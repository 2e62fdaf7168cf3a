"""Báo cáo rà soát chương trình phối hợp và báo cáo điển hình tiên tiến của một năm."""

import datetime
import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from tinhdoan.documents.letterhead import letterhead_for, place_of
from tinhdoan.documents.model import OfficialDocument, Paragraph, Signature, Table
from tinhdoan.documents.render import RENDERERS
from tinhdoan.lib.dates import vn_date
from tinhdoan.org.models import Unit

from .models import ItemResult
from .selectors import exemplars_for_user, programs_due_for_review, programs_for_user

RESULT_VI = {
    ItemResult.DONE: "Hoàn thành",
    ItemResult.PARTLY: "Hoàn thành một phần",
    ItemResult.NOT_DONE: "Chưa hoàn thành",
}


def _unit_head(unit: Unit) -> dict:
    return {"code": unit.code, "name": unit.name}


def review_report(*, user, unit: Unit, year: int, today: datetime.date) -> dict:
    """Per program of `unit`'s subtree: the items done / partly / not done in `year`, and the
    programs due for review."""
    programs = []
    in_subtree = programs_for_user(user=user).filter(union_unit__in=Unit.objects.under(unit))
    for program in in_subtree.prefetch_related("evaluations__results"):
        evaluation = next((e for e in program.evaluations.all() if e.year == year), None)
        counts = {result: 0 for result in ItemResult.values}
        for result in evaluation.results.all() if evaluation else []:
            counts[result.result] += 1
        programs.append(
            {
                "number": program.number,
                "title": program.title,
                "departments": sorted(d.code for d in program.departments.all()),
                "evaluated": evaluation is not None,
                "directive": evaluation.directive_id if evaluation else None,
                **counts,
            }
        )
    numbers = {p["number"] for p in programs}
    due = [
        d for d in programs_due_for_review(user=user, today=today) if d.program.number in numbers
    ]
    return {
        "unit": _unit_head(unit),
        "year": year,
        "programs": programs,
        "due": [{"number": d.program.number, "year": d.year, "reason": d.reason} for d in due],
    }


def exemplars_report(*, user, unit: Unit, year: int) -> dict:
    items = []
    exemplars = exemplars_for_user(user=user, year=year, under=unit)
    for exemplar in exemplars.prefetch_related("replications__unit"):
        items.append(
            {
                "name": exemplar.name,
                "unit": exemplar.unit.code,
                "title": exemplar.title,
                "field": str(exemplar.get_field_display()),
                "commendation": exemplar.commendation_label,
                "replications": [r.unit.code for r in exemplar.replications.all()],
            }
        )
    return {"unit": _unit_head(unit), "year": year, "exemplars": items}


def _document(data: dict, kind_subject: str, body, today: datetime.date, number: str):
    unit = Unit.objects.select_related("parent").get(code=data["unit"]["code"])
    head = letterhead_for(unit)
    on_behalf, title = head["signature"]
    return OfficialDocument(
        style=head["style"],
        issuer_parent=head["issuer_parent"],
        issuer=head["issuer"],
        number=number or head["number"],
        place=place_of(unit) or unit.name,
        date=today,
        kind="BÁO CÁO",
        subject=kind_subject,
        body=body,
        signature=Signature(on_behalf=on_behalf, title=title, name=""),
        recipients=["Như trên;", "Lưu VP."],
    )


def review_document(data: dict, *, today: datetime.date, number: str = ""):
    body = [
        Paragraph(
            f"Rà soát các chương trình đã ký kết, phối hợp với các sở, ngành đánh giá kết quả năm "
            f"{data['year']} (tính đến ngày {vn_date(today)})."
        ),
        Table(
            title=f"Kết quả thực hiện các chương trình phối hợp năm {data['year']}",
            columns=[
                "STT",
                "Số",
                "Chương trình",
                "Hoàn thành",
                "Hoàn thành một phần",
                "Chưa hoàn thành",
            ],
            rows=[
                [str(i), p["number"], p["title"], p["done"], p["partly"], p["not_done"]]
                for i, p in enumerate(data["programs"], start=1)
            ],
            numeric_columns={3, 4, 5},
        ),
    ]
    if data["due"]:
        body.append(
            Table(
                title="Các chương trình cần rà soát",
                columns=["STT", "Số", "Lý do"],
                rows=[
                    [str(i), d["number"], d["reason"]] for i, d in enumerate(data["due"], start=1)
                ],
            )
        )
    return _document(
        data, f"Rà soát các chương trình phối hợp năm {data['year']}", body, today, number
    )


def exemplars_document(data: dict, *, today: datetime.date, number: str = ""):
    body = [
        Paragraph(
            f"Năm {data['year']} có {len(data['exemplars'])} điển hình tiên tiến được ghi nhận."
        ),
        Table(
            title=f"Điển hình tiên tiến năm {data['year']}",
            columns=[
                "STT",
                "Điển hình",
                "Mô hình",
                "Lĩnh vực",
                "Khen thưởng",
                "Số đơn vị nhân rộng",
            ],
            rows=[
                [
                    str(i),
                    e["name"],
                    e["title"],
                    e["field"],
                    e["commendation"],
                    len(e["replications"]),
                ]
                for i, e in enumerate(data["exemplars"], start=1)
            ],
            numeric_columns={5},
        ),
    ]
    return _document(data, f"Điển hình tiên tiến năm {data['year']}", body, today, number)


class _YearReportCommand:
    """`tinhdoan report cooperation|exemplars --unit CODE --year YYYY --format …`."""

    help = ""
    file_stem = ""

    def add_arguments(self, parser) -> None:
        parser.add_argument("--unit", required=True, help="Mã đơn vị Đoàn (TDLS).")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--format", dest="fmt", choices=["json", "docx", "xlsx", "pdf"], default="json"
        )
        parser.add_argument("--output", type=Path)
        parser.add_argument("--number", default="", help="Số, ký hiệu văn bản.")

    def build(self, *, unit: Unit, year: int, today: datetime.date) -> dict:
        raise NotImplementedError

    def document(self, data: dict, *, today: datetime.date, number: str):
        raise NotImplementedError

    def handle(self, command, *, unit, year, fmt, output, number, **_):
        today = timezone.localdate()
        try:
            found = Unit.objects.select_related("parent").get(code=unit)
        except Unit.DoesNotExist:
            raise CommandError(f"Không có đơn vị {unit}.") from None
        data = self.build(unit=found, year=year, today=today)
        if fmt == "json":
            content = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        else:
            try:
                content = RENDERERS[fmt](self.document(data, today=today, number=number))
            except ValueError as exc:  # DocumentError
                raise CommandError(str(exc)) from None
        if output is None and fmt == "json":
            command.stdout.write(content.decode("utf-8"), ending="")
            return
        path = output or Path(f"{self.file_stem}-{unit}-{year}.{fmt}")
        path.write_bytes(content)
        command.stdout.write(f"Đã ghi {path}.")


class ReviewReportCommand(_YearReportCommand):
    help = "Báo cáo rà soát các chương trình phối hợp với sở, ngành của một năm."
    file_stem = "bao-cao-ra-soat-chuong-trinh-phoi-hop"

    def build(self, *, unit, year, today):
        return review_report(user=None, unit=unit, year=year, today=today)

    def document(self, data, *, today, number):
        return review_document(data, today=today, number=number)


class ExemplarsReportCommand(_YearReportCommand):
    help = "Báo cáo điển hình tiên tiến của một năm."
    file_stem = "bao-cao-dien-hinh-tien-tien"

    def build(self, *, unit, year, today):
        return exemplars_report(user=None, unit=unit, year=year)

    def document(self, data, *, today, number):
        return exemplars_document(data, today=today, number=number)


review_report_command = ReviewReportCommand()
exemplars_report_command = ExemplarsReportCommand()
