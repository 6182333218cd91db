"""The CMS says when a translation is behind its English page, and translations go through the
same clinical review workflow as the English courses."""

import pytest
from wagtail.models import Locale

from courses.localization import translated_catalog
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import make_course

pytestmark = pytest.mark.django_db


def spanish_copy(page):
    copy = page.copy_for_translation(Locale.objects.get(language_code="es"))
    copy.save_revision().publish()
    return copy.specific


@pytest.fixture
def translated(catalog):
    course = make_course(catalog, "Translated course", lessons=1)
    translated_catalog(catalog, "es")
    spanish_course = spanish_copy(course)
    lesson = course.get_children().first().specific
    return {
        "course": course,
        "es_course": spanish_course,
        "lesson": lesson,
        "es_lesson": spanish_copy(lesson),
    }


def edit_page(client, page) -> str:
    response = client.get(f"/cms/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_english_change_marks_the_translation_as_needing_an_update(
    client, cms_trainer, translated
):
    sign_in_with_mfa(client, cms_trainer)
    assert "after this translation was last published" not in edit_page(
        client, translated["es_lesson"]
    )

    lesson = translated["lesson"]
    lesson.title = "Lesson one, corrected"
    lesson.save_revision().publish()

    assert "after this translation was last published" in edit_page(client, translated["es_lesson"])
    assert "Please update: Spanish" in edit_page(client, lesson)

    es_lesson = translated["es_lesson"]
    es_lesson.title = "Lección uno, corregida"
    es_lesson.save_revision().publish()
    assert "after this translation was last published" not in edit_page(client, es_lesson)
    assert "Please update" not in edit_page(client, lesson)


def test_translations_go_through_the_clinical_review_workflow(translated):
    english = translated["course"].get_workflow()
    spanish = translated["es_course"].get_workflow()
    assert english is not None and english.name == "Clinical review"
    assert spanish == english
