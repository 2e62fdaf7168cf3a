from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .triggers import triggers_install


class RevisionsConfig(AppConfig):
    name = "tinhdoan.revisions"
    verbose_name = _("Revisions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # After every migration: a migration that rebuilds a table (SQLite does, to alter
        # one) drops its triggers, and the tables watched belong to other apps.
        post_migrate.connect(triggers_install, sender=self)
