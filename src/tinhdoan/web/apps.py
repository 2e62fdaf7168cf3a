from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tinhdoan.web"
    verbose_name = "Web"
