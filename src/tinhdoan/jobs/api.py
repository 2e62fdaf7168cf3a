"""`GET /api/v1/jobs/{id}`: a job's state, for the script that started it."""

import datetime

from django.urls import reverse
from ninja import Router, Schema

from tinhdoan.lib.http_errors import ErrorOut

from . import selectors
from .models import Job, JobKind, JobStatus

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: int
    kind: JobKind
    status: JobStatus
    stage: str
    done: int
    total: int
    summary: str
    errors: list[str]
    result_url: str
    url: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None


def job_out(job: Job) -> JobOut:
    return JobOut(
        id=job.pk,
        kind=job.kind,
        status=job.status,
        stage=job.stage,
        done=job.done,
        total=job.total,
        summary=job.summary,
        errors=job.errors,
        result_url=job.result_url,
        url=reverse("jobs:detail", args=[job.pk]),
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


@router.get(
    "/{job_id}",
    response={200: JobOut, 401: ErrorOut, 404: ErrorOut},
    summary="Xem một công việc nền",
)
def job_get(request, job_id: int):
    """Trạng thái, tiến độ, kết quả và lỗi của một công việc nền; chỉ người tạo (và quản trị
    viên) xem được."""
    return job_out(selectors.job_get_for_user(user=request.auth, pk=job_id))
