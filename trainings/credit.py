"""Live credit: what attending a closed session earns, and the attendance step of a blended course.

The course sets the rule (``CoursePage.live_minimum_percent``, default 90%, and
``live_partial_credit``, what attending part earns, as its approval allows; domain.md §1.3).
A standalone session follows the default rule. Someone marked *attended* for at least the
minimum share earns the session's contact hours; someone who attended part earns nothing, or,
when the course allows it, the minutes attended in whole quarter hours (at least one, at most
the session's hours). Only current records at closed sessions count.

A course whose delivery format is blended or live needs attendance besides its online part:
:func:`attendance_requirements` (registered for ``courses.signals.OUTSIDE_REQUIREMENTS_HOOK``)
adds the step, met once the learner has a record at a closed session of the course that earns
credit. For a renewal (cycle 2 on), only sessions that ended after the cycle began count.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.choices import DeliveryFormat, PartialCredit
from courses.models import Enrollment
from courses.services.progress import RequirementStatus, load_progress_many
from courses.services.records import evaluate_completion

from .models import Attendance, TrainingSession

STEP_KEY = "live-session"
DEFAULT_MINIMUM_PERCENT = 90
NEEDS_ATTENDANCE = (DeliveryFormat.BLENDED, DeliveryFormat.LIVE)
QUARTER_HOURS_PER_HOUR = 4


@dataclass(frozen=True)
class CreditRule:
    minimum_percent: int = DEFAULT_MINIMUM_PERCENT
    partial: str = PartialCredit.NONE

    def minimum_minutes(self, session_length: int) -> int:
        return math.ceil(session_length * self.minimum_percent / 100)


def rule_of_course(course) -> CreditRule:
    if course is None:
        return CreditRule()
    return CreditRule(course.live_minimum_percent, course.live_partial_credit)


def rule_for(session: TrainingSession) -> CreditRule:
    return rule_of_course(session.course if session.course_id else None)


def needs_attendance(course) -> bool:
    return course is not None and course.delivery_format in NEEDS_ATTENDANCE


@dataclass(frozen=True)
class LiveCredit:
    """What one record at one closed session earns."""

    session_id: int
    session_format: str
    hours: Decimal
    minutes: int
    full: bool
    session_end: datetime.datetime


def _length(start, end) -> int:
    return int((end - start).total_seconds() // 60)


def _quarter_hours(minutes: int) -> Decimal:
    return Decimal(minutes * QUARTER_HOURS_PER_HOUR // 60) / QUARTER_HOURS_PER_HOUR


def credit_for(
    *, mark: str, minutes: int | None, values: dict, rule: CreditRule
) -> LiveCredit | None:
    """What a current record with `mark` and `minutes` at a session (`values`: its
    ``SESSION_FIELDS``) earns under `rule`; None for nothing, or a session not closed."""
    if values["status"] != TrainingSession.Status.CLOSED:
        return None
    if mark not in (Attendance.Mark.ATTENDED, Attendance.Mark.PARTIAL):
        return None
    length = _length(values["start"], values["end"])
    if minutes is None:  # a mark without minutes (a sheet): the facilitator vouched for it
        minutes = length if mark == Attendance.Mark.ATTENDED else 0
    contact_hours = values["contact_hours"]
    common = {
        "session_id": values["id"],
        "session_format": values["format"],
        "minutes": minutes,
        "session_end": values["end"],
    }
    if mark == Attendance.Mark.ATTENDED and minutes >= rule.minimum_minutes(length):
        return LiveCredit(hours=contact_hours, full=True, **common)
    if rule.partial != PartialCredit.MINUTES:
        return None
    hours = min(contact_hours, _quarter_hours(minutes))
    if hours <= 0:
        return None
    return LiveCredit(hours=hours, full=False, **common)


SESSION_FIELDS = ("id", "code", "course_id", "start", "end", "status", "contact_hours", "format")


def _best(credits: list[LiveCredit]) -> LiveCredit | None:
    return max(credits, key=lambda each: (each.hours, each.full), default=None)


def _credits_by_person_and_course(courses: dict, user_ids: set) -> tuple[dict, dict]:
    """Closed and open sessions of `courses` (one query) and what each of `user_ids` earned
    at the closed ones (one query): ({course id: [session values]}, {(user, course): [credit]})."""
    sessions = defaultdict(list)
    by_id = {}
    for values in (
        TrainingSession.objects.filter(course_id__in=courses)
        .exclude(status=TrainingSession.Status.CANCELLED)
        .values(*SESSION_FIELDS, "invitation_only")
    ):
        sessions[values["course_id"]].append(values)
        by_id[values["id"]] = values
    earned = defaultdict(list)
    closed = [pk for pk, values in by_id.items() if values["status"] == "closed"]
    if closed and user_ids:
        records = (
            Attendance.objects.current()
            .filter(session_id__in=closed, person_id__in=user_ids)
            .values_list("person_id", "session_id", "mark", "minutes_attended")
        )
        for person_id, session_id, mark, minutes in records:
            values = by_id[session_id]
            rule = rule_of_course(courses[values["course_id"]])
            credit = credit_for(mark=mark, minutes=minutes, values=values, rule=rule)
            if credit is not None:
                earned[(person_id, values["course_id"])].append(credit)
    return sessions, earned


def _counts_for(enrollment: Enrollment, credit: LiveCredit) -> bool:
    return enrollment.cycle <= 1 or credit.session_end >= enrollment.enrolled_at


def _step_url(sessions: list[dict]) -> str:
    """The next public session of the course to register for, else the list of sessions."""
    now = timezone.now()
    upcoming = [
        each
        for each in sessions
        if each["status"] == "scheduled" and each["end"] > now and not each["invitation_only"]
    ]
    if upcoming:
        soonest = min(upcoming, key=lambda each: each["start"])
        return reverse("trainings:detail", args=[soonest["code"]])
    return reverse("trainings:list")


def attendance_requirements(pairs) -> list[list[RequirementStatus]]:
    """The attendance step of each (course, enrollment or None) pair whose course needs one
    (none for the others), in two queries however many pairs, none when no course needs it."""
    courses = {course.pk: course for course, _e in pairs if course.pk and needs_attendance(course)}
    if not courses:
        return [[] for _pair in pairs]
    user_ids = {
        enrollment.user_id
        for course, enrollment in pairs
        if enrollment is not None and course.pk in courses
    }
    sessions, earned = _credits_by_person_and_course(courses, user_ids)
    statuses = []
    for course, enrollment in pairs:
        if course.pk not in courses:
            statuses.append([])
            continue
        met = enrollment is not None and any(
            _counts_for(enrollment, credit) for credit in earned[(enrollment.user_id, course.pk)]
        )
        statuses.append(
            [
                RequirementStatus(
                    STEP_KEY,
                    _("Attend a live session of this course"),
                    met=met,
                    url=_step_url(sessions[course.pk]),
                    place="alongside",
                )
            ]
        )
    return statuses


def live_credit_for(enrollment: Enrollment) -> LiveCredit | None:
    """The best credit `enrollment`'s learner earned at a closed session of its course (for the
    certificate's hours by format); None for a course without attendance, or none earned."""
    course = enrollment.course
    if not needs_attendance(course):
        return None
    _sessions, earned = _credits_by_person_and_course({course.pk: course}, {enrollment.user_id})
    credits = [c for c in earned[(enrollment.user_id, course.pk)] if _counts_for(enrollment, c)]
    return _best(credits)


def recheck_completion(session: TrainingSession, person_ids) -> int:
    """Ask the courses app again whether each person's current enrolment in the session's
    course is complete, now that their attendance is final; returns how many are."""
    if session.course_id is None or not person_ids:
        return 0
    enrollments = list(
        Enrollment.objects.current()
        .filter(course_id=session.course_id, user_id__in=set(person_ids), completed_at=None)
        .select_related("course")
    )
    progress = load_progress_many(enrollments)
    return sum(
        1
        for enrollment in enrollments
        if evaluate_completion(enrollment, progress=progress[enrollment.pk])
    )


def standalone_credit(session: TrainingSession, person) -> tuple[Attendance, LiveCredit] | None:
    """What `person`'s current record at `session` earns, for a statement of attendance: only
    at a closed session that belongs to no course (a course's sessions count toward its
    certificate instead). None when there is no record or it earns nothing."""
    if session.course_id is not None or session.status != TrainingSession.Status.CLOSED:
        return None
    if person is None or not person.is_authenticated:
        return None
    record = Attendance.objects.current().filter(session=session, person=person).first()
    if record is None:
        return None
    values = {name: getattr(session, name) for name in SESSION_FIELDS}
    earned = credit_for(
        mark=record.mark, minutes=record.minutes_attended, values=values, rule=rule_for(session)
    )
    return (record, earned) if earned is not None else None
