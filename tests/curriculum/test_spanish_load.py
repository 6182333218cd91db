"""load_curriculum loads a course file's Spanish version (``<name>.es.toml``) as the Spanish
translation of the course: idempotent, paired item by item, trainers' edits kept in either
language, and a Spanish file that does not mirror the English one refused."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Locale

from courses.curriculum import loader
from courses.models import CoursePage, LessonPage
from tests.curriculum.course_fixture import course_toml, spanish_toml, write

pytestmark = pytest.mark.django_db
SLUG = "fixture-overdose-course"
SPANISH_TITLE = "Curso de prueba sobre sobredosis"


@pytest.fixture(autouse=True)
def _no_video_provider_calls(settings):
    settings.COURSES_VIDEO_EMBEDS = False


@pytest.fixture
def curriculum(tmp_path, monkeypatch):
    """`load(english, spanish)` writes both files and runs the command; returns its output."""
    monkeypatch.setattr(loader, "CURRICULUM_DIR", tmp_path)
    monkeypatch.setattr(loader, "COURSE_FILES", ("course.toml",))

    def load(english: str, spanish: str | None, *args) -> str:
        write(tmp_path, english)
        if spanish is not None:
            write(tmp_path, spanish, "course.es.toml")
        out, err = StringIO(), StringIO()
        try:
            call_command("load_curriculum", *args, stdout=out, stderr=err)
        except CommandError as error:
            err.write(str(error))
        return out.getvalue() + err.getvalue()

    return load


def english_course() -> CoursePage:
    return CoursePage.objects.get(slug=SLUG, locale=Locale.get_default())


def spanish_course() -> CoursePage:
    return CoursePage.objects.get(slug=SLUG, locale__language_code="es")


def test_both_languages_load_as_one_course_in_two_languages(curriculum, client):
    english = course_toml()
    output = curriculum(english, spanish_toml(english))
    assert "Created: Fixture overdose course" in output
    assert f"Created: {SPANISH_TITLE} [es]" in output

    en, es = english_course(), spanish_course()
    assert es.translation_key == en.translation_key
    en_pages = {page.slug: page.specific for page in en.get_children()}
    es_pages = {page.slug: page.specific for page in es.get_children()}
    assert list(es_pages) == list(en_pages)
    for slug, page in es_pages.items():
        assert page.translation_key == en_pages[slug].translation_key
        assert page.live
    # The same answers (ids and which is right), in Spanish.
    en_post, es_post = en_pages["post-test"], es_pages["post-test"]
    for en_q, es_q in zip(en_post.questions.all(), es_post.questions.all(), strict=True):
        en_choices, es_choices = en_q.choice_data(), es_q.choice_data()
        assert [c["id"] for c in es_choices] == [c["id"] for c in en_choices]
        assert [c["correct"] for c in es_choices] == [c["correct"] for c in en_choices]
        assert es_q.stem.startswith("[es] ")
    assert es_post.paired_pretest_id == es_pages["pre-test"].pk
    assert es_pages["breathing"].scenario_block_ids() == en_pages["breathing"].scenario_block_ids()
    assert [s.id for s in es_pages["course-evaluation"].statements] == [
        s.id for s in en_pages["course-evaluation"].statements
    ]

    spanish_page = client.get(f"/es/courses/{SLUG}/").content.decode()
    assert SPANISH_TITLE in spanish_page
    english_page = client.get(f"/courses/{SLUG}/").content.decode()
    assert "Fixture overdose course" in english_page
    assert SPANISH_TITLE not in english_page
    lesson = client.get(f"/es/courses/{SLUG}/").content.decode()
    assert "Prueba inicial" in lesson or "Respiración" in lesson


def test_loading_both_files_again_changes_nothing(curriculum):
    english = course_toml()
    curriculum(english, spanish_toml(english))
    pages_before = sorted(LessonPage.objects.values_list("pk", "latest_revision_id"))
    output = curriculum(english, spanish_toml(english))
    assert "Unchanged: Fixture overdose course" in output
    assert f"Unchanged: {SPANISH_TITLE} [es]" in output
    assert sorted(LessonPage.objects.values_list("pk", "latest_revision_id")) == pages_before


def test_a_changed_spanish_file_updates_only_the_spanish_course(curriculum):
    english = course_toml()
    curriculum(english, spanish_toml(english))
    en_revision = english_course().latest_revision_id
    output = curriculum(english, spanish_toml(english, words={"Breathing": "La respiración"}))
    assert "Unchanged: Fixture overdose course" in output
    assert f"Updated to the new curriculum version: {SPANISH_TITLE} [es]" in output
    assert spanish_course().get_children().get(slug="breathing").title == "La respiración"
    assert english_course().latest_revision_id == en_revision


def test_a_trainers_spanish_edit_is_kept_and_needs_review(curriculum):
    english = course_toml()
    curriculum(english, spanish_toml(english))
    lesson = spanish_course().get_children().get(slug="breathing").specific
    lesson.title = "Respiración (revisado por la capacitadora)"
    lesson.save_revision().publish()

    output = curriculum(english, spanish_toml(english, words={"Breathing": "La respiración"}))
    assert f"NEEDS REVIEW: {SPANISH_TITLE} [es]" in output
    lesson.refresh_from_db()
    assert lesson.title == "Respiración (revisado por la capacitadora)"

    output = curriculum(
        english, spanish_toml(english, words={"Breathing": "La respiración"}), "--replace", SLUG
    )
    assert f"Updated to the new curriculum version: {SPANISH_TITLE} [es]" in output
    lesson.refresh_from_db()
    assert lesson.title == "La respiración"


def test_a_trainers_english_edit_holds_back_both_languages(curriculum):
    english = course_toml()
    curriculum(english, spanish_toml(english))
    lesson = english_course().get_children().get(slug="breathing").specific
    lesson.title = "Breathing (edited)"
    lesson.save_revision().publish()
    changed = course_toml(summary="How to respond to an opioid overdose.")
    output = curriculum(changed, spanish_toml(changed))
    assert "NEEDS REVIEW: Fixture overdose course" in output
    assert f"NEEDS REVIEW: {SPANISH_TITLE} [es]" in output
    assert spanish_course().summary == "[es] How to respond to an overdose."


def test_a_spanish_file_that_does_not_mirror_is_refused_and_nothing_is_loaded(curriculum):
    english = course_toml()
    broken = spanish_toml(english).replace('slug = "breathing"', 'slug = "respiracion"', 1)
    output = curriculum(english, broken)
    assert "Not loaded: Fixture overdose course" in output
    assert "course.es.toml does not mirror course.toml" in output
    assert "lessons[1].slug: must stay 'breathing'" in output
    assert not CoursePage.objects.filter(slug=SLUG).exists()
