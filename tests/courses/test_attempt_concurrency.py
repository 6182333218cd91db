"""One attempt handed in from many requests at once is graded exactly once (PostgreSQL).

Real threads, each with its own database connection, are released together through a barrier.
SQLite runs one writer at a time, so the race cannot happen there; CI runs this on PostgreSQL.
"""

import pytest
from django.db import connection
from django.test import Client

from courses import assessments
from courses.models import Attempt, Enrollment
from tests.concurrency import run_at_once
from tests.courses.conftest import answers_by_question, finish_lessons, form_answers

# tests/conftest.py adds serialized_rollback to transactional tests (the flush would otherwise
# remove what the migrations created).
pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent transactions need PostgreSQL (SQLite serializes writers)",
    ),
    pytest.mark.django_db(transaction=True),
]

WORKERS = 8


@pytest.fixture
def attempt(enrollment, post_test):
    finish_lessons(enrollment)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, post_test)
    return attempt


def test_parallel_submits_through_the_service_grade_one_attempt_once(attempt):
    answers = answers_by_question(attempt)

    def submit():
        fresh = Attempt.objects.select_related("enrollment").get(pk=attempt.pk)
        return assessments.submit_attempt(fresh, answers)[1]

    results, errors = run_at_once(submit, WORKERS)

    assert errors == []
    assert sorted(results) == [False] * (WORKERS - 1) + [True]
    attempt.refresh_from_db()
    assert attempt.percent == 100
    assert Attempt.objects.filter(submitted_at__isnull=False).count() == 1
    assert Enrollment.objects.get(pk=attempt.enrollment_id).is_complete


def test_parallel_http_submits_of_one_attempt_produce_one_graded_attempt(
    learner, attempt, monkeypatch
):
    url = f"{attempt.quiz.url}attempt/{attempt.code}/submit/"
    data = form_answers(attempt)
    gradings = []
    real = assessments.evaluate_completion

    def counting(enrollment, **kwargs):  # runs once per grading of a passing attempt
        gradings.append(enrollment.pk)
        return real(enrollment, **kwargs)

    monkeypatch.setattr(assessments, "evaluate_completion", counting)

    def send():
        client = Client()
        client.force_login(learner)
        return client.post(url, data).status_code

    results, errors = run_at_once(send, WORKERS)

    assert errors == []
    assert results == [302] * WORKERS
    assert len(gradings) == 1
    assert Attempt.objects.get().percent == 100


def test_parallel_starts_open_one_attempt(enrollment, post_test):
    finish_lessons(enrollment)

    def start():
        fresh = Enrollment.objects.select_related("course").get(pk=enrollment.pk)
        return assessments.start_or_resume_attempt(fresh, post_test)[0].pk

    results, errors = run_at_once(start, WORKERS)

    assert errors == []
    assert len(set(results)) == 1
    assert Attempt.objects.count() == 1
