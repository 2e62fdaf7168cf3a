"""The chair picker shows which title each person held when: the notice prints the one held on
the session's date."""

import pytest

from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db


def test_each_person_shows_the_positions_held_and_when(demo, login):
    html = login(demo_user("btv.tinhdoan")).get("/sessions/new/").content.decode()
    assert "Phạm Ngọc Thưởng — Phó Bí thư Tỉnh ủy (10/2015–10/2020); Chủ tịch UBND tỉnh" in html
    assert "Nông Minh Tuấn — Bí thư Tỉnh đoàn (10/2022–…)" in html
