"""Enrolling: POST only, signed in, CSRF-protected, idempotent."""

import pytest
from django.test import Client

from courses import services
from courses.models import Enrollment
from tests.courses.conftest import make_course

pytestmark = pytest.mark.django_db


def enrol_url(course) -> str:
    return f"{course.url}enrol/"


def test_it_enrols_the_learner_and_returns_to_the_course(learner_client, learner, course):
    response = learner_client.post(enrol_url(course))

    assert response.status_code == 302
    assert response["Location"] == course.url
    enrollment = Enrollment.objects.get(user=learner, course=course)
    assert enrollment.completed_at is None
    assert len(enrollment.code) == 12


def test_a_double_click_makes_one_enrolment(learner_client, learner, course):
    learner_client.post(enrol_url(course))
    learner_client.post(enrol_url(course))

    assert Enrollment.objects.filter(user=learner, course=course).count() == 1


def test_the_service_is_idempotent(learner, course):
    first, created = services.enrol(learner, course)
    second, created_again = services.enrol(learner, course)

    assert created and not created_again
    assert first.pk == second.pk


def test_it_rejects_get(learner_client, learner, course):
    response = learner_client.get(enrol_url(course))

    assert response.status_code == 405
    assert not Enrollment.objects.exists()


def test_it_requires_sign_in(client, course):
    response = client.post(enrol_url(course))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Enrollment.objects.exists()


def test_it_requires_the_csrf_token(learner, course):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    response = client.post(enrol_url(course))

    assert response.status_code == 403
    assert not Enrollment.objects.exists()


def test_a_draft_course_cannot_be_enrolled_in(learner_client, catalog):
    draft = make_course(catalog, "Coming soon", live=False)

    response = learner_client.post("/courses/coming-soon/enrol/")

    assert response.status_code == 404
    assert not Enrollment.objects.filter(course=draft).exists()


def test_unmet_prerequisites_prevent_enrolment(learner_client, learner, catalog, course):
    advanced = make_course(catalog, "Advanced overdose response", lessons=1)
    advanced.prerequisites.add(course)
    advanced.save_revision().publish()

    response = learner_client.post(enrol_url(advanced))

    assert response.status_code == 302
    assert not Enrollment.objects.filter(course=advanced).exists()
