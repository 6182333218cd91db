"""What a learner handed in: quiz attempts and evaluation responses.

Both are records of what someone earned or said, so they are appended, never edited: an attempt
changes exactly once, when ``assessments.submit_attempt`` grades it with a conditional update;
an evaluation response is written once. ``save()`` refuses to overwrite either.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import PUBLIC_CODE_LENGTH
from basics.codes import random_code

from .evaluations import EVALUATION_COMMENTS_MAX_LENGTH


def new_attempt_code() -> str:
    return random_code(PUBLIC_CODE_LENGTH)


class FinalRecordError(RuntimeError):
    """Raised when code tries to save over an attempt or an evaluation response."""


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FinalRecordError(
                f"{type(self).__name__} records are not edited in place; use the services."
            )
        super().save(*args, **kwargs)


class Attempt(AppendOnly):
    """One try at a quiz: the questions served (snapshot), the answers, and the score."""

    code = models.CharField(
        _("code"),
        max_length=PUBLIC_CODE_LENGTH,
        unique=True,
        default=new_attempt_code,
        editable=False,
        help_text=_("Random public reference used in the attempt's URLs."),
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="attempts"
    )
    # PROTECT: a quiz with attempts is unpublished, never deleted (see wagtail_hooks).
    quiz = models.ForeignKey("courses.QuizPage", on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("attempt number"))
    # The quiz is always the source-language page (one record per course); this is the
    # language the learner started it in, so reports can compare the languages.
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        default="",
        help_text=_("The language the learner started this attempt in."),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    snapshot = models.JSONField(
        _("questions served"),
        help_text=_("The questions, answers and correct answers as they were at the start."),
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # question id -> credit as an exact fraction ("1", "0", "2/3").
    credits = models.JSONField(_("credit per question"), default=dict, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximum score"))
    percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(
        _("passed"), null=True, blank=True, help_text=_("Empty for quizzes that are not graded.")
    )

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["enrollment", "quiz", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "quiz", "number"], name="courses_attempt_unique_number"
            ),
            # At most one open attempt per learner and quiz: a second tab resumes it.
            models.UniqueConstraint(
                fields=["enrollment", "quiz"],
                condition=Q(submitted_at__isnull=True),
                name="courses_attempt_one_open",
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                name="courses_attempt_percent_range",
            ),
        ]
        indexes = [models.Index(fields=["quiz", "submitted_at"])]

    def __str__(self):
        return f"{self.code} ({self.number})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def kind(self) -> str:
        return self.snapshot.get("settings", {}).get("kind", "")

    @property
    def pass_mark(self) -> int | None:
        return self.snapshot.get("settings", {}).get("pass_mark")

    @property
    def questions(self) -> list[dict]:
        return self.snapshot.get("questions", [])


class SavedAnswers(models.Model):
    """Picks a learner saved on an open attempt to finish later.

    Kept apart from ``Attempt``, which changes only once, when it is graded. Handing the
    attempt in deletes this row in the same transaction.
    """

    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, related_name="saved_answers")
    answers = models.JSONField(_("saved answers"), default=dict, blank=True)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("saved answers")
        verbose_name_plural = _("saved answers")

    def __str__(self):
        return f"{self.attempt} saved {self.saved_at:%Y-%m-%d %H:%M}"


class EvaluationResponse(AppendOnly):
    """A learner's answers to the course evaluation. One per enrolment; never edited."""

    enrollment = models.ForeignKey(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="evaluation_responses"
    )
    evaluation = models.ForeignKey(
        "courses.EvaluationPage", on_delete=models.PROTECT, related_name="responses"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # The statements as they read when answered: [{"id": block id, "text": ...}].
    statements = models.JSONField(_("statements"), default=list)
    # statement block id -> 1..5
    ratings = models.JSONField(_("ratings"), default=dict)
    confidence_question = models.CharField(_("confidence question"), max_length=300, blank=True)
    confidence_before = models.PositiveSmallIntegerField(
        _("confidence before"), null=True, blank=True
    )
    confidence_after = models.PositiveSmallIntegerField(
        _("confidence after"), null=True, blank=True
    )
    comments = models.TextField(
        _("comments"), max_length=EVALUATION_COMMENTS_MAX_LENGTH, blank=True
    )

    class Meta:
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"], name="courses_evaluationresponse_one_per_enrollment"
            ),
            models.CheckConstraint(
                condition=(
                    Q(confidence_before__isnull=True)
                    | Q(confidence_before__gte=1, confidence_before__lte=5)
                )
                & (
                    Q(confidence_after__isnull=True)
                    | Q(confidence_after__gte=1, confidence_after__lte=5)
                ),
                name="courses_evaluationresponse_confidence_range",
            ),
        ]

    def __str__(self):
        return f"{self.enrollment_id}/{self.evaluation_id}"
