"""Live sessions in the CMS: trainers and site admins schedule them (add, change, view).

Access follows the model permissions the ``0002_trainers_author_sessions`` migration grants;
nobody deletes a session here (cancel it: its registrations stay on record).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from accounts import audit as accounts_audit
from accounts.models import Organization
from courses.signals import OUTSIDE_REQUIREMENTS_HOOK

from . import audit, credit
from .forms import TrainingSessionForm
from .models import TrainingSession


class TrainingSessionViewSet(ModelViewSet):
    model = TrainingSession
    icon = "date"
    menu_label = _("Live trainings")
    menu_order = 340
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["title", "start", "organization", "format", "capacity", "status"]
    list_filter = ["status", "format", "organization"]
    search_fields = ["title", "address"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            PageChooserPanel("course", "courses.CoursePage"),
            FieldPanel("organization"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                    FieldPanel("time_zone"),
                ],
                heading=_("When"),
                help_text=_("Type the times as they are where the session happens."),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("format"),
                    FieldPanel("address"),
                    FieldPanel("room"),
                    FieldPanel("accessibility_notes"),
                    FieldPanel("meeting_link"),
                ],
                heading=_("Where"),
            ),
            FieldRowPanel([FieldPanel("capacity"), FieldPanel("contact_hours")]),
            InlinePanel(
                "hours_by_category",
                heading=_("Hours by category"),
                label=_("Hours in a category"),
                help_text=_(
                    "The part of the contact hours a board counts as ethics, harm reduction "
                    "and so on. Together no more than the contact hours; the rest count only "
                    "toward a total."
                ),
            ),
            FieldPanel("language"),
            MultiFieldPanel(
                [FieldPanel("facilitators")],
                heading=_("Facilitators"),
                help_text=_(
                    "The people who run the session: they see its roster and check people in."
                ),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                    ),
                    FieldPanel("invitation_only"),
                ],
                heading=_("Registration"),
            ),
            FieldPanel("status"),
        ],
        base_form_class=TrainingSessionForm,
    )


@hooks.register("register_admin_viewset")
def register_training_session_viewset():
    return TrainingSessionViewSet("trainings_session")


@hooks.register("before_delete_snippet")
def keep_organizations_that_host_sessions(request, instances):
    """An organization that hosts sessions is not deleted: its sessions' registrations (and
    later attendance) are records people rely on. The admin says so instead of failing."""
    hosting = [
        each
        for each in instances
        if isinstance(each, Organization)
        and TrainingSession.objects.filter(organization=each).exists()
    ]
    if not hosting:
        return None
    messages.error(
        request,
        ngettext(
            "%(names)s hosts live training sessions, so it cannot be deleted.",
            "%(names)s host live training sessions, so they cannot be deleted.",
            len(hosting),
        )
        % {"names": ", ".join(each.name for each in hosting)},
    )
    return redirect("wagtailsnippets_accounts_organization:list")


# A blended (or live) course needs attendance besides its online part (trainings.credit).
hooks.register(OUTSIDE_REQUIREMENTS_HOOK, credit.attendance_requirements)


@hooks.register("register_log_actions")
def register_closing_log_actions(actions):
    for action, label in (
        ("trainings.marks", _("Final marks saved")),
        ("trainings.close", _("Session closed")),
        ("trainings.correct_mark", _("Attendance corrected")),
    ):
        actions.register_action(action)(type("Formatter", (LogFormatter,), {"label": label}))


@hooks.register("register_log_actions")
def register_training_log_actions(actions):
    accounts_audit.register_actions(actions, audit.ACTIONS)
