"""A small hand-built tree for congress tests: a province, two districts, four communes."""

import datetime

from tinhdoan.congresses.services import LevelPlan, campaign_create
from tinhdoan.testing import make_unit


def small_tree():
    province = make_unit("P", name="Tỉnh đoàn P", kind="provincial_union")
    d1 = make_unit("P-D1", parent=province, name="Huyện đoàn Một", kind="district_union")
    d2 = make_unit("P-D2", parent=province, name="Huyện đoàn Hai", kind="district_union")
    c11 = make_unit("P-C11", parent=d1, name="Đoàn xã Mười Một")
    c12 = make_unit("P-C12", parent=d1, name="Đoàn xã Mười Hai")
    c21 = make_unit("P-C21", parent=d2, name="Đoàn xã Hai Mốt")
    gone = make_unit("P-C22", parent=d2, name="Đoàn xã cũ", valid_to=datetime.date(2016, 12, 31))
    association = make_unit("P-HSV", parent=province, name="Hội Sinh viên P", kind="association")
    return {unit.code: unit for unit in [province, d1, d2, c11, c12, c21, gone, association]}


def small_campaign(units, **overrides):
    arguments = {
        "top_unit": units["P"],
        "term_start": 2017,
        "term_end": 2022,
        "name": "Đại hội đoàn các cấp tiến tới Đại hội Đoàn tỉnh P lần thứ XIII",
        "tree_date": datetime.date(2017, 1, 1),
        "top_planned_on": datetime.date(2017, 9, 20),
        "top_ordinal": 13,
        "levels": [
            LevelPlan(2, "Cấp cơ sở", datetime.date(2017, 5, 31), datetime.date(2017, 3, 1)),
            LevelPlan(1, "Cấp huyện", datetime.date(2017, 7, 31)),
        ],
    }
    arguments.update(overrides)
    return campaign_create(**arguments)
