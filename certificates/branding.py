"""Who issues and signs a course's certificates: site settings, overridden per course."""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Site

from .models import CertificateSettings, CourseCertificateSettings, DocumentKind, PageSize


@dataclass
class Branding:
    issuer_name: str
    issuer_address: str
    issuer_contact: str
    signatory_name: str
    signatory_title: str
    retention_statement: str
    default_kind: str = DocumentKind.COMPLETION
    page_size: str = PageSize.LETTER
    logo: object | None = None  # a Wagtail image
    signature: object | None = None


def site_settings_for(course=None) -> CertificateSettings:
    """The certificate settings of the course's site (or the default site)."""
    site = course.get_site() if course is not None and course.pk else None
    site = site or Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return CertificateSettings()
    return CertificateSettings.for_site(site)


def branding_for(course=None) -> Branding:
    """Site settings with the course's own certificate settings laid over them, field by field."""
    base = site_settings_for(course)
    override = None
    if course is not None and course.pk:
        override = CourseCertificateSettings.objects.filter(course=course).first()

    def pick(name):
        value = getattr(override, name, None) if override else None
        return value or getattr(base, name)

    return Branding(
        issuer_name=pick("issuer_name"),
        issuer_address=pick("issuer_address"),
        issuer_contact=pick("issuer_contact"),
        signatory_name=pick("signatory_name"),
        signatory_title=pick("signatory_title"),
        retention_statement=base.retention_statement,
        default_kind=base.default_kind,
        page_size=base.page_size,
        logo=pick("logo"),
        signature=pick("signature"),
    )
