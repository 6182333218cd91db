"""An organization's live and community trainings in figures, for its managers, and the
roster of one session as CSV.

A session counts as held once it has ended and was not cancelled. "Attended" counts the
current attendance records that are not marked absent (corrections replace, never add);
"hours delivered" adds up the sessions' contact hours, and "participant hours" the minutes
each person attended (or the session's contact hours where no minutes were recorded).
Months are the months where each session happened, in its own time zone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from basics.dates import add_months

from .models import Attendance, Registration, SignInSheet, TrainingSession

REPORT_MONTHS = 12


def _per_session(queryset, aggregate):
    return Coalesce(
        Subquery(
            queryset.filter(session=OuterRef("pk"))
            .order_by()
            .values("session")
            .annotate(total=aggregate)
            .values("total"),
            output_field=IntegerField(),
        ),
        0,
    )


def held_sessions(organization, *, since=None, until=None, now=None):
    """The sessions `organization` (or any of a list of organizations) held from `since` until
    `until`, each with its figures annotated."""
    now = now or timezone.now()
    attended = Attendance.objects.current().exclude(mark=Attendance.Mark.ABSENT)
    hosts = organization if isinstance(organization, list | tuple) else [organization]
    sessions = TrainingSession.objects.filter(organization__in=hosts, end__lte=now).exclude(
        status=TrainingSession.Status.CANCELLED
    )
    if since is not None:
        sessions = sessions.filter(start__gte=since)
    if until is not None:
        sessions = sessions.filter(start__lt=until)
    return (
        sessions.annotate(
            registered_count=_per_session(Registration.objects.registered(), Count("pk")),
            attended_count=_per_session(attended, Count("pk")),
            attended_minutes=_per_session(
                attended.filter(minutes_attended__isnull=False), Sum("minutes_attended")
            ),
            unmeasured_count=_per_session(
                attended.filter(minutes_attended__isnull=True), Count("pk")
            ),
            kits=Coalesce(
                Subquery(
                    SignInSheet.objects.filter(session=OuterRef("pk")).values("naloxone_kits")[:1]
                ),
                0,
            ),
            from_sheet=Count("sign_in_sheet", filter=Q(sign_in_sheet__isnull=False)),
        )
        .select_related("course")
        .order_by("-start", "pk")
    )


@dataclass
class ReportLine:
    month: str  # "2026-03"
    course: str
    sessions: int = 0
    registered: int = 0
    attended: int = 0
    hours_delivered: Decimal = Decimal(0)
    participant_hours: Decimal = Decimal(0)
    kits: int = 0

    def add(self, session) -> None:
        self.sessions += 1
        self.registered += session.registered_count
        self.attended += session.attended_count
        self.hours_delivered += session.contact_hours
        self.participant_hours += (
            Decimal(session.attended_minutes) / Decimal(60)
            + session.unmeasured_count * session.contact_hours
        )
        self.kits += session.kits

    @property
    def participant_hours_shown(self) -> Decimal:
        return self.participant_hours.quantize(Decimal("0.1"))


@dataclass
class OrganizationReport:
    lines: list[ReportLine]
    total: ReportLine
    sessions: list = field(default_factory=list)
    since: object = None
    until: object = None  # the first day of the last month covered


def course_label(session) -> str:
    return (
        session.course.title
        if session.course_id
        else _("Standalone: %(title)s") % {"title": session.title}
    )


def _month_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day.replace(day=1), datetime.time.min))


def organization_report(
    organization, *, first_month=None, last_month=None, now=None
) -> OrganizationReport:
    """The sessions `organization` held from the start of `first_month` to the end of
    `last_month` (dates; default: the last REPORT_MONTHS months, this one included)."""
    now = now or timezone.now()
    last_month = (last_month or timezone.localdate(now)).replace(day=1)
    since_day = (first_month or add_months(last_month, -(REPORT_MONTHS - 1))).replace(day=1)
    since, until = _month_start(since_day), _month_start(add_months(last_month, 1))
    sessions = list(held_sessions(organization, since=since, until=until, now=now))
    lines: dict[tuple[str, str], ReportLine] = {}
    total = ReportLine(month="", course="")
    for session in sessions:
        month = timezone.localtime(session.start, session.zone).strftime("%Y-%m")
        course = course_label(session)
        lines.setdefault((month, course), ReportLine(month=month, course=course)).add(session)
        total.add(session)
    ordered = sorted(lines.values(), key=lambda line: (line.month, line.course), reverse=True)
    return OrganizationReport(
        lines=ordered, total=total, sessions=sessions, since=since_day, until=last_month
    )


def report_header() -> list[str]:
    return [
        _("Month"),
        _("Course or topic"),
        _("Sessions held"),
        _("Registered"),
        _("Attended"),
        _("Hours delivered"),
        _("Participant hours"),
        _("Naloxone kits handed out"),
    ]


def report_rows(report: OrganizationReport):
    """The page's "by month and course" table, then the total: figures, never names."""
    for line in [*report.lines, report.total]:
        yield [
            line.month if line is not report.total else _("Total"),
            line.course,
            line.sessions,
            line.registered,
            line.attended,
            line.hours_delivered.normalize(),
            line.participant_hours_shown,
            line.kits,
        ]


# One session's roster -----------------------------------------------------------------------


def roster_header() -> list[str]:
    return [
        _("Name"),
        _("Email"),
        _("Phone"),
        _("Registration"),
        _("Checked in"),
        _("How"),
        _("Checked out"),
        _("Minutes attended"),
        _("Final mark"),
        _("Reason"),
        _("Has an account"),
    ]


def roster_rows(session: TrainingSession):
    """Everyone registered or present, in the order they registered or arrived; a person
    registered and present is one row. Cells are made safe for spreadsheets by csv_lines."""
    zone = session.zone
    attendances = {
        each.person_id: each
        for each in Attendance.objects.current()
        .filter(session=session, person__isnull=False)
        .select_related("person")
    }

    def when(moment):
        return timezone.localtime(moment, zone).strftime("%Y-%m-%d %H:%M") if moment else ""

    def attendance_cells(attendance):
        if attendance is None:
            return [
                "",
                "",
                "",
                None,
                "",
                "",
            ]
        return [
            when(attendance.checked_in_at),
            attendance.get_method_display(),
            when(attendance.checked_out_at),
            attendance.minutes_attended,
            attendance.get_mark_display() if attendance.mark else "",
            attendance.mark_reason,
        ]

    registrations = (
        session.registrations.active().select_related("person").order_by("created_at", "pk")
    )
    for registration in registrations:
        person = registration.person
        attendance = attendances.pop(person.pk, None)
        yield [
            str(person),
            person.email,
            "",
            registration.get_status_display(),
            *attendance_cells(attendance),
            True,
        ]
    for attendance in attendances.values():  # present without registering
        yield [
            str(attendance.person),
            attendance.person.email,
            "",
            "",
            *attendance_cells(attendance),
            True,
        ]
    for attendance in (
        Attendance.objects.current().filter(session=session, person__isnull=True).order_by("pk")
    ):
        yield [
            attendance.name,
            attendance.email,
            attendance.phone,
            "",
            *attendance_cells(attendance),
            False,
        ]
