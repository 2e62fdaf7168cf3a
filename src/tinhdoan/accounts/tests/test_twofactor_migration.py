"""Authenticators enrolled with the hand-written TOTP module keep working after the move to
django-otp: the data migration copies each one to a django-otp device (same secret, last step
used, time of enrolment), and back."""

import base64
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from tinhdoan.accounts.services import totp_code_check
from tinhdoan.testing import totp_code

BEFORE = [("accounts", "0005_twofactor_invitation"), ("otp_totp", "0003_add_timestamps")]
AFTER = [("accounts", "0007_remove_totpdevice")]
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # base32, as the old module stored it
ENROLLED = datetime.datetime(2026, 1, 5, 8, 30, tzinfo=datetime.UTC)


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationLoader(connection)
    return loader.project_state(list(loader.applied_migrations)).apps


@pytest.mark.django_db(transaction=True)
def test_enrolled_secrets_become_django_otp_devices_and_still_give_codes():
    try:
        apps = _migrate(BEFORE)
        User = apps.get_model("auth", "User")
        used = User.objects.create(username="lanh.dao.cu")
        fresh = User.objects.create(username="quan.tri.cu")
        Old = apps.get_model("accounts", "TotpDevice")
        Old.objects.create(user=used, secret=SECRET, confirmed_at=ENROLLED, last_counter=59_000_000)
        Old.objects.create(user=fresh, secret="MFRGGZDFMZTWQ2LK", last_counter=0)

        apps = _migrate(AFTER)
        Device = apps.get_model("otp_totp", "TOTPDevice")
        moved = Device.objects.get(user_id=used.pk)
        assert bytes.fromhex(moved.key) == base64.b32decode(SECRET)
        assert (moved.confirmed, moved.last_t, moved.created_at) == (True, 59_000_000, ENROLLED)
        assert (moved.step, moved.digits, moved.tolerance, moved.drift) == (30, 6, 1, 0)
        assert Device.objects.get(user_id=fresh.pk).last_t == -1
        assert "accounts_totpdevice" not in connection.introspection.table_names()

        # The code the phone shows for the old secret logs in through django-otp.
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(pk=used.pk)
        assert totp_code_check(user=user, code=totp_code(SECRET)).device is not None

        apps = _migrate(BEFORE)
        back = apps.get_model("accounts", "TotpDevice").objects.get(user_id=used.pk)
        assert back.secret == SECRET and back.last_counter > 59_000_000
        assert not apps.get_model("otp_totp", "TOTPDevice").objects.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
