"""What a manager sees of their organization's people: the staff table and its CSV rows.

Everything starts from ``accounts.permissions.visible_members`` (members who share their
records, for this organization's managers, at the time of the request); filters only narrow
it. The staff table costs a fixed number of queries per page whatever its size: the page of
memberships, the courses, their enrolments, their certificates and their progress.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.core.paginator import Paginator
from django.db.models import (
    CharField,
    DateTimeField,
    Exists,
    F,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Greatest, Lower, NullIf, Trim
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext

from accounts.models import Membership
from certificates.models import Certificate
from courses import page_cache
from courses.models import Attempt, CoursePage, Enrollment, LessonProgress
from courses.services.progress import load_progress_many
from practice.requirements import required_sign_offs_met

from .filters import StaffFilterForm
from .scores import NO_SCORES, Scores, scores_for
from .status import (
    TrainingStatus,
    counted_certificates,
    filter_by_training_status,
    keep_latest,
    training_status,
)


def person_name(prefix: str = "user__"):
    """The name managers see: full name, else name for certificates, display name, email."""
    full = Trim(Concat(F(f"{prefix}first_name"), Value(" "), F(f"{prefix}last_name")))
    return Coalesce(
        NullIf(full, Value("")),
        NullIf(F(f"{prefix}certificate_name"), Value("")),
        NullIf(F(f"{prefix}display_name"), Value("")),
        F(f"{prefix}email"),
        output_field=CharField(),
    )


def last_activity():
    """The person's latest enrolment, lesson view or completion, or quiz submission."""
    enrolment = Subquery(
        Enrollment.objects.filter(user_id=OuterRef("user_id"))
        .annotate(at=Coalesce("completed_at", "enrolled_at"))
        .order_by("-at")
        .values("at")[:1]
    )
    lesson = Subquery(
        LessonProgress.objects.filter(enrollment__user_id=OuterRef("user_id"))
        .annotate(at=Coalesce("completed_at", "first_viewed_at"))
        .order_by("-at")
        .values("at")[:1]
    )
    attempt = Subquery(
        Attempt.objects.filter(enrollment__user_id=OuterRef("user_id"), submitted_at__isnull=False)
        .order_by("-submitted_at")
        .values("submitted_at")[:1]
    )
    # Lessons and attempts exist only under an enrolment, so `enrolment` is NULL only when
    # everything is; the Coalesces keep GREATEST's NULL handling the same on every database.
    return Greatest(
        Coalesce(lesson, enrolment),
        enrolment,
        Coalesce(attempt, enrolment),
        output_field=DateTimeField(),
    )


def day_bounds(start: datetime.date | None, end: datetime.date | None) -> dict:
    """Lookups for "completed on `start` .. `end`" (both inclusive) in the site's time zone."""
    bounds = {}
    zone = timezone.get_current_timezone()
    if start:
        bounds["completed_at__gte"] = datetime.datetime.combine(start, datetime.time(), zone)
    if end:
        next_day = end + datetime.timedelta(days=1)
        bounds["completed_at__lt"] = datetime.datetime.combine(next_day, datetime.time(), zone)
    return bounds


def offered_courses(members: QuerySet[Membership]) -> list[CoursePage]:
    """Published courses (kept: ``courses.page_cache.every_course``), plus any unpublished one
    these members are enrolled in (one query, only when the site has an unpublished course)."""
    live, not_live = page_cache.every_course()
    if not not_live:
        return live
    enrolled = Enrollment.objects.filter(
        user_id__in=members.values("user_id"), course_id__in=not_live
    ).values("course_id")
    unpublished = list(CoursePage.objects.filter(pk__in=enrolled).defer_streamfields())
    return sorted([*live, *unpublished], key=lambda course: course.path)


STAFF_SORTS = {
    "name": [Lower("name").asc(), "pk"],
    "-name": [Lower("name").desc(), "-pk"],
    "email": ["user__email", "pk"],
    "-email": ["-user__email", "-pk"],
    "role": ["-role", Lower("name").asc(), "pk"],  # managers first
    "-role": ["role", Lower("name").asc(), "pk"],
    "activity": [F("last_activity").desc(nulls_last=True), "pk"],  # most recent first
    "-activity": [F("last_activity").asc(nulls_first=True), "pk"],
}


def filtered_members(
    members: QuerySet[Membership], form: StaffFilterForm, courses: list[CoursePage]
) -> QuerySet[Membership]:
    """The memberships the viewer may see (`members`, from ``visible_members``), narrowed by
    `form`, annotated and sorted."""
    course = form.selected_course
    course_ids = [course.pk] if course else [item.pk for item in courses]
    if role := form.value("role"):
        members = members.filter(role=role)
    start, end = form.date_range()
    if start or end:
        completed = Enrollment.objects.filter(
            user_id=OuterRef("user_id"), course_id__in=course_ids, **day_bounds(start, end)
        )
        members = members.filter(Exists(completed))
    if status := form.value("status"):
        members = filter_by_training_status(members, status, course_ids, timezone.localdate())
    sort = form.sort_key if form.sort_key in STAFF_SORTS else "name"
    members = members.annotate(name=person_name())
    if sort.endswith("activity"):
        # Only to sort by it: for every member, it costs more to plan and run than the rest of
        # the page (the staff page reads it for its rows alone, see `with_last_activity`).
        members = members.annotate(last_activity=last_activity())
    return members.order_by(*STAFF_SORTS[sort])


def with_last_activity(memberships: list[Membership]) -> None:
    """Set ``last_activity`` (as :func:`last_activity` has it) on memberships that lack it, in
    one grouped query over their people's enrolments, lesson views and submitted attempts."""
    missing = {m.user_id: m for m in memberships if not hasattr(m, "last_activity")}
    for membership in missing.values():
        membership.last_activity = None
    latest = (
        Enrollment.objects.filter(user_id__in=list(missing))
        .values("user_id")
        .annotate(
            enrolment=Max(Coalesce("completed_at", "enrolled_at")),
            lesson=Max(
                Coalesce("lesson_progress__completed_at", "lesson_progress__first_viewed_at")
            ),
            attempt=Max("attempts__submitted_at"),
        )
        .order_by()
    )
    for row in latest if missing else ():
        times = [row[name] for name in ("enrolment", "lesson", "attempt") if row[name]]
        missing[row["user_id"]].last_activity = max(times, default=None)


@dataclass
class Cell:
    """One member in one course."""

    course: CoursePage
    status: str
    percent: int | None = None
    completed_on: datetime.date | None = None
    valid_until: datetime.date | None = None
    # None: the course has no required skills checklist; else whether it is signed off.
    skills_signed_off: bool | None = None

    @property
    def label(self) -> str:
        return TrainingStatus(self.status).label

    @property
    def text(self) -> str:
        """What the staff page's cell says (built here, not in an include per cell: a page
        has a cell for every member and course, and an include per cell cost a third of it)."""
        status = self.status
        if status == TrainingStatus.IN_PROGRESS:
            text = (
                gettext("In progress: %(percent)s%%") % {"percent": self.percent}
                if self.percent is not None
                else gettext("In progress")
            )
            if self.valid_until:
                text += " " + gettext("(renewing; the current certificate runs until %(date)s)") % {
                    "date": _day(self.valid_until)
                }
            if self.skills_signed_off is not None:
                text += " · " + (
                    gettext("skills signed off")
                    if self.skills_signed_off
                    else gettext("skills not signed off yet")
                )
            return conditional_escape(text)
        if status == TrainingStatus.COMPLETED:
            text = gettext("Completed %(date)s; certificate not issued yet")
            return conditional_escape(text % {"date": _day(self.completed_on)})
        if status == TrainingStatus.VALID and self.valid_until:
            text = gettext("Certificate valid until %(date)s")
            return conditional_escape(text % {"date": _day(self.valid_until)})
        if status == TrainingStatus.VALID:
            return conditional_escape(gettext("Certificate valid"))
        if status == TrainingStatus.EXPIRING:
            text = gettext("Certificate expires %(date)s") % {"date": _day(self.valid_until)}
            return format_html("<strong>{}</strong>", text)
        if status == TrainingStatus.EXPIRED and self.valid_until:
            text = gettext("Certificate expired %(date)s")
            return conditional_escape(text % {"date": _day(self.valid_until)})
        if status == TrainingStatus.EXPIRED:
            return conditional_escape(gettext("Certificate expired"))
        return conditional_escape(gettext("Not started"))


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


@dataclass
class StaffRow:
    membership: Membership
    cells: list[Cell] = field(default_factory=list)
    # Said here once per page rather than per row in the template (``get_role_display`` and
    # the ``date`` filter translate every choice and month name again for each row).
    role_label: str = ""
    last_activity_day: str = ""
    last_activity_iso: str = ""


def _newest(certificates) -> dict[tuple[int, int], Certificate]:
    newest = {}
    for certificate in certificates:
        key = (certificate.learner_id, certificate.course_id)
        if key not in newest or (certificate.completed_at, certificate.pk) > (
            newest[key].completed_at,
            newest[key].pk,
        ):
            newest[key] = certificate
    return newest


def staff_rows(memberships: list[Membership], courses: list[CoursePage]) -> list[StaffRow]:
    """The table rows for `memberships`: 2 queries, plus progress for unfinished enrolments."""
    user_ids = [membership.user_id for membership in memberships]
    by_id = {course.pk: course for course in courses}
    enrollments = keep_latest(
        Enrollment.objects.filter(user_id__in=user_ids, course_id__in=list(by_id))
    )
    for enrollment in enrollments.values():
        enrollment.course = by_id[enrollment.course_id]
    certificates = _newest(
        counted_certificates()
        .filter(learner_id__in=user_ids, course_id__in=list(by_id))
        .only("learner_id", "course_id", "status", "valid_until", "completed_at", "code")
    )
    progress = load_progress_many(
        [enrollment for enrollment in enrollments.values() if enrollment.completed_at is None]
    )
    today = timezone.localdate()
    role_labels = {role: str(label) for role, label in Membership.Role.choices}
    rows = []
    for membership in memberships:
        last_activity = getattr(membership, "last_activity", None)
        if last_activity is not None:
            last_activity = timezone.localtime(last_activity)
        row = StaffRow(
            membership,
            role_label=role_labels.get(membership.role, membership.role),
            last_activity_day=_day(last_activity),
            last_activity_iso=last_activity.isoformat() if last_activity else "",
        )
        for course in courses:
            key = (membership.user_id, course.pk)
            enrollment, certificate = enrollments.get(key), certificates.get(key)
            cell = Cell(course, training_status(enrollment, certificate, today))
            if enrollment is not None and enrollment.pk in progress:
                cell.percent = progress[enrollment.pk].percent
                cell.skills_signed_off = required_sign_offs_met(progress[enrollment.pk])
            if enrollment is not None and enrollment.completed_at:
                cell.completed_on = timezone.localdate(enrollment.completed_at)
            if certificate is not None:
                cell.valid_until = certificate.valid_until
            row.cells.append(cell)
        rows.append(row)
    return rows


@dataclass
class StaffPage:
    courses: list[CoursePage]
    shown_courses: list[CoursePage]
    page: object
    rows: list[StaffRow]


def staff_page(visible: QuerySet[Membership], form: StaffFilterForm, courses, number):
    """One page of the staff table, from the members the viewer may see (``visible_members``)."""
    members = filtered_members(visible, form, courses)
    page = Paginator(members, form.page_size).get_page(number)
    shown = [form.selected_course] if form.selected_course else courses
    memberships = list(page.object_list)
    with_last_activity(memberships)
    return StaffPage(courses, shown, page, staff_rows(memberships, shown))


# The training-records CSV ------------------------------------------------------------------

RECORDS_CHUNK = 500


def _chunks(iterable, size) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass(frozen=True)
class RecordRow:
    """One member in one course, for the CSV."""

    name: str
    email: str
    role: str
    course: CoursePage
    enrollment: Enrollment | None
    certificate: Certificate | None
    status: str
    scores: Scores


def training_records(
    members: QuerySet[Membership], form: StaffFilterForm, courses: list[CoursePage]
) -> Iterator[RecordRow]:
    """One row per member and course, members in name order, read 500 members at a time.

    `members` are those the viewer may already see (the caller asked the access check once).

    Each batch costs 3 queries (enrolments, certificates, scores), so memory stays flat
    however large the organization is.
    """
    shown = [form.selected_course] if form.selected_course else courses
    by_id = {course.pk: course for course in shown}
    member_rows = (
        filtered_members(members, form, courses)
        .values_list("user_id", "name", "user__email", "role")
        .iterator(chunk_size=RECORDS_CHUNK)
    )
    today = timezone.localdate()
    role_labels = dict(Membership.Role.choices)
    for chunk in _chunks(member_rows, RECORDS_CHUNK):
        user_ids = [row[0] for row in chunk]
        enrollments = keep_latest(
            Enrollment.objects.filter(user_id__in=user_ids, course_id__in=list(by_id)).only(
                "id", "user_id", "course_id", "cycle", "enrolled_at", "completed_at"
            )
        )
        certificates = _newest(
            counted_certificates()
            .filter(learner_id__in=user_ids, course_id__in=list(by_id))
            .only(
                "learner_id",
                "course_id",
                "status",
                "valid_until",
                "completed_at",
                "code",
                "contact_hours",
            )
        )
        scores = scores_for(enrollment.pk for enrollment in enrollments.values())
        for user_id, name, email, role in chunk:
            for course in shown:
                enrollment = enrollments.get((user_id, course.pk))
                certificate = certificates.get((user_id, course.pk))
                yield RecordRow(
                    name=name,
                    email=email,
                    role=str(role_labels.get(role, role)),
                    course=course,
                    enrollment=enrollment,
                    certificate=certificate,
                    status=training_status(enrollment, certificate, today),
                    scores=scores.get(enrollment.pk, NO_SCORES) if enrollment else NO_SCORES,
                )
