"""Live sessions (in a room, online or both) and the people registered for them.

A session belongs to a blended course (its online parts live in the course) or stands alone.
Its public address carries a random code, never the database id. Registering asks nothing
about a person's own drug use or health: the person and the session are all we keep.
"""

import zoneinfo
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
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from basics.codes import random_code
from courses.choices import DeliveryFormat

CODE_LENGTH = 10  # 50 bits: unguessable, still short enough to read aloud in a room
HOURS_STEP = Decimal("0.25")


# Said aloud or printed in the room (and read out in a webinar) for checking in; unlike `code`,
# it is never shown on public pages. 30 bits: typed attempts are rate-limited.
CHECK_IN_CODE_LENGTH = 6


def new_session_code() -> str:
    return random_code(CODE_LENGTH)


def new_check_in_code() -> str:
    return random_code(CHECK_IN_CODE_LENGTH)


def validate_time_zone(name: str) -> None:
    if name not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(name)s” is not a time zone name. Use one like America/Los_Angeles."),
            params={"name": name},
            code="unknown_time_zone",
        )


def validate_quarter_hours(value: Decimal) -> None:
    if value is not None and value % HOURS_STEP != 0:
        raise ValidationError(
            _("Contact hours go in quarter hours: for example 1.5 or 2.75."), code="quarter_hours"
        )


class TrainingSessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(end__gt=now or timezone.now())


class TrainingSession(ClusterableModel):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        CLOSED = "closed", _("Closed")

    code = models.CharField(
        max_length=CODE_LENGTH, unique=True, default=new_session_code, editable=False
    )
    check_in_code = models.CharField(
        max_length=CHECK_IN_CODE_LENGTH, default=new_check_in_code, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("course"),
        help_text=_("For a blended course: the course this session belongs to. Empty: standalone."),
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/Los_Angeles",
        validators=[validate_time_zone],
        help_text=_("Where the session happens, e.g. America/Los_Angeles. Times are shown in it."),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    room = models.CharField(_("room"), max_length=120, blank=True)
    accessibility_notes = models.TextField(
        _("accessibility notes"),
        max_length=1000,
        blank=True,
        help_text=_("Step-free entrance, restrooms, parking, interpreters, and so on."),
    )
    meeting_link = models.URLField(
        _("meeting link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to people registered for the session, and in their email."),
    )
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    contact_hours = models.DecimalField(
        _("contact hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(HOURS_STEP), validate_quarter_hours],
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("hosting organization"),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_sessions",
        verbose_name=_("facilitators"),
        help_text=_("The people who run this session: they see its roster and check people in."),
    )
    registration_opens = models.DateTimeField(_("registration opens"), default=timezone.now)
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: registration stays open until the session starts."),
    )
    invitation_only = models.BooleanField(
        _("only for the hosting organization"),
        default=False,
        help_text=_("Only members of the hosting organization can see the session and register."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="session_has_a_place",
                violation_error_message=_("A session needs at least one place."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The session must end after it starts.")
        closes = self.registration_closes
        if closes and self.registration_opens and closes <= self.registration_opens:
            errors["registration_closes"] = _("Registration must close after it opens.")
        elif closes and self.end and closes > self.end:
            errors["registration_closes"] = _("Registration must close before the session ends.")
        if self.registration_opens and self.start and self.registration_opens >= self.start:
            errors["registration_opens"] = _("Registration must open before the session starts.")
        if self.course_id and self.course.delivery_format == DeliveryFormat.SELF_PACED:
            # Only a blended or live course asks for attendance (trainings.credit).
            errors["course"] = _(
                "This course is self-paced. Set its delivery format to blended or live first, "
                "so its certificate asks for attendance; or leave the session standalone."
            )
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not self.address:
            errors["address"] = _("Give the address of a session that happens in a room.")
        if errors:
            raise ValidationError(errors)

    @property
    def registration_deadline(self):
        return self.registration_closes or self.start

    @property
    def happens_in_a_room(self) -> bool:
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)

    @property
    def happens_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class SessionHours(Orderable):
    """Part of a session's contact hours that a board counts in one category (ethics, harm
    reduction, ...), in the session's own format. Together no more than the contact hours
    (``trainings.forms.SessionRules``); the rest count toward a track's total only."""

    session = ParentalKey(
        TrainingSession, on_delete=models.CASCADE, related_name="hours_by_category"
    )
    category = models.ForeignKey(
        "courses.HoursCategory",
        on_delete=models.PROTECT,
        related_name="session_hours",
        verbose_name=_("category"),
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(HOURS_STEP), MaxValueValidator(Decimal("100"))],
    )

    panels = [FieldRowPanel([FieldPanel("category"), FieldPanel("hours")])]

    class Meta(Orderable.Meta):
        verbose_name = _("hours in a category")
        verbose_name_plural = _("hours by category")

    def __str__(self):
        return f"{self.category}: {self.hours}"


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def registered(self):
        return self.filter(status=Registration.Status.REGISTERED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED)


def new_roster_code() -> str:
    return random_code(CODE_LENGTH)


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    # Names the row in the roster's forms (a facilitator checks this person in): no database id
    # leaves the server.
    code = models.CharField(
        max_length=CODE_LENGTH, unique=True, default=new_roster_code, editable=False
    )

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="registrations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Set in the same transaction that sends the reminder: it goes once (trainings.reminders).
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_person",
            )
        ]

    def __str__(self):
        return f"{self.person} @ {self.session} ({self.get_status_display()})"


def new_claim_code() -> str:
    return random_code(CODE_LENGTH)


class AttendanceQuerySet(models.QuerySet):
    def current(self):
        """Every record but the ones a later correction replaced."""
        return self.filter(superseded_at__isnull=True)


class Attendance(models.Model):
    """One person's presence at one session: checked in, maybe out, and the facilitator's mark.

    A person with an account has ``person``; a walk-in without one (or a name on a sign-in
    sheet) has only ``name`` and optional contact details, and a ``claim_code`` printed on a
    card, to attach the record to an account later. Once the session is closed a record is not
    edited in place: a correction is a new record that ``corrects`` the old one, which is
    marked superseded and kept (as certificates are).
    """

    class Method(models.TextChoices):
        DOOR_QR = "door_qr", _("Scanned the door QR code")
        SESSION_CODE = "session_code", _("Typed the session code")
        FACILITATOR = "facilitator", _("Checked in by a facilitator")
        SHEET = "sheet", _("From a sign-in sheet")

    class Mark(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        PARTIAL = "partial", _("Attended part")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="session_attendances",
    )
    # Names the row in the roster's forms and the walk-in's card page; not the claim code, which
    # is the secret printed on the card.
    code = models.CharField(
        max_length=CODE_LENGTH, unique=True, default=new_roster_code, editable=False
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    claim_code = models.CharField(max_length=CODE_LENGTH, unique=True, null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(_("how they checked in"), max_length=20, choices=Method.choices)
    checked_in_at = models.DateTimeField(_("checked in"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    # Someone who left and came back ("Back in" on the roster): the time they were away within
    # the session's times adds up here, and the latest return is kept for the roster. The
    # minutes attended are the time from arriving to leaving (or the end) less this.
    minutes_away = models.PositiveIntegerField(_("minutes away"), default=0)
    returned_at = models.DateTimeField(_("came back"), null=True, blank=True)
    minutes_attended = models.PositiveIntegerField(_("minutes attended"), null=True, blank=True)
    mark = models.CharField(_("final mark"), max_length=20, choices=Mark.choices, blank=True)
    mark_reason = models.CharField(_("reason"), max_length=300, blank=True)
    marked_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["checked_in_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(person__isnull=False, superseded_at__isnull=True),
                name="one_current_attendance_per_person",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="attendance_has_a_person_or_a_name",
            ),
        ]

    def __str__(self):
        return f"{self.person or self.name} @ {self.session}"


class SignInSheet(models.Model):
    """A community training that happened without the site, recorded afterwards from its
    sign-in sheet (trainings.community).

    The training itself is a closed TrainingSession and each person on the sheet an
    Attendance of method "sheet", so it counts wherever attendance counts (reports, claiming a
    record, credit rules). What is only a sheet's is kept here: who recorded it and the
    program's counts, which are about the training and never about a person.
    """

    session = models.OneToOneField(
        TrainingSession, on_delete=models.CASCADE, related_name="sign_in_sheet"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    naloxone_kits = models.PositiveIntegerField(
        _("naloxone kits distributed"),
        null=True,
        blank=True,
        help_text=_("How many kits were handed out at the training. Empty: not counted."),
    )
    reversals_reported = models.PositiveIntegerField(
        _("overdose reversals reported"),
        null=True,
        blank=True,
        help_text=_(
            "How many times participants said they used naloxone to reverse an overdose. "
            "Only a number: no names, no details about anyone."
        ),
    )

    def __str__(self):
        return f"Sign-in sheet of {self.session}"
