"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Without Chromium the tests are skipped with a message saying how to install it, unless
REQUIRE_BROWSER is set (CI sets it), in which case they fail.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The machines have no internet: keep Chromium from trying to reach it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there (fixtures, assertions, database set-up and flush) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def migration_data(django_db_setup, django_db_blocker) -> str:
    """The rows migrations create (site, home page, catalog, roles), as serialized at set-up.

    Read before Playwright starts: once its event loop runs in this thread, Django hands out a
    fresh connection object that no longer carries them, so the usual serialized rollback of
    transactional tests cannot restore them.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        return connection._test_serialized_contents


def _carry_migration_data(migration_data: str) -> None:
    """Give the connection Django hands out now the serialized rows, so the flush after each
    test keeps content types and permissions, and the next test's set-up restores the rest."""
    from django.db import connection

    connection._test_serialized_contents = migration_data


@pytest.fixture(autouse=True)
def _restore_migration_data(transactional_db, migration_data):
    from django.db import connection
    from wagtail.models import Site

    _carry_migration_data(migration_data)
    if not Site.objects.exists():
        connection.creation.deserialize_db_from_string(migration_data)


@pytest.fixture(scope="session")
def browser(migration_data):
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` "
            "to run the browser tests."
        )
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        _carry_migration_data(migration_data)
        yield browser
        browser.close()


@pytest.fixture(params=["desktop", "phone"])
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, live_server, viewport):
    context = browser.new_context(
        viewport=PHONE if viewport == "phone" else DESKTOP,
        base_url=live_server.url,
        locale="en-US",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# Shared set-up for the learner's journeys -------------------------------------------------

LEARNER_NAME = "Rosa María Quiñones"


def translated(language: str, message: str, **values) -> str:
    """`message` as the site shows it in `language` (the catalog is looked up, never hard-coded)."""
    from django.utils import translation

    with translation.override(language):
        text = translation.gettext(message)
    return text % values if values else text


@pytest.fixture
def site_url(settings, live_server) -> str:
    """Certificates print verification links on the live server, so the browser can follow them."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def learning_course(site_url):
    """A small published course: two lessons, a post-test, a required evaluation, a CE approval.

    Built with the same helpers as the courses and certificates tests.
    """
    import datetime

    from certificates.models import Approval
    from courses.models import CatalogPage
    from tests.courses.conftest import make_course, make_evaluation, make_quiz

    course = make_course(
        CatalogPage.objects.get(locale__language_code="en"),
        "Responding to an overdose",
        lessons=2,
        evaluation_required=True,
        certificate_validity_months=24,
    )
    make_quiz(course, "post_test")
    make_evaluation(course)
    approval = Approval.objects.create(
        approving_body="NAADAC",
        provider_number="246810",
        statement="This course has been approved by NAADAC, Approved Education Provider #246810.",
        valid_from=datetime.date(2020, 1, 1),
    )
    approval.courses.add(course)
    return course


@pytest.fixture
def sign_in(live_server):
    """Give a page the session of `user` (as if they had signed in) without typing a password."""
    from django.conf import settings
    from django.test import Client

    def sign_in(page, user) -> None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )

    return sign_in


@pytest.fixture
def curriculum(db):
    """The real courses from courses/curriculum, loaded as on a real site (`load_curriculum`)."""
    from courses.curriculum.loader import load_curriculum
    from courses.models import CoursePage

    load_curriculum()
    return list(CoursePage.objects.live().order_by("path"))


@pytest.fixture
def learner_pages(curriculum, learner) -> dict[str, str]:
    """The learner's pages in the first real course, mid-way: enrolled, every lesson done, a
    post-test attempt open. Maps a page's name to its URL."""
    from courses import assessments, services
    from courses.choices import QuizKind
    from courses.models import CatalogPage, QuizPage

    course = curriculum[0]
    enrollment, _ = services.enrol(learner, course)
    lessons = list(course.live_lessons())
    for lesson in lessons:
        services.complete_lesson(enrollment, lesson)
    post_test = QuizPage.objects.child_of(course).get(kind=QuizKind.POST_TEST)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, post_test)
    pages = {
        "home": "/",
        "catalog": CatalogPage.objects.get(locale__language_code="en").url,
        "course": course.url,
        "quiz": post_test.url,
        "quiz-attempt": f"{post_test.url}attempt/{attempt.code}/",
        "my-learning": "/my-learning/",
    }
    pages.update({f"lesson-{n}": lesson.url for n, lesson in enumerate(lessons, start=1)})
    return pages
