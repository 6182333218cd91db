"""Mark complete and continue: POST only, signed in, CSRF-protected, idempotent."""

import pytest
from django.test import Client

from courses.models import Enrollment, LessonProgress
from tests.courses.conftest import make_course

pytestmark = pytest.mark.django_db


def complete_url(lesson) -> str:
    return f"{lesson.url}complete/"


def test_it_records_completion_and_continues_to_the_next_lesson(
    learner_client, enrollment, lessons
):
    learner_client.get(lessons[0].url)

    response = learner_client.post(complete_url(lessons[0]))

    assert response.status_code == 302
    assert response["Location"] == lessons[1].url
    progress = LessonProgress.objects.get(enrollment=enrollment, lesson=lessons[0])
    assert progress.completed_at is not None
    assert progress.completed_at >= progress.first_viewed_at
    assert progress.seconds_on_page >= 0


def test_a_second_post_changes_nothing(learner_client, enrollment, lessons):
    learner_client.post(complete_url(lessons[0]))
    first = LessonProgress.objects.get(enrollment=enrollment, lesson=lessons[0])

    learner_client.post(complete_url(lessons[0]))

    again = LessonProgress.objects.get(enrollment=enrollment, lesson=lessons[0])
    assert (again.completed_at, again.seconds_on_page) == (
        first.completed_at,
        first.seconds_on_page,
    )
    assert LessonProgress.objects.count() == 1


def test_the_last_lesson_completes_the_course(learner_client, enrollment, lessons, course):
    for lesson in lessons:
        response = learner_client.post(complete_url(lesson))

    assert response["Location"] == course.url
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    assert "you completed" in learner_client.get(course.url).content.decode()


def test_it_rejects_get(learner_client, enrollment, lessons):
    response = learner_client.get(complete_url(lessons[0]))

    assert response.status_code == 405
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_it_requires_sign_in(client, lessons):
    response = client.post(complete_url(lessons[0]))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_requires_the_csrf_token(learner, enrollment, lessons):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    response = client.post(complete_url(lessons[0]))

    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


def test_a_learner_who_is_not_enrolled_cannot_complete_a_lesson(learner_client, course, lessons):
    response = learner_client.post(complete_url(lessons[0]))

    assert response.status_code == 302
    assert response["Location"] == course.url
    assert not LessonProgress.objects.exists()
    assert not Enrollment.objects.exists()


def test_a_locked_lesson_cannot_be_completed(learner_client, enrollment, lessons):
    response = learner_client.post(complete_url(lessons[2]))

    assert response["Location"] == lessons[0].url
    assert not LessonProgress.objects.filter(lesson=lessons[2]).exists()


def test_a_lesson_of_a_draft_course_is_not_found(learner_client, catalog):
    make_course(catalog, "Still a draft", live=False, lessons=1)

    assert learner_client.post("/courses/still-a-draft/lesson-1/complete/").status_code == 404
