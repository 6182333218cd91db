"""Whatever a browser (or someone with curl) sends, the answer is a clear error or a 404, never a
500, and never a changed score."""

import pytest

from courses import assessments
from courses.models import Attempt
from tests.courses.conftest import (
    enrol,
    finish_lessons,
    form_answers,
    make_quiz,
    sample_questions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(enrollment, post_test):
    finish_lessons(enrollment)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, post_test)
    return attempt


def submit_url(attempt) -> str:
    return f"{attempt.quiz.url}attempt/{attempt.code}/submit/"


def assert_still_open(attempt):
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert attempt.score is None and attempt.answers == {}


def test_a_choice_from_another_question_is_refused(learner_client, attempt):
    data = form_answers(attempt)
    data["q-1"] = "tf-false"  # the right answer to question 3

    response = learner_client.post(submit_url(attempt), data)

    assert response.status_code == 400
    assert "Question 1: that answer is not one of its choices." in response.content.decode()
    assert_still_open(attempt)


def test_a_choice_from_another_quiz_is_refused(learner_client, course, attempt):
    questions = sample_questions()
    for question in questions:
        for choice in question["choices"]:
            choice["id"] = f"other-{choice['id']}"
    other = make_quiz(course, "knowledge_check", questions=questions)
    foreign_id = other.bank()[1].choice_data()[0]["id"]
    assert foreign_id == "other-m-breath"
    data = form_answers(attempt)
    data["q-2"] = [foreign_id]

    response = learner_client.post(submit_url(attempt), data)

    assert response.status_code == 400
    assert_still_open(attempt)


def test_two_answers_to_a_one_answer_question_are_refused(learner_client, attempt):
    data = form_answers(attempt)
    data["q-1"] = ["s-wrong", "s-right"]

    response = learner_client.post(submit_url(attempt), data)

    assert response.status_code == 400
    assert "Question 1: choose one answer only." in response.content.decode()
    assert_still_open(attempt)


def test_a_repeated_answer_to_a_multiple_response_question_counts_once(
    learner_client, course, enrollment
):
    quiz = make_quiz(course, "knowledge_check")
    finish_lessons(enrollment)  # the check sits after the last lesson and opens with it
    attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
    data = form_answers(attempt)
    data["q-2"] = ["m-breath", "m-breath", "m-breath"]  # partial credit: 1 of 2 right

    learner_client.post(submit_url(attempt), data)

    attempt.refresh_from_db()
    assert attempt.credits[attempt.questions[1]["id"]] == "1/2"
    assert attempt.answers[attempt.questions[1]["id"]] == ["m-breath"]


def test_missing_answers_are_named_and_nothing_is_graded(learner_client, attempt):
    response = learner_client.post(submit_url(attempt), {})

    html = response.content.decode()
    assert response.status_code == 200
    for number in range(1, 5):
        assert f'<a href="#q-{number}">Answer question {number}.</a>' in html
    assert_still_open(attempt)


def test_too_many_fields_are_refused(learner_client, attempt):
    data = form_answers(attempt)
    data.update({f"extra-{n}": "x" for n in range(250)})

    response = learner_client.post(submit_url(attempt), data)

    assert response.status_code == 400
    assert "far more answers than it has questions" in response.content.decode()
    assert_still_open(attempt)


def test_a_very_long_value_is_refused(learner_client, attempt):
    data = form_answers(attempt)
    data["q-1"] = "s-right" + "x" * 5000

    response = learner_client.post(submit_url(attempt), data)

    assert response.status_code == 400
    assert_still_open(attempt)


def test_a_payload_beyond_djangos_own_limits_is_a_400(learner_client, attempt):
    data = {f"field-{n}": "x" for n in range(1500)}

    response = learner_client.post(submit_url(attempt), data)

    assert response.status_code == 400
    assert_still_open(attempt)


def test_garbage_in_the_answer_fields_is_a_form_error(learner_client, attempt):
    data = form_answers(attempt)
    data["q-3"] = "'; DROP TABLE courses_attempt; --"
    data["q-2"] = ["<script>alert(1)</script>"]

    response = learner_client.post(submit_url(attempt), data)

    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert_still_open(attempt)


@pytest.mark.parametrize("page", ["", "submit/", "result/"])
def test_someone_elses_attempt_is_not_found(client, outsider, course, attempt, page):
    enrollment = enrol(outsider, course)
    finish_lessons(enrollment)
    client.force_login(outsider)
    url = f"{attempt.quiz.url}attempt/{attempt.code}/{page}"

    post = page == "submit/"
    response = client.post(url, form_answers(attempt)) if post else client.get(url)

    assert response.status_code == 404
    assert_still_open(attempt)


def test_an_attempt_under_another_quizs_address_is_not_found(learner_client, course, attempt):
    practice = make_quiz(course, "knowledge_check")

    response = learner_client.get(f"{practice.url}attempt/{attempt.code}/")

    assert response.status_code == 404


def test_an_unknown_code_is_not_found(learner_client, attempt):
    assert learner_client.get(f"{attempt.quiz.url}attempt/NOPE/").status_code == 404
    assert learner_client.post(f"{attempt.quiz.url}attempt/NOPE/submit/").status_code == 404


def test_a_graded_attempt_never_changes_whatever_is_sent_next(learner_client, attempt):
    learner_client.post(submit_url(attempt), form_answers(attempt))
    attempt.refresh_from_db()
    graded = (attempt.submitted_at, attempt.score, attempt.answers, attempt.credits)

    for data in ({}, form_answers(attempt, right=False), {"q-1": "x" * 500}):
        learner_client.post(submit_url(attempt), data)

    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.score, attempt.answers, attempt.credits) == graded
    assert Attempt.objects.count() == 1


def test_the_service_ignores_picks_that_are_not_choices_of_their_question(attempt):
    first, third = attempt.questions[0]["id"], attempt.questions[2]["id"]

    attempt, _ = assessments.submit_attempt(
        attempt, {first: ["s-right", "tf-false", "made-up"], third: ["s-right"], "999": ["x"]}
    )

    assert attempt.answers == {first: ["s-right"]}
    assert attempt.score == 1
