"""What browsers, shared caches and our own cache may keep of a response.

Signed in: a page drawn for a signed-in person shows their records (progress, certificates,
their staff's names), so no cache may store it: ``Cache-Control: private, no-store``, drawn
every time. On a shared computer in a drop-in centre, Back after signing out would otherwise
show the last person's pages from the browser's cache.

Visitors: a visitor's page is the same for every visitor. It carries no CSRF token (no form on
it needs one), the visit starts no session, and the language is in the address (``/es/...``).
So a GET answered with 200 and no cookie is kept in Django's cache (the default cache: Redis in
production, shared by every app server) for ``ANONYMOUS_PAGE_CACHE_SECONDS`` and marked
``public, max-age=...``, so that browsers and a CDN may keep it as long. Publishing,
unpublishing, moving or deleting a page (or saving a site, a view restriction, an image or a
document) starts a new ``courses.page_cache`` generation, which is part of every kept page's
key: the next visitor gets a freshly drawn page. (A CDN in front is purged by Wagtail's
frontend cache app: docs/operations.md.)

A request that carries a session cookie (someone signed in, or signing in) or a message to show
is never answered from the cache. Other cookies (the CSRF cookie a sign-in form leaves, an old
language cookie) change nothing on a visitor's page, so they do not split the cache; responses
still say ``Vary: Cookie`` for the caches in front, which cannot know that.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.utils.cache import (
    cc_delim_re,
    get_cache_key,
    learn_cache_key,
    patch_cache_control,
    patch_vary_headers,
)

from courses import page_cache

NOT_FOR_SHARED_CACHES = {"private", "no-store", "no-cache"}
STAFF_PREFIXES = ("/cms/", "/django-admin/")


def anonymous_cache_prefix() -> str:
    """The key prefix of visitors' pages: it changes whenever the page tree does."""
    return f"open-door:anonymous-pages:{page_cache.generation()}"


def _asks_as_a_visitor(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.ANONYMOUS_PAGE_CACHE_SECONDS > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.path_info.startswith(STAFF_PREFIXES)
    )


def _same_for_every_visitor(response) -> bool:
    directives = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not directives & NOT_FOR_SHARED_CACHES
    )


class PageCacheMiddleware:
    """Visitors' pages from the cache; ``private, no-store`` on every signed-in response.

    After LocaleMiddleware (the active language is part of a kept page's key) and before
    everything that only a drawn page needs (CSRF, authentication, messages, CSP, ...): a kept
    page skips them all; the headers they added were kept with it. A response to the request
    that signs someone out is for a visitor again (Django's ``logout`` replaces
    ``request.user``), but it sets a cookie, so it is not kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[settings.CACHE_MIDDLEWARE_ALIAS]

    def __call__(self, request):
        as_visitor = _asks_as_a_visitor(request)
        if as_visitor:
            prefix = anonymous_cache_prefix()
            key = get_cache_key(request, prefix, "GET", cache=self.cache)
            kept = self.cache.get(key) if key is not None else None
            if kept is not None:
                return kept
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        elif as_visitor and _same_for_every_visitor(response):
            seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
            patch_cache_control(response, public=True, max_age=seconds)
            # The key is learnt before "Cookie" joins Vary, so cookies that do not matter
            # here (see above) do not give each visitor a copy of their own.
            key = learn_cache_key(request, response, seconds, prefix, cache=self.cache)
            patch_vary_headers(response, ["Cookie"])
            if request.method == "GET":  # a HEAD is answered from a GET's copy, not kept
                self.cache.set(key, response, seconds)
        return response
