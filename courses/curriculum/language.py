"""The one list of stigmatizing terms (``language.toml``) and the check built on it.

The same file feeds the anti-stigma course's word tables and the test that keeps every
lesson, question and feedback string free of these terms.

Each term has a category. "avoid" words label or mock people; "records" words judge a person
in a case note instead of describing what happened; "depends" words are not slurs (some people
choose them, some agencies use them in their names), so the check still points them out in
course text but the table teaches "follow the person's own word" instead of "never say it".
A term may list ``allowed_in`` patterns: a match that lies inside one of them is a name, such
as New York's Office of Drug User Health, and is not reported.

There is one list per content language: ``language.toml`` for English and ``language.es.toml``
for Spanish, in the same schema. Course text is checked against the list of its own language,
and the table shows the list of the page's language. A language without its own list uses the
English one.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

WORD_LIST = Path(__file__).with_name("language.toml")
DEFAULT_LANGUAGE = "en"
WORD_LISTS = {
    DEFAULT_LANGUAGE: WORD_LIST,
    "es": Path(__file__).with_name("language.es.toml"),
}
# Text inside straight or curly double quotes talks *about* a word; it is not using it.
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')


@dataclass(frozen=True)
class Category:
    key: str
    title: str
    about: str
    term_heading: str
    instead_heading: str


# In the order the tables appear to learners.
CATEGORIES = {
    category.key: category
    for category in (
        Category(
            "avoid",
            _("Words that label or mock people"),
            _("Avoid these words when you talk or write about people. Use the words beside them."),
            _("Instead of"),
            _("Try"),
        ),
        Category(
            "records",
            _("Words that judge people in case notes and records"),
            _(
                "These words judge the person instead of saying what happened. In a note, write "
                "what you saw and what the person told you."
            ),
            _("Instead of"),
            _("Write"),
        ),
        Category(
            "depends",
            _("Words that depend on who is speaking"),
            _(
                "These words are not slurs. Some people choose them for themselves, and some "
                "agencies use them in their names. Follow the person's own word. When you do "
                "not know it, use the default."
            ),
            _("Word"),
            _("What to do"),
        ),
    )
}


class WordListError(ValueError):
    """The word list has an entry the check cannot use; the message names the entry."""


@dataclass(frozen=True)
class Term:
    term: str
    category: str
    pattern: re.Pattern
    instead: tuple[str, ...]
    why: str
    allowed_in: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One use of a listed term: the words as they appear in the text, and the entry."""

    words: str
    term: Term

    @property
    def category(self) -> str:
        return self.term.category


@dataclass(frozen=True)
class TermGroup:
    category: Category
    terms: tuple[Term, ...]


def _compiled(entry_name: str, field: str, pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise WordListError(f"{entry_name!r}: {field} is not a valid pattern ({error}).") from error


def parse_terms(data: dict) -> tuple[Term, ...]:
    """The entries of a parsed word list, checked, in file order."""
    terms = []
    for number, entry in enumerate(data.get("terms", []), start=1):
        name = entry.get("term") or f"entry {number}"
        missing = [key for key in ("term", "pattern", "instead", "why") if not entry.get(key)]
        if missing:
            raise WordListError(f"{name!r}: missing {', '.join(missing)}.")
        category = entry.get("category", "avoid")
        if category not in CATEGORIES:
            raise WordListError(
                f"{name!r}: category {category!r} is not one of {', '.join(CATEGORIES)}."
            )
        terms.append(
            Term(
                term=entry["term"],
                category=category,
                pattern=_compiled(name, "pattern", entry["pattern"]),
                instead=tuple(entry["instead"]),
                why=entry["why"],
                allowed_in=tuple(
                    _compiled(name, "allowed_in", allowed)
                    for allowed in entry.get("allowed_in", [])
                ),
            )
        )
    return tuple(terms)


def word_list_language(language: str | None) -> str:
    """The word list for a language code: "es", "es-mx" and "es_MX" -> "es"; else English."""
    base = (language or DEFAULT_LANGUAGE).replace("_", "-").split("-")[0].lower()
    return base if base in WORD_LISTS else DEFAULT_LANGUAGE


@cache
def _terms_of(language: str) -> tuple[Term, ...]:
    return parse_terms(tomllib.loads(WORD_LISTS[language].read_text(encoding="utf-8")))


def load_terms(language: str | None = DEFAULT_LANGUAGE) -> tuple[Term, ...]:
    """The checked entries of the word list for `language` (English when it has no list)."""
    return _terms_of(word_list_language(language))


def term_groups(language: str | None = DEFAULT_LANGUAGE) -> list[TermGroup]:
    """The terms by category, for the learner-facing tables; empty categories are left out."""
    terms = load_terms(language)
    groups = []
    for category in CATEGORIES.values():
        members = tuple(term for term in terms if term.category == category.key)
        if members:
            groups.append(TermGroup(category=category, terms=members))
    return groups


def without_quotations(text: str) -> str:
    return _QUOTED.sub(" ", text)


def _inside_any(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(low <= start and end <= high for low, high in spans)


def language_findings(
    text: str, terms: tuple[Term, ...] | None = None, language: str | None = DEFAULT_LANGUAGE
) -> list[Finding]:
    """Every use of a listed term in `text` outside quotation marks and outside allowed names.

    `terms` defaults to the word list of `language`."""
    unquoted = without_quotations(text)
    found = []
    for term in load_terms(language) if terms is None else terms:
        allowed = [m.span() for name in term.allowed_in for m in name.finditer(unquoted)]
        for match in term.pattern.finditer(unquoted):
            if not _inside_any(match.span(), allowed):
                found.append(Finding(words=match.group(0), term=term))
    return found


def stigmatizing_terms_in(text: str, language: str | None = DEFAULT_LANGUAGE) -> list[str]:
    """The listed terms that `text` uses outside quotation marks, as they appear in it."""
    return [finding.words for finding in language_findings(text, language=language)]
