"""A job's life: made, claimed by a worker, its progress, its end.

Each write is a short transaction of its own on the job's row, never inside the work's
write transaction: the owner sees the progress while the work goes on, and the lock the
work holds is not held longer for it. State changes are conditional updates, so a job is
claimed once and ended once, whoever tries.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

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
