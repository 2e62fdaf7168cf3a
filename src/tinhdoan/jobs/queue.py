"""Starting a job: the row, then the queue (`TASKS` in the settings: the database by
default, Redis where configured), which a worker reads."""

from django.db import transaction
from django_tasks import task

from .models import Job
from .running import job_execute
from .services import job_create


@task()
def job_run(job_id: int) -> None:
    job_execute(job_id)


def job_start(
    *, kind: str, owner, unit=None, payload: dict, file_name: str = "", data: bytes = b""
) -> Job:
    """Make the job and queue it once its row is committed (a worker on Redis would not see
    it before)."""
    job = job_create(
        kind=kind, owner=owner, unit=unit, payload=payload, file_name=file_name, data=data
    )
    transaction.on_commit(lambda: job_run.enqueue(job.pk))
    return job
