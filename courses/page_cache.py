"""What every page request would otherwise read again: the pages on a path, outlines, restrictions.

Everything here is kept in the default cache (Redis in production, shared by every app server
and worker) under the ``pages`` *generation*: a random token, part of every key, replaced
whenever a page is published, unpublished, saved, moved or deleted, or a site, a view
restriction, a document or an image is saved or deleted (the receivers below, each bound to its
sender, connected in ``CoursesConfig.ready``). The next request then reads fresh rows under
the new token and the old entries expire unread; nothing is kept by time.

Only pages are kept (which lessons and steps a course has, in what order, with their URLs; the
page a path names, found by ``lms.page_lookup``; published lesson bodies), never anything about
a learner. Every change to a page, its settings included (pass mark, evaluation rule), goes
through a save or a publish and so starts a new generation.
"""

from __future__ import annotations

import uuid

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

PAGES = "pages"
# Long enough that entries outlive any burst; the generation, not time, decides freshness.
TIMEOUT = 24 * 60 * 60
GENERATION_KEY = "open-door:pages:generation"


def generation() -> str:
    """The current token of the page tree, made (once, by whichever process asks first) if the
    cache has none."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        # add() so two processes starting at once agree on one token.
        if not cache.add(GENERATION_KEY, token, None):
            token = cache.get(GENERATION_KEY) or token
    return token


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def pages_changed(**kwargs) -> None:
    """Start a new generation now, and again when the transaction commits.

    Now, so the change is seen inside its own transaction (as in tests); again at the commit, so
    a request that read the old rows while the change was in flight cannot have kept them under
    the token it saw.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def key(*parts, token: str | None = None) -> str:
    """The cache key of `parts` in the current generation (`token`, when already read)."""
    return ":".join(["open-door:pages", token or generation(), *map(str, parts)])


def _senders() -> list:
    """Every model whose rows a kept outline or lesson body shows: each page type, sites, view
    restrictions, images and documents (a kept lesson body links to their files)."""
    page_types = [model for model in apps.get_models() if issubclass(model, Page)]
    return [*page_types, Site, PageViewRestriction, get_image_model(), get_document_model()]


def connect_signals() -> None:
    # Bound to their senders: a receiver for every model would turn off Django's fast delete
    # (one DELETE instead of reading rows first) everywhere, sessions included.
    for sender in _senders():
        label = sender._meta.label_lower
        post_save.connect(pages_changed, sender=sender, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(pages_changed, sender=sender, dispatch_uid=f"page-cache-del-{label}")
    # Wagtail's own signals, sent for every page type (by the specific class).
    page_published.connect(pages_changed, dispatch_uid="page-cache-published")
    page_unpublished.connect(pages_changed, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(pages_changed, dispatch_uid="page-cache-moved")


# View restrictions -------------------------------------------------------------------------


def paths_checked_by_wagtail() -> frozenset[str]:
    """The tree paths of the pages that carry a view restriction or are an alias (few, usually
    none), in one query, cached. A page's ancestors are the prefixes of its own path."""
    cache_key = key("view-restrictions")
    paths = cache.get(cache_key)
    if paths is None:
        pages = Page.objects.filter(
            Q(view_restrictions__isnull=False) | Q(alias_of__isnull=False)
        ).distinct()
        paths = frozenset(pages.values_list("path", flat=True))
        cache.set(cache_key, paths, TIMEOUT)
    return paths


class CachedViewRestrictionsMixin:
    """Wagtail's ``get_view_restrictions`` with the common answer, "none", read from the cache.

    Wagtail's ``check_view_restrictions`` hook asks every page it serves for the restrictions
    on the page and its ancestors (an alias checked as its source page), in two queries. When no
    page on the way carries one and none is an alias, that is the empty set, known from the
    cached paths above; otherwise Wagtail's own method reads them.
    """

    def get_view_restrictions(self):
        if self.path:
            step = self.steplen
            own_and_ancestors = {self.path[:end] for end in range(step, len(self.path) + 1, step)}
            if own_and_ancestors.isdisjoint(paths_checked_by_wagtail()):
                return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


# Course outlines -----------------------------------------------------------------------------


def warm_urls(pages) -> None:
    # Computing a URL once caches the site root paths on the page object, which is pickled
    # with it: later URL lookups on the cached pages read no cache entry and no row.
    for page in pages:
        page.get_url()


def live_lessons(course) -> list:
    """``course.live_lessons()`` as a list, cached per course and generation."""
    return live_lessons_many([course])[course.pk]


def live_lessons_many(courses) -> dict[int, list]:
    """``live_lessons`` of each saved course by its id: the kept ones in one cache read, the
    others in one query for them all."""
    token = generation()
    keys = {course.pk: key("lessons", course.pk, course.path, token=token) for course in courses}
    kept = cache.get_many(list(keys.values()))
    lessons = {pk: kept[cache_key] for pk, cache_key in keys.items() if cache_key in kept}
    missing = [course for course in courses if course.pk not in lessons]
    if missing:
        from .models import LessonPage

        query = LessonPage.objects.live().defer_streamfields()
        in_any = Q()
        for course in missing:
            in_any |= query.child_of_q(course)
        found = {course.path: [] for course in missing}
        for lesson in query.filter(in_any).order_by("path"):
            found[lesson.path[: -lesson.steplen]].append(lesson)
        warm_urls(lesson for outline in found.values() for lesson in outline)
        fresh = {course.pk: found[course.path] for course in missing}
        cache.set_many({keys[pk]: outline for pk, outline in fresh.items()}, TIMEOUT)
        lessons.update(fresh)
    return lessons


def course_of(page):
    """The course a saved page inside one belongs to (``CourseChildPage.course``), cached per
    generation: lesson, quiz and evaluation pages ask on every request."""
    if not page.pk or not page.path:
        return page.course
    cache_key = key("course-of", page.path[: -page.steplen])
    kept = cache.get(cache_key)
    if kept is None:
        kept = (page.course,)  # a tuple, so "no course" is kept too
        cache.set(cache_key, kept, TIMEOUT)
    return kept[0]


def course_extras(course, *parts: str) -> dict:
    """A saved course's ``objectives``, ``sources`` and published ``prerequisites``, cached.

    Each part is kept on its own, so a page that needs one reads one row set when it is not
    kept yet. They change only when the course (or a prerequisite) is saved, which starts a new
    generation. Previews read them from the page in hand instead (``courses.views.pages``).
    """
    parts = parts or ("objectives", "sources", "prerequisites")
    token = generation()
    keys = {part: key(part, course.pk, course.path, token=token) for part in parts}
    kept = cache.get_many(list(keys.values()))
    extras = {}
    for part, cache_key in keys.items():
        if cache_key in kept:
            extras[part] = kept[cache_key]
            continue
        if part == "prerequisites":
            value = [page for page in course.prerequisites.all() if page.live]
            warm_urls(value)
        else:
            value = list(getattr(course, part).all())
        cache.set(cache_key, value, TIMEOUT)
        extras[part] = value
    return extras
