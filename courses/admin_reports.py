"""Assessment reports in the Wagtail admin, with CSV downloads.

Anyone who may edit a course (trainers, reviewers) may read its reports. The figures come from
``courses.reports``; these views only check access, render and write CSV. No learner is named.
"""

import csv

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

from basics.spreadsheets import escape_formula

from . import reports
from .localization import content_languages, source_page
from .models import CoursePage
from .signals import COURSE_REPORT_SECTIONS_HOOK

READ_PERMISSIONS = ["change", "publish"]
FLAG_LABELS = {
    # Plain text, not format strings: "% c" is not a placeholder.
    # xgettext:no-python-format
    "too_easy": gettext_lazy("Very easy (over 95% correct)"),
    # xgettext:no-python-format
    "too_hard": gettext_lazy("Very hard (under 20% correct)"),
    "low_discrimination": gettext_lazy("Does not separate stronger from weaker learners"),
}
CSV_REPORTS = ("summary", "items", "evaluation")


def readable_courses(user):
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, READ_PERMISSIONS)
    return CoursePage.objects.filter(pk__in=pages.values("pk")).order_by("title")


def course_for(request, course_id: int) -> CoursePage:
    """The course, or 404; 403 for someone who may not edit it."""
    course = get_object_or_404(CoursePage, pk=course_id)
    if not PagePermissionPolicy().user_has_any_permission_for_instance(
        request.user, READ_PERMISSIONS, course
    ):
        raise PermissionDenied
    return source_page(course)  # a translation's records are its source course's


def attempts_language(request) -> str | None:
    """The language the item analysis is limited to (``?language=es``), or None for all:
    attempts in every language count together unless a trainer asks for one."""
    wanted = request.GET.get("language", "")
    return wanted if wanted in content_languages() else None


def language_choices(request, language: str | None) -> list[dict]:
    """Plain links for the item analysis in all languages or one (no script needed)."""
    names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    options = [(None, _("All languages")), *((code, names[code]) for code in content_languages())]
    return [
        {
            "label": label,
            "url": request.path + (f"?language={code}" if code else ""),
            "current": code == language,
        }
        for code, label in options
    ]


class AssessmentReportsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Assessment reports")
    header_icon = "list-ul"
    template_name = "courses/admin/assessment_reports.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["courses"] = readable_courses(self.request.user)
        return context


class CourseAssessmentReportView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "list-ul"
    template_name = "courses/admin/course_assessment_report.html"

    def dispatch(self, request, *args, **kwargs):
        self.course = course_for(request, kwargs["course_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Assessment report: %(title)s") % {"title": self.course.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("courses_assessment_reports"), "label": _("Assessment reports")},
            {"url": "", "label": self.course.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = attempts_language(self.request)
        context.update(
            course=self.course,
            summary=reports.course_summary(self.course),
            item_reports=[
                reports.item_analysis(quiz, language=language)
                for quiz in reports.course_quizzes(self.course)
            ],
            item_languages=language_choices(self.request, language),
            evaluation=reports.evaluation_summary(self.course),
            more_sections=[
                section
                for section_for in hooks.get_hooks(COURSE_REPORT_SECTIONS_HOOK)
                if (section := section_for(self.request, self.course))
            ],
            min_attempts=reports.MIN_ATTEMPTS,
            flag_labels=FLAG_LABELS,
            csv_urls={
                name: reverse("courses_assessment_report_csv", args=[self.course.pk, name])
                + (f"?language={language}" if language and name == "items" else "")
                for name in CSV_REPORTS
            },
        )
        return context


# CSV -------------------------------------------------------------------------------------


def _cell(value):
    """Numbers as they are; text that a spreadsheet would run as a formula gets a quote first."""
    if value is None:
        return ""
    return escape_formula(value) if isinstance(value, str) else value


def _fraction(value) -> str:
    return "" if value is None else f"{value:.3f}"


def summary_rows(course):
    summary = reports.course_summary(course)
    gain = summary.gain
    yield [_("Figure"), _("Value")]
    yield [_("Learners enrolled"), summary.enrolled]
    yield [_("Learners who completed"), summary.completed]
    yield [_("Took the post-test"), summary.post_takers]
    yield [_("Passed the post-test"), summary.post_passed]
    yield [_("Pass rate (%)"), summary.pass_rate]
    yield [_("Mean attempts at the post-test"), summary.mean_attempts]
    yield [_("Took the pre-test"), summary.pre_takers]
    yield [_("Mean pre-test score (%)"), summary.mean_pre]
    yield [_("Mean post-test score (%)"), summary.mean_post]
    yield [_("Learners with both tests"), gain.learners]
    yield [_("Mean pre-test score, learners with both (%)"), gain.mean_pre]
    yield [_("Mean post-test score, learners with both (%)"), gain.mean_post]
    yield [_("Mean knowledge gain (percentage points)"), gain.mean_gain]
    yield [_("Reached the pass mark, learners with both (%)"), gain.reached_pass_mark]


def item_rows(course, language: str | None = None):
    yield [
        _("Quiz"),
        _("Question"),
        _("Objective"),
        _("Attempts"),
        _("Difficulty (share correct)"),
        _("Discrimination (point-biserial)"),
        _("Flags"),
        _("Answer"),
        _("Correct answer"),
        _("Times picked"),
    ]
    quizzes = reports.course_quizzes(course)
    for report in (reports.item_analysis(quiz, language=language) for quiz in quizzes):
        for item in report.items:
            base = [
                report.quiz.title,
                item.stem,
                item.objective,
                item.n,
                _fraction(item.difficulty),
                _fraction(item.discrimination),
                "; ".join(str(FLAG_LABELS[flag]) for flag in item.flags),
            ]
            for choice in item.choices:
                yield base + [choice.text, _("yes") if choice.correct else _("no"), choice.count]
            yield base + [_("I don't know"), _("no"), item.dont_know]


def evaluation_rows(course):
    summary = reports.evaluation_summary(course)
    yield [_("Item"), *[label for _value, label in summary.likert_labels], _("Answers"), _("Mean")]
    for rating in summary.statements:
        yield [rating.text, *rating.counts.values(), rating.n, rating.mean]
    if summary.confidence_before is not None:
        yield []
        yield [summary.confidence_question, *[lbl for _v, lbl in summary.confidence_labels]]
        for label, rating in (
            (_("Before the course"), summary.confidence_before),
            (_("After the course"), summary.confidence_after),
        ):
            yield [label, *rating.counts.values(), rating.n, rating.mean]
        yield [_("Mean change"), summary.mean_confidence_change]
    yield []
    yield [_("Submitted"), _("Comment")]
    for submitted_at, text in summary.comments:
        yield [submitted_at.date().isoformat(), text]


ROWS = {"summary": summary_rows, "items": item_rows, "evaluation": evaluation_rows}


def course_report_csv(request, course_id: int, report: str):
    if report not in ROWS:
        raise Http404
    course = course_for(request, course_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{course.slug}-{report}.csv"'
    writer = csv.writer(response)
    rows = (
        item_rows(course, attempts_language(request)) if report == "items" else ROWS[report](course)
    )
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return response
