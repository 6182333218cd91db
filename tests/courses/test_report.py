"""The "Courses due for review" admin report."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models.pages import review_due_before
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import make_course

pytestmark = pytest.mark.django_db

URL = "/cms/reports/courses-due-for-review/"


@pytest.fixture
def courses(catalog):
    today = timezone.localdate()
    return {
        "recent": make_course(catalog, "Reviewed lately", lessons=0, last_clinical_review=today),
        "old": make_course(
            catalog,
            "Reviewed long ago",
            lessons=0,
            last_clinical_review=today - datetime.timedelta(days=400),
        ),
        "never": make_course(catalog, "Never reviewed", lessons=0, last_clinical_review=None),
    }


def test_it_lists_courses_older_than_twelve_months_or_never_reviewed(client, cms_trainer, courses):
    sign_in_with_mfa(client, cms_trainer)

    response = client.get(URL)

    assert response.status_code == 200
    titles = [page.title for page in response.context["object_list"]]
    assert titles == ["Never reviewed", "Reviewed long ago"]
    assert "Never" in response.content.decode()


def test_it_is_in_the_reports_menu(client, cms_trainer):
    sign_in_with_mfa(client, cms_trainer)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Courses due for review" in html


def test_it_exports_csv(client, cms_reviewer, courses):
    sign_in_with_mfa(client, cms_reviewer)

    response = client.get(URL, {"export": "csv"})

    content = b"".join(response.streaming_content).decode()
    assert "Reviewed long ago" in content
    assert "Reviewed lately" not in content


def test_learners_cannot_see_it(client, learner):
    client.force_login(learner)

    response = client.get(URL)

    assert response.status_code in (302, 403)


def test_the_due_date_is_twelve_months_back_even_from_a_leap_day():
    assert review_due_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)
    assert review_due_before(datetime.date(2026, 11, 22)) == datetime.date(2025, 11, 22)


def test_a_course_knows_when_it_is_due(courses):
    assert courses["old"].is_due_for_review()
    assert courses["never"].is_due_for_review()
    assert not courses["recent"].is_due_for_review()
