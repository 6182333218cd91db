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
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.models import Organization

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
            FieldPanel("language"),
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
