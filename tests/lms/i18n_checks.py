"""Finders for text a person would see that is not marked for translation.

Used by test_translations.py; kept apart so the lead can run them by hand on a new template:
`.venv/bin/python -c "from tests.lms.i18n_checks import *; print(unmarked_template_text())"`.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates"
TEMPLATE_SUFFIXES = (".html", ".txt")

# Text that stays as it is in every language. Kept short on purpose: anything a person reads as
# words belongs in the catalog. "Open Door" is the project's name and is not translated.
ALLOWED_TEXT = ("Open Door",)

# Attributes whose values a person sees or hears (screen readers read aria-label and alt).
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "aria-description", "placeholder", "label"}
WORD = re.compile(r"[^\W\d_]{2,}")
# Tags whose text is not shown: code and styling, and the SVG/HTML <title> is checked as text.
HIDDEN_TEXT_TAGS = {"script", "style"}
OPENING_TAGS = ("blocktranslate", "blocktrans")
CLOSING_TAGS = ("endblocktranslate", "endblocktrans")
# Blocks that base.html places inside an attribute, not on the page.
ATTRIBUTE_BLOCKS = {"body_class"}


def _words(text: str) -> list[str]:
    for allowed in ALLOWED_TEXT:
        text = text.replace(allowed, " ")
    return WORD.findall(text)


def _source_without_template_code(source: str) -> str:
    """The template with every tag, variable, comment and translated block blanked out.

    Each token Django's Lexer finds outside literal text becomes a space followed by as many line
    breaks as it held, so line numbers still match the file. The text of blocks that fill an
    attribute of the parent (`{% block body_class %}`) is not shown, so it is blanked too.
    """
    parts = []
    hidden = 0  # depth inside {% blocktranslate %}, {% comment %} and attribute blocks
    blocks = []  # names of the open {% block %} tags
    for token in Lexer(source).tokenize():
        blank = " " + "\n" * token.contents.count("\n")
        if token.token_type == TokenType.BLOCK:
            bits = token.contents.split()
            if bits[0] in OPENING_TAGS or bits[0] == "comment":
                hidden += 1
            elif bits[0] in CLOSING_TAGS or bits[0] == "endcomment":
                hidden -= 1
            elif bits[0] == "block":
                blocks.append(bits[1])
                hidden += bits[1] in ATTRIBUTE_BLOCKS
            elif bits[0] == "endblock" and blocks:
                hidden -= blocks.pop() in ATTRIBUTE_BLOCKS
            parts.append(blank)
        elif token.token_type == TokenType.TEXT and not hidden:
            parts.append(token.contents)
        else:
            parts.append(blank)
    return "".join(parts)


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TEXT_TAGS:
            self._hidden += 1
        attributes = dict(attrs)
        visible = set(VISIBLE_ATTRIBUTES)
        if tag == "button" or (tag == "input" and attributes.get("type") in {"submit", "button"}):
            visible.add("value")
        if tag == "meta" and attributes.get("name") == "description":
            visible.add("content")
        for name, value in attrs:
            if name in visible and value and _words(value):
                self.found.append((self.getpos()[0], f'{name}="{value.strip()}"'))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in HIDDEN_TEXT_TAGS:
            self._hidden -= 1

    def handle_endtag(self, tag):
        if tag in HIDDEN_TEXT_TAGS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if self._hidden:
            return
        first_line = self.getpos()[0]
        for offset, text in enumerate(data.split("\n")):
            if _words(text):
                self.found.append((first_line + offset, " ".join(text.split())))


def unmarked_text_in(source: str) -> list[tuple[int, str]]:
    """(line, text) for each piece of visible text in a template that is not translated."""
    parser = _VisibleText()
    parser.feed(_source_without_template_code(source))
    parser.close()
    return parser.found


def per_language_suffix(path: Path) -> str | None:
    """ "es" for `body_es.html`: a template written whole in one language (long legal text).

    Such a template is chosen by language code, so it needs no translation tags, but it needs a
    sibling for every language in settings.LANGUAGES (checked by the tests).
    """
    stem = path.name.split(".", 1)[0]
    code = stem.rsplit("_", 1)[-1] if "_" in stem else None
    return code if code in dict(settings.LANGUAGES) else None


def template_files() -> list[Path]:
    return sorted(
        path
        for path in TEMPLATE_DIR.rglob("*")
        if path.is_file() and path.name.endswith(TEMPLATE_SUFFIXES)
    )


def unmarked_template_text() -> list[str]:
    """One line per problem, "templates/x.html:12: text", for every template."""
    problems = []
    for path in template_files():
        if per_language_suffix(path):
            continue
        for line, text in unmarked_text_in(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(TEMPLATE_DIR.parent)}:{line}: {text}")
    return problems


# --- The catalog -------------------------------------------------------------------------------

CATALOG = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"


def _unquote(line: str) -> str:
    """The text of one quoted PO string, with its escapes undone."""
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(
        r"\\(.)", lambda m: {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}[m.group(1)], body
    )


def read_catalog(path: Path = CATALOG) -> list[dict]:
    """The entries of a PO file: msgctxt, msgid, msgid_plural, msgstr (a list), fuzzy, obsolete.

    Enough of the format for what makemessages writes; the header (msgid "") is included.
    """
    entries = []
    entry: dict = {}
    field = None

    def finish():
        if "msgid" in entry:
            entry.setdefault("msgstr", [])
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            entry, field = {}, None
            continue
        if line.startswith("#~"):
            entry["obsolete"] = True
            line = line[2:].strip()
            if not line:
                continue
        elif line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line[2:].replace(",", " ").split()
            continue
        elif line.startswith("#"):
            continue
        if line.startswith('"'):
            if field == "msgstr":
                entry["msgstr"][-1] += _unquote(line)
            elif field:
                entry[field] += _unquote(line)
            continue
        keyword = line.split(" ", 1)[0]
        if keyword.startswith("msgstr"):
            field = "msgstr"
            entry.setdefault("msgstr", []).append(_unquote(line))
        elif keyword in {"msgctxt", "msgid", "msgid_plural"}:
            if keyword in entry:  # a new entry without a blank line before it
                finish()
                entry = {}
            field = keyword
            entry[keyword] = _unquote(line)
    finish()
    return entries


def describe(entry: dict) -> str:
    context = f"[{entry['msgctxt']}] " if entry.get("msgctxt") else ""
    return context + repr(entry["msgid"])


def untranslated(entries: list[dict]) -> list[str]:
    """Entries (not the header, not obsolete) that are fuzzy or have an empty translation."""
    return [
        describe(entry)
        for entry in entries
        if entry["msgid"]
        and not entry.get("obsolete")
        and (entry.get("fuzzy") or not entry["msgstr"] or not all(entry["msgstr"]))
    ]
