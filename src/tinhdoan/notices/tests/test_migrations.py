"""Notices made while they belonged to `meetings` are kept, with the address of their
directive or recommendation, when they move to `notices`."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

BEFORE = [("meetings", "0001_sessions_directives_recommendations"), ("notices", None)]
AFTER = [
    ("meetings", "0005_notification_moves_to_notices"),
    ("notices", "0002_content_type_from_meetings"),
]


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationLoader(connection)
    return loader.project_state(list(loader.applied_migrations)).apps


def _notices_before_the_move(apps) -> dict:
    Unit = apps.get_model("org", "Unit")
    unit = Unit.objects.create(code="MIG", name="Đoàn xã Di Chuyển", kind="commune_union")
    Unit.objects.filter(pk=unit.pk).update(path=f"/{unit.pk}/")
    user = apps.get_model("auth", "User").objects.create(username="can_bo_mig")
    directive = apps.get_model("meetings", "Directive").objects.create(
        issuer=unit,
        lead=unit,
        content="Tổng hợp danh sách",
        assigned_on=datetime.date(2026, 1, 5),
        deadline=datetime.date(2026, 3, 1),
    )
    Notification = apps.get_model("meetings", "Notification")
    linked = Notification.objects.create(
        user=user, kind="assigned", key="assigned:1", message="Nhiệm vụ mới", directive=directive
    )
    plain = Notification.objects.create(user=user, kind="overdue", key="k", message="Quá hạn")
    return {"linked": linked.pk, "plain": plain.pk, "directive": directive.pk}


@pytest.mark.django_db(transaction=True)
def test_notices_made_before_the_move_keep_their_rows_and_links():
    try:
        before = _notices_before_the_move(_migrate(BEFORE))
        apps = _migrate(AFTER)
        Notification = apps.get_model("notices", "Notification")
        linked = Notification.objects.get(pk=before["linked"])
        assert (linked.kind, linked.message, linked.user.username) == (
            "assigned",
            "Nhiệm vụ mới",
            "can_bo_mig",
        )
        assert linked.url == f"/directives/{before['directive']}/"
        assert Notification.objects.get(pk=before["plain"]).url == ""
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
