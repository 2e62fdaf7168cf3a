from django.apps import AppConfig

from tinhdoan.jobs.kinds import job_kind_register as register


class IngestConfig(AppConfig):
    name = "tinhdoan.ingest"
    verbose_name = "Đọc văn bản"

    def ready(self):
        # Models are importable only once the apps are loaded, hence here.
        from .jobs import ingest_work  # noqa: PLC0415

        job_kind = "ingest"  # tinhdoan.jobs.models.JobKind.INGEST
        register(job_kind, ingest_work)
