"""Issue 17: visitors' pages carry no token and no session, so standard HTTP caching serves them.

Real requests through the whole middleware stack: a visitor's GET sets no cookie and holds no
CSRF token; the second visitor is answered from Django's cache without a query; publishing,
unpublishing or deleting renews it; a signed-in person is never answered from it and never
stored.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.cache import get_max_age

from courses.models import CatalogPage, CoursePage
from tests.conftest import in_spanish
from tests.courses.conftest import enrol, make_course

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


@pytest.fixture
def course(db) -> CoursePage:
    return make_course(CatalogPage.objects.live().get(), "Naloxone basics")


@pytest.fixture
def certificate(learner):
    from tests.certificates.conftest import issue
    from tests.certificates.conftest import make_course as make_certified_course

    learner.certificate_name = "Sam Rivera"
    learner.save()
    return issue(learner, make_certified_course("Wound care"))


def visitor_urls(course, certificate) -> list[str]:
    english = [
        "/",
        course.get_parent().url,
        course.url,
        reverse("certificates:verify_form"),
        reverse("certificates:verify", args=[certificate.code]),
        reverse("privacy:page"),
    ]
    return english + [in_spanish(url) for url in english]


def assert_nothing_of_a_session(response, url) -> None:
    page = response.content.decode()
    assert "csrfmiddlewaretoken" not in page, url
    assert settings.SESSION_COOKIE_NAME not in response.cookies, url
    assert settings.CSRF_COOKIE_NAME not in response.cookies, url
    # Signing in is a link in the header, not a form.
    assert 'login/">' in page and 'action="/accounts/login/"' not in page, url


def test_a_visitors_pages_set_no_cookie_and_hold_no_csrf_token(course, certificate):
    visitor = Client()

    for url in visitor_urls(course, certificate):
        response = visitor.get(url, follow=True)
        assert response.status_code == 200, url
        assert_nothing_of_a_session(response, url)
        assert not response.cookies, (url, response.cookies)
        assert not visitor.cookies, url


def test_a_visitor_opening_a_lesson_is_sent_to_its_course_with_a_note_and_no_session(course):
    lesson_url = course.live_lessons().first().url
    visitor = Client()

    response = visitor.get(lesson_url, follow=True)

    assert response.redirect_chain == [(course.url, 302)]
    assert "Sign in and enrol in this course to read its lessons." in response.content.decode()
    assert_nothing_of_a_session(response, lesson_url)
    # The note travels in a one-time cookie that the course page deletes once shown.
    assert not [cookie for cookie in visitor.cookies.values() if cookie.value]


def test_the_second_visitor_is_served_from_the_cache_without_a_query(
    course, django_assert_num_queries
):
    first = Client().get(course.url)
    assert first.status_code == 200
    assert directives(first) == {"public", "max-age=300"}

    with django_assert_num_queries(0):
        second = Client().get(course.url)

    assert second.status_code == 200
    assert second.content == first.content
    assert directives(second) == {"public", "max-age=300"}


def test_spanish_and_english_copies_are_kept_apart(course, django_assert_num_queries):
    english_url, spanish_url = course.url, in_spanish(course.url)
    Client().get(english_url)
    Client().get(spanish_url)

    with django_assert_num_queries(0):
        english = Client().get(english_url).content.decode()
        spanish = Client().get(spanish_url).content.decode()

    assert '<html lang="en">' in english
    assert '<html lang="es">' in spanish


def test_vary_names_cookie_but_not_the_browsers_language(course):
    for url in ("/", "/es/", "/courses/", "/es/courses/", "/privacy/", "/es/privacy/"):
        Client().get(url)  # the first draws it, the second comes from the cache
        response = Client().get(url)
        assert "cookie" in vary(response), url
        assert "accept-language" not in vary(response), url


def test_a_visitor_with_a_csrf_cookie_shares_the_same_copy(course, django_assert_num_queries):
    Client().get(course.url)
    visitor = Client()
    visitor.cookies["csrftoken"] = "a" * 32  # left by a sign-in form they once opened

    with django_assert_num_queries(0):
        response = visitor.get(course.url)

    assert response.status_code == 200


def test_a_change_is_not_seen_until_it_is_published_and_then_at_once(course):
    assert "Naloxone basics" in Client().get(course.url).content.decode()
    # A row changed without publishing (no signal): visitors still get the kept page.
    CoursePage.objects.filter(pk=course.pk).update(title="Naloxone: the basics")
    assert "Naloxone: the basics" not in Client().get(course.url).content.decode()

    course.refresh_from_db()
    course.title = "Naloxone for peers"
    course.save_revision().publish()

    page = Client().get(course.url).content.decode()
    assert "Naloxone for peers" in page


def test_unpublishing_and_deleting_a_page_take_it_away_at_once(course):
    lesson = course.live_lessons().first()
    assert Client().get(lesson.url).status_code in (200, 302)
    assert Client().get(course.url).status_code == 200

    course.unpublish()
    assert Client().get(course.url).status_code == 404

    course.save_revision().publish()
    assert Client().get(course.url).status_code == 200
    course.delete()
    assert Client().get(course.url).status_code == 404


def test_signed_in_pages_are_never_kept_and_never_served_from_the_cache(client, learner, course):
    Client().get(course.url)  # a visitor's copy is kept
    client.force_login(learner)

    response = client.get(course.url)

    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)
    page = response.content.decode()
    assert "csrfmiddlewaretoken" in page  # the Enrol form: drawn for this person
    assert "Sign in to enrol" not in page

    enrol(learner, course)
    assert "Your progress" in client.get(course.url).content.decode()
    # ...and nothing of theirs reached the visitors' copy.
    assert "Your progress" not in Client().get(course.url).content.decode()


def test_a_message_waiting_for_a_visitor_is_shown_on_a_kept_page(client):
    Client().get("/")  # kept

    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"}, follow=True)

    assert "That language is not available." in response.content.decode()


def test_pages_that_say_no_store_are_not_kept(certificate, django_assert_max_num_queries):
    # A verification page must show a revoked certificate at once: it is drawn every time.
    url = Client().get(reverse("certificates:verify", args=[certificate.code]))["Location"]
    first = Client().get(url)
    assert first.status_code == 200
    assert "no-store" in directives(first)
    assert get_max_age(first) is None

    with django_assert_max_num_queries(20) as queries:
        Client().get(url)
    assert len(queries) > 0


def test_the_cms_is_not_kept(client):
    Client().get("/cms/login/")
    response = Client().get("/cms/login/")

    assert "public" not in directives(response)
