"""Wagtail wiring for the top app: the audit-log actions of the partner and privacy pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from accounts import audit

from .partners import audit as partner_audit
from .privacy.services import DELETE_ACTION


@hooks.register("register_log_actions")
def register_partner_log_actions(actions):
    audit.register_actions(actions, partner_audit.ACTIONS)


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    # The entry says only that an account was deleted and how many certificates were kept.
    audit.register_actions(
        actions,
        [
            (
                DELETE_ACTION,
                _("Delete account"),
                _(
                    "An account was deleted at its owner's request; %(certificates_kept)s "
                    "certificate(s) kept for verification"
                ),
            )
        ],
    )
