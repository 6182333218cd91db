"""Credential tracks and hours categories in the CMS, under "Credit hours" (site admins), the
audit-log actions of transcripts, and the /verify/ form's lookup of transcript codes."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from accounts import audit as accounts_audit
from basics.codes import group_code
from certificates.models.records import CODE_GROUP
from certificates.signals import VERIFY_LOOKUP_HOOK
from courses.models import HoursCategory

from . import audit
from .models import CredentialTrack, Transcript


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


@hooks.register(VERIFY_LOOKUP_HOOK)
def transcript_verification_page(code: str) -> str | None:
    """The /verify/ form finds transcripts too: their codes look like certificates' codes."""
    if Transcript.objects.filter(code=code).exists():
        return reverse("transcripts:verify", args=[group_code(code, CODE_GROUP)])
    return None
