"""What every page request would otherwise read again: the pages on a path, outlines, restrictions.

Everything here is kept in the default cache (Redis in production, shared by every app server
and worker) under *generations*: random tokens, part of every key, replaced when what the
entries were read from changes. The next request then reads fresh rows under the new token and
the old entries expire unread; nothing is kept by time. There are two scopes:

- **the tree** (:func:`generation`, :func:`key`): which page a path names (``lms.page_lookup``),
  the restricted paths, visitors' whole pages (``lms.cache_headers``) and whatever lists
  courses (a course's published prerequisites). Renewed by every change below.
- **a course** (:func:`course_key`): what is read from one course and its pages: its outline
  (lessons, steps), objectives and sources, the course of a child page, published lesson
  bodies. Its key joins two tokens: the course's own, renewed when the course page or a page
  in it is saved, published, unpublished, moved or deleted, and one shared by every course,
  renewed by what can change every course (a site, a view restriction, an image, a document,
  or a page that has courses below it, such as the catalog: their addresses hang on it).

A third scope, **translations** (:func:`translations_key`), keeps which page is another page's
translation (the header's language switcher asks on every page). It is renewed by any change to
a page outside the source language, by any move, and by what renews every course; an edit in
English that leaves its translations where they are keeps it. A fourth, **outside steps**
(:func:`outside_steps_key`), is for the apps above: which courses have skills checklists or
practice sets, renewed when those change (:func:`outside_steps_changed`) and by what renews
every course.

So a publish in one course leaves every other course's outline and lesson bodies kept. A request
reads each token once (:func:`_tokens` keeps what it read until the request ends, Django's
``request_started``/``request_finished`` signals): a lesson page asks for the tree's and its
course's tokens six times, and each ask was a round trip to the cache. Tokens this request
renews are kept as renewed; outside a request (tasks, commands) every ask reads the cache. The
receivers below are each bound to their sender and connected in ``CoursesConfig.ready``. Only
pages are kept, never anything about a learner; every change to a page, its settings included
(pass mark, evaluation rule), goes through a save or a publish.

An entry under a token never changes (a change makes a new token, so new keys), so each process
also keeps the entries it has read in its own memory (:func:`read_many`, :func:`keep_many`;
``CACHES["pages-local"]``, Django's local-memory cache, bounded): after the one round trip for
the tokens, a page view reads its outline, steps and lesson body without another. The tokens
themselves are only ever in the shared cache: they are what tells every process of a change.
"""

from __future__ import annotations

import threading
import uuid

from django.apps import apps
from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

PAGES = "pages"
# Long enough that entries outlive any burst; the generation, not time, decides freshness.
TIMEOUT = 24 * 60 * 60
GENERATION_KEY = "open-door:pages:generation"
EVERY_COURSE_KEY = "open-door:pages:every-course:generation"
TRANSLATIONS_KEY = "open-door:pages:translations:generation"
OUTSIDE_STEPS_KEY = "open-door:pages:outside-steps:generation"
SHARED_TOKENS = (GENERATION_KEY, EVERY_COURSE_KEY, TRANSLATIONS_KEY, OUTSIDE_STEPS_KEY)
# This process's copies of entries under a token (lms.settings.base: LOCAL_PAGES_CACHE).
LOCAL = "pages-local"


# Noted here for a key the shared cache had no entry under, so the next request does not ask
# again for what nobody keeps (the route's shorter paths): whoever reads the rows keeps them.
_NOT_KEPT = "open-door:pages:not-kept"


def read_many(keys) -> dict:
    """The entries kept under `keys` (made by :func:`key`, :func:`course_key` or
    :func:`translations_key`): this process's copies first, the shared cache for the rest
    (copied here as they come)."""
    keys = list(keys)
    local = caches[LOCAL]
    found = local.get_many(keys)
    missing = [name for name in keys if name not in found]
    if missing:
        shared = cache.get_many(missing)
        local.set_many({name: shared.get(name, _NOT_KEPT) for name in missing}, TIMEOUT)
        found.update(shared)
    return {
        name: value
        for name, value in found.items()
        if not (isinstance(value, str) and value == _NOT_KEPT)
    }


def read(cache_key: str):
    """The entry kept under `cache_key` (None when there is none): see :func:`read_many`."""
    return read_many([cache_key]).get(cache_key)


def keep_many(entries: dict) -> None:
    """Keep `entries` (keys made as for :func:`read_many`) in the shared cache and here."""
    if entries:
        cache.set_many(entries, TIMEOUT)
        caches[LOCAL].set_many(entries, TIMEOUT)


def keep(cache_key: str, value) -> None:
    keep_many({cache_key: value})


def _course_generation_key(course_path: str) -> str:
    # By the course's tree path: a child page names its course's path without a query.
    return f"open-door:pages:course:{course_path}:generation"


# The tokens the current request has read (None outside a request), per thread: each gunicorn
# or test-client thread serves one request at a time.
_this_request = threading.local()


def _start_request(**kwargs) -> None:
    _this_request.tokens = {}


def _end_request(**kwargs) -> None:
    _this_request.tokens = None


def _tokens(names: list[str]) -> dict[str, str]:
    """The current token under each name, in one cache read (none for those this request has
    read already); made (once, by whichever process asks first) for a name the cache has none
    for."""
    kept = getattr(_this_request, "tokens", None)
    wanted = list(names) if kept is None else [name for name in names if name not in kept]
    if kept is not None and any(name in SHARED_TOKENS for name in wanted):
        # A page that needs one of the shared tokens nearly always needs the others (the
        # translations' for the header's language switcher): one round trip for all three.
        wanted = list(dict.fromkeys([*wanted, *SHARED_TOKENS]))
        wanted = [name for name in wanted if name not in kept]
    tokens = cache.get_many(wanted) if wanted else {}
    for name in wanted:
        if name not in tokens:
            token = uuid.uuid4().hex
            # add() so two processes starting at once agree on one token.
            if not cache.add(name, token, None):
                token = cache.get(name) or token
            tokens[name] = token
    if kept is None:
        return tokens
    kept.update(tokens)
    return {name: kept[name] for name in names}


def generation() -> str:
    """The current token of the page tree."""
    return _tokens([GENERATION_KEY])[GENERATION_KEY]


def course_generations(course_paths) -> dict[str, str]:
    """The current token of each course (by its tree path), in one cache read: its own joined
    with the one every course shares."""
    names = {path: _course_generation_key(path) for path in course_paths}
    tokens = _tokens([EVERY_COURSE_KEY, *names.values()])
    shared = tokens[EVERY_COURSE_KEY]
    return {path: f"{shared}-{tokens[name]}" for path, name in names.items()}


def key(*parts, token: str | None = None) -> str:
    """The cache key of `parts` in the tree's current generation (`token`, when already read)."""
    return ":".join(["open-door:pages", token or generation(), *map(str, parts)])


def translations_key(*parts) -> str:
    """The cache key of `parts` in the current generation of the site's translations."""
    token = _tokens([TRANSLATIONS_KEY])[TRANSLATIONS_KEY]
    return ":".join(["open-door:pages:translations", token, *map(str, parts)])


def outside_steps_key(*parts) -> str:
    """The cache key of `parts` in the current generation of what the apps above keep about
    steps met outside a course (which courses have skills checklists, practice sets), renewed
    by :func:`outside_steps_changed` when theirs change and by what renews every course."""
    token = _tokens([OUTSIDE_STEPS_KEY])[OUTSIDE_STEPS_KEY]
    return ":".join(["open-door:pages:outside-steps", token, *map(str, parts)])


def course_key(course_path: str, *parts, token: str | None = None) -> str:
    """The cache key of `parts`, read from the course at `course_path`, in that course's current
    generation (`token`, from :func:`course_generations`, when already read)."""
    token = token or course_generations([course_path])[course_path]
    return ":".join(["open-door:pages:course", course_path, token, *map(str, parts)])


def _renew(names: set[str]) -> None:
    tokens = {name: uuid.uuid4().hex for name in names}
    cache.set_many(tokens, None)
    kept = getattr(_this_request, "tokens", None)
    if kept is not None:
        kept.update(tokens)


def _renew_now_and_at_commit(names: set[str]) -> None:
    """Renew now, so the change is seen inside its own transaction (as in tests); again when
    the transaction commits, so a request that read the old rows while the change was in
    flight cannot have kept them under the token it saw."""
    _renew(names)
    transaction.on_commit(lambda: _renew(names))


def _course_paths_holding(paths) -> tuple[set[str], bool]:
    """For pages at these tree paths: the paths of the courses they are or sit in, and whether
    any of them is above a course (its change reaches every course below it). One query."""
    from .models import CoursePage

    paths = {path for path in paths if path}
    if not paths:  # nothing to go by: renew every course
        return set(), True
    step = Page.steplen
    own_and_ancestors = {path[:end] for path in paths for end in range(step, len(path) + 1, step)}
    above = Q()
    for path in paths:
        above |= Q(path__startswith=path, depth__gt=len(path) // step)
    found = CoursePage.objects.filter(Q(path__in=own_and_ancestors) | above).values_list(
        "path", flat=True
    )
    holding, below = set(), False
    for course_path in found:
        if course_path in own_and_ancestors:
            holding.add(course_path)
        else:
            below = True
    return holding, below


def pages_changed(sender=None, instance=None, **kwargs) -> None:
    """A page was saved, published, unpublished, deleted or moved: renew the tree, and the
    course the page is in (for a move: before and after it), or every course when the page
    has courses below it. A page outside any course with none below (an "about" page, say)
    renews the tree only."""
    paths = [getattr(instance, "path", "")]
    if kwargs.get("parent_page_before") is not None:  # post_page_move
        paths += [kwargs["parent_page_before"].path, kwargs["parent_page_after"].path]
    holding, below = _course_paths_holding(paths)
    names = {GENERATION_KEY, *map(_course_generation_key, holding)}
    if below:
        names.add(EVERY_COURSE_KEY)
    if _changes_translations(instance, kwargs):
        names.add(TRANSLATIONS_KEY)
    _renew_now_and_at_commit(names)


def _changes_translations(instance, signal_kwargs) -> bool:
    """A page in another language than the source (made, published, renamed, deleted), or any
    move (a translation's address, or the chain of pages above a page, changes)."""
    from .localization import source_locale_id

    if signal_kwargs.get("parent_page_before") is not None:
        return True
    locale_id = getattr(instance, "locale_id", None)
    return locale_id is None or locale_id != source_locale_id()


def outside_steps_changed(**kwargs) -> None:
    """What an app above keeps of the steps met outside the course changed: renew that scope
    (:func:`outside_steps_key`) alone."""
    _renew_now_and_at_commit({OUTSIDE_STEPS_KEY})


def everything_changed(**kwargs) -> None:
    """A site, a view restriction, an image, a document or a locale: the tree, every course
    and the translations."""
    _renew_now_and_at_commit(set(SHARED_TOKENS))


def _page_types() -> list:
    return [model for model in apps.get_models() if issubclass(model, Page)]


def _other_senders() -> list:
    """Every other model whose rows a kept outline or lesson body shows: sites, view
    restrictions, images and documents (a kept lesson body links to their files), and the
    locales (their ids and codes are kept, ``courses.localization``)."""
    return [Site, PageViewRestriction, get_image_model(), get_document_model(), Locale]


def connect_signals() -> None:
    # Bound to their senders: a receiver for every model would turn off Django's fast delete
    # (one DELETE instead of reading rows first) everywhere, sessions included.
    receivers = ((pages_changed, _page_types()), (everything_changed, _other_senders()))
    for receiver, senders in receivers:
        for sender in senders:
            label = sender._meta.label_lower
            post_save.connect(receiver, sender=sender, dispatch_uid=f"page-cache-save-{label}")
            post_delete.connect(receiver, sender=sender, dispatch_uid=f"page-cache-del-{label}")
    # Wagtail's own signals, sent for every page type (by the specific class).
    request_started.connect(_start_request, dispatch_uid="page-cache-request-started")
    request_finished.connect(_end_request, dispatch_uid="page-cache-request-finished")
    page_published.connect(pages_changed, dispatch_uid="page-cache-published")
    page_unpublished.connect(pages_changed, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(pages_changed, dispatch_uid="page-cache-moved")


# View restrictions -------------------------------------------------------------------------


def paths_checked_by_wagtail() -> frozenset[str]:
    """The tree paths of the pages that carry a view restriction or are an alias (few, usually
    none), in one query, cached. A page's ancestors are the prefixes of its own path."""
    cache_key = key("view-restrictions")
    paths = read(cache_key)
    if paths is None:
        pages = Page.objects.filter(
            Q(view_restrictions__isnull=False) | Q(alias_of__isnull=False)
        ).distinct()
        paths = frozenset(pages.values_list("path", flat=True))
        keep(cache_key, paths)
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
    """``course.live_lessons()`` as a list, cached in the course's generation."""
    return live_lessons_many([course])[course.pk]


def live_lessons_many(courses) -> dict[int, list]:
    """``live_lessons`` of each saved course by its id: the kept ones in one cache read, the
    others in one query for them all."""
    tokens = course_generations({course.path for course in courses})
    keys = {
        course.pk: course_key(course.path, "lessons", course.pk, token=tokens[course.path])
        for course in courses
    }
    kept = read_many(keys.values())
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
        keep_many({keys[pk]: outline for pk, outline in fresh.items()})
        lessons.update(fresh)
    return lessons


def every_course() -> tuple[list, frozenset[int]]:
    """(every live course page in tree order, streamfields deferred; the ids of the course pages
    not live), kept in the tree's generation: partner pages list courses on every view."""
    cache_key = key("every-course")
    kept = read(cache_key)
    if kept is None:
        from .models import CoursePage

        courses = list(CoursePage.objects.defer_streamfields().order_by("path"))
        live = [course for course in courses if course.live]
        warm_urls(live)
        kept = (live, frozenset(course.pk for course in courses if not course.live))
        keep(cache_key, kept)
    return kept


def course_of_key(course_path: str) -> str:
    """The key :func:`course_of` keeps the course of every page in the course at `course_path`
    under (it holds a one-item tuple: the course, or None)."""
    return course_key(course_path, "course")


def course_of(page):
    """The course a saved page inside one belongs to (``CourseChildPage.course``), cached in
    that course's generation: lesson, quiz and evaluation pages ask on every request."""
    if not page.pk or not page.path:
        return page.course
    cache_key = course_of_key(page.path[: -page.steplen])
    kept = read(cache_key)
    if kept is None:
        kept = (page.course,)  # a tuple, so "no course" is kept too
        keep(cache_key, kept)
    return kept[0]


def course_extras(course, *parts: str) -> dict:
    """A saved course's ``objectives``, ``sources`` and published ``prerequisites``, cached.

    Each part is kept on its own, so a page that needs one reads one row set when it is not
    kept yet. Objectives and sources change only when the course is saved (its generation);
    the prerequisites are other courses, so they are kept in the tree's generation. Previews
    read them from the page in hand instead (``courses.views.pages``).
    """
    parts = parts or ("objectives", "sources", "prerequisites")
    keys = {
        part: key(part, course.pk, course.path)
        if part == "prerequisites"
        else course_key(course.path, part, course.pk)
        for part in parts
    }
    kept = read_many(keys.values())
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
        keep(cache_key, value)
        extras[part] = value
    return extras
