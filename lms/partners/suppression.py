"""Small-cell suppression for figures shared beyond an organization (domain brief R19).

A count of fewer than ``PARTNER_MIN_CELL_SIZE`` people (11 by default, a common public-health
convention) is shown as "<11"; a sum or mean about fewer people than that (contact hours,
knowledge gain) is hidden too. So that a hidden cell cannot be worked out by subtracting the
others from a total, a series with exactly one hidden cell also hides its next smallest one
(complementary suppression, applied along the rows and the columns of a table). Zero counts
show as "<11" too, but need no partner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from courses.numbers import plain_number


def min_cell_size() -> int:
    return settings.PARTNER_MIN_CELL_SIZE


@dataclass
class Figure:
    """One number in a shared table, and how many people it is about."""

    value: int | Decimal | None
    people: int
    is_count: bool = True
    hidden: bool = False

    def __post_init__(self):
        if self.people < min_cell_size():
            self.hidden = True

    @property
    def text(self) -> str:
        """What pages and CSV files show."""
        if self.hidden:
            return f"<{min_cell_size()}" if self.is_count else _("hidden")
        if self.value is None:
            return "—"
        return plain_number(self.value)

    @property
    def shown_value(self):
        return None if self.hidden else self.value

    def __str__(self):
        return self.text


def count(value: int) -> Figure:
    return Figure(value, value)


def about(value, people: int) -> Figure:
    """A sum or mean about `people` people (not itself a count of people)."""
    return Figure(value, people, is_count=False)


def protect(series: Sequence[Figure]) -> bool:
    """If exactly one figure of `series` hides someone, hide the next smallest too.

    A hidden zero needs no partner: working it out reveals no one. Returns whether anything
    changed.
    """
    hidden = [figure for figure in series if figure.hidden and figure.people > 0]
    if len(hidden) != 1:
        return False
    shown = [figure for figure in series if not figure.hidden]
    if not shown:
        return False
    min(shown, key=lambda figure: (figure.people, figure.value or 0)).hidden = True
    return True


def protect_table(rows: Sequence[Sequence[Figure]]) -> None:
    """Apply :func:`protect` along every row and column until nothing changes."""
    changed = True
    while changed:
        changed = False
        for row in rows:
            changed |= protect(row)
        for column in zip(*rows, strict=True) if rows else ():
            changed |= protect(column)
