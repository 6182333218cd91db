"""Read-only questions about certificates, for views, templates and the dashboard."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import BooleanField, Case, Exists, OuterRef, Value, When
from django.utils import timezone

from courses.models import Enrollment

from .models import Certificate

RENEWAL_WINDOW_DAYS = 60


def statements_for_learner(user) -> list:
    """The learner's statements of attendance for standalone sessions, newest session first,
    valid and revoked (a revoked one says so and is no longer offered for download)."""
    from .models.statements import AttendanceStatement

    if not user.is_authenticated:
        return []
    return list(AttendanceStatement.objects.filter(learner=user).order_by("-session_start", "-pk"))


def certificates_for_learner(user) -> list[Certificate]:
    """The learner's certificates, newest first: valid, expired and revoked, not superseded
    versions (a corrected certificate shows once, as its newest version).

    Each has ``renewable`` set (see :func:`can_renew`) for the "Renew" link.
    """
    if not user.is_authenticated:
        return []
    # No select_related: the list shows what the certificate holds itself (course title,
    # dates, code), and joining the course's page rows cost more to build than the query.
    certificates = list(
        Certificate.objects.current().filter(learner=user).order_by("-issued_at", "-id")
    )
    latest_completion = {}
    for certificate in certificates:
        course_id = certificate.course_id
        latest_completion[course_id] = max(
            latest_completion.get(course_id, certificate.completed_at), certificate.completed_at
        )
    today = timezone.localdate()
    for certificate in certificates:
        certificate.renewable = (
            renewal_is_open(certificate, today)
            and certificate.completed_at == latest_completion[certificate.course_id]
        )
    return certificates


def completions_without_certificate(user=None):
    """Completed enrolments (the learner's, or everyone's) that have no current certificate yet.

    Each has ``may_ask_again``: whether the learner may ask for it again (recovery).
    """
    has_certificate = Certificate.objects.current().filter(
        enrollment=OuterRef("pk"), completed_at=OuterRef("completed_at")
    )
    waiting = Enrollment.objects.filter(completed_at__isnull=False)
    if user is not None:
        waiting = waiting.filter(user=user)
    ask_again_from = timezone.now() - datetime.timedelta(
        minutes=settings.CERTIFICATE_ASK_AGAIN_AFTER_MINUTES
    )
    return (
        waiting.exclude(Exists(has_certificate))
        .annotate(
            may_ask_again=Case(
                When(completed_at__lte=ask_again_from, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("course")
        .order_by("-completed_at")
    )


def renewal_opens_on(certificate: Certificate) -> datetime.date | None:
    if certificate.valid_until is None:
        return None
    return certificate.valid_until - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)


def renewal_is_open(certificate: Certificate, today: datetime.date) -> bool:
    """The certificate itself allows a renewal: it expires, is valid or expired (not revoked or
    replaced), and today is on or after the day renewal opens."""
    opens = renewal_opens_on(certificate)
    return (
        opens is not None
        and today >= opens
        and certificate.current_status(today)
        in (Certificate.Status.VALID, Certificate.Status.EXPIRED)
    )


def can_renew(certificate: Certificate, today: datetime.date | None = None) -> bool:
    """A learner may retake the course once the certificate is expired or within 60 days of it,
    unless they already hold a newer certificate for the course."""
    today = today or timezone.localdate()
    if not renewal_is_open(certificate, today):
        return False
    return not (
        Certificate.objects.current()
        .filter(learner_id=certificate.learner_id, course_id=certificate.course_id)
        .filter(completed_at__gt=certificate.completed_at)
        .exists()
    )
