"""`GET /api/v1/units/{code}` is kept by the process as JSON under the structure and people
revisions: every change below, made behind the app's back, shows in the very next answer."""

import datetime

import pytest
from django.db import connection
from django.test import Client

from tinhdoan.accounts.services import token_create
from tinhdoan.org.models import Lineage, Person, Position, Unit
from tinhdoan.testing import make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = make_unit("TD", kind="provincial_union", name="Tỉnh đoàn Thử")
    commune = make_unit("TD-A", parent=province)
    make_unit("TD-B", parent=province)
    reader = make_user("doc.gia", unit=province, role="leadership")
    officer = make_user("can.bo", unit=commune)
    return province, reader, officer


def api(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(user=user)}"})


def detail(client: Client, code: str = "TD") -> dict:
    response = client.get(f"/api/v1/units/{code}")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_position_taken_shows_at_once(world):
    province, reader, _officer = world
    client = api(reader)
    assert detail(client)["positions"] == []
    person = Person.objects.create(full_name="Nguyễn Văn Thử")
    Position.objects.create(
        person=person, unit=province, title="Bí thư", start=datetime.date(2020, 1, 1)
    )
    assert [p["person"] for p in detail(client)["positions"]] == ["Nguyễn Văn Thử"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE org_person SET full_name = 'Trần Thị Mới'")
    assert [p["person"] for p in detail(client)["positions"]] == ["Trần Thị Mới"]


def test_a_rename_and_a_merge_show_at_once(world):
    _province, reader, _officer = world
    client = api(reader)
    assert detail(client, "TD-A")["successors"] == []
    Unit.objects.filter(code="TD-A").update(name="Đoàn xã Mới")
    Lineage.objects.create(
        predecessor=Unit.objects.get(code="TD-A"),
        successor=Unit.objects.get(code="TD-B"),
        kind="merged_into",
        on_date=datetime.date(2025, 7, 1),
    )
    after = detail(client, "TD-A")
    assert after["name"] == "Đoàn xã Mới" and len(after["successors"]) == 1


def test_what_the_province_kept_does_not_open_it_to_a_commune(world):
    _province, reader, officer = world
    detail(api(reader))
    assert api(officer).get("/api/v1/units/TD").status_code == 404
    assert api(officer).get("/api/v1/units/NOPE").status_code == 404
    assert detail(api(officer), "TD-A")["code"] == "TD-A"
