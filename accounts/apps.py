from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and organizations")

    def ready(self):
        from . import audit, generations

        audit.connect_signals()
        generations.connect_person_records(self.label)
