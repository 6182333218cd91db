"""The HTTP benchmark (``make bench``): gunicorn under load, every figure a ratio to a baseline.

    .venv/bin/python bench/run.py [--full] [--requests 300] [--concurrency 8] [--growth 10]
    DATABASE_URL=postgres://user@host:port/db .venv/bin/python bench/run.py

What it does, in one run (so the ratios compare figures from the same machine and moment):

1. A throw-away database: a temporary SQLite file, or, when DATABASE_URL is set, a new
   PostgreSQL database ``<name>_bench`` next to the one named (dropped at the end). Migrations,
   collectstatic into a temporary folder, the real curriculum (``load_curriculum``: the pages
   learners read) and the scale data set (``make_scale_data``: 1,000 learners by default,
   10,000 with --full) for the volume of enrolments, attempts and certificates.
2. Queries per request and response bytes (raw and gzip) for every path, from Django's test
   client in this process, against the same database.
3. gunicorn (``bench/server.py``) on 127.0.0.1 with ``lms.settings.bench`` (DEBUG off, 2 sync
   workers) and a baseline view: a static template as large as the lesson page, no database.
4. A fixed number of requests per path from a second process (``bench/load.py``: wrk when it
   is installed, else Python threads), 8 concurrent connections: requests/s, p50, p95, p99.
   A learner page takes 8 readers in turn (each their own session and a different lesson),
   the verification page and PDF 8 certificates, the staff page its sorts and pages: no URL
   is repeated as a real learner would not. Visitors' pages (home, catalog, a course) are one
   URL, as every visitor asks for them alike.
   Then quiz attempts (start, form, submit, result; each learner once), a burst of 200 quiz
   submissions, the training-records CSV and a 1,000-certificate ZIP (time to last byte, and
   the gunicorn worker's peak memory).
5. The growth check: the data set again at --growth times the learners; the lesson, course and
   staff pages' p50 and query counts at that size against the first.

Prints one JSON object. Timings are never asserted in the test suite: the targets are compared
here and reported under "targets". Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path and bench/certificates.py would shadow
# the certificates app.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.second_factor import signed_in_sessions, staff_page_answers  # noqa: E402
from bench.server import session_for  # noqa: E402 - after the path fix above

TARGETS = {
    "page_throughput_ratio": 0.5,  # lesson, course and catalog pages, to the baseline
    "page_p95_ms": 100,
    "verify_throughput_ratio": 0.7,
    "quiz_submit_p95_ms": 150,  # on PostgreSQL
    "burst_learners": 200,
    "burst_seconds": 10,
    "queries_per_learner_page": 12,
    "growth_p50_ratio": 1.5,
}
# Pages a learner reads (GET). The quiz's start and hand-in are form posts, not pages: their
# queries are reported under "queries" with the rest, outside the per-page budget.
LEARNER_PAGES = (
    "home",
    "catalog",
    "course_anonymous",
    "course_enrolled",
    "lesson_enrolled",
    "verify",
    "quiz_attempt_form",
    "quiz_result",
    "my_learning",
)
WORKERS = 2
# How many readers (and certificate holders) a learner page's load takes in turn.
READERS = 8
STAFF_SORTS = ("name", "-name", "email", "-email", "role", "-role", "activity", "-activity")
GROWTH_PATHS = ("lesson_enrolled", "course_enrolled", "staff_page")
ZIP_CERTIFICATES = 1000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="10,000 learners in 40 orgs.")
    parser.add_argument("--learners", type=int, help="Learners in the scale data set.")
    parser.add_argument("--orgs", type=int, help="Organizations in the scale data set.")
    parser.add_argument("--requests", type=int, default=1000, help="Requests per path.")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--quiz-attempts", type=int, default=100)
    parser.add_argument("--burst", type=int, default=200, help="Learners in the submit burst.")
    parser.add_argument(
        "--growth", type=int, default=10, help="Data multiplier for the growth check (0: skip)."
    )
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--only", help="Comma-separated path names to load (default: all).")
    parser.add_argument("--output", help="Also write the JSON to this file.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    args = parser.parse_args()
    args.learners = args.learners or (10_000 if args.full else 1_000)
    args.orgs = args.orgs or (40 if args.full else 10)
    if args.tool == "auto":
        args.tool = "wrk" if shutil.which("wrk") else "python"
    return args


# The throw-away database -----------------------------------------------------------------


class Database:
    """A temporary SQLite file, or a fresh PostgreSQL database beside DATABASE_URL's."""

    def __init__(self, folder: Path):
        given = os.environ.get("DATABASE_URL", "")
        self.postgres = given.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            parts = urllib.parse.urlsplit(given)
            self.admin_url = given
            self.name = parts.path.lstrip("/") + "_bench"
            self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))
        else:
            self.url = f"sqlite:///{folder / 'bench.sqlite3'}"

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def create(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# Data --------------------------------------------------------------------------------------


def bench_user(email: str):
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.models import User

    user = User.objects.create_user(
        email, first_name="Bench", display_name="Bench", certificate_name="Bench Learner"
    )
    user.groups.add(Group.objects.get(name=roles.LEARNERS))
    return user


def ready_for_post_test(user, course, pre_test):
    """Enrol `user` in a scale course, pass its pre-test and finish every lesson."""
    from courses import assessments, services

    enrollment, _ = services.enrol(user, course)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, pre_test)
    assessments.submit_attempt(attempt, {})
    for lesson in course.live_lessons():
        services.complete_lesson(enrollment, lesson)
    return enrollment


def quiz_learners(count: int, prefix: str, course, pre_test) -> list:
    return [
        ready_for_post_test(bench_user(f"{prefix}-{number:05}@scale.example"), course, pre_test)
        for number in range(count)
    ]


def zip_organization(manager, size: int):
    """An organization whose visible certificates are exactly `size` (or as close as the data
    allow): sharing members added until their certificates add up."""
    from django.core.files.base import ContentFile
    from django.db.models import Count
    from django.utils import timezone

    from accounts.models import Membership, Organization, User
    from certificates.models import Certificate
    from lms.partners.certificate_queries import organization_certificates
    from lms.pdf_placeholder import placeholder_pdf

    organization = Organization.objects.create(
        name="Scale: ZIP", slug="scale-bench-zip", kind=Organization.Kind.OTHER
    )
    now = timezone.now()
    members, total = [], 0
    learners = (
        User.objects.filter(email__startswith="learner-")
        .annotate(held=Count("certificates"))
        .filter(held__gt=0)
        .order_by("pk")
        .values_list("pk", "held")
    )
    for pk, held in learners:
        if total + held <= size:
            members.append(Membership(user_id=pk, organization=organization, records_shared_at=now))
            total += held
        if total >= size:
            break
    Membership.objects.bulk_create(members)
    Membership.objects.create(
        user=manager, organization=organization, role=Membership.Role.MANAGER, records_shared_at=now
    )
    certificates = organization_certificates(manager, organization)
    # Real certificates weigh 40-60 KB; the scale data's placeholders are tiny.
    storage = Certificate._meta.get_field("pdf").storage
    for name in certificates.values_list("pdf", flat=True):
        storage.delete(name)
        storage.save(name, ContentFile(placeholder_pdf(name, padding=48 * 1024)))
    return organization, certificates.count()


def prepare(args, learners: int, orgs: int, *, quiz_count: int) -> dict:
    """Scale data plus the benchmark's own users; returns paths, sessions and facts."""
    from accounts.models import User
    from certificates.models import Certificate
    from courses import services
    from courses.choices import QuizKind
    from courses.models import CatalogPage, CoursePage, QuizPage
    from lms.scale_data import make_scale_data

    started = time.perf_counter()
    made = make_scale_data(learners=learners, orgs=orgs, log=lambda _text: None)
    generate_seconds = time.perf_counter() - started

    # Pages learners read: the real curriculum's first course.
    catalog = CatalogPage.objects.live().first()
    course = CoursePage.objects.live().exclude(slug__startswith="scale-").order_by("path").first()
    # Readers: each has finished the course's lessons and rereads one of them, so a load takes
    # each reader's course page, lesson and my learning in turn (no reader asks for one URL
    # again and again).
    lessons = list(course.live_lessons())
    readers = []
    for number in range(READERS):
        reader = bench_user(f"bench-reader-{number:02}@scale.example")
        enrollment, _ = services.enrol(reader, course)
        for lesson in lessons:
            services.complete_lesson(enrollment, lesson)
        readers.append(reader)
    lesson = lessons[min(1, len(lessons) - 1)]
    reader = readers[0]

    # Quizzes: the scale course's post-test (pre-test, 4 lessons, post-test).
    scale_course = CoursePage.objects.get(slug="scale-naloxone-responding-to-an-overdose")
    quizzes = QuizPage.objects.child_of(scale_course)
    pre_test = quizzes.get(kind=QuizKind.PRE_TEST)
    post_test = quizzes.get(kind=QuizKind.POST_TEST)
    quiz_enrolments = quiz_learners(quiz_count, "bench-quiz", scale_course, pre_test)
    probe = quiz_learners(1, "bench-probe", scale_course, pre_test)[0]

    certificates = list(Certificate.objects.filter(status="valid").order_by("pk")[:READERS])
    certificate = certificates[0]
    manager = User.objects.get(email=made["big_organization_manager"])
    staff_slug = made["big_organization"]
    # Managers' powers need a second factor: signed in through allauth's code step.
    (manager_session,) = signed_in_sessions(manager)
    staff_page_answers(manager_session, f"/org/{staff_slug}/staff/")
    sessions = {
        "reader": session_for(reader),
        "holder": session_for(certificate.learner),
        "manager": manager_session,
        "probe": session_for(probe.user),
    }
    for number, person in enumerate(readers):
        sessions[f"reader-{number}"] = session_for(person)
    for number, item in enumerate(certificates):
        sessions[f"holder-{number}"] = session_for(item.learner)
    numbers = range(READERS)
    variants = {
        "course_enrolled": [(course.url, f"reader-{n}") for n in numbers],
        "lesson_enrolled": [(lessons[n % len(lessons)].url, f"reader-{n}") for n in numbers],
        "my_learning": [("/my-learning/", f"reader-{n}") for n in numbers],
        "verify": [(f"/verify/{item.display_code}/", None) for item in certificates],
        "certificate_pdf": [
            (f"/certificates/{item.display_code}/download/", f"holder-{n}")
            for n, item in enumerate(certificates)
        ],
        # One manager paging through their staff, every sort in turn.
        "staff_page": [
            (f"/org/{staff_slug}/staff/?sort={sort}&page={n % 4 + 1}", "manager")
            for n, sort in enumerate(STAFF_SORTS)
        ],
    }
    return {
        "made": made,
        "generate_seconds": round(generate_seconds, 1),
        "sessions": sessions,
        "variants": variants,
        "manager": manager,
        "paths": {
            "home": ("/", None),
            "catalog": (catalog.url, None),
            "course_anonymous": (course.url, None),
            "course_enrolled": (course.url, "reader"),
            "lesson_enrolled": (lesson.url, "reader"),
            "my_learning": ("/my-learning/", "reader"),
            "verify": (f"/verify/{certificate.display_code}/", None),
            "certificate_pdf": (f"/certificates/{certificate.display_code}/download/", "holder"),
            "staff_page": (f"/org/{staff_slug}/staff/", "manager"),
            "records_csv": (f"/org/{staff_slug}/records.csv", "manager"),
        },
        "quiz_path": post_test.url,
        "quiz_sessions": [session_for(item.user) for item in quiz_enrolments],
        "scale_course": scale_course,
        "pre_test": pre_test,
        "post_test": post_test,
    }


# Measuring in this process: queries and bytes ----------------------------------------------


def client_for(session: str | None):
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    return client


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def measure(client, method: str, path: str, data=None):
    """(status, queries, body) of one request, after one warm-up for per-process caches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, data) if method == "POST" else client.get(path)
        body = body_of(response)
    return response, len(captured.captured_queries), body


def page_facts(data: dict) -> dict:
    """Queries and bytes of each page (what the query budget is about)."""
    facts = {}
    for name, (path, who) in data["paths"].items():
        client = client_for(data["sessions"].get(who))
        if name not in ("records_csv",):
            client.get(path)  # warm per-process caches (content types, site root paths)
        response, queries, body = measure(client, "GET", path)
        assert response.status_code == 200, (name, path, response.status_code)
        facts[name] = {
            "path": path,
            "queries": queries,
            "bytes": len(body),
            "gzip_bytes": len(gzip.compress(body, 6)),
        }
    facts.update(quiz_facts(data))
    return facts


def quiz_facts(data: dict) -> dict:
    """Queries and bytes of the four steps of one attempt (a learner kept for this)."""
    from bench.load import FormReader

    client = client_for(data["sessions"]["probe"])
    quiz = data["quiz_path"]
    client.get(quiz)
    facts = {}
    response, queries, body = measure(client, "POST", quiz + "start/")
    assert response.status_code == 302, response.status_code
    facts["quiz_start"] = {"path": quiz + "start/", "queries": queries, "bytes": len(body)}
    attempt_path = response["Location"]
    response, queries, body = measure(client, "GET", attempt_path)
    facts["quiz_attempt_form"] = {
        "path": attempt_path,
        "queries": queries,
        "bytes": len(body),
        "gzip_bytes": len(gzip.compress(body, 6)),
    }
    reader = FormReader()
    reader.feed(body.decode())
    response, queries, body = measure(client, "POST", reader.action, reader.answers)
    assert response.status_code == 302, response.status_code
    facts["quiz_submit"] = {"path": reader.action, "queries": queries, "bytes": len(body)}
    response, queries, body = measure(client, "GET", response["Location"])
    facts["quiz_result"] = {
        "path": response.wsgi_request.path,
        "queries": queries,
        "bytes": len(body),
        "gzip_bytes": len(gzip.compress(body, 6)),
    }
    return facts


def write_baseline(folder: Path, lesson_path: str, session: str) -> int:
    """The baseline template: the lesson page's own HTML, as static text."""
    html = client_for(session).get(lesson_path).content
    templates = folder / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "bench_baseline.html").write_bytes(b"{% verbatim %}" + html + b"{% endverbatim %}")
    return len(html)


# Load --------------------------------------------------------------------------------------


def drive(spec: dict, folder: Path) -> dict:
    """Run bench/load.py in its own process with `spec`; returns its JSON."""
    spec_file = folder / "load-spec.json"
    spec_file.write_text(json.dumps(spec))
    output = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "bench" / "load.py"), str(spec_file)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output)


def cookie(session: str | None) -> dict:
    return {"Cookie": f"sessionid={session}"} if session else {}


def load_path(
    server,
    folder,
    args,
    path,
    session,
    *,
    requests=None,
    concurrency=None,
    tool=None,
    variants=None,
    sessions=None,
):
    """Load one path, or its `variants` ((path, session name) pairs from ``sessions``) in turn."""
    turns = [{"path": path, "headers": cookie(session)}]
    if variants:
        turns = [{"path": p, "headers": cookie(sessions.get(who))} for p, who in variants]
    return drive(
        {
            "kind": "get",
            "tool": tool or args.tool,
            "host": "127.0.0.1",
            "port": server.port,
            "path": path,
            "variants": turns,
            "requests": requests or args.requests,
            "concurrency": concurrency or args.concurrency,
        },
        folder,
    )


class MemoryWatch:
    """The largest growth of any gunicorn worker's resident memory while it runs (in MB)."""

    def __init__(self, pids: list[int]):
        from bench.server import memory_kb

        self.read = memory_kb
        self.pids = pids
        self.before = {pid: memory_kb(pid) for pid in pids}
        self.peak = dict(self.before)
        self.running = True
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self):
        while self.running:
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], self.read(pid))
            time.sleep(0.005)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()

    @property
    def growth_mb(self) -> float:
        return round(max(self.peak[pid] - self.before[pid] for pid in self.pids) / 1024, 1)

    @property
    def peak_mb(self) -> float:
        return round(max(self.peak.values()) / 1024, 1)


def one_download(server, path: str, session: str | None) -> tuple[int, float, int]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", path, headers=cookie(session))
    response = connection.getresponse()
    size = 0
    while chunk := response.read(65536):
        size += len(chunk)
    seconds = time.perf_counter() - started
    connection.close()
    return response.status, seconds, size


def downloads(server, path, session, repeat: int, watch: bool = False) -> dict:
    times, size, status = [], 0, 0
    memory = None
    for _ in range(repeat):
        if watch:
            with MemoryWatch(server.worker_pids()) as memory:
                status, seconds, size = one_download(server, path, session)
        else:
            status, seconds, size = one_download(server, path, session)
        times.append(seconds)
    result = {
        "status": status,
        "downloads": repeat,
        "time_to_last_byte_s": {
            "median": round(statistics.median(times), 3),
            "max": round(max(times), 3),
        },
        "bytes": size,
    }
    if memory is not None:
        result["worker_peak_rss_mb"] = memory.peak_mb
        result["worker_rss_growth_mb"] = memory.growth_mb
    return result


def quiz_load(server, folder, args, data) -> dict:
    return drive(
        {
            "kind": "quiz",
            "host": "127.0.0.1",
            "port": server.port,
            "quiz_path": data["quiz_path"],
            "sessions": data["quiz_sessions"],
            "csrf_token": CSRF_TOKEN,
            "concurrency": args.concurrency,
        },
        folder,
    )


CSRF_TOKEN = "b" * 32  # a CSRF secret; Django takes the same value from cookie and form


def burst(server, folder, args, data) -> dict:
    """`args.burst` learners, each with an attempt open, all submitting at once."""
    from bench.load import FormReader
    from courses import assessments
    from courses.models import Attempt

    enrolments = quiz_learners(args.burst, "bench-burst", data["scale_course"], data["pre_test"])
    submits = []
    for enrollment in enrolments:
        attempt, _ = assessments.start_or_resume_attempt(enrollment, data["post_test"])
        client = client_for(session := session_for(enrollment.user))
        quiz = data["post_test"]
        page = client.get(quiz.url + quiz.reverse_subpage("attempt", kwargs={"code": attempt.code}))
        reader = FormReader()
        if page.status_code == 200:
            reader.feed(page.content.decode())
        submits.append(
            {"session": session, "path": reader.action, "answers": reader.answers, "pk": attempt.pk}
        )
    from django.db import connections

    connections.close_all()
    result = drive(
        {
            "kind": "submit",
            "host": "127.0.0.1",
            "port": server.port,
            "submits": submits,
            "csrf_token": CSRF_TOKEN,
            "concurrency": max(args.concurrency, 16),
        },
        folder,
    )
    graded = Attempt.objects.filter(
        pk__in=[item["pk"] for item in submits], submitted_at__isnull=False
    ).count()
    result["learners"] = len(submits)
    result["graded"] = graded
    return result


# The run -----------------------------------------------------------------------------------


def ratio(value, baseline):
    return round(value / baseline, 2) if baseline else None


def serve(folder: Path, env: dict, concurrency: int):
    from bench.server import GunicornServer

    return GunicornServer(
        env=env,
        workers=WORKERS,
        ready_path="/bench/baseline/",
        log_path=folder / "gunicorn.log",
        connections_per_worker=math.ceil(concurrency / WORKERS),
    )


def load_pages(server, folder, args, data, names) -> dict:
    results = {}
    for name in names:
        path, who = data["paths"][name]
        if name in ("records_csv",):
            continue
        session = data["sessions"].get(who)
        results[name] = load_path(
            server,
            folder,
            args,
            path,
            session,
            variants=data["variants"].get(name),
            sessions=data["sessions"],
        )
    return results


def run(args, folder: Path, database: Database) -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection, connections

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    started = time.perf_counter()
    call_command("load_curriculum", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    curriculum_seconds = time.perf_counter() - started

    data = prepare(args, args.learners, args.orgs, quiz_count=args.quiz_attempts)
    facts = page_facts(data)
    lesson_path, _ = data["paths"]["lesson_enrolled"]
    baseline_bytes = write_baseline(folder, lesson_path, data["sessions"]["reader"])
    zip_org, zip_count = zip_organization(data["manager"], ZIP_CERTIFICATES)
    data["paths"]["certificates_zip"] = (f"/org/{zip_org.slug}/certificates.zip", "manager")
    connections.close_all()

    env = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.bench",
        "DATABASE_URL": database.url,
        "BENCH_DIR": str(folder),
    }
    only = set(args.only.split(",")) if args.only else None
    names = [
        name
        for name in data["paths"]
        if name not in ("records_csv", "certificates_zip") and (not only or name in only)
    ]
    report: dict = {}
    with serve(folder, env, args.concurrency) as server:
        server.warm_up(["/bench/baseline/"])
        for name in names:
            path, who = data["paths"][name]
            server.warm_up([path], cookie(data["sessions"].get(who)), rounds=2)
        baseline = load_path(server, folder, args, "/bench/baseline/", None)
        loads = load_pages(server, folder, args, data, names)
        if not only or "quiz" in only:
            report["quiz_attempts"] = quiz_load(server, folder, args, data)
            report["quiz_burst"] = burst(server, folder, args, data)
        if not only or "records_csv" in only:
            path, who = data["paths"]["records_csv"]
            report["records_csv"] = downloads(server, path, data["sessions"][who], 3, watch=True)
        if not only or "certificates_zip" in only:
            path, who = data["paths"]["certificates_zip"]
            report["certificates_zip"] = downloads(
                server, path, data["sessions"][who], 3, watch=True
            ) | {"certificates": zip_count}
        baseline_again = load_path(server, folder, args, "/bench/baseline/", None)

    base_rps = statistics.mean(
        [baseline["requests_per_second"], baseline_again["requests_per_second"]]
    )
    paths = {}
    for name, result in loads.items():
        paths[name] = {**facts.get(name, {}), **result} | {
            "ratio_to_baseline": ratio(result["requests_per_second"], base_rps)
        }
    report = {
        "paths": paths,
        **report,
        "baseline": {
            "bytes": baseline_bytes,
            "requests_per_second": round(base_rps, 1),
            "first": baseline,
            "last": baseline_again,
        },
        "queries": {name: facts[name]["queries"] for name in facts},
        "response_bytes": {
            name: {"raw": facts[name]["bytes"], "gzip": facts[name].get("gzip_bytes")}
            for name in facts
        },
    }

    if args.growth:
        report["growth"] = growth(args, folder, database, env, data, report)

    report["targets"] = TARGETS
    report["met"] = verdicts(report, connection.vendor)
    report["data"] = {
        key: value for key, value in data["made"].items() if isinstance(value, int)
    } | {"generate_seconds": data["generate_seconds"], "curriculum_seconds": curriculum_seconds}
    report["setup"] = {
        "database": connection.vendor,
        "load_tool": args.tool,
        "requests_per_path": args.requests,
        "concurrency": args.concurrency,
        "gunicorn_workers": WORKERS,
        "settings": "lms.settings.bench",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "date": datetime.date.today().isoformat(),
    }
    return report


def growth(args, folder, database, env, data, report) -> dict:
    """The data set again, --growth times larger: lesson, course and staff pages again."""
    from django.db import connections

    from lms.scale_data import delete_scale_data

    small = {name: report["paths"][name] for name in GROWTH_PATHS if name in report["paths"]}
    delete_scale_data(log=lambda _text: None)
    from accounts.models import User

    User.objects.filter(email__startswith="bench-").delete()
    learners = args.learners * args.growth
    big = prepare(args, learners, args.orgs * 2, quiz_count=0)
    facts = page_facts(big)
    connections.close_all()
    result = {"learners": learners, "data": big["made"], "paths": {}}
    with serve(folder, env, args.concurrency) as server:
        server.warm_up(["/bench/baseline/"])
        baseline = load_path(server, folder, args, "/bench/baseline/", None)
        for name in small:
            path, who = big["paths"][name]
            server.warm_up([path], cookie(big["sessions"].get(who)), rounds=2)
            loaded = load_path(
                server,
                folder,
                args,
                path,
                big["sessions"].get(who),
                variants=big["variants"].get(name),
                sessions=big["sessions"],
            )
            before = small[name]
            result["paths"][name] = {
                "p50_ms": loaded["p50_ms"],
                "p95_ms": loaded["p95_ms"],
                "requests_per_second": loaded["requests_per_second"],
                "queries": facts[name]["queries"],
                "p50_ratio_to_small": ratio(loaded["p50_ms"], before["p50_ms"]),
                "queries_at_small": small[name]["queries"],
            }
    result["baseline_requests_per_second"] = baseline["requests_per_second"]
    result["queries"] = {name: facts[name]["queries"] for name in facts}
    return result


def verdicts(report: dict, vendor: str) -> dict:
    paths = report["paths"]
    met = {}
    for name in ("lesson_enrolled", "course_anonymous", "course_enrolled", "catalog"):
        if name in paths:
            met[f"{name}_throughput"] = (
                paths[name]["ratio_to_baseline"] >= TARGETS["page_throughput_ratio"]
            )
            met[f"{name}_p95"] = paths[name]["p95_ms"] <= TARGETS["page_p95_ms"]
    if "verify" in paths:
        met["verify_throughput"] = (
            paths["verify"]["ratio_to_baseline"] >= TARGETS["verify_throughput_ratio"]
        )
    if "quiz_attempts" in report:
        submit_ok = report["quiz_attempts"]["submit"]["p95_ms"] <= TARGETS["quiz_submit_p95_ms"]
        met["quiz_submit_p95" + ("" if vendor == "postgresql" else "_sqlite")] = submit_ok
        burst = report["quiz_burst"]
        met["quiz_burst"] = (
            burst["errors"] == 0
            and burst["graded"] == burst["learners"] >= TARGETS["burst_learners"]
            and burst["seconds"] <= TARGETS["burst_seconds"]
        )
    learner_queries = {
        name: count for name, count in report["queries"].items() if name in LEARNER_PAGES
    }
    met["queries_per_learner_page"] = all(
        count <= TARGETS["queries_per_learner_page"] for count in learner_queries.values()
    )
    if "growth" in report:
        grown = report["growth"]
        met["queries_independent_of_data_size"] = all(
            grown["queries"].get(name) == count
            for name, count in learner_queries.items()
            if name in grown["queries"]
        )
        met["growth_p50"] = all(
            item["p50_ratio_to_small"] <= TARGETS["growth_p50_ratio"]
            for item in grown["paths"].values()
        )
    return met


def run_in_throwaway_place(args, prefix: str, run) -> None:
    """`run(args, folder, database)` in a new temporary folder and database (both removed at
    the end unless ``--keep``), under the bench settings; its report printed as JSON (and
    written to ``--output``)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    database = Database(folder)
    os.environ.update(
        DATABASE_URL=database.url,
        BENCH_DIR=str(folder),
        DJANGO_SETTINGS_MODULE="lms.settings.bench",
    )
    database.create()
    try:
        report = run(args, folder, database)
    finally:
        from django.db import connections

        connections.close_all()
        database.drop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    text = json.dumps(report, indent=2, default=str)
    if args.output:
        Path(args.output).write_text(text + "\n")
    print(text)


def main():
    run_in_throwaway_place(parse_args(), "open-door-bench-", run)


if __name__ == "__main__":
    main()
