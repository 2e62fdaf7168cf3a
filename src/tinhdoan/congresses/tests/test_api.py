import datetime

import pytest
import time_machine

from tinhdoan.congresses.models import Congress
from tinhdoan.congresses.services import congress_create
from tinhdoan.testing import NOT_FOUND_BODY, make_unit, make_user

from .factories import small_campaign, small_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2017, 8, 15, 9, 0), tick=False):
        yield


@pytest.fixture
def units():
    units = small_tree()
    small_campaign(units)
    return units


@pytest.fixture
def users(units):
    department = make_unit("SO-X", kind="department")
    return {
        "officer": make_user("officer.c11", unit=units["P-C11"]),
        "sibling": make_user("officer.c12", unit=units["P-C12"]),
        "approver": make_user("btv.p", unit=units["P"], role="approver"),
        "leadership": make_user("lanhdao", unit=department, role="leadership"),
        "department": make_user("so.x", unit=department, role="department"),
    }


def test_anonymous_gets_401(client, units):
    assert client.get("/api/v1/congresses").status_code == 401


def test_officer_records_own_congress_with_the_next_ordinal(login, units, users):
    congress_create(unit=units["P-C11"], ordinal=4, term_start=2012)
    response = login(users["officer"]).post(
        "/api/v1/congresses",
        {
            "unit": "P-C11",
            "held_on": "2017-04-10",
            "delegates_expected": 80,
            "delegates_present": 78,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    assert (data["ordinal"], data["ordinal_roman"], data["term"], data["flags"]) == (
        5,
        "V",
        "2017–2022",
        [],
    )


def test_officer_cannot_record_the_congress_of_a_sibling(login, units, users):
    response = login(users["officer"]).post(
        "/api/v1/congresses",
        {"unit": "P-C12", "ordinal": 1, "term": "2017-2022"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Congress.objects.filter(unit=units["P-C12"]).count() == 0


def test_officer_cannot_read_a_sibling_congress_or_the_campaign(login, units, users):
    sibling = congress_create(unit=units["P-C12"], ordinal=1, term_start=2017)
    client = login(users["officer"])
    assert client.get(f"/api/v1/congresses/{sibling.pk}").status_code == 404
    assert client.get("/api/v1/congresses/campaigns/P/2017-2022").json() == NOT_FOUND_BODY
    assert client.get("/api/v1/congresses").json()["count"] == 0


def test_officer_cannot_mark_a_sibling_congress_held(login, units, users):
    sibling = congress_create(unit=units["P-C12"], ordinal=1, term_start=2017)
    response = login(users["officer"]).post(
        f"/api/v1/congresses/{sibling.pk}/held",
        {"held_on": "2017-05-01"},
        content_type="application/json",
    )
    assert response.status_code == 404
    sibling.refresh_from_db()
    assert sibling.held_on is None


def test_provincial_approver_sees_every_congress_and_the_progress(login, units, users):
    congress_create(
        unit=units["P-C11"], ordinal=1, term_start=2017, held_on=datetime.date(2017, 4, 1)
    )
    congress_create(unit=units["P-D2"], ordinal=1, term_start=2017)
    client = login(users["approver"])
    codes = [
        item["unit"] for item in client.get("/api/v1/congresses?term=2017-2022").json()["items"]
    ]
    assert sorted(codes) == ["P", "P-C11", "P-D2"]
    progress = client.get("/api/v1/congresses/campaigns/P/2017-2022").json()
    assert progress["campaign"]["top_congress"] == {
        "ordinal": 13,
        "ordinal_roman": "XIII",
        "planned_on": "2017-09-20",
        "held_on": None,
    }
    assert [(lv["level"], lv["units"], lv["held"], lv["missing"]) for lv in progress["levels"]] == [
        ("Cấp cơ sở", 3, 1, 2),
        ("Cấp huyện", 2, 0, 2),
    ]
    assert [u["code"] for u in progress["missing_units"]] == ["P-C21", "P-C12", "P-D2", "P-D1"]


def test_approver_records_the_congress_of_a_unit_directly_below(login, units, users):
    planned = congress_create(
        unit=units["P-D1"], ordinal=1, term_start=2017, delegates_expected=120
    )
    response = login(users["approver"]).post(
        f"/api/v1/congresses/{planned.pk}/held",
        {"held_on": "2017-07-20", "delegates_present": 118},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["held_on"] == "2017-07-20"


def test_leadership_reads_the_campaign_but_department_does_not(login, units, users):
    assert (
        login(users["leadership"]).get("/api/v1/congresses/campaigns/P/2017-2022").status_code
        == 200
    )
    assert (
        login(users["department"]).get("/api/v1/congresses/campaigns/P/2017-2022").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"unit": "P-C11", "ordinal": 7}, "phải là lần thứ V"),
        ({"unit": "P-C11", "term": "2014-2019"}, "trùng với nhiệm kỳ trước"),
        ({"unit": "P-C11", "held_on": "2017-08-16"}, "ở tương lai"),
        ({"unit": "P-C11", "delegates_expected": 50, "delegates_present": 51}, "nhiều hơn 50"),
        ({"unit": "P-C11", "term": "2017"}, "hai năm"),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message(login, units, users, payload, message):
    congress_create(unit=units["P-C11"], ordinal=4, term_start=2012)
    before = Congress.objects.count()
    response = login(users["officer"]).post(
        "/api/v1/congresses", payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert Congress.objects.count() == before


def test_top_congress_held_with_missing_levels_needs_a_reason(login, units, users):
    top = Congress.objects.get(unit=units["P"])
    admin = make_user("quantri", unit=units["P"], role="admin")
    client = login(admin)
    refused = client.post(
        f"/api/v1/congresses/{top.pk}/held",
        {"held_on": "2017-08-14"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "chưa tổ chức đại hội" in refused.json()["detail"]
    accepted = client.post(
        f"/api/v1/congresses/{top.pk}/held",
        {"held_on": "2017-08-14", "missing_levels_reason": "Đơn vị sáp nhập."},
        content_type="application/json",
    )
    assert accepted.status_code == 200
    assert accepted.json()["flags"] == ["held_with_missing"]


def test_next_congress_suggestion(login, units, users):
    congress_create(unit=units["P-C11"], ordinal=4, term_start=2012)
    data = login(users["officer"]).get("/api/v1/congresses/units/P-C11/next").json()
    assert data == {"unit": "P-C11", "ordinal": 5, "ordinal_roman": "V", "term": "2017-2022"}
