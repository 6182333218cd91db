"""Whole pages rendered once, then served again from each worker's memory until what they show
changes.

A page can be kept when what it shows depends only on its address, the language, the day, who
is asking (nobody, or one signed-in person) and content that has a *generation*
(``accounts.generations``): ``pages`` (the page tree, renewed on every publish),
``certificates`` (on every issue, correction, revocation or expiry), and each person's own
(``person_changed``: whenever anything of theirs changes, their enrolments, lesson progress,
attempts, evaluations, reflections, certificates, memberships or account). A view says so with
:func:`keep`, naming the generations beyond ``pages`` and the asker's own.
:class:`ResponseCacheMiddleware` then serves the kept response while all of them, the address,
the language and the day are unchanged. A publish, a revocation or a learner's own step shows
on the next request; nothing is kept by time except the day (a certificate past its date reads
"expired", a course falls due for review).

Kept: GET requests answered 200 without cookies of their own, with no messages waiting (a
message is shown once, and a page showing it is not kept) and no change to the session.
Visitors without a session share one copy; a signed-in person has their own (the key holds
their id; their session was checked by Django's authentication middleware first). The CSRF
token in the page's forms is cut out when it is kept and filled in with the asker's own token
when it is served, which also sets their CSRF cookie as Django would.

What a served page skips is the view. ``accounts.ratelimit``'s count on the verification page
sees only the first request for a code in each generation (later ones are for a code already
found; guessing codes still reaches the view and is counted). The first view of a lesson is
never served from here (it starts the clock, a change of the learner's that is recorded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from accounts.generations import ProcessMemory, generations, person_generation

from .page_cache import PAGES

ATTRIBUTE = "open_door_kept_with"
# Django's {% csrf_token %}: the hidden field's value is the only part that differs per request.
CSRF_VALUE = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(?=")')
MAX_QUERY_STRING = 300  # longer query strings are not even looked up
SKIPPED_HEADERS = frozenset({"content-length"})

# Every generation a kept page may name; apps add theirs when they start.
_generation_names = {PAGES}


def register_generation(name: str) -> None:
    """Let kept pages name `name` (renewed with ``accounts.generations.content_changed``)."""
    _generation_names.add(name)


def keep(response, *generations: str, parameters: tuple[str, ...] = ()):
    """Mark `response` as depending only on what the module says, and on `generations`.

    `parameters` are the query parameters the page reads (the catalog's filters): a request
    with any other parameter is answered but not kept, so made-up addresses cannot fill the
    store and push out the pages people read.
    """
    unknown = set(generations) - _generation_names
    if unknown:
        raise ValueError(f"Register these generations first: {sorted(unknown)}")
    setattr(response, ATTRIBUTE, ((PAGES, *generations), frozenset(parameters)))
    return response


def keep_page(response, page, *generations: str, parameters: tuple[str, ...] = ()):
    """:func:`keep` for a Wagtail page, unless it or an ancestor has a view restriction (who
    may see it is then decided per session, by a password or a group, before its view)."""
    if not page.get_view_restrictions().exists():
        keep(response, *generations, parameters=parameters)
    return response


@dataclass(frozen=True)
class Entry:
    tokens: dict[str, str]
    headers: tuple[tuple[str, str], ...]
    chunks: tuple[bytes, ...]  # the content, cut where a CSRF token goes

    def response(self, request) -> HttpResponse:
        content = self.chunks[0]
        if len(self.chunks) > 1:
            content = get_token(request).encode().join(self.chunks)
        response = HttpResponse(content)
        for name, value in self.headers:
            response[name] = value
        return response


store = ProcessMemory("RESPONSE_CACHE_ENTRIES", 1000)
# A test that changes a setting may change what a page shows.
setting_changed.connect(store.clear, dispatch_uid="open-door-response-cache")


def _asker(request) -> int | bool | None:
    """None for a visitor without a session, the user's id when signed in, False otherwise."""
    cookies = request.COOKIES
    if CookieStorage.cookie_name in cookies:
        return False  # a message waits to be shown
    if settings.SESSION_COOKIE_NAME not in cookies:
        return None
    user = request.user
    if not user.is_authenticated or SessionStorage.session_key in request.session:
        return False
    return user.pk


def _key(request) -> tuple | None:
    """The entry a request may be served from, or None when it must reach the view."""
    if request.method != "GET" or not getattr(settings, "RESPONSE_CACHE", True):
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_STRING:
        return None
    asker = _asker(request)
    if asker is False:
        return None
    return (
        asker,
        request.get_host(),
        request.path,
        query,
        translation.get_language(),  # as activated for this request (its pages are drawn in it)
        timezone.localdate(),
    )


def _generations_for(asker) -> list[str]:
    names = list(_generation_names)
    if asker is not None:
        names.append(person_generation(asker))
    return names


def _entry_for(request, response, asker, tokens: dict[str, str]) -> Entry | None:
    names, parameters = getattr(response, ATTRIBUTE, (None, frozenset()))
    user = request.user
    if (
        not names
        or not parameters.issuperset(request.GET)
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or (user.pk if user.is_authenticated else None) != asker
        or getattr(getattr(request, "_messages", None), "added_new", False)
        or (asker is not None and request.session.modified)
    ):
        return None
    if asker is not None:
        names = (*names, person_generation(asker))
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS
    )
    return Entry(
        tokens={name: tokens[name] for name in names},
        headers=headers,
        chunks=tuple(CSRF_VALUE.split(response.content)),
    )


class ResponseCacheMiddleware:
    """Serve and keep responses marked with :func:`keep` (see the module).

    Placed after the session, locale, CSRF, authentication, message and security-header
    middleware, so a served page gets the asker's language, CSRF cookie and headers as any
    other response does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request)
        if key is None:
            return self.get_response(request)
        entry = store.get(key)
        if entry is not None:
            if generations(entry.tokens) == entry.tokens:
                return entry.response(request)
            store.discard(key)
        # Read before the view: a change made while it renders cannot be kept as current.
        asker = key[0]
        tokens = generations(_generations_for(asker))
        response = self.get_response(request)
        entry = _entry_for(request, response, asker, tokens)
        if entry is not None:
            store.put(key, entry)
        return response


class KeptPageMixin:
    """For page models whose own page (not its sub-routes) depends only on the page tree, the
    asker and their own records: home, catalog, course."""

    kept_query_parameters: tuple[str, ...] = ()

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        route = getattr(request, "routable_resolver_match", None)
        if route is None or route.url_name == "index_route":
            keep_page(response, self, parameters=self.kept_query_parameters)
        return response
