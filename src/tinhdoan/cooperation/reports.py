"""Báo cáo rà soát chương trình phối hợp và báo cáo điển hình tiên tiến của một năm."""

import datetime

from tinhdoan.lib.dates import vn_date

from .models import ItemResult
from .selectors import exemplars_for_user, programs_due_for_review, programs_for_user

RESULT_VI = {
    ItemResult.DONE: "Hoàn thành",
    ItemResult.PARTLY: "Hoàn thành một phần",
    ItemResult.NOT_DONE: "Chưa hoàn thành",
}


def review_report(*, user, year: int, today: datetime.date) -> dict:
    """Per program: the items done / partly / not done in `year`, and the programs due for review."""
    programs = []
    for program in programs_for_user(user=user).prefetch_related("evaluations__results"):
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
    due = programs_due_for_review(user=user, today=today)
    return {
        "year": year,
        "programs": programs,
        "due": [{"number": d.program.number, "year": d.year, "reason": d.reason} for d in due],
    }


def exemplars_report(*, user, year: int) -> dict:
    items = []
    for exemplar in exemplars_for_user(user=user, year=year).prefetch_related("replications__unit"):
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
    return {"year": year, "exemplars": items}


def _document(kind_subject: str, body, today: datetime.date, number: str):
    from tinhdoan.documents.model import OfficialDocument, Signature

    return OfficialDocument(
        style="union",
        issuer_parent="",
        issuer="BCH TỈNH LẠNG SƠN",
        number=number or "   -BC/TĐTN-VP",
        place="Lạng Sơn",
        date=today,
        kind="BÁO CÁO",
        subject=kind_subject,
        body=body,
        signature=Signature(on_behalf="TM. BAN THƯỜNG VỤ TỈNH ĐOÀN", title="BÍ THƯ", name=""),
        recipients=["Như trên;", "Lưu VP."],
    )


def review_document(data: dict, *, today: datetime.date, number: str = ""):
    from tinhdoan.documents.model import Paragraph, Table

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
    return _document(f"Rà soát các chương trình phối hợp năm {data['year']}", body, today, number)


def exemplars_document(data: dict, *, today: datetime.date, number: str = ""):
    from tinhdoan.documents.model import Paragraph, Table

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
    return _document(f"Điển hình tiên tiến năm {data['year']}", body, today, number)
