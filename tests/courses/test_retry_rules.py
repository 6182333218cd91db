"""How often a post-test may be taken and when: said before starting, said after failing,
enforced on the server; set per quiz in the CMS, with a default fit for a certifying test."""

import datetime

import pytest
from django.urls import reverse
from django.utils import dateformat, translation

from courses import assessments
from courses.models import Attempt, QuizPage
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import finish_lessons, form_answers, make_quiz, sample_questions

from .test_authoring import add_url, form_data
from .test_quiz_authoring import quiz_values
from .test_take_quiz import hand_in, start

pytestmark = pytest.mark.django_db

RULE_AFTER_TWO = (
    "If a try does not pass, you can try again right away. After 2 tries that do not pass, "
    "wait 30 minutes before each next one."
)


def fail(client, quiz) -> Attempt:
    attempt = start(client, quiz)
    hand_in(client, attempt, form_answers(attempt, right=False))
    attempt.refresh_from_db()
    assert attempt.passed is False
    return attempt


def result_of(client, attempt) -> str:
    return client.get(f"{attempt.quiz.url}attempt/{attempt.code}/result/").content.decode()


def big_bank(size: int = 30) -> list[dict]:
    """`size` single-choice questions on one objective, for draws that can differ."""
    question = sample_questions()[0]
    return [
        dict(
            question,
            stem=f"Question number {n} about the first sign?",
            choices=[dict(c, id=f"{c['id']}-{n}") for c in question["choices"]],
        )
        for n in range(size)
    ]


@pytest.fixture
def ready(enrollment, post_test):
    finish_lessons(enrollment)
    return post_test


def test_a_new_post_test_waits_30_minutes_after_the_second_fail_and_allows_unlimited_tries(
    course,
):
    quiz = make_quiz(course, "post_test")

    assert (quiz.max_attempts, quiz.wait_after_failures, quiz.wait_minutes) == (None, 2, 30)


def test_the_quiz_page_says_the_rules_before_starting(learner_client, enrollment, course):
    quiz = make_quiz(course, "post_test", questions=big_bank(), draw_count=5)
    finish_lessons(enrollment)

    html = learner_client.get(quiz.url).content.decode()

    assert "<li>5 questions</li>" in html
    assert "<li>You can take it as many times as you need.</li>" in html
    assert f"<li>{RULE_AFTER_TWO}</li>" in html
    assert "<li>Each try has a new set of questions.</li>" in html


def test_a_wait_after_every_fail_and_a_limit_are_said_too(learner_client, enrollment, course):
    quiz = make_quiz(course, "post_test", max_attempts=3, wait_after_failures=1, wait_minutes=120)
    finish_lessons(enrollment)

    html = learner_client.get(quiz.url).content.decode()

    assert "You can take it up to 3 times." in html
    assert "After a try that does not pass, wait 2 hours before the next one." in html


def test_the_first_fail_allows_a_retry_at_once(learner_client, ready):
    attempt = fail(learner_client, ready)

    html = result_of(learner_client, attempt)

    assert ">Try again</button>" in html
    assert RULE_AFTER_TWO in html
    assert "You can try again at" not in html


def test_after_the_second_fail_the_result_says_when_to_try_again(learner_client, ready):
    fail(learner_client, ready)
    second = fail(learner_client, ready)

    html = result_of(learner_client, second)

    until = second.submitted_at + datetime.timedelta(minutes=30)
    # The site's time zone (UTC in tests), in English's own format ("6:29 a.m.", "7 p.m.").
    time = dateformat.format(until, "P").rstrip(".")
    assert f"You can try again at {time}. Use the time to review the lessons." in html
    assert ">Try again</button>" not in html
    assert "What to review" in html


def test_starting_during_the_wait_is_refused_with_a_clear_message(learner_client, ready):
    fail(learner_client, ready)
    fail(learner_client, ready)

    response = learner_client.post(f"{ready.url}start/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == ready.url
    html = response.content.decode()
    assert "You can try again at" in html
    assert Attempt.objects.filter(quiz=ready).count() == 2
    assert '<form method="post" action="' not in html.split('class="quiz-actions"')[1]


def test_the_wait_ends_after_its_minutes(learner_client, ready):
    fail(learner_client, ready)
    second = fail(learner_client, ready)
    # As if 31 minutes had gone by since the second hand-in.
    Attempt.objects.filter(pk=second.pk).update(
        submitted_at=second.submitted_at - datetime.timedelta(minutes=31)
    )

    third = start(learner_client, ready)

    assert third.number == 3


MORNING = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def minutes_later(minutes: int) -> datetime.datetime:
    return MORNING + datetime.timedelta(minutes=minutes)


def fail_at(enrollment, quiz, moment: datetime.datetime) -> None:
    attempt, created = assessments.start_or_resume_attempt(enrollment, quiz, now=moment)
    assert created
    assessments.submit_attempt(attempt, {}, now=moment)


def test_a_third_fail_starts_the_wait_again(enrollment, ready):
    for minutes in (0, 1, 40):  # the third starts after the 30 minutes the second set
        fail_at(enrollment, ready, minutes_later(minutes))

    with pytest.raises(assessments.AttemptRefused) as refused:
        assessments.start_or_resume_attempt(enrollment, ready, now=minutes_later(69))

    assert refused.value.reason == "wait"
    assert refused.value.message.startswith("You can try again at 10:10 a.m. Use")


def test_a_time_that_ends_the_sentence_has_one_full_stop(enrollment, course):
    quiz = make_quiz(course, "post_test", wait_after_failures=1)
    finish_lessons(enrollment)
    evening = datetime.datetime(2026, 12, 3, 19, 13, tzinfo=datetime.UTC)
    fail_at(enrollment, quiz, evening)

    message = assessments.standing(enrollment, quiz, now=evening).refusal.message

    assert message == "You can try again at 7:43 p.m. Use the time to review the lessons."


def test_a_wait_into_the_next_day_names_the_date(enrollment, course):
    quiz = make_quiz(course, "post_test", wait_after_failures=1)
    finish_lessons(enrollment)
    late = datetime.datetime(2026, 12, 3, 23, 50, tzinfo=datetime.UTC)
    fail_at(enrollment, quiz, late)

    message = assessments.standing(enrollment, quiz, now=late).refusal.message

    assert message.startswith("You can try again on Dec. 4, 2026 at 12:20 a.m. Use")


def test_the_time_is_in_the_spanish_format_for_spanish_readers(enrollment, course):
    quiz = make_quiz(course, "post_test", wait_after_failures=1)
    finish_lessons(enrollment)
    evening = datetime.datetime(2026, 12, 3, 19, 13, tzinfo=datetime.UTC)
    fail_at(enrollment, quiz, evening)

    with translation.override("es"):
        message = assessments.standing(enrollment, quiz, now=evening).refusal.message

    assert message.startswith("Puede intentarlo de nuevo a las 19:43.")


def test_each_try_draws_a_fresh_set_of_questions(learner_client, enrollment, course):
    quiz = make_quiz(course, "post_test", questions=big_bank(), draw_count=5)
    finish_lessons(enrollment)

    first = fail(learner_client, quiz)
    second = fail(learner_client, quiz)

    served = [{q["stem"] for q in attempt.questions} for attempt in (first, second)]
    assert len(served[0]) == len(served[1]) == 5
    # 5 of 30: the same set twice has a chance of 1 in 142,506.
    assert served[0] != served[1]


def test_knowledge_checks_keep_no_limit_or_wait(learner_client, enrollment, course):
    quiz = make_quiz(
        course, "knowledge_check", max_attempts=1, wait_after_failures=1, wait_minutes=600
    )
    # The check follows the course's last lesson, so it opens once the lessons are done.
    finish_lessons(enrollment)

    for number in range(1, 4):
        attempt = start(learner_client, quiz)
        hand_in(learner_client, attempt, form_answers(attempt, right=False))
        assert attempt.number == number

    html = learner_client.get(quiz.url).content.decode()
    assert "wait" not in html.split('class="quiz-facts"')[1].split("</ul>")[0]


def test_a_pre_test_is_still_taken_once_without_a_wait(learner_client, enrollment, course):
    quiz = make_quiz(course, "pre_test")
    attempt = start(learner_client, quiz)
    hand_in(learner_client, attempt, form_answers(attempt, right=False))

    html = result_of(learner_client, Attempt.objects.get(pk=attempt.pk))

    assert "You can try again" not in html
    assert ">Try again</button>" not in html


# The CMS ------------------------------------------------------------------------------------


def test_the_cms_offers_the_rules_with_help_and_saves_them(client, cms_trainer, course):
    sign_in_with_mfa(client, cms_trainer)
    url = add_url(QuizPage, course)
    page = client.get(url).content.decode()
    assert "Tries that do not pass before a wait" in page
    assert "After this many tries that do not pass, the learner waits before each next try." in page
    values = quiz_values()
    del values["wait_minutes"]
    del values["wait_after_failures"]
    data = form_data(client, url, **values)
    assert (data["wait_after_failures"], data["wait_minutes"]) == ("2", "30")
    data["wait_after_failures"] = "3"
    data["wait_minutes"] = "45"
    data["action-submit"] = "action-submit"

    response = client.post(url, data)

    assert response.status_code == 302
    quiz = QuizPage.objects.get(slug="post-test")
    assert (quiz.wait_after_failures, quiz.wait_minutes) == (3, 45)


def test_the_cms_refuses_a_wait_after_zero_fails(client, cms_trainer, course):
    sign_in_with_mfa(client, cms_trainer)
    url = add_url(QuizPage, course)
    data = form_data(client, url, **quiz_values(wait_after_failures="0"))
    data["action-submit"] = "action-submit"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "wait_after_failures" in response.context["form"].errors
    assert not QuizPage.objects.filter(slug="post-test").exists()


def test_the_editor_rules_tab_lists_the_new_field(client, cms_reviewer, course):
    quiz = make_quiz(course, "post_test")
    sign_in_with_mfa(client, cms_reviewer)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk])).content.decode()

    assert 'name="wait_after_failures"' in html and 'value="2"' in html
