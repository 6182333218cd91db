"""Every form a learner fills in: the catalog filters, a lesson's reflections, quizzes, evaluations.

Quiz and evaluation forms are built from what was served (never from the request).

Both work without JavaScript: templates draw every question as a fieldset with a legend, list
unanswered questions in an error summary at the top (each linking to ``#q-<n>``) and keep what
the learner picked. Anything a browser could not have sent by itself — a choice id from another
question or quiz, two answers to a one-answer question, hundreds of fields, very long values —
is refused with a form error and ``tampered`` set (the view answers 400), never a 500.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basics.sanitize import clean_user_text

from ..choices import Audience, QuestionKind, Topic
from ..grading import DONT_KNOW
from ..models.evaluations import EVALUATION_COMMENTS_MAX_LENGTH, ConfidenceScale, LikertScale
from ..models.learning import REFLECTION_MAX_LENGTH

MAX_FIELDS = 200
MAX_VALUE_LENGTH = 100


# Catalog and lessons ----------------------------------------------------------------------------


class CatalogFilterForm(forms.Form):
    """The catalog's filters: a plain GET form that works without JavaScript."""

    topic = forms.ChoiceField(
        label=gettext_lazy("Topic"),
        required=False,
        choices=[("", gettext_lazy("All topics")), *Topic.choices],
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Audience"),
        required=False,
        choices=[
            ("", gettext_lazy("All audiences")),
            *[c for c in Audience.choices if c[0] != Audience.GENERAL],
        ],
    )

    def filter(self, courses):
        """Narrow a CoursePage queryset; call after is_valid()."""
        field = courses.model._meta.get_field("topics")
        if topic := self.cleaned_data.get("topic"):
            courses = courses.filter(**field.lookup(topic))
        if audience := self.cleaned_data.get("audience"):
            audiences = courses.model._meta.get_field("audiences")
            # Courses written for everyone suit every audience.
            courses = courses.filter(
                Q(**audiences.lookup(audience)) | Q(**audiences.lookup(Audience.GENERAL))
            )
        return courses


class ReflectionForm(forms.Form):
    """A learner's private answer to a scenario prompt; stored as plain text."""

    block = forms.CharField(widget=forms.HiddenInput, max_length=64)
    text = forms.CharField(
        label=gettext_lazy("Your reflection"),
        required=False,
        max_length=REFLECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": REFLECTION_MAX_LENGTH}),
        error_messages={
            "max_length": gettext_lazy(
                "Please shorten your reflection to %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
    )

    def __init__(self, *args, block_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.block_ids = set(block_ids)
        self.fields["text"].help_text = _(
            "Only you can see this. To delete it, empty the box and save. "
            "Up to %(limit)s characters."
        ) % {"limit": f"{REFLECTION_MAX_LENGTH:,}"}

    def clean_block(self):
        block = self.cleaned_data["block"]
        if block not in self.block_ids:
            raise forms.ValidationError(
                gettext_lazy("This reflection box is no longer part of the lesson.")
            )
        return block

    def clean_text(self):
        return clean_user_text(self.cleaned_data["text"], max_length=REFLECTION_MAX_LENGTH)


# Quizzes and evaluations ------------------------------------------------------------------------


class GuardedForm(forms.Form):
    """A form that refuses oversized or repeated input before validating the fields."""

    single_value_fields: tuple[str, ...] = ()
    free_text_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tampered = False

    def _sent_values(self):
        getlist = getattr(self.data, "getlist", None)
        for key in self.data:
            for value in getlist(key) if getlist else [self.data[key]]:
                yield key, value

    def _refusal(self) -> str | None:
        sent = list(self._sent_values())
        if len(sent) > MAX_FIELDS:
            return _("This form sent far more answers than it has questions.")
        for key, value in sent:
            if key not in self.free_text_fields and len(str(value)) > MAX_VALUE_LENGTH:
                return _("One of the answers sent is not one of the choices.")
        return None

    def full_clean(self):
        if self.is_bound and (refusal := self._refusal()):
            self._errors = ErrorDict()
            self.cleaned_data = {}
            self.add_error(None, refusal)
            self.tampered = True
            return
        super().full_clean()
        if not self.is_bound:
            return
        getlist = getattr(self.data, "getlist", None)
        for name in self.single_value_fields:
            if getlist and len(getlist(name)) > 1:
                self.tampered = True
                self.add_error(name, self.repeated_message(name))
        for field_errors in self.errors.values():
            if {error.code for error in field_errors.as_data()} & {
                "invalid_choice",
                "invalid_list",
            }:
                self.tampered = True

    def repeated_message(self, name: str) -> str:
        return _("Choose one answer.")


@dataclass
class QuestionItem:
    number: int
    question: dict
    field: forms.BoundField
    selected: set[str]
    multiple: bool

    @property
    def anchor(self) -> str:
        return f"q-{self.number}"

    @property
    def errors(self):
        return self.field.errors

    @property
    def shows_hint(self) -> bool:
        """ "Choose all that apply." under a multiple-response question, unless its stem says it."""
        if not self.multiple:
            return False
        stem = self.question.get("stem", "").casefold()
        asked = {_("Choose all that apply.").rstrip(".").casefold(), "choose all that apply"}
        return not any(phrase in stem for phrase in asked)

    @property
    def described_by(self) -> str:
        """Ids of the scenario, the hint and the error, for the fieldset's aria-describedby."""
        ids = []
        if self.question.get("vignette"):
            ids.append(f"{self.anchor}-scenario")
        if self.shows_hint:
            ids.append(f"{self.anchor}-hint")
        if self.errors:
            ids.append(f"{self.anchor}-error")
        return " ".join(ids)


class QuizAttemptForm(GuardedForm):
    """One field per served question: ``q-<n>`` holding the picked choice id(s)."""

    def __init__(self, snapshot: dict, data=None, *, saved: dict | None = None, **kwargs):
        super().__init__(data=data, **kwargs)
        self.snapshot = snapshot
        # Picks saved earlier (question id -> choice ids), shown when the form is not bound.
        self.saved = saved or {}
        single = []
        for number, question in enumerate(snapshot["questions"], start=1):
            name = f"q-{number}"
            choices = [(choice["id"], choice["text"]) for choice in question["choices"]]
            if question["kind"] == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(choices=choices)
            else:
                field = forms.ChoiceField(choices=choices)
                single.append(name)
            field.error_messages = {
                "required": _("Answer question %(number)d.") % {"number": number},
                "invalid_choice": _("Question %(number)d: that answer is not one of its choices.")
                % {"number": number},
                "invalid_list": _("Question %(number)d: that answer is not one of its choices.")
                % {"number": number},
            }
            self.fields[name] = field
        self.single_value_fields = tuple(single)

    def repeated_message(self, name: str) -> str:
        return _("Question %(number)s: choose one answer only.") % {"number": name[2:]}

    def clean(self):
        cleaned = super().clean()
        for number in range(1, len(self.snapshot["questions"]) + 1):
            picked = cleaned.get(f"q-{number}")
            if isinstance(picked, list) and DONT_KNOW in picked and len(picked) > 1:
                self.add_error(
                    f"q-{number}",
                    _("Question %(number)d: choose “I don't know” on its own, or untick it.")
                    % {"number": number},
                )
        return cleaned

    def answers(self) -> dict[str, list[str]]:
        """Picked ids by question id (call after is_valid)."""
        answers = {}
        for number, question in enumerate(self.snapshot["questions"], start=1):
            picked = self.cleaned_data.get(f"q-{number}")
            if picked:
                answers[question["id"]] = picked if isinstance(picked, list) else [picked]
        return answers

    def picks(self) -> dict[str, list[str]]:
        """Whatever was picked, answered or not, by question id: for saving to finish later.

        Unchecked: ``assessments.save_answers`` keeps only choices of their own question.
        """
        getlist = getattr(self.data, "getlist", None)
        if not self.is_bound or getlist is None:
            return {}
        return {
            question["id"]: getlist(f"q-{number}")
            for number, question in enumerate(self.snapshot["questions"], start=1)
            if getlist(f"q-{number}")
        }

    def items(self) -> list[QuestionItem]:
        getlist = getattr(self.data, "getlist", None)
        items = []
        for number, question in enumerate(self.snapshot["questions"], start=1):
            name = f"q-{number}"
            if self.is_bound:
                selected = set(getlist(name)) if getlist else set()
            else:
                selected = set(self.saved.get(question["id"], ()))
            items.append(
                QuestionItem(
                    number=number,
                    question=question,
                    field=self[name],
                    selected=selected,
                    multiple=question["kind"] == QuestionKind.MULTIPLE,
                )
            )
        return items

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for every question with an error, in question order."""
        summary = []
        for item in self.items():
            for error in item.errors:
                summary.append((item.anchor, error))
        return summary


@dataclass
class RatingItem:
    anchor: str
    label: str
    field: forms.BoundField
    options: list[tuple[int, str]]

    @property
    def selected(self) -> str:
        return str(self.field.value() or "")


class EvaluationForm(GuardedForm):
    """Ratings for each statement (``s-<n>``), confidence before and after, and comments."""

    free_text_fields = ("comments",)

    def __init__(self, evaluation, data=None, **kwargs):
        super().__init__(data=data, **kwargs)
        self.statements = evaluation.statement_data()
        self.asks_confidence = bool(evaluation.confidence_question)
        self.asks_comments = bool(evaluation.comments_prompt)
        names = []
        for number in range(1, len(self.statements) + 1):
            name = f"s-{number}"
            self.fields[name] = self._rating_field(
                LikertScale, _("Rate statement %(number)d.") % {"number": number}
            )
            names.append(name)
        if self.asks_confidence:
            self.fields["confidence_before"] = self._rating_field(
                ConfidenceScale, _("Say how confident you were before the course.")
            )
            self.fields["confidence_after"] = self._rating_field(
                ConfidenceScale, _("Say how confident you are now.")
            )
            names += ["confidence_before", "confidence_after"]
        if self.asks_comments:
            self.fields["comments"] = forms.CharField(
                label=evaluation.comments_prompt,
                required=False,
                max_length=EVALUATION_COMMENTS_MAX_LENGTH,
                widget=forms.Textarea(
                    attrs={"rows": 5, "maxlength": EVALUATION_COMMENTS_MAX_LENGTH}
                ),
                help_text=gettext_lazy(
                    "Optional. Please do not include names or anything that identifies someone."
                ),
                error_messages={
                    "max_length": _(
                        "Please shorten your comments to %(limit_value)d characters "
                        "(they have %(show_value)d)."
                    )
                },
            )
        self.single_value_fields = tuple(names)

    @staticmethod
    def _rating_field(scale, required_message: str) -> forms.TypedChoiceField:
        return forms.TypedChoiceField(
            choices=scale.choices,
            coerce=int,
            error_messages={
                "required": required_message,
                "invalid_choice": _("That rating is not one of the choices."),
            },
        )

    def clean_comments(self):
        return clean_user_text(
            self.cleaned_data.get("comments"), max_length=EVALUATION_COMMENTS_MAX_LENGTH
        )

    def ratings(self) -> dict[str, int]:
        return {
            statement["id"]: self.cleaned_data[f"s-{number}"]
            for number, statement in enumerate(self.statements, start=1)
        }

    def statement_items(self) -> list[RatingItem]:
        return [
            RatingItem(f"q-{number}", statement["text"], self[f"s-{number}"], LikertScale.choices)
            for number, statement in enumerate(self.statements, start=1)
        ]

    def confidence_items(self) -> list[RatingItem]:
        if not self.asks_confidence:
            return []
        return [
            RatingItem(
                "confidence-before",
                _("Before the course"),
                self["confidence_before"],
                ConfidenceScale.choices,
            ),
            RatingItem(
                "confidence-after", _("Now"), self["confidence_after"], ConfidenceScale.choices
            ),
        ]

    def error_summary(self) -> list[tuple[str, str]]:
        summary = []
        for item in self.statement_items() + self.confidence_items():
            summary.extend((item.anchor, error) for error in item.field.errors)
        if self.asks_comments:
            summary.extend(("id_comments", error) for error in self["comments"].errors)
        return summary
