"""Calendar arithmetic the site needs in more than one place."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus `months` calendar months (negative goes back), clamped to the month's last day.

    31 January + 1 month is 28 (or 29) February; the first of a month stays the first, so month
    and quarter arithmetic on month starts needs nothing else.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
