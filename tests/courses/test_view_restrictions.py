"""Wagtail's privacy settings still keep pages private after our routing and restriction cache.

Pages answer Wagtail's ``get_view_restrictions`` from a cached set of restricted paths
(``courses.page_cache.CachedViewRestrictionsMixin``); Wagtail's own ``check_view_restrictions``
hook then decides. Each kind of restriction (password, signed-in, groups) is set on the course,
so the lesson below it must be refused too, and let through once the person qualifies.
"""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from tests.conftest import make_user
from tests.courses.conftest import enrol, make_course, make_lesson

pytestmark = pytest.mark.django_db

LESSON_WORDS = "rescue breathing matters"


def restrict(page, restriction_type, **fields):
    return PageViewRestriction.objects.create(
        page=Page.objects.get(pk=page.pk), restriction_type=restriction_type, **fields
    )


def shows_lesson(response) -> bool:
    return response.status_code == 200 and LESSON_WORDS in response.content.decode()


def test_an_open_lesson_is_shown(learner_client, learner, course, lessons):
    enrol(learner, course)
    assert shows_lesson(learner_client.get(lessons[0].url))


def test_a_password_on_the_course_asks_for_it_on_the_lesson_and_lets_in_with_it(
    learner_client, learner, course, lessons
):
    enrol(learner, course)
    lesson = lessons[0]
    assert shows_lesson(learner_client.get(lesson.url))  # the open lesson is kept first

    restriction = restrict(course, PageViewRestriction.PASSWORD, password="peer-room-2026")

    response = learner_client.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert LESSON_WORDS not in html
    assert 'name="password"' in html
    assert "no-cache" in response["Cache-Control"]

    action = f"/_util/authenticate_with_password/{restriction.pk}/{lesson.pk}/"
    wrong = learner_client.post(action, {"password": "guess", "return_url": lesson.url})
    assert LESSON_WORDS not in wrong.content.decode()
    assert not shows_lesson(learner_client.get(lesson.url))

    right = learner_client.post(action, {"password": "peer-room-2026", "return_url": lesson.url})
    assert right.status_code == 302
    assert shows_lesson(learner_client.get(lesson.url))


def test_a_sign_in_restriction_on_the_course_sends_visitors_to_sign_in(client, course, lessons):
    lesson = lessons[0]
    restrict(course, PageViewRestriction.LOGIN)

    for url in (course.url, lesson.url):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response.url
        assert f"next={url}" in response.url.replace("%2F", "/")


def test_a_signed_in_learner_passes_a_sign_in_restriction(learner_client, learner, course, lessons):
    enrol(learner, course)
    restrict(course, PageViewRestriction.LOGIN)

    assert shows_lesson(learner_client.get(lessons[0].url))


def test_a_group_restriction_lets_in_members_only(client, learner, course, lessons):
    lesson = lessons[0]
    enrol(learner, course)
    staff_only = Group.objects.create(name="Outreach team")
    restrict(course, PageViewRestriction.GROUPS).groups.add(staff_only)

    client.force_login(learner)
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert "login" in response.url

    learner.groups.add(staff_only)
    assert shows_lesson(client.get(lesson.url))


def test_a_restriction_on_the_catalog_covers_every_course_below(client, catalog, course, lessons):
    assert client.get(course.url).status_code == 200
    restrict(catalog, PageViewRestriction.LOGIN)

    for url in (catalog.url, course.url, lessons[0].url):
        assert client.get(url).status_code == 302, url


def test_a_restriction_on_one_course_leaves_its_neighbour_open(client, catalog, course):
    neighbour = make_course(catalog, "Wound care basics")
    restrict(course, PageViewRestriction.LOGIN)

    assert client.get(course.url).status_code == 302
    assert client.get(neighbour.url).status_code == 200


def test_an_alias_of_a_restricted_lesson_is_restricted_too(client, catalog, course):
    # Wagtail checks an alias against its source page's restrictions.
    source = make_lesson(course, "Naloxone myths")
    other_course = make_course(catalog, "Wound care basics", lessons=0, lessons_in_order=False)
    alias = source.create_alias(parent=Page.objects.get(pk=other_course.pk), update_slug="myths")
    learner = make_user("alias-reader@example.org")
    enrol(learner, other_course)
    client.force_login(learner)
    assert client.get(alias.url).status_code == 200

    restrict(source, PageViewRestriction.GROUPS).groups.add(
        Group.objects.create(name="Trainers only")
    )

    response = client.get(alias.url)
    assert response.status_code == 302
    assert "login" in response.url
