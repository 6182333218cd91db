"""The header's link to the coach queue, offered through ``accounts.permissions.HEADER_LINKS_HOOK``.

Whether someone coaches is one more ``Exists`` in the header's single query
(:func:`coaching.permissions.coaches_now`), so learners, and everyone else who coaches nobody,
pay no query for it. Only a coach pays, and only after their second factor: their scopes and
the count of practice waiting (three small queries), so the number is never stale. Before the
second factor the link shows without a count, and the queue asks for the factor.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.mfa import used_second_factor
from accounts.permissions import HeaderLink

from . import permissions


def _queue_link(user) -> dict | None:
    label = _("Practice to review")
    if used_second_factor(user):
        scopes = permissions.coaching_scopes(user)
        if not scopes:
            return None
        waiting = permissions.waiting_submissions(user, scopes).count()
        if waiting:
            label = ngettext(
                "Practice to review (%(count)s waiting)",
                "Practice to review (%(count)s waiting)",
                waiting,
            ) % {"count": waiting}
    return {"url": reverse("coaching:queue"), "label": label}


def coach_queue_link() -> HeaderLink:
    return HeaderLink(offered_to=permissions.coaches_now(), describe=_queue_link)
