"""Addresses of this site in the language the page is read in."""

from django import template
from django.utils import translation

from accounts.language import address_in

register = template.Library()


@register.filter
def in_active_language(url: str) -> str:
    """`url` (an address of this site) under the active language's prefix: ``/es/courses/x/``
    for ``/courses/x/`` on a Spanish page. No query: a Spanish address with no Spanish page
    is answered by the English one (lms.models.HomePage.route)."""
    return address_in(url, translation.get_language() or "en") if url else url
