"""The moment a learner finishes a course: what they earned, and the email that says so.

The courses app shows this on the page a learner lands on after their last required step (the
``courses_completion_moment`` hook, registered in ``wagtail_hooks``); the learner's own
completion page (``views.completed``) collects the name for certificates when it is missing,
issues the certificate and shows its PDF and verification link. The email goes once per
certificate issued for a completion (``services.issue_certificate`` calls
:func:`announce_certificate` after the commit that created it), so a refresh, a second press of
"Get your certificate" or a second completion signal for the same cycle sends nothing more.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.language import in_language_of
from basics.links import absolute_url
from basics.numbers import plain_number
from courses.models import Enrollment

from .hours import hours_for
from .languages import course_title_in
from .models import Certificate, CertificateSettings, DocumentKind
from .rendering import verification_url

logger = logging.getLogger(__name__)


@dataclass
class Earned:
    """What a completed enrolment earned: the document's kind, the course, its hours, and the
    certificate when it has been issued."""

    enrollment: Enrollment
    kind: str
    course_title: str
    hours: str
    certificate: Certificate | None

    @property
    def is_attendance(self) -> bool:
        return self.kind == DocumentKind.ATTENDANCE

    @property
    def verify_url(self) -> str:
        return printed_verification_url(self.certificate) if self.certificate else ""


def certificate_of(enrollment: Enrollment) -> Certificate | None:
    """The current certificate of this enrolment's completion, if it is issued."""
    return (
        Certificate.objects.current()
        .for_completion(enrollment.pk, enrollment.completed_at)
        .select_related("course")
        .first()
    )


def earned_by(request, enrollment: Enrollment) -> Earned:
    """What `enrollment` (completed, with its course) earned: the issued certificate's own
    record when there is one, else what it will say (the approvals on the completion date;
    without any, the default kind in the settings of the site `request` is on)."""
    from .services import approvals_for, document_kind_for  # the PDF renderer loads lazily

    certificate = certificate_of(enrollment)
    if certificate is not None:
        return Earned(
            enrollment,
            certificate.kind,
            certificate.course_title,
            certificate.hours_display,
            certificate,
        )
    course = enrollment.course
    approvals = approvals_for(course, timezone.localdate(enrollment.completed_at))
    return Earned(
        enrollment,
        document_kind_for(approvals, lambda: CertificateSettings.for_request(request).default_kind),
        # As the page the learner is reading names the course (its Spanish version on /es/).
        course_title_in(course, translation.get_language() or ""),
        plain_number(hours_for(enrollment)[0]),
        None,
    )


def completion_page_path(enrollment: Enrollment) -> str:
    """The learner's page for this completion, in the active language."""
    return reverse("certificates:completed", args=[enrollment.code])


def printed_verification_url(certificate: Certificate) -> str:
    """The verification address exactly as the certificate prints it (its own language)."""
    with translation.override(certificate.language):
        return verification_url(certificate.code)


def announce_certificate(certificate_id: int) -> None:
    """Email the learner that their certificate is ready: the course, what it is, a link to
    their completion page and the verification address. In the learner's language."""
    certificate = (
        Certificate.objects.select_related("learner", "enrollment", "course")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None or certificate.learner is None or certificate.enrollment is None:
        return
    learner = certificate.learner
    if not learner.is_active or not learner.email:
        return
    verify_url = printed_verification_url(certificate)
    with in_language_of(learner, fallback=certificate.language):
        context = {
            "certificate": certificate,
            "learner": learner,
            # The course as the learner reads it, even when the certificate prints in English.
            "course_title": course_title_in(certificate.course, translation.get_language() or "")
            if certificate.course is not None
            else certificate.course_title,
            "kind": DocumentKind(certificate.kind).label,
            "certificate_url": absolute_url(completion_page_path(certificate.enrollment)),
            "verify_url": verify_url,
        }
        subject = render_to_string("certificates/email/certificate_ready_subject.txt", context)
        body = render_to_string("certificates/email/certificate_ready_message.txt", context)
    send_mail(" ".join(subject.split()), body, None, [learner.email])
