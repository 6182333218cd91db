"""Which courses have coached practice, read once and kept in the cache.

Every course page and "My learning" asks (through ``OUTSIDE_REQUIREMENTS_HOOK``) whether a
course has practice sets; most courses have none, and the answer for them must cost no query.
The whole map is small (a few courses, a few sets each), so it is kept under one key and
dropped whenever a course's coaching terms or a practice set is saved or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

CACHE_KEY = "open-door:coaching:courses-with-practice"
TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class SetEntry:
    pk: int
    code: str
    title: str


@dataclass(frozen=True)
class CourseEntry:
    pass_mark: Decimal | None
    sets: tuple[SetEntry, ...]


def courses_with_practice() -> dict[int, CourseEntry]:
    """Course id -> its pass mark (None: practice optional) and open sets; one query when
    not kept."""
    found = cache.get(CACHE_KEY)
    if found is not None:
        return found
    from courses.localization import source_locale_id

    from .models import PracticeSet

    marks: dict[int, Decimal | None] = {}
    sets: dict[int, list[SetEntry]] = {}
    for pk, course_id, code, title, pass_mark in (
        PracticeSet.objects.filter(is_open=True, locale_id=source_locale_id())
        .order_by("course_id", "title", "pk")
        .values_list("pk", "course_id", "code", "title", "course__coaching__pass_mark")
    ):
        marks[course_id] = pass_mark
        sets.setdefault(course_id, []).append(SetEntry(pk, code, title))
    found = {
        course_id: CourseEntry(marks[course_id], tuple(entries))
        for course_id, entries in sets.items()
    }
    cache.set(CACHE_KEY, found, TIMEOUT)
    return found


def forget(**kwargs) -> None:
    # Now (seen inside the saving transaction) and at commit (a request that read the old
    # rows meanwhile may have kept them).
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def connect_signals() -> None:
    from .models import CourseCoaching, PracticeSet

    for sender in (CourseCoaching, PracticeSet):
        label = sender._meta.label_lower
        post_save.connect(forget, sender=sender, dispatch_uid=f"coaching-map-save-{label}")
        post_delete.connect(forget, sender=sender, dispatch_uid=f"coaching-map-del-{label}")
