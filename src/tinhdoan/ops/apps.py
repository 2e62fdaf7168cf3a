from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the system: production server, security headers, backups."""

    name = "tinhdoan.ops"
