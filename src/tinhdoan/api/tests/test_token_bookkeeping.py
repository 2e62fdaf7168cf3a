"""A token's last use is written at most once every ten minutes: reads stay reads."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tinhdoan.accounts.models import ApiToken
from tinhdoan.accounts.services import TOKEN_USE_RECORD_INTERVAL, token_create, token_use_record
from tinhdoan.testing import make_unit, make_user

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 3, 2, 9, 0, 0, tzinfo=datetime.UTC)


@pytest.fixture
def client_with_token():
    officer = make_user("can.bo", unit=make_unit("TD", kind="provincial_union"))
    return Client(headers={"Authorization": f"Bearer {token_create(user=officer)}"})


def read_units(client: Client) -> list[str]:
    """GET the unit list; the write statements it sent."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/units").status_code == 200
    return [q["sql"] for q in queries if q["sql"].lstrip().startswith(("INSERT", "UPDATE"))]


def last_used() -> datetime.datetime | None:
    return ApiToken.objects.get().last_used_at


def test_the_interval_is_ten_minutes():
    assert datetime.timedelta(minutes=10) == TOKEN_USE_RECORD_INTERVAL


def test_first_use_is_recorded(client_with_token):
    with time_machine.travel(MOMENT, tick=False):
        assert len(read_units(client_with_token)) == 1
    assert last_used() == MOMENT


def test_two_reads_within_ten_minutes_write_once(client_with_token):
    with time_machine.travel(MOMENT, tick=False) as clock:
        read_units(client_with_token)
        clock.shift(datetime.timedelta(minutes=9, seconds=59))
        assert read_units(client_with_token) == []
    assert last_used() == MOMENT


def test_a_read_ten_minutes_later_records_the_use_again(client_with_token):
    with time_machine.travel(MOMENT, tick=False) as clock:
        read_units(client_with_token)
        clock.shift(datetime.timedelta(minutes=10))
        assert len(read_units(client_with_token)) == 1
    assert last_used() == MOMENT + datetime.timedelta(minutes=10)


def test_a_request_holding_an_outdated_copy_does_not_write_over_a_recent_use(
    client_with_token,
):
    """Two requests read the token before either wrote: the second update finds the
    row already recent and changes nothing."""
    with time_machine.travel(MOMENT, tick=False) as clock:
        read_units(client_with_token)
        clock.shift(datetime.timedelta(minutes=15))
        outdated = ApiToken.objects.get()
        assert token_use_record(token=ApiToken.objects.get()) is True
        clock.shift(datetime.timedelta(seconds=1))
        assert token_use_record(token=outdated) is False
    assert last_used() == MOMENT + datetime.timedelta(minutes=15)
