"""A small per-client rate limit for public pages that allauth does not cover (e.g. /verify/).

Fixed windows counted in Django's cache (shared by every worker in production). The client is
identified the way allauth does it, so its proxy settings (``ALLAUTH_TRUSTED_PROXY_COUNT``,
``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``) apply here too.

Each request is counted and checked in one step (:func:`hit`: ``cache.add`` then
``cache.incr``), never "read the count, decide, write it later": parallel requests then each
get their own number, and exactly `limit` of them are let through. That holds where the
cache's ``incr`` is atomic: Redis (one ``INCR``) and the in-memory cache (a lock, within one
process). Django's file and database caches implement ``incr`` as a read then a write, so
requests that arrive together on several workers can still slip a few past the limit there.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render


def client_key(request) -> str:
    try:
        ip = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        ip = "unknown"
    return hashlib.sha256(ip.encode()).hexdigest()[:32]  # no raw addresses in the cache


def _window(request, scope: str, period: int, who: str | None) -> tuple[str, int]:
    """The cache key of the current window, and the seconds until it ends."""
    now = int(time.time())
    window = now // period
    key = f"ratelimit:{scope}:{who or client_key(request)}:{window}"
    return key, (window + 1) * period - now


def hit(request, scope: str, *, limit: int, period: int, who: str | None = None) -> int | None:
    """Count one request from this client (or from `who`, e.g. an account) in `scope`.

    Returns None while the client is within `limit` requests per `period` seconds, otherwise
    the number of seconds until the window resets.
    """
    key, retry_after = _window(request, scope, period, who)
    if cache.add(key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window's key expired in between: this request opens a new one
            count = 1 if cache.add(key, 1, timeout=period + 1) else cache.incr(key)
    if count > limit:
        return retry_after
    return None


def give_back(request, scope: str, *, period: int, who: str | None = None) -> None:
    """Undo one :func:`hit`, for a request that turned out not to count (a right join code)."""
    key, _retry_after = _window(request, scope, period, who)
    with contextlib.suppress(ValueError):  # the window ended meanwhile; its count is gone
        cache.decr(key)


def too_many_requests(request, retry_after: int):
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(max(1, retry_after))
    return response


def rate_limit(scope: str, *, limit: int, period: int = 60):
    """Decorate a view: past `limit` requests per `period` seconds a client gets a 429 page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            retry_after = hit(request, scope, limit=limit, period=period)
            if retry_after is not None:
                return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
