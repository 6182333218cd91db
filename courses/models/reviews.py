"""A whole course sent to clinical review in one go.

Wagtail's workflow stays the engine: every page of the course has its own workflow state in
the "Clinical review" workflow. This row only says which of those states were sent together,
so the actions on the course's own task move them as one (``courses.course_review``). Pages
submitted one by one never get a row, and move alone, as Wagtail makes them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseReview(models.Model):
    """The course page's workflow state, and the workflow states of its pages sent with it."""

    course_state = models.OneToOneField(
        "wagtailcore.WorkflowState",
        on_delete=models.CASCADE,
        related_name="course_review",
        verbose_name=_("course's workflow state"),
    )
    page_states = models.ManyToManyField(
        "wagtailcore.WorkflowState",
        related_name="course_reviews",
        blank=True,
        verbose_name=_("workflow states of the course's pages"),
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("whole-course review")
        verbose_name_plural = _("whole-course reviews")

    def __str__(self):
        return f"Course review of workflow state {self.course_state_id}"
