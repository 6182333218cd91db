"""Headings and buttons in the site's own style: sentence case ("Sign in", not "Sign In").

allauth's pages say "Sign In", "Email Addresses", "Change Password"; the rest of the site
capitalizes only the first word. Its element templates (``templates/allauth/elements``) and
page titles pass their words through :func:`sentence_case`, so every allauth page reads as
ours without copying its templates.
"""

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Names that keep their capitals wherever they appear.
PROPER_NAMES = ("Open Door",)
_TAG = re.compile(r"(<[^>]*>)")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")


def _lower_title_word(match: re.Match) -> str:
    word = match.group(0)
    # "Sign In" -> "in"; "TOTP", "I", "I'm" stay as they are.
    if word[1:].islower() and word[:1].isupper() and not re.match(r"I\b|I['\u2019]", word):
        return word.lower()
    return word


def _sentence_case_text(text: str, *, first: bool) -> tuple[str, bool]:
    """Lower Title-case words in `text`, except the sentence's first word and proper names."""
    kept = {}
    for number, name in enumerate(PROPER_NAMES):
        placeholder = f"\x00{number}\x00"
        kept[placeholder] = name
        text = text.replace(name, placeholder)
    result = []
    position = 0
    for match in _WORD.finditer(text):
        result.append(text[position : match.start()])
        if first:
            result.append(match.group(0))
            first = False
        else:
            result.append(_lower_title_word(match))
        position = match.end()
    result.append(text[position:])
    text = "".join(result)
    for placeholder, name in kept.items():
        text = text.replace(placeholder, name)
    return text, first


@register.filter(is_safe=True)
def sentence_case(value):
    """'Sign In' -> 'Sign in', 'Two-Factor Authentication' -> 'Two-factor authentication'.

    Markup in `value` is left alone (only text between tags changes), and the result is as
    safe as `value` was.
    """
    is_safe = isinstance(value, SafeString)
    parts = _TAG.split(str(value))
    first = True
    for index, part in enumerate(parts):
        if index % 2 == 0 and part:
            parts[index], first = _sentence_case_text(part, first=first)
    text = "".join(parts)
    return mark_safe(text) if is_safe else text  # noqa: S308 - only letter case changed


@register.filter(is_safe=True)
def one_line(value):
    """Whitespace and line breaks (allauth's block layout) collapsed to single spaces."""
    text = " ".join(str(value).split())
    return mark_safe(text) if isinstance(value, SafeString) else text  # noqa: S308
