"""A failed test whose answers stay hidden names the objectives to review, never marked questions.

With instant retries, a right/wrong mark per question would give the keys away by elimination.
The result page lists the learning objectives where some answer was not right and links the
lessons that teach them (the lesson before each knowledge check on that objective); no question,
pick or choice is marked. The learner's data download marks no question either.
"""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from tests.courses.conftest import (
    OBJECTIVES,
    enrol,
    finish_lessons,
    form_answers,
    make_course,
    make_lesson,
    make_quiz,
    sample_questions,
)

from .test_take_quiz import hand_in, start

pytestmark = pytest.mark.django_db


def check_on(objective: int) -> list[dict]:
    question = dict(sample_questions()[0], objective=objective)
    return [question]


@pytest.fixture
def course(catalog):
    """Lesson, its check (objective 1); lesson, its check (objectives 2 and 3); a last lesson."""
    course = make_course(catalog, lessons=0)
    make_lesson(course, "Spot an overdose")
    make_quiz(course, "knowledge_check", title="Check: spot an overdose", questions=check_on(1))
    make_lesson(course, "Give naloxone")
    make_quiz(
        course,
        "knowledge_check",
        title="Check: give naloxone",
        questions=check_on(2) + check_on(3),
    )
    make_lesson(course, "After the overdose")
    return course


@pytest.fixture
def failed_result(client, learner, course):
    """A post-test that shows its answers only after passing, failed on objectives 2 and 3."""
    post_test = make_quiz(course, "post_test", show_answers="after_passing")
    enrollment = enrol(learner, course)
    finish_lessons(enrollment)
    client.force_login(learner)
    attempt = start(client, post_test)
    picks = {}
    for question in attempt.snapshot["questions"]:
        right_on_it = question["objective"] == 1
        picks[question["id"]] = [
            choice["id"] for choice in question["choices"] if choice["correct"] is right_on_it
        ][: None if right_on_it else 1]
    hand_in(client, attempt, form_answers(attempt, picks))
    attempt.refresh_from_db()
    assert attempt.passed is False
    response = client.get(f"{post_test.url}attempt/{attempt.code}/result/")
    assert response.status_code == 200
    return response.content.decode()


def lesson_link(course, title: str) -> str:
    lesson = course.get_children().get(title=title)
    return f'<a href="{lesson.url}">{title}</a>'


def test_the_result_names_the_objectives_to_review_with_links_to_their_lessons(
    failed_result, course
):
    assert "What to review" in failed_result
    assert f"Learning objective 2: {OBJECTIVES[1]}" in failed_result
    assert f"Learning objective 3: {OBJECTIVES[2]}" in failed_result
    assert lesson_link(course, "Give naloxone") in failed_result
    # Every answer about objective 1 was right: it is not listed.
    assert f"Learning objective 1: {OBJECTIVES[0]}" not in failed_result
    assert lesson_link(course, "Spot an overdose") not in failed_result


def test_the_result_marks_no_question_right_or_wrong(failed_result):
    for question in sample_questions():
        assert question["stem"] not in failed_result
        for choice in question["choices"]:
            assert choice["text"] not in failed_result
    marks = (">Correct<", "Not correct", "Partly correct", "· correct answer", "· your answer")
    for mark in marks:
        assert mark not in failed_result
    assert "Question 1" not in failed_result
    assert "outcome-" not in failed_result


def test_the_data_download_marks_no_question_of_a_test_with_hidden_answers(client, failed_result):
    response = client.post(reverse("privacy:download"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))

    (post_test,) = [
        attempt
        for attempt in data["enrolments"][0]["quiz_attempts"]
        if attempt["quiz"] == "Post-test"
    ]
    assert post_test["answers_shown"] is False
    for question in post_test["questions"]:
        assert "credit" not in question
        assert all("correct" not in choice for choice in question["choices"])
