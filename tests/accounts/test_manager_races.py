"""Two managers acting at once never leave their organization without a manager.

Each trial signs in the organization's two managers in their own browsers and has them, at the
same moment, do two things that are each allowed alone (demote, remove or leave, or delete
their account) but that together would leave no manager. Real requests on PostgreSQL, one
thread and one connection each.
"""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Organization
from lms.privacy.forms import confirmation_word
from tests.concurrency import on_postgresql_only, run_at_once
from tests.conftest import PASSWORD, make_member, make_user

pytestmark = on_postgresql_only("Concurrency needs PostgreSQL (SQLite serializes writers)")

TRIALS = 4


def demote(organization, membership):
    args = [organization.slug, membership.code]
    return reverse("accounts:organization_set_role", args=args), {"role": "member"}


def remove(organization, membership):
    args = [organization.slug, membership.code]
    return reverse("accounts:organization_remove_member", args=args), {}


def leave(organization, membership):
    return reverse("accounts:leave", args=[membership.code]), {}


def delete_account(organization, membership):
    data = {"password": PASSWORD, "confirmation": confirmation_word()}
    return reverse("privacy:delete_account"), data


# What the first manager does to whom, and what the second does, at the same moment.
PAIRS = {
    "both demote the other": ((demote, "second"), (demote, "first")),
    "both remove the other": ((remove, "second"), (remove, "first")),
    "both leave": ((leave, "first"), (leave, "second")),
    "one leaves, one demotes themself": ((leave, "first"), (demote, "second")),
    "one removes the other, who demotes the first": ((remove, "second"), (demote, "first")),
    "one deletes their account, one leaves": ((delete_account, "first"), (leave, "second")),
}


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def post_one_of(requests):
    """A function that, called once from each thread, posts the next of `requests`."""
    turn = iter(requests)

    def post():
        client, address, data = next(turn)
        return client.post(address, data).status_code

    return post


@pytest.mark.parametrize("pair", list(PAIRS))
def test_two_managers_at_once_leave_at_least_one_manager(pair):
    for trial in range(TRIALS):
        organization = Organization.objects.create(name=f"Org {trial}", slug=f"org-{trial}")
        managers = {
            who: make_user(f"{who}-{trial}@example.org", display_name=who.title())
            for who in ("first", "second")
        }
        memberships = {
            who: make_member(user, organization, Membership.Role.MANAGER)
            for who, user in managers.items()
        }
        requests = []
        for actor, (action, target) in zip(("first", "second"), PAIRS[pair], strict=True):
            address, data = action(organization, memberships[target])
            requests.append((signed_in(managers[actor]), address, data))
        statuses, errors = run_at_once(post_one_of(requests), 2)

        assert errors == []
        assert all(status < 500 for status in statuses), statuses
        remaining = organization.memberships.managers().count()
        assert remaining >= 1, f"trial {trial}: no manager left ({statuses})"
