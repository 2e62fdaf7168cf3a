import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tinhdoan.org import selectors
from tinhdoan.org.models import Unit
from tinhdoan.org.services import OrgError, tree_check, unit_move
from tinhdoan.testing import make_unit

pytestmark = pytest.mark.django_db

BEFORE_REFORM = datetime.date(2018, 1, 9)
AFTER_REFORM = datetime.date(2026, 1, 1)


def codes(units):
    return {unit.code for unit in units}


def test_tree_of_2018_has_the_district_unions_and_no_communes(demo):
    root = Unit.objects.get(code="TDLS")
    children = codes(selectors.unit_children(unit=root, day=BEFORE_REFORM))
    assert {"TDLS-TP", "TDLS-TRD", "TDLS-DLA"} <= children
    assert len([c for c in children if c.startswith("TDLS-") and c[5:].isdigit()]) == 0
    assert len([c for c in children if Unit.objects.get(code=c).kind == "district_union"]) == 11


def test_tree_of_2026_has_the_65_communes_and_no_district_unions(demo):
    root = Unit.objects.get(code="TDLS")
    children = list(selectors.unit_children(unit=root, day=AFTER_REFORM))
    assert len([u for u in children if u.kind == "commune_union"]) == 65
    assert not [u for u in children if u.kind == "district_union"]
    assert "TDLS-06040" in codes(children)


def test_last_day_of_districts_still_shows_them(demo):
    root = Unit.objects.get(code="TDLS")
    last_day = codes(selectors.unit_children(unit=root, day=datetime.date(2025, 6, 30)))
    first_day = codes(selectors.unit_children(unit=root, day=datetime.date(2025, 7, 1)))
    assert "TDLS-TRD" in last_day and "TDLS-06040" not in last_day
    assert "TDLS-TRD" not in first_day and "TDLS-06040" in first_day


def test_lineage_leads_from_a_district_union_to_todays_communes(demo):
    district = Unit.objects.get(code="TDLS-TRD")
    successors = codes(
        link.successor for link in selectors.unit_lineage(unit=district)["successors"]
    )
    assert "TDLS-06040" in successors  # Xã Thất Khê
    commune = Unit.objects.get(code="TDLS-06040")
    predecessors = selectors.unit_lineage(unit=commune)["predecessors"]
    assert [link.predecessor.code for link in predecessors] == ["TDLS-TRD"]


def test_subtree_as_of_a_date_uses_the_path_and_the_validity():
    root = make_unit("R", kind="provincial_union")
    old = make_unit("OLD", parent=root, valid_to=datetime.date(2025, 6, 30))
    branch = make_unit("OLD-B", parent=old, valid_to=datetime.date(2025, 6, 30))
    new = make_unit("NEW", parent=root, valid_from=datetime.date(2025, 7, 1))
    assert codes(selectors.unit_subtree(unit=root, day=BEFORE_REFORM)) == {"R", "OLD", "OLD-B"}
    assert codes(selectors.unit_subtree(unit=root, day=AFTER_REFORM)) == {"R", "NEW"}
    assert [a.code for a in selectors.unit_ancestors(unit=branch)] == ["R", "OLD"]
    assert new.path == f"/{root.pk}/{new.pk}/"


def test_subtree_query_does_not_recurse_per_node(django_assert_num_queries):
    root = make_unit("R", kind="provincial_union")
    parent = root
    for index in range(6):
        parent = make_unit(f"L{index}", parent=parent)
    with django_assert_num_queries(1):
        assert len(list(selectors.unit_subtree(unit=root, day=AFTER_REFORM))) == 7


def test_child_cannot_be_valid_outside_its_parent():
    root = make_unit("R", kind="provincial_union", valid_to=datetime.date(2025, 6, 30))
    with pytest.raises(OrgError, match="đơn vị cấp trên"):
        make_unit("C", parent=root, valid_to=None)
    assert not Unit.objects.filter(code="C").exists()


def test_moving_a_unit_moves_its_whole_subtree_and_keeps_the_tree_valid():
    root = make_unit("R", kind="provincial_union")
    a = make_unit("A", parent=root)
    b = make_unit("B", parent=root)
    a_child = make_unit("A1", parent=a)
    unit_move(unit=a, new_parent=b)
    a_child.refresh_from_db()
    assert a_child.path == f"/{root.pk}/{b.pk}/{a.pk}/{a_child.pk}/"
    assert a_child.depth == 3
    assert tree_check() == []


def test_a_unit_cannot_be_moved_under_its_own_subtree():
    root = make_unit("R", kind="provincial_union")
    a = make_unit("A", parent=root)
    a_child = make_unit("A1", parent=a)
    with pytest.raises(OrgError):
        unit_move(unit=a, new_parent=a_child)
    a.refresh_from_db()
    assert a.parent_id == root.pk


def test_check_tree_command_finds_a_corrupted_path_and_repairs_it():
    root = make_unit("R", kind="provincial_union")
    child = make_unit("C", parent=root)
    Unit.objects.filter(pk=child.pk).update(path="/999/")
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("check-tree")
    call_command("check-tree", "--repair")
    child.refresh_from_db()
    assert child.path == f"/{root.pk}/{child.pk}/"
