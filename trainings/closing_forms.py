"""The forms of the end of a session: every attendee's final mark at once, and a correction.

One plain form for the whole roster (three fields per person, named by the record), so it works
without JavaScript and is checked, then saved, as a whole.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import closing, credit
from .models import Attendance, TrainingSession

REASON_MAX_LENGTH = 300
NEEDS_A_REASON = (Attendance.Mark.PARTIAL, Attendance.Mark.ABSENT)


def check_mark(session: TrainingSession, mark: str, minutes: int | None, reason: str) -> dict:
    """The errors of one person's mark, by field ("mark", "minutes", "reason"); {} when fine."""
    errors = {}
    length = closing.session_minutes(session)
    needed = credit.rule_for(session).minimum_minutes(length)
    if minutes is None:
        errors["minutes"] = _("Give the minutes attended (0 for someone absent).")
    elif minutes > length:
        errors["minutes"] = _("The session lasts %(length)s minutes; give at most that.") % {
            "length": length
        }
    elif mark == Attendance.Mark.ATTENDED and minutes < needed:
        errors["minutes"] = _(
            "Attended means at least %(needed)s of the %(length)s minutes. Mark “Attended "
            "part”, or correct the minutes."
        ) % {"needed": needed, "length": length}
    elif mark == Attendance.Mark.PARTIAL and not 0 < minutes < length:
        errors["minutes"] = _(
            "Attended part means more than 0 and fewer than %(length)s minutes."
        ) % {"length": length}
    elif mark == Attendance.Mark.ABSENT and minutes != 0:
        errors["minutes"] = _("Someone absent attended 0 minutes. Mark “Attended part” instead.")
    if mark in NEEDS_A_REASON and not reason:
        errors["reason"] = _("Say why, for example “left after the break”.")
    return errors


class MarksForm(forms.Form):
    """Mark, minutes and reason for each current record of the session."""

    def __init__(self, session: TrainingSession, records: list[Attendance], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.records = records
        length = closing.session_minutes(session)
        for record in records:
            name = closing.display_name(record)
            self.fields[f"mark-{record.pk}"] = forms.ChoiceField(
                label=_("Final mark for %(name)s") % {"name": name},
                choices=Attendance.Mark.choices,
                widget=forms.RadioSelect,
                initial=record.mark or Attendance.Mark.ATTENDED,
                error_messages={"required": _("Choose a mark for %(name)s.") % {"name": name}},
            )
            self.fields[f"minutes-{record.pk}"] = forms.IntegerField(
                label=_("Minutes %(name)s attended") % {"name": name},
                min_value=0,
                max_value=length,
                required=False,
                initial=(
                    record.minutes_attended
                    if record.mark
                    else closing.default_minutes(record, session)
                ),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.fields[f"reason-{record.pk}"] = forms.CharField(
                label=_("Reason (for attended part or absent)"),
                max_length=REASON_MAX_LENGTH,
                required=False,
                initial=record.mark_reason,
            )

    def rows(self):
        """Each person with their three bound fields, in roster order, for the template."""
        for record in self.records:
            yield {
                "record": record,
                "name": closing.display_name(record),
                "mark": self[f"mark-{record.pk}"],
                "minutes": self[f"minutes-{record.pk}"],
                "reason": self[f"reason-{record.pk}"],
            }

    def error_summary(self) -> list[tuple[str, str]]:
        """(field id, "Name: message") for each error, for the list at the top of the page."""
        summary = []
        for row in self.rows() if self.is_bound else []:
            for part in ("mark", "minutes", "reason"):
                for message in row[part].errors:
                    summary.append((row[part].auto_id, f"{row['name']}: {message}"))
        return summary

    def clean(self):
        cleaned = super().clean()
        for record in self.records:
            keys = {part: f"{part}-{record.pk}" for part in ("mark", "minutes", "reason")}
            if keys["mark"] not in cleaned or keys["minutes"] in self.errors:
                continue
            problems = check_mark(
                self.session,
                cleaned[keys["mark"]],
                cleaned.get(keys["minutes"]),
                cleaned.get(keys["reason"], "").strip(),
            )
            for part, message in problems.items():
                self.add_error(keys[part], message)
        return cleaned

    def entries(self) -> list[closing.MarkEntry]:
        return [
            closing.MarkEntry(
                attendance_id=record.pk,
                mark=self.cleaned_data[f"mark-{record.pk}"],
                minutes=self.cleaned_data[f"minutes-{record.pk}"],
                reason=self.cleaned_data[f"reason-{record.pk}"].strip(),
            )
            for record in self.records
        ]


class CorrectionForm(forms.Form):
    """A new mark for one record of a closed session (the original is kept)."""

    attendance = forms.IntegerField(widget=forms.HiddenInput)
    mark = forms.ChoiceField(label=gettext_lazy("Corrected mark"), choices=Attendance.Mark.choices)
    minutes = forms.IntegerField(label=gettext_lazy("Minutes attended"), min_value=0)
    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"), max_length=REASON_MAX_LENGTH
    )

    def __init__(self, session: TrainingSession, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.record = None

    def clean_attendance(self):
        record = (
            self.session.attendances.current().filter(pk=self.cleaned_data["attendance"]).first()
        )
        if record is None:
            raise ValidationError(_("That record was corrected already. Look at it again."))
        self.record = record
        return record.pk

    def clean(self):
        cleaned = super().clean()
        if "mark" in cleaned and "minutes" in cleaned:
            problems = check_mark(
                self.session, cleaned["mark"], cleaned["minutes"], cleaned.get("reason", "")
            )
            for part, message in problems.items():
                self.add_error(part, message)
        return cleaned
