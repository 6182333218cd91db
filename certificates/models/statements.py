"""Statements of attendance for standalone live sessions (a session that belongs to no course).

A sibling of the course certificate: the same random codes, PDF renderer and public
verification page, but resting on one person's attendance record at one closed session
instead of a course enrolment. What is printed is a snapshot taken at issue and never edited;
only the status moves (valid -> revoked, with the reason, when a correction of the attendance
takes the credit away or changes it).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basics.codes import group_code
from basics.numbers import plain_number

from .records import CODE_GROUP, CODE_LENGTH, NAME_MAX_LENGTH, new_certificate_code


class AttendanceStatement(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    code = models.CharField(
        _("verification code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_certificate_code,
        editable=False,
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="attendance_statements",
        verbose_name=_("learner"),
    )
    # Kept when the session or record goes: the statement stays verifiable from its snapshots.
    session = models.ForeignKey(
        "trainings.TrainingSession",
        on_delete=models.SET_NULL,
        null=True,
        related_name="attendance_statements",
        verbose_name=_("session"),
    )
    attendance = models.ForeignKey(
        "trainings.Attendance",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=_("The attendance record the statement rests on."),
    )

    # What is printed: snapshots taken at issue.
    learner_name = models.CharField(_("name on the statement"), max_length=NAME_MAX_LENGTH)
    session_title = models.CharField(_("session title"), max_length=200)
    session_start = models.DateTimeField(_("session starts"))
    session_end = models.DateTimeField(_("session ends"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    place = models.CharField(
        _("place"), max_length=500, blank=True, help_text=_("Empty for a session held online.")
    )
    online = models.BooleanField(_("held online"), default=False)
    contact_hours = models.DecimalField(_("contact hours"), max_digits=5, decimal_places=2)
    organization_name = models.CharField(_("hosting organization"), max_length=200)
    facilitator_names = models.JSONField(_("facilitators"), default=list, blank=True)
    issuer_name = models.CharField(_("issuer"), max_length=150)
    language = models.CharField(_("language"), max_length=10, default="en")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.VALID
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revoking"), max_length=500, blank=True)

    pdf = models.FileField(_("PDF"), max_length=200)
    pdf_sha256 = models.CharField(_("PDF sha256"), max_length=64)
    pdf_size = models.PositiveIntegerField(_("PDF size (bytes)"), default=0)
    template_version = models.CharField(_("template version"), max_length=20)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("statement of attendance")
        verbose_name_plural = _("statements of attendance")
        constraints = [
            # One valid statement per person and session, however often "Get it" is pressed.
            models.UniqueConstraint(
                fields=["session", "learner"],
                condition=Q(status="valid"),
                name="certificates_one_valid_statement_per_session",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | ~Q(revocation_reason=""),
                name="certificates_statement_revocation_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(pdf="") & ~Q(pdf_sha256=""),
                name="certificates_statement_has_pdf",
            ),
        ]

    def __str__(self):
        return f"{self.display_code} · {self.session_title}"

    @property
    def display_code(self) -> str:
        return group_code(self.code, CODE_GROUP)

    @property
    def hours_display(self) -> str:
        return plain_number(self.contact_hours)

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def download_filename(self) -> str:
        return f"open-door-statement-of-attendance-{self.display_code}.pdf"
