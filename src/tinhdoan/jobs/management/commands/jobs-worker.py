"""`tinhdoan jobs-worker`: the worker that runs background jobs, on the queue configured."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tinhdoan.jobs.services import jobs_sweep_lost


class Command(BaseCommand):
    help = (
        "Chạy tiến trình làm các công việc nền (nhập tệp số liệu lớn, đọc văn bản lớn): "
        "hàng đợi trong cơ sở dữ liệu, hoặc Redis khi đã cấu hình TINHDOAN_TASKS_URL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Làm hết các công việc đang chờ rồi dừng."
        )

    def handle(self, *args, batch: bool = False, **options):
        lost = jobs_sweep_lost()
        if lost:
            self.stdout.write(
                f"Đã kết thúc {lost} công việc không còn tiến trình nào làm (bị mất hoặc dừng dở)."
            )
        if settings.TASKS_URL == "database":
            extra = ["--batch"] if batch else []
            call_command("db_worker", "--no-startup-delay", "--no-reload", *extra)
        else:
            # RQ's jobs wrap django-tasks' tasks: its worker must know that Job class.
            extra = ["--burst"] if batch else []
            call_command("rqworker", "default", "--job-class", "django_tasks_rq.Job", *extra)
