"""Renewal: a learner who completed a course may start it again in a new enrolment cycle.

Whether they may (a certificate close to expiry) is for the certificates app; here: the cycle
itself, and that everything works in the current cycle while the old one stays as it was.
"""

import pytest
from django.utils import timezone

from courses import services
from courses.models import Attempt, Enrollment, LessonProgress
from courses.services import records
from tests.courses.conftest import finish_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(enrollment, lessons):
    finish_lessons(enrollment)
    enrollment.refresh_from_db()
    assert enrollment.is_complete
    return enrollment


def test_a_first_enrolment_is_cycle_1(enrollment):
    assert enrollment.cycle == 1
    assert Enrollment.objects.current_for(enrollment.user, enrollment.course) == enrollment


def test_renewing_a_completed_enrolment_starts_cycle_2(completed, learner, course):
    renewed = services.start_renewal(learner, course)

    assert renewed.cycle == 2 and renewed.pk != completed.pk
    assert renewed.completed_at is None
    assert Enrollment.objects.current_for(learner, course) == renewed
    assert services.progress_for(renewed).percent == 0
    completed.refresh_from_db()
    assert completed.is_complete
    assert LessonProgress.objects.filter(enrollment=completed).count() == 3


def test_renewing_twice_starts_one_cycle(completed, learner, course):
    first = services.start_renewal(learner, course)
    second = services.start_renewal(learner, course)

    assert first == second
    cycles = Enrollment.objects.filter(user=learner, course=course).values_list("cycle", flat=True)
    assert sorted(cycles) == [1, 2]


def test_a_renewal_racing_another_returns_the_winners_cycle(
    completed, learner, course, monkeypatch
):
    winner = Enrollment.objects.create(user=learner, course=course, cycle=2)
    # This request read the current cycle before the other one inserted cycle 2.
    monkeypatch.setattr(records, "current_enrollment", lambda user, course: completed)

    assert services.start_renewal(learner, course) == winner
    assert Enrollment.objects.filter(user=learner, course=course).count() == 2


def test_an_unfinished_enrolment_is_not_renewed(enrollment, learner, course):
    assert services.start_renewal(learner, course) == enrollment
    assert Enrollment.objects.filter(user=learner).count() == 1


def test_a_learner_never_enrolled_has_nothing_to_renew(learner, course):
    with pytest.raises(Enrollment.DoesNotExist):
        services.start_renewal(learner, course)


def test_enrolling_again_returns_the_current_cycle(completed, learner, course):
    renewed = services.start_renewal(learner, course)

    assert services.enrol(learner, course) == (renewed, False)


def test_lessons_are_done_again_in_the_new_cycle(
    learner_client, completed, learner, course, lessons
):
    renewed = services.start_renewal(learner, course)
    page = learner_client.get(course.url)
    assert page.context["enrollment"] == renewed
    assert page.context["progress"].percent == 0

    response = learner_client.post(f"{lessons[0].url}complete/")

    assert response.status_code == 302
    assert (
        LessonProgress.objects.filter(enrollment=renewed, completed_at__isnull=False).count() == 1
    )
    assert LessonProgress.objects.filter(enrollment=completed).count() == 3


def test_completing_the_new_cycle_records_a_new_completion(completed, learner, course):
    first_completion = completed.completed_at
    renewed = services.start_renewal(learner, course)

    finish_lessons(renewed)

    renewed.refresh_from_db()
    completed.refresh_from_db()
    assert renewed.is_complete and renewed.completed_at >= first_completion
    assert completed.completed_at == first_completion


def test_the_catalog_and_my_learning_show_the_renewed_course_in_progress(
    learner_client, completed, learner, course, catalog
):
    services.start_renewal(learner, course)

    catalog_page = learner_client.get(catalog.url)
    dashboard = learner_client.get("/my-learning/")

    assert catalog_page.context["courses"][0]["status"] == "enrolled"
    assert [item["enrollment"].cycle for item in dashboard.context["in_progress"]] == [2]
    assert dashboard.context["completed"] == []


def test_an_unfinished_attempt_from_the_old_cycle_cannot_be_carried_on(
    learner_client, enrollment, learner, course, post_test
):
    finish_lessons(enrollment)
    old = learner_client.post(f"{post_test.url}start/")
    attempt = Attempt.objects.get(enrollment=enrollment)
    assert old.status_code == 302
    Enrollment.objects.filter(pk=enrollment.pk).update(completed_at=timezone.now())
    renewed = services.start_renewal(learner, course)
    finish_lessons(renewed)

    assert learner_client.get(f"{post_test.url}attempt/{attempt.code}/").status_code == 404
    submit = learner_client.post(f"{post_test.url}attempt/{attempt.code}/submit/", {})
    assert submit.status_code == 404

    learner_client.post(f"{post_test.url}start/")
    fresh = Attempt.objects.get(enrollment=renewed)
    assert fresh.number == 1 and fresh.pk != attempt.pk
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
