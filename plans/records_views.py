"""The organization's records page for its managers (/org/<slug>/records/): how long records
are kept (R13), and the audit export for a date range. Access as every manager page
(``get_organization_for_manager``); the export is audit-logged like other downloads."""

import tempfile

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.audit import log_for_organization
from accounts.permissions import get_organization_for_manager
from basics.dates import add_months

from . import audit, retention
from .forms import DateInput
from .models import RecordsPolicy, retention_years


class RetentionForm(forms.ModelForm):
    class Meta:
        model = RecordsPolicy
        fields = ["retention_years"]


class AuditRangeForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=DateInput)
    end = forms.DateField(label=gettext_lazy("To"), widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned


def _page(request, organization, *, retention_form=None, range_form=None, status=200):
    years = retention_years(organization)
    today = timezone.localdate()
    policy = RecordsPolicy(organization=organization, retention_years=years)
    return render(
        request,
        "plans/records.html",
        {
            "organization": organization,
            "years": years,
            "retention_form": retention_form or RetentionForm(instance=policy),
            "range_form": range_form
            or AuditRangeForm(initial={"start": add_months(today, -12 * years), "end": today}),
        },
        status=status,
    )


@login_required
@require_GET
def records(request, slug):
    return _page(request, get_organization_for_manager(request.user, slug))


@login_required
@require_POST
def set_retention(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    policy = RecordsPolicy.objects.filter(organization=organization).first()
    form = RetentionForm(request.POST, instance=policy or RecordsPolicy(organization=organization))
    if not form.is_valid():
        return _page(request, organization, retention_form=form, status=400)
    saved = form.save()
    log_for_organization(
        organization, audit.RETENTION_SET, by=request.user, years=saved.retention_years
    )
    messages.success(
        request,
        _("Records are kept for %(years)s years.") % {"years": saved.retention_years},
    )
    return redirect("plans:records", slug=slug)


@login_required
@require_GET
def audit_zip(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    form = AuditRangeForm(request.GET)
    if not form.is_valid():
        return _page(request, organization, range_form=form, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    # FileResponse closes the file once it is sent (to disk past 1 MB: memory stays flat).
    spool = tempfile.SpooledTemporaryFile(max_size=retention.IN_MEMORY)  # noqa: SIM115
    counts = retention.write_audit_zip(organization, start, end, spool)
    spool.seek(0)
    log_for_organization(
        organization,
        audit.AUDIT_EXPORT,
        by=request.user,
        start=start.isoformat(),
        end=end.isoformat(),
        count=sum(counts.values()),
    )
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=f"{organization.slug}-audit-{start:%Y%m%d}-{end:%Y%m%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
