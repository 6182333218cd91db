from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Training plans: what an organization asks its members to take, and by when."""

    name = "plans"
    verbose_name = _("Training plans")
