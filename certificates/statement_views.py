"""The learner's statement of attendance for a standalone session: get it (POST) and download.

The session's own page shows the section (``wagtail_hooks.session_statement``); "Get your
statement" posts here, with the name for certificates when it is missing, as a course's
completion page does. Only the person the statement is for may download it (404 for anyone
else, staff and managers included: a statement is the attendee's own paper).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from basics.codes import normalize_code
from trainings.permissions import get_session_for_viewer

from . import queueing, statements
from .forms import CertificateNameForm
from .models import AttendanceStatement
from .views import pdf_response


@require_POST
def get_statement(request, code):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("trainings:detail", args=[code]))
    session = get_session_for_viewer(request.user, code)
    if not request.user.certificate_name.strip():
        form = CertificateNameForm(request.POST, instance=request.user)
        if not form.is_valid():
            context = {"session": session, "name_form": form}
            return render(request, "certificates/statement_name.html", context, status=400)
        queueing.set_certificate_name(request.user, form.cleaned_data["certificate_name"])
    try:
        statement = statements.issue_statement(session, request.user)
    except statements.StatementError as error:
        messages.error(request, str(error))
    else:
        if statement is not None:
            messages.success(
                request, _("Your statement of attendance is ready. We also sent it by email.")
            )
    return redirect("trainings:detail", code=session.code)


@login_required
@require_GET
def download_statement(request, code):
    statement = get_object_or_404(
        AttendanceStatement, code=normalize_code(code)[:40], learner=request.user
    )
    return pdf_response(statement)
