"""Figures across a coalition's member organizations, with small cells hidden.

Counts only members who agreed to share their training records with their organization, and
never names anyone: every figure is a count, a sum or a mean, passed through
:mod:`.suppression`. A period is one calendar quarter (filters.QuarterForm says why).

Definitions (the page says them in plain words too):

- people trained: different people who completed a course in the period;
- certificates issued: certificates issued in the period, not counting revoked ones or
  replaced versions;
- contact hours delivered: the hours printed on those certificates;
- mean knowledge gain: for completions in the period whose learner took both the pre-test and
  the paired post-test, the mean of (best post-test score - pre-test score), in points.

Reads four queries (memberships, completions, certificates, scores), whatever the size.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization
from basics.dates import add_months
from basics.numbers import mean
from courses.models import CoursePage, Enrollment

from .scores import scores_for
from .status import counted_certificates
from .suppression import Figure, about, count, protect, protect_table


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


@dataclass
class Period:
    first_month: datetime.date
    last_month: datetime.date

    @classmethod
    def quarter(cls, start: datetime.date) -> Period:
        """The calendar quarter that starts on `start` (its first month)."""
        return cls(start, add_months(start, 2))

    @property
    def months(self) -> list[datetime.date]:
        return months_between(self.first_month, self.last_month)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        zone = timezone.get_current_timezone()
        end = add_months(self.last_month, 1)
        return (
            datetime.datetime.combine(self.first_month, datetime.time(), zone),
            datetime.datetime.combine(end, datetime.time(), zone),
        )


@dataclass
class Row:
    label: str
    people: Figure
    certificates: Figure
    hours: Figure | None = None
    gain: Figure | None = None
    key: object = None


@dataclass
class CoalitionFigures:
    coalition: Organization
    period: Period
    organizations: list[Row] = field(default_factory=list)
    courses: list[Row] = field(default_factory=list)
    months: list[Row] = field(default_factory=list)
    total: Row | None = None
    chart_courses: list[CoursePage] = field(default_factory=list)
    # certificates issued per course (rows, in chart_courses order) and month (columns)
    chart_rows: list[list[Figure]] = field(default_factory=list)


def _hours(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)).normalize() if values else Decimal(0)


class _Tally:
    """People (a set), certificates and hours (with whose they are) for one row."""

    def __init__(self):
        self.people: set[int] = set()
        self.certificates = 0
        self.hours: list[Decimal] = []
        self.hour_people: set[int] = set()
        self.gains: list[Decimal] = []

    def row(self, label: str, key=None, *, gain: bool = False) -> Row:
        return Row(
            label=label,
            key=key,
            people=count(len(self.people)),
            certificates=count(self.certificates),
            hours=about(_hours(self.hours), len(self.hour_people)),
            gain=about(mean(self.gains, "0.1"), len(self.gains)) if gain else None,
        )


def coalition_figures(coalition: Organization, period: Period) -> CoalitionFigures:
    start, end = period.bounds()
    organizations = list(coalition.member_organizations.order_by("name"))
    memberships = Membership.objects.sharing_records().filter(organization__in=organizations)
    orgs_of = defaultdict(set)
    for organization_id, user_id in memberships.values_list("organization_id", "user_id"):
        orgs_of[user_id].add(organization_id)
    people = memberships.values("user_id")

    by_org = {organization.pk: _Tally() for organization in organizations}
    by_course: dict[int, _Tally] = defaultdict(_Tally)
    by_month: dict[datetime.date, _Tally] = {month: _Tally() for month in period.months}
    chart: dict[tuple[int, datetime.date], int] = defaultdict(int)
    total = _Tally()

    completions = list(
        Enrollment.objects.filter(
            user_id__in=people, completed_at__gte=start, completed_at__lt=end
        ).values_list("pk", "user_id", "course_id", "completed_at")
    )
    for _pk, user_id, course_id, completed_at in completions:
        month = month_start(timezone.localtime(completed_at).date())
        for tally in (total, by_course[course_id], by_month[month]):
            tally.people.add(user_id)
        for organization_id in orgs_of[user_id]:
            by_org[organization_id].people.add(user_id)

    certificates = counted_certificates().filter(
        learner_id__in=people, issued_at__gte=start, issued_at__lt=end
    )
    for learner_id, course_id, issued_at, hours in certificates.values_list(
        "learner_id", "course_id", "issued_at", "contact_hours"
    ):
        month = month_start(timezone.localtime(issued_at).date())
        chart[(course_id, month)] += 1
        tallies = [total, by_course[course_id], by_month[month]]
        tallies += [by_org[organization_id] for organization_id in orgs_of[learner_id]]
        for tally in tallies:
            tally.certificates += 1
            tally.hours.append(hours)
            tally.hour_people.add(learner_id)

    scores = scores_for(pk for pk, *_ in completions)
    for pk, _user_id, course_id, _at in completions:
        if pk in scores and scores[pk].gain is not None:
            by_course[course_id].gains.append(scores[pk].gain)

    course_pages = list(
        CoursePage.objects.filter(pk__in=list(by_course)).defer_streamfields().order_by("path")
    )
    figures = CoalitionFigures(coalition=coalition, period=period)
    figures.organizations = [
        by_org[organization.pk].row(organization.name, organization)
        for organization in organizations
    ]
    figures.courses = [
        by_course[course.pk].row(course.title, course, gain=True) for course in course_pages
    ]
    figures.months = [
        by_month[month].row(date_format(month, "F Y"), month) for month in period.months
    ]
    figures.total = total.row("total")
    for rows in (figures.organizations, figures.courses, figures.months):
        for measure in ("people", "certificates", "hours"):
            protect([getattr(row, measure) for row in rows])
    figures.chart_courses = course_pages
    figures.chart_rows = [
        [count(chart[(course.pk, month)]) for month in period.months] for course in course_pages
    ]
    protect_table(figures.chart_rows)
    return figures


def figures_header() -> list[str]:
    return [
        _("Table"),
        _("Organization, course or month"),
        _("People trained"),
        _("Certificates issued"),
        _("Contact hours delivered"),
        _("Mean knowledge gain (points)"),
    ]


def figures_rows(figures: CoalitionFigures):
    """The figures as CSV rows, hidden cells as on the page."""
    tables = [
        (_("By organization"), figures.organizations),
        (_("By course"), figures.courses),
        (_("By month"), figures.months),
        (_("All member organizations"), [figures.total]),
    ]
    for table, rows in tables:
        for row in rows:
            if row is figures.total:
                label = _("Total")
            elif isinstance(row.key, datetime.date):
                label = f"{row.key:%Y-%m}"
            else:
                label = row.label
            yield [
                table,
                label,
                row.people.text,
                row.certificates.text,
                row.hours.text if row.hours else "",
                row.gain.text if row.gain else "",
            ]
    table = _("Certificates issued by course and month")
    for course, cells in zip(figures.chart_courses, figures.chart_rows, strict=True):
        for month, cell in zip(figures.period.months, cells, strict=True):
            yield [table, f"{course.title} {month:%Y-%m}", "", cell.text, "", ""]
