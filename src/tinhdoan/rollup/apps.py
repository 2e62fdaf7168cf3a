from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tinhdoan.jobs.kinds import job_kind_register as register


class RollupConfig(AppConfig):
    name = "tinhdoan.rollup"
    verbose_name = _("Roll-up and results")

    def ready(self):
        # Models are importable only once the apps are loaded, hence here.
        from .value_jobs import values_import_work  # noqa: PLC0415

        job_kind = "values_import"  # tinhdoan.jobs.models.JobKind.VALUES_IMPORT
        register(job_kind, values_import_work)
