"""Which courses have coached practice, read once and kept in the cache.

Every course page and "My learning" asks (through ``OUTSIDE_REQUIREMENTS_HOOK``) whether a
course has practice sets; most courses have none, and the answer for them must cost no query.
The whole map is small (a few courses, a few sets each), so it is kept under one key in the
page cache's outside-steps generation (``courses.page_cache``; each process keeps a copy), renewed
whenever a course's coaching terms or a practice set is saved or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models.signals import post_delete, post_save

from courses import page_cache


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
    cache_key = page_cache.outside_steps_key("courses-with-practice")
    found = page_cache.read(cache_key)
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
    page_cache.keep(cache_key, found)
    return found


def forget(**kwargs) -> None:
    # Renewed now (seen inside the saving transaction) and at commit (a request that read the
    # old rows meanwhile may have kept them under the token it saw).
    page_cache.outside_steps_changed()


def connect_signals() -> None:
    from .models import CourseCoaching, PracticeSet

    for sender in (CourseCoaching, PracticeSet):
        label = sender._meta.label_lower
        post_save.connect(forget, sender=sender, dispatch_uid=f"coaching-map-save-{label}")
        post_delete.connect(forget, sender=sender, dispatch_uid=f"coaching-map-del-{label}")
