"""The months an organization's training report covers: chosen by its manager (a GET form).

From and to are whole months ("2026-03"); the default is the last twelve, this one included.
A window may not end after this month (nothing has been held there yet), start after it ends,
or cover more than three years (the page would be long and slow, and older figures can be
read a window at a time).
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from basics.dates import add_months

DEFAULT_MONTHS = 12
MAX_MONTHS = 36
EARLIEST_YEAR = 2000
MONTH_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def months_in(first: datetime.date, last: datetime.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


class MonthField(forms.CharField):
    """A month as "YYYY-MM" (what a browser's month picker sends, and easy to type)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-03", "maxlength": 20})
    default_error_messages = {
        "invalid": _("Write the month as year and month, for example 2026-03."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        found = MONTH_PATTERN.match(value)
        if not found:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = int(found.group(1)), int(found.group(2))
        if not 1 <= month <= 12 or year < EARLIEST_YEAR:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(year, month, 1)


class ReportWindowForm(forms.Form):
    first_month = MonthField(
        label=_("From (month)"),
        required=False,
        help_text=_("Up to 36 months. Leave both empty for the last 12 months."),
    )
    last_month = MonthField(label=_("To (month)"), required=False)

    def __init__(self, data=None, *, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        self.this_month = self.today.replace(day=1)
        asked = data is not None and any(data.get(name) for name in self.base_fields)
        super().__init__(data if asked else None, initial=self.default_initial())
        for field in self.fields.values():
            field.marked_optional = False  # empty means the default window, said in the help

    def default_window(self) -> tuple[datetime.date, datetime.date]:
        return add_months(self.this_month, -(DEFAULT_MONTHS - 1)), self.this_month

    def default_initial(self) -> dict:
        first, last = self.default_window()
        return {"first_month": f"{first:%Y-%m}", "last_month": f"{last:%Y-%m}"}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        last = cleaned.get("last_month") or self.this_month
        first = cleaned.get("first_month") or add_months(last, -(DEFAULT_MONTHS - 1))
        if last > self.this_month:
            self.add_error("last_month", _("The report can end this month at the latest."))
        elif first > last:
            self.add_error("first_month", _("The first month must come before the last one."))
        elif months_in(first, last) > MAX_MONTHS:
            self.add_error(
                "first_month",
                ngettext(
                    "The report can cover %(count)s month at most. Choose a shorter time.",
                    "The report can cover %(count)s months at most. Choose a shorter time.",
                    MAX_MONTHS,
                )
                % {"count": MAX_MONTHS},
            )
        cleaned["first_month"], cleaned["last_month"] = first, last
        return cleaned

    def window(self) -> tuple[datetime.date, datetime.date]:
        """The months chosen (call after is_valid), or the default when none was asked for."""
        if not self.is_bound:
            return self.default_window()
        return self.cleaned_data["first_month"], self.cleaned_data["last_month"]

    def query(self) -> str:
        """The window as a query string, for the CSV link beside the page."""
        first, last = self.window()
        return f"?first_month={first:%Y-%m}&last_month={last:%Y-%m}"
