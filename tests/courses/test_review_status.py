"""What learners and trainers are told about a course's review (issue 15, "Sources and review
status"): learners read who wrote it from which sources and when it was last checked; whether
an independent clinician has reviewed it is shown only in the CMS."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import enrol, make_course

pytestmark = pytest.mark.django_db

REVIEWED = datetime.date(2026, 12, 2)


def learner_pages(client, learner, course) -> dict[str, str]:
    enrol(learner, course)
    client.force_login(learner)
    lesson = course.live_lessons().first()
    return {
        "course": client.get(course.url).content.decode(),
        "lesson": client.get(lesson.url).content.decode(),
    }


@pytest.mark.parametrize(
    ("writer", "footer"),
    [
        (
            "the Open Door curriculum team",
            "Written by the Open Door curriculum team from the sources listed; "
            "last reviewed Dec. 2, 2026.",
        ),
        (
            "Dana Ruiz, RN",
            "Written by Dana Ruiz, RN from the sources listed; last reviewed Dec. 2, 2026.",
        ),
    ],
)
def test_course_and_lesson_pages_say_who_wrote_the_course_and_when(
    client, learner, catalog, writer, footer
):
    course = make_course(
        catalog, clinical_reviewer=writer, last_clinical_review=REVIEWED, independent_review=""
    )

    pages = learner_pages(client, learner, course)

    for where, page in pages.items():
        assert footer in page, where
        assert "pending" not in page.lower(), where
        assert "Independent clinical review" not in page, where
        assert "Clinically reviewed" not in page, where


def test_a_recorded_independent_review_stays_off_learner_pages(client, learner, catalog):
    course = make_course(catalog, independent_review="Dr. Lee Park, MD, 2027-01-15")

    pages = learner_pages(client, learner, course)

    assert all("Lee Park" not in page for page in pages.values())


@pytest.mark.parametrize("staff", ["cms_trainer", "cms_reviewer"])
def test_the_course_editor_shows_that_independent_review_is_pending(
    client, catalog, staff, request
):
    course = make_course(catalog, independent_review="")
    sign_in_with_mfa(client, request.getfixturevalue(staff))

    response = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))

    assert response.status_code == 200
    assert "Independent clinical review: pending" in response.content.decode()


def test_the_course_editor_shows_who_reviewed_it_once_recorded(client, catalog, cms_trainer):
    course = make_course(catalog, independent_review="Dr. Lee Park, MD, 2027-01-15")
    sign_in_with_mfa(client, cms_trainer)

    page = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()

    assert "Independent clinical review: Dr. Lee Park, MD, 2027-01-15" in page
    assert "Independent clinical review: pending" not in page
