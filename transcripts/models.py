"""Credential tracks (a board's hour rules, kept as data with their source) and the tracks a
learner follows.

Rules change and differ by board, so nothing here is hard-coded: staff edit tracks in the CMS.
What a learner sees is a progress aid, never a promise of credit; a track whose figures need
checking carries a note saying so, shown next to it.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from basics.codes import group_code
from basics.sanitize import plain_text_errors
from certificates.models.records import (
    CODE_GROUP,
    CODE_LENGTH,
    NAME_MAX_LENGTH,
    new_certificate_code,
)
from courses.models import HoursCategory

MAX_HOURS = Decimal("1000")


def hours_field(label, **kwargs):
    return models.DecimalField(
        label,
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(MAX_HOURS)],
        **kwargs,
    )


class CredentialTrack(ClusterableModel):
    name = models.CharField(
        _("name"),
        max_length=150,
        unique=True,
        help_text=_("What learners call it, e.g. “CalMHSA peer support specialist renewal”."),
    )
    issuing_board = models.CharField(_("issuing board"), max_length=150)
    period_months = models.PositiveSmallIntegerField(
        _("period (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "How often the hours are due again, e.g. 24 for a two-year renewal. Leave blank "
            "for a one-time requirement, such as a first credential."
        ),
    )
    total_hours = hours_field(_("total hours"))
    requires_ce_approval = models.BooleanField(
        _("all hours must come from CE-approved courses"),
        default=False,
        help_text=_("When ticked, courses without a current CE approval do not count at all."),
    )
    approved_hours_minimum = hours_field(
        _("at least this many hours from CE-approved courses"),
        null=True,
        blank=True,
        help_text=_("For boards that accept some other hours. Leave blank if not needed."),
    )
    approving_body = models.CharField(
        _("approving body that counts"),
        max_length=120,
        blank=True,
        help_text=_(
            "Only approvals by this body count as CE-approved, e.g. “CCAPP”, as written on the "
            "approval. Leave blank to accept any approval."
        ),
    )
    source_url = models.URLField(
        _("source of the rule"), max_length=500, help_text=_("The board's page for this rule.")
    )
    check_note = models.TextField(
        _("check with your board"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Shown to learners next to the track. Say here which figure is not certain or what "
            "this page cannot count."
        ),
    )
    active = models.BooleanField(
        _("learners can choose it"), default=True, help_text=_("Untick to retire a track.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("issuing_board"),
        FieldRowPanel([FieldPanel("period_months"), FieldPanel("total_hours")]),
        MultiFieldPanel(
            [
                FieldPanel("requires_ce_approval"),
                FieldPanel("approved_hours_minimum"),
                FieldPanel("approving_body"),
            ],
            heading=_("CE approval"),
        ),
        InlinePanel(
            "category_minimums",
            heading=_("Minimum hours by category"),
            label=_("Minimum in a category"),
        ),
        FieldPanel("source_url"),
        FieldPanel("check_note"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("credential track")
        verbose_name_plural = _("credential tracks")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_hours_minimum__isnull=True)
                | Q(approved_hours_minimum__lte=models.F("total_hours")),
                name="transcripts_track_approved_hours_within_total",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = plain_text_errors(self, ("name", "issuing_board", "approving_body", "check_note"))
        if (
            self.approved_hours_minimum is not None
            and self.total_hours is not None
            and self.approved_hours_minimum > self.total_hours
        ):
            errors["approved_hours_minimum"] = _("This is more than the total hours.")
        if errors:
            raise ValidationError(errors)


class TrackCategoryMinimum(Orderable):
    track = ParentalKey(CredentialTrack, on_delete=models.CASCADE, related_name="category_minimums")
    category = models.ForeignKey(
        HoursCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    minimum_hours = hours_field(_("minimum hours"))

    panels = [FieldRowPanel([FieldPanel("category"), FieldPanel("minimum_hours")])]

    class Meta(Orderable.Meta):
        verbose_name = _("minimum in a category")
        constraints = [
            models.UniqueConstraint(
                "track", "category", name="transcripts_one_minimum_per_category"
            )
        ]


class LearnerTrack(models.Model):
    """A track a learner follows, with the day their current period began if they know it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credential_tracks"
    )
    track = models.ForeignKey(CredentialTrack, on_delete=models.CASCADE, related_name="learners")
    period_starts_on = models.DateField(_("my current period started on"), null=True, blank=True)
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["track__name"]
        constraints = [
            models.UniqueConstraint("user", "track", name="transcripts_one_choice_per_track")
        ]

    def __str__(self):
        return f"{self.user} · {self.track}"


def transcript_storage_name(code: str) -> str:
    return f"transcripts/{code}.pdf"


class Transcript(models.Model):
    """A learner's transcript as issued: the stored PDF and the few facts its public
    verification page shows (name, date, courses with their dates and hours)."""

    code = models.CharField(
        _("verification code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_certificate_code,
        editable=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="transcripts"
    )
    learner_name = models.CharField(_("name on transcript"), max_length=NAME_MAX_LENGTH)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    courses = models.JSONField(default=list)  # [{"title", "completed_on", "hours"}]
    total_hours = models.DecimalField(_("total hours"), max_digits=7, decimal_places=2)
    language = models.CharField(_("language"), max_length=10, default="en")
    pdf = models.FileField(_("PDF"), max_length=200)
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("transcript")

    def __str__(self):
        return f"{self.display_code} · {self.learner_name}"

    @property
    def display_code(self) -> str:
        return group_code(self.code, CODE_GROUP)

    @property
    def course_rows(self) -> list[dict]:
        return [
            {**course, "completed_on": datetime.date.fromisoformat(course["completed_on"])}
            for course in self.courses
        ]
