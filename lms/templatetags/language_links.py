"""Links to the page in hand in another language (the header's language switcher)."""

from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Site

from accounts.language import address_in
from courses import page_cache
from courses.localization import locale_id_for

register = template.Library()


def page_in(page: Page, code: str, request, full_path: str) -> str | None:
    """The address of `page`'s translation in `code`, keeping the part of the address the page
    answers itself (a quiz attempt's ``attempt/<code>/``) and the query string.

    A page with no translation yet links to the nearest page above it that has one (the
    course catalog, the home page): the other language's version of the site, not a 404.
    """
    locale_id = locale_id_for(code)
    if locale_id is None or page.locale_id == locale_id:
        return None  # no such language, or the page is in it already: only the prefix changes
    url, is_own_page = translated_address(page, locale_id, request)
    if url is None or not is_own_page:
        return url
    parts = urlsplit(full_path)
    own_url = page.get_url(request) or ""
    rest = parts.path[len(own_url) :] if own_url and parts.path.startswith(own_url) else ""
    return url + rest + (f"?{parts.query}" if parts.query else "")


def translated_address(page: Page, locale_id: int, request) -> tuple[str | None, bool]:
    """(address of the nearest live translation in `locale_id` of `page` or a page above it,
    whether it is `page`'s own), kept under the generation of the site's translations
    (``courses.page_cache.translations_key``): every page's header asks, and the answer changes
    only when a translation or the tree's shape does. Two queries when not kept: the page's
    ancestors, and their live translations."""
    site = Site.find_for_request(request)
    cache_key = page_cache.translations_key(
        "translated-address", site.pk if site else "", page.pk, locale_id
    )
    kept = page_cache.read(cache_key)
    if kept is not None:
        return kept
    chain = [page, *page.get_ancestors().filter(depth__gt=1).reverse()]
    translations = {
        found.translation_key: found
        for found in Page.objects.live().filter(
            locale_id=locale_id, translation_key__in=[item.translation_key for item in chain]
        )
    }
    kept = (None, False)
    for candidate in chain:
        translated = translations.get(candidate.translation_key)
        if translated is not None:
            kept = (translated.get_url(request), candidate.pk == page.pk)
            break
    page_cache.keep(cache_key, kept)
    return kept


@register.simple_tag(takes_context=True)
def this_page_in(context, code: str) -> str:
    """The address of the current page in language `code`: a Wagtail page's translation
    (``/es/courses/naloxone/`` for ``/courses/naloxone/``), any other address with the
    language's prefix (``/es/privacy/``); that language's home page outside a request."""
    request = context.get("request")
    if request is None:
        with translation.override(code):
            return reverse("wagtail_serve", args=[""])
    page = context.get("page")
    if isinstance(page, Page) and page.pk:
        found = page_in(page, code, request, request.get_full_path())
        if found is not None:
            return found
    return address_in(request.get_full_path(), code)
