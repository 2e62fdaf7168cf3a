"""API tokens expire (180 days by default) and their owner lists and revokes them."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tinhdoan.accounts.models import ApiToken
from tinhdoan.accounts.services import token_create
from tinhdoan.testing import make_unit, make_user

pytestmark = pytest.mark.django_db
MOMENT = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def api_get(token: str):
    return Client().get("/api/v1/units", headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def officers():
    unit = make_unit("TD", kind="provincial_union")
    return make_user("can.bo", unit=unit), make_user("ke.khac", unit=unit)


def test_a_token_works_for_180_days_then_is_refused(officers):
    with time_machine.travel(MOMENT, tick=False) as clock:
        token = token_create(user=officers[0])
        clock.shift(datetime.timedelta(days=179, hours=23))
        assert api_get(token).status_code == 200
        clock.shift(datetime.timedelta(hours=1))
        assert api_get(token).status_code == 401


def test_the_lifetime_is_a_setting(officers, settings):
    settings.API_TOKEN_DAYS = 1
    with time_machine.travel(MOMENT, tick=False) as clock:
        token = token_create(user=officers[0])
        clock.shift(datetime.timedelta(days=1))
        assert api_get(token).status_code == 401


def test_a_user_lists_only_their_own_tokens_without_writing(officers, login):
    mine = token_create(user=officers[0])
    token_create(user=officers[1])
    client = login(officers[0])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/accounts/tokens/")
    assert page.status_code == 200
    assert [t.prefix for t in page.context["tokens"]] == [mine[:8]]
    assert mine[:8] in page.content.decode()
    assert not [q for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]


def test_the_owner_revokes_a_token_and_it_stops_working(officers, login):
    token = token_create(user=officers[0])
    pk = ApiToken.objects.get().pk
    response = login(officers[0]).post(f"/accounts/tokens/{pk}/revoke/", follow=True)
    assert "Đã thu hồi mã" in response.content.decode()
    assert api_get(token).status_code == 401 and not ApiToken.objects.exists()


def test_nobody_else_revokes_a_token(officers, login):
    token = token_create(user=officers[0])
    pk = ApiToken.objects.get().pk
    assert login(officers[1]).post(f"/accounts/tokens/{pk}/revoke/").status_code == 404
    assert api_get(token).status_code == 200
