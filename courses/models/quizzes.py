"""Quiz pages: a pre-test, a knowledge check or a post-test under a course, with its rules.

Its questions (``models/questions.py``) are ordered inline models; each question's answers are a
StreamField, so every answer has a stable id that learners' answers, attempt snapshots and item
analysis point at.

Building a quiz in code (the curriculum loader does this)::

    quiz = QuizPage(title="Post-test", slug="post-test", kind=QuizKind.POST_TEST, draw_count=10)
    quiz.questions = [
        Question.build(
            kind="single", objective=1, stem="What is the first sign…?",
            explanation="Not responding is the top sign (Objective 1).",
            choices=[{"text": "No response", "correct": True, "feedback": "Yes."},
                     {"text": "Fast talking", "correct": False, "feedback": "…"}],
        ),
    ]
    course.add_child(instance=quiz)
    quiz.raise_if_not_publishable()
    quiz.save_revision().publish()

``courses.builders.create_quiz`` wraps those steps.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from ..choices import GradingMethod, QuizKind, ShowAnswers
from ..forms.admin import QuizPageForm
from ..publishing_checks import QuizProblems, quiz_problems
from .pages import CourseChildPage, CoursePage


class QuizPage(RoutablePageMixin, CourseChildPage):
    """A pre-test, knowledge check or post-test, with its bank of questions and its rules."""

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=QuizKind.choices,
        default=QuizKind.KNOWLEDGE_CHECK,
        help_text=_(
            "Pre-test: taken once, before the lessons, never graded. Knowledge check: practice, "
            "unlimited tries, answers shown at once. Post-test: graded against the course's pass "
            "mark; passing it is needed to complete the course."
        ),
    )
    intro = models.TextField(
        _("introduction"),
        max_length=600,
        blank=True,
        help_text=_("A sentence or two shown before the questions: what this quiz is for."),
    )
    draw_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("Draw this many questions at random from the bank. Blank: use them all."),
    )
    shuffle_questions = models.BooleanField(
        _("shuffle the questions"),
        default=False,
        help_text=_("Each attempt shows the questions in a different order."),
    )
    shuffle_choices = models.BooleanField(
        _("shuffle the answers"),
        default=False,
        help_text=_("Each attempt shows the answers in a different order (not for true/false)."),
    )
    allow_dont_know = models.BooleanField(
        _("offer “I don't know”"),
        default=False,
        help_text=_("Adds “I don't know” to every question. It is scored as incorrect."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Post-tests only. Blank: unlimited. A pre-test is always taken once, a knowledge "
            "check as often as the learner likes."
        ),
    )
    wait_after_failures = models.PositiveSmallIntegerField(
        _("tries that do not pass before a wait"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Post-tests only. After this many tries that do not pass, the learner waits before "
            "each next try. 2: one retry at once, then a wait after the second try that does "
            "not pass and after each one after it. 1: a wait after every try that does not pass."
        ),
    )
    wait_minutes = models.PositiveIntegerField(
        _("wait before the next try (minutes)"),
        default=30,
        validators=[MaxValueValidator(60 * 24 * 14)],
        help_text=_(
            "Post-tests only. Time to review the lessons before trying again. 0: no wait. "
            "Each try draws a new set of questions when the test draws fewer than its bank has."
        ),
    )
    grading_method = models.CharField(
        _("score that counts"),
        max_length=10,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
        help_text=_("Post-tests only: which attempt's score is reported when there are several."),
    )
    show_answers = models.CharField(
        _("show correct answers"),
        max_length=20,
        choices=ShowAnswers.choices,
        default=ShowAnswers.AFTER_PASSING,
        help_text=_(
            "When learners see the correct answers, feedback and explanations. Knowledge checks "
            "always show them. For a pre-test, “After passing” means never."
        ),
    )
    paired_pretest = models.ForeignKey(
        "courses.QuizPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="paired_post_tests",
        verbose_name=_("paired pre-test"),
        help_text=_(
            "Post-tests only: the pre-test of this course to compare with, for knowledge gain."
        ),
    )
    uses_pretest_questions = models.BooleanField(
        _("use the pre-test's questions"),
        default=False,
        help_text=_(
            "Tick to draw from the paired pre-test's bank (the same questions before and after). "
            "Leave unticked to use this quiz's own, parallel questions."
        ),
    )

    base_form_class = QuizPageForm
    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        InlinePanel(
            "questions",
            heading=_("Questions"),
            label=_("Question"),
            help_text=_(
                "The question bank. Every question needs a correct answer, an explanation and "
                "the learning objective it tests."
            ),
        ),
    ]
    rules_panels = [
        MultiFieldPanel(
            [
                FieldPanel("draw_count"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_choices"),
                FieldPanel("allow_dont_know"),
            ],
            heading=_("Question bank"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("max_attempts"),
                FieldPanel("wait_after_failures"),
                FieldPanel("wait_minutes"),
                FieldPanel("grading_method"),
                FieldPanel("show_answers"),
            ],
            heading=_("Attempts and review"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("paired_pretest", widget=forms.Select),
                FieldPanel("uses_pretest_questions"),
            ],
            heading=_("Pre-test and post-test pair"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Questions")),
            ObjectList(rules_panels, heading=_("Rules")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    template = "courses/quiz_page.html"

    class Meta:
        verbose_name = _("quiz")

    # Rules by kind ------------------------------------------------------------------------

    @property
    def is_post_test(self) -> bool:
        return self.kind == QuizKind.POST_TEST

    @property
    def attempt_limit(self) -> int | None:
        if self.kind == QuizKind.PRE_TEST:
            return 1
        if self.kind == QuizKind.KNOWLEDGE_CHECK:
            return None
        return self.max_attempts

    @property
    def wait_between_attempts(self) -> int:
        return self.wait_minutes if self.is_post_test else 0

    @property
    def failures_before_wait(self) -> int:
        """How many tries that do not pass come before the wait applies (at least 1)."""
        return max(1, self.wait_after_failures or 1)

    @property
    def counting_method(self) -> str:
        return self.grading_method if self.is_post_test else GradingMethod.LATEST

    @property
    def review_policy(self) -> str:
        if self.kind == QuizKind.KNOWLEDGE_CHECK:
            return ShowAnswers.AFTER_EACH_ATTEMPT
        if self.kind == QuizKind.PRE_TEST and self.show_answers == ShowAnswers.AFTER_PASSING:
            return ShowAnswers.NEVER
        return self.show_answers

    # The bank ------------------------------------------------------------------------------

    def question_source(self) -> "QuizPage":
        """The page whose questions this quiz serves: itself, or its pre-test (same bank)."""
        if self.uses_pretest_questions and self.paired_pretest_id:
            return self.paired_pretest
        return self

    def bank(self) -> list:
        """The questions to draw from, in the order trainers arranged them.

        Works on unsaved pages too (previews, pages built in code): their questions are in memory.
        """
        source = self.question_source()
        return sorted(source.questions.all(), key=lambda q: (q.sort_order or 0, q.pk or 0))

    def bank_data(self) -> list[dict]:
        return [question.as_data() for question in self.bank()]

    def snapshot_settings(self, course: CoursePage) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "pass_mark": course.pass_mark if self.is_post_test else None,
        }

    # Validation ----------------------------------------------------------------------------

    def pairing_problems(self, course: CoursePage | None) -> dict[str, str]:
        """Problems with the pre/post pair and with the one-pre-test, one-post-test rule."""
        problems = {}
        pretest = self.paired_pretest if self.paired_pretest_id else None
        if pretest is not None:
            if not self.is_post_test:
                problems["paired_pretest"] = _("Only a post-test is paired with a pre-test.")
            elif pretest.kind != QuizKind.PRE_TEST:
                problems["paired_pretest"] = _("Choose a quiz whose kind is “Pre-test”.")
            elif course is not None and not pretest.path.startswith(course.path):
                problems["paired_pretest"] = _("Choose the pre-test of this course.")
        if self.uses_pretest_questions and pretest is None:
            problems["uses_pretest_questions"] = _(
                "Choose the paired pre-test whose questions this post-test uses."
            )
        if course is not None and self.kind in (QuizKind.PRE_TEST, QuizKind.POST_TEST):
            other = (
                QuizPage.objects.child_of(course).filter(kind=self.kind).exclude(pk=self.pk).first()
            )
            if other is not None:
                message = (
                    _("This course already has a pre-test: “%(title)s”.")
                    if self.kind == QuizKind.PRE_TEST
                    else _("This course already has a post-test: “%(title)s”.")
                )
                problems["kind"] = "{} {}".format(
                    message % {"title": other.title},
                    _("A course has one of each; add practice questions as knowledge checks."),
                )
        return problems

    def clean(self):
        super().clean()
        # A page being added has no path yet (its form checks the course rules instead); asking
        # for `course` then would cache None on the instance.
        problems = self.pairing_problems(self.course if self.path else None)
        if problems:
            raise ValidationError(problems)

    def publishing_problems(self) -> QuizProblems:
        """What would make this quiz broken once live (questions, draw size, pass mark)."""
        course = self.course
        pretest = self.paired_pretest if self.paired_pretest_id else None
        return quiz_problems(
            kind=self.kind,
            questions=[question.as_data() for question in self.questions.all()],
            objective_count=course.objectives.count() if course else 0,
            draw_count=self.draw_count,
            pass_mark=course.pass_mark if course else None,
            uses_pretest_questions=self.uses_pretest_questions,
            pretest_bank_size=len(pretest.questions.all()) if pretest else None,
        )

    def raise_if_not_publishable(self) -> None:
        problems = self.publishing_problems()
        if problems:
            raise ValidationError(problems.messages())

    # Serving -------------------------------------------------------------------------------

    def serve_preview(self, request, mode_name):
        from ..views import quizzes as views

        return views.preview_quiz(request, self)

    @path("", name="overview")
    def overview_route(self, request):
        from ..views import quizzes as views

        return views.quiz_overview(request, self)

    @path("start/", name="start")
    def start_route(self, request):
        from ..views import quizzes as views

        return views.start_attempt(request, self)

    @path("attempt/<str:code>/", name="attempt")
    def attempt_route(self, request, code):
        from ..views import quizzes as views

        return views.attempt_form(request, self, code)

    @path("attempt/<str:code>/submit/", name="submit")
    def submit_route(self, request, code):
        from ..views import quizzes as views

        return views.submit_attempt(request, self, code)

    @path("attempt/<str:code>/result/", name="result")
    def result_route(self, request, code):
        from ..views import quizzes as views

        return views.attempt_result(request, self, code)
