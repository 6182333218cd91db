"""Everything that creates or changes a certificate happens here.

Views and the admin ask ``certificates.permissions`` first; these functions do not repeat access
checks. Issued certificates are never edited: a correction issues a new certificate that
replaces the old one, and only a certificate's status moves. Each issue, correction, revocation
and expiry writes an entry in Wagtail's audit log.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import secrets
import threading
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from basics.dates import add_months
from courses.choices import DeliveryFormat
from courses.models import Enrollment
from practice.requirements import observed_skills_for

from .branding import branding_for
from .completion import announce_certificate
from .hours import category_rows, hours_for
from .languages import certificate_language, course_title_in, statements_in
from .models import Approval, Certificate, DocumentKind, NameCorrectionRequest
from .models.records import new_certificate_code
from .rendering import TEMPLATE_VERSION, render_certificate

logger = logging.getLogger(__name__)

ISSUE_ATTEMPTS = 3
PDF_FOLDER = "certificates"
STRAY_FILE_AGE = datetime.timedelta(hours=1)


class CertificateError(Exception):
    """A request about a certificate that cannot be carried out; the message is for people."""


def pdf_storage_name(code: str) -> str:
    """A path nobody can guess from the code: ``certificates/<random>/<code>.pdf``."""
    return f"{PDF_FOLDER}/{secrets.token_hex(16)}/{code}.pdf"


def approvals_for(course, day: datetime.date) -> list[Approval]:
    return list(Approval.objects.filter(courses=course).current_on(day).order_by("approving_body"))


def document_kind_for(approvals: list[Approval], default_kind: Callable[[], str]) -> str:
    """One approval that asks for "Statement of attendance" wording decides for all; a course
    without approvals gets the site's default kind (asked for only then: it costs queries)."""
    if not approvals:
        return default_kind()
    if any(approval.kind == DocumentKind.ATTENDANCE for approval in approvals):
        return DocumentKind.ATTENDANCE
    return DocumentKind.COMPLETION


def course_language(course) -> str:
    locale = getattr(course, "locale", None)
    return getattr(locale, "language_code", None) or settings.LANGUAGE_CODE


def build_certificate(
    enrollment: Enrollment, *, name: str, issued_by=None, now: datetime.datetime | None = None
) -> Certificate:
    """An unsaved certificate for `enrollment`'s completion, with every printed value taken now.

    Approvals are those covering the course on the completion date; validity counts from that
    date too, so a learner who gives their name later loses nothing.
    """
    course = enrollment.course
    completion_date = timezone.localdate(enrollment.completed_at)
    branding = branding_for(course)
    approvals = approvals_for(course, completion_date)
    language, language_note = certificate_language(course, enrollment.user)
    with translation.override(language):
        delivery_format = str(DeliveryFormat(course.delivery_format).label)
        contact_hours, hours_by_format = hours_for(enrollment)
    months = course.certificate_validity_months
    return Certificate(
        code=new_certificate_code(),
        learner=enrollment.user,
        course=course,
        enrollment=enrollment,
        completed_at=enrollment.completed_at,
        kind=document_kind_for(approvals, lambda: branding.default_kind),
        learner_name=name,
        course_title=course_title_in(course, language),
        contact_hours=contact_hours,
        hours_by_format=hours_by_format,
        hours_by_category=category_rows(course),
        delivery_format=delivery_format,
        completion_date=completion_date,
        approvals=[
            {
                "body": approval.approving_body,
                "provider_number": approval.provider_number,
                "statement": approval.statement,
                "language": approval.language,
            }
            for approval in statements_in(approvals, language)
        ],
        observed_skills=observed_skills_for(enrollment),
        issuer_name=branding.issuer_name,
        issuer_address=branding.issuer_address,
        issuer_contact=branding.issuer_contact,
        signatory_name=branding.signatory_name,
        signatory_title=branding.signatory_title,
        retention_statement=branding.retention_statement,
        language=language,
        language_note=language_note,
        issued_at=now or timezone.now(),
        issued_by=issued_by,
        valid_until=add_months(completion_date, months) if months else None,
    )


_files_scope = threading.local()


@contextlib.contextmanager
def _pdf_files():
    """A list for the PDFs written inside this block; they are deleted if the block fails.

    Wrap the whole transaction in it. Blocks nest: files of an inner block that succeeded are
    handed to the enclosing one, so a certificate made inside a larger transaction (a
    correction approved with its request) loses its file when that transaction fails too.
    """
    outer = getattr(_files_scope, "written", None)
    written: list[str] = []
    _files_scope.written = written
    try:
        yield written
    except BaseException:
        _delete_files(written)
        raise
    else:
        if outer is not None:
            outer.extend(written)
    finally:
        _files_scope.written = outer


def _save_with_pdf(certificate: Certificate, written: list[str]) -> Certificate:
    """Render the PDF, store it, then insert the row (inside the caller's transaction).

    The file is written first and the row last, so a crash in between leaves at most an
    unreferenced file, never a certificate without its PDF. Paths written are appended to
    `written` (from ``_pdf_files``) so they are deleted when the transaction does not commit.
    """
    pdf = render_certificate(certificate)
    name = default_storage.save(pdf_storage_name(certificate.code), ContentFile(pdf))
    written.append(name)
    certificate.pdf.name = name
    certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.pdf_size = len(pdf)
    certificate.template_version = TEMPLATE_VERSION
    with transaction.atomic():  # a savepoint: a unique violation leaves the outer one usable
        certificate.save(force_insert=True)
    return certificate


def delete_stray_pdf_files(*, older_than: datetime.timedelta = STRAY_FILE_AGE) -> list[str]:
    """Delete stored certificate PDFs that no certificate refers to; returns their names.

    A worker killed between storing a PDF and committing its certificate (no exception, so no
    clean-up) leaves such a file. Only files older than `older_than` go, so a certificate
    being issued right now keeps its PDF. Safe to run any time.
    """
    cutoff = timezone.now() - older_than
    try:
        folders, _files = default_storage.listdir(PDF_FOLDER)
    except FileNotFoundError:
        return []
    candidates = []
    for folder in folders:
        for name in default_storage.listdir(f"{PDF_FOLDER}/{folder}")[1]:
            path = f"{PDF_FOLDER}/{folder}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                candidates.append(path)
    referenced = set(Certificate.objects.filter(pdf__in=candidates).values_list("pdf", flat=True))
    stray = [path for path in candidates if path not in referenced]
    _delete_files(stray)
    return stray


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete the unused certificate file %s", name)


def _existing_for(enrollment: Enrollment) -> Certificate | None:
    return (
        Certificate.objects.current()
        .for_completion(enrollment.pk, enrollment.completed_at)
        .select_related("course")
        .first()
    )


def _issue_once(enrollment_id: int, issued_by) -> Certificate | None:
    with _pdf_files() as written, transaction.atomic():
        # Workers issuing the same completion queue up here (PostgreSQL); the unique
        # constraint settles it everywhere else.
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("user", "course")
            .get(pk=enrollment_id)
        )
        if enrollment.completed_at is None:
            return None
        existing = _existing_for(enrollment)
        if existing is not None:
            return existing
        name = enrollment.user.certificate_name.strip()
        if not name:
            return None  # the learner is asked for it; saving it queues this again
        certificate = _save_with_pdf(
            build_certificate(enrollment, name=name, issued_by=issued_by), written
        )
        log(
            certificate,
            "certificates.issue",
            user=issued_by,
            data={"code": certificate.display_code, "course": certificate.course_title},
        )
        # Once per completion: only the call that created the certificate gets here. Robust:
        # a mail server that is down must not undo the certificate or fail the request.
        transaction.on_commit(partial(announce_certificate, certificate.pk), robust=True)
        return certificate


def issue_certificate(enrollment: Enrollment | int, *, issued_by=None) -> Certificate | None:
    """Issue the certificate for `enrollment`'s completion; return it (or None: not yet).

    Idempotent: a second completion signal, a retried task or two workers at once all get the
    one certificate for this completion. None means the enrolment is not complete or the
    learner has not given their name for certificates yet.
    """
    enrollment_id = enrollment if isinstance(enrollment, int) else enrollment.pk
    for _attempt in range(ISSUE_ATTEMPTS):
        try:
            return _issue_once(enrollment_id, issued_by)
        except IntegrityError:
            # Another worker inserted this completion's certificate first: return theirs.
            enrollment_now = Enrollment.objects.get(pk=enrollment_id)
            existing = _existing_for(enrollment_now)
            if existing is not None:
                return existing
            # Otherwise two random codes collided (1 in 2**60): try again with a new one.
    raise CertificateError(_("The certificate could not be issued. Please try again."))


def correct_name(certificate: Certificate, new_name: str, *, by) -> Certificate:
    """Issue a corrected copy of `certificate` with `new_name`; the old one becomes superseded.

    Everything else printed stays as issued (same completion, hours, approvals and validity);
    the new PDF says it replaces the old code.
    """
    now = timezone.now()
    with _pdf_files() as written, transaction.atomic():
        old = (
            Certificate.objects.select_for_update().select_related("course").get(pk=certificate.pk)
        )
        if old.status in (Certificate.Status.SUPERSEDED, Certificate.Status.REVOKED):
            raise CertificateError(
                _("Only a valid or expired certificate can be corrected; this one is %(s)s.")
                % {"s": old.get_status_display().lower()}
            )
        new = Certificate.objects.get(pk=old.pk)
        new.pk = new.id = None
        new._state.adding = True
        new.code = new_certificate_code()
        new.learner_name = new_name
        new.replaces = old
        new.issued_at, new.issued_by = now, by
        new.status_changed_at = None
        Certificate.objects.filter(pk=old.pk).update(
            status=Certificate.Status.SUPERSEDED, status_changed_at=now
        )
        _save_with_pdf(new, written)
        log(old, "certificates.supersede", user=by, data={"replaced_by": new.display_code})
        log(
            new,
            "certificates.correct",
            user=by,
            data={"replaces": old.display_code, "old_name": old.learner_name},
        )
        return new


def request_name_correction(
    certificate: Certificate, user, requested_name: str, note: str = ""
) -> NameCorrectionRequest:
    """A learner asks staff to reissue their certificate with `requested_name`."""
    if certificate.status in (Certificate.Status.SUPERSEDED, Certificate.Status.REVOKED):
        raise CertificateError(_("This certificate can no longer be corrected."))
    if requested_name == certificate.learner_name:
        raise CertificateError(_("That is already the name on the certificate."))
    try:
        with transaction.atomic():
            correction = NameCorrectionRequest.objects.create(
                certificate=certificate,
                requested_by=user,
                requested_name=requested_name,
                note=note,
            )
    except IntegrityError as error:
        raise CertificateError(
            _("You already asked for a correction of this certificate. We will be in touch.")
        ) from error
    log(certificate, "certificates.correction_request", user=user, data={"name": requested_name})
    return correction


def approve_name_correction(correction: NameCorrectionRequest, *, by) -> Certificate:
    """Reissue the certificate with the requested name; future certificates use it too."""
    with _pdf_files(), transaction.atomic():
        correction = NameCorrectionRequest.objects.select_for_update().get(pk=correction.pk)
        if not correction.is_pending:
            raise CertificateError(_("This request has already been decided."))
        new = correct_name(correction.certificate, correction.requested_name, by=by)
        correction.status = NameCorrectionRequest.Status.APPROVED
        correction.decided_at, correction.decided_by = timezone.now(), by
        correction.new_certificate = new
        correction.save(update_fields=["status", "decided_at", "decided_by", "new_certificate"])
        learner = correction.certificate.learner
        if learner is not None and learner.certificate_name != correction.requested_name:
            learner.certificate_name = correction.requested_name
            learner.save(update_fields=["certificate_name"])
    return new


def reject_name_correction(correction: NameCorrectionRequest, *, by, note: str) -> None:
    with transaction.atomic():
        correction = NameCorrectionRequest.objects.select_for_update().get(pk=correction.pk)
        if not correction.is_pending:
            raise CertificateError(_("This request has already been decided."))
        correction.status = NameCorrectionRequest.Status.REJECTED
        correction.decided_at, correction.decided_by = timezone.now(), by
        correction.decision_note = note
        correction.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
        log(correction.certificate, "certificates.correction_reject", user=by, data={"note": note})


def revoke_certificate(certificate: Certificate, *, reason: str, by) -> Certificate:
    """Revoke `certificate` for `reason` (shown on its verification page as "revoked")."""
    reason = reason.strip()
    if not reason:
        raise CertificateError(_("Please give a reason for revoking the certificate."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.status == Certificate.Status.REVOKED:
            raise CertificateError(_("This certificate is already revoked."))
        if certificate.status == Certificate.Status.SUPERSEDED:
            raise CertificateError(_("This certificate was replaced; revoke the current one."))
        certificate.status = Certificate.Status.REVOKED
        certificate.status_changed_at = timezone.now()
        certificate.revoked_by, certificate.revocation_reason = by, reason
        certificate.save(
            update_fields=["status", "status_changed_at", "revoked_by", "revocation_reason"]
        )
        for correction in certificate.name_corrections.filter(
            status=NameCorrectionRequest.Status.PENDING
        ):
            correction.status = NameCorrectionRequest.Status.REJECTED
            correction.decided_at, correction.decided_by = timezone.now(), by
            correction.decision_note = _("The certificate was revoked.")
            correction.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
        log(certificate, "certificates.revoke", user=by, data={"reason": reason})
    return certificate


def expire_certificates(today: datetime.date | None = None) -> int:
    """Record the expiry of valid certificates whose date has passed. Safe to run any time."""
    today = today or timezone.localdate()
    expired = 0
    due = Certificate.objects.filter(status=Certificate.Status.VALID, valid_until__lt=today)
    for certificate in due.iterator():
        with transaction.atomic():
            updated = Certificate.objects.filter(
                pk=certificate.pk, status=Certificate.Status.VALID
            ).update(status=Certificate.Status.EXPIRED, status_changed_at=timezone.now())
            if updated:
                log(certificate, "certificates.expire", data={"valid_until": str(today)})
                expired += 1
    return expired
