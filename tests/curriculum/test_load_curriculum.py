"""The four real courses, loaded as pages: language, readability, question quality, idempotency;
each with its Spanish version (``<name>.es.toml``), shown when a visitor switches to Español."""

import html
import re

import pytest
import textstat
from django.core.management import call_command
from django.utils.html import strip_tags
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from courses.choices import QuizKind
from courses.curriculum.illustrations import TAG_PREFIX
from courses.curriculum.language import stigmatizing_terms_in
from courses.curriculum.loader import (
    COURSE_FILES,
    CURRICULUM_DIR,
    load_curriculum,
    read_course_file,
)
from courses.curriculum.translations import translation_path
from courses.models import CoursePage, EvaluationPage, LessonPage, QuizPage

COURSES = {
    read_course_file(name)["course"]["slug"]: read_course_file(name) for name in COURSE_FILES
}
# The Spanish version of each course, by the English course's slug (the pages share it).
SPANISH = {
    slug: read_course_file(translation_path(CURRICULUM_DIR / name, "es").name)
    for slug, name in zip(COURSES, COURSE_FILES, strict=True)
}
# Flesch-Kincaid grade limits: plain language for everyone; the MI course may go to grade 10.
GRADE_LIMIT = {slug: 8 for slug in COURSES} | {"motivational-interviewing-foundations": 10}
NOT_LEARNER_TEXT = {"language_table", "quoted_example"}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load once for the module (it builds dozens of pages), remove the courses afterwards."""
    with django_db_blocker.unblock():
        report = load_curriculum()
        yield report
        for course in CoursePage.objects.filter(slug__in=COURSES):
            course.delete()
        # The Spanish home page and catalog the loader made for the Spanish courses.
        for home in Page.objects.filter(depth=2, locale__language_code="es"):
            home.delete()
        # The illustrations the loader added to the image library go too, so later tests in
        # this worker start with an empty library.
        get_image_model().objects.filter(tags__name__startswith=TAG_PREFIX).delete()


def english(slug: str) -> CoursePage:
    return CoursePage.objects.get(slug=slug, locale=Locale.get_default())


def lessons(course):
    return LessonPage.objects.child_of(course).live()


def lesson_text(lesson) -> str:
    """The learner-facing text of a lesson, without its closing list of sources."""
    parts = []
    for block in list(lesson.body)[:-1]:
        if block.block_type in NOT_LEARNER_TEXT:
            continue
        parts.append(html.unescape(strip_tags(str(block.render()))))
    return "\n\n".join(parts)


def all_strings(course):
    yield "course", course.title + "\n" + course.summary
    for objective in course.objectives.all():
        yield "objective", objective.text
    for lesson in lessons(course):
        yield f"lesson {lesson.slug}", lesson_text(lesson)
    for quiz in QuizPage.objects.child_of(course):
        for question in quiz.questions.all():
            yield f"{quiz.slug} stem", f"{question.vignette}\n{question.stem}"
            yield f"{quiz.slug} explanation", question.explanation
            for choice in question.choices:
                yield f"{quiz.slug} choice", choice.value["text"]
                yield f"{quiz.slug} feedback", choice.value["feedback"]
    for evaluation in EvaluationPage.objects.child_of(course):
        for statement in evaluation.statements:
            yield "evaluation", str(statement.value)


@pytest.mark.django_db
def test_all_four_courses_are_published_with_their_parts(loaded):
    titles = [c["course"]["title"] for c in COURSES.values()]
    titles += [f"{c['course']['title']} [es]" for c in SPANISH.values()]
    assert sorted(loaded.created) == sorted(titles)
    for slug, data in COURSES.items():
        course = english(slug)
        assert course.live
        assert course.objectives.count() >= 3
        assert lessons(course).count() == len(data["lessons"])
        kinds = list(QuizPage.objects.child_of(course).live().values_list("kind", flat=True))
        assert kinds.count(QuizKind.PRE_TEST) == 1
        assert kinds.count(QuizKind.POST_TEST) == 1
        assert kinds.count(QuizKind.KNOWLEDGE_CHECK) >= len(data["lessons"]) - 1
        post = QuizPage.objects.child_of(course).get(kind=QuizKind.POST_TEST)
        assert post.paired_pretest.kind == QuizKind.PRE_TEST
        assert post.questions.count() >= 12
        assert post.draw_count == 10
        # X-1a: practice answers move around; X-1f: the pre-test offers "I don't know".
        checks = QuizPage.objects.child_of(course).filter(kind=QuizKind.KNOWLEDGE_CHECK)
        assert all(check.shuffle_choices for check in checks)
        assert QuizPage.objects.child_of(course).get(kind=QuizKind.PRE_TEST).allow_dont_know
        assert EvaluationPage.objects.child_of(course).live().exists()


@pytest.mark.django_db
def test_no_stigmatizing_term_appears_outside_quotations(loaded):
    problems = []
    for slug in COURSES:
        course = english(slug)
        for where, text in all_strings(course):
            for term in stigmatizing_terms_in(text):
                problems.append(f"{slug} / {where}: {term!r}")
    assert problems == []


@pytest.mark.django_db
def test_lessons_are_written_in_plain_language(loaded):
    too_hard = []
    for slug in COURSES:
        for lesson in lessons(english(slug)):
            grade = textstat.flesch_kincaid_grade(lesson_text(lesson))
            print(f"{slug} / {lesson.slug}: Flesch-Kincaid grade {grade:.1f}")
            if grade > GRADE_LIMIT[slug]:
                too_hard.append(f"{lesson.slug}: {grade:.1f} > {GRADE_LIMIT[slug]}")
    assert too_hard == []


@pytest.mark.django_db
def test_every_question_has_the_right_answers_feedback_and_an_objective(loaded):
    for slug in COURSES:
        course = english(slug)
        objective_count = course.objectives.count()
        for quiz in QuizPage.objects.child_of(course):
            for question in quiz.questions.all():
                correct = [c for c in question.choices if c.value["correct"]]
                if question.kind == "multiple":
                    assert len(correct) >= 2, question.stem
                else:
                    assert len(correct) == 1, question.stem
                assert all(c.value["feedback"].strip() for c in question.choices), question.stem
                assert question.explanation.strip(), question.stem
                assert 1 <= question.objective <= objective_count, question.stem


@pytest.mark.django_db
def test_every_lesson_ends_with_its_sources(loaded):
    for slug in COURSES:
        for lesson in lessons(english(slug)):
            closing = str(list(lesson.body)[-1].render())
            assert "Sources for this lesson" in closing
            assert 'href="https://' in closing


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_keeps_a_trainers_edits_in_either_language(
    loaded, capsys
):
    course = english(next(iter(COURSES)))
    course.summary = "A trainer rewrote this summary."
    course.save_revision().publish()
    spanish = course.get_translation(Locale.objects.get(language_code="es")).specific
    spanish.summary = "Una persona formadora reescribió este resumen."
    spanish.save_revision().publish()
    pages_before = Page.objects.count()

    call_command("load_curriculum")

    out = capsys.readouterr().out
    assert Page.objects.count() == pages_before
    assert out.count("Unchanged: ") == len(COURSES) + len(SPANISH)
    course.refresh_from_db()
    spanish.refresh_from_db()
    assert course.summary == "A trainer rewrote this summary."
    assert spanish.summary == "Una persona formadora reescribió este resumen."


@pytest.mark.django_db
def test_switching_to_espanol_shows_the_four_courses_in_spanish(loaded, client):
    catalog = client.get("/courses/").content.decode()
    switch = re.search(r'<a href="([^"]+)" hreflang="es"', catalog)
    assert switch, "no link to Español"

    spanish_catalog = client.get(switch.group(1)).content.decode()

    assert switch.group(1).startswith("/es/")
    assert '<html lang="es"' in spanish_catalog
    for slug, data in SPANISH.items():
        assert html.escape(data["course"]["title"]) in spanish_catalog, slug
        assert html.escape(COURSES[slug]["course"]["title"]) not in spanish_catalog, slug
        spanish = english(slug).get_translation(Locale.objects.get(language_code="es"))
        course_page = client.get(spanish.url).content.decode()
        for lesson in data["lessons"]:
            assert html.escape(lesson["title"]) in course_page, (slug, lesson["slug"])
