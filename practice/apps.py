from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = _("Skills practice")

    def ready(self):
        from . import signals

        signals.connect()
