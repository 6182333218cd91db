"""A whole course submitted, or decided, from several requests at once (PostgreSQL).

Real threads with their own connections, released together: the course's row lock lets one
go first; the others find its work done and change nothing.
"""

import pytest
from django.db import connection
from wagtail.models import WorkflowState

from courses import course_review
from courses.course_review import CourseReviewError
from courses.models import CoursePage, CourseReview
from tests.concurrency import run_at_once
from tests.courses.test_course_review import draft_course, every_page

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent transactions need PostgreSQL (SQLite serializes writers)",
    ),
    pytest.mark.django_db(transaction=True),
]

WORKERS = 4


def test_a_course_submitted_twice_at_once_goes_into_review_once(catalog, trainer):
    course = draft_course(catalog)

    def submit():
        return course_review.submit_course(CoursePage.objects.get(pk=course.pk), trainer).pk

    results, errors = run_at_once(submit, WORKERS)

    assert errors == []
    assert len(set(results)) == 1 and CourseReview.objects.count() == 1
    for page in every_page(course):
        states = WorkflowState.objects.for_instance(page)
        assert states.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1, page.title


def test_two_reviewers_deciding_at_once_decide_once(catalog, trainer, reviewer):
    course = draft_course(catalog)
    course_review.submit_course(course, trainer)

    def approve():
        course_review.act_on_course(CoursePage.objects.get(pk=course.pk), reviewer, "approve")
        return "approved"

    results, errors = run_at_once(approve, WORKERS)

    assert results == ["approved"]
    assert len(errors) == WORKERS - 1
    assert all(isinstance(error, CourseReviewError) for error in errors), errors
    assert all(page.live for page in every_page(CoursePage.objects.get(pk=course.pk)))
