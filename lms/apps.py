from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Open Door"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
        from .partners import background

        background.connect_signals()
