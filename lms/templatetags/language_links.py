"""Links to the page in hand in another language (the header's language switcher)."""

from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page

from accounts.language import address_in

register = template.Library()


def _live_translation(page: Page, code: str) -> Page | None:
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        return None
    if page.locale_id == locale.pk:
        return page
    translated = page.get_translation_or_none(locale)
    return translated if translated is not None and translated.live else None


def page_in(page: Page, code: str, request, full_path: str) -> str | None:
    """The address of `page`'s translation in `code`, keeping the part of the address the page
    answers itself (a quiz attempt's ``attempt/<code>/``) and the query string.

    A page with no translation yet links to the nearest page above it that has one (the
    course catalog, the home page): the other language's version of the site, not a 404.
    """
    path = urlsplit(full_path).path
    query = urlsplit(full_path).query
    own_url = page.get_url(request) or ""
    rest = path[len(own_url) :] if own_url and path.startswith(own_url) else ""
    for candidate in [page, *page.get_ancestors(inclusive=False).reverse()]:
        translated = _live_translation(candidate, code)
        if translated is not None:
            url = translated.get_url(request)
            if url is None:
                return None
            if candidate.pk == page.pk:
                url += rest
            return url + (f"?{query}" if query and candidate.pk == page.pk else "")
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
