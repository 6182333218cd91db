"""The page a path names, found in two queries instead of two per level (``HomePage.route``).

Wagtail finds a page by walking down from the site's root page: at each level one query for the
child with the next slug and one for its specific row. Every page stores its full ``url_path``,
so the whole chain below the root can be read in one query, then the specific row of the page
found in a second. What was found is kept under the page tree's generation
(``courses.page_cache``), keyed by the found page's own ``url_path`` (so by real pages only,
never by whatever path a visitor types), and read back with no query until the tree changes:
Wagtail's own serve view already spends two queries before this hook runs (the site, and the
root page's specific row), so a kept page holds a page view to what it cost before.

The result is Wagtail's: the deepest page on the path, unless a page on the way answers the rest
of the path with a route of its own (a routable page's sub-path: Wagtail tries those before its
children). That page's own ``route`` then runs with the rest of the path, so ``live`` checks,
sub-paths and 404s are exactly Wagtail's. Whenever this module cannot be sure (an unknown page
type, a page type with a ``route`` of its own making, a broken chain), it returns None and the
root page falls back to Wagtail's walk.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from courses import page_cache

KNOWN_ROUTES = (Page.route, RoutablePageMixin.route)


def _claims_rest(page: Page, rest: list[str]) -> bool:
    """Would Wagtail let `page` answer `rest` itself instead of looking among its children?"""
    model = page.specific_class
    if model is None:
        return True  # an unknown type: the caller falls back to Wagtail
    if model.route is Page.route or not rest:
        return False
    if model.route is RoutablePageMixin.route:
        if not page.live:
            return False  # Wagtail's routable route skips its sub-paths for a draft
        try:
            model.get_resolver().resolve("/" + "".join(f"{part}/" for part in rest))
        except Http404:
            return False
        return True
    return True  # a route of its own making: let it decide (the caller falls back)


def _first_claimer(chain: list[Page], components: list[str]) -> int:
    """The index in `chain` (level 1 first) of the page Wagtail would route to."""
    for index, page in enumerate(chain[:-1]):
        if _claims_rest(page, components[index + 1 :]):
            return index
    return len(chain) - 1


def _chain_from_database(root: Page, candidates: list[str]) -> list[Page]:
    """The pages below `root` whose ``url_path`` is on the way, in one query, level 1 first."""
    found = {
        page.url_path: page
        for page in Page.objects.filter(
            url_path__in=candidates, path__startswith=root.path, depth__gt=root.depth
        )
    }
    chain: list[Page] = []
    parent_path = root.path
    for level, url_path in enumerate(candidates, start=1):
        page = found.get(url_path)
        # url_path is only unique per tree: check the page hangs where the path says.
        if (
            page is None
            or page.depth != root.depth + level
            or page.path[: -page.steplen] != parent_path
        ):
            break
        chain.append(page)
        parent_path = page.path
    return chain


def find(root: Page, components: list[str]) -> tuple[Page, list[str]] | None:
    """The specific page Wagtail's walk from `root` would hand `components` to, and the rest of
    the path for its own ``route``; None when Wagtail's walk should decide."""
    candidates = []
    url_path = root.url_path
    for part in components:
        url_path += f"{part}/"
        candidates.append(url_path)
    token = page_cache.generation()
    keys = [page_cache.key("route", root.pk, url_path, token=token) for url_path in candidates]
    kept = page_cache.read_many(keys)
    for level in range(len(candidates), 0, -1):
        entry = kept.get(keys[level - 1])
        if entry is None:
            continue
        ancestors, page = entry
        # Kept pages passed the checks below when they were read. Served from the entry when
        # no ancestor claims the rest and either the whole path is the page or the page
        # answers the rest itself; otherwise the rest may name a child: read the tree.
        if _first_claimer([*ancestors, page], components) == len(ancestors) and (
            level == len(candidates) or _claims_rest(page, components[level:])
        ):
            return page, components[level:]
        break

    chain = _chain_from_database(root, candidates)
    if not chain:
        return None
    index = _first_claimer(chain, components)
    last = chain[index]
    model = last.specific_class
    if model is None or model.route not in KNOWN_ROUTES:
        return None
    page = last.specific
    page_cache.keep(
        page_cache.key("route", root.pk, page.url_path, token=token), (chain[:index], page)
    )
    return page, components[index + 1 :]


def fill_after_publish(sender=None, instance=None, **kwargs) -> None:
    """``page_published`` receiver: once the publish is committed (and the tree's new token is
    in place), find the published page's path again, so the first visitor after a publish does
    not pay the two queries. Connected after the page cache's receiver (lms is the last app)."""
    path, url_path = getattr(instance, "path", ""), getattr(instance, "url_path", "")
    step = Page.steplen
    if not path or len(path) <= 2 * step or not url_path:
        return  # the root or a site's home page: not found through this module

    def fill() -> None:
        root = Page.objects.filter(path=path[: 2 * step]).first()
        if root is None or not url_path.startswith(root.url_path):
            return
        components = url_path[len(root.url_path) :].strip("/").split("/")
        find(root, components)

    transaction.on_commit(fill, robust=True)
