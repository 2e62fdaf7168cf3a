"""Small factories for tests: trees, users with roles, the demo."""

import base64
import datetime
import os
import time

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tinhdoan.accounts.models import Membership
from tinhdoan.demo.services import demo_load
from tinhdoan.org.models import Unit
from tinhdoan.rollup.tree import unit_create

DEMO_PASSWORD = "demo-password-for-tests"

# The API's answer to anything missing or out of the caller's scope.
NOT_FOUND_BODY = {
    "detail": "Không tìm thấy.",
    "kind": "not_found",
    "errors": [{"msg": "Không tìm thấy.", "loc": [], "type": "not_found"}],
    "warnings": [],
}

# For tests that start their own server on their own SQLite file whatever database the
# suite runs on: one run of the suite is enough, the PostgreSQL run skips them.
own_database_only_once = pytest.mark.skipif(
    os.environ.get("TINHDOAN_DATABASE_URL", "").startswith("postgres"),
    reason="runs on its own SQLite database; already run with the SQLite suite",
)


def make_unit(
    code: str,
    *,
    parent: Unit | None = None,
    name: str | None = None,
    kind: str = "commune_union",
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> Unit:
    return unit_create(
        code=code,
        name=name or f"Đơn vị {code}",
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def make_user(username: str, *, unit: Unit | None = None, role: str = "officer"):
    user = get_user_model().objects.create_user(username=username, password=DEMO_PASSWORD)
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    if role == "admin":
        user.is_staff = user.is_superuser = True
        user.save()
    return user


# Tables that the framework fills by itself (on migrate or flush), never demo rows.
# The revisions table is written by triggers as the other rows are restored.
_NOT_DEMO_TABLES = {
    "django_content_type",
    "auth_permission",
    "django_session",
    "django_migrations",
    "revisions_revision",
}
_demo_rows: list[tuple[type, list[dict]]] | None = None


def _demo_models() -> list[type]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.db_table not in _NOT_DEMO_TABLES
    ]


def load_demo() -> None:
    """Load the demo through `demo_load` once per test run, then restore its rows.

    The first call runs the real loader and keeps the rows it added; later calls insert
    those rows again, which is what makes a suite with hundreds of demo tests fast: in a
    test's own rolled-back transaction, or in a transactional test's (a live server's)
    flushed database. Restored rows keep their ids, so a test must not assume `load_demo`
    can run twice in it.
    """
    global _demo_rows
    if _demo_rows is not None:
        _restore_rows(_demo_rows)
        return
    before = {model: set(model.objects.values_list("pk", flat=True)) for model in _demo_models()}
    demo_load(password=DEMO_PASSWORD)
    _demo_rows = [
        (
            model,
            [
                _content_types_named(model, row)
                for row in model.objects.values()
                if row[model._meta.pk.attname] not in before[model]
            ],
        )
        for model in _demo_models()
    ]


def _content_type_fields(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is ContentType
    ]


def _content_types_named(model, row: dict) -> dict:
    # A flushed database makes its content types again under new ids: keep their names.
    for attname in _content_type_fields(model):
        content_type = ContentType.objects.get_for_id(row[attname])
        row[attname] = (content_type.app_label, content_type.model)
    return row


@transaction.atomic
def _restore_rows(rows: list[tuple[type, list[dict]]]) -> None:
    # Foreign keys are checked at commit on both SQLite and PostgreSQL, so the
    # order of the tables does not matter here.
    with connection.cursor() as cursor:
        for sql, params, named in _insert_statements(rows):
            for row in params if named else ():
                for index in named:
                    row[index] = ContentType.objects.get_by_natural_key(*row[index]).pk
            cursor.executemany(sql, params)
        restored = [model for model, model_rows in rows if model_rows]
        for statement in connection.ops.sequence_reset_sql(no_style(), restored):
            cursor.execute(statement)


_statements: dict[str, list] = {}


def _insert_statements(rows: list[tuple[type, list[dict]]]) -> list[tuple[str, list, list]]:
    """(INSERT, its rows' parameters, the indexes of content-type columns) of each table,
    prepared for this database once per test run: the restore runs before hundreds of
    tests. Content types are named (app label, model), looked up at each restore."""
    if connection.vendor not in _statements:
        quote = connection.ops.quote_name
        statements = []
        for model, model_rows in rows:
            if not model_rows:
                continue
            fields = model._meta.concrete_fields
            named = set(_content_type_fields(model))
            columns = ", ".join(quote(field.column) for field in fields)
            marks = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
            params = [
                [
                    row[field.attname]  # (app label, model): `_content_types_named`
                    if field.attname in named
                    else field.get_db_prep_save(row[field.attname], connection)
                    for field in fields
                ]
                for row in model_rows
            ]
            indexes = [i for i, field in enumerate(fields) if field.attname in named]
            statements.append((sql, params, indexes))
        _statements[connection.vendor] = statements
    return [
        (sql, [list(row) for row in params] if named else params, named)
        for sql, params, named in _statements[connection.vendor]
    ]


def demo_user(username: str):
    return get_user_model().objects.get(username=username)


# --- two-factor: what the user's authenticator app would show --------------------------------


def key_bytes(key) -> bytes:
    """A device's key, or a key as the enrolment page shows it (base32, spaces allowed)."""
    if isinstance(key, TOTPDevice):
        return key.bin_key
    cleaned = "".join(key.split()).upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def totp_code(key, *, at: float | None = None, steps: int = 0) -> str:
    """The 6-digit code an authenticator app shows for this key at `at` (now by default),
    `steps` time steps later (negative: earlier), as an independent phone clock would."""
    totp = TOTP(key_bytes(key))
    totp.time = (time.time() if at is None else at) + 30 * steps
    return f"{totp.token():06d}"


def totp_code_unused(device: TOTPDevice) -> str:
    """A code the device accepts now and that was not used yet: of the current step (as the
    device's drift sees it), or of the next when the current one was used (waiting for the
    clock when even that one was)."""
    device.refresh_from_db()
    while True:
        now = TOTP(device.bin_key, drift=device.drift).t()
        step = max(now, device.last_t + 1)
        if step <= now + device.tolerance:
            totp = TOTP(device.bin_key)
            totp.time = step * 30
            return f"{totp.token():06d}"
        time.sleep(1)


def login_verified(client, user):
    """force_login, and mark the session as having passed two-factor login (with a device made
    for the user when they have none): what the admin requires."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="kiểm thử")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def jobs_run_queued() -> int:
    """Run the background jobs waiting in the database queue, each claimed and run by the
    database worker's own step (`tinhdoan jobs-worker`), in this process; how many ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    count = 0
    while (task_result := DBTaskResult.objects.ready().get_locked()) is not None:
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        count += 1
    return count
