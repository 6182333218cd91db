"""Links to the page in hand in another language (the header's language switcher)."""

from django import template
from django.urls import reverse
from django.utils import translation

from accounts.language import address_in

register = template.Library()


@register.simple_tag(takes_context=True)
def this_page_in(context, code: str) -> str:
    """The address of the current page in language `code` (``/es/courses/`` for
    ``/courses/``), with its query string; that language's home page outside a request."""
    request = context.get("request")
    if request is None:
        with translation.override(code):
            return reverse("wagtail_serve", args=[""])
    return address_in(request.get_full_path(), code)
