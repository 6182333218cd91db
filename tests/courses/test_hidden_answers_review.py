"""A failed test whose answers stay hidden teaches without giving the keys away.

The result page lists the learning objectives where some answer was not right and links the
lessons that teach them (the lesson before each knowledge check on that objective), and shows
the learner's own picks grouped by objective, marked right, partly right or not right. It never
names a choice the learner did not pick, nor shows an explanation or a choice's feedback; a
true-or-false answer is not marked, as "not right" would name the other answer. The learner's
data download marks no question either.
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


def section(html: str, start: str, end: str = "</section>") -> str:
    """The part of `html` from `start` to the next `end`."""
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def objective_answers(html: str, number: int) -> str:
    return section(html, f"Learning objective {number}: {OBJECTIVES[number - 1]}</h3>")


def test_the_result_names_the_objectives_to_review_with_links_to_their_lessons(
    failed_result, course
):
    to_review = section(failed_result, 'class="to-review"')
    assert "What to review" in to_review
    assert f"Learning objective 2: {OBJECTIVES[1]}" in to_review
    assert f"Learning objective 3: {OBJECTIVES[2]}" in to_review
    assert lesson_link(course, "Give naloxone") in to_review
    # Every answer about objective 1 was right: nothing to review there.
    assert f"Learning objective 1: {OBJECTIVES[0]}" not in to_review
    assert lesson_link(course, "Spot an overdose") not in failed_result


def test_the_learners_own_picks_are_marked_by_objective(failed_result):
    first = objective_answers(failed_result, 1)
    assert "All your answers here were right." in first
    assert "What is the first sign of an opioid overdose?" in first
    assert "Your answer: <span>The person does not respond</span>" in first
    assert "Your answer: <span>Slow or no breathing</span>; <span>Tiny pupils</span>" in first
    assert first.count('class="outcome-right">Right<') == 2

    third = objective_answers(failed_result, 3)
    assert "Review this objective." in third
    assert "Your answer: <span>Wait and see</span>" in third
    assert 'class="outcome-not_right">Not right<' in third


def test_the_result_names_no_key_explanation_or_feedback(failed_result):
    # Choices the learner did not pick are never named: the right one would be among them.
    for text in ("Call 911 and give naloxone", "Splash water on Jo", "The person talks fast"):
        assert text not in failed_result
    for question in sample_questions():
        assert question["explanation"] not in failed_result
        for choice in question["choices"]:
            if choice["feedback"]:
                assert choice["feedback"] not in failed_result
    for mark in ("· correct answer", "Why</strong>", ">Correct<", "Not correct"):
        assert mark not in failed_result


def test_a_true_or_false_answer_is_shown_but_never_marked(failed_result):
    second = objective_answers(failed_result, 2)
    assert "Naloxone can hurt someone who has not taken opioids." in second
    assert "Your answer: <span>True</span>" in second
    assert "Not marked: with only two answers to choose from" in second
    assert "<span>False</span>" not in failed_result
    assert "outcome-not_right" not in second and "outcome-right" not in second


def test_partial_credit_is_explained_in_words(client, learner, course):
    post_test = make_quiz(
        course, "post_test", show_answers="after_passing", questions=sample_questions()[1:2]
    )
    enrollment = enrol(learner, course)
    finish_lessons(enrollment)
    client.force_login(learner)
    attempt = start(client, post_test)
    hand_in(client, attempt, form_answers(attempt, {attempt.questions[0]["id"]: ["m-breath"]}))

    html = client.get(f"{post_test.url}attempt/{attempt.code}/result/").content.decode()

    assert "You scored 0.5 out of 1 (50%)." in html
    assert 'class="outcome-partly">Partly right<' in html
    assert "You got partial credit: 1 of the 2 right choices." in html
    assert "Tiny pupils" not in html  # the other right choice stays unnamed


def test_a_passed_test_still_shows_the_answers_and_explanations(client, learner, course):
    post_test = make_quiz(course, "post_test", show_answers="after_passing")
    enrollment = enrol(learner, course)
    finish_lessons(enrollment)
    client.force_login(learner)
    attempt = start(client, post_test)
    hand_in(client, attempt, form_answers(attempt))

    html = client.get(f"{post_test.url}attempt/{attempt.code}/result/").content.decode()

    assert "You passed." in html
    assert "· correct answer" in html
    assert "Call for help, then give naloxone." in html
    assert 'class="objective-answers"' not in html


def test_the_failed_result_offers_a_retake_after_the_review(failed_result):
    review_at = failed_result.index("What to review")
    retake_at = failed_result.index(">Try again</button>")
    assert review_at < retake_at


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


def test_a_pre_test_names_objectives_but_marks_no_answer(client, learner, course):
    """The post-test draws from the pre-test's bank: a mark here would hand out its keys."""
    pre_test = make_quiz(course, "pre_test")
    enrol(learner, course)
    client.force_login(learner)
    attempt = start(client, pre_test)
    hand_in(client, attempt, form_answers(attempt, right=False))

    html = client.get(f"{pre_test.url}attempt/{attempt.code}/result/").content.decode()

    assert "What to review" in html
    assert f"Learning objective 2: {OBJECTIVES[1]}" in html
    assert 'class="objective-answers"' not in html
    assert "Your answer:" not in html and "Not right" not in html
    for question in sample_questions():
        assert question["stem"] not in html


def result_with_true_false_answered(client, learner, course, post_test, *, rightly: bool) -> str:
    """A failed post-test (objective 3 wrong, objective 1 right) where the true-or-false
    question, alone on objective 2, was answered `rightly` or not."""
    enrollment = enrol(learner, course)
    finish_lessons(enrollment)
    client.force_login(learner)
    attempt = start(client, post_test)
    picks = {}
    for question in attempt.snapshot["questions"]:
        right_on_it = {1: True, 2: rightly, 3: False}[question["objective"]]
        picks[question["id"]] = [
            choice["id"] for choice in question["choices"] if choice["correct"] is right_on_it
        ][: None if right_on_it else 1]
    hand_in(client, attempt, form_answers(attempt, picks))
    attempt.refresh_from_db()
    assert attempt.passed is False
    return client.get(f"{post_test.url}attempt/{attempt.code}/result/").content.decode()


def test_an_objective_whose_only_question_is_true_or_false_reads_the_same_either_way(
    client, learner, course, django_user_model
):
    post_test = make_quiz(course, "post_test", show_answers="after_passing")
    right = result_with_true_false_answered(client, learner, course, post_test, rightly=True)
    other = django_user_model.objects.create_user(
        email="second@example.org", password="pass-for-tests-only"
    )
    wrong = result_with_true_false_answered(client, other, course, post_test, rightly=False)

    def verdict(html):
        answers = objective_answers(html, 2)
        return answers.split("</h3>")[1].split("</p>")[0]

    assert verdict(right) == verdict(wrong)
    assert "Review this objective to be sure: a true-or-false answer here is not marked." in (
        verdict(right)
    )
    to_review = section(right, '<section class="to-review"')
    assert f"Learning objective 2: {OBJECTIVES[1]}" in to_review  # listed with its lessons
    assert lesson_link(course, "Give naloxone") in to_review
    assert "All your answers here were right." in objective_answers(right, 1)
