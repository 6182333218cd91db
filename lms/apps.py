from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Open Door"

    def ready(self):
        from wagtail.signals import page_published

        from . import (
            checks,  # noqa: F401 - registers the system checks
            page_lookup,
        )
        from .partners import background

        background.connect_signals()
        page_published.connect(page_lookup.fill_after_publish, dispatch_uid="lms-route-fill")
