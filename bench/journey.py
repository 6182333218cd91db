"""Real learner journeys (``make bench-journey``): N people walk a whole course at once. JSON.

    .venv/bin/python bench/journey.py [--learners 40] [--think 1.0] [--burst 200]
    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/journey.py

Each virtual learner (bench/learner.py) is a thread with its own HTTP session against gunicorn
(bench/server.py: 2 workers, ``lms.settings.bench``; a ``db_worker`` beside it prepares the
certificates). They arrive over a few seconds and walk a course of the real curriculum as a
person does: catalog, course page, enrol, pre-test, every lesson (read, mark complete) and its
knowledge check, post-test (a quarter fail it once and try again), the evaluation, my learning,
and the certificate (give a name, wait for it, download the PDF). CSRF tokens come from the
forms, redirects are followed, and no page is asked for twice unless a person would (the
certificate page is refreshed while it says "being prepared"). Between steps each one reads
for ``--think`` seconds on average (0 for a stress run).

**The floor**, interleaved: every ``--floor-every`` requests a learner also asks for one of the
floor pages (bench/floor/models.py: a plain Wagtail page holding a copy of one of the course's
lessons, served by Wagtail's own page view).
Every step is reported as a ratio to it: median server CPU (``cpu_to_floor``, what the targets
are read on) and p50 latency (``p50_to_floor``), both from the same moments of the same run. Queries and CPU come from the server (bench/middleware.py headers).

Then **the burst**: ``--burst`` other learners, each with the post-test open, hand it in at the
same moment; the database is then asked whether every attempt was graded, once.

Timings are never asserted in the test suite; targets are compared here, under "met".
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.learner import Browser, Learner, StepFailed  # noqa: E402
from bench.run import CSRF_TOKEN, Database, drive, run_in_throwaway_place  # noqa: E402
from bench.server import GunicornServer, session_for  # noqa: E402

TARGETS = {
    "lesson_to_floor": 1.2,
    "course_enrolled_to_floor": 1.2,
    "my_learning_to_floor": 1.3,
    "quiz_hand_in_to_floor": 2.0,
    "step_p95_ms": 150,
    "errors": 0,
    "burst_seconds": 10,
}
WORKERS = 2


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--course", default="seeking-safety-overview", help="Course slug.")
    parser.add_argument("--think", type=float, default=1.0, help="Mean seconds between steps.")
    parser.add_argument("--floor-every", type=int, default=3, help="A floor request every k.")
    parser.add_argument("--fail-share", type=float, default=0.25, help="Fail the post-test once.")
    parser.add_argument("--burst", type=int, default=200, help="Hand-ins at once (0: skip).")
    parser.add_argument("--output", help="Also write the JSON to this file.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    return parser.parse_args(argv)


# Data --------------------------------------------------------------------------------------


def new_learner(email: str):
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.models import User

    # No name for certificates yet: the learner gives it on the certificates page.
    user = User.objects.create_user(email, first_name="Bench", display_name="Bench")
    user.groups.add(Group.objects.get(name=roles.LEARNERS))
    return user


def english_course(slug: str):
    """The course's English page (its Spanish translation has the same slug in /es/)."""
    from wagtail.models import Locale

    from courses.models import CoursePage

    return CoursePage.objects.live().filter(locale=Locale.get_default()).get(slug=slug)


def course_plan(slug: str) -> dict:
    """The course's items in order, each quiz with its answer key (the correct choice ids)."""
    from courses.models import CatalogPage, EvaluationPage, LessonPage, QuizPage

    course = english_course(slug)
    # A learner who fails once tries again at once (the curriculum may ask them to wait).
    QuizPage.objects.child_of(course).filter(kind="post_test").update(
        wait_minutes=0, max_attempts=None
    )
    from bench.floor.models import add_floor_pages

    items, lessons = [], []
    for page in course.get_children().live().specific():
        if isinstance(page, LessonPage):
            items.append({"type": "lesson", "url": page.url, "id": page.pk})
            lessons.append(page)
        elif isinstance(page, QuizPage):
            key = [
                choice["id"]
                for question in page.bank_data()
                for choice in question["choices"]
                if choice["correct"]
            ]
            items.append({"type": "quiz", "kind": page.kind, "url": page.url, "key": key})
        elif isinstance(page, EvaluationPage):
            items.append({"type": "evaluation", "url": page.url})
    return {
        "course_title": course.title,
        "catalog": CatalogPage.objects.live().first().url,
        "course": course.url,
        "items": items,
        "floor_paths": add_floor_pages(lessons),
    }


def classifier(plan: dict):
    """Names a GET by its address (redirects land on pages without saying which step)."""
    names = {plan["catalog"]: "catalog", "/my-learning/": "my_learning"}
    names["/my-learning/certificates/"] = "my_certificates"
    quizzes = {}
    for item in plan["items"]:
        if item["type"] == "lesson":
            names[item["url"]] = "lesson"
        elif item["type"] == "quiz":
            names[item["url"]] = item["kind"]
            quizzes[item["url"]] = item["kind"]
        else:
            names[item["url"]] = "evaluation"

    def classify(browser, method, path):
        if path == plan["course"]:
            enrolled = any(record.step == "enrol" for record in browser.records)
            return "course_enrolled" if enrolled else "course"
        if path in names:
            return names[path]
        if path.endswith("/download/"):
            return "certificate_pdf"
        for url, kind in quizzes.items():
            if path.startswith(url + "attempt/"):
                return f"{kind}_result" if path.endswith("/result/") else f"{kind}_form"
        return f"other {method} {path}"

    return classify


# The run -----------------------------------------------------------------------------------


def walk_all(server, args, plan, sessions) -> tuple[list, list, float]:
    classify = classifier(plan)
    records, errors, lock = [], [], threading.Lock()
    plan = {**plan, "think_seconds": args.think, "floor_every": args.floor_every}
    plan["certificate_wait_seconds"] = 120
    fail_every = round(1 / args.fail_share) if args.fail_share else 0

    def one(number, session):
        browser = Browser("127.0.0.1", server.port, {"sessionid": session}, classify)
        learner = Learner(
            browser,
            plan,
            name=f"Bench Learner {number}",
            fails_first=bool(fail_every) and number % fail_every == 0,
            seed=number,
        )
        # People arrive over a few seconds.
        time.sleep(random.Random(number).uniform(0, 3))  # noqa: S311 - not a secret
        try:
            learner.walk()
        except (StepFailed, OSError) as error:
            with lock:
                errors.append({"learner": number, "error": str(error)})
        with lock:
            records.extend(browser.records)

    threads = [threading.Thread(target=one, args=pair) for pair in enumerate(sessions)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return records, errors, time.perf_counter() - started


def nearest_rank(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else None


def step_figures(records) -> dict:
    steps: dict[str, list] = {}
    for record in records:
        steps.setdefault(record.step, []).append(record)
    figures = {}
    for name, group in steps.items():
        ms = [record.seconds * 1000 for record in group]
        cpu = [record.cpu_ms for record in group if record.cpu_ms is not None]
        queries = [record.queries for record in group if record.queries is not None]
        figures[name] = {
            "requests": len(group),
            "errors": sum(1 for record in group if record.error),
            "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(nearest_rank(ms, 0.95), 1),
            "max_ms": round(max(ms), 1),
            "cpu_ms_median": round(statistics.median(cpu), 2) if cpu else None,
            "queries_median": statistics.median(queries) if queries else None,
            "queries_max": max(queries) if queries else None,
        }
    floor = figures.get("floor")
    if floor:
        for item in figures.values():
            item["p50_to_floor"] = round(item["p50_ms"] / floor["p50_ms"], 2)
            if item["cpu_ms_median"] is not None and floor["cpu_ms_median"]:
                item["cpu_to_floor"] = round(item["cpu_ms_median"] / floor["cpu_ms_median"], 2)
    return dict(sorted(figures.items()))


def burst(server, folder, args, plan) -> dict:
    """`args.burst` learners with the post-test open hand it in at once; graded once each?"""
    from django.db import connections
    from django.test import Client

    from bench.load import FormReader
    from courses import assessments, services
    from courses.models import Attempt, QuizPage

    course = english_course(args.course)
    quizzes = {quiz.kind: quiz for quiz in QuizPage.objects.child_of(course).live()}
    submits = []
    for number in range(args.burst):
        user = new_learner(f"bench-burst-{number:04}@bench.example")
        enrollment, _ = services.enrol(user, course)
        for kind in ("pre_test", "knowledge_check"):
            for quiz in QuizPage.objects.child_of(course).live().filter(kind=kind):
                attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
                assessments.submit_attempt(attempt, {})
        for lesson in course.live_lessons():
            services.complete_lesson(enrollment, lesson)
        post_test = quizzes["post_test"]
        attempt, _ = assessments.start_or_resume_attempt(enrollment, post_test)
        session = session_for(user)
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies["sessionid"] = session
        page = client.get(post_test.url + f"attempt/{attempt.code}/")
        reader = FormReader()
        reader.feed(page.content.decode())
        submits.append(
            {"session": session, "path": reader.action, "answers": reader.answers, "pk": attempt.pk}
        )
    connections.close_all()
    spec = {"kind": "submit", "host": "127.0.0.1", "port": server.port, "submits": submits}
    result = drive(spec | {"csrf_token": CSRF_TOKEN, "concurrency": len(submits)}, folder)
    attempts = Attempt.objects.filter(pk__in=[item["pk"] for item in submits])
    result["learners"] = len(submits)
    result["graded"] = attempts.filter(submitted_at__isnull=False, score__isnull=False).count()
    # Graded once: no learner got a second post-test attempt out of the double-handed-in one.
    result["post_test_attempts"] = Attempt.objects.filter(
        quiz=quizzes["post_test"], enrollment__user__email__startswith="bench-burst-"
    ).count()
    return result


def verdicts(steps: dict, errors: list, burst_result: dict | None) -> dict:
    """Ratios are read on the server's CPU per request (the latency ratio is reported beside it:
    when the machine is busy, queueing makes every latency, the floor's too, mostly waiting)."""

    def ratio(name):
        return steps.get(name, {}).get("cpu_to_floor", math.inf)

    walked = {name: item for name, item in steps.items() if name != "floor"}
    met = {
        "lesson_to_floor": ratio("lesson") <= TARGETS["lesson_to_floor"],
        "course_enrolled_to_floor": ratio("course_enrolled") <= TARGETS["course_enrolled_to_floor"],
        "my_learning_to_floor": ratio("my_learning") <= TARGETS["my_learning_to_floor"],
        "quiz_hand_in_to_floor": ratio("post_test_hand_in") <= TARGETS["quiz_hand_in_to_floor"],
        "step_p95_ms": all(i["p95_ms"] <= TARGETS["step_p95_ms"] for i in walked.values()),
        "errors": not errors and not any(item["errors"] for item in steps.values()),
    }
    if burst_result:
        met["burst"] = (
            burst_result["errors"] == 0
            and burst_result["graded"] == burst_result["learners"]
            and burst_result["post_test_attempts"] == burst_result["learners"]
            and burst_result["seconds"] <= TARGETS["burst_seconds"]
        )
    return met


def run(args, folder: Path, database: Database) -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection, connections

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_curriculum", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    plan = course_plan(args.course)
    users = [new_learner(f"bench-walk-{n:04}@bench.example") for n in range(args.learners)]
    sessions = [session_for(user) for user in users]
    connections.close_all()
    env = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.bench",
        "DATABASE_URL": database.url,
        "BENCH_DIR": str(folder),
    }
    worker_log = open(folder / "db_worker.log", "ab")  # noqa: SIM115
    tasks = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=worker_log,
        stderr=worker_log,
    )
    server = GunicornServer(
        env=env,
        workers=WORKERS,
        ready_path=plan["floor_paths"][0],
        log_path=folder / "gunicorn.log",
        connections_per_worker=math.ceil(max(args.learners, args.burst, 8) / WORKERS),
    )
    try:
        with server:
            # A server that has been up a while: per-process caches filled on every worker.
            pages = [plan["catalog"], plan["course"], *plan["floor_paths"]]
            server.warm_up(pages + [item["url"] for item in plan["items"]], rounds=2)
            records, errors, seconds = walk_all(server, args, plan, sessions)
            burst_result = burst(server, folder, args, plan) if args.burst else None
    finally:
        tasks.terminate()
        tasks.wait(timeout=30)
        worker_log.close()
    steps = step_figures(records)
    return {
        "steps": steps,
        "floor": steps.get("floor"),
        "journey": {
            "learners": args.learners,
            "finished": args.learners - len(errors),
            "seconds": round(seconds, 1),
            "requests": len(records),
            "think_seconds": args.think,
            "floor_every": args.floor_every,
            "course": plan["course_title"],
            "errors": errors,
        },
        "burst": burst_result,
        "targets": TARGETS,
        "met": verdicts(steps, errors, burst_result),
        "setup": {
            "database": connection.vendor,
            "cache": "redis" if os.environ.get("REDIS_URL") else "local memory per worker",
            "gunicorn_workers": WORKERS,
            "settings": "lms.settings.bench",
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="minutes"),
        },
    }


def main(argv=None):
    run_in_throwaway_place(parse_args(argv), "open-door-journey-", run)


if __name__ == "__main__":
    main()
