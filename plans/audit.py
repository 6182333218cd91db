"""Audit actions for the plan pages: plans and templates changed or copied, and compliance
downloads (no names kept)."""

from django.utils.translation import gettext_lazy as _

PLAN_SAVE = "plans.plan_save"
COMPLIANCE_CSV = "plans.compliance_csv"
COMPLIANCE_XLSX = "plans.compliance_xlsx"
TEMPLATE_SAVE = "plans.template_save"
TEMPLATE_COPY = "plans.template_copy"
RETENTION_SET = "plans.retention_set"
AUDIT_EXPORT = "plans.audit_export"

ACTIONS = [
    (PLAN_SAVE, _("Save training plan"), _("Training plan %(plan)s saved")),
    (
        COMPLIANCE_CSV,
        _("Export plan compliance (CSV)"),
        _("Downloaded the compliance CSV of plan %(plan)s (%(count)s rows)"),
    ),
    (
        COMPLIANCE_XLSX,
        _("Export plan compliance (XLSX)"),
        _("Downloaded the compliance XLSX of plan %(plan)s (%(count)s rows)"),
    ),
    (TEMPLATE_SAVE, _("Save plan template"), _("Plan template %(template)s saved")),
    (
        TEMPLATE_COPY,
        _("Copy plan template"),
        _("Training plan %(plan)s copied from template %(template)s"),
    ),
    (RETENTION_SET, _("Set record retention"), _("Records kept for %(years)s years")),
    (
        AUDIT_EXPORT,
        _("Download audit export"),
        _("Downloaded the audit export from %(start)s to %(end)s (%(count)s rows)"),
    ),
]
