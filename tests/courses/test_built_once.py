"""The `course` tree is built once per module (tests/built_once.py): each test still starts from
the tree as built, whatever the tests before it did to it, and tests that do not ask for it,
or cannot share it, never see it.

The tests run in file order on one worker, each after the one above it; every one of them
would also pass alone.
"""

import pytest

from courses.models import CoursePage, LessonPage

FRESH_LESSONS = ["Lesson 1", "Lesson 2", "Lesson 3"]


def assert_as_built(course):
    course = CoursePage.objects.get(pk=course.pk)
    assert course.live and course.title == "Naloxone basics"
    assert [lesson.title for lesson in course.live_lessons()] == FRESH_LESSONS
    assert CoursePage.objects.count() == 1


@pytest.mark.parametrize("round_number", [1, 2])
def test_what_a_test_does_to_the_shared_course_is_undone_for_the_next(
    round_number, course, lessons, catalog, client
):
    assert_as_built(course)
    assert client.get(course.url).status_code == 200

    # Rename, move a lesson out, delete one, unpublish the course: all of it undone after.
    course.title = f"Renamed in round {round_number}"
    course.save_revision().publish()
    lessons[0].move(catalog, pos="last-child")
    LessonPage.objects.get(pk=lessons[1].pk).delete()
    CoursePage.objects.get(pk=course.pk).unpublish()

    assert client.get(course.url).status_code == 404
    assert [lesson.title for lesson in course.live_lessons()] == ["Lesson 3"]


@pytest.mark.django_db
def test_a_test_that_does_not_ask_for_the_course_does_not_see_it(catalog, client):
    assert not CoursePage.objects.exists()
    assert "Naloxone basics" not in client.get(catalog.url).content.decode()


def test_a_test_that_asks_again_later_gets_the_tree_as_built(course):
    assert_as_built(course)


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_builds_its_own_course(course):
    assert_as_built(course)
    assert CoursePage.objects.get().pk == course.pk
