"""Demo coordination programs of Tỉnh đoàn Lạng Sơn with departments, and exemplary models.

Program numbers, items, evaluations, exemplars and replications are illustrative (invented
for the demo); exemplars are mostly collectives, and the few persons carry names marked
"(minh họa)".
"""

import datetime

from django.db import transaction
from django.utils import timezone

from tinhdoan.meetings.models import Directive
from tinhdoan.org.models import Unit

from .models import CoordinationProgram, Exemplar, ExemplarStatus, ProgramEvaluation, Replication
from .services import (
    ItemPlan,
    ItemVerdict,
    exemplar_commend,
    exemplar_nominate,
    program_create,
    program_evaluate,
    replication_record,
)

D = datetime.date

# number, title, departments, signed/valid from, valid to,
# items [(party code, content)], evaluations {year: (reviewed on, [results], summary)}
PROGRAMS = [
    (
        "05/CTrPH-TĐTN-SGDĐT",
        "Chương trình phối hợp giáo dục lý tưởng, đạo đức, lối sống cho học sinh giai đoạn "
        "2016 – 2020",
        ["SGDDT-LS"],
        D(2016, 9, 5),
        D(2020, 12, 31),
        [
            ("TDLS", "Tổ chức diễn đàn “Học sinh với lý tưởng cách mạng” mỗi năm học"),
            ("SGDDT-LS", "Đưa nội dung giáo dục lý tưởng vào hoạt động ngoại khóa"),
            ("SGDDT-LS", "Tạo điều kiện cho Đoàn trường tổ chức sinh hoạt chủ điểm"),
        ],
        {
            2017: (
                D(2018, 7, 20),
                ["done", "partly", "done"],
                "Đánh giá theo nhiệm vụ được giao tại buổi làm việc ngày 09/01/2018.",
            ),
            2018: (D(2019, 1, 15), ["done", "done", "done"], ""),
            2019: (D(2020, 1, 14), ["done", "done", "partly"], ""),
            2020: (D(2021, 1, 12), ["done", "partly", "done"], "Tổng kết chương trình."),
        },
    ),
    (
        "12/CTrPH-TĐTN-SVHTTDL",
        "Chương trình phối hợp phát triển phong trào văn hóa, thể thao và du lịch cộng đồng "
        "trong thanh niên giai đoạn 2023 – 2027",
        ["SVHTTDL-LS"],
        D(2023, 4, 20),
        D(2027, 12, 31),
        [
            ("TDLS", "Tổ chức Liên hoan văn nghệ thanh niên các dân tộc tỉnh"),
            ("SVHTTDL-LS", "Hỗ trợ thanh niên xây dựng mô hình du lịch cộng đồng"),
            ("TDLS", "Duy trì câu lạc bộ thể thao thanh niên ở cơ sở"),
        ],
        {
            2023: (D(2024, 1, 18), ["done", "partly", "done"], ""),
            2024: (D(2025, 1, 16), ["done", "done", "not_done"], ""),
        },
    ),
    (
        "21/CTrPH-TĐTN-SNV-STC",
        "Chương trình phối hợp thực hiện công tác thanh niên và hỗ trợ thanh niên khởi nghiệp "
        "giai đoạn 2025 – 2030",
        ["SNV-LS", "STC-LS"],
        D(2025, 8, 12),
        D(2030, 12, 31),
        [
            ("SNV-LS", "Theo dõi thực hiện mục tiêu phát triển thanh niên của tỉnh"),
            ("STC-LS", "Bố trí kinh phí Quỹ hỗ trợ thanh niên khởi nghiệp"),
            ("TDLS", "Tư vấn, kết nối vốn cho dự án khởi nghiệp của thanh niên"),
        ],
        {2025: (D(2026, 1, 20), ["done", "partly", "done"], "")},
    ),
]

# code, kind, name (persons only), title, field, year, nominated, commendation or None,
# replications [(code, date)]
EXEMPLARS = [
    (
        "TDLS-TRD",
        "collective",
        "",
        "Mô hình “Tuyến đường thanh niên tự quản”",
        "countryside",
        2017,
        D(2017, 10, 2),
        ("provincial", "merit", D(2017, 12, 20)),
        [("TDLS-BGI", D(2018, 3, 26)), ("TDLS-VLA", D(2018, 5, 19))],
    ),
    (
        "TDLS-HLU",
        "collective",
        "",
        "Tổ hợp tác thanh niên trồng na VietGAP",
        "career",
        2017,
        D(2017, 9, 15),
        ("provincial", "merit", D(2017, 12, 20)),
        [("TDLS-CLA", D(2018, 4, 10))],
    ),
    (
        "TDLS-TP",
        "collective",
        "",
        "Ngày Chủ nhật xanh – phân loại rác tại nguồn",
        "environment",
        2018,
        D(2018, 10, 1),
        ("provincial", "merit", D(2018, 12, 18)),
        [("TDLS-CLO", D(2019, 3, 24)), ("TDLS-LBI", D(2019, 4, 14)), ("TDLS-DLA", D(2019, 5, 12))],
    ),
    (
        "TDLS-KHOI",
        "collective",
        "",
        "Câu lạc bộ “Cán bộ trẻ với cải cách hành chính”",
        "digital",
        2019,
        D(2019, 9, 10),
        ("provincial", "certificate", D(2019, 12, 15)),
        [],
    ),
    (
        "TDLS-BSO",
        "person",
        "Hoàng Văn Bình (minh họa)",
        "Thanh niên khởi nghiệp với cây hồng không hạt",
        "career",
        2020,
        D(2020, 9, 1),
        ("central", "merit", D(2020, 12, 10)),
        [("TDLS-VQU", D(2021, 3, 26))],
    ),
    (
        "TDLS-LLVT",
        "collective",
        "",
        "“Tiếp sức mùa thi” ở vùng biên giới",
        "volunteering",
        2021,
        D(2021, 8, 20),
        ("provincial", "merit", D(2021, 12, 22)),
        [],
    ),
    (
        "HSV-LS",
        "person",
        "Nông Thị Mai (minh họa)",
        "Sinh viên 5 tốt – nghiên cứu khoa học",
        "study",
        2022,
        D(2022, 10, 5),
        ("provincial", "certificate", D(2022, 12, 30)),
        [],
    ),
    (
        "TDLS-06040",
        "collective",
        "",
        "Tủ sách số cho thiếu nhi vùng cao",
        "digital",
        2025,
        D(2025, 10, 15),
        ("provincial", "merit", D(2025, 12, 18)),
        [("TDLS-06001", D(2026, 3, 26)), ("TDLS-06016", D(2026, 4, 19))],
    ),
    (
        "TDLS-06001",
        "collective",
        "",
        "Đội hình thanh niên tình nguyện hỗ trợ dịch vụ công trực tuyến",
        "digital",
        2025,
        D(2025, 9, 20),
        ("provincial", "praise", D(2025, 12, 18)),
        [("TDLS-06073", D(2026, 5, 10))],
    ),
    (
        "TDLS-06073",
        "collective",
        "",
        "Mô hình “Thắp sáng đường quê”",
        "countryside",
        2026,
        D(2026, 8, 30),
        ("provincial", "certificate", D(2026, 10, 15)),
        [],
    ),
    (
        "TDLS-06148",
        "collective",
        "",
        "Vườn ươm cây gỗ lớn của thanh niên",
        "environment",
        2026,
        D(2026, 9, 12),
        None,
        [],
    ),
    (
        "TDLS-06385",
        "person",
        "Lý Văn Hùng (minh họa)",
        "Hợp tác xã thanh niên chế biến hồi",
        "career",
        2026,
        D(2026, 10, 1),
        None,
        [],
    ),
]


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


@transaction.atomic
def load_programs(progress) -> None:
    union = _unit("TDLS")
    review_directive = Directive.objects.filter(
        content__startswith="Rà soát các chương trình đã ký kết"
    ).first()
    for number, title, departments, signed, valid_to, items, evaluations in PROGRAMS:
        program = CoordinationProgram.objects.filter(union_unit=union, number=number).first()
        if program is None:
            program = program_create(
                union_unit=union,
                departments=[_unit(code) for code in departments],
                number=number,
                title=title,
                signed_on=signed,
                valid_from=signed,
                valid_to=valid_to,
                items=[ItemPlan(content, _unit(code)) for code, content in items],
            )
        item_ids = list(program.items.order_by("number").values_list("pk", flat=True))
        for year, (reviewed_on, results, summary) in evaluations.items():
            if ProgramEvaluation.objects.filter(program=program, year=year).exists():
                continue
            program_evaluate(
                program=program,
                year=year,
                reviewed_on=reviewed_on,
                verdicts=[
                    ItemVerdict(pk, result) for pk, result in zip(item_ids, results, strict=True)
                ],
                summary=summary,
                directive=review_directive if year == 2017 else None,
            )
    progress(f"Chương trình phối hợp với sở, ngành: {len(PROGRAMS)} chương trình")


@transaction.atomic
def load_exemplars(progress) -> None:
    today = timezone.localdate()
    for code, kind, name, title, field, year, nominated, commendation, replications in EXEMPLARS:
        if nominated > today:
            continue
        unit = _unit(code)
        exemplar = Exemplar.objects.filter(unit=unit, title=title).first()
        if exemplar is None:
            exemplar = exemplar_nominate(
                unit=unit,
                kind=kind,
                name=name,
                title=title,
                field=field,
                year=year,
                nominated_on=nominated,
                story=f"{title}: mô hình minh họa của dữ liệu demo.",
            )
        if (
            commendation
            and exemplar.status == ExemplarStatus.NOMINATED
            and commendation[2] <= today
        ):
            level, form, day = commendation
            exemplar_commend(
                exemplar=exemplar,
                level=level,
                form=form,
                commended_on=day,
                by="Ban Thường vụ Tỉnh đoàn",
            )
        for replicating, day in replications:
            other = _unit(replicating)
            if (
                day <= today
                and not Replication.objects.filter(exemplar=exemplar, unit=other).exists()
            ):
                replication_record(exemplar=exemplar, unit=other, on_date=day)
    progress(
        f"Điển hình tiên tiến: {Exemplar.objects.count()} điển hình, {Replication.objects.count()} lượt nhân rộng"
    )


def load(progress) -> None:
    load_programs(progress)
    load_exemplars(progress)
