"""Hours toward a credential: what a learner's completed courses add up to, per track.

``completed_courses(user)`` reads everything once (four queries whatever the number of courses),
the hours as their certificates recorded them at issue, and the standalone live sessions attended
(two more queries);
``track_progress`` then works on that list for each track. A course counts when it was completed
inside the track's current period, its certificate (if any) was not revoked, and, when the
track asks for it, it held a CE approval on the day it was completed. Every course that does
not count is listed with the reason, so the learner can see why.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from basics.dates import add_months
from certificates.models import Certificate
from courses.models import Enrollment
from courses.models.hours import HoursFormat, default_format
from trainings.credit import SESSION_FIELDS, credit_for, rule_for
from trainings.models import Attendance, SessionHours, TrainingSession

ZERO = Decimal("0")
HUNDREDTH = Decimal("0.01")


@dataclass
class CompletedCourse:
    title: str
    completed_on: datetime.date
    contact_hours: Decimal
    hours_by_category: dict  # category pk -> Decimal
    hours_by_format: dict  # HoursFormat value -> Decimal
    category_rows: list  # (category name, format label, hours), as the course lists them
    approvals: list  # (approving body, valid from, valid until or None)
    certificate: Certificate | None
    format_label: str = ""  # a live session's: how it was held

    def approved_on_completion(self, body: str = "") -> bool:
        day = self.completed_on
        return any(
            (not body or body.casefold() in approving.casefold())
            and start <= day
            and (end is None or day <= end)
            for approving, start, end in self.approvals
        )

    @property
    def certificate_revoked(self) -> bool:
        return self.certificate is not None and self.certificate.status == (
            Certificate.Status.REVOKED
        )


def hours_as_recorded(course, certificate: Certificate | None) -> tuple[Decimal, list[tuple]]:
    """Contact hours and (category id, name, format, hours) rows of one completion.

    A certificate keeps the figures as they were at issue, so they are read from it: a trainer
    editing the course later changes no past learner's hours. A completion still waiting for
    its certificate (no name given yet) has only the course's current rows to go by.
    """
    if certificate is not None:
        return certificate.contact_hours, [
            (row["category"], row["name"], row["format"], Decimal(row["hours"]))
            for row in certificate.hours_by_category
        ]
    return course.contact_hours, [
        (row.category_id, row.category.name, row.format, row.hours)
        for row in course.hours_by_category.all()
    ]


def completed_courses(user) -> list[CompletedCourse]:
    enrollments = (
        Enrollment.objects.filter(user=user, completed_at__isnull=False)
        .select_related("course")
        .prefetch_related("course__hours_by_category__category", "course__certificate_approvals")
        .order_by("completed_at", "pk")
    )
    certificates = {}
    for certificate in Certificate.objects.current().filter(learner=user).order_by("issued_at"):
        certificates[certificate.enrollment_id] = certificate  # the latest one wins
    formats = dict(HoursFormat.choices)
    completed = []
    for enrollment in enrollments:
        course = enrollment.course
        certificate = certificates.get(enrollment.pk)
        contact_hours, frozen_rows = hours_as_recorded(course, certificate)
        by_category, by_format, rows = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO), []
        for category_id, name, format_, hours in frozen_rows:
            by_category[category_id] += hours
            by_format[format_] += hours
            rows.append((name, formats.get(format_, format_), hours))
        outside_categories = contact_hours - sum(by_format.values(), start=ZERO)
        if outside_categories > 0:
            by_format[default_format(course.delivery_format)] += outside_categories
        completed.append(
            CompletedCourse(
                title=course.title,
                completed_on=timezone.localdate(enrollment.completed_at),
                contact_hours=contact_hours,
                hours_by_category=dict(by_category),
                hours_by_format=dict(by_format),
                category_rows=rows,
                approvals=[
                    (a.approving_body, a.valid_from, a.valid_until)
                    for a in course.certificate_approvals.all()
                ],
                certificate=certificate,
            )
        )
    completed += attended_sessions(user)
    completed.sort(key=lambda course: course.completed_on)
    return completed


# A session's hours are in person unless it was held online only; a hybrid session's record
# does not say which way the person joined, and most join in the room.
SESSION_FORMATS = {
    TrainingSession.Format.IN_PERSON: HoursFormat.IN_PERSON,
    TrainingSession.Format.HYBRID: HoursFormat.IN_PERSON,
    TrainingSession.Format.ONLINE: HoursFormat.ONLINE,
}


def attended_sessions(user) -> list[CompletedCourse]:
    """Standalone live sessions `user` attended with credit (two queries), as entries of their
    own: the session's contact hours earned under the default rule, in the session's format,
    by the categories the session lists. Partial credit (fewer hours than the session's) earns
    the same share of each category, rounded down to the hundredth so the parts never exceed
    the whole; hours in no category count toward a track's total only.
    Sessions of a course are left out here: their hours are in that course's completion (its
    certificate adds the live hours earned), with the course's categories."""
    records = (
        Attendance.objects.current()
        .filter(
            person=user,
            session__course__isnull=True,
            session__status=TrainingSession.Status.CLOSED,
        )
        .select_related("session")
        .prefetch_related(
            Prefetch(
                "session__hours_by_category",
                queryset=SessionHours.objects.select_related("category"),
            )
        )
    )
    formats = dict(HoursFormat.choices)
    entries = []
    for record in records:
        session = record.session
        values = {field_name: getattr(session, field_name) for field_name in SESSION_FIELDS}
        credit = credit_for(
            mark=record.mark, minutes=record.minutes_attended, values=values, rule=rule_for(session)
        )
        if credit is None:
            continue
        format_ = SESSION_FORMATS.get(session.format, HoursFormat.IN_PERSON)
        by_category, rows = session_categories(session, credit.hours)
        entries.append(
            CompletedCourse(
                title=session.title,
                completed_on=timezone.localdate(session.end),
                contact_hours=credit.hours,
                hours_by_category=by_category,
                hours_by_format={format_: credit.hours},
                category_rows=[(name, formats[format_], hours) for name, hours in rows],
                approvals=[],
                certificate=None,
                format_label=formats[format_],
            )
        )
    return entries


def session_categories(session, earned: Decimal) -> tuple[dict, list]:
    """({category id: hours}, [(category name, hours)]) of `earned` hours at `session`."""
    share = earned / session.contact_hours if session.contact_hours else ZERO
    by_category, rows = defaultdict(lambda: ZERO), []
    for row in session.hours_by_category.all():
        hours = (row.hours * min(share, Decimal(1))).quantize(HUNDREDTH, rounding=ROUND_DOWN)
        if hours <= 0:
            continue
        by_category[row.category_id] += hours
        rows.append((row.category.name, hours))
    return dict(by_category), rows


def current_period(track, starts_on: datetime.date | None, today: datetime.date):
    """(first day, last day) of the period that holds `today`; None for no limit.

    A learner who gave the day their period began gets that period, moved on by whole periods
    when it has passed; otherwise the period is the last `period_months` up to today.
    """
    if not track.period_months:
        return starts_on, None
    if starts_on is None:
        return add_months(today, -track.period_months) + datetime.timedelta(days=1), today
    start = starts_on
    if start > today:
        return start, add_months(start, track.period_months) - datetime.timedelta(days=1)
    while add_months(start, track.period_months) <= today:
        start = add_months(start, track.period_months)
    return start, add_months(start, track.period_months) - datetime.timedelta(days=1)


@dataclass
class CategoryProgress:
    name: str
    minimum: Decimal
    counted: Decimal

    @property
    def still_needed(self) -> Decimal:
        return max(self.minimum - self.counted, ZERO)


@dataclass
class TrackProgress:
    track: object
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    counted_hours: Decimal = ZERO
    approved_hours: Decimal = ZERO
    categories: list = field(default_factory=list)
    hours_by_format: dict = field(default_factory=dict)
    counted: list = field(default_factory=list)  # CompletedCourse
    not_counted: list = field(default_factory=list)  # (CompletedCourse, reason)

    @property
    def still_needed(self) -> Decimal:
        return max(self.track.total_hours - self.counted_hours, ZERO)

    @property
    def approved_still_needed(self) -> Decimal:
        minimum = self.track.approved_hours_minimum
        return max(minimum - self.approved_hours, ZERO) if minimum is not None else ZERO

    @property
    def complete(self) -> bool:
        return (
            self.still_needed == 0
            and self.approved_still_needed == 0
            and all(category.still_needed == 0 for category in self.categories)
        )


def _reason_not_counted(track, course: CompletedCourse, starts_on, ends_on) -> str:
    if starts_on and course.completed_on < starts_on:
        return _("Completed before this period began.")
    if ends_on and course.completed_on > ends_on:
        return _("Completed after this period ends.")
    if course.certificate_revoked:
        return _("Its certificate was revoked.")
    if track.requires_ce_approval and not course.approved_on_completion(track.approving_body):
        if track.approving_body:
            return _("Not approved by %(body)s when you completed it.") % {
                "body": track.approving_body
            }
        return _("Not CE-approved when you completed it.")
    return ""


def track_progress(
    track, completed: list[CompletedCourse], starts_on=None, today=None
) -> TrackProgress:
    """`track`'s minimums must be prefetched (``category_minimums__category``)."""
    today = today or timezone.localdate()
    first, last = current_period(track, starts_on, today)
    progress = TrackProgress(track=track, starts_on=first, ends_on=last)
    by_category, by_format = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for course in completed:
        reason = _reason_not_counted(track, course, first, last)
        if reason:
            progress.not_counted.append((course, reason))
            continue
        progress.counted.append(course)
        progress.counted_hours += course.contact_hours
        if course.approved_on_completion(track.approving_body):
            progress.approved_hours += course.contact_hours
        for category, hours in course.hours_by_category.items():
            by_category[category] += hours
        for format_, hours in course.hours_by_format.items():
            by_format[format_] += hours
    progress.categories = [
        CategoryProgress(
            name=minimum.category.name,
            minimum=minimum.minimum_hours,
            counted=by_category[minimum.category_id],
        )
        for minimum in track.category_minimums.all()
    ]
    labels = dict(HoursFormat.choices)
    progress.hours_by_format = {labels[key]: value for key, value in by_format.items()}
    return progress


def learner_tracks(user, completed: list[CompletedCourse], today=None) -> list[TrackProgress]:
    """Progress on each track `user` follows (three queries however many tracks)."""
    from .models import TrackCategoryMinimum

    choices = user.credential_tracks.select_related("track").prefetch_related(
        Prefetch(
            "track__category_minimums",
            queryset=TrackCategoryMinimum.objects.select_related("category"),
        )
    )
    return [
        track_progress(choice.track, completed, choice.period_starts_on, today)
        for choice in choices
    ]


def hours_by_category_and_format(completed: list[CompletedCourse]) -> list[tuple]:
    """(category, format, hours) over every course that still stands (revoked ones left out)."""
    totals = defaultdict(lambda: ZERO)
    for course in completed:
        if course.certificate_revoked:
            continue
        for name, format_label, hours in course.category_rows:
            totals[(name, format_label)] += hours
    return [(name, label, hours) for (name, label), hours in sorted(totals.items())]
