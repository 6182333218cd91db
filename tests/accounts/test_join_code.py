import math

import pytest
from django.urls import reverse

from accounts.models import JOIN_CODE_LENGTH, Membership, Organization
from basics.codes import CROCKFORD_ALPHABET
from tests.conftest import sign_in_with_mfa

pytestmark = pytest.mark.django_db


def test_a_wrong_code_is_a_form_error_and_no_membership(client, learner, organization):
    client.force_login(learner)

    response = client.post(reverse("accounts:join"), {"code": "WRONG-CODE1"})

    assert response.status_code == 200
    assert "We could not find an organization with that code" in response.content.decode()
    assert not Membership.objects.filter(user=learner).exists()


def test_the_right_code_makes_a_membership(client, learner, organization):
    client.force_login(learner)

    response = client.post(
        reverse("accounts:join"), {"code": organization.join_code, "share_records": "on"}
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user=learner)
    assert membership.organization == organization
    assert membership.role == Membership.Role.MEMBER
    assert membership.shares_records


def test_the_code_is_forgiving_about_case_dashes_and_look_alike_letters(
    client, learner, organization
):
    organization.join_code = "K7M2Q9XW10"
    organization.save()
    client.force_login(learner)

    client.post(reverse("accounts:join"), {"code": "k7m2q-9xwlo"})

    assert Membership.objects.filter(user=learner, organization=organization).exists()


def test_joining_twice_keeps_one_membership(client, learner, organization):
    client.force_login(learner)
    for _ in range(2):
        client.post(reverse("accounts:join"), {"code": organization.join_code})

    assert Membership.objects.filter(user=learner).count() == 1


def test_the_join_page_prefills_the_code_from_the_qr_link(client, learner, organization):
    client.force_login(learner)

    response = client.get(reverse("accounts:join") + f"?code={organization.join_code}")

    assert f'value="{organization.join_code}"' in response.content.decode()


def test_codes_are_not_guessable():
    bits = JOIN_CODE_LENGTH * math.log2(len(CROCKFORD_ALPHABET))
    codes = {
        Organization.objects.create(name=f"Org {i}", slug=f"org-{i}", kind="other").join_code
        for i in range(50)
    }

    assert bits >= 40
    assert len(codes) == 50
    assert all(len(code) == JOIN_CODE_LENGTH for code in codes)
    assert all(set(code) <= set(CROCKFORD_ALPHABET) for code in codes)


def test_the_sign_up_sheet_shows_the_code_and_a_qr_code(client, manager, organization):
    sign_in_with_mfa(client, manager)

    page = client.get(reverse("accounts:organization_join_code", args=[organization.slug]))
    qr = client.get(reverse("accounts:organization_join_code_qr", args=[organization.slug]))

    assert organization.display_join_code in page.content.decode()
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg")


def test_a_new_join_code_retires_the_old_one(client, manager, learner, organization):
    old_code = organization.join_code
    sign_in_with_mfa(client, manager)
    client.post(reverse("accounts:organization_regenerate_join_code", args=[organization.slug]))
    client.force_login(learner)

    response = client.post(reverse("accounts:join"), {"code": old_code})

    organization.refresh_from_db()
    assert organization.join_code != old_code
    assert "We could not find an organization" in response.content.decode()
