from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupConfig(AppConfig):
    name = "tinhdoan.rollup"
    verbose_name = _("Roll-up and results")
