"""The CMS form of a session: its times are typed and shown in the session's own time zone.

A trainer in Los Angeles scheduling a session in Chicago types the time on the flyer; the
admin's own zone (the server's, or the trainer's Wagtail preference) must not shift it.
"""

import zoneinfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from . import services
from .models import validate_time_zone

TIME_FIELDS = ("start", "end", "registration_opens", "registration_closes")


class TrainingSessionForm(WagtailAdminModelForm):
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

    def save(self, commit=True):
        session = super().save(commit=commit)
        if commit and "capacity" in self.changed_data and session.pk:
            services.fill_free_places(session)
        return session
