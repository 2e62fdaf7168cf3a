from django.apps import AppConfig


class TodoConfig(AppConfig):
    name = "tinhdoan.todo"
    verbose_name = "Việc cần làm"
