from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "tinhdoan.cooperation"
    verbose_name = _("Coordination programs and exemplars")
