"""Coalition page, staff page against a floor, and the first lesson view after a publish. JSON.

    DATABASE_URL=postgres://… .venv/bin/python bench/coalition.py [--learners 10000] [--orgs 40]
    .venv/bin/python bench/coalition.py --before before.json   # adds the figures of an earlier run

Like ``partners.py``: a throw-away test database (``<name>_bench`` on PostgreSQL), the data of
``make_scale_data``, Django's test client in this process. Managers and the coalition lead sign
in through allauth's form and their authenticator code (``tests.conftest.sign_in_with_mfa``),
as people do; a password-only session has no manager powers.

- coalition page (40 organizations, 10,000 learners): p50/p95 of 30 loads, and its queries;
- staff page of the 1,000-member organization as a ratio to the *floor*: a plain Wagtail page
  holding a copy of a lesson (bench/floor/models.py), served by Wagtail's own page view through
  the same middleware (no progress, no permissions); the two are loaded alternately;
- a lesson's first view after a publish, as a ratio to its steady view: a new revision of the
  lesson itself (its body must be drawn again) and of a lesson in another course.
Targets (issue 17): coalition p95 <= 300 ms; staff <= 2.5x the floor; first view after a publish
<= 1.5x a steady one.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

# The floor is a page of the site's tree (bench/floor: a plain Wagtail page type holding a copy
# of a lesson), as in bench/journey.py; its app joins the test settings' before start-up.
settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "bench.floor"]
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": ms(statistics.median(ordered)), "p95_ms": ms(p95), "loads": len(times)}


def load(client, url, params=None) -> float:
    started = time.perf_counter()
    response = client.get(url, params or {})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    return elapsed


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url, params or {})
    return len(captured.captured_queries)


def signed_in_manager(email: str) -> Client:
    """A browser signed in as `email` with password and authenticator code, as people do."""
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from tests.conftest import PASSWORD, sign_in_with_mfa

    # The scale data's people have no password and no confirmed address: give them both.
    user = User.objects.get(email=email)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return sign_in_with_mfa(Client(), user)


def run_in_test_database(args, run) -> dict:
    """`run(args)` in a new database (a temporary SQLite file, or ``<name>_bench`` beside the
    PostgreSQL database named: never the test suite's own) with media in a temporary folder;
    both are removed at the end. For the benchmarks that measure in process."""
    with tempfile.TemporaryDirectory(prefix="open-door-bench-") as folder:
        database = settings.DATABASES["default"]
        test = database.setdefault("TEST", {})
        if database["ENGINE"].endswith("sqlite3"):
            test["NAME"] = str(Path(folder) / "bench.sqlite3")
        else:
            test["NAME"] = f"{database['NAME']}_bench"
        storages = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(Path(folder) / "media")},
            },
        }
        with override_settings(STORAGES=storages, DEBUG=False):
            setup_test_environment()
            old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
            try:
                return run(args)
            finally:
                connection.creation.destroy_test_db(old_name, verbosity=0)
                teardown_test_environment()


def bench_coalition(lead, slug) -> dict:
    url = f"/org/{slug}/coalition/"
    load(lead, url)
    result = summary([load(lead, url) for _ in range(30)])
    result["queries"] = queries(lead, url)
    return result


def bench_staff(manager, slug, lesson) -> dict:
    from bench.floor.models import add_floor_pages

    staff_url, floor_url = f"/org/{slug}/staff/", add_floor_pages([lesson])[0]
    load(manager, staff_url)
    load(manager, floor_url)
    staff, floor = [], []
    for _ in range(20):  # alternately, so both see the same machine
        staff.append(load(manager, staff_url))
        floor.append(load(manager, floor_url))
    result = {"staff": summary(staff), "floor": summary(floor)}
    result["ratio_p50"] = round(result["staff"]["p50_ms"] / result["floor"]["p50_ms"], 2)
    result["queries"] = {
        "per_page_25": queries(manager, staff_url),
        "per_page_100": queries(manager, staff_url, {"per_page": 100}),
        "floor": queries(manager, floor_url),
    }
    return result


def bench_publish(learner, lesson, other_lesson, rounds=7) -> dict:
    """First view of `lesson` after publishing it (or `other_lesson`), against steady views."""
    url = lesson.url
    load(learner, url)
    figures = {}
    for name, published in (("same_lesson", lesson), ("other_course", other_lesson)):
        steady, first = [], []
        for _ in range(rounds):
            steady.extend(load(learner, url) for _ in range(3))
            published.refresh_from_db()
            published.save_revision().publish()
            first.append(load(learner, url))
        figures[name] = {
            "steady_p50_ms": ms(statistics.median(steady)),
            "first_after_publish_p50_ms": ms(statistics.median(first)),
            "ratio": round(statistics.median(first) / statistics.median(steady), 2),
        }
        published.refresh_from_db()
        published.save_revision().publish()
        with CaptureQueriesContext(connection) as captured:
            learner.get(url)
        figures[name]["queries_first"] = len(captured.captured_queries)
        figures[name]["queries_steady"] = queries(learner, url)
    return figures


def run(args) -> dict:
    from courses.models import Enrollment, LessonPage
    from lms.scale_data import make_scale_data

    made = make_scale_data(
        learners=args.learners, orgs=args.orgs, seed=args.seed, log=lambda _text: None
    )
    enrollment = (
        Enrollment.objects.filter(completed_at__isnull=True, user__email__startswith="learner-")
        .select_related("user", "course")
        .order_by("pk")
        .first()
    )
    lesson = LessonPage.objects.live().child_of(enrollment.course).first()
    other_lesson = (
        LessonPage.objects.live()
        .filter(locale=enrollment.course.locale)
        .not_descendant_of(enrollment.course)
        .first()
    )
    learner = Client()
    learner.force_login(enrollment.user)  # a learner has no powers to confirm
    lead = signed_in_manager(made["coalition_manager"])
    manager = signed_in_manager(made["big_organization_manager"])
    staff = bench_staff(manager, made["big_organization"], lesson)
    return {
        "data": {key: made[key] for key in made if isinstance(made[key], int)},
        "coalition_page": bench_coalition(lead, made["coalition"]),
        "staff_page_to_floor": staff,
        "first_lesson_view_after_publish": bench_publish(learner, lesson, other_lesson),
        "database": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "python": platform.python_version(),
        "machine": platform.machine(),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def targets(result: dict) -> dict:
    publish = result["first_lesson_view_after_publish"]
    return {
        "coalition_p95_ms<=300": result["coalition_page"]["p95_ms"] <= 300,
        "staff_to_floor<=2.5": result["staff_page_to_floor"]["ratio_p50"] <= 2.5,
        "first_view_after_publish<=1.5": max(item["ratio"] for item in publish.values()) <= 1.5,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--orgs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--before", type=Path, help="JSON of an earlier run, shown beside this")
    args = parser.parse_args()

    result = run_in_test_database(args, run)
    result["met"] = targets(result)
    if args.before:
        before = json.loads(args.before.read_text())
        result = {"before": before.get("after", before), "after": result}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
