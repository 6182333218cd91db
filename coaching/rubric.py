"""The rubric coaches rate each practice response on: three questions, each 0, 1 or 2.

Written for Open Door (not taken from a published fidelity instrument). The anchors say what
each score looks like, so two coaches reading the same response land on the same number.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SCORES = (0, 1, 2)
POINTS_PER_RESPONSE = 2 * 3


@dataclass(frozen=True)
class Criterion:
    field: str
    question: Promise
    anchors: dict[int, Promise]


CRITERIA = (
    Criterion(
        "kind_asked",
        _("Is it the kind of response asked for?"),
        {
            0: _("A different kind: for example a question where a reflection was asked for."),
            1: _("Close, but mixed: for example a reflection that ends in a question."),
            2: _("Clearly the kind asked for, from start to end."),
        },
    ),
    Criterion(
        "meaning",
        _("Does it stay with the person's meaning?"),
        {
            0: _("Misses or changes what the person said, or brings in the worker's own topic."),
            1: _("Repeats the words but stays on the surface, or guesses too far."),
            2: _("Catches what the person meant, feelings and mixed feelings included."),
        },
    ),
    Criterion(
        "righting",
        _("Does it avoid the righting reflex?"),
        {
            0: _("Tells, warns, argues or fixes: the worker takes over."),
            1: _("A hint of advice or a push the person did not ask for."),
            2: _("No fixing or pushing: the person stays in charge of their choices."),
        },
    ),
)
CRITERION_FIELDS = tuple(criterion.field for criterion in CRITERIA)
