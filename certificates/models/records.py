"""Issued certificates and what happens to them afterwards (corrections, reminders).

A certificate is a record of what was printed, made once: the name, course, hours, approvals
and signatory are snapshots taken at issue, and the PDF made from them is stored with its
sha256. Nothing printed is edited afterwards. Only the status moves (valid -> expired, revoked
or superseded), and a correction is a new certificate that replaces the old one.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_plain_name
from basics.codes import group_code, random_code
from basics.numbers import plain_number

from .approvals import DocumentKind

CODE_LENGTH = 12  # 60 bits of Crockford base32: unguessable, and short enough to type.
CODE_GROUP = 4  # shown as XXXX-XXXX-XXXX
NAME_MAX_LENGTH = 120  # the same as User.certificate_name


def new_certificate_code() -> str:
    return random_code(CODE_LENGTH)


class CertificateQuerySet(models.QuerySet):
    def current(self):
        """Everything but superseded versions: what a learner or manager should see."""
        return self.exclude(status=Certificate.Status.SUPERSEDED)

    def for_completion(self, enrollment_id: int, completed_at: datetime.datetime):
        return self.filter(enrollment_id=enrollment_id, completed_at=completed_at)


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    code = models.CharField(
        _("verification code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_certificate_code,
        editable=False,
        help_text=_("Random public code; the database id never leaves the server."),
    )
    # The account may be deleted; the certificate stays verifiable from its snapshots.
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("course"),
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
        verbose_name=_("enrolment"),
    )
    completed_at = models.DateTimeField(
        _("completed at"),
        help_text=_("The completion this certificate is for (with the enrolment, its key)."),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
        help_text=_("The certificate this one corrects, if any."),
    )

    # What is printed: snapshots taken at issue.
    kind = models.CharField(_("title"), max_length=20, choices=DocumentKind.choices)
    learner_name = models.CharField(_("name on certificate"), max_length=NAME_MAX_LENGTH)
    course_title = models.CharField(_("course title"), max_length=255)
    contact_hours = models.DecimalField(_("contact hours"), max_digits=5, decimal_places=2)
    delivery_format = models.CharField(_("delivery format"), max_length=100)
    hours_by_format = models.JSONField(
        _("hours by format"),
        default=list,
        blank=True,
        help_text=_(
            "For a course with a live session: the hours printed for each part, e.g. online "
            "and in person (label and hours, as printed)."
        ),
    )
    hours_by_category = models.JSONField(
        _("hours by category"),
        default=list,
        blank=True,
        help_text=_(
            "The course's hours by category and format at issue (category, name, format and "
            "hours), so later edits to the course change no past learner's hours."
        ),
    )
    completion_date = models.DateField(_("completion date"))
    approvals = models.JSONField(
        _("approvals printed"),
        default=list,
        blank=True,
        help_text=_("Approving body, provider number and statement of each approval printed."),
    )
    observed_skills = models.JSONField(
        _("observed skills printed"),
        default=list,
        blank=True,
        help_text=_("Each skills checklist signed off: its title, the observer and the date."),
    )
    issuer_name = models.CharField(_("issuer"), max_length=150)
    issuer_address = models.TextField(_("issuer address"), max_length=300, blank=True)
    issuer_contact = models.CharField(_("issuer contact"), max_length=200, blank=True)
    signatory_name = models.CharField(_("signatory"), max_length=120, blank=True)
    signatory_title = models.CharField(_("signatory title"), max_length=120, blank=True)
    retention_statement = models.CharField(_("retention statement"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    # Printed when the learner's language was not approved for CE, in that language.
    language_note = models.CharField(_("language note"), max_length=300, blank=True)

    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
        help_text=_("Empty when issued automatically on completion."),
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.VALID, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.TextField(_("reason for revoking"), max_length=500, blank=True)

    pdf = models.FileField(_("PDF"), max_length=200)
    pdf_sha256 = models.CharField(_("PDF sha256"), max_length=64)
    pdf_size = models.PositiveIntegerField(_("PDF size (bytes)"), default=0)
    template_version = models.CharField(_("template version"), max_length=20)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            # One live certificate per course completion, however many workers try to issue it;
            # a correction first marks the old one superseded, then adds the new one.
            models.UniqueConstraint(
                fields=["enrollment", "completed_at"],
                condition=~Q(status="superseded"),
                name="certificates_one_per_completion",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | ~Q(revocation_reason=""),
                name="certificates_revocation_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(pdf="") & ~Q(pdf_sha256=""),
                name="certificates_has_pdf",
            ),
        ]

    def __str__(self):
        return f"{self.display_code} · {self.course_title}"

    @property
    def display_code(self) -> str:
        return group_code(self.code, CODE_GROUP)

    @classmethod
    def status_on(cls, status: str, valid_until: datetime.date | None, today: datetime.date) -> str:
        """The status as of `today` from the two stored fields (the one rule: a valid
        certificate past its date is expired already, even before the daily job records it)."""
        if status == cls.Status.VALID and valid_until and valid_until < today:
            return cls.Status.EXPIRED
        return status

    def current_status(self, today: datetime.date | None = None) -> str:
        """The status as of `today` (see :meth:`status_on`)."""
        return self.status_on(self.status, self.valid_until, today or timezone.localdate())

    def get_current_status_display(self) -> str:
        return self.Status(self.current_status()).label

    @property
    def hours_display(self) -> str:
        """Contact hours as people write them: 1.5, 2, 0.25 (in the active language)."""
        return plain_number(self.contact_hours)

    @property
    def is_valid(self) -> bool:
        return self.current_status() == self.Status.VALID

    @property
    def download_filename(self) -> str:
        return f"open-door-certificate-{self.course.slug}-{self.display_code}.pdf"


class NameCorrectionRequest(models.Model):
    """A learner asks for their name to be corrected on an issued certificate; staff decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Declined")

    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.CASCADE,
        related_name="name_corrections",
        verbose_name=_("certificate"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_name = models.CharField(
        _("correct name"), max_length=NAME_MAX_LENGTH, validators=[validate_plain_name]
    )
    note = models.TextField(_("note from the learner"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("reason for declining"), max_length=500, blank=True)
    new_certificate = models.ForeignKey(
        Certificate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected certificate"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("name correction request")
        verbose_name_plural = _("name correction requests")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate"],
                condition=Q(status="pending"),
                name="certificates_one_pending_correction",
            )
        ]

    def __str__(self):
        return f"{self.certificate.display_code}: {self.requested_name}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class ExpiryReminder(models.Model):
    """One row per reminder sent, so each reminder goes out once however often the job runs."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="expiry_reminders"
    )
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "days_before"], name="certificates_one_reminder_each"
            )
        ]

    def __str__(self):
        return f"{self.certificate_id}: {self.days_before} days"
