"""Demo programs of Tỉnh đoàn Lạng Sơn: the 2017 program and the current one (2026).

The numbers are illustrative — the article gives none — chosen so that the
province meets or exceeds 11 of its 12 targets of 2017 (CT07, đoàn viên ưu tú
giới thiệu cho Đảng xem xét kết nạp, is not met) whether the roll-up counts every
unit's values or only those of approved reports.

Loading again replaces these two programs, so nothing is duplicated.

It lives in the demo app rather than in `tinhdoan.programs`: it enters values and takes
reports through their steps, and values are saved through `tinhdoan.rollup.saving`, which
sits above programs and reporting.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tinhdoan.accounts.models import Membership
from tinhdoan.org.models import Unit
from tinhdoan.programs import services
from tinhdoan.programs.models import ItemStatus, Program
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.models import DataValue, Submission, SubmissionEvent, ValueChange
from tinhdoan.reporting.workflow import report_act
from tinhdoan.rollup.saving import values_save

NOTE = "Số liệu minh họa (bài báo không nêu số liệu cụ thể)."
YEAR_2017 = 2017
CURRENT_YEAR = 2026

FOCAL_TASKS_2017 = [
    (
        "Chỉ đạo tổ chức thành công đại hội đoàn các cấp và Đại hội Đoàn toàn tỉnh lần thứ XIII",
        "Đại hội chi đoàn, đoàn cơ sở, cấp huyện và tương đương; Đại hội đại biểu Đoàn TNCS Hồ Chí "
        "Minh tỉnh Lạng Sơn lần thứ XIII, nhiệm kỳ 2017–2022; Đại hội đại biểu Hội Sinh viên "
        "Việt Nam tỉnh lần thứ II.",
    ),
    (
        "Đẩy mạnh công tác giáo dục chính trị, tư tưởng, đạo đức, lối sống, văn hóa cho đoàn "
        "viên, thanh thiếu nhi",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; giáo dục truyền thống, "
        "lý tưởng cách mạng.",
    ),
    (
        "Triển khai sâu rộng phong trào “Thanh niên tình nguyện” gắn với xây dựng nông thôn mới",
        "Công trình, phần việc thanh niên; ngày công tình nguyện; Chiến dịch Thanh niên tình "
        "nguyện hè.",
    ),
    (
        "Đồng hành với thanh niên trong học tập, lập nghiệp, khởi nghiệp",
        "Tư vấn, giới thiệu việc làm, học nghề; hỗ trợ vốn vay phát triển kinh tế.",
    ),
    (
        "Nâng cao chất lượng tổ chức cơ sở Đoàn, phát triển đoàn viên và giới thiệu đoàn viên "
        "ưu tú cho Đảng xem xét kết nạp",
        "Củng cố chi đoàn yếu kém; đánh giá, xếp loại chi đoàn; bồi dưỡng cán bộ đoàn cơ sở.",
    ),
]

BREAKTHROUGHS_2017 = [
    "Đổi mới nội dung, phương thức sinh hoạt chi đoàn gắn với nâng cao chất lượng đoàn viên",
    "Hỗ trợ thanh niên khởi nghiệp, lập nghiệp, phát triển kinh tế",
    "Ứng dụng công nghệ thông tin, mạng xã hội trong công tác tuyên truyền, giáo dục thanh niên",
    "Xây dựng mô hình “Thanh niên tham gia xây dựng nông thôn mới, đô thị văn minh”",
]

# code, name, measure, roll-up, direction, plan, extra fields
TARGETS = [
    ("CT01", "Kết nạp đoàn viên mới", "người", "sum", "higher", 6500, {"integer_only": True}),
    (
        "CT02",
        "Tập hợp thanh niên vào các tổ chức, câu lạc bộ, đội, nhóm",
        "người",
        "sum",
        "higher",
        12000,
        {"integer_only": True},
    ),
    (
        "CT03",
        "Công trình thanh niên các cấp",
        "công trình",
        "sum",
        "higher",
        130,
        {"integer_only": True},
    ),
    (
        "CT04",
        "Ngày công tình nguyện của đoàn viên, thanh niên",
        "ngày công",
        "sum",
        "higher",
        60000,
        {"integer_only": True},
    ),
    (
        "CT05",
        "Thanh niên được hỗ trợ vay vốn phát triển kinh tế, lập nghiệp",
        "người",
        "sum",
        "higher",
        600,
        {"integer_only": True},
    ),
    (
        "CT06",
        "Thanh niên được tư vấn, giới thiệu việc làm, học nghề",
        "người",
        "sum",
        "higher",
        3000,
        {"integer_only": True},
    ),
    (
        "CT07",
        "Đoàn viên ưu tú giới thiệu cho Đảng xem xét kết nạp",
        "người",
        "sum",
        "higher",
        1500,
        {"integer_only": True},
    ),
    (
        "CT08",
        "Đoàn viên ưu tú được kết nạp vào Đảng",
        "người",
        "sum",
        "higher",
        1000,
        {"integer_only": True},
    ),
    (
        "CT09",
        "Tỷ lệ đoàn viên ưu tú được giới thiệu đã được kết nạp Đảng",
        "%",
        "ratio",
        "higher",
        60,
        {},
    ),
    ("CT10", "Tỷ lệ chi đoàn xếp loại vững mạnh", "%", "mean", "higher", 70, {}),
    (
        "CT11",
        "Số đơn vị trực thuộc có từ 70% chi đoàn vững mạnh trở lên",
        "đơn vị",
        "count",
        "higher",
        10,
        {"integer_only": True},
    ),
    ("CT12", "Tỷ lệ chi đoàn yếu kém", "%", "mean", "lower", 5, {}),
]
SUM_CODES = ["CT01", "CT02", "CT03", "CT04", "CT05", "CT06", "CT07", "CT08"]

# The units of 2017 with a weight (share of the plan) and how their 2017 report ends.
UNITS_2017 = [
    ("TDLS-TP", 12, "locked"),
    ("TDLS-TRD", 9, "locked"),
    ("TDLS-BGI", 8, "locked"),
    ("TDLS-VLA", 8, "locked"),
    ("TDLS-CLO", 10, "locked"),
    ("TDLS-VQU", 8, "locked"),
    ("TDLS-BSO", 8, "late"),
    ("TDLS-HLU", 13, "locked"),
    ("TDLS-CLA", 10, "locked"),
    ("TDLS-LBI", 10, "locked"),
    ("TDLS-DLA", 5, "missing"),
    ("TDLS-KHOI", 6, "locked"),
    ("TDLS-LLVT", 3, "waiting"),
]
# Share of its allocated plan each unit reaches in 2017, per target (CT07 is short everywhere).
REACHED = {"CT07": Decimal("0.90")}
DEFAULT_REACHED = [Decimal(x) for x in ("1.12", "1.18", "1.10", "1.25", "1.15", "1.08", "1.20")]
STRONG_BRANCHES = [78, 74, 72, 76, 80, 73, 71, 82, 75, 66, 72, 85, 90]
WEAK_BRANCHES = [2.5, 4, 4.5, 3, 2, 4, 4.5, 2, 3, 5.5, 4, 1, 0]
# The provincial union's own contribution (works, volunteer days, loans through its programs).
OWN_2017 = {"CT03": 6, "CT04": 2400, "CT05": 80}


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _allocate(plan: int, weights: list[int]) -> list[int]:
    total = sum(weights)
    parts = [plan * w // total for w in weights]
    parts[0] += plan - sum(parts)
    return parts


def _wipe(unit: Unit, year: int) -> None:
    program = Program.objects.filter(unit=unit, year=year).first()
    if program is None:
        return
    ValueChange.objects.filter(target__program=program).delete()
    DataValue.objects.filter(target__program=program).delete()
    Submission.objects.filter(reporting_period__program=program).delete()
    program.delete()


def _targets(program: Program, plans: dict[str, int]) -> dict:
    targets = {}
    for code, name, measure, rollup, direction, plan, extra in TARGETS:
        fields = dict(extra)
        if rollup == "ratio":
            fields |= {"ratio_numerator": targets["CT08"], "ratio_denominator": targets["CT07"]}
        if rollup == "count":
            fields |= {
                "count_source": targets["CT10"],
                "count_comparison": "gte",
                "count_threshold": Decimal(70),
            }
        if measure != "%":
            fields.setdefault("min_value", Decimal(0))
        targets[code] = services.target_add(
            program=program,
            code=code,
            name=name,
            measure=measure,
            rollup=rollup,
            direction=direction,
            plan_value=Decimal(plans.get(code, plan)),
            **fields,
        )
    services.rule_add(
        program=program,
        left=targets["CT01"],
        comparison="lte",
        right=targets["CT02"],
        message="Số đoàn viên mới kết nạp không được lớn hơn số thanh niên được tập hợp",
    )
    services.rule_add(
        program=program,
        left=targets["CT08"],
        comparison="lte",
        right=targets["CT07"],
        message="Số đoàn viên ưu tú được kết nạp Đảng không được lớn hơn số được giới thiệu",
    )
    return targets


def _unit_values(index: int, plans: dict[str, int], share: Decimal) -> dict[str, Decimal]:
    """A unit's values: its plans times how far it got, `share` of that for a half-year."""
    values = {}
    for position, code in enumerate(SUM_CODES):
        reached = REACHED.get(code, DEFAULT_REACHED[(index + position) % len(DEFAULT_REACHED)])
        values[code] = (Decimal(plans[code]) * reached * share).quantize(Decimal(1))
    values["CT10"] = Decimal(STRONG_BRANCHES[index % len(STRONG_BRANCHES)])
    values["CT12"] = Decimal(str(WEAK_BRANCHES[index % len(WEAK_BRANCHES)]))
    return values


def _cells(unit_code: str, period: str, values: dict[str, Decimal]) -> list[CellInput]:
    return [CellInput(unit_code, code, period, value) for code, value in values.items()]


def _stamp(program: Program, unit: Unit, period_code: str, day: datetime.date, user) -> None:
    """Date the values of a unit and period as entered on `day` (the demo tells a past year)."""
    cells = {"target__program": program, "unit": unit, "period__code": period_code}
    DataValue.objects.filter(**cells).update(updated_at=_aware(day), author=user)
    ValueChange.objects.filter(**cells).update(changed_at=_aware(day), author=user)


def _walk(rp, unit, steps: list[tuple[str, object, datetime.date]]) -> None:
    """Take workflow steps, each dated as given."""
    for action, user, day in steps:
        submission = report_act(
            user=user, reporting_period=rp, unit=unit, action=action, notify=False
        )
        when = _aware(day, 15)
        fields = {"decided_at": when} if action != "submit" else {"submitted_at": when}
        if action == "submit" and submission.first_submitted_at == submission.submitted_at:
            fields["first_submitted_at"] = when
        Submission.objects.filter(pk=submission.pk).update(**fields)
        SubmissionEvent.objects.filter(submission=submission, action=action).update(at=when)


def load_2017(progress, admin, approver) -> Program:
    root = Unit.objects.get(code="TDLS")
    _wipe(root, YEAR_2017)
    program = services.program_create(
        unit=root,
        year=YEAR_2017,
        title="Chương trình công tác Đoàn và phong trào thanh thiếu nhi tỉnh Lạng Sơn năm 2017",
        adopted_on=datetime.date(2017, 1, 12),
        source_document="Chương trình số 01-CTr/TĐTN-VP ngày 12/01/2017 của Ban Thường vụ Tỉnh "
        "đoàn (minh họa)",
    )
    for name, description in FOCAL_TASKS_2017:
        services.focal_task_add(
            program=program,
            name=name,
            description=description,
            status=ItemStatus.COMPLETED,
            evidence="Báo cáo tổng kết công tác Đoàn năm 2017 (minh họa).",
        )
    for name in BREAKTHROUGHS_2017:
        services.breakthrough_add(
            program=program,
            name=name,
            status=ItemStatus.COMPLETED,
            evidence="Báo cáo tổng kết công tác Đoàn năm 2017 (minh họa).",
        )
    targets = _targets(program, {})
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c, _w, _s in UNITS_2017])}
    weights = [w for _c, w, _s in UNITS_2017]
    plans_by_unit: dict[str, dict[str, int]] = {code: {} for code, _w, _s in UNITS_2017}
    for code in SUM_CODES:
        for (unit_code, _w, _s), part in zip(
            UNITS_2017, _allocate(int(targets[code].plan_value), weights), strict=True
        ):
            plans_by_unit[unit_code][code] = part
        services.allocations_set(
            target=targets[code],
            plans={units[u]: Decimal(plans_by_unit[u][code]) for u in plans_by_unit},
        )
    for code, plan in (("CT10", 70), ("CT12", 5)):
        services.allocations_set(
            target=targets[code], plans={unit: Decimal(plan) for unit in units.values()}
        )
    half = services.reporting_period_add(
        program=program, period_code="2017S1", deadline=datetime.date(2017, 7, 10)
    )
    year = services.reporting_period_add(
        program=program, period_code="2017", deadline=datetime.date(2018, 1, 5)
    )
    cells = []
    for index, (unit_code, _w, _s) in enumerate(UNITS_2017):
        plans = plans_by_unit[unit_code]
        cells += _cells(unit_code, "2017S1", _unit_values(index, plans, Decimal("0.5")))
        cells += _cells(unit_code, "2017", _unit_values(index, plans, Decimal(1)))
    cells += [CellInput("TDLS", code, "2017", Decimal(v)) for code, v in OWN_2017.items()]
    values_save(user=None, program=program, cells=cells, source="demo", reason=NOTE)
    for unit_code, _w, ending in UNITS_2017:
        unit = units[unit_code]
        _stamp(program, unit, "2017S1", datetime.date(2017, 7, 3), admin)
        _walk(
            half,
            unit,
            [
                ("submit", admin, datetime.date(2017, 7, 5)),
                ("approve", approver, datetime.date(2017, 7, 14)),
                ("lock", approver, datetime.date(2017, 7, 20)),
            ],
        )
        _stamp(program, unit, "2017", datetime.date(2017, 12, 28), admin)
        if ending == "locked":
            _walk(
                year,
                unit,
                [
                    ("submit", admin, datetime.date(2018, 1, 3)),
                    ("approve", approver, datetime.date(2018, 1, 6)),
                    ("lock", approver, datetime.date(2018, 1, 8)),
                ],
            )
        elif ending == "late":
            _walk(
                year,
                unit,
                [
                    ("submit", admin, datetime.date(2018, 1, 8)),
                    ("approve", approver, datetime.date(2018, 1, 8)),
                ],
            )
        elif ending == "waiting":
            _walk(year, unit, [("submit", admin, datetime.date(2018, 1, 4))])
    _stamp(program, root, "2017", datetime.date(2018, 1, 4), approver)
    progress(
        f"Chương trình công tác 2017 của Tỉnh đoàn: {len(FOCAL_TASKS_2017)} nhiệm vụ trọng tâm, "
        f"{len(BREAKTHROUGHS_2017)} nội dung đột phá, {len(TARGETS)} chỉ tiêu, "
        f"{DataValue.objects.filter(target__program=program).count()} số liệu (minh họa)"
    )
    return program


# The current program: quarters to date, filled less and less toward today.
PERIODS_CURRENT = [
    ("2026Q1", datetime.date(2026, 4, 10)),
    ("2026Q2", datetime.date(2026, 7, 10)),
    ("2026S1", datetime.date(2026, 7, 15)),
    ("2026Q3", datetime.date(2026, 10, 10)),
    ("2026Q4", datetime.date(2027, 1, 10)),
    ("2026", datetime.date(2027, 1, 10)),
]


def load_current(progress, source: Program, approver) -> Program:
    root = Unit.objects.get(code="TDLS")
    _wipe(root, CURRENT_YEAR)
    program = services.program_copy(
        source=source,
        year=CURRENT_YEAR,
        title="Chương trình công tác Đoàn và phong trào thanh thiếu nhi tỉnh Lạng Sơn năm 2026",
    )
    Program.objects.filter(pk=program.pk).update(
        adopted_on=datetime.date(2026, 1, 15),
        source_document="Chương trình số 01-CTr/TĐTN-VP ngày 15/01/2026 (minh họa)",
    )
    program.reporting_periods.all().delete()
    for code, deadline in PERIODS_CURRENT:
        services.reporting_period_add(program=program, period_code=code, deadline=deadline)
    for index, item in enumerate(program.focal_tasks.all()):
        services.item_set_status(
            item=item, status=ItemStatus.IN_PROGRESS if index else ItemStatus.COMPLETED
        )
    for item in program.breakthroughs.all():
        services.item_set_status(item=item, status=ItemStatus.IN_PROGRESS)
    communes = list(
        Unit.objects.filter(parent=root, kind="commune_union").valid_on(datetime.date(2026, 1, 1))
    )
    targets = {t.code: t for t in program.targets.all()}
    weights = [3 + (i * 7) % 5 for i in range(len(communes))]
    plans_by_unit: dict[int, dict[str, int]] = {u.pk: {} for u in communes}
    for code in SUM_CODES:
        for unit, part in zip(
            communes, _allocate(int(targets[code].plan_value), weights), strict=True
        ):
            plans_by_unit[unit.pk][code] = part
        services.allocations_set(
            target=targets[code],
            plans={u: Decimal(plans_by_unit[u.pk][code]) for u in communes},
        )
    for code, plan in (("CT10", 70), ("CT12", 5)):
        services.allocations_set(
            target=targets[code], plans={unit: Decimal(plan) for unit in communes}
        )
    officers = {
        m.unit_id: m.user
        for m in Membership.objects.filter(unit__in=communes, role="officer").select_related("user")
    }
    reporting = {rp.period.code: rp for rp in program.reporting_periods.select_related("period")}
    # Q1 reported by nearly all, Q2 by two thirds, Q3 by a third; Q4 and the year are open.
    shares = {
        "2026Q1": (Decimal("0.22"), 62),
        "2026Q2": (Decimal("0.26"), 44),
        "2026Q3": (Decimal("0.25"), 22),
    }
    cells = []
    for period_code, (share, count) in shares.items():
        for index, unit in enumerate(communes[:count]):
            values = _unit_values(index, plans_by_unit[unit.pk], share)
            cells += _cells(unit.code, period_code, values)
    values_save(user=None, program=program, cells=cells, source="demo", reason=NOTE)
    for period_code, (_share, count) in shares.items():
        rp = reporting[period_code]
        day = rp.period.end + datetime.timedelta(days=5)
        for index, unit in enumerate(communes[:count]):
            officer = officers.get(unit.pk)
            _stamp(program, unit, period_code, rp.period.end, officer)
            if period_code == "2026Q3" and index % 2:
                continue  # entered, not yet submitted
            steps = [("submit", officer, day)]
            if period_code != "2026Q3" and index % 5 != 4:
                steps.append(("approve", approver, day + datetime.timedelta(days=4)))
                if period_code == "2026Q1":
                    steps.append(("lock", approver, day + datetime.timedelta(days=10)))
            _walk(rp, unit, steps)
    progress(
        f"Chương trình công tác {CURRENT_YEAR} trên {len(communes)} đoàn xã, phường: "
        f"{DataValue.objects.filter(target__program=program).count()} số liệu đã nhập (minh họa)"
    )
    return program


@transaction.atomic
def load(progress) -> None:
    User = get_user_model()
    admin = User.objects.get(username="tinhdoan.admin")
    approver = User.objects.get(username="btv.tinhdoan")
    program = load_2017(progress, admin, approver)
    load_current(progress, program, approver)
