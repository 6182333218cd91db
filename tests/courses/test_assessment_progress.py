"""Quizzes and the evaluation in a learner's progress: what counts, what opens when, where
"resume" points, and what it costs in queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import assessments, services
from courses.models import CoursePage, QuizPage
from courses.services.progress import load_progress
from tests.courses.conftest import (
    answers_by_question,
    enrol,
    finish_lessons,
    form_answers,
    make_course,
    make_evaluation,
    make_quiz,
    sample_questions,
)

pytestmark = pytest.mark.django_db


def pass_post_test(enrollment, quiz):
    attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
    assessments.submit_attempt(attempt, answers_by_question(attempt))


@pytest.fixture
def full_course(course):
    """Three lessons, a pre-test, a knowledge check, a post-test and a required evaluation."""
    CoursePage.objects.filter(pk=course.pk).update(evaluation_required=True)
    course.refresh_from_db()
    make_quiz(course, "pre_test")
    make_quiz(course, "knowledge_check")
    make_quiz(course, "post_test")
    make_evaluation(course)
    return course


def test_the_post_test_and_a_required_evaluation_count_as_required_items(full_course, learner):
    enrollment = enrol(learner, full_course)

    progress = load_progress(full_course, enrollment)

    assert progress.total == 5  # three lessons, the post-test, the evaluation
    assert progress.requirements[0].key == "pre_test"
    assert [s.required for s in progress.requirements] == [False, False, True, True]
    assert [s.place for s in progress.requirements] == ["before", "anytime", "after", "after"]


def test_resume_goes_pre_test_then_lessons_then_post_test_then_evaluation(full_course, learner):
    enrollment = enrol(learner, full_course)
    assert services.next_item_for(enrollment).title == "Pre-test (optional, not graded)"

    lessons = list(full_course.live_lessons())
    services.complete_lesson(enrollment, lessons[0])
    assert services.next_item_for(enrollment).lesson == lessons[1]

    finish_lessons(enrollment)
    # The knowledge check sits after the last lesson (it was added after it): it comes next.
    assert services.next_item_for(enrollment).title == "Practice (practice)"
    practice = QuizPage.objects.get(pk=services.next_item_for(enrollment).page_id)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, practice)
    assessments.submit_attempt(attempt, answers_by_question(attempt))
    assert services.next_item_for(enrollment).title == "Post-test"

    step = load_progress(full_course, enrollment).step("post_test")
    pass_post_test(enrollment, QuizPage.objects.get(pk=step.page_id))
    assert services.next_item_for(enrollment).title == "Course evaluation"
    enrollment.refresh_from_db()
    assert not enrollment.is_complete


def test_steps_after_the_lessons_open_in_order(full_course, learner):
    enrollment = enrol(learner, full_course)
    progress = load_progress(full_course, enrollment)
    post, evaluation = progress.step("post_test"), progress.step("evaluation")
    assert progress.is_step_locked(post) and progress.is_step_locked(evaluation)
    assert not progress.is_step_locked(progress.step("pre_test"))

    finish_lessons(enrollment)
    progress = load_progress(full_course, enrollment)

    assert not progress.is_step_locked(progress.step("post_test"))
    assert progress.is_step_locked(progress.step("evaluation"))


def test_completing_the_last_lesson_leads_to_the_post_test(learner_client, learner, course):
    quiz = make_quiz(course, "post_test")
    enrollment = enrol(learner, course)
    lessons = list(course.live_lessons())
    for lesson in lessons[:-1]:
        services.complete_lesson(enrollment, lesson)

    response = learner_client.post(f"{lessons[-1].url}complete/")

    assert response.status_code == 302 and response.url == quiz.url
    enrollment.refresh_from_db()
    assert not enrollment.is_complete


def test_an_unpublished_post_test_does_not_hold_up_completion(learner, course):
    quiz = make_quiz(course, "post_test")
    quiz.unpublish()
    enrollment = enrol(learner, course)

    finish_lessons(enrollment)

    enrollment.refresh_from_db()
    assert enrollment.is_complete


def test_my_learning_points_at_the_post_test(learner_client, learner, course):
    make_quiz(course, "post_test")
    enrollment = enrol(learner, course)
    finish_lessons(enrollment)

    html = learner_client.get("/my-learning/").content.decode()

    assert f'href="{course.url}post-test/"' in html


@pytest.mark.parametrize("lesson_count", [3, 40])
def test_course_and_lesson_pages_with_quizzes_keep_a_fixed_query_count(
    client, catalog, learner, lesson_count, django_assert_max_num_queries
):
    course = make_course(catalog, "Sized course", lessons=lesson_count)
    make_quiz(course, "pre_test")
    make_quiz(course, "knowledge_check")
    make_quiz(course, "post_test")
    make_evaluation(course)
    enrollment = enrol(learner, course)
    lessons = list(course.live_lessons())
    services.complete_lesson(enrollment, lessons[0])
    client.force_login(learner)
    client.get(course.url)  # warm per-process caches
    client.get(lessons[0].url)

    with django_assert_max_num_queries(18):
        course_response = client.get(course.url)
    with django_assert_max_num_queries(19):
        lesson_response = client.get(lessons[1].url)

    assert course_response.status_code == lesson_response.status_code == 200
    assert len(course_response.context["progress"].requirements) == 4


def test_my_learning_query_count_does_not_grow_with_courses_that_have_quizzes(
    client, catalog, learner
):
    def add_courses(numbers):
        for number in numbers:
            course = make_course(catalog, f"Course {number}", lessons=2)
            make_quiz(course, "post_test")
            make_evaluation(course)
            enrollment = enrol(learner, course)
            services.complete_lesson(enrollment, course.live_lessons().first())

    def queries() -> int:
        client.get("/my-learning/")  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/my-learning/")
        assert response.status_code == 200
        return len(captured)

    client.force_login(learner)
    add_courses([1])
    one = queries()
    add_courses([2, 3, 4, 5])

    assert queries() == one


def test_the_quiz_page_reads_a_fixed_number_of_queries(
    learner_client, learner, course, django_assert_max_num_queries
):
    # Three failed tries in a row, so no wait between them.
    quiz = make_quiz(course, "post_test", wait_minutes=0)
    enrollment = enrol(learner, course)
    finish_lessons(enrollment)
    for _ in range(3):
        attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
        assessments.submit_attempt(attempt, {})
    learner_client.get(quiz.url)

    with django_assert_max_num_queries(20):
        response = learner_client.get(quiz.url)

    assert len(response.context["attempt_rows"]) == 3


# Handing in: the route's three (the site, the active language's Locale row that Wagtail's
# `root_page.localized` reads, the home page's row), the user, the attempt with its
# enrolment (and whether that is the current cycle), the learner's lesson rows and marks, then
# the grading (begin, the conditional update, clearing saved picks, commit). No query per
# question, and the enrolment is not read again (the attempt's is the current cycle). A passed
# post-test then decides completion in the same transaction: the learner's rows again and the
# completion update in its own savepoint.
HAND_IN_QUERIES = {"knowledge_check": 10, "post_test": 14}


@pytest.mark.parametrize("kind", ["knowledge_check", "post_test"])
@pytest.mark.parametrize("copies", [1, 5])
def test_a_hand_in_reads_the_same_queries_however_many_questions(
    learner_client, learner, course, kind, copies
):
    questions = [dict(question) for _copy in range(copies) for question in sample_questions()]
    quiz = make_quiz(course, kind, questions=questions)
    enrollment = enrol(learner, course)
    finish_lessons(enrollment)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
    learner_client.get(quiz.url)  # warm per-process caches and the page cache

    with CaptureQueriesContext(connection) as captured:
        response = learner_client.post(
            f"{quiz.url}attempt/{attempt.code}/submit/", form_answers(attempt)
        )

    assert response.status_code == 302
    assert len(attempt.snapshot["questions"]) == 4 * copies
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert len(captured.captured_queries) == HAND_IN_QUERIES[kind]


def test_passing_the_post_test_before_a_required_evaluation_does_not_read_progress_again(
    learner_client, learner, full_course
):
    # The evaluation opens only once the post-test is passed, so that pass cannot complete the
    # course: the hand-in costs what a knowledge check's does (no second read of the learner's
    # rows, no completion update). The evaluation then completes it as before.
    post_test = QuizPage.objects.child_of(full_course).get(kind="post_test")
    enrollment = enrol(learner, full_course)
    finish_lessons(enrollment)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, post_test)
    learner_client.get(post_test.url)  # warm per-process caches and the page cache

    with CaptureQueriesContext(connection) as captured:
        response = learner_client.post(
            f"{post_test.url}attempt/{attempt.code}/submit/", form_answers(attempt)
        )

    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed is True
    assert len(captured.captured_queries) == HAND_IN_QUERIES["knowledge_check"]
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None
    progress = load_progress(full_course, enrollment)
    assert progress.step("post_test").met
    evaluation = progress.step("evaluation")
    assert not evaluation.met and not progress.is_step_locked(evaluation)
