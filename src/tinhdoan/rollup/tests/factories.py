"""Hand-built trees and programs with known roll-up answers."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from tinhdoan.org.models import Unit
from tinhdoan.programs import services
from tinhdoan.programs.models import Program, Target
from tinhdoan.reporting.cells import CellInput
from tinhdoan.rollup.saving import values_save
from tinhdoan.testing import make_unit

END_2025 = datetime.date(2025, 6, 30)
START_2025 = datetime.date(2025, 7, 1)


def write(program: Program, rows: list[tuple[str, str, str, object]]):
    """Write (unit code, target code, period code, value) rows as the system user."""
    return values_save(
        user=None,
        program=program,
        cells=[CellInput(u, t, p, v) for u, t, p, v in rows],
        source="test",
    )


@dataclass
class RuleWorld:
    root: Unit
    district: Unit
    a1: Unit
    a2: Unit
    commune: Unit
    leaver: Unit
    program: Program
    targets: dict[str, Target]


def rule_world() -> RuleWorld:
    """R ── A (district) ── A1, A2; R ── B; R ── L (left the tree on 30/06/2017)."""
    root = make_unit("R", kind="provincial_union", name="Tỉnh đoàn Thử")
    district = make_unit("R-A", parent=root, kind="district_union", name="Huyện đoàn An")
    a1 = make_unit("R-A1", parent=district, name="Đoàn xã An Một")
    a2 = make_unit("R-A2", parent=district, name="Đoàn xã An Hai")
    commune = make_unit("R-B", parent=root, name="Đoàn xã Bình")
    leaver = make_unit("R-L", parent=root, name="Đoàn xã Lạc", valid_to=datetime.date(2017, 6, 30))
    program = services.program_create(unit=root, year=2017, title="Chương trình năm 2017")
    t = {}
    t["S"] = services.target_add(
        program=program, code="S", name="Tổng", measure="người", plan_value=Decimal(150)
    )
    t["D"] = services.target_add(
        program=program, code="D", name="Mẫu số", measure="người", plan_value=Decimal(300)
    )
    t["M"] = services.target_add(
        program=program,
        code="M",
        name="Bình quân",
        measure="%",
        rollup="mean",
        plan_value=Decimal(70),
    )
    t["MN"] = services.target_add(
        program=program,
        code="MN",
        name="Nhỏ nhất",
        measure="%",
        rollup="min",
        plan_value=Decimal(50),
    )
    t["MX"] = services.target_add(
        program=program,
        code="MX",
        name="Lớn nhất",
        measure="%",
        rollup="max",
        plan_value=Decimal(90),
    )
    t["RT"] = services.target_add(
        program=program,
        code="RT",
        name="Tỷ lệ",
        measure="%",
        rollup="ratio",
        ratio_numerator=t["S"],
        ratio_denominator=t["D"],
        plan_value=Decimal(50),
    )
    t["C"] = services.target_add(
        program=program,
        code="C",
        name="Số đơn vị đạt",
        measure="đơn vị",
        rollup="count",
        count_source=t["M"],
        count_comparison="gte",
        count_threshold=Decimal(75),
        plan_value=Decimal(1),
    )
    t["CP"] = services.target_add(
        program=program,
        code="CP",
        name="Số đơn vị đạt kế hoạch",
        measure="đơn vị",
        rollup="count",
        count_source=t["S"],
        count_comparison="meets_plan",
        plan_value=Decimal(2),
    )
    services.allocations_set(
        target=t["S"], plans={district: Decimal(30), commune: Decimal(10), leaver: Decimal(5)}
    )
    for code in ("2017", "2017S1", "2017S2"):
        services.reporting_period_add(
            program=program, period_code=code, deadline=datetime.date(2018, 1, 10)
        )
    return RuleWorld(root, district, a1, a2, commune, leaver, program, t)


@dataclass
class ReformWorld:
    root: Unit
    district: Unit
    old_a: Unit
    old_b: Unit
    new_commune: Unit
    program: Program
    target: Target
    count: Target


def reform_world() -> ReformWorld:
    """The tree before 1/7/2025 (a district with two communes) and after (one new commune)."""
    root = make_unit("Q", kind="provincial_union", name="Tỉnh đoàn Cải cách")
    district = make_unit(
        "Q-H", parent=root, kind="district_union", name="Huyện đoàn Cũ", valid_to=END_2025
    )
    old_a = make_unit("Q-H1", parent=district, name="Đoàn xã Cũ Một", valid_to=END_2025)
    old_b = make_unit("Q-H2", parent=district, name="Đoàn xã Cũ Hai", valid_to=END_2025)
    new_commune = make_unit("Q-N1", parent=root, name="Đoàn xã Mới", valid_from=START_2025)
    program = services.program_create(unit=root, year=2025, title="Chương trình năm 2025")
    target = services.target_add(
        program=program, code="S", name="Tổng", measure="người", plan_value=Decimal(60)
    )
    count = services.target_add(
        program=program,
        code="C",
        name="Số đơn vị có số liệu",
        measure="đơn vị",
        rollup="count",
        count_source=target,
        count_comparison="gte",
        count_threshold=Decimal(0),
        plan_value=Decimal(1),
    )
    for code in ("2025", "2025S1", "2025S2"):
        services.reporting_period_add(
            program=program, period_code=code, deadline=datetime.date(2026, 1, 10)
        )
    return ReformWorld(root, district, old_a, old_b, new_commune, program, target, count)
