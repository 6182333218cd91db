"""Links to the page in hand in another language (the header's language switcher)."""

from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from accounts.language import address_in
from courses.localization import locale_id_for

register = template.Library()


def page_in(page: Page, code: str, request, full_path: str) -> str | None:
    """The address of `page`'s translation in `code`, keeping the part of the address the page
    answers itself (a quiz attempt's ``attempt/<code>/``) and the query string.

    A page with no translation yet links to the nearest page above it that has one (the
    course catalog, the home page): the other language's version of the site, not a 404.
    Two queries: the page's ancestors, and their live translations.
    """
    locale_id = locale_id_for(code)
    if locale_id is None:
        return None
    if page.locale_id == locale_id:
        return None  # the page is in that language already: only the prefix changes
    chain = [page, *page.get_ancestors().filter(depth__gt=1).reverse()]
    translations = {
        found.translation_key: found
        for found in Page.objects.live().filter(
            locale_id=locale_id, translation_key__in=[item.translation_key for item in chain]
        )
    }
    parts = urlsplit(full_path)
    for candidate in chain:
        translated = translations.get(candidate.translation_key)
        if translated is None:
            continue
        url = translated.get_url(request)
        if url is None:
            return None
        if candidate.pk != page.pk:
            return url
        own_url = page.get_url(request) or ""
        rest = parts.path[len(own_url) :] if own_url and parts.path.startswith(own_url) else ""
        return url + rest + (f"?{parts.query}" if parts.query else "")
    return None


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
