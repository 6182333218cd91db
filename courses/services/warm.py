"""After a publish commits, read again what the course's learners' next view asks for.

A publish in a course renews its page-cache generation (``courses.page_cache``), so without
this the first learner to open one of its pages afterwards would read the course's outline,
steps, objectives and sources, its pages' course and the restricted paths again (six queries
more than a steady view). The publisher's request pays for them instead, once the change is
committed and its new tokens are in place: the entries are made from committed rows, under the
newest tokens, in the shared cache every app server reads. A publish above the courses (the
catalog), which renews every course, fills nothing: that would be every course at once.
"""

from __future__ import annotations

from django.db import transaction

from .. import page_cache


def fill_after_publish(sender=None, instance=None, **kwargs) -> None:
    """``page_published`` receiver (connected after the page cache's own, so its renewal at
    commit runs first)."""
    from ..models import CoursePage

    path = getattr(instance, "path", "")
    if not path:
        return
    course_path = path if isinstance(instance, CoursePage) else path[: -instance.steplen]
    transaction.on_commit(lambda: fill_course(course_path), robust=True)


def fill_course(course_path: str) -> None:
    from ..models import CoursePage
    from .steps import load_course_steps

    course = CoursePage.objects.live().filter(path=course_path).first()
    if course is None:
        return
    page_cache.live_lessons(course)
    load_course_steps([course])
    page_cache.course_extras(course)
    page_cache.keep(page_cache.course_of_key(course.path), (course,))
    page_cache.paths_checked_by_wagtail()
