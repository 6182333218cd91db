"""An organization's live-training report for its managers, and one session's roster CSV.

The report opens with accounts.permissions.get_organization_for_manager (404 for outsiders,
403 for members who are not managers); the roster with get_session_to_run (the session's
facilitators, the hosting organization's managers, staff). Each roster download is in the
organization's audit trail (the session's code, never the people's names).
"""

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.audit import log_for_organization
from accounts.permissions import get_organization_for_manager
from basics.spreadsheets import csv_lines

from . import permissions, reports
from .audit import ROSTER_CSV


@login_required
@require_GET
def organization_report(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    return render(
        request,
        "trainings/report.html",
        {
            "organization": organization,
            "report": reports.organization_report(organization),
            "months": reports.REPORT_MONTHS,
        },
    )


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
