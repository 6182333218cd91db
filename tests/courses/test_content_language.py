"""Course content keeps its own language when the interface is in another (WCAG 3.1.2)."""

import pytest

from tests.conftest import in_spanish
from tests.courses.conftest import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_client(client, learner):
    client.force_login(learner)
    return client


def test_a_lesson_in_english_is_marked_english_inside_a_spanish_page(
    spanish_client, learner, course, lessons
):
    enrol(learner, course)

    html = spanish_client.get(in_spanish(lessons[0].url)).content.decode()

    assert '<html lang="es"' in html
    assert f'<h1 lang="en">{lessons[0].title}</h1>' in html
    assert '<div class="lesson-body" lang="en">' in html


def test_the_course_page_marks_its_title_and_summary(spanish_client, course):
    html = spanish_client.get(in_spanish(course.url)).content.decode()

    assert f'<h1 lang="en">{course.title}</h1>' in html
    assert '<p class="lead" lang="en">' in html


def test_nothing_is_added_when_the_interface_is_in_the_content_language(client, course):
    html = client.get(course.url).content.decode()

    assert f"<h1>{course.title}</h1>" in html
    assert 'lang="en">' not in html.split("<main", 1)[1]
