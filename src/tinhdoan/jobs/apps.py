from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "tinhdoan.jobs"
    verbose_name = "Công việc chạy nền"
