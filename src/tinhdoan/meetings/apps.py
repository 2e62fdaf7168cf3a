from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tinhdoan.meetings"
    verbose_name = _("Working sessions and directives")
