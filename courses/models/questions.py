"""A quiz question: ordered inline on its quiz page, its answers a StreamField with stable ids."""

import uuid
from collections.abc import Iterable, Mapping

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from ..blocks import AnswerChoicesBlock
from ..choices import QuestionKind

STEM_MAX_LENGTH = 500
VIGNETTE_MAX_LENGTH = 1500
EXPLANATION_MAX_LENGTH = 1000
MAX_OBJECTIVE_NUMBER = 50


class Question(Orderable):
    """One question in a quiz's bank. Its answers are a StreamField (stable ids per answer)."""

    page = ParentalKey("courses.QuizPage", on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(
        _("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    objective = models.PositiveSmallIntegerField(
        _("learning objective"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_OBJECTIVE_NUMBER)],
        help_text=_("The course objective this question tests."),
    )
    vignette = models.TextField(
        _("scenario"),
        max_length=VIGNETTE_MAX_LENGTH,
        blank=True,
        help_text=_("Scenario questions only: two to four sentences describing a situation."),
    )
    stem = models.TextField(
        _("question"),
        max_length=STEM_MAX_LENGTH,
        help_text=_("Ask one thing, plainly. Avoid “all of the above” and double negatives."),
    )
    choices = StreamField(
        AnswerChoicesBlock(),
        verbose_name=_("answers"),
        help_text=_("Two to eight answers. Tick the correct one (or ones, for multiple response)."),
    )
    partial_credit = models.BooleanField(
        _("partial credit"),
        default=False,
        help_text=_(
            "Multiple response only: credit for each right answer picked, minus each wrong one. "
            "Unticked: all or nothing."
        ),
    )
    always_include = models.BooleanField(
        _("always include"),
        default=False,
        help_text=_(
            "Tick to put this question on every attempt when the quiz draws only some questions "
            "(for example the life-safety steps). Every attempt also has at least one question "
            "per objective, so keep these few."
        ),
    )
    explanation = models.TextField(
        _("explanation"),
        max_length=EXPLANATION_MAX_LENGTH,
        help_text=_("Shown at review: why the correct answer is correct."),
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("objective"),
        FieldPanel("vignette"),
        FieldPanel("stem"),
        FieldPanel("choices"),
        FieldPanel("partial_credit"),
        FieldPanel("always_include"),
        FieldPanel("explanation"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.stem[:80]

    @classmethod
    def build(
        cls,
        *,
        kind: str,
        stem: str,
        choices: Iterable[Mapping],
        objective: int,
        explanation: str,
        vignette: str = "",
        partial_credit: bool = False,
        always_include: bool = False,
        sort_order: int | None = None,
    ) -> "Question":
        """An unsaved question; `choices` are dicts of text, correct, feedback and optional id.

        Give ids when re-loading the same content, so answers keep pointing at the same choice.
        """
        return cls(
            kind=kind,
            stem=stem,
            vignette=vignette,
            objective=objective,
            explanation=explanation,
            partial_credit=partial_credit,
            always_include=always_include,
            sort_order=sort_order,
            choices=[
                {
                    "type": "choice",
                    "id": str(choice.get("id") or uuid.uuid4()),
                    "value": {
                        "text": choice["text"],
                        "correct": bool(choice.get("correct")),
                        "feedback": choice.get("feedback", ""),
                    },
                }
                for choice in choices
            ],
        )

    def choice_data(self) -> list[dict]:
        return [
            {
                "id": child.id or f"new-{index}",
                "text": child.value["text"],
                "correct": bool(child.value["correct"]),
                "feedback": child.value["feedback"] or "",
            }
            for index, child in enumerate(self.choices)
            if child.block_type == "choice"
        ]

    def as_data(self) -> dict:
        """The question as plain data, for the grader and the publishing checks."""
        return {
            "id": str(self.pk) if self.pk else f"new-{id(self)}",
            "kind": self.kind,
            "stem": self.stem,
            "vignette": self.vignette,
            "explanation": self.explanation,
            "objective": self.objective,
            "partial_credit": self.partial_credit,
            "always_include": self.always_include,
            "choices": self.choice_data(),
        }
