"""Each translated course file mirrors its English file (courses/curriculum/translations.py)."""

import copy
import tomllib

import pytest

from courses.curriculum.loader import COURSE_FILES, CURRICULUM_DIR
from courses.curriculum.translations import mirror_differences, translation_path

TRANSLATIONS = [
    (name, translation_path(CURRICULUM_DIR / name, "es"))
    for name in COURSE_FILES
    if translation_path(CURRICULUM_DIR / name, "es").exists()
]


def read(path):
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("english", "spanish"), TRANSLATIONS, ids=[t[0] for t in TRANSLATIONS])
def test_spanish_course_file_mirrors_the_english_one(english, spanish):
    assert mirror_differences(read(CURRICULUM_DIR / english), read(spanish)) == []


@pytest.fixture(scope="module")
def naloxone():
    return read(CURRICULUM_DIR / "naloxone.toml")


def test_a_copy_with_only_words_changed_mirrors(naloxone):
    translated = copy.deepcopy(naloxone)
    translated["course"]["title"] = "Responder a una sobredosis"
    translated["questions"][0]["choices"][0]["feedback"] = "Así es."
    assert mirror_differences(naloxone, translated) == []


def test_each_kind_of_drift_is_named(naloxone):
    translated = copy.deepcopy(naloxone)
    translated["course"]["pass_mark"] = 70
    translated["lessons"][0]["slug"] = "reconocer"
    first_choice = translated["questions"][0]["choices"][0]
    first_choice["correct"] = not first_choice["correct"]
    del translated["lessons"][1]["blocks"][0]
    translated["course"]["extra"] = "x"
    translated["course"]["summary"] = " "
    problems = mirror_differences(naloxone, translated)
    assert "course.pass_mark: must stay 80 (it is 70)" in problems
    assert any(p.startswith("lessons[1].slug: must stay") for p in problems)
    assert any(p.startswith("questions[1].choices[1].correct: must stay") for p in problems)
    assert any(p.startswith("lessons[2].blocks: ") and "items" in p for p in problems)
    assert "course: not in the English file: extra" in problems
    assert "course.summary: empty in one language only" in problems
