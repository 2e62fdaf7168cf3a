"""Results reads take the units, programs and sub-units from what the server process keeps
under the structure token; a change to the tree is seen by the very next read, and what one
user's read kept never lets another user see more."""

import pytest
from django.db import connection
from django.test import Client

from tinhdoan.accounts.services import token_create
from tinhdoan.org.models import Unit
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db


def api(username: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(user=demo_user(username))}"})


def sub_unit_codes(client: Client, unit: str = "TDLS") -> list[str]:
    response = client.get(f"/api/v1/results/{unit}/2026")
    assert response.status_code == 200, response.content
    return [s["code"] for s in response.json()["sub_units"]]


def test_a_unit_moved_behind_the_apps_back_is_read_under_its_new_parent_at_once(demo):
    client = api("btv.tinhdoan")
    before = sub_unit_codes(client)
    moved = Unit.objects.get(code=before[0])
    new_parent = Unit.objects.get(code=before[1])
    with connection.cursor() as cursor:  # not through the services: only the trigger sees it
        cursor.execute(
            "UPDATE org_unit SET parent_id = %s WHERE id = %s", [new_parent.pk, moved.pk]
        )
    assert moved.code not in sub_unit_codes(client)


def test_a_unit_renamed_is_named_anew_at_once(demo):
    client = api("btv.tinhdoan")
    sub_unit_codes(client)
    Unit.objects.filter(code="TDLS").update(name="Tỉnh đoàn Lạng Sơn (tên mới)")
    assert client.get("/api/v1/results/TDLS/2026").json()["unit"]["name"] == (
        "Tỉnh đoàn Lạng Sơn (tên mới)"
    )


def test_what_the_province_kept_does_not_open_it_to_a_commune(demo):
    assert api("btv.tinhdoan").get("/api/v1/results/TDLS/2026").status_code == 200
    commune = api("doan.xa_that_khe")
    assert commune.get("/api/v1/results/TDLS/2026").status_code == 404
    assert commune.get("/api/v1/results/NOPE/2026").status_code == 404
    assert sub_unit_codes(commune, "TDLS-06040") == []
