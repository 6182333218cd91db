"""Where a learner page spends its time, in process: cProfile and queries per page. Text.

    .venv/bin/python bench/profile_pages.py [--rounds 30] [--top 25] [--only lesson,course]
    DATABASE_URL=postgres://… .venv/bin/python bench/profile_pages.py

A throw-away place as ``journey.py`` (``lms.settings.bench``, the real curriculum). One learner
enrolled in the journey's course, its pre-test taken and its first lesson done, is signed in
with Django's test client; each page (the floor, a drawn lesson, the enrolled course page, my
learning, a knowledge check's overview, a knowledge check's hand-in, a post-test's hand-in by a learner
who has read every lesson) is asked for ``--rounds`` times, first
unprofiled and interleaved (round by round each page once: CPU ms a request, queries), then
under cProfile (the functions printed by
cumulative and by own time), then JSON with each page's CPU as a ratio to the floor's. A hand-in is
measured on a new attempt each round (the post-test's by a new learner each round). Not asserted anywhere.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.run import run_in_throwaway_place  # noqa: E402

PAGES = ("floor", "lesson", "course", "my_learning", "check", "hand_in", "post_test_hand_in")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", default="seeking-safety-overview")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", default=",".join(PAGES))
    parser.add_argument("--report", help="Also write the profiles to this file.")
    parser.add_argument("--output", help="Also write the JSON (CPU ms, queries) to this file.")
    parser.add_argument("--dump", help="Also write each page's profile to DUMP/<page>.prof.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    return parser.parse_args(argv)


def run(args, folder, database):
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.floor.models import add_floor_pages
    from bench.journey import english_course, new_learner
    from courses import assessments, services
    from courses.models import LessonPage, QuizPage

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_curriculum", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    course = english_course(args.course)
    lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
    quizzes = list(QuizPage.objects.live().child_of(course).order_by("path"))
    check = next(quiz for quiz in quizzes if quiz.kind == "knowledge_check")
    user = new_learner("bench-profile@bench.example")
    enrollment, _created = services.enrol(user, course)
    services.complete_lesson(enrollment, lessons[0])
    services.note_first_view(enrollment, lessons[1])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def hand_in():
        attempt, _ = assessments.start_or_resume_attempt(enrollment, check)
        answers = {
            f"q-{number}": question["choices"][0]["id"]
            for number, question in enumerate(attempt.questions, start=1)
        }
        url = f"{check.url}attempt/{attempt.code}/submit/"
        return lambda: client.post(url, answers)

    post_test = next(quiz for quiz in quizzes if quiz.kind == "post_test")
    newcomers = iter(range(10**6))

    def post_test_hand_in():
        """A new learner who has read every lesson hands the post-test in, answered right."""
        newcomer = new_learner(f"bench-profile-post-{next(newcomers)}@bench.example")
        enrolled, _created = services.enrol(newcomer, course)
        for lesson in lessons:
            services.complete_lesson(enrolled, lesson)
        attempt, _ = assessments.start_or_resume_attempt(enrolled, post_test)
        answers = {
            f"q-{number}": [c["id"] for c in question["choices"] if c["correct"]]
            for number, question in enumerate(attempt.questions, start=1)
        }
        browser = Client(HTTP_HOST="127.0.0.1")
        browser.force_login(newcomer)
        browser.get(post_test.url)  # the learner's session is loaded, as after reading the quiz
        url = f"{post_test.url}attempt/{attempt.code}/submit/"
        return lambda: browser.post(url, answers)

    gets = {
        "floor": add_floor_pages([lessons[1]])[0],
        "lesson": lessons[1].url,
        "course": course.url,
        "my_learning": "/my-learning/",
        "check": check.url,
    }
    report = io.StringIO()
    names = args.only.split(",")

    def request(name):
        if name == "hand_in":
            return hand_in()
        if name == "post_test_hand_in":
            return post_test_hand_in()
        return lambda: client.get(gets[name])

    for name in names:
        request(name)()  # warm per-process caches
    # Unprofiled, interleaved: round by round every page once, so all see the same machine.
    cpu = {name: [] for name in names}
    counts = {name: [] for name in names}
    statements = {}
    for _ in range(args.rounds):
        for name in names:
            send = request(name)
            with CaptureQueriesContext(connection) as captured:
                start = time.thread_time()
                response = send()
                cpu[name].append((time.thread_time() - start) * 1000)
            assert response.status_code in (200, 302), (name, response.status_code)
            counts[name].append(len(captured.captured_queries))
            statements[name] = [query["sql"] for query in captured.captured_queries]
    figures = {
        name: {
            "cpu_ms_median": round(statistics.median(cpu[name]), 2),
            "queries": statistics.median(counts[name]),
        }
        for name in names
    }
    for name in names:
        sends = [request(name) for _ in range(args.rounds)]
        profile = cProfile.Profile()
        profile.enable()
        for send in sends:
            send()
        profile.disable()
        if args.dump:
            Path(args.dump).mkdir(parents=True, exist_ok=True)
            profile.dump_stats(Path(args.dump) / f"{name}.prof")
        print(
            f"\n=== {name}: {figures[name]['cpu_ms_median']:.2f} ms CPU (median of "
            f"{args.rounds}), {figures[name]['queries']:.0f} queries",
            file=report,
        )
        for sql in statements[name]:
            print("   ", sql[:240], file=report)
        stats = pstats.Stats(profile, stream=report)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top // 2)
    text = report.getvalue()
    if args.report:
        Path(args.report).write_text(text)
    print(text)
    floor = figures.get("floor", {}).get("cpu_ms_median")
    for item in figures.values():
        item["cpu_to_floor"] = round(item["cpu_ms_median"] / floor, 2) if floor else None
    return {"database": connection.vendor, "rounds": args.rounds, "pages": figures}


def main():
    run_in_throwaway_place(parse_args(), "open-door-profile-", run)


if __name__ == "__main__":
    main()
