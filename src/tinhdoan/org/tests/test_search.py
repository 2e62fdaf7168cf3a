import unicodedata

import pytest

from tinhdoan.org import selectors
from tinhdoan.org.models import Unit
from tinhdoan.testing import make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    root = make_unit("TDLS", name="Tỉnh đoàn Lạng Sơn", kind="provincial_union")
    make_unit("HS", name="Đoàn xã Hoà Sơn", parent=root)
    make_unit("TU", name="Tỉnh uỷ Lạng Sơn", kind="party_committee")
    make_unit("CB", name="Đoàn xã Cao Bằng", parent=root)
    return root


def found(query):
    return [unit.code for unit in selectors.unit_search(query=query)]


def test_query_without_diacritics_ignores_them(units):
    assert "TDLS" in found("lang son")


def test_nfc_and_nfd_queries_find_the_same_units(units):
    nfc = found("Lạng Sơn")
    assert nfc == found(unicodedata.normalize("NFD", "Lạng Sơn"))
    assert set(nfc) == {"TDLS", "TU"}


def test_query_with_diacritics_respects_them(units):
    assert found("Lăng Sơn") == []


def test_old_and_new_tone_placement_find_each_other(units):
    assert found("Tỉnh ủy") == ["TU"]
    assert found("hòa sơn") == ["HS"]


def test_search_is_limited_to_the_given_units(units):
    readable = Unit.objects.filter(code__in=["HS", "CB"])
    assert selectors.unit_search(query="lang son", units=readable).count() == 0
