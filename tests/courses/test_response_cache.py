"""Whole pages kept and served again (courses/response_cache.py).

Each test reads a page as a visitor (so it is kept), then checks what the next visitor gets: the
same page without reading the database, with their own working CSRF token, in their language,
and never a page meant for someone else or one that a publish has changed.
"""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from courses import assessments, services
from courses.models import CoursePage
from tests.conftest import make_user
from tests.courses.conftest import (
    SCENARIO_ID,
    answers_by_question,
    enrol,
    finish_lessons,
    make_course,
    make_lesson,
    scenario_body,
)

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="(\w+)"')


def visitor(**headers) -> Client:
    return Client(enforce_csrf_checks=True, **headers)


def without_tokens(html: str) -> str:
    return TOKEN.sub("", html)


@pytest.fixture
def pages(catalog, course):
    return {"home": "/", "catalog": catalog.url, "course": course.url}


@pytest.mark.parametrize("name", ["home", "catalog", "course"])
def test_the_next_visitor_gets_the_same_page_without_a_database_read(pages, name):
    first = visitor().get(pages[name])
    assert first.status_code == 200

    with CaptureQueriesContext(connection) as queries:
        again = visitor().get(pages[name])

    assert queries.captured_queries == []
    assert again.status_code == 200
    assert without_tokens(again.content.decode()) == without_tokens(first.content.decode())
    assert again["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in again


def test_a_kept_page_carries_a_csrf_token_that_works_for_its_visitor(pages):
    visitor().get(pages["home"])  # kept, with the first visitor's token cut out
    second = visitor()

    page = second.get(pages["home"])
    token = TOKEN.search(page.content.decode()).group(1)
    assert settings.CSRF_COOKIE_NAME in page.cookies

    response = second.post(
        reverse("set_language"),
        {"csrfmiddlewaretoken": token, "language": "es", "next": "/"},
    )
    assert response.status_code == 302
    assert second.get("/").content.decode().startswith("<!DOCTYPE html>")
    assert '<html lang="es">' in second.get("/").content.decode()


def test_a_visitor_without_the_token_is_still_refused(pages):
    visitor().get(pages["home"])
    response = visitor().post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 403


def test_each_language_gets_its_own_page(pages):
    english = visitor().get(pages["catalog"]).content.decode()
    spanish_visitor = visitor()
    spanish_visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    spanish = spanish_visitor.get(pages["catalog"]).content.decode()

    assert '<html lang="es">' in spanish and "Mostrar los cursos" in spanish
    assert '<html lang="en">' in visitor().get(pages["catalog"]).content.decode()
    assert '<html lang="en">' in english


def test_a_published_change_shows_to_the_next_visitor(pages, course):
    assert "Naloxone basics" in visitor().get(pages["course"]).content.decode()

    edited = CoursePage.objects.get(pk=course.pk)
    edited.summary = "A rewritten summary, published a moment ago."
    edited.save_revision().publish()

    assert "A rewritten summary" in visitor().get(pages["course"]).content.decode()


def test_a_new_course_shows_in_the_catalog_at_once(pages, catalog):
    assert "Seeking Safety in practice" not in visitor().get(pages["catalog"]).content.decode()

    make_course(catalog, "Seeking Safety in practice", lessons=1)

    assert "Seeking Safety in practice" in visitor().get(pages["catalog"]).content.decode()


def test_each_filter_gets_its_own_page(pages, catalog):
    make_course(catalog, "Talking about stigma", topics=["anti_stigma"], lessons=1)
    everything = visitor().get(pages["catalog"]).content.decode()
    assert "Talking about stigma" in everything and "Naloxone basics" in everything

    stigma = visitor().get(pages["catalog"], {"topic": "anti_stigma"}).content.decode()

    assert "Talking about stigma" in stigma
    assert "Naloxone basics" not in stigma


def test_signed_in_people_never_get_or_leave_a_kept_page(pages, learner):
    visitor().get(pages["course"])
    signed_in = Client()
    signed_in.force_login(learner)

    page = signed_in.get(pages["course"]).content.decode()
    assert "Sign out" in page and "Enrol" in page

    page = visitor().get(pages["course"]).content.decode()
    assert "Sign out" not in page and "Sign in" in page


def test_a_page_showing_a_message_is_not_kept_for_the_next_visitor(pages):
    person = make_user("sam@example.org")
    leaving = Client()
    leaving.force_login(person)
    leaving.post(reverse("account_logout"))
    page = leaving.get("/").content.decode()
    assert "You have signed out." in page

    assert "You have signed out." not in visitor().get("/").content.decode()


def test_a_page_is_not_kept_when_turned_off(pages, settings):
    settings.RESPONSE_CACHE = False
    visitor().get(pages["home"])
    with CaptureQueriesContext(connection) as queries:
        visitor().get(pages["home"])
    assert queries.captured_queries


# Signed-in learners: each has their own kept pages ------------------------------------------


def learner_session(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def seen_twice(client, url) -> str:
    """Read a page until it is kept (a lesson's first view starts its clock, and is not kept)."""
    client.get(url)
    return client.get(url).content.decode()


def test_a_learner_reads_their_kept_lesson_without_a_database_read(learner, course, lessons):
    enrol(learner, course)
    reader = learner_session(learner)
    first = seen_twice(reader, lessons[0].url)

    with CaptureQueriesContext(connection) as queries:
        again = reader.get(lessons[0].url)

    assert queries.captured_queries == []  # the account is kept too (accounts/backends.py)
    assert without_tokens(again.content.decode()) == without_tokens(first)


def test_completing_a_lesson_shows_on_the_next_course_page(learner, course, lessons):
    enrol(learner, course)
    reader = learner_session(learner)
    seen_twice(reader, lessons[0].url)
    assert '<li class="lesson-item lesson-done">' not in seen_twice(reader, course.url)
    page = reader.get(lessons[0].url).content.decode()
    token = TOKEN.search(page).group(1)

    reader.post(f"{lessons[0].url}complete/", {"csrfmiddlewaretoken": token})

    page = reader.get(course.url).content.decode()
    assert '<li class="lesson-item lesson-done">' in page


def test_enrolling_shows_on_the_next_course_page(learner, course):
    reader = learner_session(learner)
    page = seen_twice(reader, course.url)
    assert "Take this course" in page
    token = TOKEN.search(page).group(1)

    reader.post(f"{course.url}enrol/", {"csrfmiddlewaretoken": token})

    assert "Your progress" in reader.get(course.url).content.decode()


def test_a_saved_reflection_shows_on_the_next_lesson_page(learner, catalog):
    course = make_course(catalog, "Conversations", lessons=0)
    lesson = make_lesson(course, "Talking with Jo", body=scenario_body())
    enrol(learner, course)
    reader = learner_session(learner)
    page = seen_twice(reader, lesson.url)
    token = TOKEN.search(page).group(1)

    reader.post(
        f"{lesson.url}reflection/",
        {"csrfmiddlewaretoken": token, "block": SCENARIO_ID, "text": "Ask Jo what would help."},
    )

    assert "Ask Jo what would help." in reader.get(lesson.url).content.decode()


def test_a_handed_in_quiz_shows_on_the_next_course_page(learner, course, post_test):
    enrollment = enrol(learner, course)
    finish_lessons(enrollment)
    reader = learner_session(learner)
    assert "Course complete" not in seen_twice(reader, course.url)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, post_test)

    assessments.submit_attempt(attempt, answers_by_question(attempt))

    page = reader.get(course.url).content.decode()
    assert "You completed this course on" in page


def test_another_learner_never_gets_my_page(learner, course, lessons):
    enrollment = enrol(learner, course)
    services.complete_lesson(enrollment, lessons[0])
    mine = seen_twice(learner_session(learner), course.url)
    assert '<li class="lesson-item lesson-done">' in mine
    someone = make_user("kai@example.org")
    enrol(someone, course)

    theirs = seen_twice(learner_session(someone), course.url)

    assert '<li class="lesson-item lesson-done">' not in theirs
    assert "Not started" in theirs


def test_a_message_is_shown_once_and_never_kept(learner, catalog):
    course = make_course(catalog, "One lesson", lessons=1)
    lesson = course.live_lessons().get()
    enrol(learner, course)
    reader = learner_session(learner)
    seen_twice(reader, course.url)
    token = TOKEN.search(seen_twice(reader, lesson.url)).group(1)

    reader.post(f"{lesson.url}complete/", {"csrfmiddlewaretoken": token})

    assert "Well done: you completed" in reader.get(course.url).content.decode()
    assert "Well done: you completed" not in reader.get(course.url).content.decode()


def test_after_signing_out_the_visitor_page_is_served(learner, course):
    reader = learner_session(learner)
    assert "Sign out" in seen_twice(reader, course.url)

    reader.logout()

    page = reader.get(course.url).content.decode()
    assert "Sign out" not in page and "Sign in to enrol" in page


def test_a_changed_display_of_the_account_shows_at_once(learner, course):
    reader = learner_session(learner)
    assert "Sign out" in seen_twice(reader, course.url)

    learner.is_active = False
    learner.save()

    page = reader.get(course.url).content.decode()
    assert "Sign out" not in page


def test_the_deploy_check_asks_for_a_cache_every_worker_shares(settings, tmp_path):
    from courses.checks import shared_cache_for_kept_pages

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [warning.id for warning in shared_cache_for_kept_pages()] == ["courses.W001"]

    settings.RESPONSE_CACHE = False
    assert shared_cache_for_kept_pages() == []

    settings.RESPONSE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    assert shared_cache_for_kept_pages() == []


def reads_rows(client, url, data=None) -> bool:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, data).status_code == 200
    return bool(queries.captured_queries)


def test_a_filtered_catalog_is_kept_but_made_up_parameters_are_not(pages):
    visitor().get(pages["catalog"], {"topic": "naloxone"})
    assert not reads_rows(visitor(), pages["catalog"], {"topic": "naloxone"})

    visitor().get(pages["catalog"], {"utm_source": "flyer"})
    assert reads_rows(visitor(), pages["catalog"], {"utm_source": "flyer"})
    visitor().get(pages["course"], {"topic": "naloxone"})
    assert reads_rows(visitor(), pages["course"], {"topic": "naloxone"})


def test_a_page_behind_a_view_restriction_is_never_kept(learner, course, lessons):
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    enrol(learner, course)
    reader = learner_session(learner)
    seen_twice(reader, course.url)
    seen_twice(reader, lessons[0].url)

    assert reads_rows(reader, course.url)
    assert reads_rows(reader, lessons[0].url)
