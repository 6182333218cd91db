"""Quiz wording: counts said naturally, no hint or intro said twice, titles and times that read
right, and the error summary that takes the focus after a hand-in with a blank question."""

import datetime
import re

import pytest

from courses.choices import QuizKind
from courses.curriculum.loader import PRETEST_SLUG, course_plan, read_course_file
from courses.models import Reflection
from tests.courses.conftest import (
    SCENARIO_ID,
    enrol,
    finish_lessons,
    form_answers,
    make_lesson,
    make_quiz,
    sample_questions,
    scenario_body,
)

from .test_take_quiz import hand_in, start

pytestmark = pytest.mark.django_db


def attempt_page(client, quiz) -> str:
    attempt = start(client, quiz)
    return client.get(f"{quiz.url}attempt/{attempt.code}/").content.decode()


@pytest.mark.parametrize(
    ("count", "sentence"),
    [
        (1, "Answer the question, then hand in your answer."),
        (2, "Answer both questions, then hand in your answers."),
        (4, "Answer all 4 questions, then hand in your answers."),
    ],
)
def test_the_number_of_questions_is_said_naturally(
    learner_client, enrollment, course, count, sentence
):
    finish_lessons(enrollment)
    quiz = make_quiz(course, "knowledge_check", questions=sample_questions()[:count])

    html = attempt_page(learner_client, quiz)

    assert sentence in html
    assert "Answer all 2 questions" not in html


def test_choose_all_that_apply_is_said_once(learner_client, enrollment, course):
    finish_lessons(enrollment)
    asked_in_stem, plain = sample_questions()[1], dict(sample_questions()[1])
    plain["stem"] = "Which are signs of an overdose?"
    quiz = make_quiz(course, "knowledge_check", questions=[asked_in_stem, plain])

    html = attempt_page(learner_client, quiz)

    assert html.count("Choose all that apply") == 2  # once in the first stem, once as a hint
    assert 'id="q-1-hint"' not in html and 'aria-describedby="q-1-hint"' not in html
    assert '<p class="help" id="q-2-hint">Choose all that apply.</p>' in html
    assert 'aria-describedby="q-2-hint"' in html


def test_the_loaded_pre_test_has_no_intro_that_repeats_what_a_pre_test_is(
    learner_client, enrollment, course
):
    (plan,) = [
        spec for spec in course_plan(read_course_file("naloxone.toml")) if spec.slug == PRETEST_SLUG
    ]
    assert plan.fields["kind"] == QuizKind.PRE_TEST
    assert not plan.fields.get("intro")
    fields = {key: value for key, value in plan.fields.items() if key != "draw_count"}
    quiz = make_quiz(course, title=plan.title, **fields)

    html = learner_client.get(quiz.url).content.decode()

    assert html.count("This pre-test shows what you already know.") == 1
    assert "This quiz shows what you know before the course." not in html


def test_the_result_title_reads_well_after_a_title_ending_in_a_question_mark(
    learner_client, enrollment, course
):
    quiz = make_quiz(course, "pre_test", title="Pre-test: what do you know already?")
    attempt = start(learner_client, quiz)
    hand_in(learner_client, attempt, form_answers(attempt))

    html = learner_client.get(f"{quiz.url}attempt/{attempt.code}/result/").content.decode()

    assert "<h1>Your result on “Pre-test: what do you know already?”</h1>" in html
    assert "<title>Your result · Pre-test: what do you know already? · Open Door</title>" in html
    assert "?: your result" not in html


def test_a_saved_reflection_time_ends_with_one_full_stop(learner_client, learner, catalog):
    from tests.courses.conftest import make_course

    course = make_course(catalog, "Conversations", lessons=0)
    lesson = make_lesson(course, "Talking with Jo", body=scenario_body())
    enrollment = enrol(learner, course)
    learner_client.post(f"{lesson.url}reflection/", {"block": SCENARIO_ID, "text": "Ask first."})
    evening = datetime.datetime(2026, 12, 3, 19, 43, tzinfo=datetime.UTC)
    Reflection.objects.filter(enrollment=enrollment).update(updated_at=evening)

    html = learner_client.get(lesson.url).content.decode()

    assert "Last saved Dec. 3, 2026, 7:43 p.m.</p>" in html
    assert "p.m.." not in html


def test_a_hand_in_with_a_blank_question_puts_the_focus_on_the_error_summary(
    learner_client, enrollment, post_test
):
    finish_lessons(enrollment)
    attempt = start(learner_client, post_test)
    data = form_answers(attempt)
    del data["q-3"]

    response = hand_in(learner_client, attempt, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>Error: Post-test · Open Door</title>", html)
    summary = re.search(r'<div class="error-summary"[^>]*>', html).group(0)
    assert 'id="error-summary"' in summary
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert '<a href="#q-3">Answer question 3.</a>' in html


def test_a_page_without_errors_has_no_error_title_or_summary(learner_client, enrollment, post_test):
    finish_lessons(enrollment)

    html = attempt_page(learner_client, post_test)

    assert "<title>Post-test · Open Door</title>" in html
    assert "error-summary" not in html and "autofocus" not in html


def test_the_evaluation_with_a_blank_rating_says_error_in_its_title_too(
    learner_client, enrollment, post_test, evaluation
):
    from courses import assessments
    from tests.courses.conftest import answers_by_question

    finish_lessons(enrollment)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, post_test)
    assessments.submit_attempt(attempt, answers_by_question(attempt))

    html = learner_client.post(f"{evaluation.url}submit/", {"s-1": "3"}).content.decode()

    assert f"<title>Error: {evaluation.title} · Open Door</title>" in html
    assert re.search(r'<div class="error-summary"[^>]*autofocus', html)
