"""Facilitators' and managers' pages on the public site: the sessions they run, and the form
to schedule or change one for their own organization (the CMS form's rules, trainings.forms).

Every view opens with a helper of trainings.permissions (403 without the role, 404 for a
session the person may not see, the second-factor step for a role not yet confirmed).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import permissions
from .forms import FacilitatorSessionForm
from .models import TrainingSession


@login_required
@require_GET
def sessions_i_run(request):
    organizations = permissions.get_organizations_to_schedule_for(request.user)
    sessions = list(permissions.sessions_run_by(request.user, organizations)[:300])
    now = timezone.now()
    return render(
        request,
        "trainings/sessions_i_run.html",
        {
            "organizations": organizations,
            "upcoming": [each for each in reversed(sessions) if each.end > now],
            "past": [each for each in sessions if each.end <= now],
        },
    )


def _session_form_page(request, form, session=None):
    return render(request, "trainings/session_form.html", {"form": form, "session": session})


@login_required
@require_http_methods(["GET", "POST"])
def new_session(request):
    organizations = permissions.get_organizations_to_schedule_for(request.user)
    if request.method == "GET":
        form = FacilitatorSessionForm(
            organizations=organizations, initial={"facilitators": [request.user.pk]}
        )
        return _session_form_page(request, form)
    form = FacilitatorSessionForm(request.POST, organizations=organizations)
    if not form.is_valid():
        return _session_form_page(request, form)
    with transaction.atomic():
        session = form.save()
        # Whoever schedules a session runs it, whichever colleagues they chose besides.
        session.facilitators.add(request.user)
    messages.success(request, _("The session is scheduled. People can find it and register."))
    return redirect("trainings:detail", code=session.code)


@login_required
@require_http_methods(["GET", "POST"])
def edit_session(request, code):
    session = permissions.get_session_to_edit(request.user, code)
    if session.status == TrainingSession.Status.CLOSED:
        # Its attendance is on record now; a correction goes through the closed session's page.
        messages.error(request, _("This session is closed, so it cannot be changed."))
        return redirect("trainings:detail", code=session.code)
    organizations = permissions.get_organizations_to_schedule_for(request.user)
    if request.method == "GET":
        form = FacilitatorSessionForm(instance=session, organizations=organizations)
        return _session_form_page(request, form, session)
    form = FacilitatorSessionForm(request.POST, instance=session, organizations=organizations)
    if not form.is_valid():
        return _session_form_page(request, form, session)
    form.save()
    messages.success(request, _("Your changes to the session are saved."))
    return redirect("trainings:detail", code=session.code)
