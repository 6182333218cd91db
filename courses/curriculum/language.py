"""The one list of stigmatizing terms (``language.toml``) and the check built on it.

The same file feeds the anti-stigma course's substitution table and the test that keeps
every lesson, question and feedback string free of these terms.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORD_LIST = Path(__file__).with_name("language.toml")
# Text inside straight or curly double quotes talks *about* a word; it is not using it.
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')


@dataclass(frozen=True)
class Term:
    term: str
    pattern: re.Pattern
    instead: tuple[str, ...]
    why: str


@cache
def load_terms() -> tuple[Term, ...]:
    data = tomllib.loads(WORD_LIST.read_text(encoding="utf-8"))
    return tuple(
        Term(
            term=entry["term"],
            pattern=re.compile(entry["pattern"], re.IGNORECASE),
            instead=tuple(entry["instead"]),
            why=entry["why"],
        )
        for entry in data["terms"]
    )


def without_quotations(text: str) -> str:
    return _QUOTED.sub(" ", text)


def stigmatizing_terms_in(text: str) -> list[str]:
    """The listed terms that `text` uses outside quotation marks, as they appear in it."""
    unquoted = without_quotations(text)
    found = []
    for term in load_terms():
        found.extend(match.group(0) for match in term.pattern.finditer(unquoted))
    return found
