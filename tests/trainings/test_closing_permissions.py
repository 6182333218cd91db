"""Who may mark, close and correct a session: the permission rows of every closing URL.

Rows: signed out, outsider, member of the hosting organization, facilitator of another
organization, the hosting organization's manager, the session's facilitator (both with their
second factor), and the manager before it. Invitation-only sessions do not exist for anyone
outside the hosting organization (404); people who see a session but may not run it get 403.
"""

import pytest
from django.urls import reverse

from accounts.models import Membership, User
from tests.conftest import make_member, make_user, sign_in_with_mfa, sign_in_with_password
from trainings.models import TrainingSession

from .test_closing import ended_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(organization):
    facilitator = make_user("facilitator@example.org")
    make_member(facilitator, organization, Membership.Role.FACILITATOR)
    found = {
        "public": ended_session(organization, title="Open to all"),
        "private": ended_session(organization, title="Staff only", invitation_only=True),
    }
    for session in found.values():
        session.facilitators.add(facilitator)
    return found


def visit_as(client, kind, organization, other_organization):
    if kind == "anonymous":
        return
    if kind == "session_facilitator":
        sign_in_with_mfa(client, User.objects.get(email="facilitator@example.org"))
        return
    user = make_user(f"{kind}@example.org")
    if kind == "member":
        make_member(user, organization)
    elif kind == "other_facilitator":
        make_member(user, other_organization, Membership.Role.FACILITATOR)
    elif kind in ("manager", "manager_without_second_factor"):
        make_member(user, organization, Membership.Role.MANAGER)
    if kind in ("other_facilitator", "manager"):
        sign_in_with_mfa(client, user)
    elif kind == "manager_without_second_factor":
        sign_in_with_password(client, user)
    else:
        client.force_login(user)


SIGN_IN, SECOND_FACTOR = "sign in", "second factor"
ROWS = [
    ("anonymous", SIGN_IN, SIGN_IN),
    ("outsider", 403, 404),
    ("member", 403, 403),
    ("other_facilitator", 403, 404),
    ("manager_without_second_factor", SECOND_FACTOR, SECOND_FACTOR),
    ("manager", "ok", "ok"),
    ("session_facilitator", "ok", "ok"),
]


def outcome(response, ok_status):
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return SIGN_IN
    if response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp"):
        return SECOND_FACTOR
    if response.status_code == ok_status:
        return "ok"
    return response.status_code


@pytest.mark.parametrize(("kind", "public", "private"), ROWS)
@pytest.mark.parametrize(
    ("name", "method", "ok_status"),
    [
        ("close", "get", 200),
        ("close", "post", 302),
        ("marks", "post", 302),
        ("correct", "post", 302),
    ],
)
def test_closing_urls(
    client,
    organization,
    other_organization,
    sessions,
    kind,
    public,
    private,
    name,
    method,
    ok_status,
):
    visit_as(client, kind, organization, other_organization)
    for which, expected in (("public", public), ("private", private)):
        url = reverse(f"trainings:{name}", args=[sessions[which].code])
        response = getattr(client, method)(url)
        assert outcome(response, ok_status) == expected, (which, response)
        if response.status_code == 302 and expected == SIGN_IN:
            assert response["Location"].endswith(
                "?next=" + reverse("trainings:close", args=[sessions[which].code])
            )
    closed = set(TrainingSession.objects.filter(status="closed").values_list("title", flat=True))
    if (name, method) == ("close", "post") and public == "ok":
        assert closed == {"Open to all", "Staff only"}  # nobody checked in: nothing to mark
    else:
        assert closed == set()
