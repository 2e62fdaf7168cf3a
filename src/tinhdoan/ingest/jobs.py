"""Large documents, read into a draft as background jobs (`tinhdoan.jobs`).

A document past the limits `job_ingest_bytes` or `job_ingest_paragraphs` (`lib/limits.py`)
is stored with its job and read by the worker through the same `services.draft_ingest` as a
small one; the job page shows its progress and, once done, links to the draft.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from tinhdoan.jobs.kinds import Outcome
from tinhdoan.jobs.models import Job, JobKind
from tinhdoan.jobs.queue import job_start
from tinhdoan.jobs.services import job_progress
from tinhdoan.lib.limits import needs_job
from tinhdoan.org.models import Unit

from .reading import check_size, kind_for_name
from .services import INGEST_STEPS, draft_ingest, ingest_check_allowed


def ingest_needs_job(file_name: str, data: bytes) -> bool:
    return needs_job(file_name, data, size="job_ingest_bytes", lines="job_ingest_paragraphs")


def ingest_start(
    *,
    user,
    file_name: str,
    data: bytes,
    published: datetime.date | None = None,
    host_unit: Unit | None = None,
) -> Job:
    """Queue the reading of a document; refused at once (ReadError, DraftNotAllowed) for a
    kind of file that cannot be read, or a user who may not read one."""
    ingest_check_allowed(user)
    kind_for_name(file_name)
    check_size(len(data))
    return job_start(
        kind=JobKind.INGEST,
        owner=user,
        unit=host_unit,
        payload={
            "published": published.isoformat() if published else None,
            "host_unit": host_unit.pk if host_unit else None,
        },
        file_name=file_name,
        data=data,
    )


def ingest_work(job: Job) -> Outcome:
    with job.input_file.open("rb") as stored:
        data = stored.read()
    published = job.payload.get("published")
    host = job.payload.get("host_unit")

    def progress(done: int, stage: str) -> None:
        job_progress(job, done=done, total=INGEST_STEPS, stage=stage)

    result = draft_ingest(
        actor=job.owner,
        file_name=job.input_name,
        data=data,
        published=datetime.date.fromisoformat(published) if published else None,
        host_unit=Unit.objects.filter(pk=host).first() if host else None,
        progress=progress,
    )
    if result.created:
        summary = _("Read %(name)s into a draft.") % {"name": job.input_name}
    else:
        summary = _("This document had already been read: its draft is kept.")
    warnings = ()
    if result.created and result.sessions:
        warnings = (
            _(
                "A working session from this document is already recorded; confirming this "
                "draft records another one."
            ),
        )
    return Outcome(
        summary=summary,
        result_url=reverse("ingest:review", args=[result.draft.pk]),
        result_label=_("Open the draft"),
        warnings=warnings,
    )
