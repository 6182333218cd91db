"""Coached practice in the CMS ("Coached practice": practice sets, and each course's coaching
terms and coaches), the course requirement, and the practice section of the course report.

Trainers and site admins add, change and view (the ``0002`` migration grants it); nobody
deletes here: a practice set is closed instead, so its submissions stay on record.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.permissions import HEADER_LINKS_HOOK
from courses.signals import COURSE_REPORT_SECTIONS_HOOK, OUTSIDE_REQUIREMENTS_HOOK

from . import reports
from .header import coach_queue_link
from .models import CourseCoaching, PracticeSet
from .reports import BANDS
from .requirements import practice_requirements
from .rubric import CRITERIA


class PracticeSetViewSet(SnippetViewSet):
    """A snippet, so wagtail-localize offers "Translate" on it (its statements translate with it)."""

    model = PracticeSet
    admin_url_namespace = "coaching_practice_set"
    base_url_path = "coaching_practice_set"
    icon = "edit"
    menu_label = _("Practice sets")
    copy_view_enabled = False
    list_display = ["title", "course", "is_open"]
    list_filter = ["is_open"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            PageChooserPanel("course", "courses.CoursePage"),
            FieldPanel("title"),
            FieldPanel("instructions"),
            FieldPanel("is_open"),
            InlinePanel(
                "statements",
                label=_("Statements"),
                min_num=1,
                help_text=_(
                    "Write each in our own words, as a person in a harm-reduction setting "
                    "might say it. Never copy items from published tests or training sets."
                ),
            ),
        ]
    )


class CourseCoachingViewSet(SnippetViewSet):
    model = CourseCoaching
    admin_url_namespace = "coaching_terms"
    base_url_path = "coaching_terms"
    icon = "group"
    menu_label = _("Coaching terms and coaches")
    copy_view_enabled = False
    list_display = ["course", "target_response_hours", "pass_mark"]
    edit_handler = ObjectList(
        [
            PageChooserPanel("course", "courses.CoursePage"),
            FieldPanel("target_response_hours"),
            FieldPanel("pass_mark"),
            InlinePanel(
                "coach_assignments",
                label=_("Coaches"),
                help_text=_(
                    "A trainer without an organization coaches every learner of the course. "
                    "With an organization, a trainer or that organization's facilitator "
                    "coaches its members only."
                ),
                panels=[FieldPanel("coach"), FieldPanel("organization")],
            ),
        ]
    )


class CoachedPracticeGroup(SnippetViewSetGroup):
    menu_label = _("Coached practice")
    menu_icon = "edit"
    menu_order = 345
    items = (PracticeSetViewSet, CourseCoachingViewSet)


register_snippet(CoachedPracticeGroup)


hooks.register(OUTSIDE_REQUIREMENTS_HOOK, practice_requirements)


@hooks.register(COURSE_REPORT_SECTIONS_HOOK)
def practice_report_section(request, course):
    found = reports.practice_reports(course)
    if not found:
        return ""
    return render_to_string(
        "coaching/admin/report_section.html",
        {"reports": found, "criteria": CRITERIA, "bands": BANDS},
        request=request,
    )


# "Practice to review" in the header, for coaches only (coaching.header).
hooks.register(HEADER_LINKS_HOOK, coach_queue_link)
