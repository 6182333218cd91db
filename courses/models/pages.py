"""The course page tree: Catalog -> Course -> Lesson (and, from the assessments issue, Quiz).

Page models hold content and Wagtail wiring only. What a learner may do is decided in
``courses/permissions.py``, what happens when they do it in ``courses/services/``, and the
request handling that joins the two in ``courses/views/pages.py`` (imported inside the route
methods below, because the views depend on these models).
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import LessonStreamBlock
from ..choices import Audience, DeliveryFormat, PartialCredit, Topic
from ..fields import ChoiceListField
from ..forms.admin import CoursePageForm
from ..page_cache import CachedViewRestrictionsMixin
from ..panels import IndependentReviewStatusPanel, WholeCourseReviewPanel
from ..validators import validate_measurable_objective

MIN_OBJECTIVES = 3
REVIEW_INTERVAL_MONTHS = 12
# Paths a course page answers itself; a lesson may not take one of these as its slug.
COURSE_ROUTE_SLUGS = frozenset({"enrol"})


CE_LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]


def english_only() -> list[str]:
    return ["en"]


def review_due_before(today: datetime.date | None = None) -> datetime.date:
    """Courses last reviewed before this date are due for clinical review (12 months ago)."""
    today = today or timezone.localdate()
    year = today.year - REVIEW_INTERVAL_MONTHS // 12
    try:
        return today.replace(year=year)
    except ValueError:  # 29 February
        return today.replace(year=year, day=28)


def _serve_template(page, request, mode_name=""):
    """Render `page` the way Wagtail's Page.serve_preview does, without routing."""
    return TemplateResponse(
        request,
        page.get_preview_template(request, mode_name),
        page.get_preview_context(request, mode_name),
    )


class CatalogPage(CachedViewRestrictionsMixin, Page):
    """The list of published courses, with topic and audience filters. One per site."""

    intro = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown above the list of courses."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1
    template = "courses/catalog_page.html"
    kept_query_parameters = ("topic", "audience")  # the filters (courses.forms.learner)

    class Meta:
        verbose_name = _("course catalog")

    def get_context(self, request, *args, **kwargs):
        from ..services import page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(page_context.catalog_context(self, request))
        return context


class CoursePage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """A course: what it teaches, to whom, for how many hours, and how it is completed."""

    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three plain-language sentences: what the course is and who it is for."),
    )
    audiences = ChoiceListField(
        _("audience"),
        item_choices=Audience.choices,
        help_text=_("Who the course is written for. Tick all that apply."),
    )
    topics = ChoiceListField(
        _("topics"),
        item_choices=Topic.choices,
        help_text=_("Used by the catalog filters. Tick all that apply."),
    )
    delivery_format = models.CharField(
        _("delivery format"),
        max_length=20,
        choices=DeliveryFormat.choices,
        default=DeliveryFormat.SELF_PACED,
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated time (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(60 * 80)],
        help_text=_("How long most people take, start to finish, including tests."),
    )
    contact_hours = models.DecimalField(
        _("contact hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "Hours printed on the certificate, e.g. 1.5. For a course with a live session, "
            "the online part's hours: the certificate adds the session's."
        ),
    )
    # The certificate prints in the learner's language only when its version of the course is
    # approved for continuing education (certificates.services.certificate_language).
    ce_languages = ChoiceListField(
        _("languages approved for continuing education"),
        item_choices=CE_LANGUAGES,
        default=english_only,
        blank=True,
        help_text=_(
            "Tick each language version of this course that the approving bodies accept for "
            "CE credit. Certificates print in the learner's language when it is ticked, "
            "otherwise in English."
        ),
    )
    prerequisites = ParentalManyToManyField(
        "courses.CoursePage",
        blank=True,
        related_name="required_for",
        verbose_name=_("prerequisites"),
        help_text=_("Courses a learner must complete before they can enrol in this one."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("post-test pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The score needed to pass the post-test, when the course has one."),
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Leave blank if the certificate does not expire."),
    )
    lessons_in_order = models.BooleanField(
        _("lessons must be taken in order"),
        default=True,
        help_text=_("When ticked, a lesson opens only after the lessons before it are done."),
    )
    evaluation_required = models.BooleanField(
        _("evaluation required before the certificate"),
        default=False,
        help_text=_("Tick when the accrediting body asks for a course evaluation."),
    )
    live_minimum_percent = models.PositiveSmallIntegerField(
        _("share of a live session needed for credit (%)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "For a course with a live session: the part of the session a person must attend "
            "to earn its hours. Most approvals ask for 90% or more."
        ),
    )
    live_partial_credit = models.CharField(
        _("partial attendance at a live session"),
        max_length=20,
        choices=PartialCredit.choices,
        default=PartialCredit.NONE,
        help_text=_(
            "What someone who attended less than that earns. Follow the course's approval: "
            "give credit for the minutes attended only if it allows it."
        ),
    )
    last_clinical_review = models.DateField(
        _("last clinically reviewed"),
        null=True,
        blank=True,
        help_text=_("Courses are flagged for review 12 months after this date."),
    )
    clinical_reviewer = models.CharField(
        _("clinical reviewer"),
        max_length=200,
        blank=True,
        help_text=_("Name and credentials, e.g. “Dana Ruiz, RN, MPH”."),
    )
    independent_review = models.CharField(
        _("independent clinical review"),
        max_length=255,
        blank=True,
        help_text=_("Name and date of an independent clinical reviewer; empty while pending"),
    )
    content_note = models.TextField(
        _("content note"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Shown before the first lesson, e.g. “This course talks about overdose deaths.” "
            "Leave blank if not needed."
        ),
    )

    base_form_class = CoursePageForm
    content_panels = Page.content_panels + [
        IndependentReviewStatusPanel(heading=_("Review status")),
        WholeCourseReviewPanel(heading=_("Review of the whole course")),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("audiences"),
                FieldPanel("topics"),
                FieldPanel("delivery_format"),
                FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("contact_hours")]),
            ],
            heading=_("About the course"),
        ),
        InlinePanel(
            "hours_by_category",
            heading=_("Contact hours by category"),
            label=_("Hours in a category"),
            help_text=_(
                "The hours a credentialing board counts as ethics, HIV/hepatitis and so on, "
                "online or in person. Together no more than the contact hours. Hours left out "
                "of a category still count toward a learner's total."
            ),
        ),
        InlinePanel(
            "objectives",
            min_num=MIN_OBJECTIVES,
            heading=_("Learning objectives"),
            label=_("Objective"),
            help_text=_(
                "At least three. Each says what a learner will be able to do, e.g. "
                "“List three signs of an opioid overdose.”"
            ),
        ),
        FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
        FieldPanel("content_note"),
    ]
    completion_panels = [
        FieldPanel("lessons_in_order"),
        FieldPanel("pass_mark"),
        FieldPanel("evaluation_required"),
        FieldPanel("certificate_validity_months"),
        FieldPanel("ce_languages"),
        MultiFieldPanel(
            [FieldPanel("live_minimum_percent"), FieldPanel("live_partial_credit")],
            heading=_("Live sessions"),
            help_text=_(
                "A course with a live session needs its online part and attendance. Its "
                "certificate adds the session's hours to the course's online hours."
            ),
        ),
    ]
    review_panels = [
        FieldRowPanel([FieldPanel("last_clinical_review"), FieldPanel("clinical_reviewer")]),
        FieldPanel("independent_review"),
        InlinePanel(
            "sources",
            heading=_("Sources"),
            label=_("Source"),
            help_text=_("Every clinical or legal claim in the course needs a source here."),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(completion_panels, heading=_("Completion")),
            ObjectList(review_panels, heading=_("Clinical review")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["courses.CatalogPage"]
    subpage_types = ["courses.LessonPage", "courses.QuizPage", "courses.EvaluationPage"]
    template = "courses/course_page.html"

    class Meta:
        verbose_name = _("course")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100),
                name="courses_coursepage_pass_mark_range",
            )
        ]

    def live_lessons(self):
        """The published lessons, in the order trainers arranged them, without their bodies."""
        return LessonPage.objects.live().child_of(self).defer_streamfields()

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [labels[value] for value in self.audiences if value in labels]

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [labels[value] for value in self.topics if value in labels]

    @classmethod
    def due_for_review_q(cls, today: datetime.date | None = None) -> Q:
        """Courses never reviewed, or last reviewed more than 12 months ago."""
        return Q(last_clinical_review__isnull=True) | Q(
            last_clinical_review__lt=review_due_before(today)
        )

    def is_due_for_review(self, today: datetime.date | None = None) -> bool:
        return self.last_clinical_review is None or self.last_clinical_review < review_due_before(
            today
        )

    def get_context(self, request, *args, **kwargs):
        from ..services import page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(page_context.course_context(self, request))
        return context

    def serve_preview(self, request, mode_name):
        return _serve_template(self, request, mode_name)

    @path("enrol/", name="enrol")
    def enrol_route(self, request):
        from ..views import pages as views

        return views.enrol(request, self)


class CourseObjective(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField(
        _("objective"),
        max_length=300,
        validators=[validate_measurable_objective],
        help_text=_("Start with a verb a learner can show: list, describe, demonstrate…"),
    )

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("learning objective")
        verbose_name_plural = _("learning objectives")

    def __str__(self):
        return self.text


class CourseSource(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_("Author, title and year, e.g. “SAMHSA (2023). Opioid Overdose Toolkit.”"),
    )
    url = models.URLField(_("web address"), max_length=500)

    panels = [FieldPanel("title"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title


class CourseChildPage(CachedViewRestrictionsMixin, Page):
    """Base for every page that lives inside a course (lessons now, quizzes later).

    It keeps the tree honest (only under a course, no children) and finds its course in one
    query. Children of an unpublished course are not served, even if they are live themselves.
    """

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        abstract = True

    @cached_property
    def course(self) -> CoursePage | None:
        if not self.path or not self.depth or self.depth < 2:
            return None
        return CoursePage.objects.filter(path=self.path[: -self.steplen]).first()

    def clean(self):
        super().clean()
        if self.slug in COURSE_ROUTE_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is used by the course page itself.") % {"slug": self.slug}}
            )


class LessonPage(RoutablePageMixin, CourseChildPage):
    """One lesson: a stream of text, media, callouts and scenarios."""

    body = StreamField(
        LessonStreamBlock(),
        verbose_name=_("body"),
        help_text=_("The lesson itself. Keep paragraphs short: many people read on a phone."),
    )

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    template = "courses/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")

    def scenario_block_ids(self) -> set[str]:
        return {block.id for block in self.body if block.block_type == "scenario"}

    def get_context(self, request, *args, access=None, reflection_form=None, **kwargs):
        """`access` comes from the read view; without it (previews) nothing is personal."""
        from ..services import page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(page_context.lesson_context(self, request, access, reflection_form))
        return context

    def serve_preview(self, request, mode_name):
        return _serve_template(self, request, mode_name)

    @path("", name="read")
    def read_route(self, request):
        from ..views import pages as views

        return views.read_lesson(request, self)

    @path("complete/", name="complete")
    def complete_route(self, request):
        from ..views import pages as views

        return views.complete_lesson(request, self)

    @path("reflection/", name="reflection")
    def reflection_route(self, request):
        from ..views import pages as views

        return views.save_reflection(request, self)
