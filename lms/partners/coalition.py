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

Counted in the database (grouped, with conditional counts per month): nine queries whatever
the number of people, and no person's row is read into Python.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization
from basics.dates import add_months
from basics.numbers import mean_of_total
from courses.choices import QuizKind
from courses.models import Attempt, CoursePage, Enrollment, QuizPage

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


def _hours(total: Decimal | None) -> Decimal:
    return Decimal(total).normalize() if total else Decimal(0)


def _row(label: str, counts: dict | None, key=None, *, gain: bool = False) -> Row:
    """A table row from one group's counts (see :func:`_certificate_counts`); none: all zero."""
    counts = counts or {}
    return Row(
        label=label,
        key=key,
        people=count(counts.get("people") or 0),
        certificates=count(counts.get("certificates") or 0),
        hours=about(_hours(counts.get("hours")), counts.get("hour_people") or 0),
        gain=about(
            mean_of_total(counts.get("gain_sum") or 0, counts.get("gains") or 0, "0.1"),
            counts.get("gains") or 0,
        )
        if gain
        else None,
    )


def _month_bounds(period: Period) -> list[tuple[datetime.datetime, datetime.datetime]]:
    return [Period(month, month).bounds() for month in period.months]


def _in(field_name: str, bounds: tuple[datetime.datetime, datetime.datetime]) -> Q:
    return Q(**{f"{field_name}__gte": bounds[0], f"{field_name}__lt": bounds[1]})


def _people_counts(months) -> dict:
    """Different people who completed, in all and per month (conditional counts)."""
    counts = {"people": Count("user_id", distinct=True)}
    for index, bounds in enumerate(months):
        counts[f"people_{index}"] = Count(
            "user_id", distinct=True, filter=_in("completed_at", bounds)
        )
    return counts


def _certificate_counts(months, prefix: str = "") -> dict:
    """Certificates, their hours and whose they are, in all and per month."""
    counts = {
        "certificates": Count(f"{prefix}pk"),
        "hours": Sum(f"{prefix}contact_hours"),
        "hour_people": Count(f"{prefix}learner_id", distinct=True),
    }
    for index, bounds in enumerate(months):
        issued = _in(f"{prefix}issued_at", bounds)
        counts[f"certificates_{index}"] = Count(f"{prefix}pk", filter=issued)
        counts[f"hours_{index}"] = Sum(f"{prefix}contact_hours", filter=issued)
        counts[f"hour_people_{index}"] = Count(f"{prefix}learner_id", distinct=True, filter=issued)
    return counts


def _gain() -> Subquery | None:
    """A completion's knowledge gain, by the rules of :mod:`.scores`: the best post-test
    attempt's score minus the first pre-test attempt's, when that post-test is paired with that
    pre-test (else NULL); None when no post-test is paired with a pre-test. The quizzes are
    read first (a few rows), so each completion's look-up is one subquery on its own attempts,
    with no join."""
    pre_tests, paired_with = [], {}
    quizzes = QuizPage.objects.filter(kind__in=[QuizKind.PRE_TEST, QuizKind.POST_TEST])
    for pk, kind, paired in quizzes.values_list("pk", "kind", "paired_pretest_id"):
        if kind == QuizKind.PRE_TEST:
            pre_tests.append(pk)
        else:
            paired_with[pk] = paired
    submitted = Attempt.objects.filter(submitted_at__isnull=False, percent__isnull=False)
    first_pre = submitted.filter(
        enrollment_id=OuterRef("enrollment_id"), quiz_id__in=pre_tests
    ).order_by("number", "pk")
    pretest_of_quiz = Case(
        *(When(quiz_id=post, then=Value(pre)) for post, pre in paired_with.items() if pre),
        default=Value(None),
        output_field=IntegerField(),
    )
    best_post = (
        submitted.filter(enrollment_id=OuterRef("pk"), quiz_id__in=list(paired_with))
        .order_by("-percent", "pk")
        .annotate(pretest=pretest_of_quiz)
        .annotate(
            gain=Case(
                When(
                    Q(pretest=Subquery(first_pre.values("quiz_id")[:1])),
                    then=F("percent") - Subquery(first_pre.values("percent")[:1]),
                ),
                default=Value(None),
                output_field=DecimalField(max_digits=6, decimal_places=2),
            )
        )
    )
    if not any(paired_with.values()):
        return None
    return Subquery(best_post.values("gain")[:1])


def _month_counts(counts: dict, index: int) -> dict:
    return {name: counts.get(f"{name}_{index}") for name in _MEASURES}


_MEASURES = ("people", "certificates", "hours", "hour_people")


def coalition_figures(coalition: Organization, period: Period) -> CoalitionFigures:
    """The coalition's figures for `period`, counted in the database: a fixed number of
    queries (grouped, with conditional counts per month), whatever the number of people."""
    start, end = period.bounds()
    months = _month_bounds(period)
    organizations = list(coalition.member_organizations.order_by("name"))
    memberships = Membership.objects.sharing_records().filter(organization__in=organizations)
    completions = Enrollment.objects.filter(
        user_id__in=memberships.values("user_id"), completed_at__gte=start, completed_at__lt=end
    ).order_by()
    certificates = (
        counted_certificates()
        .filter(
            learner_id__in=memberships.values("user_id"), issued_at__gte=start, issued_at__lt=end
        )
        .order_by()
    )

    overall = completions.aggregate(**_people_counts(months))
    overall |= certificates.aggregate(**_certificate_counts(months))
    by_course: dict[int, dict] = defaultdict(dict)
    per_course = {"people": Count("user_id", distinct=True)}
    if gain := _gain():
        completions = completions.annotate(gain=gain)
        per_course |= {"gain_sum": Sum("gain"), "gains": Count("gain")}
    for row in completions.values("course_id").annotate(**per_course):
        by_course[row.pop("course_id")].update(row)
    for row in certificates.values("course_id").annotate(**_certificate_counts(months)):
        by_course[row.pop("course_id")].update(row)

    by_org: dict[int, dict] = defaultdict(dict)
    in_period = _in("user__enrollments__completed_at", (start, end))
    for row in (
        memberships.filter(in_period)
        .values("organization_id")
        .annotate(people=Count("user_id", distinct=True))
        .order_by()
    ):
        by_org[row["organization_id"]]["people"] = row["people"]
    for row in (
        memberships.filter(user__certificates__in=certificates.values("pk"))
        .values("organization_id")
        .annotate(**_certificate_counts((), prefix="user__certificates__"))
        .order_by()
    ):
        by_org[row.pop("organization_id")].update(row)

    course_pages = list(
        CoursePage.objects.filter(pk__in=list(by_course)).defer_streamfields().order_by("path")
    )
    figures = CoalitionFigures(coalition=coalition, period=period)
    figures.organizations = [
        _row(organization.name, by_org.get(organization.pk), organization)
        for organization in organizations
    ]
    figures.courses = [
        _row(course.title, by_course[course.pk], course, gain=True) for course in course_pages
    ]
    figures.months = [
        _row(date_format(month, "F Y"), _month_counts(overall, index), month)
        for index, month in enumerate(period.months)
    ]
    figures.total = _row("total", overall)
    for rows in (figures.organizations, figures.courses, figures.months):
        for measure in ("people", "certificates", "hours"):
            protect([getattr(row, measure) for row in rows])
    figures.chart_courses = course_pages
    figures.chart_rows = [
        [
            count(by_course[course.pk].get(f"certificates_{index}") or 0)
            for index in range(len(period.months))
        ]
        for course in course_pages
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
