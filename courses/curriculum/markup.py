"""Turn the curriculum files' small text format into the HTML of a Wagtail rich-text block.

The format: paragraphs separated by blank lines; lines starting "- " are bullets, "1. " numbered
items; **bold** inside a line. Everything else is text and is escaped.
"""

import re
from itertools import groupby

from django.utils.html import escape

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_NUMBERED = re.compile(r"^\d+\.\s+")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", escape(text.strip()))


def _is_bullet(line: str) -> bool:
    return line.startswith("- ")


def _is_numbered(line: str) -> bool:
    return bool(_NUMBERED.match(line))


def _kind(line: str) -> str:
    return "ul" if _is_bullet(line) else "ol" if _is_numbered(line) else "p"


def _list_item(line: str) -> str:
    return line[2:] if _is_bullet(line) else _NUMBERED.sub("", line)


def to_html(text: str) -> str:
    html = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        # Consecutive lines of one kind form one paragraph or one list.
        for kind, group in groupby(lines, key=_kind):
            group = list(group)
            if kind == "p":
                html.append(f"<p>{_inline(' '.join(group))}</p>")
            else:
                items = "".join(f"<li>{_inline(_list_item(line))}</li>" for line in group)
                html.append(f"<{kind}>{items}</{kind}>")
    return "".join(html)


def to_plain_text(text: str) -> str:
    """The same text without markers, for readability measures."""
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if _is_bullet(line):
            line = line[2:]
        line = _NUMBERED.sub("", line)
        lines.append(line.replace("**", ""))
    return "\n".join(lines)
