"""An organization's live-training report for its managers (the months it covers chosen on a
GET form, the same figures as CSV), and one session's roster CSV.

The report opens with accounts.permissions.get_organization_for_manager (404 for outsiders,
403 for members who are not managers); the roster with get_session_to_run (the session's
facilitators, the hosting organization's managers, staff). Each roster download is in the
organization's audit trail (the session's code, never the people's names).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.audit import log_for_organization
from accounts.permissions import get_organization_for_manager
from basics.spreadsheets import csv_lines

from . import permissions, reports
from .audit import ROSTER_CSV
from .report_forms import ReportWindowForm, months_in


def _window(request):
    form = ReportWindowForm(request.GET)
    return form, (form.window() if not form.is_bound or form.is_valid() else None)


@login_required
@require_GET
def organization_report(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    form, window = _window(request)
    context = {"organization": organization, "form": form, "report": None}
    if window is None:
        return render(request, "trainings/report.html", context, status=400)
    first, last = window
    context["report"] = reports.organization_report(
        organization, first_month=first, last_month=last
    )
    context["months"] = months_in(first, last)
    context["csv_query"] = form.query()
    return render(request, "trainings/report.html", context)


@login_required
@require_GET
def organization_report_csv(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    form, window = _window(request)
    if window is None:
        problems = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    first, last = window
    report = reports.organization_report(organization, first_month=first, last_month=last)
    response = StreamingHttpResponse(
        csv_lines(reports.report_header(), reports.report_rows(report)),
        content_type="text/csv; charset=utf-8",
    )
    name = f"trainings-{organization.slug}-{first:%Y-%m}-to-{last:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def roster_csv(request, code):
    session = permissions.get_session_to_run(request.user, code)
    log_for_organization(session.organization, ROSTER_CSV, by=request.user, session=session.code)
    response = StreamingHttpResponse(
        csv_lines(reports.roster_header(), reports.roster_rows(session)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="roster-{session.code}-{stamp}.csv"'
    # People's names and contacts: never kept by a browser or a proxy.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
