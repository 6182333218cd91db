"""Validation for what trainers write in course settings."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Verbs that describe a state of mind rather than something a learner can show. Objectives
# that start with them cannot be assessed (the usual instructional-design rule).
_UNMEASURABLE_START = re.compile(
    r"^\s*(understand|know|learn|appreciate|be aware|become aware|be familiar|become familiar"
    r"|realize|realise|believe)\b",
    re.IGNORECASE,
)


def validate_measurable_objective(text: str) -> None:
    match = _UNMEASURABLE_START.match(text or "")
    if match:
        raise ValidationError(
            _(
                "“%(verb)s” cannot be measured. Start with something a learner can show, "
                "e.g. “List”, “Describe”, “Demonstrate” or “Explain”."
            ),
            code="unmeasurable",
            params={"verb": match.group(1).capitalize()},
        )
