"""Skills checklists in the CMS ("Skills checklists": trainers and site admins add and change
them, steps in order), and the course step each required one adds.

A snippet (so wagtail-localize offers "Translate" and "Sync translated snippets" on it, as on
course pages), kept at its own menu item and addresses."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.signals import OUTSIDE_REQUIREMENTS_HOOK
from trainings.signals import ROSTER_ACTIONS_HOOK

from .models import SkillsChecklist
from .requirements import skills_requirements
from .roster import observe_buttons


class SkillsChecklistViewSet(SnippetViewSet):
    model = SkillsChecklist
    admin_url_namespace = "practice_checklist"
    base_url_path = "practice_checklist"  # its address as a model viewset
    icon = "list-ul"
    menu_label = _("Skills checklists")
    menu_order = 345
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["title", "course", "required"]
    list_filter = ["required"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            PageChooserPanel("course", "courses.CoursePage"),
            FieldPanel("title"),
            FieldPanel("introduction"),
            FieldPanel("required"),
            InlinePanel(
                "items",
                heading=_("Steps the observer checks"),
                label=_("Step"),
                min_num=1,
                panels=[FieldPanel("step"), FieldPanel("done_looks_like"), FieldPanel("critical")],
            ),
        ]
    )


register_snippet(SkillsChecklistViewSet)


hooks.register(OUTSIDE_REQUIREMENTS_HOOK, skills_requirements)

# "Observe skills" beside each person checked in on a roster of a course with a checklist.
hooks.register(ROSTER_ACTIONS_HOOK, observe_buttons)
