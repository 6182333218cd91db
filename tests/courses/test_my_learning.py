"""My learning: courses in progress with their progress, completed courses, a certificates slot."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import Enrollment
from tests.courses.conftest import enrol, make_course

pytestmark = pytest.mark.django_db

URL = "/my-learning/"


def test_it_has_a_stable_name():
    assert reverse("my_learning") == URL


def test_it_requires_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_lists_courses_in_progress_with_progress_and_a_resume_link(
    learner_client, enrollment, lessons
):
    services.complete_lesson(enrollment, lessons[0])

    html = learner_client.get(URL).content.decode()

    assert "Naloxone basics" in html
    assert "Progress: 1 of 3 required items done (33%)" in html
    assert f'href="{lessons[1].url}"' in html


def test_it_lists_completed_courses_with_their_date(learner_client, enrollment, lessons):
    for lesson in lessons:
        services.complete_lesson(enrollment, lesson)

    response = learner_client.get(URL)

    assert response.context["in_progress"] == []
    assert [item["enrollment"] for item in response.context["completed"]] == [enrollment]
    assert "Completed on" in response.content.decode()


def test_it_shows_only_the_learners_own_courses(learner_client, outsider, course):
    enrol(outsider, course)

    response = learner_client.get(URL)

    assert response.context["in_progress"] == []
    assert "You are not taking any courses right now." in response.content.decode()


def test_the_header_links_to_it_for_signed_in_people(learner_client, client, course):
    assert f'href="{URL}"' in learner_client.get(course.url).content.decode()


def test_the_template_has_a_certificates_slot():
    from django.template.loader import get_template

    source = get_template("courses/my_learning.html").template.source
    assert "{% block certificates %}" in source


def test_its_query_count_does_not_grow_with_the_number_of_courses(
    client, catalog, learner, django_assert_max_num_queries
):
    for number in range(6):
        course = make_course(catalog, f"Course {number}", lessons=4)
        enrollment = Enrollment.objects.create(user=learner, course=course)
        services.complete_lesson(enrollment, course.live_lessons().first())
    client.force_login(learner)
    client.get(URL)

    # 6 for the courses part (the outlines come from courses.page_cache, every course's lesson
    # rows and quiz marks in one query), 2 for the certificates the lms layer adds to the page,
    # 1 for the training plans that apply to the learner (plans.services.assignments_for).
    with django_assert_max_num_queries(9):
        response = client.get(URL)

    assert len(response.context["in_progress"]) == 6
