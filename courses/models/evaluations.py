"""The course evaluation: a short form the trainer writes, answered once per enrolment."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from ..blocks import LikertStatementsBlock
from .pages import CourseChildPage

EVALUATION_COMMENTS_MAX_LENGTH = 2000


class LikertScale(models.IntegerChoices):
    STRONGLY_DISAGREE = 1, _("Strongly disagree")
    DISAGREE = 2, _("Disagree")
    NEUTRAL = 3, _("Neither agree nor disagree")
    AGREE = 4, _("Agree")
    STRONGLY_AGREE = 5, _("Strongly agree")


class ConfidenceScale(models.IntegerChoices):
    NOT_AT_ALL = 1, _("Not at all confident")
    A_LITTLE = 2, _("A little confident")
    SOMEWHAT = 3, _("Somewhat confident")
    QUITE = 4, _("Quite confident")
    VERY = 5, _("Very confident")


class EvaluationPage(RoutablePageMixin, CourseChildPage):
    """What learners thought of the course: rated statements, confidence before/after, comments.

    Taken after the post-test. When the course requires an evaluation, completion (and so the
    certificate) waits for it. One per course.
    """

    intro = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        default="Your answers help us improve the course. They are not linked to your name in "
        "reports.",
        help_text=_("Shown above the questions."),
    )
    statements = StreamField(
        LikertStatementsBlock(),
        verbose_name=_("statements to rate"),
        help_text=_(
            "E.g. “The course was relevant to my work.”, “I would recommend this course to a "
            "colleague.” Learners rate each from “Strongly disagree” to “Strongly agree”."
        ),
    )
    confidence_question = models.CharField(
        _("confidence before and after"),
        max_length=300,
        blank=True,
        help_text=_(
            "Asked twice (before the course, and now), e.g. “How confident are you that you "
            "could respond to an overdose?” Leave blank to skip."
        ),
    )
    comments_prompt = models.CharField(
        _("comments question"),
        max_length=300,
        blank=True,
        default="What would make this course better?",
        help_text=_("An open question with a free-text answer. Leave blank to skip."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("statements"),
        FieldPanel("confidence_question"),
        FieldPanel("comments_prompt"),
    ]
    max_count_per_parent = 1
    template = "courses/evaluation_page.html"

    class Meta:
        verbose_name = _("course evaluation")

    def statement_data(self) -> list[dict]:
        """The statements as plain data; ids are the StreamField block ids."""
        return [
            {"id": child.id or f"new-{index}", "text": child.value}
            for index, child in enumerate(self.statements)
            if child.block_type == "statement"
        ]

    def serve_preview(self, request, mode_name):
        from ..views import evaluations as views

        return views.preview_evaluation(request, self)

    @path("", name="form")
    def form_route(self, request):
        from ..views import evaluations as views

        return views.evaluation_form(request, self)

    @path("submit/", name="submit")
    def submit_route(self, request):
        from ..views import evaluations as views

        return views.submit_evaluation(request, self)
