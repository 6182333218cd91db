"""Where a member stands in a course, and what state a certificate is in, for managers.

One definition used three ways: to label a cell on the staff page (Python), to filter members
and certificates by status (database ``Q`` objects), and to fill the CSV's status column. The
"expiring" window is the learner's renewal window (60 days), so a manager sees "expiring" from
the day the learner is offered renewal.
"""

import datetime

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from certificates.selectors import RENEWAL_WINDOW_DAYS
from courses.models import Enrollment

EXPIRING_WITHIN_DAYS = RENEWAL_WINDOW_DAYS


class TrainingStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed, no certificate yet")
    VALID = "valid", _("Certificate valid")
    EXPIRING = "expiring", _("Certificate expiring within 60 days")
    EXPIRED = "expired", _("Certificate expired")


class CertificateState(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring within 60 days")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


def _horizon(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)


def state_of(status: str, valid_until: datetime.date | None, today: datetime.date) -> str:
    """A current (not superseded) certificate's state as of `today`, from its two fields.

    Expired as ``Certificate.status_on`` decides it; "expiring" adds the renewal window.
    """
    status = Certificate.status_on(status, valid_until, today)
    if status == Certificate.Status.REVOKED:
        return CertificateState.REVOKED
    if status == Certificate.Status.EXPIRED:
        return CertificateState.EXPIRED
    if valid_until is not None and valid_until <= _horizon(today):
        return CertificateState.EXPIRING
    return CertificateState.VALID


def certificate_state(certificate: Certificate, today: datetime.date) -> str:
    return state_of(certificate.status, certificate.valid_until, today)


def certificate_state_q(state: str, today: datetime.date, prefix: str = "") -> Q:
    """The certificates (reached through `prefix`) in `state` as of `today`."""
    status, valid_until = f"{prefix}status", f"{prefix}valid_until"
    valid = Certificate.Status.VALID
    if state == CertificateState.VALID:
        return Q(**{status: valid}) & (
            Q(**{f"{valid_until}__isnull": True}) | Q(**{f"{valid_until}__gt": _horizon(today)})
        )
    if state == CertificateState.EXPIRING:
        return Q(**{status: valid, f"{valid_until}__gte": today}) & Q(
            **{f"{valid_until}__lte": _horizon(today)}
        )
    if state == CertificateState.EXPIRED:
        return Q(**{status: Certificate.Status.EXPIRED}) | Q(
            **{status: valid, f"{valid_until}__lt": today}
        )
    if state == CertificateState.REVOKED:
        return Q(**{status: Certificate.Status.REVOKED})
    raise ValueError(state)


def counted_certificates():
    """Certificates that stand for a completion: the newest version, not revoked."""
    return Certificate.objects.current().exclude(status=Certificate.Status.REVOKED)


def latest_enrollments(enrollments: QuerySet) -> QuerySet:
    """Each person's current enrolment per course (a renewal starts a new cycle).

    "Current" is decided in one place for the whole site: ``EnrollmentQuerySet.current``.
    """
    return enrollments.current()


def keep_latest(enrollments) -> dict[tuple[int, int], Enrollment]:
    """`enrollments` by (person, course), keeping the current one of each (highest cycle, as
    ``EnrollmentQuerySet.current``)."""
    latest: dict[tuple[int, int], Enrollment] = {}
    for enrollment in enrollments:
        key = (enrollment.user_id, enrollment.course_id)
        if key not in latest or enrollment.cycle > latest[key].cycle:
            latest[key] = enrollment
    return latest


def training_status(enrollment, certificate, today: datetime.date) -> str:
    """Where someone stands in a course, as of `today`.

    `enrollment` is their latest enrolment in it (or None), `certificate` their newest counted
    certificate for it (or None). Someone renewing (a new enrolment after a completed one) is
    "in progress" again, whatever their earlier certificate says.
    """
    if enrollment is None:
        return TrainingStatus.NOT_STARTED
    if enrollment.completed_at is None:
        return TrainingStatus.IN_PROGRESS
    if certificate is None:
        return TrainingStatus.COMPLETED
    return {
        CertificateState.VALID: TrainingStatus.VALID,
        CertificateState.EXPIRING: TrainingStatus.EXPIRING,
        CertificateState.EXPIRED: TrainingStatus.EXPIRED,
    }[certificate_state(certificate, today)]


def filter_by_training_status(
    memberships: QuerySet, status: str, course_ids: list[int], today: datetime.date
) -> QuerySet:
    """The `memberships` whose person is in `status` in at least one of `course_ids`.

    Mirrors :func:`training_status`: the enrolment decides "not started" and "in progress";
    for a completed one, the newest counted certificate of that course decides the rest.
    """
    if not course_ids:
        return memberships.none()
    enrollments = latest_enrollments(
        Enrollment.objects.filter(user_id=OuterRef("user_id"), course_id__in=course_ids)
    )
    if status == TrainingStatus.NOT_STARTED:
        enrolled = (
            enrollments.order_by()
            .values("user_id")
            .annotate(n=Count("course_id", distinct=True))
            .values("n")
        )
        return memberships.annotate(enrolled_courses=Coalesce(Subquery(enrolled), Value(0))).filter(
            enrolled_courses__lt=len(course_ids)
        )
    if status == TrainingStatus.IN_PROGRESS:
        return memberships.filter(Exists(enrollments.filter(completed_at__isnull=True)))
    newest = (
        counted_certificates()
        .filter(learner_id=OuterRef("user_id"), course_id=OuterRef("course_id"))
        .order_by("-completed_at", "-id")
    )
    completed = enrollments.filter(completed_at__isnull=False).annotate(
        certificate_status=Subquery(newest.values("status")[:1]),
        certificate_valid_until=Subquery(newest.values("valid_until")[:1]),
    )
    if status == TrainingStatus.COMPLETED:
        condition = Q(certificate_status__isnull=True)
    else:
        state = {
            TrainingStatus.VALID: CertificateState.VALID,
            TrainingStatus.EXPIRING: CertificateState.EXPIRING,
            TrainingStatus.EXPIRED: CertificateState.EXPIRED,
        }[status]
        condition = certificate_state_q(state, today, "certificate_")
    return memberships.filter(Exists(completed.filter(condition)))
