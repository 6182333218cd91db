"""Credential tracks and hours categories in the CMS, under "Credit hours" (site admins), and
the audit-log actions of transcripts."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from accounts import audit as accounts_audit
from courses.models import HoursCategory

from . import audit
from .models import CredentialTrack


class CredentialTrackViewSet(ModelViewSet):
    model = CredentialTrack
    icon = "tasks"
    list_display = ["name", "issuing_board", "period_months", "total_hours", "active"]
    list_filter = ["active", "requires_ce_approval"]
    search_fields = ["name", "issuing_board"]
    copy_view_enabled = False


class HoursCategoryViewSet(ModelViewSet):
    model = HoursCategory
    icon = "tag"
    list_display = ["name", "description"]
    search_fields = ["name"]
    copy_view_enabled = False


class CreditHoursGroup(ModelViewSetGroup):
    menu_label = _("Credit hours")
    menu_icon = "tasks"
    menu_order = 360
    items = (
        CredentialTrackViewSet("transcripts_track"),
        HoursCategoryViewSet("courses_hourscategory"),
    )


@hooks.register("register_admin_viewset")
def register_credit_hours_viewsets():
    return CreditHoursGroup()


@hooks.register("register_log_actions")
def register_transcript_log_actions(actions):
    accounts_audit.register_actions(actions, audit.ACTIONS)
