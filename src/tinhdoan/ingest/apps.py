from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "tinhdoan.ingest"
    verbose_name = "Đọc văn bản"
