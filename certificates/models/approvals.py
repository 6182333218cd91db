"""Continuing-education approvals (NAADAC, NY OASAS ETP, CCAPP, ...) and what a document is called."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from basics.sanitize import plain_text_errors


class DocumentKind(models.TextChoices):
    """The document's title. Never a wording that claims the learner is certified in something."""

    COMPLETION = "completion", _("Certificate of completion")
    ATTENDANCE = "attendance", _("Statement of attendance")


# "Certified in motivational interviewing", "certification as a Seeking Safety clinician": a
# completion document must never claim that (MINT does not certify; Seeking Safety is
# trademarked). Approval statements are written by staff, so they are checked here.
_CERTIFICATION_CLAIM = re.compile(r"\bcertifi(?:ed|cation|es)\s+(?:in|as)\b", re.IGNORECASE)


def validate_no_certification_claim(value: str) -> None:
    if _CERTIFICATION_CLAIM.search(value or ""):
        raise ValidationError(
            _(
                "Completing a course does not certify anyone in a method or program. Please "
                "remove wording such as “certified in” or “certification as”."
            ),
            code="certification_claim",
        )


class ApprovalQuerySet(models.QuerySet):
    def current_on(self, day: datetime.date):
        """Approvals in force on `day` (valid from <= day <= valid until, or no end date)."""
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Approval(models.Model):
    """An accrediting body's approval of some courses, printed on their certificates."""

    approving_body = models.CharField(
        _("approving body"),
        max_length=120,
        help_text=_("For example NAADAC, NY OASAS ETP, CCAPP, or “none”."),
    )
    provider_number = models.CharField(
        _("provider number"),
        max_length=60,
        blank=True,
        help_text=_("The number the approving body gave us, printed on the certificate."),
    )
    statement = models.TextField(
        _("approval statement"),
        max_length=1000,
        validators=[validate_no_certification_claim],
        help_text=_(
            "Printed word for word, e.g. “This course has been approved by NAADAC, Approved "
            "Education Provider #000000, for 1.5 CE hours.”"
        ),
    )
    kind = models.CharField(
        _("document title"),
        max_length=20,
        choices=DocumentKind.choices,
        default=DocumentKind.COMPLETION,
        help_text=_(
            "Use “Statement of attendance” when the approving body does not allow the word "
            "“certificate”. If any approval of a course says so, its documents use it."
        ),
    )
    language = models.CharField(
        _("language of the statement"),
        max_length=10,
        choices=[("en", _("English")), ("es", _("Spanish"))],
        default="en",
        help_text=_("The statement is printed as written, marked as this language."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_(
            "Leave blank if the approval has no end date. Expired approvals are not printed."
        ),
    )
    courses = models.ManyToManyField(
        "courses.CoursePage",
        blank=True,
        related_name="certificate_approvals",
        verbose_name=_("courses"),
        help_text=_("The courses this approval covers."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["approving_body", "-valid_from"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="certificates_approval_dates_in_order",
            )
        ]

    def __str__(self):
        if self.provider_number:
            return f"{self.approving_body} #{self.provider_number}"
        return self.approving_body

    def clean(self):
        super().clean()
        errors = plain_text_errors(self, ("approving_body", "provider_number", "statement"))
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)

    def is_current_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
