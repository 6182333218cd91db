"""Which links the header offers a signed-in person."""

from django import template

from accounts.permissions import opens_cms

register = template.Library()

register.filter("opens_cms", opens_cms)
