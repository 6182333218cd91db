from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import audit
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
