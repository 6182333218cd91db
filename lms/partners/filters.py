"""The filter forms of the partner pages: plain GET forms, so every view is a shareable link.

Each form is built with the courses it may offer; an unknown course, status or date is a form
error shown next to the field, and the page then ignores that filter (it never widens what the
manager may see: filters only narrow ``accounts.permissions.visible_members``).
"""

import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership

from .status import CertificateState, TrainingStatus

PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25


def _choices(blank_label, choices) -> list[tuple[str, str]]:
    return [("", blank_label), *choices]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class FilterForm(forms.Form):
    """Course, date range, sort and page size, shared by the staff and certificate lists."""

    SORTS: tuple[str, ...] = ()
    DEFAULT_SORT = ""

    course = forms.ChoiceField(label=_("Course"), required=False)
    completed_from = forms.DateField(label=_("Completed from"), required=False, widget=DateInput)
    completed_to = forms.DateField(label=_("Completed up to"), required=False, widget=DateInput)
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)
    per_page = forms.TypedChoiceField(
        label=_("Rows per page"),
        required=False,
        coerce=int,
        choices=[(size, str(size)) for size in PAGE_SIZES],
        empty_value=DEFAULT_PAGE_SIZE,
    )

    def __init__(self, data, *, courses):
        super().__init__(data)
        self.courses = {course.slug: course for course in courses}
        self.fields["course"].choices = _choices(
            _("All courses"), [(course.slug, course.title) for course in courses]
        )
        sorts = [(key, key) for key in self.SORTS] + [("-" + key, key) for key in self.SORTS]
        self.fields["sort"].choices = _choices("", sorts)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("completed_from"), cleaned.get("completed_to")
        if start and end and start > end:
            self.add_error("completed_to", _("Please choose a date on or after the first date."))
            cleaned.pop("completed_to", None)
        return cleaned

    def value(self, name, default=None):
        """The cleaned value of `name`, or `default` when it is missing or invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    @property
    def selected_course(self):
        return self.courses.get(self.value("course", ""))

    @property
    def sort_key(self) -> str:
        return self.value("sort", self.DEFAULT_SORT)

    @property
    def page_size(self) -> int:
        return self.value("per_page", DEFAULT_PAGE_SIZE)

    def date_range(self) -> tuple[datetime.date | None, datetime.date | None]:
        return self.value("completed_from"), self.value("completed_to")

    @property
    def is_filtered(self) -> bool:
        return any(self.value(name) for name in self.fields if name not in ("sort", "per_page"))

    def as_filters(self) -> dict:
        """The valid filters as JSON-ready values (for a background export)."""
        data = {}
        for name in self.fields:
            if name in ("sort", "per_page"):
                continue
            value = self.value(name)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            if value:
                data[name] = value
        return data


class StaffFilterForm(FilterForm):
    SORTS = ("name", "email", "role", "activity")
    DEFAULT_SORT = "name"

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_choices(_("Any status"), TrainingStatus.choices),
        help_text=_("In the chosen course, or in any course."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=_choices(_("Any role"), Membership.Role.choices),
    )
    field_order = ["course", "status", "completed_from", "completed_to", "role", "per_page"]


class CertificateFilterForm(FilterForm):
    SORTS = ("name", "course", "completed", "valid_until")
    DEFAULT_SORT = "-completed"

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_choices(_("Any status"), CertificateState.choices),
    )
    field_order = ["course", "status", "completed_from", "completed_to", "per_page"]


QUARTERS_OFFERED = 12  # how far back the coalition figures go: this quarter and 11 before it
# Parameters of the month ranges offered before; an old link with them gets a clear 400.
RETIRED_PERIOD_PARAMETERS = ("first_month", "last_month")


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_key(start: datetime.date) -> str:
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def quarter_label(start: datetime.date) -> str:
    last = datetime.date(start.year, start.month + 2, 1)
    return _("%(year)s, quarter %(number)s (%(first)s to %(last)s)") % {
        "year": start.year,
        "number": (start.month - 1) // 3 + 1,
        "first": date_format(start, "F"),
        "last": date_format(last, "F"),
    }


class QuarterForm(forms.Form):
    """The calendar quarter the coalition figures cover (this quarter by default).

    Only whole calendar quarters, which never overlap: with any two ranges of months, one
    inside the other, subtracting their figures would give the exact figures of the months
    between, however small (small cells are hidden only within one table).
    """

    quarter = forms.ChoiceField(label=_("Quarter"), required=False)

    def __init__(self, data, *, quarters: list[datetime.date]):
        super().__init__(data)
        self.quarters = {quarter_key(start): start for start in quarters}
        self.fields["quarter"].choices = [
            (key, quarter_label(start)) for key, start in self.quarters.items()
        ]
        self.default = quarters[0]
        self.initial = {"quarter": quarter_key(self.default)}

    def clean(self):
        cleaned = super().clean()
        if any(name in self.data for name in RETIRED_PERIOD_PARAMETERS):
            raise forms.ValidationError(
                _("These figures are shown by calendar quarter. Please choose a quarter.")
            )
        return cleaned

    def chosen(self) -> datetime.date:
        """The start of the chosen quarter; call only once the form is valid."""
        return self.quarters.get(self.cleaned_data.get("quarter") or "", self.default)

    def problem(self) -> str:
        """What is wrong with the request, in words, or ""."""
        if "quarter" in self.errors:
            return _("That quarter is not one we show. Please choose a quarter from the list.")
        return " ".join(self.non_field_errors())
