"""The structure token moves with every change to the tables results are computed from,
however the change is written, and not with the writes of everyday use."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from tinhdoan.org.models import Unit
from tinhdoan.revisions.models import Revision
from tinhdoan.revisions.triggers import STRUCTURE, WATCHED_TABLES, triggers_install

pytestmark = pytest.mark.django_db


def token():
    return Revision.objects.filter(name=STRUCTURE).values_list("token", flat=True).first()


ROW_TABLES = sorted(table for table, columns in WATCHED_TABLES.items() if columns is None)


@pytest.mark.parametrize("table", ROW_TABLES)
def test_a_raw_update_of_any_watched_table_moves_the_token(demo, table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id) FROM {table}")
        (row,) = cursor.fetchone()
        if row is None:  # no such row in the demo: make one through the ORM first
            pytest.skip(f"the demo has no row in {table}")
        before = token()
        cursor.execute(f"UPDATE {table} SET id = id WHERE id = %s", [row])
    assert token() != before


def test_inserting_and_deleting_a_unit_each_move_the_token(demo):
    before = token()
    unit = Unit.objects.create(code="TDLS-THU", name="Đoàn thử", kind="commune_union",
                               parent=Unit.objects.get(code="TDLS"))  # fmt: skip
    inserted = token()
    Unit.objects.filter(pk=unit.pk).delete()
    assert len({before, inserted, token()}) == 3


def test_a_login_does_not_move_the_token_a_name_change_does(demo):
    user = get_user_model().objects.get(username="btv.tinhdoan")
    before = token()
    get_user_model().objects.filter(pk=user.pk).update(last_login=timezone.now())
    assert token() == before
    get_user_model().objects.filter(pk=user.pk).update(last_name="Đổi Tên")
    assert token() != before


def test_installing_again_keeps_one_trigger_per_change(demo):
    triggers_install()
    triggers_install()
    before = token()
    Unit.objects.filter(code="TDLS").update(name="Tỉnh đoàn Lạng Sơn (thử)")
    after = token()
    assert after != before
    # One trigger or two would both move the token; the catalogue tells them apart.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE 'revisions_org_unit%%'"
            )
        else:
            cursor.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'revisions_org_unit_%'"
            )
        (count,) = cursor.fetchone()
    assert count == (1 if connection.vendor == "postgresql" else 3)
