"""Skills checklists a trainer writes in the CMS, and the observations made against them.

A :class:`SkillsChecklist` belongs to one course and lists observable steps
(:class:`ChecklistItem`), each with what "done" looks like and whether it is critical. A learner
asks to be observed (:class:`ObservationRequest`: a short code they show the observer); the
observer records an :class:`Observation`, one :class:`ObservationMark` per step. An observation
is a record of what someone saw on a day: it is never changed afterwards. A learner who still
needs practice is observed again, and that is a new observation.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable, TranslatableMixin

from basics.codes import random_code, random_token

CODE_LENGTH = 10  # the checklist's and an observation's address: 50 bits, unguessable
SHOW_CODE_LENGTH = 6  # what the learner shows and the observer types; rate-limited
SHOW_CODE_VALID = datetime.timedelta(hours=2)
COMMENT_MAX_LENGTH = 500
PLACE_MAX_LENGTH = 200


def new_code() -> str:
    return random_code(CODE_LENGTH)


def new_show_code() -> str:
    return random_code(SHOW_CODE_LENGTH)


def show_code_expiry() -> datetime.datetime:
    return timezone.now() + SHOW_CODE_VALID


class ObservationIsFinal(Exception):
    """Observations and their marks are kept as recorded; a new one is made instead."""


class SkillsChecklist(TranslatableMixin, ClusterableModel):
    """A checklist in one language. The English one is the source: a Spanish version shares
    its ``translation_key`` (made in the CMS with wagtail-localize, or by the loader), and
    observations, codes and sign-offs always point at the source (``courses.localization``)."""

    code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code, editable=False)
    # A course with learner records is never deleted (its enrolments protect it); one without
    # takes its checklists along.
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="skills_checklists",
        verbose_name=_("course"),
    )
    title = models.CharField(
        _("title"),
        max_length=150,
        help_text=_(
            "What the learner shows, e.g. 'Naloxone demonstration'. Printed on the certificate."
        ),
    )
    introduction = models.TextField(
        _("introduction for the learner"),
        max_length=1000,
        blank=True,
        help_text=_("What happens at the observation and how to get ready, in plain words."),
    )
    required = models.BooleanField(
        _("required for the certificate"),
        default=True,
        help_text=_("The course is complete only after an observer signs this off."),
    )
    # Which file of practice/checklists this came from (empty: written in the CMS). The loader
    # creates a missing one and never overwrites a trainer's edits.
    source_key = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # A translation is a row of its own with its own address.
    exclude_fields_in_copy = ["code"]

    class Meta(TranslatableMixin.Meta):
        ordering = ["course__title", "title"]
        verbose_name = _("skills checklist")
        verbose_name_plural = _("skills checklists")

    def __str__(self):
        return self.title


class ChecklistItem(TranslatableMixin, Orderable):
    """A step. Its versions in other languages share its ``translation_key`` (wagtail-localize
    keeps it; the loader copies it by position), which is how a mark made on a Spanish form is
    recorded on the source step."""

    checklist = ParentalKey(SkillsChecklist, on_delete=models.CASCADE, related_name="items")
    step = models.CharField(
        _("step"),
        max_length=200,
        help_text=_("What the learner does, e.g. 'Checks if the person responds'."),
    )
    done_looks_like = models.TextField(
        _("what 'done' looks like"),
        max_length=600,
        help_text=_("What the observer sees or hears when the step is done well."),
    )
    critical = models.BooleanField(
        _("critical"),
        default=True,
        help_text=_("A critical step must be done for the checklist to be signed off."),
    )

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.step


class ObservationRequest(models.Model):
    """A learner's short code for one checklist: shown to the observer, typed by them, used once."""

    show_code = models.CharField(max_length=SHOW_CODE_LENGTH, unique=True, default=new_show_code)
    # The observer's form lives at this token, so the short code never appears in an address.
    token = models.CharField(max_length=64, unique=True, default=random_token)
    checklist = models.ForeignKey(SkillsChecklist, on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    enrollment = models.ForeignKey("courses.Enrollment", on_delete=models.CASCADE, related_name="+")
    # Set when a facilitator opens the form from a session's roster: then the people who run
    # that session observe (practice.permissions), the learner never sees this code, and the
    # session is where the observation happens.
    session = models.ForeignKey(
        "trainings.TrainingSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=show_code_expiry)

    def __str__(self):
        return f"{self.checklist_id} for {self.learner_id} until {self.expires_at:%H:%M}"

    @property
    def is_usable(self) -> bool:
        return self.expires_at > timezone.now()


class ObservationQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ObservationIsFinal("Observations are never edited; record a new one.")


class Observation(models.Model):
    """What an observer saw on a day. Kept as recorded: the model refuses saving it again, and
    the database refuses an UPDATE (the trigger of migration 0004) except the one Django makes
    when the observer's account, their organization or the session is deleted (the link is
    set to NULL; the names stay). A column added here must be added to that trigger."""

    class Capacity(models.TextChoices):
        TRAINER = "trainer", _("Trainer")
        FACILITATOR = "facilitator", _("Organization facilitator")

    code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code, editable=False)
    checklist = models.ForeignKey(
        SkillsChecklist, on_delete=models.PROTECT, related_name="observations"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skills_observations"
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="skills_observations"
    )
    # Who: the account (gone if they delete it) and the name as it was, for the certificate.
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    observer_name = models.CharField(max_length=150)
    capacity = models.CharField(max_length=20, choices=Capacity.choices)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where, in the observer's words (an address, a room, "online by video"); when: observed_at.
    place = models.CharField(max_length=PLACE_MAX_LENGTH)
    # The live session it happened at, when observed from its roster (`place` keeps its name).
    session = models.ForeignKey(
        "trainings.TrainingSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    observed_at = models.DateTimeField(default=timezone.now)
    checklist_title = models.CharField(max_length=150)
    signed_off = models.BooleanField()

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["-observed_at", "-pk"]
        indexes = [models.Index(fields=["enrollment", "signed_off"])]

    def __str__(self):
        return f"{self.checklist_title} ({self.observed_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ObservationIsFinal("Observations are never edited; record a new one.")
        super().save(*args, **kwargs)


class ObservationMark(models.Model):
    class Result(models.TextChoices):
        DONE = "done", _("Done")
        NEEDS_PRACTICE = "needs_practice", _("Needs practice")

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="marks")
    # The step as it read that day: a trainer may reword or remove it later.
    item = models.ForeignKey(ChecklistItem, on_delete=models.SET_NULL, null=True, related_name="+")
    step = models.CharField(max_length=200)
    critical = models.BooleanField()
    result = models.CharField(max_length=20, choices=Result.choices)
    comment = models.TextField(max_length=COMMENT_MAX_LENGTH, blank=True)
    position = models.PositiveSmallIntegerField()

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["observation", "position"]

    def __str__(self):
        return f"{self.step}: {self.result}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ObservationIsFinal("Observation marks are never edited.")
        super().save(*args, **kwargs)

    @property
    def needs_practice(self) -> bool:
        return self.result == self.Result.NEEDS_PRACTICE
