import pytest
from django.urls import reverse

from accounts.models import Membership
from accounts.permissions import can_see_records_of, visible_members
from tests.conftest import sign_in_with_mfa

pytestmark = pytest.mark.django_db


def test_a_member_sees_their_organizations_and_whether_they_share(client, member, organization):
    client.force_login(member)

    page = client.get(reverse("accounts:my_organizations")).content.decode()

    assert organization.name in page
    assert "You share your training records" in page


def test_withdrawing_consent_hides_the_member_from_managers(client, member, manager, organization):
    membership = Membership.objects.get(user=member)
    assert can_see_records_of(manager, member)
    client.force_login(member)

    client.post(reverse("accounts:set_sharing", args=[membership.code]), {"share": "no"})

    membership.refresh_from_db()
    assert not membership.shares_records
    assert not can_see_records_of(manager, member)
    assert member not in [m.user for m in visible_members(manager, organization)]


def test_sharing_again_records_the_new_date(client, member):
    membership = Membership.objects.get(user=member)
    client.force_login(member)
    client.post(reverse("accounts:set_sharing", args=[membership.code]), {"share": "no"})

    client.post(reverse("accounts:set_sharing", args=[membership.code]), {"share": "yes"})

    membership.refresh_from_db()
    assert membership.shares_records


def test_leaving_removes_the_membership_and_the_managers_view(client, member, manager):
    membership = Membership.objects.get(user=member)
    client.force_login(member)

    response = client.post(reverse("accounts:leave", args=[membership.code]))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not can_see_records_of(manager, member)


def test_the_only_manager_cannot_leave(client, manager, organization):
    membership = Membership.objects.get(user=manager)
    sign_in_with_mfa(client, manager)

    response = client.post(reverse("accounts:leave", args=[membership.code]), follow=True)

    assert "You are the only manager" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_someone_elses_membership_code_is_404(client, member, outsider):
    membership = Membership.objects.get(user=member)
    client.force_login(outsider)

    assert client.post(reverse("accounts:leave", args=[membership.code])).status_code == 404
    assert client.post(reverse("accounts:set_sharing", args=[membership.code])).status_code == 404


@pytest.mark.parametrize("name", ["leave", "set_sharing"])
def test_membership_changes_reject_get(client, member, name):
    membership = Membership.objects.get(user=member)
    client.force_login(member)

    assert client.get(reverse(f"accounts:{name}", args=[membership.code])).status_code == 405


@pytest.mark.parametrize("name", ["leave", "set_sharing"])
def test_membership_changes_need_sign_in(client, member, name):
    membership = Membership.objects.get(user=member)

    response = client.post(reverse(f"accounts:{name}", args=[membership.code]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_manager_can_make_a_member_a_manager(client, manager, member, organization):
    membership = Membership.objects.get(user=member)
    sign_in_with_mfa(client, manager)

    client.post(
        reverse("accounts:organization_set_role", args=[organization.slug, membership.code]),
        {"role": "manager"},
    )

    membership.refresh_from_db()
    assert membership.is_manager


def test_an_unknown_role_is_refused_with_a_message(client, manager, member, organization):
    membership = Membership.objects.get(user=member)
    sign_in_with_mfa(client, manager)

    response = client.post(
        reverse("accounts:organization_set_role", args=[organization.slug, membership.code]),
        {"role": "owner"},
        follow=True,
    )

    membership.refresh_from_db()
    assert membership.role == "member"
    assert "Please choose a valid role." in response.content.decode()
