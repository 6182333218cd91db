"""The CMS session form's facilitators: only the hosting organization's facilitators and
managers can be chosen, and anyone else is refused by name."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from tests.conftest import make_member, make_user, sign_in_with_mfa
from trainings.models import TrainingSession

from .test_admin import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(organization, other_organization):
    facilitator = make_user("fac@example.org", display_name="Dana")
    make_member(facilitator, organization, Membership.Role.FACILITATOR)
    manager = make_user("boss@example.org", display_name="Lee")
    make_member(manager, organization, Membership.Role.MANAGER)
    member = make_user("plain@example.org", display_name="Robin")
    make_member(member, organization)
    elsewhere = make_user("elsewhere@example.org", display_name="Kim")
    make_member(elsewhere, other_organization, Membership.Role.FACILITATOR)
    return {"facilitator": facilitator, "manager": manager, "member": member, "other": elsewhere}


def test_a_trainer_chooses_the_hosting_organizations_facilitators(
    client, trainer, organization, people
):
    sign_in_with_mfa(client, trainer)
    page = client.get(reverse("trainings_session:add")).content.decode()
    assert "Dana (fac@example.org)" in page and 'type="checkbox"' in page
    assert "Robin" not in page  # a plain member is never offered

    chosen = [people["facilitator"].pk, people["manager"].pk]
    response = client.post(
        reverse("trainings_session:add"), {**form_data(organization), "facilitators": chosen}
    )

    assert response.status_code == 302, response.context["form"].errors
    session = TrainingSession.objects.get()
    assert set(session.facilitators.all()) == {people["facilitator"], people["manager"]}


def test_a_facilitator_of_another_organization_is_refused_by_name(
    client, trainer, organization, people
):
    sign_in_with_mfa(client, trainer)
    response = client.post(
        reverse("trainings_session:add"),
        {**form_data(organization), "facilitators": [people["facilitator"].pk, people["other"].pk]},
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["facilitators"])
    assert "Kim cannot run this session: only facilitators and managers of Riverside" in errors
    assert "Dana" not in errors
    assert not TrainingSession.objects.exists()


def test_a_plain_member_cannot_be_slipped_in(client, trainer, organization, people):
    sign_in_with_mfa(client, trainer)
    response = client.post(
        reverse("trainings_session:add"),
        {**form_data(organization), "facilitators": [people["member"].pk]},
    )
    assert response.status_code == 200
    assert "facilitators" in response.context["form"].errors
    assert not TrainingSession.objects.exists()
