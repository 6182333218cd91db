"""The course services: progress, resuming, time on page and the one completion decision."""

import pytest

from courses import assessments, services
from courses.models import Enrollment, LessonProgress
from courses.services import records
from courses.signals import course_completed
from tests.courses.conftest import answers_by_question, at, make_course, make_lesson, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    calls = []

    def receiver(sender, enrollment, **kwargs):
        calls.append(enrollment.pk)

    course_completed.connect(receiver, weak=False)
    yield calls
    course_completed.disconnect(receiver)


def complete_all(enrollment, lessons):
    for lesson in lessons:
        services.complete_lesson(enrollment, lesson)


def test_progress_is_the_percent_of_required_lessons_done(enrollment, lessons):
    services.complete_lesson(enrollment, lessons[0])

    progress = services.progress_for(enrollment)

    assert (progress.done, progress.total, progress.percent) == (1, 3, 33)
    assert not progress.is_complete


def test_draft_lessons_do_not_count(enrollment, course, lessons):
    make_lesson(course, "Draft", live=False)

    assert services.progress_for(enrollment).total == 3


def test_resuming_goes_to_the_first_unfinished_lesson(enrollment, lessons):
    assert services.next_item_for(enrollment).lesson == lessons[0]
    services.complete_lesson(enrollment, lessons[0])
    assert services.next_item_for(enrollment).lesson == lessons[1]


def test_resuming_prefers_the_lesson_after_the_one_just_done(learner, catalog):
    course = make_course(catalog, "Any order", lessons=3, lessons_in_order=False)
    enrollment = Enrollment.objects.create(user=learner, course=course)
    first, second, third = course.live_lessons()

    services.complete_lesson(enrollment, second)

    assert services.next_item_for(enrollment, after=second).lesson == third
    assert services.next_item_for(enrollment).lesson == first


def test_time_on_page_runs_from_first_view_to_completion(enrollment, lessons):
    services.record_lesson_view(enrollment, lessons[0], now=at(0))

    progress = services.complete_lesson(enrollment, lessons[0], now=at(7))

    assert progress.first_viewed_at == at(0)
    assert progress.completed_at == at(7)
    assert progress.seconds_on_page == 7 * 60


def test_time_on_page_is_capped_so_an_idle_tab_does_not_count(enrollment, lessons):
    services.record_lesson_view(enrollment, lessons[0], now=at(0))

    progress = services.complete_lesson(enrollment, lessons[0], now=at(60 * 24))

    assert progress.seconds_on_page == services.MAX_SECONDS_ON_PAGE == 30 * 60


def test_completing_a_lesson_never_viewed_counts_no_time(enrollment, lessons):
    progress = services.complete_lesson(enrollment, lessons[0], now=at(5))

    assert progress.seconds_on_page == 0


def test_completing_twice_keeps_the_first_completion(enrollment, lessons):
    services.complete_lesson(enrollment, lessons[0], now=at(1))
    services.complete_lesson(enrollment, lessons[0], now=at(9))

    progress = LessonProgress.objects.get()
    assert progress.completed_at == at(1)


def test_a_course_is_complete_once_every_lesson_is_done(
    enrollment, lessons, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_lesson(enrollment, lessons[0])
        services.complete_lesson(enrollment, lessons[1])
    assert Enrollment.objects.get().completed_at is None
    assert received == []

    with django_capture_on_commit_callbacks(execute=True):
        services.complete_lesson(enrollment, lessons[2], now=at(30))

    assert Enrollment.objects.get().completed_at == at(30)
    assert received == [enrollment.pk]


def test_completion_is_recorded_and_announced_once(
    enrollment, lessons, received, django_capture_on_commit_callbacks
):
    complete_all(enrollment, lessons)
    stale_copy = Enrollment.objects.get()
    stale_copy.completed_at = None  # as another request may still see it

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.evaluate_completion(stale_copy, now=at(99))
        assert services.evaluate_completion(enrollment)

    assert callbacks == []
    assert stale_copy.completed_at != at(99)
    assert Enrollment.objects.get().completed_at == stale_copy.completed_at


def test_the_signal_waits_for_the_commit(
    enrollment, lessons, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        complete_all(enrollment, lessons)

    assert received == []
    sends = [c for c in callbacks if getattr(c, "func", None) is records._send_course_completed]
    assert len(sends) == 1


def test_a_failing_receiver_does_not_break_completion(
    enrollment, lessons, django_capture_on_commit_callbacks
):
    def broken(sender, **kwargs):
        raise RuntimeError("certificate service down")

    course_completed.connect(broken, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            complete_all(enrollment, lessons)
    finally:
        course_completed.disconnect(broken)

    assert Enrollment.objects.get().completed_at is not None


def test_a_post_test_must_also_be_passed(enrollment, course, lessons):
    quiz = make_quiz(course, "post_test")
    complete_all(enrollment, lessons)

    progress = services.progress_for(enrollment)
    assert (progress.done, progress.total) == (3, 4)
    assert not services.evaluate_completion(enrollment)
    assert services.next_item_for(enrollment).url == quiz.url

    attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
    assessments.submit_attempt(attempt, answers_by_question(attempt))

    assert Enrollment.objects.get().completed_at is not None


def test_a_course_without_a_post_test_is_complete_with_its_lessons(learner, catalog):
    course = make_course(catalog, "Stigma and language", lessons=1)
    enrollment = Enrollment.objects.create(user=learner, course=course)

    complete_all(enrollment, course.live_lessons())

    assert services.progress_for(enrollment).total == 1
    assert Enrollment.objects.get().completed_at is not None


def test_a_course_without_lessons_or_requirements_is_never_complete(learner, catalog):
    course = make_course(catalog, "Empty", lessons=0)
    enrollment = Enrollment.objects.create(user=learner, course=course)

    assert not services.evaluate_completion(enrollment)


def test_completion_is_not_undone_when_a_lesson_is_added(enrollment, course, lessons):
    complete_all(enrollment, lessons)

    make_lesson(course, "A new lesson")

    assert services.evaluate_completion(enrollment)
    assert Enrollment.objects.get().completed_at is not None
