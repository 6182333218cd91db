"""What is kept between requests (courses/page_cache.py, lms/page_lookup.py) never outlives a change.

Each test first shows a page (so the site, the course outline or the lesson body is kept), then
changes the page tree the way a trainer does in Wagtail (publish, unpublish, a new lesson, a
restriction) and reads the page again as a learner would.
"""

import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models.deletion import Collector
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from accounts.models import Invitation
from courses.models import LessonProgress, SavedAnswers
from tests.courses.conftest import enrol, make_course, make_lesson, make_quiz

pytestmark = pytest.mark.django_db


def test_a_newly_published_lesson_appears_in_the_course_outline(client, course):
    assert "A brand-new lesson" not in client.get(course.url).content.decode()

    make_lesson(course, "A brand-new lesson")

    assert "A brand-new lesson" in client.get(course.url).content.decode()


def test_an_unpublished_lesson_leaves_the_outline_and_is_not_served(
    learner_client, learner, course, lessons
):
    enrol(learner, course)
    last = lessons[-1]
    assert last.title in learner_client.get(course.url).content.decode()

    last.unpublish()

    assert last.title not in learner_client.get(course.url).content.decode()
    assert learner_client.get(last.url).status_code == 404


def test_a_published_edit_of_a_lesson_body_shows_at_once_and_a_draft_does_not(
    learner_client, learner, course, lessons
):
    enrol(learner, course)
    lesson = lessons[0]
    assert "rescue breathing matters" in learner_client.get(lesson.url).content.decode()

    draft = lesson.specific
    draft.body = [("rich_text", "<p>Draft words nobody sees yet.</p>")]
    draft.save_revision()
    html = learner_client.get(lesson.url).content.decode()
    assert "rescue breathing matters" in html
    assert "Draft words" not in html

    draft.get_latest_revision().publish()
    html = learner_client.get(lesson.url).content.decode()
    assert "Draft words nobody sees yet." in html
    assert "rescue breathing matters" not in html


def test_a_view_restriction_added_later_applies_at_once(client, course):
    assert client.get(course.url).status_code == 200

    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(course.url)
    assert response.status_code == 302
    assert "login" in response.url


def test_a_view_restriction_taken_off_applies_at_once(client, course):
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(course.url).status_code == 302

    restriction.delete()

    assert client.get(course.url).status_code == 200


def test_a_newly_published_course_appears_in_the_catalog(client, catalog, course):
    assert "Wound care basics" not in client.get(catalog.url).content.decode()

    new = make_course(catalog, "Wound care basics", live=False)
    assert "Wound care basics" not in client.get(catalog.url).content.decode()
    new.save_revision().publish()

    assert "Wound care basics" in client.get(catalog.url).content.decode()


@pytest.mark.parametrize("model", [Session, LessonProgress, SavedAnswers, Invitation])
def test_the_page_caches_receivers_leave_djangos_fast_delete_on(model):
    # A receiver of every model's post_delete makes Django read each row before deleting it.
    assert Collector(using="default").can_fast_delete(model.objects.all())


def test_deleting_every_session_is_one_query(client, learner, django_assert_num_queries):
    client.force_login(learner)
    assert Session.objects.exists()

    with django_assert_num_queries(1):
        Session.objects.all().delete()

    assert not Session.objects.exists()


NOT_FOUND = {
    "lesson-1/nothing-here/",
    "no-such-lesson/",
    "no-such-lesson/deeper/",
    "post-test/nothing-here/",
    "draft-lesson/",
}


@pytest.mark.parametrize(
    "suffix",
    [
        "",
        "enrol/",
        "lesson-1/",
        "lesson-1/complete/",
        "lesson-1/reflection/",
        "lesson-1/nothing-here/",
        "no-such-lesson/",
        "no-such-lesson/deeper/",
        "post-test/",
        "post-test/attempt/ABCD/",
        "post-test/attempt/ABCD/result/",
        "post-test/nothing-here/",
        "draft-lesson/",
    ],
)
def test_the_home_pages_route_finds_what_wagtails_walk_finds(course, lessons, suffix):
    make_quiz(course, "post_test")
    make_lesson(course, "Draft lesson", live=False)
    home = Site.objects.get(is_default_site=True).root_page.specific
    path = course.url.lstrip("/") + suffix
    components = [part for part in path.split("/") if part]

    def routed(route):
        request = RequestFactory().get("/" + path)
        try:
            found = route(request, components)
        except Http404:
            return None
        return (found.page.pk, found.page.specific_class, found.args[1:], found.kwargs)

    wagtails_walk = routed(lambda request, parts: Page.route(home, request, parts))
    assert (wagtails_walk is None) == (suffix in NOT_FOUND)
    # Twice: first read from the database, then from what the first request kept.
    assert routed(home.route) == wagtails_walk
    assert routed(home.route) == wagtails_walk


def test_a_kept_route_costs_no_query(course, lessons, django_assert_num_queries):
    home = Site.objects.get(is_default_site=True).root_page.specific
    components = [part for part in lessons[0].url.split("/") if part]
    with django_assert_num_queries(2):  # the chain of pages, then the lesson's specific row
        home.route(RequestFactory().get(lessons[0].url), components)
    with django_assert_num_queries(0):
        found = home.route(RequestFactory().get(lessons[0].url), components)
    assert found.page == lessons[0]


def test_a_page_under_an_unpublished_course_is_a_404(learner_client, learner, course, lessons):
    enrol(learner, course)
    Page.objects.get(pk=course.pk).specific.unpublish()

    assert learner_client.get(lessons[0].url).status_code == 404


# The Spanish tree: the same lookup from the Spanish home page --------------------------------


def spanish_version(course):
    """The course and its pages translated to Spanish (Wagtail's copy_for_translation), the
    draft lesson left a draft, as a trainer translating in the CMS would leave them."""
    from wagtail.models import Locale

    from courses.localization import translated_catalog

    spanish = Locale.objects.get(language_code="es")
    translated_catalog(course.get_parent().specific, "es")
    translated = course.copy_for_translation(spanish)
    translated.save_revision().publish()
    for child in course.get_children().specific():
        copy = child.copy_for_translation(spanish)
        if child.live:
            copy.save_revision().publish()
    return translated.specific


@pytest.mark.parametrize(
    "suffix",
    [
        "",
        "enrol/",
        "lesson-1/",
        "lesson-1/complete/",
        "lesson-1/nothing-here/",
        "no-such-lesson/",
        "post-test/",
        "post-test/attempt/ABCD/",
        "draft-lesson/",
    ],
)
def test_the_spanish_home_pages_route_finds_what_wagtails_walk_finds(course, lessons, suffix):
    make_quiz(course, "post_test")
    make_lesson(course, "Draft lesson", live=False)
    spanish_course = spanish_version(course)
    home = spanish_course.get_parent().get_parent().specific
    assert home.locale.language_code == "es"
    path = spanish_course.url_path[len(home.url_path) :] + suffix
    components = [part for part in path.split("/") if part]

    def routed(route):
        request = RequestFactory().get("/es/" + path)
        try:
            found = route(request, components)
        except Http404:
            return None
        return (found.page.pk, found.page.specific_class, found.args[1:], found.kwargs)

    wagtails_walk = routed(lambda request, parts: Page.route(home, request, parts))
    # The Spanish home's own route finds the Spanish pages, as Wagtail's walk does; for a
    # path the Spanish tree does not have, it answers with the English page instead.
    english_home = Site.objects.get(is_default_site=True).root_page.specific
    english_walk = routed(lambda request, parts: Page.route(english_home, request, parts))
    expected = wagtails_walk if wagtails_walk is not None else english_walk
    assert (expected is None) == (suffix in NOT_FOUND)
    assert routed(home.route) == expected
    assert routed(home.route) == expected
    if wagtails_walk is not None:
        assert Page.objects.get(pk=wagtails_walk[0]).locale.language_code == "es"


def test_spanish_addresses_serve_spanish_pages_and_the_switcher_links_them(client, course, lessons):
    spanish_course = spanish_version(course)
    spanish_lesson = lessons[0].get_translation(spanish_course.locale)
    spanish_lesson.title = "Lección uno"
    spanish_lesson.save_revision().publish()
    english_url, spanish_url = lessons[0].url, spanish_lesson.url
    english_course_url = course.url
    assert spanish_url.startswith("/es/")

    english = client.get(english_course_url).content.decode()
    assert f'href="{spanish_course.url}" hreflang="es"' in english
    spanish = client.get(spanish_course.url).content.decode()
    assert "Lección uno" in spanish
    assert f'href="{english_course_url}" hreflang="en"' in spanish
    # Old unprefixed links keep working, in English.
    assert client.get(english_url).status_code in (200, 302)


def test_the_switcher_follows_a_translation_as_soon_as_it_is_published(client, course):
    from wagtail.models import Locale

    from courses.localization import translated_catalog

    spanish_catalog = translated_catalog(course.get_parent().specific, "es")
    course_url = course.url
    # No Spanish course yet: the switcher offers the nearest page that is in Spanish.
    assert f'href="{spanish_catalog.url}" hreflang="es"' in client.get(course_url).content.decode()

    translated = course.copy_for_translation(Locale.objects.get(language_code="es"))
    translated.save_revision().publish()

    assert f'href="{translated.url}" hreflang="es"' in client.get(course_url).content.decode()


def _queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _retitle_and_publish(page, title: str) -> None:
    page = Page.objects.get(pk=page.pk).specific
    page.title = title
    page.save_revision().publish()


@pytest.fixture
def two_courses(learner_client, learner, catalog):
    first = make_course(catalog, "Naloxone in the field", lessons=2)
    second = make_course(catalog, "Wound care basics", lessons=2)
    make_quiz(second, "post_test")
    for course in (first, second):
        enrol(learner, course)
    lesson = second.live_lessons().first()
    learner_client.get(lesson.url)  # its first view records it; then it is a steady view
    learner_client.get(lesson.url)
    return first, second, lesson


def test_a_publish_in_one_course_keeps_every_other_courses_outline(learner_client, two_courses):
    first, second, lesson = two_courses
    steady = _queries_of(learner_client, lesson.url)

    _retitle_and_publish(list(first.live_lessons())[1], "Naloxone: after the rescue")

    # Only the tree's entries are read again: which page the path names (the chain of pages,
    # then the lesson's own row) and the restricted paths. The second course's outline, steps
    # and course row stay kept (reading them again would be three queries more), and so does
    # its lesson body.
    assert _queries_of(learner_client, lesson.url) == steady + 3
    assert _queries_of(learner_client, lesson.url) == steady
    # The course that changed shows it at once.
    assert "Naloxone: after the rescue" in learner_client.get(first.url).content.decode()
    assert "Naloxone: after the rescue" not in learner_client.get(second.url).content.decode()


def test_a_publish_in_a_course_renews_its_own_outline(learner_client, two_courses):
    _first, second, lesson = two_courses
    steady = _queries_of(learner_client, lesson.url)

    _retitle_and_publish(list(second.live_lessons())[1], "Wound care: when to refer")

    html = learner_client.get(lesson.url).content.decode()
    assert "Next: Wound care: when to refer" in html
    assert _queries_of(learner_client, lesson.url) == steady


def test_a_publish_above_the_courses_renews_every_course(learner_client, catalog, two_courses):
    _first, _second, lesson = two_courses
    steady = _queries_of(learner_client, lesson.url)

    catalog = Page.objects.get(pk=catalog.pk).specific
    catalog.save_revision().publish()

    # The catalog's address is part of every course's: the outline, steps and course row are
    # read again as well as the route and the restricted paths.
    assert _queries_of(learner_client, lesson.url) > steady + 3
    assert _queries_of(learner_client, lesson.url) == steady


class CountingCache:
    """The default cache, counting the reads that ask for generation tokens."""

    def __init__(self, cache):
        self.cache, self.token_reads = cache, 0

    def get_many(self, keys):
        keys = list(keys)
        if any(key.endswith(":generation") for key in keys):
            self.token_reads += 1
        return self.cache.get_many(keys)

    def __getattr__(self, name):
        return getattr(self.cache, name)


def test_a_lesson_view_reads_the_tokens_once_and_a_publish_still_shows_next(
    learner_client, learner, course, lessons, monkeypatch
):
    from courses import page_cache

    enrol(learner, course)
    lesson = lessons[0]
    learner_client.get(lesson.url)  # its first view records it; then it is a steady view
    counting = CountingCache(page_cache.cache)
    monkeypatch.setattr(page_cache, "cache", counting)

    assert learner_client.get(lesson.url).status_code == 200
    # The tree's and the course's tokens are asked for six times by a lesson view: the tree's
    # (with the one every course shares) once, the course's once.
    assert counting.token_reads == 2

    _retitle_and_publish(lesson, "Rescue breathing, retitled")
    counting.token_reads = 0  # the publish read some itself (outside a request, every ask)
    assert "Rescue breathing, retitled" in learner_client.get(lesson.url).content.decode()
    assert counting.token_reads == 2  # read again by the next request, not kept between them


class SharedCacheReads:
    """The default (shared) cache, noting every key read from it."""

    def __init__(self, cache):
        self.cache, self.keys = cache, []

    def get(self, key, *args, **kwargs):
        self.keys.append(key)
        return self.cache.get(key, *args, **kwargs)

    def get_many(self, keys):
        keys = list(keys)
        self.keys += keys
        return self.cache.get_many(keys)

    def __getattr__(self, name):
        return getattr(self.cache, name)

    def page_entries(self) -> list[str]:
        return [
            key
            for key in self.keys
            if key.startswith("open-door:pages") and "generation" not in key
        ]


def _page_without_csrf(client, url: str) -> str:
    # Every response masks the CSRF token afresh; the rest of the page is what is compared.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())


def test_a_steady_lesson_view_reads_only_the_tokens_from_the_shared_cache(
    learner_client, learner, course, lessons, monkeypatch
):
    from django.core.cache import caches

    from courses import page_cache

    enrol(learner, course)
    lesson = lessons[0]
    learner_client.get(lesson.url)  # records the first view
    first = _page_without_csrf(learner_client, lesson.url)
    shared = SharedCacheReads(page_cache.cache)
    monkeypatch.setattr(page_cache, "cache", shared)

    assert _page_without_csrf(learner_client, lesson.url) == first
    # Route, restricted paths, course, outline, steps, body, switcher, locales: this process's
    # copies (an entry under a token never changes), so only the tokens cross to the cache.
    assert shared.page_entries() == []

    # A process that has no copies yet (another app server) reads them from the shared cache,
    # keeps them, and draws the same page.
    caches[page_cache.LOCAL].clear()
    assert _page_without_csrf(learner_client, lesson.url) == first
    read_from_shared = len(shared.page_entries())
    assert read_from_shared > 0
    assert _page_without_csrf(learner_client, lesson.url) == first
    assert len(shared.page_entries()) == read_from_shared


def test_a_publish_shows_at_once_though_this_process_keeps_copies(
    learner_client, learner, course, lessons
):
    enrol(learner, course)
    lesson = lessons[0]
    learner_client.get(lesson.url)
    assert "Rescue breathing, retitled" not in learner_client.get(lesson.url).content.decode()

    _retitle_and_publish(lesson, "Rescue breathing, retitled")

    assert "Rescue breathing, retitled" in learner_client.get(lesson.url).content.decode()


def test_the_first_view_after_a_publish_costs_what_a_steady_view_costs(
    learner_client, learner, course, lessons, django_capture_on_commit_callbacks
):
    enrol(learner, course)
    lesson = lessons[0]
    learner_client.get(lesson.url)  # its first view records it; then it is a steady view
    steady = _queries_of(learner_client, lesson.url)

    # The publisher's commit renews the tokens, then reads the course's entries and the page's
    # route again (courses.services.warm, lms.page_lookup.fill_after_publish).
    with django_capture_on_commit_callbacks(execute=True):
        _retitle_and_publish(lesson, "Rescue breathing, retitled")

    with CaptureQueriesContext(connection) as captured:
        html = learner_client.get(lesson.url).content.decode()
    assert "Rescue breathing, retitled" in html
    assert len(captured) == steady


def test_a_publish_fills_entries_a_second_server_reads_without_a_query(
    learner_client, learner, course, lessons, django_capture_on_commit_callbacks
):
    from django.core.cache import caches

    from courses import page_cache

    enrol(learner, course)
    lesson = lessons[0]
    learner_client.get(lesson.url)
    steady = _queries_of(learner_client, lesson.url)
    with django_capture_on_commit_callbacks(execute=True):
        _retitle_and_publish(lesson, "Rescue breathing, retitled")
    caches[page_cache.LOCAL].clear()  # another app server: only the shared cache has them

    with CaptureQueriesContext(connection) as captured:
        html = learner_client.get(lesson.url).content.decode()
    assert "Rescue breathing, retitled" in html
    assert len(captured) == steady
