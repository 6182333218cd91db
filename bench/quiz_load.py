"""Quiz load: N learners hand in their post-test at the same moment to gunicorn. Prints JSON.

    DATABASE_URL=postgres://user@host:port/db .venv/bin/python bench/quiz_load.py \\
        [--learners 50] [--workers 3]

Makes a throw-away test database next to the one DATABASE_URL names (migrated first, dropped
after), a course with one lesson and a post-test, and N learners who have finished the lesson
and opened an attempt, each signed in through a session made on the server side. gunicorn
(bench/server.py) serves the site on 127.0.0.1 with ``lms.settings.test`` against that
database; N threads, released together, each POST their learner's answers once. Then the
database is checked: every attempt graded exactly once, with the answers sent.

Prints: learners, errors, graded, p50/p95 latency (ms, to the last byte) and wall time.
tests/lms/test_quiz_load.py runs the same code with 20 learners in the suite (PostgreSQL only).
The learners have no name for certificates, so completing the course queues no PDF: the
certificate work is benchmarked by bench/certificates.py.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    # Run as a script, this folder comes first on sys.path and would shadow the apps.
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench import server  # noqa: E402 - after the path fix above

# A fixed CSRF secret: sent as the cookie and as the form field, as a browser would.
CSRF_SECRET = "benchquizloadcsrfsecret012345678"  # 32 characters, like Django's own  # noqa: S105

QUESTIONS = [
    {
        "kind": "single",
        "objective": 1,
        "stem": f"Question {number}: what is the first sign of an opioid overdose?",
        "explanation": "Not responding is the top sign.",
        "choices": [
            {"id": f"q{number}-right", "text": "The person does not respond", "correct": True},
            {"id": f"q{number}-wrong", "text": "The person talks fast", "correct": False},
            {"id": f"q{number}-other", "text": "Large pupils", "correct": False},
        ],
    }
    for number in range(1, 6)
]


@dataclass
class Learner:
    """One learner ready to hand in: their session, the form's address and answers."""

    attempt_id: int
    session: str
    path: str
    form: dict[str, str]
    answers: dict[str, list[str]]


@dataclass
class Outcome:
    status: int = 0
    location: str = ""
    seconds: float = 0.0
    error: str = ""
    learner: Learner | None = field(default=None, repr=False)


def make_course(slug: str):
    """A published course with one lesson and a five-question post-test (pass mark default)."""
    from django.utils import timezone

    from courses.builders import create_quiz
    from courses.models import CatalogPage, CourseObjective, CoursePage, LessonPage

    course = CoursePage(
        title=f"Load test {slug}",
        slug=slug,
        summary="A course for the quiz load test.",
        audiences=["peer"],
        topics=["naloxone"],
        estimated_minutes=30,
        contact_hours="0.50",
        last_clinical_review=timezone.localdate(),
        clinical_reviewer="Load Test",
    )
    course.objectives = [CourseObjective(text="Recognise an opioid overdose.")]
    course.live = False
    CatalogPage.objects.get().add_child(instance=course)
    course.save_revision().publish()
    lesson = LessonPage(
        title="The signs", slug="the-signs", body=[("rich_text", "<p>Not responding.</p>")]
    )
    lesson.live = False
    course.add_child(instance=lesson)
    lesson.save_revision().publish()
    create_quiz(course, title="Post-test", kind="post_test", questions=QUESTIONS)
    course.refresh_from_db()
    return course


def prepare(count: int, *, prefix: str = "load") -> list[Learner]:
    """`count` learners with the lesson done and the post-test attempt open (all committed)."""
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.models import User
    from courses import assessments, services
    from courses.models import QuizPage

    course = make_course(f"{prefix}-course")
    quiz = QuizPage.objects.child_of(course).get()
    lesson = course.live_lessons()[0]
    learners_group = Group.objects.get(name=roles.LEARNERS)
    learners = []
    for number in range(count):
        user = User.objects.create_user(f"{prefix}-{number:04}@load.example", display_name="L")
        user.groups.add(learners_group)
        enrollment, _ = services.enrol(user, course)
        services.complete_lesson(enrollment, lesson)
        attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
        form, answers = {"csrfmiddlewaretoken": CSRF_SECRET}, {}
        for index, question in enumerate(attempt.snapshot["questions"], start=1):
            right = next(choice["id"] for choice in question["choices"] if choice["correct"])
            form[f"q-{index}"] = right
            answers[question["id"]] = [right]
        base = quiz.url if quiz.url.endswith("/") else quiz.url + "/"
        learners.append(
            Learner(
                attempt_id=attempt.pk,
                session=server.session_for(user),
                path=base + quiz.reverse_subpage("submit", kwargs={"code": attempt.code}),
                form=form,
                answers=answers,
            )
        )
    return learners


def submit_all(port: int, learners: list[Learner], *, timeout: float = 60) -> list[Outcome]:
    """Every learner POSTs their answers once, all released together (one thread each)."""
    from django.conf import settings

    barrier = threading.Barrier(len(learners))
    outcomes = [Outcome(learner=learner) for learner in learners]

    def send(outcome: Outcome):
        learner = outcome.learner
        body = urllib.parse.urlencode(learner.form)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={learner.session}; "
            f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}",
        }
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            connection.connect()
            barrier.wait(timeout=timeout)
            started = time.perf_counter()
            connection.request("POST", learner.path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            outcome.seconds = time.perf_counter() - started
            outcome.status = response.status
            outcome.location = response.getheader("Location") or ""
            connection.close()
        except Exception as error:  # reported as an error in the results
            outcome.error = f"{type(error).__name__}: {error}"

    threads = [threading.Thread(target=send, args=(outcome,)) for outcome in outcomes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout + 5)
    return outcomes


def check(outcomes: list[Outcome]) -> dict:
    """What the database holds now: one graded attempt per learner, with the answers sent."""
    from courses.models import Attempt, Enrollment

    ids = [outcome.learner.attempt_id for outcome in outcomes]
    attempts = {attempt.pk: attempt for attempt in Attempt.objects.filter(pk__in=ids)}
    enrollment_ids = [attempt.enrollment_id for attempt in attempts.values()]
    per_enrollment = Attempt.objects.filter(enrollment_id__in=enrollment_ids)
    errors = []
    for outcome in outcomes:
        learner = outcome.learner
        attempt = attempts[learner.attempt_id]
        ok = outcome.status == 302 and outcome.location.endswith(
            learner.path.removesuffix("submit/") + "result/"
        )
        if not ok:
            errors.append(outcome.error or f"{outcome.status} {outcome.location}".strip())
        elif attempt.submitted_at is None or attempt.answers != learner.answers:
            errors.append(f"attempt {attempt.pk} not graded with the answers sent")
    return {
        "errors": errors,
        "graded": sum(1 for attempt in attempts.values() if attempt.submitted_at is not None),
        "attempts": per_enrollment.count(),
        "passed": sum(1 for attempt in attempts.values() if attempt.passed),
        "completed": Enrollment.objects.filter(
            pk__in=enrollment_ids, completed_at__isnull=False
        ).count(),
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_load(database_url: str, learners: list[Learner], *, workers: int = 2, log_path=None):
    """Serve the site from `database_url` with gunicorn, submit every learner at once, check."""
    from django.db import connections

    from bench.server import GunicornServer

    connections.close_all()  # nothing of ours holds a lock or a transaction while they run
    env = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": database_url,
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
    }
    with GunicornServer(
        env=env,
        workers=workers,
        log_path=log_path,
        timeout=120,
        connections_per_worker=-(-len(learners) // workers),  # every learner at once
    ) as server:
        started = time.perf_counter()
        outcomes = submit_all(server.port, learners)
        wall = time.perf_counter() - started
    found = check(outcomes)
    seconds = [outcome.seconds for outcome in outcomes if outcome.status]
    return {
        "learners": len(learners),
        "workers": workers,
        "errors": len(found["errors"]),
        "error_samples": found["errors"][:5],
        "graded": found["graded"],
        "attempts": found["attempts"],
        "passed": found["passed"],
        "completed": found["completed"],
        "p50_ms": round(statistics.median(seconds) * 1000, 1) if seconds else None,
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 1) if seconds else None,
        "wall_s": round(wall, 2),
    }


def database_url_for(settings_dict: dict) -> str:
    """A postgres:// URL for a Django connection's settings (as gunicorn's DATABASE_URL)."""
    user = urllib.parse.quote(settings_dict["USER"] or "", safe="")
    password = settings_dict["PASSWORD"]
    password = ":" + urllib.parse.quote(str(password), safe="") if password else ""
    host = settings_dict["HOST"] or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{settings_dict['NAME']}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (2-4)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (a throw-away database is made there).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        learners = prepare(args.learners)
        prepared = time.perf_counter() - started
        result = run_load(
            database_url_for(connection.settings_dict), learners, workers=args.workers
        )
        result["prepare_s"] = round(prepared, 2)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print(json.dumps(result, indent=2))
    sys.exit(1 if result["errors"] or result["graded"] != result["learners"] else 0)


if __name__ == "__main__":
    main()
