"""The compliance view of a training plan for 1,000 members x 5 courses, and its XLSX export
of 10,000 members, in process. Prints JSON.

    .venv/bin/python bench/compliance.py [--members 1000] [--courses 5] [--xlsx-members 10000]
    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/compliance.py

A throw-away place as ``bench/run.py`` makes it (``lms.settings.bench``; a temporary SQLite
file, or a new ``<name>_bench`` PostgreSQL database beside DATABASE_URL's, dropped at the end).
One organization has ``--members`` members who share their records (and 1% who do not), one
plan of ``--courses`` courses due 30 days after joining; a third of the members finished each
course (no certificate yet: the plan counts the completion), a third are enrolled, a third have
not started. The manager signs in through allauth's password form and authenticator step
(``bench.second_factor``).

Measured with Django's test client after one warm-up request, ``--rounds`` times:

- ``compliance_page``: the plan's compliance page (25 rows a page, first page, sorted by name);
- ``compliance_page_last``: its last page, sorted by due date (the whole table is built and
  sorted either way: the figure shows the cost does not depend on the page);
- ``xlsx``: once, for a second organization of ``--xlsx-members`` members: the XLSX download
  (openpyxl, write-only, spooled to disk past 4 MB): wall seconds, queries and bytes of one
  download, then the peak Python memory (tracemalloc) of a second one.

Each page: wall ms (p50, p95), CPU ms (median), queries, response bytes. Not asserted anywhere;
the figures are in bench/README.md. Query counts are tested (tests/plans/test_compliance.py).
"""

from __future__ import annotations

import argparse
import datetime
import math
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path and would shadow the apps.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.run import run_in_throwaway_place  # noqa: E402

MB = 1024 * 1024


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--courses", type=int, default=5)
    parser.add_argument("--xlsx-members", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--output", help="Also write the JSON to this file.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    return parser.parse_args(argv)


def make_courses(count: int):
    from courses.models import CatalogPage, CourseObjective, CoursePage
    from lms.models import HomePage

    catalog = CatalogPage.objects.first()
    if catalog is None:
        catalog = CatalogPage(title="Courses", slug="courses")
        HomePage.objects.first().add_child(instance=catalog)
    made = []
    for number in range(count):
        course = CoursePage(
            title=f"Bench course {number + 1}",
            slug=f"bench-course-{number + 1}",
            summary="Generated for the compliance benchmark.",
            audiences=["peer"],
            topics=["naloxone"],
            estimated_minutes=60,
            contact_hours="1.00",
        )
        course.objectives = [CourseObjective(text=f"Point {n}.") for n in (1, 2, 3)]
        catalog.add_child(instance=course)
        made.append(CoursePage.objects.get(pk=course.pk))
    return made


def organization_with_plan(slug: str, members: int, courses) -> tuple:
    """An organization of `members` sharing members (1% more who do not), its plan over
    `courses`, and records as the module's docstring says."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts import roles
    from accounts.models import Membership, Organization, User
    from courses.models import Enrollment
    from plans.models import PlanItem, TrainingPlan

    organization = Organization.objects.create(
        name=f"Bench {slug}", slug=slug, kind=Organization.Kind.COMMUNITY_ORGANIZATION
    )
    not_sharing = max(1, members // 100)
    users = User.objects.bulk_create(
        [
            User(email=f"{slug}-{n}@bench.example", first_name=f"Person {n:05d}", last_name=slug)
            for n in range(members + not_sharing)
        ],
        batch_size=1000,
    )
    Group.objects.get(name=roles.LEARNERS).user_set.add(*users)
    now = timezone.now()
    joined = now - datetime.timedelta(days=20)
    Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                organization=organization,
                joined_at=joined,
                records_shared_at=now if n < members else None,
            )
            for n, user in enumerate(users)
        ],
        batch_size=1000,
    )
    enrollments = []
    for n, user in enumerate(users[:members]):
        for position, course in enumerate(courses):
            kind = (n + position) % 3
            if kind == 2:
                continue
            enrollments.append(
                Enrollment(
                    user=user,
                    course=course,
                    enrolled_at=joined,
                    completed_at=now - datetime.timedelta(days=2) if kind == 0 else None,
                )
            )
    Enrollment.objects.bulk_create(enrollments, batch_size=2000)
    plan = TrainingPlan.objects.create(organization=organization, name="Everyone's basics")
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, course=course, position=position, due_within_days=30)
        for position, course in enumerate(courses)
    )
    return organization, plan


def measure(send, rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    send()  # warm per-process caches (templates, the URL resolver)
    wall, cpu, queries, size = [], [], [], []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.thread_time()
            response = send()
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries.append(len(captured.captured_queries))
        size.append(len(response.content))
    wall.sort()
    return {
        "wall_ms_p50": round(statistics.median(wall), 2),
        "wall_ms_p95": round(wall[min(len(wall) - 1, math.ceil(len(wall) * 0.95) - 1)], 2),
        "cpu_ms_median": round(statistics.median(cpu), 2),
        "queries": statistics.median(queries),
        "bytes": int(statistics.median(size)),
    }


def measure_xlsx(browser, url: str) -> dict:
    import io

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from openpyxl import load_workbook

    # Timed once as it is, then once under tracemalloc for the memory (which slows it down).
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = browser.get(url)
        body = b"".join(response.streaming_content)
        seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        b"".join(browser.get(url).streaming_content)
        peak = tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return {
        "wall_s": round(seconds, 2),
        "queries": len(captured.captured_queries),
        "bytes": len(body),
        "sheet_rows": sum(1 for _row in sheet.iter_rows(values_only=True)),
        "peak_python_mb": round(peak, 1),
    }


def run(args, folder, database):
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.models import Membership, User
    from bench.second_factor import signed_in_sessions

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    courses = make_courses(args.courses)
    small, plan = organization_with_plan("bench-small", args.members, courses)
    large, large_plan = organization_with_plan("bench-large", args.xlsx_members, courses)
    manager = User.objects.create(email="manager@bench.example", display_name="Manager")
    for organization in (small, large):
        Membership.objects.create(
            user=manager, organization=organization, role=Membership.Role.MANAGER
        )
    browser = Client(HTTP_HOST="127.0.0.1")
    browser.cookies[settings.SESSION_COOKIE_NAME] = signed_in_sessions(manager)[0]
    page = reverse("plans:compliance", args=[small.slug, plan.code])
    last_page = math.ceil((args.members + max(1, args.members // 100) + 1) / 25)
    figures = {
        "compliance_page": measure(lambda: browser.get(page), args.rounds),
        "compliance_page_last": measure(
            lambda: browser.get(page, {"page": last_page, "sort": "due"}), args.rounds
        ),
        "xlsx": measure_xlsx(
            browser, reverse("plans:compliance_xlsx", args=[large.slug, large_plan.code])
        ),
    }
    return {
        "database": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "members": args.members,
        "courses": args.courses,
        "xlsx_members": args.xlsx_members,
        "rounds": args.rounds,
        "figures": figures,
    }


def main():
    run_in_throwaway_place(parse_args(), "open-door-compliance-", run)


if __name__ == "__main__":
    main()
