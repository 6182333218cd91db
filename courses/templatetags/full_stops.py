"""Sentences built in templates from parts. ``{% load full_stops %}``."""

from django import template

from basics.wording import one_full_stop as _one_full_stop

register = template.Library()


@register.filter(is_safe=True)
def one_full_stop(text) -> str:
    """ "Last saved Dec. 3, 2026, 7:43 p.m.." reads with one full stop after "p.m."."""
    return _one_full_stop(str(text))
