"""Learners take quizzes: start, resume, hand in, see the result; the rules of each kind."""

import datetime

import pytest
from django.utils import timezone

from courses import assessments
from courses.models import Attempt, Enrollment
from tests.courses.conftest import (
    CORRECT,
    answers_by_question,
    enrol,
    finish_lessons,
    form_answers,
    make_course,
    make_quiz,
)

pytestmark = pytest.mark.django_db


def start(client, quiz) -> Attempt:
    response = client.post(f"{quiz.url}start/")
    assert response.status_code == 302, response
    # Two learners can both be on attempt 1 of a quiz: read the signed-in learner's own.
    learner_id = client.session["_auth_user_id"]
    attempt = (
        Attempt.objects.filter(quiz=quiz, enrollment__user_id=learner_id)
        .order_by("-number")
        .first()
    )
    assert response.url == f"{quiz.url}attempt/{attempt.code}/"
    return attempt


def hand_in(client, attempt, data):
    return client.post(f"{attempt.quiz.url}attempt/{attempt.code}/submit/", data)


@pytest.fixture
def ready(enrollment, post_test):
    """An enrolled learner who has finished every lesson, and the course's post-test."""
    finish_lessons(enrollment)
    return post_test


# Overview and start -----------------------------------------------------------------------


def test_the_overview_explains_the_test_and_offers_a_start_button(learner_client, ready):
    html = learner_client.get(ready.url).content.decode()

    assert "You need 80% to pass" in html
    assert "4 questions" in html
    assert f'<form method="post" action="{ready.url}start/">' in html


def test_starting_needs_a_post(learner_client, ready):
    assert learner_client.get(f"{ready.url}start/").status_code == 405
    assert not Attempt.objects.exists()


def test_starting_fixes_the_questions_served(learner_client, ready):
    attempt = start(learner_client, ready)

    assert attempt.number == 1
    assert attempt.submitted_at is None
    assert attempt.questions[0]["stem"] == "What is the first sign of an opioid overdose?"
    assert {c["id"] for q in attempt.questions for c in q["choices"] if c["correct"]} == CORRECT
    assert attempt.pass_mark == 80
    assert len(attempt.code) == 12


def test_leaving_and_coming_back_resumes_the_same_attempt(learner_client, ready):
    first = start(learner_client, ready)

    again = start(learner_client, ready)
    overview = learner_client.get(ready.url).content.decode()

    assert again.pk == first.pk
    assert Attempt.objects.count() == 1
    assert "Continue where you left off" in overview
    assert f"attempt/{first.code}/" in overview


def test_a_second_tab_starting_at_the_same_moment_gets_the_same_attempt(enrollment, ready):
    one, created_one = assessments.start_or_resume_attempt(enrollment, ready)
    two, created_two = assessments.start_or_resume_attempt(enrollment, ready)

    assert one.pk == two.pk
    assert (created_one, created_two) == (True, False)


def test_visitors_are_asked_to_sign_in_and_others_to_enrol(client, learner, course, post_test):
    response = client.get(post_test.url)
    assert response.status_code == 302 and "/accounts/login/" in response.url

    client.force_login(learner)
    response = client.get(post_test.url)
    assert response.status_code == 302 and response.url == course.url
    assert client.post(f"{post_test.url}start/").status_code == 302
    assert not Attempt.objects.exists()


def test_the_post_test_opens_once_every_lesson_is_done(learner_client, enrollment, post_test):
    response = learner_client.post(f"{post_test.url}start/")

    assert response.status_code == 302
    assert response.url == enrollment.course.live_lessons().first().url
    assert not Attempt.objects.exists()


def test_a_quiz_in_a_draft_course_does_not_exist(learner_client, learner, catalog):
    course = make_course(catalog, "Coming soon", lessons=0)
    quiz = make_quiz(course, "knowledge_check")
    enrol(learner, course)
    course.unpublish()

    assert learner_client.get(quiz.url).status_code == 404


# The form ---------------------------------------------------------------------------------


def test_every_question_is_a_fieldset_with_a_legend_and_works_without_javascript(
    learner_client, ready
):
    attempt = start(learner_client, ready)

    html = learner_client.get(f"{ready.url}attempt/{attempt.code}/").content.decode()

    assert html.count("<fieldset") == 4
    assert html.count("<legend>") == 4
    assert "Question 1 of 4" in html
    assert 'type="radio" name="q-1"' in html
    assert 'type="checkbox" name="q-2"' in html
    assert "Choose all that apply." in html
    assert "You find Jo on the floor." in html  # the scenario
    assert f'action="{ready.url}attempt/{attempt.code}/submit/"' in html
    assert "<script" not in html


def test_unanswered_questions_are_listed_with_links_and_answers_are_kept(learner_client, ready):
    attempt = start(learner_client, ready)
    data = form_answers(attempt)
    del data["q-2"], data["q-4"]

    response = hand_in(learner_client, attempt, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#q-2">Answer question 2.</a>' in html
    assert '<a href="#q-4">Answer question 4.</a>' in html
    assert 'value="s-right" checked' in html
    assert 'value="tf-false" checked' in html
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


# Handing in -------------------------------------------------------------------------------


def test_handing_in_grades_the_attempt_and_shows_the_result(learner_client, enrollment, ready):
    attempt = start(learner_client, ready)

    response = hand_in(learner_client, attempt, form_answers(attempt))

    assert response.status_code == 302
    assert response.url == f"{ready.url}attempt/{attempt.code}/result/"
    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score, attempt.percent, attempt.passed) == (4, 4, 100, True)
    html = learner_client.get(response.url).content.decode()
    assert "You scored 4 out of 4 (100%)." in html
    assert "You passed. The pass mark is 80%." in html


def test_passing_the_post_test_completes_the_course(learner_client, enrollment, ready):
    attempt = start(learner_client, ready)

    hand_in(learner_client, attempt, form_answers(attempt))

    enrollment.refresh_from_db()
    assert enrollment.is_complete


def test_a_failed_post_test_does_not_complete_the_course(learner_client, enrollment, ready):
    attempt = start(learner_client, ready)

    hand_in(learner_client, attempt, form_answers(attempt, right=False))

    attempt.refresh_from_db()
    enrollment.refresh_from_db()
    assert attempt.percent == 0 and attempt.passed is False
    assert not enrollment.is_complete
    html = learner_client.get(f"{ready.url}attempt/{attempt.code}/result/").content.decode()
    assert "Not passed this time." in html
    assert "Try again" in html


def test_a_double_submit_grades_once_and_the_second_sees_the_result(learner_client, ready):
    attempt = start(learner_client, ready)
    hand_in(learner_client, attempt, form_answers(attempt))

    response = hand_in(learner_client, attempt, form_answers(attempt, right=False))

    attempt.refresh_from_db()
    assert response.status_code == 302 and response.url.endswith("/result/")
    assert attempt.percent == 100
    assert Attempt.objects.filter(submitted_at__isnull=False).count() == 1


def test_the_form_of_a_submitted_attempt_goes_to_its_result(learner_client, ready):
    attempt = start(learner_client, ready)
    hand_in(learner_client, attempt, form_answers(attempt))

    response = learner_client.get(f"{ready.url}attempt/{attempt.code}/")

    assert response.status_code == 302 and response.url.endswith("/result/")


def test_handing_in_needs_a_post(learner_client, ready):
    attempt = start(learner_client, ready)

    assert learner_client.get(f"{ready.url}attempt/{attempt.code}/submit/").status_code == 405


# Rules by kind ----------------------------------------------------------------------------


def test_attempts_beyond_the_limit_are_refused_with_a_clear_message(
    learner_client, enrollment, course
):
    quiz = make_quiz(course, "post_test", max_attempts=2)
    finish_lessons(enrollment)
    for _ in range(2):
        attempt = start(learner_client, quiz)
        hand_in(learner_client, attempt, form_answers(attempt, right=False))

    response = learner_client.post(f"{quiz.url}start/", follow=True)

    html = response.content.decode()
    assert "You have used all 2 attempts this test allows." in html
    assert Attempt.objects.filter(quiz=quiz).count() == 2


def test_after_a_failed_attempt_the_learner_waits_before_trying_again(enrollment, course):
    quiz = make_quiz(course, "post_test", wait_minutes=30, wait_after_failures=1)
    finish_lessons(enrollment)
    now = timezone.now()
    attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz, now=now)
    assessments.submit_attempt(attempt, {}, now=now)

    with pytest.raises(assessments.AttemptRefused) as refused:
        assessments.start_or_resume_attempt(
            enrollment, quiz, now=now + datetime.timedelta(minutes=29)
        )
    later, created = assessments.start_or_resume_attempt(
        enrollment, quiz, now=now + datetime.timedelta(minutes=31)
    )

    assert refused.value.reason == "wait"
    assert "You can try again at" in refused.value.message
    assert created and later.number == 2


def test_a_passed_post_test_is_not_taken_again(enrollment, ready):
    attempt, _ = assessments.start_or_resume_attempt(enrollment, ready)
    assessments.submit_attempt(attempt, answers_by_question(attempt))

    with pytest.raises(assessments.AttemptRefused) as refused:
        assessments.start_or_resume_attempt(enrollment, ready)

    assert refused.value.reason == "passed"


@pytest.mark.parametrize(("method", "counted"), [("highest", 2), ("latest", 3)])
def test_the_score_that_counts_follows_the_grading_method(enrollment, course, method, counted):
    # Three tries in a row: no wait after the second that does not pass.
    quiz = make_quiz(course, "post_test", grading_method=method, wait_minutes=0)
    finish_lessons(enrollment)
    first_question = None
    for picks in ([], ["s-right", "m-breath", "m-pupils"], ["s-right"]):
        attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
        first_question = first_question or attempt.questions[0]["id"]
        by_id = {}
        for question in attempt.questions:
            chosen = [c["id"] for c in question["choices"] if c["id"] in picks]
            if chosen:
                by_id[question["id"]] = chosen
        assessments.submit_attempt(attempt, by_id)

    standing = assessments.standing(enrollment, quiz)

    assert [a.percent for a in standing.submitted] == [0, 50, 25]
    assert standing.graded.number == counted


def test_the_pre_test_is_taken_once_and_never_graded(learner_client, enrollment, pre_test):
    attempt = start(learner_client, pre_test)
    hand_in(learner_client, attempt, form_answers(attempt, right=False))

    response = learner_client.post(f"{pre_test.url}start/", follow=True)

    attempt.refresh_from_db()
    assert attempt.passed is None
    assert "It is taken once" in response.content.decode()
    assert Attempt.objects.filter(quiz=pre_test).count() == 1
    enrollment.refresh_from_db()
    assert not enrollment.is_complete


def test_the_pre_test_is_open_before_any_lesson(learner_client, enrollment, pre_test):
    assert learner_client.get(pre_test.url).status_code == 200


def test_knowledge_checks_have_unlimited_tries_and_show_answers_at_once(
    learner_client, enrollment, practice
):
    finish_lessons(enrollment)  # the check sits after the last lesson and opens with it
    for _ in range(3):
        attempt = start(learner_client, practice)
        hand_in(learner_client, attempt, form_answers(attempt, right=False))

    html = learner_client.get(f"{practice.url}attempt/{attempt.code}/result/").content.decode()

    assert Attempt.objects.filter(quiz=practice, submitted_at__isnull=False).count() == 3
    assert "correct answer" in html
    assert "Opioids slow the body." in html  # feedback on the picked answer
    assert "Not responding is the top sign." in html  # the explanation
    assert "Try again" in html


def test_i_dont_know_is_offered_when_switched_on_and_scored_as_incorrect(
    learner_client, enrollment, course
):
    quiz = make_quiz(course, "knowledge_check", allow_dont_know=True)
    finish_lessons(enrollment)  # the check sits after the last lesson and opens with it
    attempt = start(learner_client, quiz)
    html = learner_client.get(f"{quiz.url}attempt/{attempt.code}/").content.decode()
    data = form_answers(attempt)
    data["q-1"] = "idk"

    hand_in(learner_client, attempt, data)

    attempt.refresh_from_db()
    assert html.count('value="idk"') == 4
    assert attempt.score == 3
    assert attempt.answers[attempt.questions[0]["id"]] == ["idk"]


def test_i_dont_know_cannot_be_ticked_beside_other_answers(learner_client, enrollment, course):
    quiz = make_quiz(course, "knowledge_check", allow_dont_know=True)
    finish_lessons(enrollment)  # the check sits after the last lesson and opens with it
    attempt = start(learner_client, quiz)
    data = form_answers(attempt)
    data["q-2"] = ["m-breath", "idk"]

    response = hand_in(learner_client, attempt, data)

    assert response.status_code == 200
    assert "Question 2: choose “I don&#x27;t know” on its own" in response.content.decode()


# Review visibility ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "right", "shown"),
    [
        ("after_each_attempt", False, True),
        ("after_passing", False, False),
        ("after_passing", True, True),
        ("never", True, False),
    ],
)
def test_correct_answers_show_per_the_review_setting(
    learner_client, enrollment, course, setting, right, shown
):
    quiz = make_quiz(course, "post_test", show_answers=setting)
    finish_lessons(enrollment)
    attempt = start(learner_client, quiz)
    hand_in(learner_client, attempt, form_answers(attempt, right=right))

    html = learner_client.get(f"{quiz.url}attempt/{attempt.code}/result/").content.decode()

    assert ("Not responding is the top sign." in html) is shown
    assert ('<ol class="review">' in html) is shown
    if not shown:
        assert "Correct answers are shown once you pass." in html or "does not show" in html


def test_the_post_test_result_shows_the_learners_own_knowledge_gain(
    learner_client, enrollment, course
):
    pre = make_quiz(course, "pre_test")
    post = make_quiz(course, "post_test", paired_pretest=pre)
    attempt = start(learner_client, pre)
    picks = form_answers(attempt)
    picks["q-1"] = "s-wrong"
    hand_in(learner_client, attempt, picks)  # 3 of 4
    finish_lessons(enrollment)
    attempt = start(learner_client, post)
    hand_in(learner_client, attempt, form_answers(attempt))

    html = learner_client.get(f"{post.url}attempt/{attempt.code}/result/").content.decode()

    assert "Your pre-test score was 75%. Your score went up by 25 percentage points." in html


# Progress ---------------------------------------------------------------------------------


def test_the_course_page_lists_the_quizzes_and_resume_points_at_the_post_test(
    learner_client, enrollment, pre_test, post_test
):
    html = learner_client.get(enrollment.course.url).content.decode()
    assert "Pre-test (optional, not graded)" in html
    assert "Continue: Pre-test" in html or "Start: Pre-test" in html
    assert "Opens when the lessons are done" in html
    assert "Progress: 0 of 4 required items done" in html

    finish_lessons(Enrollment.objects.get(pk=enrollment.pk))
    html = learner_client.get(enrollment.course.url).content.decode()

    assert "Continue: Post-test" in html
    assert f'href="{post_test.url}"' in html
    assert "Progress: 3 of 4 required items done (75%)" in html
