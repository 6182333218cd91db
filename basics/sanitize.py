"""The one place that makes text and HTML a person supplies safe (everything that is not a Wagtail
rich-text field: names, notes, reflections, evaluation comments, reasons typed by staff).

- :func:`clean_user_text` turns anything typed into plain text: no tags at all.
- :func:`clean_user_html` keeps a small, explicit allow-list of formatting tags and safe links.
- :func:`contains_markup` tells a validator whether the cleaner would change what was typed;
  names use it to refuse markup with a message instead of printing something else.

Templates and the PDF renderer still escape everything on output, so the two defences do not
depend on each other. Lives in ``accounts``, the lowest app, so every app can use it.
"""

from __future__ import annotations

import html
import re
import unicodedata

import bleach

# Plain text: nothing is allowed. Spelled out so nobody mistakes bleach's defaults for ours.
PLAIN_TEXT_TAGS: frozenset[str] = frozenset()

# Limited HTML: formatting and lists, links to web and mail addresses only. No images, no
# styles, no ids or classes (they could imitate the site's own buttons and messages).
HTML_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "blockquote", "code", "a"}
)
HTML_ATTRIBUTES = {"a": ["href", "title"]}
HTML_PROTOCOLS = frozenset({"http", "https", "mailto"})

# C0 controls and DEL, except tab and newline: they have no place in a note and can hide text.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MAX_PASSES = 4
# Anything an HTML parser could read as a tag, comment or processing instruction. bleach keeps
# some of these as text (e.g. the "<A>" in "</<A>"), which decoding entities can then produce.
_TAG_LIKE = re.compile(r"<(/?[a-z]|!|\?)[^>]*>", re.IGNORECASE)


def _tidy(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARACTERS.sub("", text)


def _strip_all(text: str) -> str:
    return bleach.clean(
        text, tags=PLAIN_TEXT_TAGS, attributes={}, protocols=[], strip=True, strip_comments=True
    )


def clean_user_text(text: str | None, *, max_length: int | None = None) -> str:
    """Return `text` as plain text: tags and comments removed, entities decoded, trimmed.

    bleach strips the markup; decoding entities afterwards keeps "a & b" readable instead of
    "a &amp; b". Because decoding could turn "&lt;script&gt;" back into a tag, the two steps
    repeat until nothing changes. When `max_length` is given the result is cut to it (callers
    that talk to a person should validate the length first and say so).
    """
    text = _tidy(text)
    for _ in range(_MAX_PASSES):
        cleaned = html.unescape(_strip_all(text))
        cleaned = _CONTROL_CHARACTERS.sub("", _TAG_LIKE.sub("", cleaned))
        if cleaned == text:
            break
        text = cleaned
    else:
        # Still changing after several passes: something is nested on purpose. Keep only what
        # bleach leaves, entities and all; templates escape it again on output.
        text = _strip_all(text)
    text = text.strip()
    if max_length is not None:
        text = text[:max_length].rstrip()
    return text


def contains_markup(text: str | None) -> bool:
    """Would :func:`clean_user_text` change `text` beyond tidying line ends and spaces?"""
    return clean_user_text(text) != _tidy(text).strip()


def plain_text_errors(instance, field_names) -> dict[str, str]:
    """For a model's ``clean()``: a message for each named field whose text holds markup.

    Used for text staff type that is printed on certificates or shown on the public site
    without being a rich-text field (issuer, signatory, approval statement).
    """
    from django.utils.translation import gettext

    message = gettext(
        "Please use plain text here, without tags such as <b> or codes such as &amp;."
    )
    return {name: message for name in field_names if contains_markup(getattr(instance, name))}


def _safe_link(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener noreferrer"
    return attrs


_html_cleaner = bleach.Cleaner(
    tags=HTML_TAGS,
    attributes=HTML_ATTRIBUTES,
    protocols=HTML_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def clean_user_html(text: str | None, *, max_length: int | None = None) -> str:
    """Return `text` as HTML holding only the allow-listed tags and safe links.

    Everything else is removed (its text kept); links get ``rel="nofollow noopener
    noreferrer"``. `max_length` limits the input, so the result is never cut inside a tag.
    """
    text = _tidy(text)
    if max_length is not None:
        text = text[:max_length]
    cleaned = _html_cleaner.clean(text)
    return bleach.linkify(cleaned, callbacks=[_safe_link], parse_email=False).strip()
