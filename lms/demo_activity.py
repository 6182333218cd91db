"""Training records for the demo organizations, so the partner pages have something to show.

Enough learners in each demo organization (all sharing their records) complete real courses
from the curriculum in the current calendar quarter that the coalition page shows figures
above the small-cell threshold (``PARTNER_MIN_CELL_SIZE``, 11) as well as hidden ones: every
learner completes the first course, every second one the second, every seventh the third (a
small group, hidden with its partner), all early in the quarter: the first month shows them,
the months after it read 0. Certificates are issued as on the live site, with real PDFs.

Idempotent: learners, memberships and completions are made once (found again by address).
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import Membership, Organization, User
from certificates.models import Certificate
from certificates.services import issue_certificate
from courses.models import CoursePage, Enrollment

from .partners.filters import quarter_start

# Learners per demo organization: both above the threshold, so neither has to be hidden.
LEARNERS_PER_ORGANIZATION = {"riverside-ssp": 16, "county-health": 12}
FIRST_NAMES = ["Ana", "Ben", "Carmen", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ines", "Jae"]
LAST_NAMES = ["Alvarez", "Brooks", "Chen", "Diallo", "Evans", "Flores", "Gray", "Huang"]
COURSES_USED = 3


def demo_email(slug: str, number: int) -> str:
    return f"{slug}-learner-{number:02d}@example.org"


def _courses_for(index: int, courses: list[CoursePage]) -> list[CoursePage]:
    chosen = [courses[0]]
    if len(courses) > 1 and index % 2 == 0:
        chosen.append(courses[1])
    if len(courses) > 2 and index % 7 == 0:
        chosen.append(courses[2])
    return chosen


def _completed_at(index: int, now: datetime.datetime) -> datetime.datetime:
    """In the first ten days of this quarter (so one month shows everyone, and the others
    show 0), never later than now."""
    start = timezone.make_aware(
        datetime.datetime.combine(quarter_start(timezone.localdate(now)), datetime.time(9))
    )
    return min(now, start + datetime.timedelta(days=(index % 4) * 3, hours=index % 7))


def _learner(slug: str, number: int, index: int) -> tuple[User, bool]:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index // len(FIRST_NAMES) + index) % len(LAST_NAMES)]
    user, created = User.objects.get_or_create(
        email=demo_email(slug, number),
        defaults={
            "display_name": first,
            "first_name": first,
            "last_name": last,
            "certificate_name": f"{first} {last}",
        },
    )
    if created:
        user.set_unusable_password()  # demo learners are looked at, not signed in as
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=roles.LEARNERS))
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, created


def add_demo_activity() -> dict:
    """Make the demo learners and their completions; returns what was made this time."""
    made = {"learners": 0, "completions": 0, "certificates": 0, "courses": 0}
    courses = list(CoursePage.objects.live().order_by("path")[:COURSES_USED])
    made["courses"] = len(courses)
    if not courses:
        return made
    now = timezone.now()
    index = 0
    completed = []
    with transaction.atomic():
        for slug, how_many in LEARNERS_PER_ORGANIZATION.items():
            organization = Organization.objects.get(slug=slug)
            for number in range(1, how_many + 1):
                user, created = _learner(slug, number, index)
                made["learners"] += created
                Membership.objects.get_or_create(
                    user=user,
                    organization=organization,
                    defaults={"records_shared_at": user.date_joined},
                )
                moment = _completed_at(index, now)
                for course in _courses_for(index, courses):
                    enrollment, created = Enrollment.objects.get_or_create(
                        user=user,
                        course=course,
                        defaults={
                            "enrolled_at": moment - datetime.timedelta(days=2),
                            "completed_at": moment,
                        },
                    )
                    made["completions"] += created
                    completed.append(enrollment)
                index += 1
    # One at a time, as the site issues them (each in its own transaction, with its PDF);
    # a completion whose certificate exists already gets it back, so a second run adds none.
    before = Certificate.objects.count()
    for enrollment in completed:
        issue_certificate(enrollment)
    made["certificates"] = Certificate.objects.count() - before
    return made
