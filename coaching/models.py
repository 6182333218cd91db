"""Coached practice: sets of client statements, learners' written responses, coaches' ratings.

Authoring (in the CMS): a course's :class:`CourseCoaching` says how soon coaches should answer,
the score that counts as passing (when the course requires practice), and who coaches; its
:class:`PracticeSet` rows hold the statements. A learner's :class:`PracticeSubmission` is a
draft until submitted, then never changed; a revised set is a new submission. A coach's
:class:`Review` (with one :class:`ResponseRating` per response) is never edited in place
either: rating again adds a new review, and the latest one is the one that counts.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable, TranslatableMixin

from accounts.models import Membership
from accounts.roles import TRAINERS
from basics.codes import random_code

from .rubric import CRITERIA, POINTS_PER_RESPONSE, SCORES

CODE_LENGTH = 12
STATEMENT_MAX_LENGTH = 600
RESPONSE_MAX_LENGTH = 1000
COMMENT_MAX_LENGTH = 600
FEEDBACK_MAX_LENGTH = 2000


def new_code() -> str:
    return random_code(CODE_LENGTH)


class ResponseKind(models.TextChoices):
    SIMPLE_REFLECTION = "simple_reflection", _("A simple reflection")
    COMPLEX_REFLECTION = "complex_reflection", _("A complex reflection")
    OPEN_QUESTION = "open_question", _("An open question")
    AFFIRMATION = "affirmation", _("An affirmation")
    SUMMARY = "summary", _("A summary")
    ASK_OFFER_ASK = "ask_offer_ask", _("Ask-offer-ask")


class CourseCoaching(ClusterableModel):
    """A course's coaching terms and its coaches (one row per course)."""

    course = models.OneToOneField(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="coaching",
        verbose_name=_("course"),
    )
    target_response_hours = models.PositiveSmallIntegerField(
        _("answer within (hours)"),
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        help_text=_("How soon a coach should rate submitted practice. Later shows as overdue."),
    )
    pass_mark = models.DecimalField(
        _("practice rated at least"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(POINTS_PER_RESPONSE)],
        help_text=_(
            "Empty: practice is optional. A number (out of 6, the mean score per response): "
            "each open practice set must be rated at least this before the course is complete."
        ),
    )

    class Meta:
        verbose_name = _("course coaching")
        verbose_name_plural = _("course coaching")

    def __str__(self):
        return str(self.course)


def people_who_may_coach() -> Q:
    """Trainers, and the facilitators and managers of organizations (the coach picker)."""
    return Q(groups__name=TRAINERS) | Q(
        memberships__role__in=(Membership.Role.FACILITATOR, Membership.Role.MANAGER)
    )


class CoachAssignment(Orderable):
    """One coach for a course. Without an organization: a trainer who coaches every learner
    of the course. With one: a trainer, or a facilitator or manager of that organization,
    who coaches that organization's members in the course."""

    course_coaching = ParentalKey(
        CourseCoaching, on_delete=models.CASCADE, related_name="coach_assignments"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coach_assignments",
        limit_choices_to=people_who_may_coach,
        verbose_name=_("coach"),
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coach_assignments",
        verbose_name=_("only for members of"),
        help_text=_("Empty: every learner of the course (trainers only)."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("coach")
        verbose_name_plural = _("coaches")

    def clean(self):
        if not self.coach_id:
            return
        is_trainer = self.coach.groups.filter(name=TRAINERS).exists()
        if self.organization_id is None:
            if not is_trainer:
                raise ValidationError(
                    {
                        "organization": _(
                            "Only a trainer can coach every learner. Pick an organization."
                        )
                    }
                )
            return
        facilitates = Membership.objects.filter(
            user_id=self.coach_id,
            organization_id=self.organization_id,
            role__in=(Membership.Role.FACILITATOR, Membership.Role.MANAGER),
        ).exists()
        if not (is_trainer or facilitates):
            raise ValidationError(
                {"coach": _("This person is not a trainer or a facilitator of that organization.")}
            )


class PracticeSet(TranslatableMixin, ClusterableModel):
    """A set in one language. The English one is the source: a Spanish version shares its
    ``translation_key``, and submissions, responses and ratings always point at the source."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="practice_sets",
        verbose_name=_("course"),
    )
    code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code, editable=False)
    title = models.CharField(_("title"), max_length=150)
    instructions = models.TextField(
        _("instructions"),
        max_length=600,
        blank=True,
        help_text=_("Shown above the statements: what to do, in plain words."),
    )
    is_open = models.BooleanField(
        _("open for practice"),
        default=True,
        help_text=_("Close a set instead of deleting it: its submissions stay on record."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # A translation is a row of its own with its own address.
    exclude_fields_in_copy = ["code"]

    class Meta(TranslatableMixin.Meta):
        ordering = ["course_id", "title", "pk"]
        verbose_name = _("practice set")
        verbose_name_plural = _("practice sets")

    def __str__(self):
        return self.title


class PracticeStatement(TranslatableMixin, Orderable):
    """A statement. Its versions in other languages share its ``translation_key``."""

    practice_set = ParentalKey(PracticeSet, on_delete=models.CASCADE, related_name="statements")
    setting = models.CharField(
        _("where"),
        max_length=150,
        blank=True,
        help_text=_("Optional: where the person says it, e.g. “At the syringe services window”."),
    )
    text = models.TextField(_("what the person says"), max_length=STATEMENT_MAX_LENGTH)
    kind = models.CharField(_("respond with"), max_length=30, choices=ResponseKind.choices)

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return self.text[:60]


class PracticeSubmission(models.Model):
    """One learner's answers to one practice set: a draft, then submitted (and then fixed)."""

    code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code, editable=False)
    practice_set = models.ForeignKey(
        PracticeSet, on_delete=models.PROTECT, related_name="submissions"
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="practice_submissions"
    )
    number = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField(default=timezone.now)
    saved_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "practice_set", "number"], name="one_submission_per_number"
            ),
            models.UniqueConstraint(
                fields=["enrollment", "practice_set"],
                condition=Q(submitted_at__isnull=True),
                name="one_practice_draft_at_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.practice_set} #{self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class PracticeResponse(models.Model):
    """What the learner wrote to one statement; the statement is copied so the record keeps
    its meaning after the set is edited."""

    submission = models.ForeignKey(
        PracticeSubmission, on_delete=models.CASCADE, related_name="responses"
    )
    statement = models.ForeignKey(
        PracticeStatement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    statement_setting = models.CharField(max_length=150, blank=True)
    statement_text = models.TextField(max_length=STATEMENT_MAX_LENGTH)
    kind = models.CharField(max_length=30, choices=ResponseKind.choices)
    text = models.TextField(max_length=RESPONSE_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "position"], name="one_response_per_position"
            )
        ]

    def __str__(self):
        return f"{self.submission} / {self.position}"


class RecordedOnceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} rows are never changed: add a new one.")


class RecordedOnce(models.Model):
    """A row written once: saving it again raises (a change is a new row)."""

    objects = RecordedOnceQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise TypeError(f"{type(self).__name__} rows are never changed: add a new one.")
        super().save(*args, **kwargs)


class Review(RecordedOnce):
    """A coach's rating of a whole submission, with written feedback."""

    submission = models.ForeignKey(
        PracticeSubmission, on_delete=models.CASCADE, related_name="reviews"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="practice_reviews",
    )
    created_at = models.DateTimeField(default=timezone.now)
    feedback = models.TextField(max_length=FEEDBACK_MAX_LENGTH, blank=True)
    points = models.PositiveSmallIntegerField()
    max_points = models.PositiveSmallIntegerField()
    # The mean per response, out of 6: what the course's pass mark is compared with.
    score = models.DecimalField(max_digits=3, decimal_places=1)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.submission}: {self.score}"


class ResponseRating(RecordedOnce):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    response = models.ForeignKey(PracticeResponse, on_delete=models.CASCADE, related_name="ratings")
    kind_asked = models.PositiveSmallIntegerField(choices=[(s, str(s)) for s in SCORES])
    meaning = models.PositiveSmallIntegerField(choices=[(s, str(s)) for s in SCORES])
    righting = models.PositiveSmallIntegerField(choices=[(s, str(s)) for s in SCORES])
    comment = models.TextField(max_length=COMMENT_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["response__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "response"], name="one_rating_per_response"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__lte": max(SCORES)}), name=f"rating_{name}_at_most_2"
                )
                for name in ("kind_asked", "meaning", "righting")
            ],
        ]

    def __str__(self):
        return f"{self.response}: {self.points}"

    @property
    def points(self) -> int:
        return self.kind_asked + self.meaning + self.righting

    @property
    def scored(self) -> list[tuple]:
        """(rubric question, score) in the rubric's order, for pages and the data download."""
        return [(criterion.question, getattr(self, criterion.field)) for criterion in CRITERIA]
