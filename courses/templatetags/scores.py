"""Scores in templates, by the one rule of ``basics.numbers`` (whole or one-decimal points,
whole percentages, signed whole changes). ``{% load scores %}``."""

from django import template

from basics import numbers

register = template.Library()


@register.filter
def points(value) -> str:
    """A learner's points: "6", "6.5"."""
    return numbers.score_points(value)


@register.filter
def percent(value) -> str:
    """A learner's own percentage, rounded down: "66%"."""
    text = numbers.score_percent(value)
    return f"{text}%" if text else ""


@register.filter
def mean_percent(value) -> str:
    """A mean of percentages (reports), rounded half up: "67%"."""
    text = numbers.score_percent(value, down=False)
    return f"{text}%" if text else ""


@register.filter
def mean_points(value) -> str:
    """A mean count or rating (reports), one decimal at most, half up: "2.5"."""
    return numbers.score_points(value, down=False)


@register.filter
def change(value) -> str:
    """A change in percentage points: "+17", a minus sign and 17, "0"."""
    return numbers.score_change(value)
