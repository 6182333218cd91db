"""An attempt keeps the questions it served: later edits never change its score or its review."""

import pytest

from courses import assessments
from courses.models import QuizPage
from tests.courses.conftest import answers_by_question, finish_lessons

pytestmark = pytest.mark.django_db


def edit_bank(quiz: QuizPage) -> None:
    """A trainer rewrites question 1 (now "Large pupils" is right) and deletes question 2."""
    quiz = QuizPage.objects.get(pk=quiz.pk)
    questions = quiz.bank()
    first = questions[0]
    first.stem = "Rewritten stem"
    first.explanation = "Rewritten explanation"
    first.choices = [
        {
            "type": "choice",
            "id": choice["id"],
            "value": {
                "text": choice["text"].upper(),
                "correct": choice["id"] == "s-other",
                "feedback": "",
            },
        }
        for choice in first.choice_data()
    ]
    quiz.questions = [first, *questions[2:]]
    quiz.save_revision().publish()


@pytest.fixture
def ready(enrollment, post_test):
    finish_lessons(enrollment)
    return post_test


def test_editing_and_deleting_questions_leaves_a_graded_attempt_unchanged(
    learner_client, enrollment, ready
):
    attempt, _ = assessments.start_or_resume_attempt(enrollment, ready)
    assessments.submit_attempt(attempt, answers_by_question(attempt))
    result_url = f"{ready.url}attempt/{attempt.code}/result/"
    before = learner_client.get(result_url).content.decode()

    edit_bank(ready)

    attempt.refresh_from_db()
    after = learner_client.get(result_url).content.decode()
    assert len(QuizPage.objects.get(pk=ready.pk).bank()) == 3
    assert (attempt.score, attempt.percent, attempt.passed) == (4, 100, True)
    assert "What is the first sign of an opioid overdose?" in after
    assert "Rewritten" not in after
    assert after.count("outcome-correct") == before.count("outcome-correct") == 4


def test_an_open_attempt_is_graded_against_the_questions_it_served(enrollment, ready):
    attempt, _ = assessments.start_or_resume_attempt(enrollment, ready)
    answers = answers_by_question(attempt)

    edit_bank(ready)
    attempt, graded = assessments.submit_attempt(attempt, answers)

    assert graded
    assert attempt.percent == 100
    assert len(attempt.questions) == 4


def test_a_new_attempt_serves_the_edited_bank(enrollment, course):
    from tests.courses.conftest import make_quiz

    quiz = make_quiz(course, "knowledge_check")
    first, _ = assessments.start_or_resume_attempt(enrollment, quiz)
    assessments.submit_attempt(first, {})

    edit_bank(quiz)
    second, _ = assessments.start_or_resume_attempt(enrollment, quiz)

    assert len(second.questions) == 3
    assert second.questions[0]["stem"] == "Rewritten stem"
    assert [c["id"] for c in second.questions[0]["choices"] if c["correct"]] == ["s-other"]
    assert first.questions[0]["stem"] != second.questions[0]["stem"]


def test_a_submitted_attempt_cannot_be_saved_over(enrollment, ready):
    from courses.models.attempts import FinalRecordError

    attempt, _ = assessments.start_or_resume_attempt(enrollment, ready)
    assessments.submit_attempt(attempt, {})
    attempt.score = 4

    with pytest.raises(FinalRecordError):
        attempt.save()
