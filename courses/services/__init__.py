"""The courses app's rules and the changes they allow.

- ``progress``: when a course is complete, what is next, what is locked (read-only);
- ``steps``: the queries for a course's quizzes and evaluation and what a learner handed in;
- ``records``: every change to a learner's records (enrol, complete a lesson, renew, reflect).

The record-changing functions are importable from here (``services.enrol(...)``).
"""

from .localized import load_progress_as_shown
from .progress import CourseProgress, NextItem, load_progress, load_progress_many
from .records import (
    MAX_SECONDS_ON_PAGE,
    complete_lesson,
    current_enrollment,
    enrol,
    evaluate_completion,
    next_item_for,
    note_first_view,
    progress_for,
    record_lesson_view,
    save_reflection,
    start_renewal,
)

__all__ = [
    "MAX_SECONDS_ON_PAGE",
    "CourseProgress",
    "NextItem",
    "complete_lesson",
    "current_enrollment",
    "enrol",
    "evaluate_completion",
    "load_progress",
    "load_progress_as_shown",
    "load_progress_many",
    "next_item_for",
    "note_first_view",
    "progress_for",
    "record_lesson_view",
    "save_reflection",
    "start_renewal",
]
