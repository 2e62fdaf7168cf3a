"""The real worker on the database queue runs each job in a process of its own, under its
limits: a job over its processor time or its memory ends failed, naming the limit, with
nothing written; a job within them does its work.

`tinhdoan jobs-worker --batch` runs once as its own process on the test's database (a copy
in a file on SQLite, the test database itself on PostgreSQL), as in production.
"""

import json
import sqlite3
import subprocess

import pytest
from django.db import connection

from tinhdoan.jobs.models import Job, JobKind
from tinhdoan.jobs.queue import job_run
from tinhdoan.jobs.services import job_create
from tinhdoan.ops.tests.test_serve import TINHDOAN
from tinhdoan.programs.tests.factories import make_world
from tinhdoan.reporting.models import DataValue
from tinhdoan.reporting.tests.test_import_faults import Database

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "unit_code,target_code,period_code,value,comment\n"
# 4.5 MB of rows: seconds of processor time, megabytes of memory (each row is refused, being
# the same cell again, but only once all are read).
LARGE = (HEADER + "P-A,CT01,2026,1,\n" * 150_000).encode()
SMALL = (HEADER + "P-A,CT01,2026,40,\nP-A,CT02,2026,500,\n").encode()


def queued_import(world, data: bytes, **limits) -> Job:
    job = job_create(
        kind=JobKind.VALUES_IMPORT,
        owner=world.officer_a,
        unit=world.commune_a,
        payload={"program": world.program.pk, "grid_url": ""},
        file_name="so-lieu.csv",
        data=data,
    )
    if limits:
        Job.objects.filter(pk=job.pk).update(**limits)
    job_run.enqueue(job.pk)
    return job


def copy_to(database: Database) -> None:
    if database.file is not None:
        target = sqlite3.connect(database.file)
        connection.connection.backup(target)
        target.close()


def jobs_and_values(database: Database) -> tuple[list[tuple], list[tuple]]:
    jobs_sql = f"SELECT status, errors FROM {Job._meta.db_table} ORDER BY id"
    values_sql = (
        f"SELECT t.code FROM {DataValue._meta.db_table} v JOIN programs_target t "
        "ON t.id = v.target_id ORDER BY t.code"
    )
    if database.file is None:
        with connection.cursor() as cursor:
            cursor.execute(jobs_sql)
            jobs = cursor.fetchall()
            cursor.execute(values_sql)
            values = cursor.fetchall()
    else:
        with sqlite3.connect(database.file) as db:
            jobs, values = db.execute(jobs_sql).fetchall(), db.execute(values_sql).fetchall()
    decoded = [(status, e if isinstance(e, list) else json.loads(e)) for status, e in jobs]
    return decoded, [code for (code,) in values]


def test_jobs_over_their_limits_fail_naming_them_with_nothing_written(tmp_path, settings):
    world = make_world()
    database = Database(tmp_path)
    settings.MEDIA_ROOT = database.data_dir / "uploads"  # where the worker's processes look
    queued_import(world, LARGE, cpu_seconds=1)
    queued_import(world, LARGE, memory_mb=1)
    queued_import(world, SMALL)
    copy_to(database)

    worker = subprocess.run(
        [TINHDOAN, "jobs-worker", "--batch"],
        env=database.env | {"TINHDOAN_JOB_CHILD_PROCESS": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert worker.returncode == 0, worker.stderr
    (cpu, cpu_errors), (memory, memory_errors), (small, _) = jobs_and_values(database)[0]
    assert cpu == "failed" and "quá giới hạn 1 giây thời gian xử lý" in cpu_errors[0]
    assert memory == "failed" and "giới hạn 1 MB bộ nhớ" in memory_errors[0]
    assert small == "succeeded"
    assert jobs_and_values(database)[1] == ["CT01", "CT02"]  # the small job's
