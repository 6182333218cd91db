"""CSV output that is safe to open in a spreadsheet, streamed row by row.

A cell that starts with ``= + - @`` (or a tab or carriage return) is a formula to Excel,
LibreOffice and Google Sheets: a learner who names themself ``=HYPERLINK(…)`` could otherwise
run something on a manager's computer. Such text cells get a leading ``'``, which spreadsheets
show as plain text. Numbers we compute ourselves (a negative knowledge gain) are left alone,
and are written as people write them (basics.numbers).
Every CSV writer of the partner pages goes through :func:`csv_lines`.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from basics.numbers import plain_number

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # lets Excel recognise UTF-8 (names in Spanish, Vietnamese, Arabic…)
FLUSH_AT = 32 * 1024  # characters per chunk handed to the response


def escape_formula(text: str) -> str:
    """`text` with a leading ``'`` when a spreadsheet would run it as a formula (the one rule)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def safe_cell(value) -> str:
    """`value` as text a spreadsheet will not evaluate."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return plain_number(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value.tzinfo else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return escape_formula(str(value))


def safe_row(row: Iterable) -> list[str]:
    return [safe_cell(cell) for cell in row]


class _Echo:
    """A file-like object whose ``write`` returns what it was given (for ``csv.writer``)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable, rows: Iterable[Iterable], *, bom: bool = True) -> Iterator[str]:
    """The CSV text of `header` and `rows`, in chunks of about 32 KB, every cell made safe."""
    writer = csv.writer(_Echo())
    buffer = [(BOM if bom else "") + writer.writerow(safe_row(header))]
    size = len(buffer[0])
    for row in rows:
        line = writer.writerow(safe_row(row))
        buffer.append(line)
        size += len(line)
        if size >= FLUSH_AT:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)
