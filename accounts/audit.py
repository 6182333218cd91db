"""The audit trail of people and organizations, kept in Wagtail's log (Reports > Site history).

Who changed a site role, who joined or left an organization, who gave or withdrew consent to
share records, who sent or cancelled invitations. Entries hold ids and codes, never email
addresses; the report shows the person's current name when it is read. Only people with a
permission on the logged model see an entry (Wagtail's ``viewable_by_user``): site admins for
users and organizations, nobody among trainers and reviewers.

Higher apps register their own actions with :func:`register_actions` and log with
``wagtail.log_actions.log`` (or :func:`log_for_organization`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogContext, LogFormatter, log

from .roles import STAFF_GROUPS

ROLE_ADD = "accounts.role_add"
ROLE_REMOVE = "accounts.role_remove"
MEMBER_JOIN = "accounts.member_join"
MEMBER_ACCEPT = "accounts.member_accept"
MEMBER_LEAVE = "accounts.member_leave"
MEMBER_REMOVE = "accounts.member_remove"
MEMBER_ROLE = "accounts.member_role"
CONSENT_GIVE = "accounts.consent_give"
CONSENT_WITHDRAW = "accounts.consent_withdraw"
INVITE_SEND = "accounts.invite_send"
INVITE_CANCEL = "accounts.invite_cancel"


def person_label(user_id) -> str:
    """How the report names a person: their current name, or a note that the account is gone."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return _("a deleted account (#%(id)s)") % {"id": user_id}
    return str(user)


class DataFormatter(LogFormatter):
    """A message filled from the entry's data. ``member_id`` is shown as the person's name and
    ``filters`` (a dict) as ``filter_text``."""

    label = ""
    template = ""

    def format_message(self, log_entry):
        data = dict(log_entry.data or {})
        if "member_id" in data:
            data["member"] = person_label(data["member_id"])
        if "filters" in data:
            filters = data["filters"] or {}
            data["filter_text"] = ", ".join(
                f"{key} = {value}" for key, value in sorted(filters.items())
            ) or _("no filters")
        try:
            return self.template % data
        except (KeyError, TypeError, ValueError):
            return self.label


def register_actions(actions, entries) -> None:
    """Register ``(action, label, message template)`` triples with Wagtail's log registry."""
    for action, label, template in entries:
        formatter = type("Formatter", (DataFormatter,), {"label": label, "template": template})
        actions.register_action(action)(formatter)


ACTIONS = [
    (ROLE_ADD, _("Give site role"), _("Given the site role “%(role)s”")),
    (ROLE_REMOVE, _("Remove site role"), _("Site role “%(role)s” removed")),
    (MEMBER_JOIN, _("Join organization"), _("%(member)s joined with the join code")),
    (MEMBER_ACCEPT, _("Accept invitation"), _("%(member)s joined by accepting an invitation")),
    (MEMBER_LEAVE, _("Leave organization"), _("%(member)s left the organization")),
    (MEMBER_REMOVE, _("Remove member"), _("%(member)s was removed from the organization")),
    (MEMBER_ROLE, _("Change member role"), _("%(member)s: role changed to %(role)s")),
    (CONSENT_GIVE, _("Share records"), _("%(member)s agreed to share training records")),
    (
        CONSENT_WITHDRAW,
        _("Stop sharing records"),
        _("%(member)s withdrew consent to share training records"),
    ),
    (INVITE_SEND, _("Send invitations"), _("%(count)s invitation(s) sent, role %(role)s")),
    (INVITE_CANCEL, _("Cancel invitation"), _("Invitation %(invitation)s cancelled")),
]


def log_for_organization(organization, action: str, *, by=None, **data) -> None:
    """One audit entry about `organization`; `by` is who acted (else the request's user)."""
    log(organization, action, user=_real_user(by), data=data)


def log_membership(membership, action: str, *, by=None, **data) -> None:
    log_for_organization(
        membership.organization,
        action,
        by=by,
        member_id=membership.user_id,
        membership=membership.code,
        **data,
    )


def _real_user(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "_wrapped", user)  # a request's lazy user


# Site roles: every way a user enters or leaves a role group (Wagtail's user editor, the Django
# admin, the shell) goes through the groups relation, so the signal sees them all. The acting
# user comes from the log context (Wagtail's admin and accounts.middleware.SignedInPowersMiddleware set it).


def _log_roles(users, groups, action) -> None:
    for group in groups:
        if group.name not in STAFF_GROUPS:
            continue
        for user in users:
            log(user, action, data={"role": group.name, "user_id": user.pk})


def _groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    verb = ROLE_ADD if action == "post_add" else ROLE_REMOVE
    if not reverse:  # user.groups.add(...) / .remove(...) / .clear()
        users = [instance]
        groups = (
            list(instance.groups.all())
            if action == "pre_clear"
            else list(Group.objects.filter(pk__in=pk_set or ()))
        )
    else:  # group.user_set.add(...)
        groups = [instance]
        users = (
            list(instance.user_set.all())
            if action == "pre_clear"
            else list(model.objects.filter(pk__in=pk_set or ()))
        )
    _log_roles(users, groups, verb)


def connect_signals() -> None:
    m2m_changed.connect(
        _groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="accounts.audit.groups_changed",
    )


class RequestLogContext(LogContext):
    """Wagtail's log context for one request: entries default to the signed-in person.

    The user is read only when something is logged, so pages that log nothing never touch the
    session for it.
    """

    def __init__(self, request):
        self._request = request
        super().__init__()

    @property
    def user(self):
        return _real_user(getattr(self._request, "user", None))

    @user.setter
    def user(self, value):
        pass  # always the request's user
