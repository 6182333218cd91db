"""The observer's form (one Done / Needs practice choice and a comment per step, and where) and
the box for typing a learner's code. Plain HTML controls: it works on a phone without script."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.localization import paired_by_key

from .models import COMMENT_MAX_LENGTH, PLACE_MAX_LENGTH, ObservationMark, SkillsChecklist
from .services import MarkInput


class ShowCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The learner's code"),
        max_length=20,
        help_text=_("Six letters and numbers, shown on the learner's skills page."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class ObservationForm(forms.Form):
    place = forms.CharField(
        label=_("Where are you observing?"),
        max_length=PLACE_MAX_LENGTH,
        help_text=_("For example the organization and room, or 'by video call'."),
    )

    def __init__(self, checklist: SkillsChecklist, *args, at_session=False, shown=None, **kwargs):
        """Fields are named after the source steps, so marks are recorded on them; labels and
        "done looks like" come from `shown` (the checklist in the observer's language)."""
        super().__init__(*args, **kwargs)
        if at_session:
            del self.fields["place"]  # the session is the place (practice.services)
        pairs = paired_by_key(checklist.items.all(), (shown or checklist).items.all())
        self.items = [source for source, _shown in pairs]
        self.shown_items = [shown_step for _source, shown_step in pairs]
        for item, shown_step in pairs:
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=shown_step.step,
                choices=ObservationMark.Result.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose Done or Needs practice for this step.")},
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Comment for the learner (optional)"),
                max_length=COMMENT_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def steps(self):
        """Each step with its two fields, for the template."""
        return [
            (shown_step, self[f"result_{item.pk}"], self[f"comment_{item.pk}"])
            for item, shown_step in zip(self.items, self.shown_items, strict=True)
        ]

    def marks(self) -> list[MarkInput]:
        return [
            MarkInput(
                item=item,
                done=self.cleaned_data[f"result_{item.pk}"] == ObservationMark.Result.DONE,
                comment=self.cleaned_data[f"comment_{item.pk}"],
            )
            for item in self.items
        ]
