"""Results come from the cache only while their data are unchanged: after a value saved,
a unit renamed by any means, or a change rolled back, the figures read are the ones a
computation from scratch gives."""

import json
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client

from tinhdoan.accounts.services import token_create
from tinhdoan.org.models import Unit
from tinhdoan.rollup.selectors import (
    _unit_results,
    results_key,
    results_request,
    unit_results,
)
from tinhdoan.testing import demo_user

from .factories import rule_world, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = rule_world()
    write(w.program, [("R-A1", "S", "2017", 10), ("R-B", "S", "2017", 7)])
    return w


def _total(results) -> Decimal:
    row = next(r for r in results.rows if r.target.code == "S")
    return Decimal(row.actual)


def _fresh(key):
    wanted = results_request(key=key)
    return _unit_results(wanted.key, wanted.day, wanted.children)


def test_a_saved_value_is_in_the_next_read(world):
    key = results_key(unit=world.root, period_code="2017")
    assert _total(unit_results(key=key)) == 17
    assert _total(unit_results(key=key)) == 17  # from the cache
    write(world.program, [("R-A2", "S", "2017", 5)])
    assert _total(unit_results(key=key)) == 22 == _total(_fresh(key))


def test_a_unit_renamed_by_a_bulk_update_shows_its_new_name(world):
    key = results_key(unit=world.root, period_code="2017")
    names = {s.unit.name for s in unit_results(key=key).sub_units}
    assert "Đoàn xã Bình" in names
    Unit.objects.filter(code="R-B").update(name="Đoàn xã Bình Mới")  # no model signal
    names = {s.unit.name for s in unit_results(key=key).sub_units}
    assert "Đoàn xã Bình Mới" in names and "Đoàn xã Bình" not in names


def test_results_read_in_a_change_rolled_back_are_not_served_after_it(world):
    key = results_key(unit=world.root, period_code="2017")
    with transaction.atomic():
        write(world.program, [("R-B", "S", "2017", 1000)])
        assert _total(unit_results(key=key)) == 1010
        transaction.set_rollback(True)
    assert _total(unit_results(key=key)) == 17


def test_the_api_answers_304_while_the_results_are_unchanged(demo):
    client = Client(
        headers={"Authorization": f"Bearer {token_create(user=demo_user('btv.tinhdoan'))}"}
    )
    url = "/api/v1/results/TDLS/2017"
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    Unit.objects.filter(code="TDLS-TRD").update(name="Huyện đoàn Tràng Định (mới)")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Huyện đoàn Tràng Định (mới)" in json.dumps(changed.json(), ensure_ascii=False)


def test_an_etag_does_not_open_another_units_results(demo):
    province = Client(
        headers={"Authorization": f"Bearer {token_create(user=demo_user('btv.tinhdoan'))}"}
    )
    commune = Client(
        headers={"Authorization": f"Bearer {token_create(user=demo_user('doan.xa_that_khe'))}"}
    )
    url = "/api/v1/results/TDLS/2017"
    etag = province.get(url)["ETag"]
    refused = commune.get(url, headers={"If-None-Match": etag})
    assert refused.status_code == 404
    assert "ETag" not in refused
