"""`tinhdoan run-job ID`: one job's work, in the process the worker starts for it."""

import os

from django.core.management.base import BaseCommand, CommandError

from tinhdoan.jobs.models import Job, JobStatus
from tinhdoan.jobs.running import EXIT_MEMORY, job_work, limits_apply


class Command(BaseCommand):
    help = (
        "Chạy một công việc nền đã được nhận (do tiến trình chạy nền gọi), trong giới hạn của nó."
    )

    def add_arguments(self, parser):
        parser.add_argument("job_id", type=int)

    def handle(self, *args, job_id: int, **options):
        job = Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).first()
        if job is None:
            raise CommandError(f"Không có công việc số {job_id} đang chạy.")
        limits_apply(job)
        try:
            job_work(job)
        except MemoryError:
            os._exit(EXIT_MEMORY)  # no allocation needed to leave; the transaction is undone
