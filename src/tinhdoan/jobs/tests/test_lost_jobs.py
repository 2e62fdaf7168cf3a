"""Jobs no worker will finish are ended when a worker starts, with the reason in Vietnamese:
one its queue lost before any worker claimed it, one whose machine stopped while it ran.
A job still within its time is left as it is."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tinhdoan.jobs.models import Job, JobKind, JobStatus
from tinhdoan.jobs.services import job_create, jobs_sweep_lost, running_deadline
from tinhdoan.programs.tests.factories import make_world

pytestmark = pytest.mark.django_db

DATA = b"unit_code,target_code,period_code,value,comment\nP-A,CT01,2026,40,\n"


def job_at(world, *, status: str, created: datetime.datetime, started=None) -> Job:
    job = job_create(
        kind=JobKind.VALUES_IMPORT,
        owner=world.officer_a,
        unit=world.commune_a,
        payload={"program": world.program.pk, "grid_url": ""},
        file_name="so-lieu.csv",
        data=DATA,
    )
    Job.objects.filter(pk=job.pk).update(status=status, created_at=created, started_at=started)
    job.refresh_from_db()
    return job


def test_a_worker_starting_ends_the_lost_jobs_and_leaves_the_living_ones():
    world = make_world()
    now = timezone.now()
    lost_in_queue = job_at(world, status=JobStatus.QUEUED, created=now - datetime.timedelta(days=2))
    waiting = job_at(world, status=JobStatus.QUEUED, created=now - datetime.timedelta(hours=2))
    dead = job_at(
        world,
        status=JobStatus.RUNNING,
        created=now - datetime.timedelta(hours=3),
        started=now - datetime.timedelta(hours=3),
    )
    working = job_at(
        world,
        status=JobStatus.RUNNING,
        created=now - datetime.timedelta(minutes=30),
        started=now - datetime.timedelta(minutes=30),
    )
    assert running_deadline(dead) < now < running_deadline(working)

    assert jobs_sweep_lost(now) == 2

    lost_in_queue.refresh_from_db()
    dead.refresh_from_db()
    assert lost_in_queue.status == dead.status == JobStatus.FAILED
    assert "không có tiến trình nào nhận" in lost_in_queue.errors[0]
    assert "máy đang làm nó đã dừng" in dead.errors[0]
    assert lost_in_queue.finished_at is not None and not lost_in_queue.input_file
    statuses = dict(Job.objects.filter(pk__in=[waiting.pk, working.pk]).values_list("pk", "status"))
    assert statuses == {waiting.pk: JobStatus.QUEUED, working.pk: JobStatus.RUNNING}
    assert jobs_sweep_lost(now) == 0  # ended once


# The database worker closes its connections when it stops: the test's own transaction
# would end with them.
@pytest.mark.django_db(transaction=True)
def test_the_worker_command_sweeps_before_it_works(capsys):
    world = make_world()
    hours_ago = timezone.now() - datetime.timedelta(hours=5)
    dead = job_at(world, status=JobStatus.RUNNING, created=hours_ago, started=hours_ago)
    call_command("jobs-worker", "--batch")
    dead.refresh_from_db()
    assert dead.status == JobStatus.FAILED
    assert "Đã kết thúc 1 công việc" in capsys.readouterr().out
