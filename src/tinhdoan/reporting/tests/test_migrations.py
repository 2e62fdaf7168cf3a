"""A database made before values moved from `programs` to `reporting` keeps every row.

The test takes the database back to the state before the move (programs 0005, no
reporting app), writes a value, its history, a report and its step with the models of
that state, then migrates forward and reads them back with the models of today.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

BEFORE = [("programs", "0005_program_rules_revision"), ("reporting", None)]
AFTER = [
    ("programs", "0006_values_and_reports_move_to_reporting"),
    ("reporting", "0002_content_types_from_programs"),
]
MOVED = ("datavalue", "valuechange", "submission", "submissionevent")


def _migrate(targets):
    """Migrate to `targets`; the apps of the state the database is then in."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationLoader(connection)
    return loader.project_state(list(loader.applied_migrations)).apps


def _rows_before_the_move(apps) -> dict:
    Unit = apps.get_model("org", "Unit")
    unit = Unit.objects.create(code="MIG", name="Đoàn xã Di Chuyển", kind="commune_union")
    Unit.objects.filter(pk=unit.pk).update(path=f"/{unit.pk}/")
    program = apps.get_model("programs", "Program").objects.create(
        unit=unit, year=2017, title="Chương trình 2017"
    )
    period = apps.get_model("programs", "Period").objects.create(
        code="2017",
        kind="year",
        year=2017,
        start=datetime.date(2017, 1, 1),
        end=datetime.date(2017, 12, 31),
    )
    reporting = apps.get_model("programs", "ReportingPeriod").objects.create(
        program=program, period=period, deadline=datetime.date(2018, 1, 5)
    )
    target = apps.get_model("programs", "Target").objects.create(
        program=program, code="CT01", name="Kết nạp đoàn viên mới", measure="người"
    )
    cell = {"unit": unit, "target": target, "period": period}
    value = apps.get_model("programs", "DataValue").objects.create(
        **cell, value=Decimal("6500"), comment="minh họa", version=2
    )
    change = apps.get_model("programs", "ValueChange").objects.create(
        **cell, old_value=Decimal("6000"), new_value=Decimal("6500"), version=2, source="import"
    )
    submission = apps.get_model("programs", "Submission").objects.create(
        reporting_period=reporting, unit=unit, status="locked", first_submitted_at=timezone.now()
    )
    step = apps.get_model("programs", "SubmissionEvent").objects.create(
        submission=submission, action="lock", from_status="approved", to_status="locked"
    )
    # The test database made its content types for today's apps; going back put them
    # under `programs`, where an older database has them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    datavalue_type, _new = ContentType.objects.get_or_create(
        app_label="programs", model="datavalue"
    )
    permission, _new = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=datavalue_type,
        codename="change_datavalue",
        defaults={"name": "Can change data value"},
    )
    return {
        "value": value.pk,
        "change": change.pk,
        "submission": submission.pk,
        "step": step.pk,
        "datavalue_type": datavalue_type.pk,
        "permission": permission.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_values_history_and_reports_made_before_the_move_are_read_after_it():
    try:
        before = _rows_before_the_move(_migrate(BEFORE))
        apps = _migrate(AFTER)
        value = apps.get_model("reporting", "DataValue").objects.get(pk=before["value"])
        assert (value.value, value.comment, value.version) == (Decimal("6500"), "minh họa", 2)
        assert (value.unit.code, value.target.code, value.period.code) == ("MIG", "CT01", "2017")
        change = apps.get_model("reporting", "ValueChange").objects.get(pk=before["change"])
        assert (change.old_value, change.new_value, change.source) == (6000, 6500, "import")
        submission = apps.get_model("reporting", "Submission").objects.get(pk=before["submission"])
        assert submission.status == "locked"
        step = apps.get_model("reporting", "SubmissionEvent").objects.get(pk=before["step"])
        assert (step.submission_id, step.action) == (submission.pk, "lock")
        ContentType = apps.get_model("contenttypes", "ContentType")
        moved = ContentType.objects.get(pk=before["datavalue_type"])
        assert (moved.app_label, moved.model) == ("reporting", "datavalue")
        assert not ContentType.objects.filter(app_label="programs", model__in=MOVED).exists()
        permission = apps.get_model("auth", "Permission").objects.get(pk=before["permission"])
        assert permission.content_type_id == moved.pk
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_the_tables_keep_their_names():
    tables = set(connection.introspection.table_names())
    assert {f"programs_{model}" for model in MOVED} <= tables
    assert not {name for name in tables if name.startswith("reporting_")}
