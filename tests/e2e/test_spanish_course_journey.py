"""The learner's journey in Spanish on a course that has a Spanish version (issue 21).

The same journey as in English (tests/e2e/test_learner_journey.py: sign up, join, enrol, walk the
path, fail and pass the post-test, answer the evaluation, collect the certificate, verify it), but
on the course's Spanish pages: every title, lesson, question and answer the learner reads is the
Spanish version's, and the certificate, approved for continuing education in Spanish, prints in
Spanish (read back from the PDF with pypdf). The Spanish version is made as a trainer makes it in
the CMS: Wagtail's ``copy_for_translation`` of each page, then the Spanish words put in.
"""

import pytest
from wagtail.models import Locale

from courses.models import Question
from courses.models.pages import CoursePage

from .conftest import translated
from .test_learner_journey import Journey, path_course  # noqa: F401 - path_course is a fixture

pytestmark = pytest.mark.django_db(transaction=True)

SPANISH_TITLES = {
    "Responding to an overdose": "Cómo responder a una sobredosis",
    "Lesson 1": "Lección 1: reconocer una sobredosis",
    "Lesson 2": "Lección 2: dar naloxona",
    "Check your understanding": "Compruebe lo que aprendió",
    "Post-test": "Prueba final",
    "Course evaluation": "Evaluación del curso",
}

# The fixture's questions (tests/courses/conftest.py::sample_questions) in Spanish, by English stem:
# (stem, vignette, explanation, the answers' words in the English order).
SPANISH_QUESTIONS = {
    "What is the first sign of an opioid overdose?": (
        "¿Cuál es la primera señal de una sobredosis de opioides?",
        "",
        "La señal principal es que la persona no responde.",
        ["La persona no responde", "La persona habla rápido", "Pupilas grandes"],
    ),
    "Which are signs of an overdose? Choose all that apply.": (
        "¿Cuáles son señales de una sobredosis? Elija todas las que correspondan.",
        "",
        "Respirar lento y tener pupilas muy pequeñas son señales.",
        ["Respira lento o no respira", "Pupilas muy pequeñas", "Latidos rápidos", "Sudor fuerte"],
    ),
    "Naloxone can hurt someone who has not taken opioids.": (
        "La naloxona puede hacerle daño a alguien que no ha usado opioides.",
        "",
        "La naloxona no tiene efecto en alguien sin opioides en el cuerpo.",
        ["Verdadero", "Falso"],
    ),
    "What do you do first?": (
        "¿Qué hace primero?",
        "Encuentra a Jo en el piso. Jo no responde y respira lento.",
        "Pida ayuda y luego dé naloxona.",
        ["Llamar al 911 y dar naloxona", "Esperar a ver qué pasa", "Echarle agua a Jo"],
    ),
}
SPANISH_APPROVAL = (
    "Este curso está aprobado por NAADAC, proveedor de educación aprobado n.º 246810."
)


def spanish_question(english: Question, sort_order: int) -> Question:
    stem, vignette, explanation, answers = SPANISH_QUESTIONS[english.stem]
    choices = english.choice_data()
    return Question.build(
        kind=english.kind,
        objective=english.objective,
        stem=stem,
        vignette=vignette,
        explanation=explanation,
        partial_credit=english.partial_credit,
        always_include=english.always_include,
        sort_order=sort_order,
        # The English answers' ids: an answer is the same answer in both languages.
        choices=[{**choice, "text": text} for choice, text in zip(choices, answers, strict=True)],
    )


def make_spanish_version(course: CoursePage) -> CoursePage:
    from courses.localization import translated_catalog

    spanish = Locale.objects.get(language_code="es")
    translated_catalog(course.get_parent().specific, "es")
    version = course.copy_for_translation(spanish).specific
    version.title = SPANISH_TITLES[course.title]
    version.summary = "Cómo reconocer una sobredosis y dar naloxona."
    version.save_revision().publish()
    for child in course.get_children().specific():
        page = child.copy_for_translation(spanish).specific
        page.title = SPANISH_TITLES[child.title]
        if hasattr(page, "body"):
            page.body = [
                ("heading", {"text": f"Sobre: {page.title}", "level": "h2"}),
                ("rich_text", "<p>Dar respiración de rescate importa.</p>"),
            ]
        if hasattr(page, "questions"):
            page.questions = [
                spanish_question(question, index)
                for index, question in enumerate(child.questions.all())
            ]
        page.save_revision().publish()
    return CoursePage.objects.get(pk=version.pk)


@pytest.fixture
def spanish_course(path_course):  # noqa: F811 - the fixture imported above
    from certificates.models import Approval

    path_course.ce_languages = ["en", "es"]
    path_course.save_revision().publish()
    approval = Approval.objects.get()
    spanish_approval = Approval.objects.create(
        approving_body=approval.approving_body,
        provider_number=approval.provider_number,
        statement=SPANISH_APPROVAL,
        language="es",
        valid_from=approval.valid_from,
    )
    spanish_approval.courses.add(path_course)
    return make_spanish_version(CoursePage.objects.get(pk=path_course.pk))


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_learner_takes_the_spanish_course_and_gets_a_spanish_certificate(
    page, viewport, spanish_course, organization
):
    journey = Journey(page, f"{viewport}-es-course", "es")

    journey.run(spanish_course, organization)

    # The certificate printed in Spanish: its own words, the Spanish title and approval.
    pdf = journey.certificate_text
    assert translated("es", "This confirms that") in pdf
    assert translated("es", "completed the course") in pdf
    assert spanish_course.title in pdf
    assert SPANISH_APPROVAL.split(",")[0] in pdf
    assert "Responding to an overdose" not in pdf
