"""Who may do what with certificates, answered once for views, templates and the admin.

Downloading follows the learner's records: the learner themself, managers of an organization
the learner shares records with, and site staff (``accounts.permissions.can_see_records_of``).
A certificate's status does not change who may download it. Everyone else gets 404.
Staff and managers count as such only in a session that has used a second factor
(``accounts.mfa``); until then they download their own certificates only.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import can_see_records_of, is_site_admin
from basics.codes import normalize_code
from courses.models import Enrollment

from .models import Certificate, NameCorrectionRequest


def can_download(user, certificate: Certificate) -> bool:
    if not user.is_authenticated:
        return False
    if certificate.learner_id is None:  # the learner's account was deleted
        return is_site_admin(user)
    return can_see_records_of(user, certificate.learner)


def get_certificate_for_download(user, code: str) -> Certificate:
    """The certificate with `code` if `user` may download it; 404 otherwise."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("course", "learner"), code=normalize_code(code)
    )
    if not can_download(user, certificate):
        raise Http404
    return certificate


def get_own_certificate(user, code: str) -> Certificate:
    """One of `user`'s own certificates (404 for anyone else's, staff included)."""
    return get_object_or_404(
        Certificate.objects.select_related("course", "replaces"),
        code=normalize_code(code),
        learner=user,
    )


def can_manage_certificates(user) -> bool:
    """Revoke, approve name corrections, preview: site staff only."""
    return is_site_admin(user)


def can_request_correction(user, certificate: Certificate) -> bool:
    return (
        user.is_authenticated
        and certificate.learner_id == user.pk
        and certificate.status in (Certificate.Status.VALID, Certificate.Status.EXPIRED)
        and not certificate.name_corrections.filter(
            status=NameCorrectionRequest.Status.PENDING
        ).exists()
    )


def get_own_completion(user, code: str) -> Enrollment:
    """One of `user`'s own completed enrolments (404 for anyone else's, and for a course not
    finished yet: there is nothing to collect)."""
    return get_object_or_404(
        Enrollment.objects.select_related("course", "user"),
        code=code,
        user=user,
        completed_at__isnull=False,
    )
