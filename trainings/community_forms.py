"""The form of a community training recorded from its sign-in sheet (trainings.community)."""

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import CoursePage

from . import sheets
from .forms import PersonChoices, people_who_run_sessions
from .models import validate_time_zone
from .permissions import RUNNING_ROLES


class CommunityTrainingForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=None, empty_label=None, label=gettext_lazy("Organization that held it")
    )
    title = forms.CharField(
        max_length=200,
        label=gettext_lazy("Topic"),
        help_text=gettext_lazy("For example: Naloxone: how to respond to an overdose."),
    )
    course = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Course it belongs to"),
        help_text=gettext_lazy("Only if the training followed one of the site's courses."),
    )
    day = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    starts = forms.TimeField(
        label=gettext_lazy("Started at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=gettext_lazy("Ended at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.CharField(
        max_length=64,
        initial="America/Los_Angeles",
        validators=[validate_time_zone],
        label=gettext_lazy("Time zone"),
    )
    address = forms.CharField(max_length=300, label=gettext_lazy("Place (address)"))
    room = forms.CharField(max_length=120, required=False, label=gettext_lazy("Room"))
    facilitators = PersonChoices(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Who ran it with you"),
    )
    participants = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        label=gettext_lazy("Participants, one a line"),
        help_text=gettext_lazy(
            "Name, then email and phone if the person gave them, separated by commas. "
            "For example: Ana López, ana@example.org, 555 123 4567"
        ),
    )
    participants_file = forms.FileField(
        required=False,
        label=gettext_lazy("Or a CSV file of the sheet"),
        help_text=gettext_lazy(
            "Columns: name, email, phone. At most 500 people; email and phone can be empty."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    naloxone_kits = forms.IntegerField(
        min_value=0,
        required=False,
        label=gettext_lazy("Naloxone kits handed out"),
    )
    reversals_reported = forms.IntegerField(
        min_value=0,
        required=False,
        label=gettext_lazy("Overdose reversals participants told you about"),
        help_text=gettext_lazy("Only a number. Do not write names or details about anyone."),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows: list[sheets.SheetRow] = []
        self.fields["organization"].queryset = organizations
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["course"].label_from_instance = lambda page: page.title
        self.fields["facilitators"].queryset = people_who_run_sessions(organizations)

    @property
    def rows_with_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    def _read_rows(self, cleaned):
        upload, typed = cleaned.get("participants_file"), cleaned.get("participants", "")
        if upload and typed.strip():
            raise ValidationError(
                _("Type the participants or upload a file, not both."), code="both"
            )
        try:
            raw = sheets.rows_from_file(upload) if upload else sheets.rows_from_text(typed)
        except sheets.SheetUnreadable as problem:
            raise ValidationError(str(problem), code="unreadable") from problem
        if not raw:
            raise ValidationError(_("Add at least one participant."), code="empty")
        if len(raw) > sheets.MAX_ROWS:
            raise ValidationError(
                _(
                    "This sheet has %(count)s people. At most %(limit)s can be recorded at "
                    "once: split it and record each part."
                )
                % {"count": len(raw), "limit": sheets.MAX_ROWS},
                code="too_many",
            )
        self.rows = sheets.checked_rows(raw)

    def _times(self, cleaned):
        day, starts, ends = cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")
        name = cleaned.get("time_zone")
        if not (day and starts and ends and name):
            return
        zone = zoneinfo.ZoneInfo(name)
        start = datetime.datetime.combine(day, starts, zone)
        end = datetime.datetime.combine(day, ends, zone)
        if end <= start:
            self.add_error("ends", _("The training must end after it starts."))
        elif start > timezone.now():
            self.add_error(
                "day", _("Record a training once it has happened: this date is still to come.")
            )
        cleaned["start"], cleaned["end"] = start, end

    def _check_facilitators(self, cleaned):
        organization, chosen = cleaned.get("organization"), cleaned.get("facilitators")
        if not organization or not chosen:
            return
        allowed = set(
            organization.memberships.filter(role__in=RUNNING_ROLES).values_list(
                "user_id", flat=True
            )
        )
        outside = [person for person in chosen if person.pk not in allowed]
        if outside:
            self.add_error(
                "facilitators",
                _(
                    "%(names)s cannot be listed as running it: only facilitators and managers "
                    "of %(organization)s can."
                )
                % {
                    "names": ", ".join(str(person) for person in outside),
                    "organization": organization.name,
                },
            )

    def clean(self):
        cleaned = super().clean()
        self._times(cleaned)
        self._check_facilitators(cleaned)
        try:
            self._read_rows(cleaned)
        except ValidationError as problem:
            self.add_error("participants", problem)
        if self.rows_with_errors:
            self.add_error(
                None,
                _(
                    "Some rows of the sheet have a problem: see “Rows to fix”. Nothing is "
                    "recorded until every row is right."
                ),
            )
        language = translation.get_language() or settings.LANGUAGE_CODE
        known = {code for code, _name in settings.LANGUAGES}
        cleaned["language"] = language if language in known else settings.LANGUAGE_CODE
        return cleaned
