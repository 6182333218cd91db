"""Certificates in the Wagtail admin: approvals, issued certificates (read-only, with revoke),
name corrections, per-course settings, a preview, and the audit-log actions."""

from django.contrib.auth import get_user_model
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import admin_views
from .models import Approval, Certificate, CourseCertificateSettings, NameCorrectionRequest
from .permissions import can_manage_certificates


class StaffReadOnlyPolicy(ModelPermissionPolicy):
    """Issued records are never edited in the admin: site staff may look, nobody may add,
    change or delete. Acting on them (revoke, correct) goes through our own views."""

    def user_has_permission(self, user, action):
        return action == "view" and can_manage_certificates(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.none()


register_permission_policy(Certificate, StaffReadOnlyPolicy(Certificate))
register_permission_policy(NameCorrectionRequest, StaffReadOnlyPolicy(NameCorrectionRequest))


class PreviewHeaderMixin:
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(_("Preview certificate"), url=admin_views.preview_url(), icon_name="view"),
        ]


class ApprovalIndexView(PreviewHeaderMixin, IndexView):
    pass


class ApprovalViewSet(ModelViewSet):
    model = Approval
    icon = "success"
    index_view_class = ApprovalIndexView
    list_display = ["approving_body", "provider_number", "kind", "valid_from", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["approving_body", "provider_number", "statement"]
    copy_view_enabled = False
    panels = [
        FieldPanel("approving_body"),
        FieldPanel("provider_number"),
        FieldPanel("statement"),
        FieldPanel("language"),
        FieldPanel("kind"),
        FieldPanel("valid_from"),
        FieldPanel("valid_until"),
        FieldPanel("courses"),
    ]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "courses":
            from django import forms

            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_dbfield(db_field, **kwargs)


class CertificateIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        buttons.append(
            ListingButton(
                _("Download PDF"),
                url=reverse("certificates:download", args=[instance.display_code]),
                icon_name="download",
                priority=30,
            )
        )
        if instance.status in (Certificate.Status.VALID, Certificate.Status.EXPIRED):
            buttons.append(
                ListingButton(
                    _("Revoke"),
                    url=reverse("certificates_certificate:revoke", args=[instance.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class CertificateInspectView(InspectView):
    @cached_property
    def header_more_buttons(self):
        buttons = [
            HeaderButton(
                _("Download PDF"),
                url=reverse("certificates:download", args=[self.object.display_code]),
                icon_name="download",
            ),
            HeaderButton(
                _("History"),
                url=reverse("certificates_certificate:history", args=[self.object.pk]),
                icon_name="history",
            ),
            HeaderButton(
                _("Public page"),
                url=reverse("certificates:verify", args=[self.object.display_code]),
                icon_name="link-external",
            ),
        ]
        if self.object.status in (Certificate.Status.VALID, Certificate.Status.EXPIRED):
            buttons.append(
                HeaderButton(
                    _("Revoke"),
                    url=reverse("certificates_certificate:revoke", args=[self.object.pk]),
                    icon_name="cross",
                )
            )
        return buttons


class ReadOnlyHistoryView(HistoryView):
    """The audit trail of a record staff may only look at."""

    any_permission_required = ["view"]


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    index_view_class = CertificateIndexView
    history_view_class = ReadOnlyHistoryView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        Column("display_code", label=_("Code")),
        "learner_name",
        "course_title",
        Column("status", label=_("Status"), accessor="get_current_status_display"),
        "completion_date",
        "issued_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["code", "learner_name", "course_title"]
    inspect_view_fields = [
        "display_code",
        "status",
        "learner_name",
        "learner",
        "course_title",
        "contact_hours",
        "delivery_format",
        "completion_date",
        "valid_until",
        "kind",
        "approvals",
        "issuer_name",
        "signatory_name",
        "issued_at",
        "issued_by",
        "replaces",
        "revocation_reason",
        "revoked_by",
        "pdf_sha256",
        "pdf_size",
        "template_version",
    ]
    form_fields = []  # never edited

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("revoke/<int:pk>/", admin_views.RevokeView.as_view(), name="revoke"),
        ]


class CorrectionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("certificate")

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.is_pending:
            buttons += [
                ListingButton(
                    _("Approve"),
                    url=reverse("certificates_namecorrectionrequest:approve", args=[instance.pk]),
                    icon_name="check",
                    priority=10,
                ),
                ListingButton(
                    _("Decline"),
                    url=reverse("certificates_namecorrectionrequest:decline", args=[instance.pk]),
                    icon_name="cross",
                    priority=20,
                ),
            ]
        return buttons


class NameCorrectionViewSet(ModelViewSet):
    model = NameCorrectionRequest
    icon = "edit"
    menu_label = _("Name corrections")
    index_view_class = CorrectionIndexView
    history_view_class = ReadOnlyHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = ["requested_name", "certificate", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    form_fields = []

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<int:pk>/", admin_views.ApproveCorrectionView.as_view(), name="approve"),
            path("decline/<int:pk>/", admin_views.DeclineCorrectionView.as_view(), name="decline"),
        ]


class CourseSettingsIndexView(PreviewHeaderMixin, IndexView):
    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            ListingButton(
                _("Preview certificate"),
                url=admin_views.preview_url(instance.course),
                icon_name="view",
                priority=40,
            ),
        ]


class CourseCertificateSettingsViewSet(ModelViewSet):
    model = CourseCertificateSettings
    icon = "cog"
    menu_label = _("Per-course settings")
    index_view_class = CourseSettingsIndexView
    copy_view_enabled = False
    list_display = ["course", "issuer_name", "signatory_name"]
    panels = [
        PageChooserPanel("course", "courses.CoursePage"),
        *CourseCertificateSettings.panels[1:],
    ]


class CertificatesGroup(ModelViewSetGroup):
    menu_label = _("Certificates")
    menu_icon = "doc-full"
    menu_order = 350
    items = (
        CertificateViewSet("certificates_certificate"),
        NameCorrectionViewSet("certificates_namecorrectionrequest"),
        ApprovalViewSet("certificates_approval"),
        CourseCertificateSettingsViewSet("certificates_coursesettings"),
    )


@hooks.register("register_admin_viewset")
def register_certificates_viewsets():
    return CertificatesGroup()


@hooks.register("register_admin_urls")
def register_preview_url():
    return [path("certificates/preview/", admin_views.preview, name="certificates_preview")]


class PreviewMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_certificates(request.user)


@hooks.register("register_settings_menu_item")
def register_preview_menu_item():
    return PreviewMenuItem(
        _("Preview certificate"),
        reverse("certificates_preview"),
        icon_name="view",
        order=1000,
    )


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    class WithData(LogFormatter):
        template = ""

        def format_message(self, log_entry):
            try:
                return self.template % log_entry.data
            except (KeyError, TypeError):
                return self.label

    def register(action, label, template):
        formatter = type("Formatter", (WithData,), {"label": label, "template": template})
        actions.register_action(action)(formatter)

    register("certificates.issue", _("Issue certificate"), _("Issued certificate %(code)s"))
    register(
        "certificates.correct",
        _("Correct certificate"),
        _("Issued as a correction of %(replaces)s (name was “%(old_name)s”)"),
    )
    register(
        "certificates.supersede", _("Supersede certificate"), _("Superseded by %(replaced_by)s")
    )
    register("certificates.revoke", _("Revoke certificate"), _("Revoked: %(reason)s"))
    register(
        "certificates.download",
        _("Download someone else's certificate"),
        _("Downloaded certificate %(code)s (not by the learner)"),
    )
    register("certificates.expire", _("Expire certificate"), _("Expired (valid until passed)"))
    register(
        "certificates.correction_request",
        _("Request name correction"),
        _("Learner asked for the name “%(name)s”"),
    )
    register(
        "certificates.correction_reject",
        _("Decline name correction"),
        _("Name correction declined: %(note)s"),
    )


@hooks.register("courses_completion_moment")
def completion_moment(request, enrollment) -> str:
    """What the learner earned, on the page they land on after finishing (courses.signals)."""
    from django.template.loader import render_to_string

    from .completion import earned_by
    from .forms import CertificateNameForm

    earned = earned_by(request, enrollment)
    name_form = None
    if earned.certificate is None and not request.user.certificate_name:
        name_form = CertificateNameForm(instance=request.user)
    return render_to_string(
        "certificates/includes/completion_moment.html",
        {"earned": earned, "name_form": name_form, "on_completion_page": False},
        request=request,
    )


@hooks.register("trainings_session_page_sections")
def session_statement(request, session) -> str:
    """On a standalone session's page, for a person whose attendance earns credit there: their
    statement of attendance, or "Get your statement" (trainings.signals)."""
    from django.template.loader import render_to_string

    from trainings.credit import standalone_credit

    from .forms import CertificateNameForm
    from .models import AttendanceStatement
    from .statements import valid_statement

    user = request.user
    if session.course_id is not None or not user.is_authenticated:
        return ""
    statement = valid_statement(session, user)
    earned = None if statement else standalone_credit(session, user)
    revoked = None
    if statement is None:
        revoked = AttendanceStatement.objects.filter(
            session=session, learner=user, status=AttendanceStatement.Status.REVOKED
        ).first()
    if statement is None and earned is None and revoked is None:
        return ""
    context = {
        "session": session,
        "statement": statement,
        "hours": earned[1].hours.normalize() if earned else None,
        "revoked": revoked,
        "name_form": None if user.certificate_name else CertificateNameForm(instance=user),
    }
    return render_to_string(
        "certificates/includes/session_statement.html", context, request=request
    )


@hooks.register("register_log_actions")
def register_statement_log_actions(actions):
    for action, label in (
        ("certificates.statement_issue", _("Issue statement of attendance")),
        ("certificates.statement_revoke", _("Revoke statement of attendance")),
    ):
        actions.register_action(action, label, label)
