"""The learner's practice form and the coach's rating form; both plain HTML, no script."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import COMMENT_MAX_LENGTH, FEEDBACK_MAX_LENGTH, RESPONSE_MAX_LENGTH, PracticeResponse
from .rubric import CRITERIA
from .services import ResponseScores

TOO_LONG = _("Keep it under %(limit_value)d characters (this has %(show_value)d).")


def response_field_name(position: int) -> str:
    return f"response_{position}"


class PracticeForm(forms.Form):
    """One text box per statement; saving a draft accepts empty boxes, submitting does not
    (the service says so, keeping what was typed)."""

    def __init__(self, *args, responses: list[PracticeResponse], **kwargs):
        super().__init__(*args, **kwargs)
        self.responses = responses
        for response in responses:
            self.fields[response_field_name(response.position)] = forms.CharField(
                label=response.statement_text,
                required=False,
                strip=True,
                max_length=RESPONSE_MAX_LENGTH,
                initial=response.text,
                error_messages={"max_length": TOO_LONG},
                widget=forms.Textarea(attrs={"rows": 4, "maxlength": RESPONSE_MAX_LENGTH}),
            )

    @property
    def items(self):
        return [(r, self[response_field_name(r.position)]) for r in self.responses]

    def texts(self) -> dict[int, str]:
        return {
            r.position: self.cleaned_data[response_field_name(r.position)] for r in self.responses
        }


@dataclass(frozen=True)
class RatingItem:
    response: PracticeResponse
    scores: list
    comment: forms.BoundField


class RatingForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback for the learner"),
        max_length=FEEDBACK_MAX_LENGTH,
        error_messages={
            "max_length": TOO_LONG,
            "required": _("Write the learner a few words of feedback."),
        },
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": FEEDBACK_MAX_LENGTH}),
        help_text=_("What they did well, and one thing to try next. Plain text."),
    )

    def __init__(self, *args, responses: list[PracticeResponse], **kwargs):
        super().__init__(*args, **kwargs)
        self.responses = responses
        for response in responses:
            for criterion in CRITERIA:
                self.fields[f"r{response.position}_{criterion.field}"] = forms.TypedChoiceField(
                    label=criterion.question,
                    coerce=int,
                    choices=[(s, f"{s}: {anchor}") for s, anchor in criterion.anchors.items()],
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Pick a score.")},
                )
            self.fields[f"r{response.position}_comment"] = forms.CharField(
                label=_("Comment on this response"),
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                error_messages={"max_length": TOO_LONG},
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX_LENGTH}),
            )

    @property
    def items(self) -> list[RatingItem]:
        return [
            RatingItem(
                response=r,
                scores=[self[f"r{r.position}_{c.field}"] for c in CRITERIA],
                comment=self[f"r{r.position}_comment"],
            )
            for r in self.responses
        ]

    def scores(self) -> list[ResponseScores]:
        data = self.cleaned_data
        return [
            ResponseScores(
                response=r,
                comment=data[f"r{r.position}_comment"],
                **{c.field: data[f"r{r.position}_{c.field}"] for c in CRITERIA},
            )
            for r in self.responses
        ]
