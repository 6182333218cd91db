"""Records kept for audits (R13): an organization's audit export for a date range, and what is
past its retention period.

The export is a ZIP of CSV files: the live sessions the organization hosted, and, for the
members who share their records with it (read at the moment of the export), their attendance,
quiz scores, course evaluations (ratings and confidence, not the free-text comments) and
certificates. Every cell goes through ``basics.spreadsheets`` (the formula-injection guard).
Each file is written to a temporary file that moves to disk past 1 MB, so memory stays flat.

Nothing here deletes anything: ``list_past_retention`` only lists. Certificates stay
verifiable by their holders whatever an organization keeps, so removing records is a decision
for people, not for a job.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
import zipfile
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from basics.dates import add_months
from basics.spreadsheets import safe_row
from certificates.models import Certificate
from courses.models import Attempt, EvaluationResponse
from trainings.models import Attendance, TrainingSession

IN_MEMORY = 1024 * 1024


def _day_bounds(start: datetime.date, end: datetime.date):
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, zone)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    return first, after


def _person(user) -> list[str]:
    return [str(user), user.email]


def sessions_table(organization, start, end):
    first, after = _day_bounds(start, end)
    sessions = (
        TrainingSession.objects.filter(organization=organization, start__gte=first, start__lt=after)
        .annotate(
            attended=Count(
                "attendances",
                filter=Q(
                    attendances__superseded_at__isnull=True,
                    attendances__mark__in=(Attendance.Mark.ATTENDED, Attendance.Mark.PARTIAL),
                ),
            )
        )
        .order_by("start", "pk")
    )
    header = ["Session", "Code", "Starts", "Format", "Contact hours", "Status", "Attended"]
    rows = (
        [
            s.title,
            s.code,
            timezone.localtime(s.start).isoformat(timespec="minutes"),
            s.get_format_display(),
            s.contact_hours,
            s.get_status_display(),
            s.attended,
        ]
        for s in sessions.iterator(chunk_size=500)
    )
    return header, rows


def attendance_table(user_ids, start, end):
    first, after = _day_bounds(start, end)
    records = (
        Attendance.objects.current()
        .filter(person_id__in=user_ids, session__start__gte=first, session__start__lt=after)
        .select_related("person", "session")
        .order_by("session__start", "pk")
    )
    header = ["Name", "Email", "Session", "Session code", "Date", "Mark", "Minutes attended"]
    rows = (
        [
            *_person(a.person),
            a.session.title,
            a.session.code,
            timezone.localdate(a.session.start).isoformat(),
            a.get_mark_display(),
            a.minutes_attended,
        ]
        for a in records.iterator(chunk_size=500)
    )
    return header, rows


def scores_table(user_ids, start, end):
    first, after = _day_bounds(start, end)
    attempts = (
        Attempt.objects.filter(
            enrollment__user_id__in=user_ids, submitted_at__gte=first, submitted_at__lt=after
        )
        .select_related("enrollment__user", "enrollment__course", "quiz")
        .order_by("submitted_at", "pk")
    )
    header = ["Name", "Email", "Course", "Quiz", "Attempt", "Submitted", "Score (%)", "Passed"]
    rows = (
        [
            *_person(a.enrollment.user),
            a.enrollment.course.title,
            a.quiz.title,
            a.number,
            timezone.localdate(a.submitted_at).isoformat(),
            a.percent,
            a.passed,
        ]
        for a in attempts.iterator(chunk_size=500)
    )
    return header, rows


def evaluations_table(user_ids, start, end):
    first, after = _day_bounds(start, end)
    responses = (
        EvaluationResponse.objects.filter(
            enrollment__user_id__in=user_ids, submitted_at__gte=first, submitted_at__lt=after
        )
        .select_related("enrollment__user", "enrollment__course")
        .order_by("submitted_at", "pk")
    )
    header = ["Name", "Email", "Course", "Submitted", "Ratings", "Confidence before", "after"]
    rows = (
        [
            *_person(r.enrollment.user),
            r.enrollment.course.title,
            timezone.localdate(r.submitted_at).isoformat(),
            "; ".join(
                f"{s.get('text', '')}: {r.ratings.get(s.get('id'), '')}" for s in r.statements
            ),
            r.confidence_before,
            r.confidence_after,
        ]
        for r in responses.iterator(chunk_size=500)
    )
    return header, rows


def certificates_table(user_ids, start, end):
    certificates = (
        Certificate.objects.current()
        .filter(learner_id__in=user_ids, completion_date__gte=start, completion_date__lte=end)
        .select_related("learner")
        .order_by("completion_date", "pk")
    )
    header = [
        "Name on certificate",
        "Email",
        "Course",
        "Certificate code",
        "Completed",
        "Contact hours",
        "Status",
        "Valid until",
    ]
    rows = (
        [
            c.learner_name,
            c.learner.email if c.learner else "",
            c.course_title,
            c.display_code,
            c.completion_date.isoformat(),
            c.contact_hours,
            c.get_current_status_display(),
            c.valid_until.isoformat() if c.valid_until else "",
        ]
        for c in certificates.iterator(chunk_size=500)
    )
    return header, rows


def audit_tables(organization, start, end) -> dict:
    user_ids = list(organization.memberships.sharing_records().values_list("user_id", flat=True))
    return {
        "sessions.csv": sessions_table(organization, start, end),
        "attendance.csv": attendance_table(user_ids, start, end),
        "scores.csv": scores_table(user_ids, start, end),
        "evaluations.csv": evaluations_table(user_ids, start, end),
        "certificates.csv": certificates_table(user_ids, start, end),
    }


def write_audit_zip(organization, start, end, into) -> dict[str, int]:
    """Write the audit ZIP to the binary file `into`; returns the row count of each file."""
    counts = {}
    with zipfile.ZipFile(into, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in audit_tables(organization, start, end).items():
            with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY) as spool:
                text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
                writer = csv.writer(text)
                writer.writerow(safe_row(header))
                counts[name] = 0
                for row in rows:
                    writer.writerow(safe_row(row))
                    counts[name] += 1
                text.flush()
                spool.seek(0)
                with archive.open(name, "w") as member:
                    while chunk := spool.read(64 * 1024):
                        member.write(chunk)
                text.detach()
    return counts


@dataclass
class PastRetention:
    organization: object
    years: int
    cutoff: datetime.date  # records from before this day are past retention
    counts: dict


def past_retention(organization, years: int, today: datetime.date) -> PastRetention:
    """How many of the organization's records are older than its retention period."""
    cutoff = add_months(today, -12 * years)
    earliest = datetime.date(1900, 1, 1)
    last = cutoff - datetime.timedelta(days=1)
    counts = {}
    for name, (_header, rows) in audit_tables(organization, earliest, last).items():
        counts[name.removesuffix(".csv")] = sum(1 for _row in rows)
    return PastRetention(organization, years, cutoff, counts)
