"""The manager's compliance table for one plan: assigned members x the plan's courses.

A member who shares their records with the organization shows each course's status; one who
does not shows only "not shared", whatever their records say, from the moment they stop
sharing (consent is read at each request). The table costs the same number of queries for 10
members as for 1,000: the assigned memberships, the plan's items, and the records of the
members who share (``services.learning_records``); filters, sorting and the page cut happen on
those rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership

from .models import MemberTag, PlanItem, TrainingPlan
from .services import (
    ItemStatus,
    Status,
    assigned_memberships,
    item_status,
    records_for,
)

PAGE_SIZES = (25, 50, 100)
SORTS = ("name", "email", "joined", "due")


@dataclass
class ComplianceRow:
    membership: Membership
    statuses: list[ItemStatus] | None  # None: the member does not share their records

    @property
    def shares(self) -> bool:
        return self.statuses is not None

    @property
    def name(self) -> str:
        return str(self.membership.user)

    @property
    def email(self) -> str:
        return self.membership.user.email

    @property
    def next_due(self) -> datetime.date:
        """The earliest date of a course still to do (for sorting by due date)."""
        open_dates = [s.due_on for s in self.statuses or [] if not s.is_done and s.due_on]
        return min(open_dates, default=datetime.date.max)

    @property
    def open_due(self) -> datetime.date | None:
        due = self.next_due
        return None if due == datetime.date.max else due

    def has_status(self, status: str) -> bool:
        if status == Status.NOT_SHARED:
            return not self.shares
        return any(each.status == status for each in self.statuses or [])


class ComplianceFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)
    per_page = forms.TypedChoiceField(
        label=_("Rows per page"),
        required=False,
        coerce=int,
        choices=[(size, str(size)) for size in PAGE_SIZES],
        empty_value=PAGE_SIZES[0],
    )

    def __init__(self, data, *, tags: list[MemberTag]):
        super().__init__(data)
        self.tags = {tag.code: tag for tag in tags}
        self.fields["status"].choices = [("", _("Any status")), *Status.choices()]
        self.fields["tag"].choices = [("", _("Any tag")), *((t.code, t.name) for t in tags)]
        self.fields["sort"].choices = [("", "")] + [
            (key, key) for name in SORTS for key in (name, "-" + name)
        ]

    def value(self, name, default=None):
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    @property
    def sort_key(self) -> str:
        return self.value("sort", "name")

    @property
    def is_filtered(self) -> bool:
        return bool(self.value("status") or self.value("tag"))

    def sort_links(self) -> dict:
        current = self.sort_key
        links = {}
        for column in SORTS:
            if current == column:
                links[column] = {"next": "-" + column, "state": "ascending"}
            elif current == "-" + column:
                links[column] = {"next": column, "state": "descending"}
            else:
                links[column] = {"next": column, "state": "none"}
        return links


def _sort_value(row: ComplianceRow, key: str):
    if key == "email":
        return row.email.lower()
    if key == "joined":
        return row.membership.joined_at
    if key == "due":
        return row.next_due
    return row.name.lower()


def plan_items(plan: TrainingPlan) -> list[PlanItem]:
    return list(plan.items.select_related("course", "session"))


def compliance_rows(
    plan: TrainingPlan,
    items: list[PlanItem],
    form: ComplianceFilterForm,
    *,
    today: datetime.date | None = None,
) -> list[ComplianceRow]:
    """Every assigned member's row, filtered and sorted as `form` says."""
    today = today or timezone.localdate()
    members = assigned_memberships(plan).select_related("user")
    if tag := form.tags.get(form.value("tag", "")):
        members = members.filter(tags=tag)
    members = list(members)
    sharing = [m.user_id for m in members if m.shares_records]
    records = records_for(sharing, items)
    rows = []
    for membership in members:
        statuses = None
        if membership.shares_records:
            statuses = [
                item_status(membership, item, today=today, records=records) for item in items
            ]
        rows.append(ComplianceRow(membership, statuses))
    if status := form.value("status"):
        rows = [row for row in rows if row.has_status(status)]
    key = form.sort_key
    rows.sort(key=lambda row: (_sort_value(row, key.lstrip("-")), row.membership.pk))
    if key.startswith("-"):
        rows.reverse()
    return rows


def compliance_page(plan, items, form, page_number, *, today=None):
    rows = compliance_rows(plan, items, form, today=today)
    return Paginator(rows, form.value("per_page", PAGE_SIZES[0])).get_page(page_number)
