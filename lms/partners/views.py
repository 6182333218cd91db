"""Partner pages for an organization's managers, and figures for a coalition's managers.

Each view opens with ``accounts.permissions.get_organization_for_manager`` (404 for outsiders,
403 for members who are not managers) or ``get_coalition_for_manager``; every person and
certificate shown or exported comes through ``visible_members`` inside the query modules.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.audit import log_for_organization
from accounts.permissions import (
    get_organization_and_members_for_manager,
    get_organization_for_manager,
    visible_members,
)
from basics.dates import add_months
from basics.spreadsheets import csv_lines
from certificates.views import pdf_response
from courses import page_cache
from lms.models import PartnerExport

from . import audit, background, coalition, coalition_sessions, exports, tasks
from .certificate_queries import (
    filtered_certificates,
    get_certificate_for_manager,
    with_states,
)
from .chart import certificates_chart
from .filters import (
    QUARTERS_OFFERED,
    CertificateFilterForm,
    QuarterForm,
    StaffFilterForm,
    quarter_key,
    quarter_start,
)
from .permissions import get_coalition_for_manager
from .queries import offered_courses, staff_page, training_records
from .suppression import min_cell_size

logger = logging.getLogger(__name__)


def _note_download(request, organization, action: str, **data) -> None:
    """Who took people's records out of the site, when, and with which filters: in the app log
    and in the audit trail site admins read (ids and codes only, no names)."""
    logger.info(
        "Partner download: user %s, %s of organization %s %s",
        request.user.pk,
        action,
        organization.slug,
        data,
    )
    log_for_organization(organization, action, by=request.user, **data)


def _query(values: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(values)
    return query


def _sort_links(form, columns) -> dict:
    """For each sortable column: the sort value its link sets, and its aria-sort state."""
    current = form.sort_key
    links = {}
    for column in columns:
        if current == column:
            links[column] = {"next": "-" + column, "state": "ascending"}
        elif current == "-" + column:
            links[column] = {"next": column, "state": "descending"}
        else:
            links[column] = {"next": column, "state": "none"}
    return links


@login_required
@require_GET
def staff(request, slug):
    organization, members = get_organization_and_members_for_manager(request.user, slug)
    courses = offered_courses(members)
    form = StaffFilterForm(request.GET, courses=courses)
    page = staff_page(members, form, courses, request.GET.get("page"))
    return render(
        request,
        "lms/partners/staff.html",
        {
            "organization": organization,
            "form": form,
            "filter_form_key": _filter_form_key(organization, form, courses),
            "result": page,
            "sort_links": _sort_links(form, StaffFilterForm.SORTS),
        },
    )


def _filter_form_key(organization, form, courses) -> str:
    """Everything the drawn filter form depends on, for the template's fragment cache: the
    page tree's generation (course titles), the courses offered, the language, the address and
    the filters asked for (their errors follow from them). The page number is not in it."""
    asked = sorted(
        (name, value) for name, values in form.data.lists() if name != "page" for value in values
    )
    return ":".join(
        [
            page_cache.generation(),
            organization.slug,
            translation.get_language() or "",
            ",".join(str(course.pk) for course in courses),
            urlencode(asked),
        ]
    )


@login_required
@require_GET
def records_csv(request, slug):
    organization, members = get_organization_and_members_for_manager(request.user, slug)
    courses = offered_courses(members)
    form = StaffFilterForm(request.GET, courses=courses)
    rows = training_records(members, form, courses)
    _note_download(request, organization, audit.RECORDS_CSV, filters=form.as_filters())
    return exports.streaming_response(
        exports.records_csv(rows),
        content_type="text/csv; charset=utf-8",
        filename=exports.download_name(organization.slug, "training-records", extension="csv"),
    )


def _certificate_form(request, organization, data):
    courses = offered_courses(visible_members(request.user, organization))
    return CertificateFilterForm(data, courses=courses)


@login_required
@require_GET
def certificates(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    form = _certificate_form(request, organization, request.GET)
    matching = filtered_certificates(request.user, organization, form).select_related("learner")
    page = Paginator(matching, form.page_size).get_page(request.GET.get("page"))
    page.object_list = with_states(page.object_list)
    return render(
        request,
        "lms/partners/certificates.html",
        {
            "organization": organization,
            "form": form,
            "page": page,
            "sort_links": _sort_links(form, CertificateFilterForm.SORTS),
            "zip_query": _query(form.as_filters()),
            "threshold": settings.PARTNER_ZIP_BACKGROUND_THRESHOLD,
            "exports": PartnerExport.objects.filter(
                organization=organization, requested_by=request.user
            )[:5],
        },
    )


@login_required
@require_GET
def certificate_download(request, slug, code):
    organization = get_organization_for_manager(request.user, slug)
    certificate = get_certificate_for_manager(request.user, organization, code)
    _note_download(
        request, organization, audit.CERTIFICATE_PDF, certificate=certificate.display_code
    )
    return pdf_response(certificate)


@login_required
@require_GET
def certificates_zip(request, slug):
    """Stream the ZIP at once, or, above the threshold, offer to prepare it in the background."""
    organization = get_organization_for_manager(request.user, slug)
    form = _certificate_form(request, organization, request.GET)
    matching = filtered_certificates(request.user, organization, form)
    total = matching.count()
    if total > settings.PARTNER_ZIP_BACKGROUND_THRESHOLD:
        return render(
            request,
            "lms/partners/prepare_zip.html",
            {"organization": organization, "form": form, "total": total},
        )
    _note_download(
        request, organization, audit.CERTIFICATES_ZIP, filters=form.as_filters(), count=total
    )
    return exports.streaming_response(
        exports.stream_zip(exports.zip_items(matching)),
        content_type="application/zip",
        filename=exports.download_name(organization.slug, "certificates", extension="zip"),
    )


@login_required
@require_POST
def request_export(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    form = _certificate_form(request, organization, request.POST)
    total = filtered_certificates(request.user, organization, form).count()
    export = tasks.request_export(request.user, organization, form.as_filters(), total)
    _note_download(
        request,
        organization,
        audit.EXPORT_REQUEST,
        filters=export.filters,
        count=total,
        export=export.code,
    )
    return redirect("partners:export", slug=organization.slug, code=export.code)


def _export_for(request, slug, code):
    organization = get_organization_for_manager(request.user, slug)
    return get_object_or_404(
        PartnerExport.objects.select_related("organization"),
        organization=organization,
        code=code,
    )


@login_required
@require_GET
def export(request, slug, code):
    job = _export_for(request, slug, code)
    return render(
        request,
        "lms/partners/export.html",
        {
            "organization": job.organization,
            "export": job,
            "status": background.shown_status(request.user, job),
        },
    )


@login_required
@require_GET
def export_download(request, slug, code):
    job = _export_for(request, slug, code)
    if background.shown_status(request.user, job) != PartnerExport.Status.READY:
        messages.info(request, _("This file is no longer available. Please prepare a new one."))
        return redirect("partners:export", slug=job.organization.slug, code=job.code)
    _note_download(
        request,
        job.organization,
        audit.EXPORT_DOWNLOAD,
        filters=job.filters,
        count=job.total,
        export=job.code,
    )
    try:
        file = job.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        file,
        as_attachment=True,
        filename=job.file.name.rsplit("/", 1)[-1],
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


class BadPeriod(Exception):
    """The period asked for is not one the coalition figures offer; the message says why."""


def _quarters_offered(today=None) -> list:
    """This calendar quarter and the ones before it, newest first."""
    this_quarter = quarter_start(today or timezone.localdate())
    return [add_months(this_quarter, -3 * back) for back in range(QUARTERS_OFFERED)]


def _coalition_figures(request, slug):
    organization = get_coalition_for_manager(request.user, slug)
    form = QuarterForm(request.GET, quarters=_quarters_offered())
    if not form.is_valid():
        raise BadPeriod(form.problem())
    period = coalition.Period.quarter(form.chosen())
    return organization, form, coalition.coalition_figures(organization, period)


def _bad_period(request, slug, message: str, *, as_text: bool):
    if as_text:
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    organization = get_coalition_for_manager(request.user, slug)
    form = QuarterForm({}, quarters=_quarters_offered())
    context = {"organization": organization, "form": form, "period_problem": message}
    return render(request, "lms/partners/coalition_bad_period.html", context, status=400)


@login_required
@require_GET
def coalition_page(request, slug):
    try:
        organization, form, figures = _coalition_figures(request, slug)
    except BadPeriod as problem:
        return _bad_period(request, slug, str(problem), as_text=False)
    session_rows, session_total = coalition_sessions.session_figures(organization, figures.period)
    chart = certificates_chart(
        figures.period.months,
        [course.title for course in figures.chart_courses],
        figures.chart_rows,
    )
    return render(
        request,
        "lms/partners/coalition.html",
        {
            "organization": organization,
            "form": form,
            "figures": figures,
            "chart": chart,
            "chart_table": list(zip(figures.chart_courses, figures.chart_rows, strict=True)),
            "min_cell": min_cell_size(),
            "session_rows": session_rows,
            "session_total": session_total,
        },
    )


@login_required
@require_GET
def coalition_csv(request, slug):
    try:
        organization, _form, figures = _coalition_figures(request, slug)
    except BadPeriod as problem:
        return _bad_period(request, slug, str(problem), as_text=True)
    _note_download(
        request,
        organization,
        audit.COALITION_CSV,
        filters={"quarter": quarter_key(figures.period.first_month)},
    )
    session_rows, session_total = coalition_sessions.session_figures(organization, figures.period)
    return exports.streaming_response(
        csv_lines(
            coalition_sessions.csv_header(coalition.figures_header()),
            coalition_sessions.csv_rows(
                coalition.figures_rows(figures), session_rows, session_total
            ),
        ),
        content_type="text/csv; charset=utf-8",
        filename=exports.download_name(organization.slug, "coalition-figures", extension="csv"),
    )
