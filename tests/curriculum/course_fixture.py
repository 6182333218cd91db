"""A small course file for the loader's tests, written as TOML (the real files stay read-only)."""

import json
from pathlib import Path

OLD_RULE = "If the person has no pulse, give chest compressions."
NEW_RULE = "Do not check for a pulse. Not breathing or only gasping: start CPR."


def q(value: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML for these texts)."""
    return json.dumps(value)


def question(objective: int, number: int, *, key: int = 0, always: bool = False, prefix="") -> str:
    lines = [
        "[[questions]]" if not prefix else f"[[{prefix}]]",
        f"objective = {objective}",
        'kind = "single"',
        'vignette = ""',
        f"stem = {q(f'Bank question {number} about objective {objective}?')}",
        f"explanation = {q(f'Because (Objective {objective}).')}",
        f"always_include = {'true' if always else 'false'}",
    ]
    for index in range(3):
        lines += [
            f"[[{prefix or 'questions'}.choices]]",
            f"text = {q(f'Answer {index + 1} to {number}')}",
            f"correct = {'true' if index == key else 'false'}",
            f"feedback = {q(f'Feedback {index + 1}.')}",
        ]
    return "\n".join(lines)


def lesson(slug: str, title: str, text: str, *, scenario_prompt: str = "What would you say?"):
    return f"""
[[lessons]]
slug = {q(slug)}
title = {q(title)}
sources = ["toolkit"]

[[lessons.blocks]]
type = "text"
text = {q(text)}

[[lessons.blocks]]
type = "scenario"
title = "At the drop-in"
vignette = "Jo mentions using alone last night."
prompt = {q(scenario_prompt)}

[[lessons.checks]]
objective = 1
kind = "single"
vignette = ""
stem = {q(f"Practice question for {title}?")}
explanation = "Because."
[[lessons.checks.choices]]
text = "Right"
correct = true
feedback = "Yes."
[[lessons.checks.choices]]
text = "Wrong"
correct = false
feedback = "No."
[[lessons.checks.choices]]
text = "Also wrong"
correct = false
feedback = "No."
"""


def course_toml(
    *,
    summary="How to respond to an overdose.",
    rule=OLD_RULE,
    lessons=None,
    changed_key=False,
    always=(),
    slug="fixture-overdose-course",
) -> str:
    lessons = (
        lessons
        if lessons is not None
        else [("breathing", "Breathing", rule), ("aftercare", "Aftercare", "Stay with them.")]
    )
    head = f"""
[course]
slug = {q(slug)}
title = "Fixture overdose course"
summary = {q(summary)}
audience = "peer"
topics = ["naloxone"]
delivery_format = "self_paced"
estimated_minutes = 30
contact_hours = 0.5
pass_mark = 80
certificate_validity_months = 24
lessons_in_order = true
evaluation_required = false
last_reviewed = "2026-12-02"
reviewer = "Open Door curriculum team"
independent_review = ""
content_note = ""
objectives = ["List the signs of an overdose.", "Describe how to give naloxone.", "Explain how to give breathing support."]
prerequisites = []

[[course.sources]]
key = "toolkit"
title = "SAMHSA Opioid Overdose Prevention Toolkit"
url = "https://store.samhsa.gov/product/opioid-overdose-prevention-toolkit/pep23-03-00-001"
"""
    body = "".join(lesson(*item) for item in lessons)
    bank = []
    for number in range(1, 13):
        objective = (number - 1) % 3 + 1
        key = 1 if (changed_key and number == 1) else 0
        bank.append(question(objective, number, key=key, always=number in always))
    evaluation = """
[evaluation]
likert = ["The course was relevant to my work.", "I would recommend this course."]
confidence_before_after = "How confident are you that you could respond to an overdose?"
comments_prompt = "What would make this course better?"
"""
    return head + body + "\n" + "\n\n".join(bank) + "\n" + evaluation


def write(directory: Path, text: str, name: str = "course.toml") -> str:
    (directory / name).write_text(text, encoding="utf-8")
    return name


# A Spanish version of a course file, for the loader's tests ------------------------------------

SPANISH_WORDS = {
    "Fixture overdose course": "Curso de prueba sobre sobredosis",
    "Breathing": "Respiración",
    "Aftercare": "Después de la emergencia",
    "Stay with them.": "Quédese con la persona.",
    "Right": "Correcta",
    "Wrong": "Incorrecta",
    "Also wrong": "También incorrecta",
    "True": "Verdadero",
    "False": "Falso",
}


def spanish_toml(english: str, *, words: dict[str, str] | None = None) -> str:
    """`english` (a course file) with every prose string in "Spanish": the words above, or the
    English text marked ``[es]``. Names (slugs, keys, URLs, kinds) and numbers stay: it mirrors
    the English file, as ``translations.mirror_differences`` requires."""
    import tomllib

    from courses.curriculum.translations import UNTRANSLATED_KEYS

    table = {**SPANISH_WORDS, **(words or {})}

    def translate(value, key=""):
        if isinstance(value, dict):
            return {name: translate(inner, name) for name, inner in value.items()}
        if isinstance(value, list):
            return [translate(inner, key) for inner in value]
        if isinstance(value, str) and key not in UNTRANSLATED_KEYS and value.strip():
            return table.get(value, f"[es] {value}")
        return value

    return to_toml(translate(tomllib.loads(english)))


def to_toml(data: dict) -> str:
    """Just enough TOML for course files: tables, arrays of tables, strings, numbers, lists."""

    def scalar(value) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return repr(value)
        if isinstance(value, list):
            return "[" + ", ".join(scalar(item) for item in value) + "]"
        return q(value)

    def is_tables(value) -> bool:
        return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)

    lines: list[str] = []

    def emit(table: dict, prefix: str) -> None:
        for name, value in table.items():
            if not isinstance(value, dict) and not is_tables(value):
                lines.append(f"{name} = {scalar(value)}")
        for name, value in table.items():
            here = f"{prefix}.{name}" if prefix else name
            if isinstance(value, dict):
                lines.append(f"\n[{here}]")
                emit(value, here)
            elif is_tables(value):
                for item in value:
                    lines.append(f"\n[[{here}]]")
                    emit(item, here)

    emit(data, "")
    return "\n".join(lines) + "\n"
