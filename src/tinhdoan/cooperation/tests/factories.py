import datetime

from tinhdoan.cooperation.services import ItemPlan, program_create
from tinhdoan.testing import make_unit


def cooperation_tree():
    province = make_unit("P", name="Tỉnh đoàn P", kind="provincial_union")
    committee = make_unit("UB", name="UBND tỉnh P", kind="peoples_committee")
    return {
        "P": province,
        "UB": committee,
        "SO-A": make_unit("SO-A", parent=committee, name="Sở A", kind="department"),
        "SO-B": make_unit("SO-B", parent=committee, name="Sở B", kind="department"),
        "C1": make_unit("P-C1", parent=province, name="Đoàn xã Một"),
        "C2": make_unit("P-C2", parent=province, name="Đoàn xã Hai"),
        "NEW": make_unit(
            "P-C3", parent=province, name="Đoàn xã Mới", valid_from=datetime.date(2025, 7, 1)
        ),
    }


def a_program(
    units,
    *,
    number="01/CTrPH",
    department="SO-A",
    valid_from=datetime.date(2023, 3, 1),
    valid_to=datetime.date(2027, 12, 31),
):
    return program_create(
        union_unit=units["P"],
        departments=[units[department]],
        number=number,
        title="Phối hợp giáo dục lý tưởng cho học sinh",
        signed_on=valid_from,
        valid_from=valid_from,
        valid_to=valid_to,
        items=[
            ItemPlan("Tổ chức diễn đàn thanh niên hằng năm", units["P"]),
            ItemPlan("Đưa nội dung vào hoạt động ngoại khóa", units[department]),
        ],
    )
