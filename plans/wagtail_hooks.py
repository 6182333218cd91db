"""Wagtail wiring: the audit-log actions of the plan pages."""

from wagtail import hooks

from accounts import audit as accounts_audit

from . import audit


@hooks.register("register_log_actions")
def register_plan_log_actions(actions):
    accounts_audit.register_actions(actions, audit.ACTIONS)
