"""Which links the header offers a signed-in person."""

from django import template

from accounts.permissions import header_links, opens_cms

register = template.Library()

register.filter("opens_cms", opens_cms)
register.filter("header_links", header_links)
