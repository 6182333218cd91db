"""The permission matrix for every organization URL, generated so a new URL needs a row."""

import pytest
from django.urls import get_resolver, reverse

from accounts.models import Invitation, Membership
from tests.conftest import give_totp, sign_in_with_mfa, sign_in_with_password

pytestmark = pytest.mark.django_db

# (url name, needs a member code / invitation code, is a state change)
MANAGER_URLS = {
    "organization_members": (None, False),
    "organization_invite": (None, False),
    "organization_join_code": (None, False),
    "organization_join_code_qr": (None, False),
    "organization_regenerate_join_code": (None, True),
    "organization_resend_invitation": ("invitation", True),
    "organization_cancel_invitation": ("invitation", True),
    "organization_set_role": ("membership", True),
    "organization_remove_member": ("membership", True),
}


def organization_url_names() -> set[str]:
    """Every named URL of the accounts app that lives under /org/."""

    def included(patterns):
        for pattern in patterns:
            yield pattern
            yield from included(getattr(pattern, "url_patterns", []))  # i18n_patterns nests them

    accounts_urls = next(
        pattern
        for pattern in included(get_resolver().url_patterns)
        if getattr(pattern, "app_name", "") == "accounts"
    )
    return {
        pattern.name
        for pattern in accounts_urls.url_patterns
        if str(pattern.pattern).startswith("org/")
    }


def test_every_organization_url_has_a_row_in_the_matrix():
    assert organization_url_names() == set(MANAGER_URLS)


@pytest.fixture
def targets(organization, manager, member):
    invitation = Invitation.objects.create(
        organization=organization, email="someone@example.org", invited_by=manager
    )
    membership = Membership.objects.get(user=member)
    return {"invitation": invitation.code, "membership": membership.code}


def url_for(name, organization, targets):
    code_kind, _ = MANAGER_URLS[name]
    args = [organization.slug] + ([targets[code_kind]] if code_kind else [])
    return reverse(f"accounts:{name}", args=args)


def request_url(client, name, url):
    _, is_state_change = MANAGER_URLS[name]
    return client.post(url) if is_state_change else client.get(url)


@pytest.mark.parametrize("name", sorted(MANAGER_URLS))
def test_anonymous_visitors_are_sent_to_sign_in(client, organization, targets, name):
    response = request_url(client, name, url_for(name, organization, targets))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(MANAGER_URLS))
def test_outsiders_get_404(client, outsider, organization, targets, name):
    client.force_login(outsider)

    assert request_url(client, name, url_for(name, organization, targets)).status_code == 404


@pytest.mark.parametrize("name", sorted(MANAGER_URLS))
def test_members_get_403_on_manager_pages(client, member, organization, targets, name):
    client.force_login(member)

    assert request_url(client, name, url_for(name, organization, targets)).status_code == 403


@pytest.mark.parametrize("name", sorted(MANAGER_URLS))
def test_managers_of_another_organization_get_404(
    client, other_manager, organization, targets, name
):
    sign_in_with_mfa(client, other_manager)

    assert request_url(client, name, url_for(name, organization, targets)).status_code == 404


@pytest.mark.parametrize("name", sorted(MANAGER_URLS))
def test_managers_succeed(client, manager, organization, targets, name):
    sign_in_with_mfa(client, manager)

    response = request_url(client, name, url_for(name, organization, targets))

    _, is_state_change = MANAGER_URLS[name]
    assert response.status_code == (302 if is_state_change else 200)


@pytest.mark.parametrize(
    "name", sorted(name for name, (_, change) in MANAGER_URLS.items() if change)
)
def test_state_changing_views_reject_get(client, manager, organization, targets, name):
    sign_in_with_mfa(client, manager)

    assert client.get(url_for(name, organization, targets)).status_code == 405


def test_an_unknown_organization_is_404_even_for_managers(client, manager):
    sign_in_with_mfa(client, manager)

    assert client.get(reverse("accounts:organization_members", args=["nope"])).status_code == 404


def test_a_manager_cannot_act_on_another_organizations_member_by_editing_the_url(
    client, manager, organization, other_organization, other_manager
):
    foreign = Membership.objects.get(user=other_manager)
    sign_in_with_mfa(client, manager)

    response = client.post(
        reverse("accounts:organization_remove_member", args=[organization.slug, foreign.code])
    )

    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


# Without a second factor in this session, a manager or a site admin is a plain learner here
# (accounts.mfa): every manager URL sends them to set up or use their authenticator instead.


@pytest.fixture
def site_admin(db):
    from accounts import roles
    from tests.conftest import make_user

    return make_user("admin@example.org", group=roles.SITE_ADMINS)


@pytest.mark.parametrize("persona", ["manager", "site_admin"])
@pytest.mark.parametrize("name", sorted(MANAGER_URLS))
def test_without_a_second_factor_every_manager_url_asks_for_one(
    client, request, organization, targets, name, persona
):
    person = request.getfixturevalue(persona)
    sign_in_with_password(client, person)
    join_code = organization.join_code

    response = request_url(client, name, url_for(name, organization, targets))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    organization.refresh_from_db()
    assert organization.join_code == join_code
    assert Invitation.objects.filter(cancelled_at=None).count() == 1
    assert Membership.objects.filter(organization=organization).count() == 2


@pytest.mark.parametrize("name", sorted(MANAGER_URLS))
def test_site_admins_with_a_second_factor_manage_every_organization(
    client, site_admin, organization, targets, name
):
    sign_in_with_mfa(client, site_admin)

    response = request_url(client, name, url_for(name, organization, targets))

    _, is_state_change = MANAGER_URLS[name]
    assert response.status_code == (302 if is_state_change else 200)


def test_a_manager_who_set_up_an_authenticator_in_another_session_is_asked_for_a_code(
    client, manager, organization
):
    sign_in_with_password(client, manager)
    give_totp(manager)

    response = client.get(reverse("accounts:organization_members", args=[organization.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
