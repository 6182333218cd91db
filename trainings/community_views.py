"""Recording a community training from its sign-in sheet, and printing its claim codes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from . import community, permissions, sheets
from .community_forms import CommunityTrainingForm
from .models import Attendance


def _sheet_page(request, form, status=200):
    context = {"form": form, "max_rows": sheets.MAX_ROWS}
    return render(request, "trainings/sheet_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def new_sheet(request):
    organizations = permissions.get_organizations_to_schedule_for(request.user)
    if request.method == "GET":
        return _sheet_page(request, CommunityTrainingForm(organizations=organizations))
    form = CommunityTrainingForm(request.POST, request.FILES, organizations=organizations)
    if not form.is_valid():
        return _sheet_page(request, form)
    session = community.record_sheet(
        details=form.cleaned_data,
        facilitators=form.cleaned_data["facilitators"],
        rows=form.rows,
        recorder=request.user,
    )
    invited = sum(1 for row in form.rows if row.email)
    messages.success(
        request,
        ngettext(
            "The training and its %(count)s participant are recorded.",
            "The training and its %(count)s participants are recorded.",
            len(form.rows),
        )
        % {"count": len(form.rows)}
        + " "
        + ngettext(
            "We emailed %(invited)s person a link to claim their record.",
            "We emailed %(invited)s people a link to claim their record.",
            invited,
        )
        % {"invited": invited},
    )
    return redirect("trainings:claim_codes", code=session.code)


@login_required
@require_GET
def claim_codes(request, code):
    """Cards to print and hand out: each unclaimed record's name and claim code."""
    session = permissions.get_session_to_run(request.user, code)
    unclaimed = (
        Attendance.objects.current()
        .filter(session=session, person__isnull=True, claim_code__isnull=False)
        .order_by("name", "pk")
    )
    return render(
        request,
        "trainings/claim_codes.html",
        {
            "session": session,
            "unclaimed": unclaimed,
            "claim_address": community.claim_url("").split("?")[0],
        },
    )
