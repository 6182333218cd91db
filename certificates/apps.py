from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Certificates issued on course completion, their PDFs and public verification."""

    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from . import signals

        signals.connect()
