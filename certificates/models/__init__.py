"""Certificate records: approvals, issued certificates, corrections, reminders and settings."""

from .approvals import Approval, DocumentKind, validate_no_certification_claim
from .records import (
    CODE_LENGTH,
    Certificate,
    ExpiryReminder,
    NameCorrectionRequest,
)
from .settings import CertificateSettings, CourseCertificateSettings, PageSize
from .statements import AttendanceStatement

__all__ = [
    "CODE_LENGTH",
    "Approval",
    "AttendanceStatement",
    "Certificate",
    "CertificateSettings",
    "CourseCertificateSettings",
    "DocumentKind",
    "ExpiryReminder",
    "NameCorrectionRequest",
    "PageSize",
    "validate_no_certification_claim",
]
