"""Small-cell suppression for figures shared beyond an organization (domain brief R19).

A count of fewer than ``PARTNER_MIN_CELL_SIZE`` people (11 by default, a common public-health
convention) is shown as "<11"; a sum or mean about fewer people than that (contact hours,
knowledge gain) is hidden too. So that a hidden cell cannot be worked out by subtracting the
others from a total, a series with a hidden cell also hides its next smallest ones until at
least two are hidden and they are about 11 people or more together (complementary suppression,
applied along the rows and the columns of a table). A zero is shown as 0: it is about no one,
so it cannot identify anyone, and a month or course with no activity should say so rather than
look like a small group; zeros are never hidden as partners either (hiding one protects
nothing). Periods are whole calendar quarters, which never overlap, so no two tables can be
subtracted from each other either (filters.QuarterForm).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from basics.numbers import plain_number


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
        if 0 < self.people < min_cell_size():
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
    """Hide more figures of `series` until its hidden ones cannot be worked out from a total.

    The total of a series minus the figures shown is the sum of the hidden ones: so at least
    two are hidden, and together they are about at least ``min_cell_size()`` people (the next
    smallest figures are hidden until they are). Figures about no one stay shown: working a
    zero out reveals no one, and hiding one would protect nothing. Returns whether anything
    changed.
    """
    hidden = [figure for figure in series if figure.hidden]
    changed = False
    while hidden and (
        len(hidden) == 1 or sum(figure.people for figure in hidden) < min_cell_size()
    ):
        shown = [figure for figure in series if not figure.hidden and figure.people > 0]
        if not shown:
            break
        partner = min(shown, key=lambda figure: (figure.people, figure.value or 0))
        partner.hidden = True
        changed = True
        hidden.append(partner)
    return changed


def protect_table(rows: Sequence[Sequence[Figure]]) -> None:
    """Apply :func:`protect` along every row and column until nothing changes."""
    changed = True
    while changed:
        changed = False
        for row in rows:
            changed |= protect(row)
        for column in zip(*rows, strict=True) if rows else ():
            changed |= protect(column)
