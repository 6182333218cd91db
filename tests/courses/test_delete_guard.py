"""Courses and lessons with learner records are unpublished, never deleted."""

import pytest
from django.urls import reverse

from courses.models import CoursePage
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    from tests.conftest import make_user

    admin = make_user("admin@example.org", group=None, is_superuser=True, is_staff=True)
    sign_in_with_mfa(client, admin)
    return client


def test_a_course_with_enrolments_cannot_be_deleted(admin_client, enrollment, course):
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[course.pk]))

    assert response.status_code == 302
    assert CoursePage.objects.filter(pk=course.pk).exists()


def test_a_course_nobody_took_can_be_deleted(admin_client, catalog):
    course = make_course(catalog, "Unused", lessons=1)

    admin_client.post(reverse("wagtailadmin_pages:delete", args=[course.pk]))

    assert not CoursePage.objects.filter(pk=course.pk).exists()
