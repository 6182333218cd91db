"""Sample certificates for the admin's "Preview certificate": the real template, made-up data."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from basics.dates import add_months
from courses.choices import DeliveryFormat

from .branding import branding_for
from .models import Certificate
from .models.records import new_certificate_code
from .rendering import document_for, render_pdf
from .services import approvals_for, course_language, document_kind_for

SAMPLE_NAME = "María-José Ñúñez Łukasik"


def sample_certificate(course=None) -> Certificate:
    """An unsaved certificate with sample data; with `course`, that course's real details,
    approvals and branding (its per-course override, if any)."""
    today = timezone.localdate()
    branding = branding_for(course)
    approvals = approvals_for(course, today) if course is not None else []
    language = course_language(course) if course is not None else translation.get_language()
    with translation.override(language):
        if course is not None:
            title, hours = course.title, course.contact_hours
            delivery = str(DeliveryFormat(course.delivery_format).label)
            months = course.certificate_validity_months
        else:
            title, hours = _("Naloxone: recognizing and responding to an overdose"), Decimal("1.5")
            delivery, months = str(DeliveryFormat.SELF_PACED.label), 24
        approval_rows = [
            {
                "body": a.approving_body,
                "provider_number": a.provider_number,
                "statement": a.statement,
            }
            for a in approvals
        ] or [
            {
                "body": _("Approving body"),
                "provider_number": "000000",
                "statement": _("The approval statement of each approval is printed here."),
            }
        ]
    return Certificate(
        code=new_certificate_code(),
        course=course,
        completed_at=timezone.now(),
        kind=document_kind_for(approvals, lambda: branding.default_kind),
        learner_name=SAMPLE_NAME,
        course_title=title,
        contact_hours=hours,
        delivery_format=delivery,
        completion_date=today,
        approvals=approval_rows,
        issuer_name=branding.issuer_name,
        issuer_address=branding.issuer_address,
        issuer_contact=branding.issuer_contact,
        signatory_name=branding.signatory_name or _("Signatory name"),
        signatory_title=branding.signatory_title or _("Signatory title"),
        retention_statement=branding.retention_statement,
        language=language,
        valid_until=add_months(today, months) if months else None,
        issued_at=timezone.now(),
    )


def preview_pdf(course=None) -> bytes:
    certificate = sample_certificate(course)
    return render_pdf(document_for(certificate, branding=branding_for(course), is_preview=True))
