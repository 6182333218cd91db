"""One place that turns text a person typed into safe plain text.

Used for anything a learner (not a Wagtail rich-text field) supplies: reflections now, evaluation
comments and other free text later. The result holds no HTML at all; templates still escape it on
output, so the two defences do not depend on each other.
"""

import html
import re
import unicodedata

import bleach

# C0 controls and DEL, except tab and newline: they have no place in a note and can hide text.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MAX_PASSES = 4
# Anything an HTML parser could read as a tag, comment or processing instruction. bleach keeps
# some of these as text (e.g. the "<A>" in "</<A>"), which decoding entities can then produce.
_TAG_LIKE = re.compile(r"<(/?[a-z]|!|\?)[^>]*>", re.IGNORECASE)


def clean_user_text(text: str | None, *, max_length: int | None = None) -> str:
    """Return `text` as plain text: tags and comments removed, entities decoded, trimmed.

    bleach strips the markup; decoding entities afterwards keeps "a & b" readable instead of
    "a &amp; b". Because decoding could turn "&lt;script&gt;" back into a tag, the two steps
    repeat until nothing changes. When `max_length` is given the result is cut to it (callers
    that talk to a person should validate the length first and say so).
    """
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARACTERS.sub("", text)
    for _ in range(_MAX_PASSES):
        cleaned = html.unescape(
            bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True)
        )
        cleaned = _CONTROL_CHARACTERS.sub("", _TAG_LIKE.sub("", cleaned))
        if cleaned == text:
            break
        text = cleaned
    else:
        # Still changing after several passes: something is nested on purpose. Keep only what
        # bleach leaves, entities and all; templates escape it again on output.
        text = bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True)
    text = text.strip()
    if max_length is not None:
        text = text[:max_length].rstrip()
    return text
