from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "tinhdoan.reporting"
    verbose_name = _("Reported values and reports")
