from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranscriptsConfig(AppConfig):
    """Hours toward a credential: the boards' credential tracks, the tracks a learner follows,
    their progress, and the learner's transcript."""

    name = "transcripts"
    verbose_name = _("Credential tracks and transcripts")
