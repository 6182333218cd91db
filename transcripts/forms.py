"""The learner's choice of credential tracks, each with the day their current period began."""

import datetime

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CredentialTrack, LearnerTrack

EARLIEST_START = datetime.date(1990, 1, 1)


class TrackChoiceForm(forms.Form):
    tracks = forms.ModelMultipleChoiceField(
        label=_("Credentials I am working toward"),
        queryset=CredentialTrack.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        chosen = {choice.track_id: choice for choice in user.credential_tracks.all()}
        initial = {"tracks": list(chosen)}
        initial.update({f"starts_{pk}": choice.period_starts_on for pk, choice in chosen.items()})
        super().__init__(*args, initial=initial, **kwargs)
        self.available = list(CredentialTrack.objects.filter(active=True))
        self.fields["tracks"].queryset = CredentialTrack.objects.filter(active=True)
        for track in self.available:
            self.fields[f"starts_{track.pk}"] = forms.DateField(
                label=_("When did your current period for %(track)s begin? (optional)")
                % {"track": track.name},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                help_text=_("Leave empty to count the last %(months)s months.")
                % {"months": track.period_months}
                if track.period_months
                else _("Leave empty to count all your courses."),
            )

    def start_field(self, track):
        return self[f"starts_{track.pk}"]

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for track in self.available:
            name = f"starts_{track.pk}"
            day = cleaned.get(name)
            if day and not EARLIEST_START <= day <= today:
                self.add_error(name, _("Please give a date between 1990 and today."))
        return cleaned

    def save(self):
        chosen = list(self.cleaned_data["tracks"])
        with transaction.atomic():
            LearnerTrack.objects.filter(user=self.user).exclude(track__in=chosen).delete()
            for track in chosen:
                LearnerTrack.objects.update_or_create(
                    user=self.user,
                    track=track,
                    defaults={"period_starts_on": self.cleaned_data.get(f"starts_{track.pk}")},
                )
        return chosen
