"""Wagtail's page serving, with the page found in two queries instead of two per level.

Wagtail finds a page by walking down from the site's root: at each level one query for the child
with the next slug and one for its specific row, then two more for the view restrictions; a
lesson costs nine queries before its view runs. Every page stores its full ``url_path``, so the
whole chain (root to page) can be read in one query, then the page's own specific row in a
second. The site is cached (``courses.page_cache``), and so is the set of restricted pages.

The result is the same as Wagtail's walk: the deepest page matching the path, except where a
page on the way answers the rest of the path itself (a routable page's own route, as Wagtail
tries those first); its ``route`` then decides, exactly as in Wagtail (``live`` checks, routable
sub-paths, 404s). Anything this router does not model (translations, a page type with its own
``route``) falls back to Wagtail's walk. Then Wagtail's own ``serve`` view runs, with its hooks.
"""

import contextlib

from django.conf import settings
from django.http import Http404
from django.http.request import split_domain_port
from django.urls import re_path
from wagtail import urls as wagtail_urls
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from courses import page_cache


def _site(request):
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        try:
            request._wagtail_site = page_cache.site_for_hostname(hostname, request.get_port())
        except Site.DoesNotExist:
            request._wagtail_site = None
    return request._wagtail_site


def _own_route_answers(page: Page, path_components: list[str]) -> bool:
    """Would this page's specific class claim the rest of the path before its children?"""
    model = page.specific_class
    if model is None:
        return True  # an unknown type: let Wagtail decide
    if model.route is Page.route:
        return False
    if model.route is RoutablePageMixin.route:
        if not page.live:
            return False
        path = "/" + "".join(f"{part}/" for part in path_components)
        try:
            model.get_resolver().resolve(path)
        except Http404:
            return False
        return True
    return True  # a route of its own: let it (via Wagtail) decide


class _Fallback(Exception):
    pass


def route(request, site, path: str):
    """Wagtail's RouteResult for `path`, or None for a 404; raises _Fallback when unsure."""
    root = site.root_page
    components = [part for part in path.split("/") if part]
    candidates = [root.url_path]
    for part in components:
        candidates.append(f"{candidates[-1]}{part}/")
    found = {
        page.url_path: page
        for page in Page.objects.filter(
            url_path__in=candidates, path__startswith=root.path, depth__gte=root.depth
        )
    }
    chain = []
    for level, url_path in enumerate(candidates):
        page = found.get(url_path)
        if page is None or page.depth != root.depth + level:
            break
        if chain and not page.path.startswith(chain[-1].path):
            break
        chain.append(page)
    if not chain:
        raise _Fallback
    # Stop at the first page that would answer the rest of the path with a route of its own.
    for level, page in enumerate(chain[:-1]):
        model = page.specific_class
        if (
            model is not None
            and model.route is not Page.route
            and _own_route_answers(page, components[level:])
        ):
            chain = chain[: level + 1]
            break
    last = chain[-1]
    model = last.specific_class
    if model is None:
        raise _Fallback
    if model.route is not Page.route and model.route is not RoutablePageMixin.route:
        raise _Fallback
    page = last.specific
    if len(chain) > 1:
        page._cached_parent_obj = chain[-2]
    page._routed_ancestors = chain[:-1]
    try:
        return page.route(request, components[len(chain) - 1 :])
    except Http404:
        return None


def serve(request, path):
    """Wagtail's ``serve`` view, with the site and the route found by the cheaper means above."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) and not hasattr(
        request, "_wagtail_route_for_request"
    ):
        site = _site(request)
        if site is not None:
            with contextlib.suppress(_Fallback):
                request._wagtail_route_for_request = route(request, site, path)
    return wagtail_serve(request, path)


# Wagtail's own URLs (``include("lms.routing")``), with its page view swapped for the one above.
urlpatterns = [
    re_path(pattern.pattern.regex.pattern, serve, name="wagtail_serve")
    if getattr(pattern, "name", None) == "wagtail_serve"
    else pattern
    for pattern in wagtail_urls.urlpatterns
]
