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


class PartialCredit(models.TextChoices):
    """What a live session's credit is for someone who attended only part of it (the approval
    decides: many accrediting bodies allow no partial credit)."""

    NONE = "none", _("No credit for part of a session")
    MINUTES = "minutes", _("Credit for the minutes attended")


class QuizKind(models.TextChoices):
    PRE_TEST = "pre_test", _("Pre-test (baseline, not graded)")
    KNOWLEDGE_CHECK = "knowledge_check", _("Knowledge check (practice)")
    POST_TEST = "post_test", _("Post-test (graded, needed to complete the course)")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple response (choose all that apply)")
    TRUE_FALSE = "true_false", _("True or false")
    SCENARIO = "scenario", _("Scenario (a short story, then single choice)")


# Question kinds with exactly one correct choice, answered with radio buttons.
ONE_ANSWER_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.TRUE_FALSE, QuestionKind.SCENARIO})


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LATEST = "latest", _("Latest attempt")


class ShowAnswers(models.TextChoices):
    AFTER_EACH_ATTEMPT = "after_each_attempt", _("After each attempt")
    AFTER_PASSING = "after_passing", _("After passing")
    NEVER = "never", _("Never")
