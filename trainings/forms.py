"""The forms of a session, in the CMS and on the public site, with one set of rules.

Times are typed and shown in the session's own time zone: a trainer in Los Angeles scheduling
a session in Chicago types the time on the flyer; the admin's own zone (the server's, or the
trainer's Wagtail preference) must not shift it.

Facilitators are chosen among the hosting organization's facilitators and managers: they see
the roster (names and contacts), so the organization must have given them that role.
"""

import zoneinfo

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.models import Membership
from basics.numbers import plain_number
from courses.models import CoursePage

from . import services
from .models import TrainingSession, validate_time_zone

TIME_FIELDS = ("start", "end", "registration_opens", "registration_closes")
RUNNING_ROLES = (Membership.Role.FACILITATOR, Membership.Role.MANAGER)


def people_who_run_sessions(organizations=None):
    """Everyone who is a facilitator or manager somewhere (of `organizations`, when given)."""
    memberships = Membership.objects.filter(role__in=RUNNING_ROLES)
    if organizations is not None:
        memberships = memberships.filter(organization__in=organizations)
    return (
        get_user_model()
        .objects.filter(pk__in=memberships.values("user_id"))
        .order_by("display_name", "email")
    )


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        # Two people can share a name; the address tells them apart.
        name = str(person)
        return name if name == person.email else f"{name} ({person.email})"

    def clean(self, value):
        # An empty entry (a form copied field by field) means nobody, not an unknown person.
        if isinstance(value, list | tuple):
            value = [each for each in value if each not in ("", None)]
        return super().clean(value)


class SessionRules:
    """What every session form shares (mixed into a ModelForm of TrainingSession)."""

    facilitator_organizations = None  # None: anyone who facilitates somewhere may be offered

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.instance.zone
        for name in TIME_FIELDS:
            value = self.initial.get(name)
            if callable(value):
                value = value()
            if value is not None and timezone.is_aware(value):
                # A naive value is shown as it is: the wall-clock time in the session's zone.
                self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)
        if "facilitators" in self.fields:
            field = self.fields["facilitators"]
            self.fields["facilitators"] = PersonChoices(
                queryset=people_who_run_sessions(self.facilitator_organizations),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=field.label,
                help_text=_(
                    "Only the hosting organization's facilitators and managers can be chosen."
                ),
            )

    def _typed_zone(self):
        name = self.data.get(self.add_prefix("time_zone"), "")
        try:
            validate_time_zone(name)
        except ValidationError:  # the field itself says the zone is unknown
            return None
        return zoneinfo.ZoneInfo(name)

    def full_clean(self):
        zone = self._typed_zone() if self.is_bound else None
        if zone is None:
            return super().full_clean()
        with timezone.override(zone):
            return super().full_clean()

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("organization") or getattr(self.instance, "organization", None)
        chosen = cleaned.get("facilitators")
        if organization is not None and chosen:
            allowed = set(
                Membership.objects.filter(
                    organization=organization, role__in=RUNNING_ROLES, user__in=chosen
                ).values_list("user_id", flat=True)
            )
            outside = [person for person in chosen if person.pk not in allowed]
            if outside:
                self.add_error(
                    "facilitators",
                    _(
                        "%(names)s cannot run this session: only facilitators and managers of "
                        "%(organization)s can. Choose other people, or ask a manager of "
                        "%(organization)s to give them the facilitator role."
                    )
                    % {
                        "names": ", ".join(str(person) for person in outside),
                        "organization": organization.name,
                    },
                )
        return cleaned

    def save(self, commit=True):
        session = super().save(commit=commit)
        if commit and "capacity" in self.changed_data and session.pk:
            services.fill_free_places(session)
        return session


class TrainingSessionForm(SessionRules, WagtailAdminModelForm):
    """The CMS form (Wagtail builds it from the viewset's panels). Its hours by category fit in
    the session's contact hours, each category once, as a course's do."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("hours_by_category")
        if formset is not None and formset.is_valid():
            self._check_hours_by_category(formset, cleaned.get("contact_hours"))
        return cleaned

    def _check_hours_by_category(self, formset, contact_hours):
        rows = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        categories = [row["category"].pk for row in rows if row.get("category")]
        if len(categories) != len(set(categories)):
            self.add_error(
                None, _("Each category can be listed once. Add the hours together instead.")
            )
        total = sum((row["hours"] for row in rows if row.get("hours")), start=0)
        if contact_hours is not None and total > contact_hours:
            self.add_error(
                "contact_hours",
                _(
                    "The hours by category add up to %(total)s, but the session has %(hours)s "
                    "contact hours. Lower them or raise the contact hours."
                )
                % {"total": plain_number(total), "hours": plain_number(contact_hours)},
            )


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker; without it, the text is typed in the same form."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


PUBLIC_FIELDS = [
    "title",
    "course",
    "organization",
    "start",
    "end",
    "time_zone",
    "format",
    "address",
    "room",
    "accessibility_notes",
    "meeting_link",
    "capacity",
    "contact_hours",
    "language",
    "facilitators",
    "registration_opens",
    "registration_closes",
    "invitation_only",
]


def _public_formfield(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # a link typed without its scheme is a secure one
    return db_field.formfield(**kwargs)


class FacilitatorSessionForm(SessionRules, forms.ModelForm):
    """A facilitator's or manager's form on the public site, for their own organizations."""

    class Meta:
        model = TrainingSession
        formfield_callback = _public_formfield
        fields = PUBLIC_FIELDS
        widgets = {name: LocalDateTimeInput() for name in TIME_FIELDS}

    def __init__(self, *args, organizations, **kwargs):
        self.facilitator_organizations = organizations
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].empty_label = None
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["course"].label_from_instance = lambda page: page.title

    def clean_contact_hours(self):
        """The CMS holds the hours by category; lowering the contact hours here must not
        leave them adding up to more."""
        contact_hours = self.cleaned_data.get("contact_hours")
        if contact_hours is None or self.instance.pk is None:
            return contact_hours
        categorized = self.instance.hours_by_category.aggregate(total=models.Sum("hours"))["total"]
        if categorized and categorized > contact_hours:
            raise ValidationError(
                _(
                    "%(total)s of this session's hours are in categories (set in the CMS), so "
                    "the contact hours cannot be fewer. Ask a trainer to change the categories."
                )
                % {"total": plain_number(categorized)}
            )
        return contact_hours
