"""A small province for program tests: a provincial union, two communes, their users."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from tinhdoan.org.models import Unit
from tinhdoan.programs import services
from tinhdoan.programs.models import Program, ReportingPeriod, Target
from tinhdoan.reporting.cells import CellInput
from tinhdoan.rollup.saving import values_save
from tinhdoan.testing import make_unit, make_user


@dataclass
class World:
    province: Unit
    commune_a: Unit
    commune_b: Unit
    program: Program
    period: ReportingPeriod
    half: ReportingPeriod
    members: Target  # CT01 new members, people, integer
    reached: Target  # CT02 youth reached, people, integer
    rate: Target  # CT03 share of strong branches, %
    money: Target  # CT04 money, million dong, decimals
    officer_a: object
    officer_b: object
    approver: object
    reader: object


def make_world(year: int = 2026) -> World:
    province = make_unit("P", kind="provincial_union", name="Tỉnh đoàn Thử")
    commune_a = make_unit("P-A", parent=province, name="Đoàn xã An")
    commune_b = make_unit("P-B", parent=province, name="Đoàn xã Bình")
    program = services.program_create(
        unit=province, year=year, title=f"Chương trình công tác năm {year}"
    )
    members = services.target_add(
        program=program,
        code="CT01",
        name="Kết nạp đoàn viên mới",
        measure="người",
        plan_value=Decimal(200),
        integer_only=True,
        min_value=Decimal(0),
    )
    reached = services.target_add(
        program=program,
        code="CT02",
        name="Thanh niên được tập hợp",
        measure="người",
        plan_value=Decimal(1000),
        integer_only=True,
        max_value=Decimal(100000),
    )
    rate = services.target_add(
        program=program,
        code="CT03",
        name="Tỷ lệ chi đoàn vững mạnh",
        measure="%",
        rollup="mean",
        plan_value=Decimal(70),
    )
    money = services.target_add(
        program=program,
        code="CT04",
        name="Vốn hỗ trợ thanh niên lập nghiệp",
        measure="triệu đồng",
        plan_value=Decimal(500),
    )
    for target, a, b in (
        (members, 120, 80),
        (reached, 600, 400),
        (rate, 70, 70),
        (money, 300, 200),
    ):
        services.allocations_set(
            target=target, plans={commune_a: Decimal(a), commune_b: Decimal(b)}
        )
    services.rule_add(
        program=program,
        left=members,
        comparison="lte",
        right=reached,
        message="Số đoàn viên mới kết nạp không được lớn hơn số thanh niên được tập hợp",
    )
    period = services.reporting_period_add(
        program=program, period_code=str(year), deadline=datetime.date(year + 1, 1, 10)
    )
    half = services.reporting_period_add(
        program=program, period_code=f"{year}S1", deadline=datetime.date(year, 7, 10)
    )
    return World(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        program=program,
        period=period,
        half=half,
        members=members,
        reached=reached,
        rate=rate,
        money=money,
        officer_a=make_user("can_bo_a", unit=commune_a),
        officer_b=make_user("can_bo_b", unit=commune_b),
        approver=make_user("btv", unit=province, role="approver"),
        reader=make_user("lanh_dao", unit=province, role="leadership"),
    )


# Each commune's plan: a report with every target at its plan has no warning at submission.
PLANS = {
    "P-A": {"CT01": "120", "CT02": "600", "CT03": "70", "CT04": "300"},
    "P-B": {"CT01": "80", "CT02": "400", "CT03": "70", "CT04": "200"},
}


def fill_report(world: World, unit_code: str = "P-A", period: str = "2026") -> None:
    """The commune's report for the period, every target at its plan (entered by the system)."""
    cells = [CellInput(unit_code, code, period, v) for code, v in PLANS[unit_code].items()]
    values_save(user=None, program=world.program, cells=cells, source="test")


# The grid of commune P-A for the program's year, and one cell saved on it as the page does.
GRID = "/programs/P/2026/2026/P-A/"


def save_cell(client, target, value, version=0, comment="", grid=GRID):
    return client.post(
        f"{grid}cells/{target}/",
        {"value": value, "comment": comment, "version": version},
        HTTP_HX_REQUEST="true",
    )
