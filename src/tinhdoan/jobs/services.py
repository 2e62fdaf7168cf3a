"""A job's life: made, claimed by a worker, its progress, its end.

Each write is a short transaction of its own on the job's row, never inside the work's
write transaction: the owner sees the progress while the work goes on, and the lock the
work holds is not held longer for it. State changes are conditional updates, so a job is
claimed once and ended once, whoever tries.
"""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhdoan.lib.limits import errors_capped

from .kinds import Outcome
from .models import Job, JobStatus


@transaction.atomic
def job_create(
    *, kind: str, owner, unit=None, payload: dict, file_name: str = "", data: bytes = b""
) -> Job:
    """A queued job, its input file stored with it (the caller enqueues it)."""
    job = Job(
        kind=kind,
        owner=owner,
        unit=unit,
        payload=payload,
        input_name=file_name[:255],
        cpu_seconds=settings.JOB_CPU_SECONDS,
        memory_mb=settings.JOB_MEMORY_MB,
    )
    if data:
        job.input_file.save(f"job-{timezone.now():%Y%m%d%H%M%S}.bin", ContentFile(data), save=False)
    job.save()
    return job


def job_claim(job_id: int) -> bool:
    """Mark a queued job running; False when it was claimed or ended already."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    return claimed == 1


def job_progress(job: Job, *, done: int, total: int, stage: str) -> None:
    job.done, job.total, job.stage = min(done, total), total, stage[:200]
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        done=job.done, total=job.total, stage=job.stage
    )


def job_succeed(job: Job, outcome: Outcome) -> None:
    _job_end(
        job,
        status=JobStatus.SUCCEEDED,
        summary=outcome.summary,
        errors=errors_capped(list(outcome.warnings)),
        result_url=outcome.result_url[:500],
        result_label=outcome.result_label[:300],
        done=job.total,
    )


def job_fail(job: Job, errors: list[str]) -> None:
    """End a job as failed with its errors (at most the limit shown, then their count)."""
    _job_end(job, status=JobStatus.FAILED, errors=errors_capped([str(e) for e in errors]))


# A job queued this long was lost by its queue (the task failed before it was claimed).
LOST_IN_QUEUE_AFTER = datetime.timedelta(days=1)


def running_deadline(job: Job) -> datetime.datetime:
    """When a running job is surely dead: its process is killed after `cpu_seconds` of CPU;
    waiting on the database or the disk, it gets three times as long again, at least an
    hour, before it counts as lost with its machine."""
    return job.started_at + max(
        datetime.timedelta(seconds=4 * job.cpu_seconds), datetime.timedelta(hours=1)
    )


def jobs_sweep_lost(now: datetime.datetime | None = None) -> int:
    """End as failed, with the reason, the jobs no worker will ever finish: queued for a day,
    or running past their deadline (the machine that ran them stopped). Run when a worker
    starts; returns how many were ended."""
    now = now or timezone.now()
    ended = 0
    for job in Job.objects.filter(
        status=JobStatus.QUEUED, created_at__lt=now - LOST_IN_QUEUE_AFTER
    ):
        ended += _job_end(
            job,
            status=JobStatus.FAILED,
            errors=[_("The job waited a day and no worker took it; please start it again.")],
        )
    for job in Job.objects.filter(status=JobStatus.RUNNING, started_at__isnull=False):
        if running_deadline(job) < now:
            ended += _job_end(
                job,
                status=JobStatus.FAILED,
                errors=[
                    _(
                        "The job stopped unfinished (the machine running it stopped) and "
                        "nothing of it was written; please start it again."
                    )
                ],
            )
    return ended


def _job_end(job: Job, *, status: str, **fields) -> bool:
    fields["finished_at"] = timezone.now()
    ended = Job.objects.filter(pk=job.pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=status, **fields
    )
    if ended:
        _input_drop(job)
    job.refresh_from_db()
    return ended == 1


def _input_drop(job: Job) -> None:
    """The input file is the work's only: kept until the job ends."""
    if job.input_file:
        job.input_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(input_file="")
