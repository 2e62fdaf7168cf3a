"""The Lạng Sơn demo: the units of 2017 and of today, outside bodies, people and users.

Units of today come from the `vietnam-provinces` package (the 65 communes and
wards of Lạng Sơn after 1 July 2025).  The units of 2017 are the city union and
the ten district unions of that time.  Lineage links a district union to the
communes formed on its territory where that is known.
"""

import datetime

from vietnam_provinces import Province
from vietnam_provinces.lookup import WARD_MAPPING

REFORM_DAY = datetime.date(2025, 7, 1)
LAST_DAY_OF_DISTRICTS = datetime.date(2025, 6, 30)
PROVINCE_CODE = 20  # Lạng Sơn
PROVINCIAL_UNION = ("TDLS", "Tỉnh đoàn Lạng Sơn")

# code, name, kind, parent code
OUTSIDE_BODIES = [
    ("TU-LS", "Tỉnh ủy Lạng Sơn", "party_committee", None),
    ("UBND-LS", "UBND tỉnh Lạng Sơn", "peoples_committee", None),
    ("SGDDT-LS", "Sở Giáo dục và Đào tạo", "department", "UBND-LS"),
    ("SNV-LS", "Sở Nội vụ", "department", "UBND-LS"),
    ("STC-LS", "Sở Tài chính", "department", "UBND-LS"),
    ("SVHTTDL-LS", "Sở Văn hóa, Thể thao và Du lịch", "department", "UBND-LS"),
]

# Units under the provincial union that span both trees.
STANDING_UNITS = [
    ("TDLS-KHOI", "Đoàn Khối các cơ quan và doanh nghiệp tỉnh", "bloc_union"),
    ("TDLS-LLVT", "Đoàn Thanh niên Bộ Chỉ huy Quân sự tỉnh", "bloc_union"),
    ("HSV-LS", "Hội Sinh viên tỉnh Lạng Sơn", "association"),
]

# The city union and the ten district unions of 2017, with the five-digit codes
# of today's communes and wards formed on their territory.
UNITS_OF_2017 = [
    ("TDLS-TP", "Thành đoàn Lạng Sơn", ["05977", "05983", "05986", "06187"]),
    (
        "TDLS-TRD",
        "Huyện đoàn Tràng Định",
        ["06001", "06016", "06019", "06037", "06040", "06046", "06058"],
    ),
    (
        "TDLS-BGI",
        "Huyện đoàn Bình Gia",
        ["06073", "06076", "06079", "06085", "06091", "06103", "06112", "06115"],
    ),
    ("TDLS-VLA", "Huyện đoàn Văn Lãng", ["06148", "06151", "06154", "06172", "06214"]),
    ("TDLS-CLO", "Huyện đoàn Cao Lộc", ["06184", "06187", "06193", "06202", "06220"]),
    ("TDLS-VQU", "Huyện đoàn Văn Quan", ["06253", "06280", "06286", "06298", "06313", "06316"]),
    ("TDLS-BSO", "Huyện đoàn Bắc Sơn", ["06325", "06337", "06349", "06364", "06367", "06376"]),
    (
        "TDLS-HLU",
        "Huyện đoàn Hữu Lũng",
        ["06385", "06391", "06400", "06415", "06421", "06427", "06445", "06457"],
    ),
    ("TDLS-CLA", "Huyện đoàn Chi Lăng", ["06463", "06475", "06481", "06496", "06505", "06517"]),
    (
        "TDLS-LBI",
        "Huyện đoàn Lộc Bình",
        ["06526", "06529", "06541", "06565", "06577", "06601", "06607"],
    ),
    ("TDLS-DLA", "Huyện đoàn Đình Lập", ["06613", "06616", "06625", "06637"]),
]

# People of the article, with the positions they held then (dates illustrative); the
# provincial union's secretaries who sign its documents (names and dates illustrative).
PEOPLE = [
    (
        "Hoàng Văn Nam",
        [("TDLS", "Bí thư Tỉnh đoàn", 1, datetime.date(2015, 1, 1), datetime.date(2022, 9, 30))],
    ),
    (
        "Lương Thị Hạnh",
        [
            (
                "TDLS",
                "Phó Bí thư Tỉnh đoàn",
                2,
                datetime.date(2015, 1, 1),
                datetime.date(2022, 9, 30),
            )
        ],
    ),
    ("Nông Minh Tuấn", [("TDLS", "Bí thư Tỉnh đoàn", 1, datetime.date(2022, 10, 1), None)]),
    (
        "Đinh Văn Hùng",
        [
            (
                "UBND-LS",
                "Chánh Văn phòng UBND tỉnh",
                3,
                datetime.date(2016, 1, 1),
                datetime.date(2020, 12, 31),
            )
        ],
    ),
    (
        "Phạm Ngọc Thưởng",
        [
            (
                "TU-LS",
                "Phó Bí thư Tỉnh ủy",
                1,
                datetime.date(2015, 10, 1),
                datetime.date(2020, 10, 31),
            ),
            (
                "UBND-LS",
                "Chủ tịch UBND tỉnh",
                2,
                datetime.date(2016, 5, 1),
                datetime.date(2020, 10, 31),
            ),
        ],
    ),
]

# username, unit code, role, full name
DEMO_USERS = [
    ("tinhdoan.admin", "TDLS", "admin", "Quản trị hệ thống (demo)"),
    ("btv.tinhdoan", "TDLS", "approver", "Ban Thường vụ Tỉnh đoàn (demo)"),
    ("lanhdao.tinh", "UBND-LS", "leadership", "Lãnh đạo tỉnh (demo)"),
    ("vp.ubnd", "UBND-LS", "office", "Văn phòng UBND tỉnh (demo)"),
    ("so.gddt", "SGDDT-LS", "department", "Liên lạc Sở GD&ĐT (demo)"),
]


def province():
    return Province.from_code(PROVINCE_CODE)


def wards_of_today():
    """(five-digit code, name, codename) of every commune and ward of Lạng Sơn today."""
    wards = [w for w in WARD_MAPPING.values() if w.province_code.value == PROVINCE_CODE]
    return [
        (f"{w.code.value:05d}", w.name, w.codename)
        for w in sorted(wards, key=lambda w: w.code.value)
    ]


def commune_union_name(ward_name: str) -> str:
    """ "Xã Thất Khê" -> "Đoàn xã Thất Khê"; "Phường Tam Thanh" -> "Đoàn phường Tam Thanh"."""
    kind, _, rest = ward_name.partition(" ")
    return f"Đoàn {kind.lower()} {rest}"
