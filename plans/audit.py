"""Audit actions for the plan pages: plans changed and compliance downloads (no names kept)."""

from django.utils.translation import gettext_lazy as _

PLAN_SAVE = "plans.plan_save"
COMPLIANCE_CSV = "plans.compliance_csv"
COMPLIANCE_XLSX = "plans.compliance_xlsx"

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
]
