"""The database going away in the middle of a quiz submission.

The learner sees the plain 503 page (never a traceback), nothing half-graded is kept, and
sending the same answers again once the database is back grades the attempt exactly once.
An attempt whose submission was acknowledged stays as it was.

The failure is injected where the database driver would raise it: an execute wrapper on the
connection raises OperationalError/InterfaceError for the chosen statement, like a connection
dropped by the server; everything else (views, services, the error handler) is real.
"""

import sys

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from courses import assessments
from courses.models import Attempt, Enrollment
from lms.views import server_error
from tests.courses.conftest import (
    enrol,
    finish_lessons,
    form_answers,
    make_course,
    make_evaluation,
    make_quiz,
)

pytestmark = pytest.mark.django_db

LOST = "server closed the connection unexpectedly"


@pytest.fixture(autouse=True)
def _no_video_provider_calls(settings):
    settings.COURSES_VIDEO_EMBEDS = False


@pytest.fixture
def course(db):
    from courses.models import CatalogPage

    return make_course(CatalogPage.objects.get(), lessons=1)


@pytest.fixture
def attempt(learner, course):
    post_test = make_quiz(course, "post_test")
    enrollment = enrol(learner, course)
    finish_lessons(enrollment)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, post_test)
    return attempt


@pytest.fixture
def learner_client(learner):
    client = Client(raise_request_exception=False)
    client.force_login(learner)
    return client


def submit_url(attempt) -> str:
    return f"{attempt.quiz.url}attempt/{attempt.code}/submit/"


def result_url(attempt) -> str:
    return f"{attempt.quiz.url}attempt/{attempt.code}/result/"


class DatabaseGone:
    """An execute wrapper: statements matching `when` fail as a dropped connection would.

    With `once`, only the first matching statement fails (the test's own enclosing transaction
    has to survive the cleanup that follows).
    """

    def __init__(self, when, error=OperationalError, *, once=True):
        self.when, self.error, self.once, self.failed = when, error, once, []

    def __call__(self, execute, sql, params, many, context):
        if self.when(sql) and not (self.once and self.failed):
            self.failed.append(sql)
            raise self.error(LOST)
        return execute(sql, params, many, context)


def grading_update(sql: str) -> bool:
    return sql.startswith('UPDATE "courses_attempt"') and '"submitted_at"' in sql


def completion_update(sql: str) -> bool:
    return sql.startswith('UPDATE "courses_enrollment"') and '"completed_at"' in sql


def savepoint_release(sql: str) -> bool:
    return sql.startswith("RELEASE SAVEPOINT")


def everything(sql: str) -> bool:
    return True


def post_while_gone(client, url, data, gone: DatabaseGone):
    with connection.execute_wrapper(gone):
        response = client.post(url, data)
    assert gone.failed, (response.status_code, response.get("Location"))
    return response


def assert_plain_503(response):
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Open Door is busy for a moment" in html
    assert "send them again" in html
    for leak in ("Traceback", "OperationalError", "InterfaceError", LOST, "courses_attempt"):
        assert leak not in html


def assert_ungraded(attempt):
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert attempt.answers == {} and attempt.credits == {}
    assert attempt.score is None and attempt.passed is None


def assert_graded_once(attempt):
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.percent == 100 and attempt.passed is True
    expected = {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in attempt.questions}
    assert attempt.answers == expected
    assert Attempt.objects.filter(enrollment=attempt.enrollment).count() == 1
    assert Enrollment.objects.get(pk=attempt.enrollment_id).completed_at is not None


@pytest.mark.parametrize(
    ("when", "error"),
    [
        (grading_update, OperationalError),
        (grading_update, InterfaceError),
        (completion_update, OperationalError),  # the grading itself had gone through
        (savepoint_release, OperationalError),  # the end of the grading transaction
    ],
    ids=["grading", "grading-interface", "completion", "end-of-transaction"],
)
def test_a_submit_that_loses_the_database_is_a_503_and_the_retry_grades_once(
    learner_client, attempt, when, error
):
    data = form_answers(attempt)

    response = post_while_gone(learner_client, submit_url(attempt), data, DatabaseGone(when, error))

    assert_plain_503(response)
    assert_ungraded(attempt)
    assert Enrollment.objects.get(pk=attempt.enrollment_id).completed_at is None

    retry = learner_client.post(submit_url(attempt), data)

    assert retry.status_code == 302 and retry["Location"] == result_url(attempt)
    assert_graded_once(attempt)
    result = learner_client.get(retry["Location"])
    assert result.status_code == 200
    assert "These answers were already handed in" not in result.content.decode()


def test_an_acknowledged_submission_survives_the_database_going_away(learner_client, attempt):
    data = form_answers(attempt)
    response = learner_client.post(submit_url(attempt), data)
    assert response.status_code == 302
    attempt.refresh_from_db()
    stored = (attempt.submitted_at, attempt.answers, attempt.credits, attempt.score)

    for method, url in (("post", submit_url(attempt)), ("get", result_url(attempt))):
        gone = DatabaseGone(everything, once=False)
        with connection.execute_wrapper(gone):
            response = getattr(learner_client, method)(url, form_answers(attempt, right=False))
        assert gone.failed
        assert_plain_503(response)

    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.answers, attempt.credits, attempt.score) == stored
    assert learner_client.get(result_url(attempt)).status_code == 200


def test_an_evaluation_that_loses_the_database_completing_the_course_can_be_sent_again(
    learner,
):
    from courses.models import CatalogPage, EvaluationResponse

    course = make_course(CatalogPage.objects.get(), lessons=1, evaluation_required=True)
    evaluation = make_evaluation(course)
    enrollment = enrol(learner, course)
    finish_lessons(enrollment)
    client = Client(raise_request_exception=False)
    client.force_login(learner)
    data = {"s-1": "4", "s-2": "5", "confidence_before": "2", "confidence_after": "4"}
    url = evaluation.url + "submit/"

    response = post_while_gone(client, url, data, DatabaseGone(completion_update))

    assert_plain_503(response)
    assert not EvaluationResponse.objects.exists()
    retry = client.post(url, data)
    assert retry.status_code == 302, retry.content.decode()[:2000]
    assert EvaluationResponse.objects.count() == 1
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at is not None


def test_the_503_page_is_rendered_without_the_database(rf, django_assert_num_queries):
    request = rf.get("/")
    try:
        raise OperationalError(LOST)
    except OperationalError:
        assert sys.exc_info()[0] is OperationalError
        with (
            django_assert_num_queries(0),
            connection.execute_wrapper(DatabaseGone(everything, once=False)),
        ):
            response = server_error(request)

    assert_plain_503(response)
