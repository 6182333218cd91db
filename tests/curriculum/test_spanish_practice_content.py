"""The Spanish skills checklists (practice/checklists/*.es.toml) and the Spanish practice
statements (coaching/seed_es.py) pass the same Spanish checks as the Spanish course files: the
stigma-language list over every string, and the checklist's words easy to read."""

import pytest

from coaching import seed, seed_es
from courses.curriculum.language import language_findings
from courses.curriculum.readability import ease_limit, spanish_reading_ease
from courses.curriculum.translations import mirror_differences, translation_path
from practice.loader import checklist_files, read_checklist
from tests.curriculum.test_spanish_content import SUMMARY_GRADE_LIMIT, spanish_strings

SPANISH_CHECKLISTS = [
    translation_path(path, "es")
    for path in checklist_files()
    if translation_path(path, "es").exists()
]


def practice_strings():
    yield "title", seed_es.TITLE
    yield "instructions", seed_es.INSTRUCTIONS
    for number, (setting, text) in enumerate(seed_es.STATEMENTS, start=1):
        yield f"statement {number} setting", setting
        yield f"statement {number}", text


def test_there_is_a_spanish_checklist_and_it_mirrors_the_english_one():
    assert [path.name for path in SPANISH_CHECKLISTS] == ["naloxone-demonstration.es.toml"]
    for path in SPANISH_CHECKLISTS:
        english = path.with_name(path.name.replace(".es.toml", ".toml"))
        assert mirror_differences(read_checklist(english), read_checklist(path)) == []


@pytest.mark.parametrize("path", SPANISH_CHECKLISTS, ids=lambda path: path.name)
def test_no_stigmatizing_term_in_a_spanish_checklist(path):
    problems = [
        f"{path.name} {where}: {finding.words!r} ({finding.term.term})"
        for where, text in spanish_strings(read_checklist(path))
        for finding in language_findings(text, language="es")
    ]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("path", SPANISH_CHECKLISTS, ids=lambda path: path.name)
def test_a_spanish_checklist_is_easy_to_read(path):
    data = read_checklist(path)
    text = " ".join(
        [data["checklist"]["introduction"]]
        + [f"{item['step']}. {item['done_looks_like']}" for item in data["items"]]
    )
    assert spanish_reading_ease(text) >= ease_limit(SUMMARY_GRADE_LIMIT)


def test_no_stigmatizing_term_in_the_spanish_practice_statements():
    problems = [
        f"{where}: {finding.words!r} ({finding.term.term})"
        for where, text in practice_strings()
        for finding in language_findings(text, language="es")
    ]
    assert problems == [], "\n".join(problems)


def test_the_spanish_statements_pair_with_the_english_ones():
    assert len(seed_es.STATEMENTS) == len(seed.STATEMENTS)
    assert all(setting and text for setting, text in seed_es.STATEMENTS)


def test_the_check_finds_a_stigmatizing_word_in_practice_text():
    # The checks above can fail: the same list flags a label in a statement like ours.
    assert language_findings("Es un adicto y sigue sucio.", language="es")
