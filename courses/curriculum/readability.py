"""Readability of Spanish course text: Fernández-Huerta reading ease, without global state.

English course text is measured with ``textstat.flesch_kincaid_grade`` (a grade: lower is
easier). Spanish text uses Fernández-Huerta's adaptation of Flesch reading ease (a score from
0 to 100: higher is easier; 60-70 is "normal", about grade 8; 50-60 "somewhat hard", about
grade 10). The limits keep the English ones: ease 60 or more where English asks for grade 8
or below, and 50 or more where English allows grade 10.

``textstat.fernandez_huerta`` counts syllables for the language set by ``textstat.set_lang``,
which is one setting for the whole process: setting it to Spanish would change every English
Flesch-Kincaid figure measured after it. So this module calls textstat's metric with the
language passed in, and never touches that setting.
"""

from textstat.backend import metrics

SPANISH = "es"
# Fernández-Huerta ease matching the English grade limits (grade 8 -> 60, grade 10 -> 50).
EASE_FOR_GRADE = {8: 60, 10: 50}


def spanish_reading_ease(text: str) -> float:
    """Fernández-Huerta reading ease of Spanish `text` (syllables counted for Spanish)."""
    return metrics.fernandez_huerta(text, SPANISH)


def ease_limit(grade_limit: int) -> int:
    """The lowest Spanish ease allowed where English allows `grade_limit`."""
    return EASE_FOR_GRADE[grade_limit]
