"""The course page: summary, objectives, hours, lessons with the learner's progress, Enrol."""

import pytest

from courses import services
from courses.models import Enrollment
from tests.courses.conftest import enrol, make_course

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_can_read_it_and_are_asked_to_sign_in_to_enrol(client, course):
    response = client.get(course.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "How to recognise an overdose and give naloxone." in html
    assert "List three signs of an opioid overdose." in html
    assert "<dt>Contact hours</dt><dd>1.5</dd>" in html
    assert "Sign in to enrol" in html
    assert f"/accounts/login/?next={course.url}" in html.replace("%2F", "/")
    assert "enrol/" not in html


def test_it_lists_the_lessons_without_links_for_visitors_who_are_not_enrolled(
    learner_client, course, lessons
):
    html = learner_client.get(course.url).content.decode()

    assert "Lesson 1" in html
    assert f'href="{lessons[0].url}"' not in html


def test_a_signed_in_learner_sees_an_enrol_button_that_posts(learner_client, course):
    html = learner_client.get(course.url).content.decode()

    assert f'<form method="post" action="{course.url}enrol/">' in html
    assert "csrfmiddlewaretoken" in html


def test_an_enrolled_learner_sees_progress_and_where_to_resume(learner_client, enrollment, lessons):
    services.complete_lesson(enrollment, lessons[0])

    response = learner_client.get(enrollment.course.url)

    html = response.content.decode()
    assert "Progress: 1 of 3 required items done (33%)" in html
    assert '<progress max="100" value="33"' in html
    assert "Continue: Lesson 2" in html
    assert f'href="{lessons[1].url}"' in html
    assert "Opens when the lessons before it are done" in html  # lesson 3


def test_the_content_note_is_shown_before_the_lessons(client, catalog):
    course = make_course(catalog, content_note="This course talks about overdose deaths.")

    html = client.get(course.url).content.decode()

    assert html.index("overdose deaths") < html.index("Lesson 1")


def test_unmet_prerequisites_replace_the_enrol_button(learner_client, learner, catalog, course):
    advanced = make_course(catalog, "Advanced overdose response", lessons=1)
    advanced.prerequisites.add(course)
    advanced.save_revision().publish()

    html = learner_client.get(advanced.url).content.decode()

    assert "Before you start, please complete:" in html
    assert "enrol/" not in html

    Enrollment.objects.create(user=learner, course=course, completed_at=course.first_published_at)
    assert "enrol/" in learner_client.get(advanced.url).content.decode()


def test_a_draft_course_is_not_found(client, catalog):
    draft = make_course(catalog, "Coming soon", live=False)

    assert client.get("/courses/coming-soon/").status_code == 404
    assert draft.pk


def test_a_course_that_does_not_exist_is_not_found(client, catalog):
    assert client.get("/courses/no-such-course/").status_code == 404


@pytest.mark.parametrize("lesson_count", [3, 40])
def test_its_query_count_does_not_grow_with_the_number_of_lessons(
    client, catalog, learner, lesson_count, django_assert_max_num_queries
):
    course = make_course(catalog, "Sized course", lessons=lesson_count)
    enrollment = enrol(learner, course)
    lessons = list(course.live_lessons())
    for lesson in lessons[:2]:
        services.complete_lesson(enrollment, lesson)
    services.record_lesson_view(enrollment, lessons[2])
    client.force_login(learner)
    client.get(course.url)  # warm per-process caches (content types, site root paths)

    with django_assert_max_num_queries(17):
        response = client.get(course.url)

    assert response.status_code == 200
    assert len(response.context["progress"].lesson_states) == lesson_count
