"""Learners can save their picks on a quiz and finish later; nothing picked is lost."""

import pytest

from courses.models import Attempt, SavedAnswers
from tests.conftest import make_user
from tests.courses.conftest import finish_lessons, form_answers

from .test_take_quiz import hand_in, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(learner_client, enrollment, post_test):
    finish_lessons(enrollment)
    return start(learner_client, post_test)


def attempt_url(attempt) -> str:
    return f"{attempt.quiz.url}attempt/{attempt.code}/"


def first_question_only(attempt) -> dict:
    return {"q-1": form_answers(attempt)["q-1"]}


def checked_values(html: str) -> int:
    return html.count(" checked")


def test_saving_keeps_the_picks_and_shows_them_when_the_learner_comes_back(learner_client, attempt):
    picks = first_question_only(attempt)

    response = hand_in(learner_client, attempt, {**picks, "action": "save"})
    page = learner_client.get(response.url).content.decode()

    assert response.status_code == 302
    assert response.url == attempt_url(attempt)
    assert "Your answers are saved." in page
    picked = picks["q-1"] if isinstance(picks["q-1"], list) else [picks["q-1"]]
    for choice_id in picked:
        assert f'value="{choice_id}" checked' in page
    assert checked_values(page) == len(picked)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_saving_does_not_need_every_question_answered_and_grades_nothing(learner_client, attempt):
    response = hand_in(learner_client, attempt, {"action": "save"})

    assert response.status_code == 302
    assert SavedAnswers.objects.get(attempt=attempt).answers == {}
    assert Attempt.objects.get(pk=attempt.pk).score is None


def test_handing_in_an_incomplete_form_keeps_what_was_picked(learner_client, attempt):
    picks = first_question_only(attempt)

    response = hand_in(learner_client, attempt, picks)
    later = learner_client.get(attempt_url(attempt)).content.decode()

    assert response.status_code == 200
    assert "Answer question 2." in response.content.decode()
    assert checked_values(later) >= 1
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


def test_handing_in_grades_the_answers_and_clears_the_saved_picks(learner_client, attempt):
    hand_in(learner_client, attempt, {**first_question_only(attempt), "action": "save"})

    response = hand_in(learner_client, attempt, form_answers(attempt))

    attempt.refresh_from_db()
    assert response.status_code == 302
    assert attempt.passed is True
    assert not SavedAnswers.objects.exists()


def test_saving_after_handing_in_changes_nothing(learner_client, attempt):
    hand_in(learner_client, attempt, form_answers(attempt))
    graded = Attempt.objects.get(pk=attempt.pk)

    response = hand_in(learner_client, attempt, {**first_question_only(attempt), "action": "save"})

    assert response.status_code == 302
    assert response.url == f"{attempt_url(attempt)}result/"
    assert not SavedAnswers.objects.exists()
    assert Attempt.objects.get(pk=attempt.pk).answers == graded.answers


def test_picks_that_are_not_choices_of_the_question_are_not_saved(learner_client, attempt):
    other_question_choice = form_answers(attempt)["q-2"]
    other = (
        other_question_choice
        if isinstance(other_question_choice, str)
        else other_question_choice[0]
    )

    response = hand_in(learner_client, attempt, {"q-1": other, "action": "save"})

    assert response.status_code == 400
    assert not SavedAnswers.objects.exists()


def test_another_learner_cannot_save_on_this_attempt(client, attempt):
    client.force_login(make_user(email="someone@example.org"))

    response = hand_in(client, attempt, {**first_question_only(attempt), "action": "save"})

    assert response.status_code == 404
    assert not SavedAnswers.objects.exists()
