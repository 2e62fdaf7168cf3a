from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "tinhdoan.programs"
    verbose_name = _("Work programs and targets")
