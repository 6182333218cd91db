"""Numbers as people write them: the one way the site prints a count, an hour or a mean.

Pages, CSV files and certificate PDFs all print through :func:`plain_number`: no exponent
(``Decimal("2E+2")`` is "200"), no trailing zeros ("1.50" is "1.5"), thousands grouped and the
separators of the language being read ("1,234.5"; "1.234,5" in Spanish).
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
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
