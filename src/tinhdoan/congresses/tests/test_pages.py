import datetime

import pytest
import time_machine

from tinhdoan.congresses.models import Congress
from tinhdoan.congresses.services import congress_create
from tinhdoan.testing import make_user

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
def officer(units):
    return make_user("officer.c11", unit=units["P-C11"])


@pytest.fixture
def approver(units):
    return make_user("btv.p", unit=units["P"], role="approver")


def record(client, code, **fields):
    data = {"ordinal": 1, "term_start": 2017, "term_end": 2022, "kind": "delegates", **fields}
    return client.post(f"/congresses/units/{code}/", data)


def test_officer_records_own_held_congress_from_the_unit_page(login, units, officer):
    client = login(officer)
    page = client.get("/congresses/units/P-C11/")
    assert page.context["form"].initial["ordinal"] == 1
    response = record(
        client, "P-C11", held_on="2017-04-10", delegates_expected="90", delegates_present="88"
    )
    congress = Congress.objects.get(unit=units["P-C11"])
    assert response.status_code == 302 and response.url == f"/congresses/{congress.pk}/"
    assert congress.held_on == datetime.date(2017, 4, 10)


def test_officer_cannot_open_or_record_for_a_sibling(login, units, officer):
    client = login(officer)
    assert client.get("/congresses/units/P-C12/").status_code == 404
    assert record(client, "P-C12").status_code == 404
    assert not Congress.objects.filter(unit=units["P-C12"]).exists()


def test_future_held_date_on_the_page_is_refused_in_vietnamese(login, units, officer):
    response = record(login(officer), "P-C11", held_on="2017-08-20")
    assert response.status_code == 422
    assert "ở tương lai" in response.content.decode()
    assert not Congress.objects.filter(unit=units["P-C11"]).exists()


def test_held_form_refuses_more_delegates_than_expected(login, units, officer):
    congress = congress_create(
        unit=units["P-C11"], ordinal=1, term_start=2017, delegates_expected=50
    )
    response = login(officer).post(
        f"/congresses/{congress.pk}/held/", {"held_on": "2017-05-01", "delegates_present": "60"}
    )
    assert response.status_code == 422
    assert "60 đại biểu có mặt nhiều hơn 50" in response.content.decode()
    congress.refresh_from_db()
    assert congress.held_on is None


def test_sibling_officer_cannot_see_or_mark_held(login, units):
    congress = congress_create(unit=units["P-C11"], ordinal=1, term_start=2017)
    client = login(make_user("officer.c12", unit=units["P-C12"]))
    assert client.get(f"/congresses/{congress.pk}/").status_code == 404
    assert (
        client.post(f"/congresses/{congress.pk}/held/", {"held_on": "2017-05-01"}).status_code
        == 404
    )
    congress.refresh_from_db()
    assert congress.held_on is None


def test_campaign_page_shows_the_progress_to_the_approver_only(login, units, officer, approver):
    congress_create(
        unit=units["P-C11"], ordinal=1, term_start=2017, held_on=datetime.date(2017, 4, 1)
    )
    page = login(approver).get("/congresses/campaigns/P/2017-2022/")
    assert page.status_code == 200
    grassroots = page.context["progress"].levels[0]
    assert (grassroots.units, grassroots.held, grassroots.missing) == (3, 1, 2)
    assert "Đoàn xã Hai Mốt" in page.content.decode()
    assert login(officer).get("/congresses/campaigns/P/2017-2022/").status_code == 404


def test_index_lists_congresses_with_a_bounded_number_of_queries(
    login, units, approver, django_assert_max_num_queries
):
    for code in ["P-C11", "P-C12", "P-C21", "P-D1"]:
        congress_create(unit=units[code], ordinal=1, term_start=2017)
    client = login(approver)
    with django_assert_max_num_queries(12):
        page = client.get("/congresses/?term=2017-2022")
    assert len(page.context["congresses"]) == 5
    partial = client.get("/congresses/?term=2012-2017", headers={"HX-Request": "true"})
    assert partial.templates[0].name == "congresses/_rows.html"
    assert "Chưa ghi nhận đại hội nào." in partial.content.decode()
