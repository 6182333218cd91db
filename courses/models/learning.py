"""What a learner does in a course: enrolment, per-lesson progress, private reflections."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import PUBLIC_CODE_LENGTH, new_public_code

REFLECTION_MAX_LENGTH = 4000


def a_later_cycle(enrollment: str = "") -> models.Exists:
    """True when the learner has a later cycle of the enrolment (`enrollment` names it from
    another model's rows, e.g. ``"enrollment__"`` on attempts): that enrolment is not current."""
    later = Enrollment.objects.filter(
        user_id=models.OuterRef(f"{enrollment}user_id"),
        course_id=models.OuterRef(f"{enrollment}course_id"),
        cycle__gt=models.OuterRef(f"{enrollment}cycle"),
    )
    return models.Exists(later)


class EnrollmentQuerySet(models.QuerySet):
    def current(self):
        """Only each learner's current cycle in each course (the highest ``cycle``)."""
        return self.exclude(a_later_cycle())

    def current_for(self, user, course) -> "Enrollment | None":
        """The learner's current enrolment in `course` (highest cycle), or None.

        The one place that answers "the learner's enrolment in this course": earlier cycles
        (completed before a renewal) stay as records but are never the one a learner works in.
        """
        return self.filter(user=user, course=course).order_by("-cycle").first()


class Enrollment(models.Model):
    """A learner taking a course. Completion is decided only by services.evaluate_completion.

    One enrolment per learner, course and ``cycle``. A renewal (``services.start_renewal``) adds
    cycle n+1 after cycle n was completed; the learner then works in the new cycle while the
    old one, with its progress, attempts and certificate, stays as it was.
    """

    code = models.CharField(
        _("code"),
        max_length=PUBLIC_CODE_LENGTH,
        unique=True,
        default=new_public_code,
        editable=False,
        help_text=_("Random public reference; database ids never appear in URLs."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("learner"),
    )
    # PROTECT: a course with learner records is unpublished, never deleted (see wagtail_hooks).
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("course"),
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cycle = models.PositiveSmallIntegerField(
        _("cycle"),
        default=1,
        help_text=_("1 for the first time through the course; each renewal adds one."),
    )

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "cycle"], name="courses_enrollment_one_per_cycle"
            )
        ]

    def __str__(self):
        return f"{self.code}: {self.course_id}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class LessonProgress(models.Model):
    """When a learner first opened a lesson and when they marked it complete."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.PROTECT, related_name="learner_progress"
    )
    first_viewed_at = models.DateTimeField(_("first viewed at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    seconds_on_page = models.PositiveIntegerField(
        _("time on page (seconds)"),
        default=0,
        help_text=_("From first view to completion, capped so an idle tab does not count."),
    )

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson"], name="courses_lessonprogress_one_per_lesson"
            )
        ]

    def __str__(self):
        return f"{self.enrollment_id}/{self.lesson_id}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class Reflection(models.Model):
    """A learner's private answer to a scenario's reflection prompt. Plain text only."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="reflections")
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="reflections"
    )
    block_id = models.CharField(_("scenario block"), max_length=64)
    text = models.TextField(_("reflection"), max_length=REFLECTION_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson", "block_id"],
                name="courses_reflection_one_per_scenario",
            )
        ]

    def __str__(self):
        return f"{self.enrollment_id}/{self.lesson_id}/{self.block_id}"
