"""A server process keeps the tokens it has checked, and sees at once every change to who
may reach what: each change below is made the way nothing in the app would see it (a bare
queryset update, raw SQL), between two requests with the same kept token."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tinhdoan.accounts.models import Membership
from tinhdoan.accounts.services import token_create
from tinhdoan.testing import make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = make_unit("TD", kind="provincial_union")
    commune = make_unit("TD-A", kind="commune_union", parent=province)
    other = make_unit("TD-B", kind="commune_union", parent=province)
    officer = make_user("can.bo", unit=commune)
    client = Client(headers={"Authorization": f"Bearer {token_create(user=officer)}"})
    assert client.get("/api/v1/units/TD-A").status_code == 200  # the token is kept now
    return officer, client, other


def test_a_kept_token_reads_no_token_account_or_membership_row(world):
    _officer, client, _other = world
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/units/TD-A").status_code == 200
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "accounts_apitoken" not in tables and "accounts_membership" not in tables
    assert "auth_user" not in tables


def test_a_token_deleted_behind_the_apps_back_stops_at_once(world):
    _officer, client, _other = world
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_apitoken")
    assert client.get("/api/v1/units/TD-A").status_code == 401


def test_a_disabled_account_stops_at_once(world):
    officer, client, _other = world
    get_user_model().objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get("/api/v1/units/TD-A").status_code == 401


def test_a_membership_removed_or_added_counts_at_once(world):
    officer, client, other = world
    assert client.get("/api/v1/units/TD-B").status_code == 404
    Membership.objects.create(user=officer, unit=other, role="officer")
    assert client.get("/api/v1/units/TD-B").status_code == 200
    Membership.objects.filter(user=officer).delete()
    assert client.get("/api/v1/units/TD-A").status_code == 404


def test_a_moved_unit_is_read_under_its_new_place(world):
    officer, client, other = world
    Membership.objects.filter(user=officer).update(unit=other)
    assert client.get("/api/v1/units/TD-A").status_code == 404
    assert client.get("/api/v1/units/TD-B").status_code == 200


def test_a_kept_token_still_expires_on_time(world):
    _officer, client, _other = world
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=181)):
        assert client.get("/api/v1/units/TD-A").status_code == 401
