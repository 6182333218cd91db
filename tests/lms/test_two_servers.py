"""Two app servers behind one address share everything a person can notice (issue 17).

Two gunicorn servers (``bench/server.py``, ``lms.settings.bench``: production's settings as far
as plain http on loopback allows) on two ports, one PostgreSQL test database, one Redis, one
``manage.py db_worker`` and one media folder: what several machines behind a proxy share
(docs/operations.md). Each test drives them alternately with real HTTP, as a browser would
(cookies, CSRF tokens read from the forms), and checks what a person sees: a sign-in on one is
signed in on the other, a publish through one shows on the other, limits and used two-step codes
count across both, a quiz handed in 50 times over both is graded once, and a certificate the
worker made after a hand-in on one downloads through the other.

The servers see what this test commits (transactional tests), and this process points them at
its own Redis database, so a publish made in this process is seen by the servers too.
"""

import contextlib
import io
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
import requests
from django.conf import global_settings
from django.conf import settings as django_settings
from django.db import connection, connections
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from bench.quiz_load import QUESTIONS, database_url_for, make_course
from bench.server import GunicornServer
from certificates.models import Certificate
from courses.models import Attempt, Enrollment, LessonPage, QuizPage
from tests.concurrency import on_postgresql_only
from tests.conftest import PASSWORD, current_totp_code

pytestmark = [
    *on_postgresql_only("two app servers need one database they can both reach"),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="two app servers share their cache through Redis; CI runs this with REDIS_URL",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
HAND_INS = 50
WAIT_SECONDS = 60
# Four gunicorn workers importing Django and Wagtail at once take a few seconds on an idle
# machine, and far longer on a CI machine busy with the rest of the suite.
START_SECONDS = 240
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Cluster:
    a: GunicornServer
    b: GunicornServer
    folder: Path


def at_once(method, servers):
    """Start or stop the servers together: each waits up to seconds for its workers."""
    with ThreadPoolExecutor(len(servers)) as pool:
        list(pool.map(method, servers))


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two servers and a task worker on the test database, this process's Redis database and
    one media folder; started once for the module (each test's rows are its own)."""
    folder = tmp_path_factory.mktemp("two-servers")
    with django_db_blocker.unblock():
        database_url = database_url_for(connection.settings_dict)
        connections.close_all()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.bench",
        "DATABASE_URL": database_url,
        "REDIS_URL": django_settings.CACHES["default"]["LOCATION"],
        "BENCH_DIR": str(folder),  # media (shared by all three processes) and static files
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    servers = [
        # Room for every hand-in at once (threaded workers keep what they accepted).
        GunicornServer(
            env=env,
            log_path=folder / f"gunicorn-{name}.log",
            connections_per_worker=HAND_INS,
            timeout=START_SECONDS,
        )
        for name in ("a", "b")
    ]
    with open(folder / "db_worker.log", "wb") as worker_log, contextlib.ExitStack() as stack:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=worker_log,
            stderr=worker_log,
        )
        stack.callback(worker.wait, WAIT_SECONDS)
        stack.callback(worker.terminate)
        stack.callback(at_once, GunicornServer.stop, servers)
        at_once(GunicornServer.start, servers)
        yield Cluster(*servers, folder)
    for name in ("gunicorn-a.log", "gunicorn-b.log", "db_worker.log"):
        assert "Traceback" not in (folder / name).read_text(errors="replace"), name


@pytest.fixture(autouse=True)
def _the_worker_idle_before_the_tables_are_emptied(transactional_db):
    # After each test the tables are emptied; a task the worker is still running would lose
    # its row under it, and the worker stops on the error, leaving the next tests' tasks
    # undone. Set up after the database fixture, so this runs before it empties the tables.
    yield
    wait_for(
        lambda: (
            not (DBTaskResult.objects.ready().exists() or DBTaskResult.objects.running().exists())
        ),
        "the task worker to finish its tasks",
    )


@pytest.fixture(autouse=True)
def _passwords_the_servers_can_check(settings):
    # The suite hashes with MD5 for speed; the servers run production's hashers.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


class Browser:
    """One person's browser: one cookie jar for both servers, as behind one proxy."""

    def __init__(self):
        self.http = requests.Session()

    def get(self, server: GunicornServer, path: str) -> requests.Response:
        return self.http.get(server.url(path), allow_redirects=False, timeout=WAIT_SECONDS)

    def submit(self, server, path, data=None, *, form_at=None, page=None) -> requests.Response:
        """Send the form on `page` (else the page at `form_at`, else at `path`) with its token."""
        if page is None:
            page = self.get(server, form_at or path)
            assert page.status_code == 200, (page.status_code, page.url)
        token = CSRF_FIELD.search(page.text).group(1)
        return self.http.post(
            server.url(path),
            data={"csrfmiddlewaretoken": token, **(data or {})},
            allow_redirects=False,
            timeout=WAIT_SECONDS,
        )

    def sign_in(self, server, user, password=PASSWORD) -> requests.Response:
        return self.submit(
            server, reverse("account_login"), {"login": user.email, "password": password}
        )

    def second_step(self, server, code: str) -> requests.Response:
        return self.submit(server, reverse("mfa_authenticate"), {"code": code})

    def signed_in_as(self, server) -> str | None:
        """The email address of whoever is signed in (allauth's email page shows it), or
        None when the server sends this browser to sign in."""
        page = self.get(server, reverse("account_email"))
        if page.status_code != 200:
            return None
        return re.search(r'value="([^"@]+@[^"]+)"', page.text).group(1)


def set_up_authenticator(server, user) -> list[str]:
    """Set up an authenticator app through allauth's pages, in a browser of its own; keeps the
    secret on `user` and returns the recovery codes shown."""
    browser = Browser()
    assert browser.sign_in(server, user).status_code == 302
    page = browser.get(server, reverse("mfa_activate_totp"))
    if page.status_code == 302:  # allauth asks for the password again first
        browser.submit(server, page.headers["Location"], {"password": PASSWORD})
    page = browser.get(server, reverse("mfa_activate_totp"))
    user.totp_secret = re.search(r"\b([A-Z2-7]{32})\b", page.text).group(1)
    activated = browser.submit(  # the secret changes each time the page is opened
        server,
        reverse("mfa_activate_totp"),
        {"code": current_totp_code(user.totp_secret)},
        page=page,
    )
    assert activated.status_code == 302, activated.text
    codes = browser.get(server, activated.headers["Location"])
    return re.search(r"<textarea[^>]*>([^<]*)</textarea>", codes.text).group(1).split()


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    pytest.fail(f"Timed out waiting for {what}")


def subpage(page, name: str, **kwargs) -> str:
    base = page.url if page.url.endswith("/") else page.url + "/"
    return base + page.reverse_subpage(name, kwargs=kwargs or None)


def test_a_sign_in_on_one_server_holds_on_the_other_until_signed_out_there(cluster, learner):
    browser = Browser()
    assert browser.sign_in(cluster.a, learner).status_code == 302

    assert browser.signed_in_as(cluster.b) == learner.email
    assert browser.signed_in_as(cluster.a) == learner.email
    assert browser.submit(cluster.b, reverse("account_logout")).status_code == 302
    assert browser.signed_in_as(cluster.a) is None
    assert browser.signed_in_as(cluster.b) is None


@pytest.fixture
def named_learner(learner):
    learner.certificate_name = "Samantha Q. Rivera"
    learner.save(update_fields=["certificate_name"])
    return learner


@pytest.fixture
def course():
    """A published course: one lesson, a five-question post-test (the quiz benchmark's)."""
    return make_course("two-servers")


def enrolled_learner_at_post_test(cluster, course, browser, user) -> str:
    """Sign `user` in on A, enrol, finish the lesson and open the post-test, as a learner
    does; returns the path of the attempt's form."""
    lesson = LessonPage.objects.child_of(course).get()
    quiz = QuizPage.objects.child_of(course).get()
    assert browser.sign_in(cluster.a, user).status_code == 302
    assert browser.submit(cluster.a, subpage(course, "enrol"), form_at=course.url).ok
    assert browser.submit(cluster.b, subpage(lesson, "complete"), form_at=lesson.url).ok
    started = browser.submit(cluster.a, subpage(quiz, "start"), form_at=quiz.url)
    assert started.status_code == 302, started.text
    return started.headers["Location"]


def right_answers(attempt_form: str) -> dict[str, str]:
    """The right choice for each question on the attempt's form (q-1 ... q-5)."""
    right = {question["choices"][0]["id"] for question in QUESTIONS}
    fields = re.findall(r'name="(q-\d+)"[^>]*value="([^"]+)"', attempt_form)
    answers = {name: value for name, value in fields if value in right}
    assert len(answers) == len(QUESTIONS), fields
    return answers


def test_a_publish_through_one_server_shows_on_the_others_next_requests(
    cluster, course, learner, reviewer
):
    lesson = LessonPage.objects.child_of(course).get()
    anonymous, signed_in, cms = Browser(), Browser(), Browser()
    assert signed_in.sign_in(cluster.a, learner).status_code == 302
    assert signed_in.submit(cluster.a, subpage(course, "enrol"), form_at=course.url).ok
    session = signed_in.http.cookies[django_settings.SESSION_COOKIE_NAME]
    cookie = {"Cookie": f"{django_settings.SESSION_COOKIE_NAME}={session}"}
    for server in (cluster.a, cluster.b):  # every worker has drawn the pages once
        server.warm_up([course.url, lesson.url], rounds=2)
        server.warm_up([course.url, lesson.url], headers=cookie, rounds=2)
        assert "The signs" in anonymous.get(server, course.url).text
        assert "Not responding." in signed_in.get(server, lesson.url).text

    # A trainer's change, waiting as a draft; a reviewer publishes it through server A's CMS.
    draft = lesson.specific
    draft.title = "Signs of an overdose"
    draft.body = [("rich_text", "<p>Blue lips, slow breathing, no answer.</p>")]
    draft.save_revision()
    set_up_authenticator(cluster.a, reviewer)
    assert cms.sign_in(cluster.a, reviewer).headers["Location"] == reverse("mfa_authenticate")
    assert cms.second_step(cluster.a, current_totp_code(reviewer.totp_secret)).status_code == 302
    bulk_publish = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    published = cms.submit(cluster.a, f"{bulk_publish}?id={lesson.pk}")
    assert published.status_code == 302, published.text
    assert LessonPage.objects.get(pk=lesson.pk).title == "Signs of an overdose"

    assert "Signs of an overdose" in anonymous.get(cluster.b, course.url).text
    assert "Signs of an overdose" in signed_in.get(cluster.b, course.url).text
    assert "Blue lips, slow breathing" in signed_in.get(cluster.b, lesson.url).text
    assert "Not responding." not in signed_in.get(cluster.b, lesson.url).text
    assert "Signs of an overdose" in anonymous.get(cluster.a, course.url).text


def test_wrong_passwords_on_either_server_count_towards_one_limit(cluster, learner):
    limit = django_settings.LOGIN_FAILURES_PER_ADDRESS_AND_NETWORK
    browser = Browser()
    for attempt in range(limit):  # A, B, A, B, A: no server alone reaches the limit
        server = (cluster.a, cluster.b)[attempt % 2]
        wrong = browser.sign_in(server, learner, password="not-the-password")
        assert wrong.status_code == 200
        assert "Too many failed sign-in attempts" not in wrong.text

    refused = browser.sign_in(cluster.b, learner)  # now even the right password waits

    assert refused.status_code == 200
    assert "Too many failed sign-in attempts" in refused.text
    assert browser.signed_in_as(cluster.b) is None


def test_a_two_step_code_used_on_one_server_is_refused_on_the_other(cluster, reviewer):
    mfa_step = reverse("mfa_authenticate")
    recovery_codes = set_up_authenticator(cluster.a, reviewer)
    for _try in range(3):
        # Codes change every 30 seconds: start early in a step, so the code stays current.
        while time.time() % 30 > 15:
            time.sleep(0.5)
        step = int(time.time()) // 30
        code = current_totp_code(reviewer.totp_secret)
        first, second = Browser(), Browser()

        assert first.sign_in(cluster.a, reviewer).headers["Location"] == mfa_step
        assert first.second_step(cluster.a, code).status_code == 302
        assert second.sign_in(cluster.b, reviewer).headers["Location"] == mfa_step
        refused = second.second_step(cluster.b, code)
        if int(time.time()) // 30 == step:
            break  # the code was still the app's current one when B refused it
    else:
        pytest.fail("the servers were too slow to answer within one 30-second step")

    assert refused.status_code == 200
    assert second.signed_in_as(cluster.b) is None
    assert second.second_step(cluster.b, recovery_codes[0]).status_code == 302
    assert second.signed_in_as(cluster.b) == reviewer.email


def test_one_attempt_handed_in_fifty_times_over_both_servers_is_graded_once(
    cluster, course, named_learner
):
    browser = Browser()
    attempt_path = enrolled_learner_at_post_test(cluster, course, browser, named_learner)
    form = browser.get(cluster.b, attempt_path).text
    answers = {**right_answers(form), "csrfmiddlewaretoken": CSRF_FIELD.search(form).group(1)}
    submit_path = attempt_path.removesuffix("/") + "/submit/"
    barrier = threading.Barrier(HAND_INS)

    def hand_in(number: int) -> requests.Response:
        server = (cluster.a, cluster.b)[number % 2]
        barrier.wait(timeout=WAIT_SECONDS)
        return requests.post(
            server.url(submit_path),
            data=answers,
            cookies=browser.http.cookies,
            allow_redirects=False,
            timeout=WAIT_SECONDS,
        )

    with ThreadPoolExecutor(HAND_INS) as pool:
        responses = list(pool.map(hand_in, range(HAND_INS)))

    result_path = attempt_path.removesuffix("/") + "/result/"
    assert [(r.status_code, r.headers.get("Location")) for r in responses] == [
        (302, result_path)
    ] * HAND_INS
    enrollment = Enrollment.objects.get(user=named_learner, course=course)
    attempt = Attempt.objects.get(enrollment=enrollment)  # one attempt, no second one opened
    assert attempt.submitted_at is not None and attempt.passed
    assert enrollment.completed_at is not None
    # The completion was seen once: one certificate queued, one made.
    issue_tasks = DBTaskResult.objects.filter(task_path="certificates.tasks.issue_certificate_task")
    assert issue_tasks.count() == 1
    wait_for(lambda: Certificate.objects.filter(enrollment=enrollment).exists(), "the certificate")
    assert Certificate.objects.count() == 1


def test_a_certificate_earned_on_one_server_downloads_through_the_other(
    cluster, course, named_learner
):
    browser = Browser()
    attempt_path = enrolled_learner_at_post_test(cluster, course, browser, named_learner)
    handed_in = browser.submit(
        cluster.a,
        attempt_path.removesuffix("/") + "/submit/",
        right_answers(browser.get(cluster.a, attempt_path).text),
        form_at=attempt_path,
    )
    assert handed_in.status_code == 302

    # The task worker makes the PDF into the media folder the servers share.
    certificate = wait_for(
        lambda: Certificate.objects.filter(enrollment__user=named_learner).first(),
        "the certificate",
    )
    assert certificate.display_code in browser.get(cluster.b, reverse("my_learning")).text
    download = browser.get(
        cluster.b, reverse("certificates:download", args=[certificate.display_code])
    )

    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(download.content)).pages
    )
    assert "Samantha Q. Rivera" in text
    assert course.title in text
