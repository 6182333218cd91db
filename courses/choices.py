"""The controlled vocabularies a course is described with (audience, topic, delivery format).

Values are stored in the database and appear in catalog filter URLs: change a label freely,
never a value.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PEER = "peer", _("Peer workers")
    OUTREACH = "outreach", _("Outreach workers")
    CLINICAL = "clinical", _("Clinical staff")
    PUBLIC_HEALTH = "public_health", _("Public-health staff")
    GENERAL = "general", _("Everyone")


class Topic(models.TextChoices):
    MOTIVATIONAL_INTERVIEWING = "motivational_interviewing", _("Motivational interviewing")
    SEEKING_SAFETY = "seeking_safety", _("Seeking Safety")
    NALOXONE = "naloxone", _("Naloxone and overdose response")
    ANTI_STIGMA = "anti_stigma", _("Anti-stigma")
    OTHER = "other", _("Other")


class DeliveryFormat(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced online")
    LIVE = "live", _("Live session")
    BLENDED = "blended", _("Blended (online and live)")
