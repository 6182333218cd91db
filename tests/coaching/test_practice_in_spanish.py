"""Coached practice in Spanish: the seeded set's Spanish version loads once, a learner on /es/
reads and answers the Spanish statements, and their submission is rated in the coach queue
with the same rubric, on the source set."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from coaching import seed, seed_es
from coaching.models import PracticeSet, PracticeSubmission, Review

from .conftest import answers, client_for, good_scores, make_course

pytestmark = pytest.mark.django_db

SPANISH = [
    ("En la ventanilla", "Siempre digo que me voy a hacer la prueba, pero me da miedo."),
    ("En el centro de acogida", "Mi hermana dice que debería dejarlo. Yo me cuido."),
]


def run() -> str:
    out = StringIO()
    call_command("load_practice_sets", stdout=out)
    return out.getvalue()


def spanish_version(practice_set) -> PracticeSet:
    """The set's Spanish version made as the CMS makes it (Wagtail's copy_for_translation)."""
    translated = practice_set.copy_for_translation(Locale.objects.get(language_code="es"))
    translated.title = "Práctica de reflexiones"
    translated.instructions = "Lea lo que dice cada persona y escriba lo que usted contestaría."
    for statement, (setting, text) in zip(translated.statements.all(), SPANISH, strict=True):
        statement.setting, statement.text = setting, text
    translated.save()
    return translated


def in_spanish(name, *args) -> str:
    with translation.override("es"):
        return reverse(name, args=args)


def test_the_seeded_set_gets_its_spanish_version_once_paired_by_key(catalog):
    course = make_course(catalog, "Motivational interviewing foundations")
    assert "Added its version in “es”" in run()
    english = PracticeSet.objects.get(course=course, locale__language_code="en")
    spanish = PracticeSet.objects.get(
        translation_key=english.translation_key, locale__language_code="es"
    )
    assert spanish.title == seed_es.TITLE and "usted" in spanish.instructions
    pairs = list(zip(english.statements.all(), spanish.statements.all(), strict=True))
    assert len(pairs) == len(seed.STATEMENTS)
    assert all(en.translation_key == es.translation_key and en.kind == es.kind for en, es in pairs)
    assert pairs[0][1].text.startswith("Siempre digo que me voy a hacer la prueba de hepatitis C")

    spanish.title = "Editado por una capacitadora"
    spanish.save()
    second = run()
    assert "Added its version" not in second
    assert PracticeSet.objects.filter(locale__language_code="es").count() == 1
    assert (
        PracticeSet.objects.get(locale__language_code="es").title == "Editado por una capacitadora"
    )
    # Only the source set is offered as the course's practice (one set, not two).
    from coaching.course_map import courses_with_practice

    assert [entry.code for entry in courses_with_practice()[course.pk].sets] == [english.code]


def test_a_changed_english_set_gets_no_spanish_words_that_do_not_match_it(catalog):
    course = make_course(catalog, "Motivational interviewing foundations")
    # A trainer's set with the seed's title but their own statement: no Spanish seed for it.
    english = PracticeSet.objects.create(course=course, title=seed.TITLE)
    english.statements.create(text="A trainer's own statement.", kind="affirmation")
    assert "already has practice sets" in run()
    assert not PracticeSet.objects.filter(locale__language_code="es").exists()


def test_a_spanish_learner_answers_the_spanish_statements_and_a_coach_rates_them(
    learner, practice_set, coached, trainer, enrollment, django_capture_on_commit_callbacks
):
    spanish_version(practice_set)
    english_url = reverse("coaching:practice", args=[practice_set.code])
    page_url = in_spanish("coaching:practice", practice_set.code)
    save_url = in_spanish("coaching:save", practice_set.code)
    learner_client = client_for(learner)
    page = learner_client.get(page_url).content.decode()
    assert "<h1>Práctica de reflexiones</h1>" in page
    assert "pero me da miedo." in page and "I get scared" not in page
    english_page = learner_client.get(english_url)
    assert "I get scared" in english_page.content.decode()

    data = {
        **answers(practice_set, "Le da miedo saber.", "Quiere cuidarse a su manera."),
        "submit": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        sent = learner_client.post(save_url, data)
    assert sent.status_code == 302
    submission = PracticeSubmission.objects.get()
    assert submission.practice_set == practice_set  # the source set
    responses = list(submission.responses.all())
    assert [r.statement for r in responses] == list(practice_set.statements.all())
    assert [r.statement_text for r in responses] == [text for _where, text in SPANISH]
    assert [r.kind for r in responses] == [s.kind for s in practice_set.statements.all()]

    with translation.override("en"):
        queue_url, rate_url = (
            reverse("coaching:queue"),
            reverse("coaching:rate", args=[submission.code]),
        )
        save_rating_url = reverse("coaching:save_rating", args=[submission.code])
    coach = client_for(trainer, mfa=True)
    assert submission.code in coach.get(queue_url).content.decode()
    rate_page = coach.get(rate_url).content.decode()
    assert "pero me da miedo." in rate_page and "Le da miedo saber." in rate_page
    assert coach.post(save_rating_url, good_scores(submission, score=1)).status_code == 302
    review = Review.objects.get(submission=submission)
    assert (review.points, review.max_points) == (6, 12)  # 2 responses x 3 criteria x 0-2
    assert submission.code not in coach.get(queue_url).content.decode()
