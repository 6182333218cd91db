from django.contrib.auth import get_user_model
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import audit
from .generations import person_changed
from .models import Organization


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = "Organizations"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("coalitions"),
    ]


register_snippet(OrganizationViewSet)


@hooks.register("register_log_actions")
def register_accounts_log_actions(actions):
    audit.register_actions(actions, audit.ACTIONS)


@hooks.register("after_bulk_action")
def renew_people_changed_in_bulk(request, action_type, objects, action_class_instance):
    # Wagtail's user bulk actions change rows with update() (e.g. "mark as inactive"), which
    # sends no signal: renew each person's generation so no worker keeps the old account.
    if action_class_instance.model is get_user_model():
        for user in objects:
            person_changed(user.pk)
