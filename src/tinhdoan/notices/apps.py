from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "tinhdoan.notices"
    verbose_name = "Thông báo"
