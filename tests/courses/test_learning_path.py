"""Knowledge checks on the learning path: each sits right after its lesson in the course
outline and in "continue" order, opens when its lesson does, and "Mark complete and continue"
leads to it. A quiz with saved answers is continued, not started.

A check belongs to the published lesson just before it in the course's page order (the curriculum
loader creates each lesson followed by its check; a trainer puts a check after its lesson in the
CMS), so the tests arrange pages the way a trainer would: by moving the check after its lesson.
"""

import re

import pytest

from courses import assessments, services
from courses.models import QuizPage
from tests.courses.conftest import (
    answers_by_question,
    enrol,
    form_answers,
    make_course,
    make_quiz,
)

pytestmark = pytest.mark.django_db


def place_after(page, lesson):
    """Move `page` to sit right after `lesson`, as a trainer does in the CMS page listing."""
    page.move(type(lesson).objects.get(pk=lesson.pk), pos="right")  # its path, as it is now
    return QuizPage.objects.get(pk=page.pk)


@pytest.fixture
def path_course(catalog):
    """Three lessons; a check after lesson 1 and after lesson 2; a pre-test and a post-test."""
    course = make_course(catalog, "Path course", lessons=3)
    lessons = list(course.live_lessons())
    pre = make_quiz(course, "pre_test")
    check_1 = place_after(make_quiz(course, "knowledge_check", title="Check one"), lessons[0])
    check_2 = place_after(make_quiz(course, "knowledge_check", title="Check two"), lessons[1])
    post = make_quiz(course, "post_test")
    return {
        "course": course,
        "lessons": lessons,
        "pre": pre,
        "checks": [check_1, check_2],
        "post": post,
    }


def outline_titles(html: str) -> list[str]:
    """The course outline as a learner reads it: the items of the numbered lesson list."""
    outline = re.search(r'<ol class="lesson-list">(.*?)</ol>', html, re.S).group(1)
    items = re.findall(r'<li class="lesson-item[^"]*">(.*?)</li>', outline, re.S)
    return [
        re.sub(r"<[^>]+>", "", item.split('<span class="lesson-status">')[0]).strip()
        for item in items
    ]


def take(enrollment, quiz):
    attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
    assessments.submit_attempt(attempt, answers_by_question(attempt))


# Order -------------------------------------------------------------------------------------


def test_each_check_is_listed_right_after_its_lesson(learner_client, learner, path_course):
    enrol(learner, path_course["course"])

    html = learner_client.get(path_course["course"].url).content.decode()

    assert outline_titles(html) == [
        "Lesson 1",
        "Check one (practice)",
        "Lesson 2",
        "Check two (practice)",
        "Lesson 3",
        "Post-test",
    ]


def test_visitors_see_the_same_order(client, path_course):
    html = client.get(path_course["course"].url).content.decode()

    assert outline_titles(html)[:3] == ["Lesson 1", "Check one (practice)", "Lesson 2"]


def test_continue_follows_the_path_through_each_check(learner_client, learner, path_course):
    course, lessons, (check_1, check_2) = (
        path_course["course"],
        path_course["lessons"],
        path_course["checks"],
    )
    enrollment = enrol(learner, course)
    take(enrollment, path_course["pre"])

    def continue_link():
        html = learner_client.get(course.url).content.decode()
        return re.search(r'<p><a class="button" href="([^"]+)">', html).group(1)

    assert continue_link() == lessons[0].url
    services.complete_lesson(enrollment, lessons[0])
    assert continue_link() == check_1.url
    take(enrollment, check_1)
    assert continue_link() == lessons[1].url
    services.complete_lesson(enrollment, lessons[1])
    assert continue_link() == check_2.url


def test_a_check_the_learner_went_past_is_not_pointed_back_at(learner_client, learner, path_course):
    course, lessons = path_course["course"], path_course["lessons"]
    enrollment = enrol(learner, course)
    services.complete_lesson(enrollment, lessons[0])

    learner_client.get(lessons[1].url)  # skipped check one and opened lesson 2

    html = learner_client.get(course.url).content.decode()
    assert f'<p><a class="button" href="{lessons[1].url}">Continue: Lesson 2</a></p>' in html


def test_mark_complete_and_continue_leads_to_the_lessons_check(
    learner_client, learner, path_course
):
    lessons, check_1 = path_course["lessons"], path_course["checks"][0]
    enrol(learner, path_course["course"])

    response = learner_client.post(f"{lessons[0].url}complete/")

    assert response.status_code == 302 and response.url == check_1.url
    assert "Check one" in learner_client.get(response.url).content.decode()


def test_mark_complete_goes_on_to_the_next_lesson_once_the_check_is_taken(
    learner_client, learner, path_course
):
    lessons, check_1 = path_course["lessons"], path_course["checks"][0]
    enrollment = enrol(learner, path_course["course"])
    learner_client.get(lessons[0].url)
    take(enrollment, check_1)

    response = learner_client.post(f"{lessons[0].url}complete/")

    assert response.url == lessons[1].url


def test_mark_complete_on_a_lesson_without_a_check_goes_to_the_next_lesson(
    learner_client, learner, path_course
):
    lessons = path_course["lessons"]
    enrollment = enrol(learner, path_course["course"])
    for lesson in lessons[:2]:
        services.complete_lesson(enrollment, lesson)

    response = learner_client.post(f"{lessons[2].url}complete/")

    assert response.url == path_course["post"].url  # lesson 3 has no check


def test_checks_still_do_not_count_toward_completion(learner, path_course):
    enrollment = enrol(learner, path_course["course"])
    for lesson in path_course["lessons"]:
        services.complete_lesson(enrollment, lesson)
    take(enrollment, path_course["post"])

    enrollment.refresh_from_db()
    assert enrollment.is_complete  # neither check was taken


# Locking -----------------------------------------------------------------------------------


def test_a_check_is_locked_while_its_lesson_is(learner_client, learner, path_course):
    check_2 = path_course["checks"][1]
    enrol(learner, path_course["course"])

    response = learner_client.get(check_2.url, follow=True)

    assert response.redirect_chain[0] == (path_course["pre"].url, 302)  # where to go next
    assert "This course is taken in order. Please finish" in response.content.decode()
    assert learner_client.post(f"{check_2.url}start/").status_code == 302
    assert not check_2.attempts.exists()
    html = learner_client.get(path_course["course"].url).content.decode()
    assert f'href="{check_2.url}"' not in html
    assert "Opens when the lessons before it are done" in html


def test_a_check_opens_with_its_lesson(learner_client, learner, path_course):
    check_1, check_2 = path_course["checks"]
    enrollment = enrol(learner, path_course["course"])

    assert learner_client.get(check_1.url).status_code == 200  # lesson 1 is always open
    services.complete_lesson(enrollment, path_course["lessons"][0])
    assert learner_client.get(check_2.url).status_code == 200  # lesson 2 opened


def test_checks_are_open_when_lessons_may_be_taken_in_any_order(learner_client, learner, catalog):
    course = make_course(catalog, "Any order", lessons=3, lessons_in_order=False)
    lessons = list(course.live_lessons())
    check = place_after(make_quiz(course, "knowledge_check", title="Last check"), lessons[2])
    enrol(learner, course)

    assert learner_client.get(check.url).status_code == 200


def test_a_check_before_every_lesson_belongs_to_none_and_is_open(learner_client, learner, catalog):
    course = make_course(catalog, "Warm up first", lessons=2)
    first = course.live_lessons().first()
    warm_up = make_quiz(course, "knowledge_check", title="Warm up")
    warm_up.move(first, pos="left")
    enrol(learner, course)

    html = learner_client.get(course.url).content.decode()

    assert learner_client.get(warm_up.url).status_code == 200
    assert outline_titles(html)[:2] == ["Warm up (practice)", "Lesson 1"]


# "Start" or "Continue" -----------------------------------------------------------------------


def test_the_pre_test_is_started_then_continued_once_answers_are_saved(
    learner_client, learner, path_course
):
    course, pre = path_course["course"], path_course["pre"]
    enrol(learner, course)
    assert (
        "Start: Pre-test (optional, not graded)" in learner_client.get(course.url).content.decode()
    )
    learner_client.post(f"{pre.url}start/")
    attempt = pre.attempts.get()
    assert "Start: Pre-test" in learner_client.get(course.url).content.decode()  # nothing saved

    picks = form_answers(attempt)
    first = next(iter(picks))
    learner_client.post(
        f"{pre.url}attempt/{attempt.code}/submit/", {first: picks[first], "action": "save"}
    )

    html = learner_client.get(course.url).content.decode()
    assert "Continue: Pre-test (optional, not graded)" in html
    assert "Start: Pre-test" not in html
    my_learning = learner_client.get("/my-learning/").content.decode()
    assert re.search(r'class="button" href="[^"]*pre-test/">Continue<', my_learning)


def test_my_learning_says_start_before_anything_is_saved(learner_client, learner, path_course):
    enrol(learner, path_course["course"])

    html = learner_client.get("/my-learning/").content.decode()

    assert re.search(r'class="button" href="[^"]*pre-test/">Start<', html)
