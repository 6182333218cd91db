"""Who may open each training-plan page: the organization's managers only (with a second
factor); the manager of another organization and outsiders get 404, members 403, anonymous
visitors the sign-in page. Changes are POST only."""

import pytest
from django.urls import reverse

from tests.conftest import sign_in_with_mfa

from .conftest import make_plan, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(organization, naloxone):
    return make_plan(organization, [naloxone])


@pytest.fixture
def tag(organization):
    return make_tag(organization, "outreach")


def urls(organization, plan, tag):
    slug = organization.slug
    return {
        "list": ("get", reverse("plans:list", args=[slug])),
        "new": ("get", reverse("plans:new", args=[slug])),
        "compliance": ("get", reverse("plans:compliance", args=[slug, plan.code])),
        "edit": ("get", reverse("plans:edit", args=[slug, plan.code])),
        "csv": ("get", reverse("plans:compliance_csv", args=[slug, plan.code])),
        "xlsx": ("get", reverse("plans:compliance_xlsx", args=[slug, plan.code])),
        "tags": ("get", reverse("plans:tags", args=[slug])),
        "tag": ("get", reverse("plans:tag", args=[slug, tag.code])),
        "tag_delete": ("post", reverse("plans:tag_delete", args=[slug, tag.code])),
    }


def answers(client, organization, plan, tag):
    return {
        name: getattr(client, method)(url).status_code
        for name, (method, url) in urls(organization, plan, tag).items()
    }


def test_the_manager_opens_every_page(client, organization, manager, plan, tag):
    sign_in_with_mfa(client, manager)

    codes = answers(client, organization, plan, tag)

    assert codes.pop("tag_delete") == 302
    assert set(codes.values()) == {200}


def test_the_manager_of_another_organization_gets_404_everywhere(
    client, organization, other_manager, plan, tag
):
    sign_in_with_mfa(client, other_manager)

    assert set(answers(client, organization, plan, tag).values()) == {404}


def test_a_plan_of_another_organization_is_404_for_this_organizations_manager(
    client, organization, other_organization, manager, other_manager, naloxone
):
    theirs = make_plan(other_organization, [naloxone])
    their_tag = make_tag(other_organization, "outreach")
    sign_in_with_mfa(client, manager)

    # The manager's own organization in the address, the other organization's codes.
    assert (
        client.get(reverse("plans:compliance", args=[organization.slug, theirs.code])).status_code
        == 404
    )
    assert (
        client.get(reverse("plans:edit", args=[organization.slug, theirs.code])).status_code == 404
    )
    assert (
        client.get(reverse("plans:tag", args=[organization.slug, their_tag.code])).status_code
        == 404
    )


def test_a_member_gets_403_everywhere(client, organization, member, plan, tag):
    client.force_login(member)

    assert set(answers(client, organization, plan, tag).values()) == {403}
    assert tag.__class__.objects.filter(pk=tag.pk).exists()


def test_an_outsider_gets_404_everywhere(client, organization, outsider, plan, tag):
    client.force_login(outsider)

    assert set(answers(client, organization, plan, tag).values()) == {404}


def test_anonymous_visitors_are_sent_to_sign_in(client, organization, plan, tag):
    for method, url in urls(organization, plan, tag).values():
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_manager_without_a_second_factor_is_sent_to_their_authenticator(
    client, organization, manager, plan, tag
):
    client.force_login(manager)

    response = client.get(reverse("plans:compliance", args=[organization.slug, plan.code]))

    assert response.status_code == 302
    assert "2fa" in response["Location"]


def test_deleting_a_tag_is_post_only(client, organization, manager, tag):
    sign_in_with_mfa(client, manager)

    response = client.get(reverse("plans:tag_delete", args=[organization.slug, tag.code]))

    assert response.status_code == 405
    assert tag.__class__.objects.filter(pk=tag.pk).exists()
