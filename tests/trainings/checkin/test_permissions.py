"""The permission matrix of the check-in URLs, for a public session and an invitation-only one.

Facilitator pages follow ``trainings.permissions.get_session_to_run``: 404 for anyone who may
not see the session, 403 for those who may see it but not run it, the second-factor step for
roles that need one, and sign-in first for signed-out visitors. State changes are POST only.
"""

import pytest
from django.urls import reverse

from accounts import roles
from accounts.models import Membership
from tests.conftest import make_member, make_user, sign_in_with_mfa, sign_in_with_password
from trainings import checkin, door, services
from trainings.models import Attendance

from .conftest import happening_session

pytestmark = pytest.mark.django_db

LOGIN, MFA, OK = "sign in first", "second factor first", "allowed"


@pytest.fixture
def sessions(organization):
    return {
        "public": happening_session(organization, title="Public"),
        "private": happening_session(organization, title="Staff only", invitation_only=True),
    }


def persona(kind, organization, other_organization, sessions, client):
    """Sign `client` in as `kind` (or leave it signed out)."""
    if kind == "signed_out":
        return None
    group = roles.TRAINERS if kind.startswith("trainer") else roles.LEARNERS
    user = make_user(f"{kind}@example.org", group=group)
    role, where = {
        "member": (Membership.Role.MEMBER, organization),
        "manager": (Membership.Role.MANAGER, organization),
        "manager_without_second_factor": (Membership.Role.MANAGER, organization),
        "facilitator": (Membership.Role.FACILITATOR, organization),
        "facilitator_without_second_factor": (Membership.Role.FACILITATOR, organization),
        "facilitator_not_on_this_session": (Membership.Role.FACILITATOR, organization),
        "other_facilitator": (Membership.Role.FACILITATOR, other_organization),
        "other_manager": (Membership.Role.MANAGER, other_organization),
    }.get(kind, (None, None))
    if role:
        make_member(user, where, role)
    if kind.startswith("facilitator") and kind != "facilitator_not_on_this_session":
        for session in sessions.values():
            session.facilitators.add(user)
    if kind.endswith("without_second_factor") or kind in ("outsider", "member"):
        sign_in_with_password(client, user)
    else:
        sign_in_with_mfa(client, user)
    return user


# persona: (public session, invitation-only session), for every facilitator page and action
RUN_SESSION = {
    "signed_out": (LOGIN, LOGIN),
    "outsider": (403, 404),
    "member": (403, 403),
    "other_facilitator": (403, 404),
    "other_manager": (403, 404),
    "facilitator_not_on_this_session": (403, 403),
    "facilitator_without_second_factor": (MFA, MFA),
    "manager_without_second_factor": (MFA, MFA),
    "facilitator": (OK, OK),
    "manager": (OK, OK),
    # Staff run every session, invitation-only ones too (they schedule them in the CMS).
    "trainer": (OK, OK),
    "trainer_without_second_factor": (MFA, MFA),
}


def facilitator_requests(session):
    """Every facilitator URL of `session`: (name, method, path, data)."""
    person = make_user(f"registered-{session.code}@example.org")
    services.register(person, session)
    registration = person.session_registrations.get()
    present = make_user(f"present-{session.code}@example.org")
    attendance = checkin.check_in(session, present, Attendance.Method.DOOR_QR).attendance
    walk_in = checkin.add_walk_in(session, name="Jo")
    code = session.code
    return [
        ("roster", "get", reverse("trainings:roster", args=[code]), None),
        ("door", "get", reverse("trainings:door", args=[code]), None),
        ("claim_card", "get", reverse("trainings:claim_card", args=[code, walk_in.code]), None),
        (
            "roster_check_in",
            "post",
            reverse("trainings:roster_check_in", args=[code]),
            {"registration": registration.code},
        ),
        (
            "roster_check_out",
            "post",
            reverse("trainings:roster_check_out", args=[code]),
            {"attendance": attendance.code},
        ),
        (
            "roster_back_in",
            "post",
            reverse("trainings:roster_back_in", args=[code]),
            {"attendance": attendance.code},
        ),
        ("walk_in", "post", reverse("trainings:walk_in", args=[code]), {"name": "Lee"}),
    ]


def outcome(response) -> str | int:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return LOGIN
        if location.startswith("/accounts/2fa/"):
            return MFA
        return OK  # a change, then back to the roster or on to the card
    return OK if response.status_code == 200 else response.status_code


@pytest.mark.parametrize("kind", list(RUN_SESSION))
def test_facilitator_pages_and_actions(client, kind, organization, other_organization, sessions):
    persona(kind, organization, other_organization, sessions, client)
    seen = {}
    for which, session in sessions.items():
        for name, method, path, data in facilitator_requests(session):
            response = getattr(client, method)(path, data or {})
            seen[(which, name)] = outcome(response)
    public, private = RUN_SESSION[kind]
    expected = {
        (which, name): allowed
        for which, allowed in (("public", public), ("private", private))
        for name in ("roster", "door", "claim_card", "roster_check_in", "roster_check_out")
        + ("roster_back_in", "walk_in")
    }
    assert seen == expected


@pytest.mark.parametrize(
    "name", ["roster_check_in", "roster_check_out", "roster_back_in", "walk_in"]
)
def test_facilitator_actions_are_post_only(client, name, organization, sessions):
    user = persona("facilitator", organization, None, sessions, client)
    assert user is not None
    path = reverse(f"trainings:{name}", args=[sessions["public"].code])
    assert client.get(path).status_code == 405
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("kind", "public", "private"),
    [
        ("signed_out", LOGIN, LOGIN),
        ("outsider", OK, OK),
        ("member", OK, OK),
        ("other_facilitator", OK, OK),
    ],
)
def test_the_participant_forms(
    client, kind, public, private, organization, other_organization, sessions
):
    persona(kind, organization, other_organization, sessions, client)
    for path in (reverse("trainings:check_in_by_code"), reverse("trainings:claim")):
        assert outcome(client.get(path)) == public
        if kind == "signed_out":
            assert outcome(client.post(path, {"code": "ABCDEF"})) == LOGIN


@pytest.mark.parametrize(
    ("kind", "public", "private"),
    [
        ("signed_out", 200, 200),  # offered to sign in or sign up, then back
        ("outsider", 200, 403),  # told the session is for the hosting organization's staff
        ("other_facilitator", 200, 403),
        ("member", 200, 200),
    ],
)
def test_the_door_link(client, kind, public, private, organization, other_organization, sessions):
    persona(kind, organization, other_organization, sessions, client)
    for which, expected in (("public", public), ("private", private)):
        session = sessions[which]
        path = reverse("trainings:door_check_in", args=[session.code, door.new_stamp(session)])
        response = client.get(path)
        assert response.status_code == expected, which
        if expected == 403:
            assert "only for the staff of Riverside Syringe Services" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_wrong_door_link_of_an_invitation_only_session_looks_like_nothing(client, sessions):
    session = sessions["private"]
    path = reverse("trainings:door_check_in", args=[session.code, "1tXyZ.AAAA"])
    assert client.get(path).status_code == 404
    assert client.get(reverse("trainings:door_check_in", args=["0" * 10, "x"])).status_code == 404
