from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tinhdoan.api"
    verbose_name = "API"
