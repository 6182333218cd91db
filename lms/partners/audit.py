"""Audit actions for what managers take out of the site: exports and downloads.

Each entry is logged against the organization, names the manager as the user, and keeps the
filters used and how many certificates went out; never the learners' names or emails.
"""

from django.utils.translation import gettext_lazy as _

RECORDS_CSV = "partners.records_csv"
CERTIFICATES_ZIP = "partners.certificates_zip"
EXPORT_REQUEST = "partners.export_request"
EXPORT_DOWNLOAD = "partners.export_download"
CERTIFICATE_PDF = "partners.certificate_pdf"
COALITION_CSV = "partners.coalition_csv"

ACTIONS = [
    (
        RECORDS_CSV,
        _("Export training records"),
        _("Downloaded the training-records CSV (%(filter_text)s)"),
    ),
    (
        CERTIFICATES_ZIP,
        _("Download certificates ZIP"),
        _("Downloaded a ZIP of %(count)s certificate(s) (%(filter_text)s)"),
    ),
    (
        EXPORT_REQUEST,
        _("Request certificates ZIP"),
        _("Asked for a ZIP of %(count)s certificate(s) to be prepared (%(filter_text)s)"),
    ),
    (
        EXPORT_DOWNLOAD,
        _("Download prepared ZIP"),
        _("Downloaded the prepared ZIP %(export)s of %(count)s certificate(s) (%(filter_text)s)"),
    ),
    (
        CERTIFICATE_PDF,
        _("Download a certificate"),
        _("Downloaded certificate %(certificate)s"),
    ),
    (
        COALITION_CSV,
        _("Export coalition figures"),
        _("Downloaded the coalition figures CSV (%(filter_text)s)"),
    ),
]
