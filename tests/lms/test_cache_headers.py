"""F11 (issue 22): pages for a signed-in person are never stored by a browser or a shared cache.

Real requests, signed in and out: every response to a signed-in person says ``private,
no-store``; visitors' pages are public for a few minutes (lms.cache_headers); after signing
out on a shared computer, Back (the browser asking again, since nothing was stored) finds
nothing of the person's.
"""

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import enrol, make_course

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    header = response.get("Cache-Control", "")
    return {part.strip() for part in header.split(",") if part.strip()}


@pytest.fixture
def course(db):
    from courses.models import CatalogPage

    return make_course(CatalogPage.objects.live().get())


@pytest.fixture
def lesson(course):
    return course.live_lessons().first()


def test_my_learning_a_lesson_and_the_home_page_are_not_stored_for_a_learner(
    client, learner, course, lesson
):
    enrol(learner, course)
    client.force_login(learner)

    for url in ("/", reverse("my_learning"), course.url, lesson.url, "/no-such-page/"):
        response = client.get(url)
        assert {"private", "no-store"} <= directives(response), (url, response.status_code)
        assert "public" not in directives(response)


def test_partner_pages_are_not_stored(client, manager, organization):
    sign_in_with_mfa(client, manager)

    for name in ("partners:staff", "partners:certificates", "accounts:organization_members"):
        response = client.get(reverse(name, args=[organization.slug]))
        assert response.status_code == 200, name
        assert {"private", "no-store"} <= directives(response), name


def test_a_verification_page_keeps_its_own_no_store_and_adds_private(client, learner):
    client.force_login(learner)

    response = client.get(reverse("certificates:verify_form"))

    assert directives(response) == {"private", "no-store"}


def test_a_visitors_pages_may_be_kept_by_any_cache_for_a_while(client, course):
    # The same page for every visitor (issue 17): public, for ANONYMOUS_PAGE_CACHE_SECONDS.
    for url in ("/", course.get_parent().url, course.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in directives(response), url
        assert "private" not in directives(response), url
        assert "public" in directives(response), url
        assert get_max_age(response) == 300


def test_after_signing_out_back_shows_nothing_of_the_person(client, learner, course, lesson):
    enrol(learner, course)
    client.force_login(learner)
    read = client.get(lesson.url)
    assert "Lesson 1" in read.content.decode()
    assert "no-store" in directives(read)  # so the browser kept no copy to show on Back

    signed_out = client.post(reverse("account_logout"))
    back = client.get(lesson.url)  # what Back fetches again, with nothing stored

    assert signed_out.status_code == 302
    assert back.status_code == 302
    assert "Lesson 1" not in back.content.decode()
    assert "no-store" not in directives(back)  # a visitor's response again
