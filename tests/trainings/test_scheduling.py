"""Facilitators and managers schedule sessions for their own organization on the public site.

The permission matrix covers every new URL: a facilitator of another organization, the
hosting organization's manager and facilitator, a plain member, an outsider, a signed-out
visitor, and a facilitator whose session has not used a second factor.
"""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Membership
from tests.conftest import make_member, make_user, sign_in_with_mfa, sign_in_with_password
from trainings.models import TrainingSession

from .conftest import make_session

pytestmark = pytest.mark.django_db


def public_form(organization, **changes):
    return {
        "title": "Naloxone at the church hall",
        "course": "",
        "organization": organization.pk,
        "start": "2031-05-06T10:00",
        "end": "2031-05-06T12:00",
        "time_zone": "America/Chicago",
        "format": "in_person",
        "address": "12 Elm Street",
        "room": "Basement",
        "accessibility_notes": "",
        "meeting_link": "",
        "capacity": "30",
        "contact_hours": "2",
        "language": "en",
        "registration_opens": "2031-04-01T09:00",
        "registration_closes": "",
        **changes,
    }


@pytest.fixture
def facilitator(organization):
    person = make_user("facilitator@example.org", display_name="Dana")
    make_member(person, organization, Membership.Role.FACILITATOR)
    return person


@pytest.fixture
def visitor(request, organization, other_organization, facilitator, manager, member, outsider):
    kind = request.param
    if kind == "signed_out":
        return None, False
    if kind == "other_facilitator":
        person = make_user("other-fac@example.org")
        make_member(person, other_organization, Membership.Role.FACILITATOR)
        return person, True
    people = {"manager": manager, "member": member, "outsider": outsider}
    if kind in ("facilitator", "facilitator_without_second_factor"):
        return facilitator, kind == "facilitator"
    return people[kind], kind == "manager"


def open_as(client, visitor):
    person, with_mfa = visitor
    if person is None:
        return client
    if with_mfa:
        return sign_in_with_mfa(client, person)
    return sign_in_with_password(client, person)


SECOND_FACTOR = "second factor"
MATRIX = [
    # (visitor, sessions I run / new session, edit a public session, edit an invitation-only one)
    ("signed_out", "login", "login", "login"),
    ("outsider", 403, 403, 404),
    ("member", 403, 403, 403),
    ("other_facilitator", 200, 403, 404),
    ("facilitator_without_second_factor", SECOND_FACTOR, SECOND_FACTOR, SECOND_FACTOR),
    ("facilitator", 200, 200, 200),
    ("manager", 200, 200, 200),
]


def outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return "login"
        if location.startswith((reverse("mfa_authenticate"), reverse("mfa_activate_totp"))):
            return SECOND_FACTOR
        if "reauthenticate" in location or "mfa" in location:
            return SECOND_FACTOR
        return location
    return response.status_code


@pytest.mark.parametrize(("visitor", "mine", "public", "private"), MATRIX, indirect=["visitor"])
def test_permission_matrix(client, visitor, organization, mine, public, private):
    open_session = make_session(organization)
    hidden_session = make_session(organization, invitation_only=True)
    open_as(client, visitor)

    assert outcome(client.get(reverse("trainings:mine"))) == mine
    assert outcome(client.get(reverse("trainings:new_session"))) == mine
    edit = reverse("trainings:edit_session", args=[open_session.code])
    assert outcome(client.get(edit)) == public
    hidden_edit = reverse("trainings:edit_session", args=[hidden_session.code])
    assert outcome(client.get(hidden_edit)) == private
    # A change sent by someone who may not make it changes nothing.
    client.post(edit, public_form(organization, title="Changed"))
    open_session.refresh_from_db()
    assert (open_session.title == "Changed") is (public == 200)


def test_a_facilitator_schedules_a_session_and_runs_it(client, facilitator, organization):
    colleague = make_user("colleague@example.org", display_name="Rowan")
    make_member(colleague, organization, Membership.Role.FACILITATOR)
    sign_in_with_mfa(client, facilitator)
    assert "Sessions I run" in client.get(reverse("trainings:list")).content.decode()

    response = client.post(
        reverse("trainings:new_session"),
        public_form(organization, facilitators=[colleague.pk]),
        follow=True,
    )

    session = TrainingSession.objects.get()
    assert response.redirect_chain[-1][0] == reverse("trainings:detail", args=[session.code])
    assert "The session is scheduled." in response.content.decode()
    assert set(session.facilitators.all()) == {facilitator, colleague}
    # 10:00 in Chicago in May is 15:00 UTC: typed where the session happens.
    assert session.start == datetime.datetime(2031, 5, 6, 15, 0, tzinfo=datetime.UTC)
    mine = client.get(reverse("trainings:mine")).content.decode()
    assert "Naloxone at the church hall" in mine


def test_the_public_form_refuses_what_the_cms_refuses(client, facilitator, organization):
    stranger = make_user("stranger@example.org", display_name="Quinn")
    sign_in_with_mfa(client, facilitator)

    response = client.post(
        reverse("trainings:new_session"),
        public_form(organization, end="2031-05-06T09:00", facilitators=[stranger.pk]),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The session must end after it starts." in page
    assert not TrainingSession.objects.exists()


def test_a_member_of_another_organization_is_refused_as_facilitator(
    client, facilitator, organization, other_organization
):
    other = make_user("other@example.org", display_name="Kim")
    make_member(other, other_organization, Membership.Role.FACILITATOR)
    make_member(facilitator, other_organization, Membership.Role.FACILITATOR)
    sign_in_with_mfa(client, facilitator)

    response = client.post(
        reverse("trainings:new_session"), public_form(organization, facilitators=[other.pk])
    )

    assert response.status_code == 200
    assert "Kim cannot run this session" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_facilitator_cannot_schedule_for_another_organization(
    client, facilitator, other_organization
):
    sign_in_with_mfa(client, facilitator)
    response = client.post(reverse("trainings:new_session"), public_form(other_organization))
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not TrainingSession.objects.exists()


def test_a_facilitator_changes_a_session(client, facilitator, organization):
    session = make_session(organization, title="Old title")
    sign_in_with_mfa(client, facilitator)
    form = client.get(reverse("trainings:edit_session", args=[session.code])).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(title="New title", start=form["start"].value().strftime("%Y-%m-%dT%H:%M"))
    for name in ("end", "registration_opens"):
        data[name] = form[name].value().strftime("%Y-%m-%dT%H:%M")

    response = client.post(reverse("trainings:edit_session", args=[session.code]), data)

    assert response.status_code == 302, response.context["form"].errors
    session.refresh_from_db()
    assert session.title == "New title"


def test_a_closed_session_cannot_be_changed(client, facilitator, organization):
    session = make_session(organization, title="Done")
    TrainingSession.objects.filter(pk=session.pk).update(status=TrainingSession.Status.CLOSED)
    sign_in_with_mfa(client, facilitator)
    response = client.get(reverse("trainings:edit_session", args=[session.code]), follow=True)
    assert "This session is closed, so it cannot be changed." in response.content.decode()


def test_the_header_offers_sessions_i_run_only_to_people_who_run_them(client, member):
    client.force_login(member)
    assert "Sessions I run" not in client.get(reverse("trainings:list")).content.decode()
