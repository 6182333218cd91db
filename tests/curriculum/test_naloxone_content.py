"""Naloxone course content rules from the 2026-12 clinical review, read from the course file.

NX-1: lay rescuers never check a pulse, so no learner-facing sentence may ask for one, and the
lessons teach the AHA rule (not breathing or only gasping -> CPR, hands-only without
rescue-breath training). X-1/NX-19: the life-safety core is on every post-test form.
"""

import re

import pytest

from courses.curriculum.loader import read_course_file

COURSE = read_course_file("naloxone.toml")
# A sentence may mention a pulse only to say that you do not look for one.
NO_PULSE_CHECK = re.compile(
    r"\b(?:never|not|skip|don't|cannot|can't)\b[^.]*\b(?:check|find|look)\b"
    r"|\b(?:check|find|look)\w*\b[^.]*\bpulse\b[^.]*\b(?:not|never)\b",
    re.IGNORECASE,
)


def _questions():
    for lesson in COURSE["lessons"]:
        yield from lesson.get("checks", [])
    yield from COURSE["questions"]


def _teaching_strings():
    """What the course teaches as right: lessons, explanations, feedback and correct answers.

    Wrong choices and false true/false statements may voice the misconception on purpose.
    """
    yield from COURSE["course"]["objectives"]
    for lesson in COURSE["lessons"]:
        for block in lesson["blocks"]:
            for key in ("text", "title", "vignette", "prompt"):
                if block.get(key):
                    yield block[key]
    for question in _questions():
        yield question["vignette"]
        yield question["explanation"]
        for choice in question["choices"]:
            yield choice["feedback"]
            if choice["correct"] and question["kind"] != "true_false":
                yield choice["text"]


def _sentences(text):
    return re.split(r"(?<=[.!?])\s+|\n+", text)


def test_no_sentence_asks_a_lay_rescuer_to_check_a_pulse():
    asks_for_a_pulse = [
        sentence
        for text in _teaching_strings()
        for sentence in _sentences(text)
        if re.search(r"\bpulse\b", sentence, re.IGNORECASE) and not NO_PULSE_CHECK.search(sentence)
    ]
    assert asks_for_a_pulse == []


def test_the_sign_list_has_no_pulse_and_the_cpr_rule_is_taught():
    lesson_text = "\n".join(
        block.get("text", "") for lesson in COURSE["lessons"] for block in lesson["blocks"]
    )
    assert not re.search(r"^- \*\*Pulse\*\*", lesson_text, re.MULTILINE | re.IGNORECASE)
    assert re.search(r"not breathing, or only gasping:\*\* start CPR", lesson_text, re.IGNORECASE)
    assert "hands-only CPR" in lesson_text
    assert re.search(
        r"breathing normally:\*\* put the person in the recovery position",
        lesson_text,
        re.IGNORECASE,
    )


@pytest.mark.parametrize(
    "objective, words",
    [
        (2, r"call 911"),
        (3, r"second device|another dose|new device"),
        (4, r"CPR"),
        (4, r"stay with the person"),
    ],
)
def test_the_life_safety_core_is_always_on_the_post_test(objective, words):
    always = [q for q in COURSE["questions"] if q.get("always_include")]
    assert len(always) <= 4
    assert any(
        q["objective"] == objective
        and re.search(words, f"{q['vignette']} {q['stem']} {q['explanation']}", re.IGNORECASE)
        for q in always
    ), (objective, words)
