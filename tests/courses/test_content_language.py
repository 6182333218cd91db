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


def spanish_course_beside(course, catalog, title: str):
    """`course` translated (its own Spanish title) in the Spanish catalog, as a trainer would."""
    from wagtail.models import Locale

    from courses.localization import translated_catalog

    spanish_catalog = translated_catalog(catalog, "es")
    translated = course.copy_for_translation(Locale.objects.get(language_code="es"))
    translated.title = translated.draft_title = title
    translated.save_revision().publish()
    return spanish_catalog, translated


def test_spanish_content_in_a_spanish_page_is_not_marked_english(client, course, catalog):
    _catalog, translated = spanish_course_beside(course, catalog, "Conceptos de naloxona")

    html = client.get(translated.url).content.decode()

    assert "<h1>Conceptos de naloxona</h1>" in html
    assert 'lang="en">' not in html.split("<main", 1)[1].split("<footer", 1)[0]


def test_the_spanish_catalog_also_lists_courses_not_yet_in_spanish_marked_english(
    client, course, catalog
):
    from tests.courses.conftest import make_course

    english_only = make_course(catalog, "Wound care basics", lessons=1)
    spanish_catalog, translated = spanish_course_beside(course, catalog, "Conceptos de naloxona")

    html = client.get(spanish_catalog.url).content.decode()

    assert f'<a href="{translated.url}">Conceptos de naloxona</a>' in html
    assert f'<a href="{english_only.url}" lang="en">Wound care basics</a>' in html
    assert "Todavía no está en este idioma: el curso está en inglés" in html
    assert f'href="{course.url}"' not in html  # the translated course shows once, in Spanish
