"""The Spanish course files (*.es.toml), read directly: the Spanish word list over every
Spanish string, Fernández-Huerta readability with the English grade limits, and the same
answer balance as English. Whatever translations exist are checked, so a new one is covered
as soon as it is added."""

import re
import tomllib

import pytest
import textstat

from courses.curriculum.illustrations import ILLUSTRATIONS_FILE, illustrations, illustrations_file
from courses.curriculum.language import language_findings
from courses.curriculum.loader import COURSE_FILES, CURRICULUM_DIR, read_course_file
from courses.curriculum.readability import ease_limit, spanish_reading_ease
from courses.curriculum.translations import (
    UNTRANSLATED_KEYS,
    mirror_differences,
    translated_course_files,
)
from tests.curriculum.test_curriculum_checks import (
    counted_items,
    length_cue_problem,
    position_problem,
    true_false_problem,
)

SPANISH_FILES = translated_course_files(COURSE_FILES, CURRICULUM_DIR, "es")
VERDADERO_FALSO = ("Verdadero", "Falso")
# The English grade limits (test_load_curriculum): 8 for every course, 10 for the MI lessons.
LESSON_GRADE_LIMIT = {"motivational-interviewing-foundations": 10}
SUMMARY_GRADE_LIMIT = 8
NOT_MEASURED = {"language_table", "quoted_example", "illustration"}
NOT_CHECKED_FOR_WORDS = {"quoted_example"}


def spanish(name: str) -> dict:
    return read_course_file(name)


def spanish_strings(value, where: str = "", key: str = ""):
    """Every translated string of a course file, with where it is; quoted examples skipped,
    because they quote stigmatizing words on purpose."""
    if isinstance(value, dict):
        if value.get("type") in NOT_CHECKED_FOR_WORDS:
            return
        for name, inner in value.items():
            if where == "course" and name == "sources":
                continue  # cited works keep their own (English) titles, as in English
            yield from spanish_strings(inner, f"{where}.{name}" if where else name, name)
    elif isinstance(value, list):
        for number, inner in enumerate(value, start=1):
            yield from spanish_strings(inner, f"{where}[{number}]", key)
    elif isinstance(value, str) and key not in UNTRANSLATED_KEYS and value.strip():
        yield where, value


def lesson_text(lesson: dict) -> str:
    """A lesson's learner-facing text as the English measure takes it: its blocks joined by
    blank lines, without **, "- " and "1. " marks; checks and word tables not included."""
    parts = []
    for block in lesson["blocks"]:
        if block["type"] in NOT_MEASURED:
            continue
        parts += [
            block[field] for field in ("title", "text", "vignette", "prompt") if field in block
        ]
    text = "\n\n".join(part for part in parts if part)
    return re.sub(r"(?m)^(?:- |\d+\. )", "", text.replace("**", ""))


def test_there_is_at_least_one_spanish_course_file():
    assert "naloxone.es.toml" in SPANISH_FILES


# Words --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SPANISH_FILES)
def test_no_spanish_stigmatizing_term_appears_outside_quotations(name):
    problems = [
        f"{name} {where}: {finding.words!r} ({finding.term.term})"
        for where, text in spanish_strings(spanish(name))
        for finding in language_findings(text, language="es")
    ]

    assert problems == [], "\n".join(problems)


# Readability --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SPANISH_FILES)
def test_the_spanish_summary_and_objectives_are_easy_to_read(name):
    course = spanish(name)["course"]
    texts = [("summary", course["summary"])]
    texts += [(f"objective {n}", text) for n, text in enumerate(course["objectives"], start=1)]
    limit = ease_limit(SUMMARY_GRADE_LIMIT)

    too_hard = [
        f"{name} {where}: Fernández-Huerta {spanish_reading_ease(text):.1f} < {limit}"
        for where, text in texts
        if spanish_reading_ease(text) < limit
    ]

    assert too_hard == [], "\n".join(too_hard)


@pytest.mark.parametrize("name", SPANISH_FILES)
def test_every_spanish_lesson_is_easy_to_read(name):
    data = spanish(name)
    limit = ease_limit(LESSON_GRADE_LIMIT.get(data["course"]["slug"], 8))
    too_hard = []
    for lesson in data["lessons"]:
        ease = spanish_reading_ease(lesson_text(lesson))
        print(f"{name} / {lesson['slug']}: Fernández-Huerta {ease:.1f}")
        if ease < limit:
            too_hard.append(f"{name} / {lesson['slug']}: {ease:.1f} < {limit}")

    assert too_hard == [], "\n".join(too_hard)


def test_the_spanish_measure_leaves_the_english_one_as_it_was():
    english = "Give naloxone, then start CPR if the person is not breathing."
    before = textstat.flesch_kincaid_grade(english)

    spanish_reading_ease("Dé naloxona y empiece la RCP si la persona no respira.")

    assert textstat.flesch_kincaid_grade(english) == before


def test_the_spanish_measure_scores_plain_spanish_above_dense_spanish():
    plain = "Llame al 911. Dé naloxona. Quédese con la persona hasta que llegue la ayuda."
    dense = (
        "La administración intranasal de naloxona constituye una intervención farmacológica "
        "fundamental para revertir la depresión respiratoria secundaria a la intoxicación "
        "por opioides sintéticos de elevada potencia."
    )

    assert spanish_reading_ease(plain) >= ease_limit(8)
    assert spanish_reading_ease(dense) < ease_limit(10)


# Answer balance -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SPANISH_FILES)
def test_the_spanish_correct_answer_is_not_usually_the_longest_choice(name):
    problem = length_cue_problem(name, counted_items(spanish(name)))

    assert problem is None, problem


@pytest.mark.parametrize("name", SPANISH_FILES)
def test_the_spanish_correct_answer_is_spread_across_positions(name):
    problem = position_problem(name, counted_items(spanish(name)))

    assert problem is None, problem


@pytest.mark.parametrize("name", SPANISH_FILES)
def test_spanish_true_false_items_say_verdadero_or_falso_and_are_balanced(name):
    data = spanish(name)
    items = [check for lesson in data["lessons"] for check in lesson.get("checks", [])]
    items += data["questions"]
    labels = {
        tuple(choice["text"] for choice in item["choices"])
        for item in items
        if item["kind"] == "true_false"
    }

    assert labels <= {VERDADERO_FALSO}, labels
    problem = true_false_problem(name, data, VERDADERO_FALSO)
    assert problem is None, problem


# Illustrations ------------------------------------------------------------------------------


def test_the_spanish_illustrations_mirror_the_english_ones():
    english = tomllib.loads(ILLUSTRATIONS_FILE.read_text(encoding="utf-8"))
    translated = tomllib.loads(illustrations_file("es").read_text(encoding="utf-8"))

    assert illustrations_file("es").name == "illustrations.es.toml"
    assert mirror_differences(english, translated) == []


def test_every_spanish_alt_text_and_caption_is_short_plain_and_person_first():
    english = illustrations()
    for name, item in illustrations("es").items():
        for field in ("alt", "caption"):
            text = getattr(item, field)
            assert text != getattr(english[name], field), f"{name}: {field} is not translated"
            assert len(text) <= 250, f"{name}: {field} is {len(text)} characters"
            assert spanish_reading_ease(text) >= ease_limit(8), f"{name}: {field}"
            assert language_findings(text, language="es") == [], f"{name}: {field}"
