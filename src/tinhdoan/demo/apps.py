from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tinhdoan.demo"
    verbose_name = "Demo"
