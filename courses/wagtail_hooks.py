"""Wagtail admin additions: the "Courses due for review" and assessment reports, the whole
course's clinical review, a guard on deletion, and small accessibility fixes to Wagtail's own
admin."""

from django.contrib import messages
from django.db.models import F
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import admin_reports
from .models import Attempt, CoursePage, Enrollment, EvaluationResponse, LessonProgress
from .permissions import may_review_course, may_submit_course_for_review
from .views.course_review import CourseReviewView, review_url

AUTHORING_PERMISSIONS = ["add", "change", "publish"]


class ReviewDateColumn(Column):
    empty_value_display = _("Never")


class CoursesDueForReviewView(ReportView):
    """Courses never clinically reviewed, or last reviewed more than 12 months ago."""

    page_title = _("Courses due for review")
    header_icon = "time"
    index_url_name = "courses_due_for_review"
    index_results_url_name = "courses_due_for_review_results"
    any_permission_required = AUTHORING_PERMISSIONS
    columns = [
        TitleColumn(
            "title",
            label=_("Course"),
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ),
        ReviewDateColumn("last_clinical_review", label=_("Last clinically reviewed")),
        Column("clinical_reviewer", label=_("Reviewer")),
        Column("status_string", label=_("Status")),
    ]
    list_export = ["title", "last_clinical_review", "clinical_reviewer", "status_string"]
    export_headings = {
        "title": _("Course"),
        "last_clinical_review": _("Last clinically reviewed"),
        "clinical_reviewer": _("Reviewer"),
        "status_string": _("Status"),
    }

    @cached_property
    def permission_policy(self):
        return PagePermissionPolicy()

    def get_base_queryset(self):
        return CoursePage.objects.filter(CoursePage.due_for_review_q()).order_by(
            F("last_clinical_review").asc(nulls_first=True), "title"
        )


class CoursesDueForReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, AUTHORING_PERMISSIONS)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/courses-due-for-review/",
            CoursesDueForReviewView.as_view(),
            name="courses_due_for_review",
        ),
        path(
            "reports/courses-due-for-review/results/",
            CoursesDueForReviewView.as_view(results_only=True),
            name="courses_due_for_review_results",
        ),
        path(
            "courses/<int:course_id>/review/",
            CourseReviewView.as_view(),
            name="courses_course_review",
        ),
        path(
            "reports/assessments/",
            admin_reports.AssessmentReportsView.as_view(),
            name="courses_assessment_reports",
        ),
        path(
            "reports/assessments/<int:course_id>/",
            admin_reports.CourseAssessmentReportView.as_view(),
            name="courses_assessment_report",
        ),
        path(
            "reports/assessments/<int:course_id>/<str:report>.csv",
            admin_reports.course_report_csv,
            name="courses_assessment_report_csv",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_due_for_review_menu_item():
    return CoursesDueForReviewMenuItem(
        _("Courses due for review"),
        reverse("courses_due_for_review"),
        name="courses-due-for-review",
        icon_name="time",
        order=1150,
    )


@hooks.register("register_reports_menu_item")
def register_assessment_reports_menu_item():
    return CoursesDueForReviewMenuItem(
        _("Assessment reports"),
        reverse("courses_assessment_reports"),
        name="courses-assessment-reports",
        icon_name="list-ul",
        order=1160,
    )


class WholeCourseReviewMenuItem(ActionMenuItem):
    """In the course editor's actions: the page where the whole course is submitted or reviewed.

    Shown also while the course is locked in review, so the trainer can follow it there.
    """

    name = "action-whole-course-review"
    icon_name = "tasks"
    order = 65

    def is_shown(self, context):
        page = context.get("page")
        if context["view"] != "edit" or not isinstance(page, CoursePage):
            return False
        user = context["request"].user
        return may_review_course(user, page) or may_submit_course_for_review(user, page)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page, user = parent_context["page"], parent_context["request"].user
        context["label"] = (
            _("Review the whole course")
            if may_review_course(user, page)
            else _("Submit the whole course for review")
        )
        return context

    def get_url(self, parent_context):
        return review_url(parent_context["page"])


@hooks.register("register_page_action_menu_item")
def register_whole_course_review_menu_item():
    return WholeCourseReviewMenuItem()


@hooks.register("insert_editor_js")
def name_unnamed_admin_controls():
    """Accessible names for Wagtail's rich text boxes and date picker (see the script)."""
    return format_html('<script src="{}" defer></script>', static("js/admin-accessibility.js"))


@hooks.register("insert_global_admin_css")
def admin_accessibility_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("before_delete_page")
def keep_learner_records(request, page):
    """Courses, lessons, quizzes and evaluations learners have used are unpublished, never deleted."""
    pages = Page.objects.descendant_of(page, inclusive=True)
    has_records = (
        Enrollment.objects.filter(course__in=pages).exists()
        or LessonProgress.objects.filter(lesson__in=pages).exists()
        or Attempt.objects.filter(quiz__in=pages).exists()
        or EvaluationResponse.objects.filter(evaluation__in=pages).exists()
    )
    if not has_records:
        return None
    messages.error(
        request,
        _(
            "“%(title)s” holds learners' training records, so it cannot be deleted. Unpublish it instead."
        )
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_edit_page")
def warn_when_a_translation_is_behind(request, page):
    from .translation_status import warn_in_editor

    warn_in_editor(request, page)
