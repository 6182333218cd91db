"""Numbers as people write them: the one way the site prints a count, an hour or a mean.

Pages, CSV files and certificate PDFs all print through :func:`plain_number`: no exponent
(``Decimal("2E+2")`` is "200"), no trailing zeros ("1.50" is "1.5"), thousands grouped and the
separators of the language being read ("1,234.5"; "1.234,5" in Spanish).
"""

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django.utils.formats import number_format


def plain_number(value) -> str:
    """`value` (an int, a Decimal, a float or numeric text) as people write it; "" if not a number."""
    if isinstance(value, bool):
        return ""
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if not number.is_finite():
        return ""
    return number_format(number.normalize(), use_l10n=True, force_grouping=True)


def mean(values: Sequence, places: str = "0.01") -> Decimal | None:
    """The exact mean of `values`, rounded half up to `places` ("0.1", "0.01"); None when empty."""
    total = sum((Fraction(str(value)) for value in values), Fraction(0))
    return mean_of_total(total, len(values), places)


def mean_of_total(total, number: int, places: str = "0.01") -> Decimal | None:
    """`total` / `number` (a sum the database added up), rounded as :func:`mean`; None for 0."""
    if not number:
        return None
    exact = Fraction(str(total)) / number
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal(places), rounding=ROUND_HALF_UP
    )


# Scores, as learners and trainers read them ----------------------------------------------
# Whole points or one decimal ("6.5 out of 10"), whole percentages ("65%"), changes in whole
# percentage points. A learner's own score is rounded down, as the grader does, so a failing
# score never reads as the pass mark ("79.9%" is "79%", not "80%"); means and changes are
# rounded half up.


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def score_points(value, *, down: bool = True) -> str:
    """Points as whole numbers or one decimal: "6", "6.5" (6.66 reads "6.6" rounded down)."""
    number = _decimal(value)
    if number is None:
        return ""
    return plain_number(
        number.quantize(Decimal("0.1"), rounding=ROUND_FLOOR if down else ROUND_HALF_UP)
    )


def score_percent(value, *, down: bool = True) -> str:
    """A percentage as a whole number, without the sign: "66" for 66.66 (down) or 67 (half up)."""
    number = _decimal(value)
    if number is None:
        return ""
    return plain_number(
        number.quantize(Decimal("1"), rounding=ROUND_FLOOR if down else ROUND_HALF_UP)
    )


def score_change(value) -> str:
    """A change in percentage points, whole and signed: "+17", U+2212 and "17", "0"."""
    number = _decimal(value)
    if number is None:
        return ""
    whole = number.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    if whole > 0:
        return f"+{plain_number(whole)}"
    if whole < 0:
        return f"\u2212{plain_number(-whole)}"
    return plain_number(Decimal(0))
