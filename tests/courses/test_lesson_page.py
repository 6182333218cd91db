"""Reading a lesson: enrolled learners only, in order when the course says so."""

import pytest

from courses import services
from courses.models import LessonProgress
from tests.courses.conftest import enrol, make_course, make_lesson

pytestmark = pytest.mark.django_db

BODY_TEXT = "rescue breathing matters"


def test_an_enrolled_learner_reads_the_lesson(learner_client, enrollment, lessons):
    response = learner_client.get(lessons[0].url)

    html = response.content.decode()
    assert response.status_code == 200
    assert BODY_TEXT in html
    assert "Lesson 1 of 3" in html
    assert "Mark complete and continue" in html
    assert f'action="{lessons[0].url}complete/"' in html


def test_the_first_view_is_recorded_once(learner_client, enrollment, lessons):
    learner_client.get(lessons[0].url)
    first = LessonProgress.objects.get(enrollment=enrollment, lesson=lessons[0])
    learner_client.get(lessons[0].url)

    progress = LessonProgress.objects.get(enrollment=enrollment, lesson=lessons[0])
    assert progress.first_viewed_at == first.first_viewed_at
    assert progress.completed_at is None


@pytest.mark.parametrize("who", ["anonymous", "learner"])
def test_people_not_enrolled_are_sent_to_the_course_page_without_the_body(
    client, learner, course, lessons, who
):
    if who == "learner":
        client.force_login(learner)

    response = client.get(lessons[0].url)

    assert response.status_code == 302
    assert response["Location"] == course.url
    assert BODY_TEXT not in client.get(lessons[0].url, follow=True).content.decode()
    assert not LessonProgress.objects.exists()


def test_a_learner_enrolled_in_another_course_cannot_read_this_one(
    client, outsider, catalog, course, lessons
):
    other = make_course(catalog, "Stigma and language", lessons=1)
    enrol(outsider, other)
    client.force_login(outsider)

    response = client.get(lessons[0].url, follow=True)

    assert BODY_TEXT not in response.content.decode()
    assert response.redirect_chain == [(course.url, 302)]


def test_a_later_lesson_is_locked_until_earlier_ones_are_done(learner_client, enrollment, lessons):
    response = learner_client.get(lessons[2].url)

    assert response.status_code == 302
    assert response["Location"] == lessons[0].url

    services.complete_lesson(enrollment, lessons[0])
    services.complete_lesson(enrollment, lessons[1])
    assert learner_client.get(lessons[2].url).status_code == 200


def test_lessons_open_in_any_order_when_the_course_allows_it(learner_client, learner, catalog):
    course = make_course(catalog, "Any order", lessons=3, lessons_in_order=False)
    enrol(learner, course)
    last = list(course.live_lessons())[-1]

    assert learner_client.get(last.url).status_code == 200


def test_it_links_to_the_previous_and_next_lessons(learner_client, enrollment, lessons):
    services.complete_lesson(enrollment, lessons[0])

    html = learner_client.get(lessons[1].url).content.decode()

    assert f'<a href="{lessons[0].url}" rel="prev">Previous: Lesson 1</a>' in html
    assert "Next: Lesson 3 (opens when this lesson is done)" in html


def test_the_progress_bar_states_the_percent_in_words(learner_client, enrollment, lessons):
    services.complete_lesson(enrollment, lessons[0])

    html = learner_client.get(lessons[1].url).content.decode()

    assert "Progress: 1 of 3 required items done (33%)" in html
    assert '<progress max="100" value="33" aria-labelledby="lesson-progress">33%</progress>' in html


def test_the_course_content_note_is_shown_before_the_first_lesson_only(
    learner_client, learner, catalog
):
    course = make_course(catalog, "Hard topics", content_note="This course talks about deaths.")
    enrol(learner, course)
    first, second, _third = course.live_lessons()
    services.complete_lesson(enrollment := course.enrollments.get(), first)

    first_html = learner_client.get(first.url).content.decode()
    second_html = learner_client.get(second.url).content.decode()

    assert first_html.index("talks about deaths") < first_html.index(BODY_TEXT)
    assert "talks about deaths" not in second_html
    assert enrollment.user == learner


def test_a_draft_lesson_is_not_found(learner_client, enrollment, course):
    make_lesson(course, "Draft lesson", live=False)

    assert learner_client.get(f"{course.url}draft-lesson/").status_code == 404


def test_a_live_lesson_of_a_draft_course_is_not_found(learner_client, learner, catalog):
    course = make_course(catalog, "Still a draft", live=False, lessons=1)

    assert learner_client.get("/courses/still-a-draft/lesson-1/").status_code == 404
    assert course.pk


def test_a_lesson_that_does_not_exist_is_not_found(learner_client, enrollment, course):
    assert learner_client.get(f"{course.url}no-such-lesson/").status_code == 404


def test_other_methods_are_refused(learner_client, enrollment, lessons):
    assert learner_client.put(lessons[0].url).status_code == 405


@pytest.mark.parametrize("lesson_count", [3, 40])
def test_its_query_count_does_not_grow_with_the_number_of_lessons(
    client, catalog, learner, lesson_count, django_assert_max_num_queries
):
    course = make_course(catalog, "Sized course", lessons=lesson_count)
    enrollment = enrol(learner, course)
    lessons = list(course.live_lessons())
    services.complete_lesson(enrollment, lessons[0])
    client.force_login(learner)
    client.get(lessons[0].url)  # warm per-process caches

    with django_assert_max_num_queries(21):
        response = client.get(lessons[1].url)  # a first view: includes recording it

    assert response.status_code == 200
    assert response.context["lesson_state"].number == 2
