"""One record per course: a learner who switches between English and Spanish mid-course keeps
their place and their saved answers, and hands in one attempt (on the source quiz, recording
the language it was started in)."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from courses.models import Attempt, CoursePage, Enrollment, LessonProgress, SavedAnswers
from tests.conftest import make_user
from tests.courses.conftest import form_answers
from tests.curriculum.course_fixture import course_toml, spanish_toml
from tests.curriculum.test_spanish_load import SLUG, curriculum  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_video_provider_calls(settings):
    settings.COURSES_VIDEO_EMBEDS = False


@pytest.fixture
def loaded(curriculum):  # noqa: F811 - the fixture imported above
    english = course_toml()
    curriculum(english, spanish_toml(english))
    with translation.override("en"):
        en = CoursePage.objects.get(slug=SLUG, locale=Locale.get_default())
        es = CoursePage.objects.get(slug=SLUG, locale__language_code="es")
        urls = {
            "en": en.url,
            "es": es.url,
            "en_post": en.get_children().get(slug="post-test").url,
            "es_post": es.get_children().get(slug="post-test").url,
        }
        for slug in ("breathing", "aftercare"):
            urls[f"en_{slug}"] = en.get_children().get(slug=slug).url
            urls[f"es_{slug}"] = es.get_children().get(slug=slug).url
    assert urls["es"].startswith("/es/") and not urls["en"].startswith("/es/")
    return {"en": en, "es": es, "urls": urls}


def test_switching_to_spanish_mid_course_keeps_progress_and_saved_answers(client, loaded):
    urls, en = loaded["urls"], loaded["en"]
    learner = make_user("bilingual@example.org")
    client.force_login(learner)

    # English: enrol, finish the first lesson.
    assert client.post(f"{urls['en']}enrol/").status_code == 302
    assert client.post(f"{urls['en_breathing']}complete/").status_code == 302

    # Spanish: the same place, the next lesson in Spanish.
    course_page = client.get(urls["es"]).content.decode()
    assert "Curso de prueba sobre sobredosis" in course_page
    assert urls["es_aftercare"] in course_page
    response = client.post(f"{urls['es_aftercare']}complete/")
    assert response.status_code == 302
    assert response.url.startswith("/es/")  # leads on in Spanish

    enrollment = Enrollment.objects.get(user=learner)
    assert enrollment.course_id == en.pk
    assert (
        LessonProgress.objects.filter(enrollment=enrollment, completed_at__isnull=False).count()
        == 2
    )
    assert {p.lesson.locale.language_code for p in LessonProgress.objects.all()} == {"en"}

    # English post-test: start, save one answer.
    response = client.post(f"{urls['en_post']}start/")
    assert response.status_code == 302
    attempt = Attempt.objects.get(enrollment=enrollment)
    assert attempt.language == "en"
    first = attempt.snapshot["questions"][0]
    picked = form_answers(attempt)["q-1"]
    client.post(
        f"{urls['en_post']}attempt/{attempt.code}/submit/", {"q-1": picked, "action": "save"}
    )
    assert SavedAnswers.objects.get(attempt=attempt).answers

    # Spanish: the same attempt, the saved pick shown, the words in Spanish.
    spanish_form = client.get(f"{urls['es_post']}attempt/{attempt.code}/").content.decode()
    assert f'value="{picked}" checked' in spanish_form
    assert "[es] " + first["stem"] in spanish_form
    assert first["stem"] not in spanish_form.replace("[es] " + first["stem"], "")

    # Hand in from the Spanish page: one attempt, graded, the course complete.
    response = client.post(
        f"{urls['es_post']}attempt/{attempt.code}/submit/", form_answers(attempt)
    )
    assert response.status_code == 302
    assert response.url.startswith("/es/")
    assert Attempt.objects.filter(enrollment=enrollment).count() == 1
    attempt.refresh_from_db()
    assert attempt.passed is True
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    result = client.get(response.url)
    assert result.status_code == 200
    assert '<html lang="es"' in result.content.decode()


def test_an_attempt_started_in_spanish_records_spanish_on_the_source_quiz(client, loaded):
    urls, en = loaded["urls"], loaded["en"]
    learner = make_user("espanol@example.org")
    client.force_login(learner)
    client.post(f"{urls['es']}enrol/")
    for slug in ("breathing", "aftercare"):
        client.post(f"{urls[f'es_{slug}']}complete/")
    response = client.post(f"{urls['es_post']}start/")
    assert response.status_code == 302 and response.url.startswith(urls["es_post"])
    attempt = Attempt.objects.get(enrollment__user=learner)
    assert attempt.language == "es"
    assert attempt.quiz.translation_key == en.get_children().get(slug="post-test").translation_key
    assert attempt.quiz.locale.language_code == "en"
    assert Enrollment.objects.get(user=learner).course_id == en.pk
