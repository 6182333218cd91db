"""The permission matrix of the partner pages, generated so that a new URL needs a row.

Every URL of ``lms.partners.urls`` is requested by each persona: anonymous, a learner with no
membership, a member of the organization, its manager, the manager of another organization,
the manager of a coalition the organization belongs to, and site staff (site admin). Everyone
with powers signs in as a person with an authenticator does (``sign_in_with_mfa``), except the
personas "without MFA": a site admin, a manager and a coalition lead who signed in with a
password only, and a manager whose session began before they set up their authenticator.
Those are sent to set up or use their authenticator (``accounts.mfa``), never shown the page.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import Membership
from lms.models import PartnerExport
from lms.partners import urls as partner_urls
from tests.conftest import (
    give_totp,
    make_member,
    make_user,
    sign_in_with_mfa,
    sign_in_with_password,
)

from .conftest import certify

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "learner",
    "member",
    "manager",
    "other_manager",
    "coalition_manager",
    "staff",
    "staff_without_mfa",
    "manager_without_mfa",
    "coalition_manager_without_mfa",
    "manager_mfa_not_used",
)
# How each persona signs in (anonymous does not): with the second factor, or without it.
SIGN_IN = {
    "staff_without_mfa": "password",
    "manager_without_mfa": "password",
    "coalition_manager_without_mfa": "password",
    "manager_mfa_not_used": "mfa_not_used",
}
SET_UP = "set up an authenticator"
ENTER_CODE = "enter a code"
# Pages of one organization: outsiders 404, members 403, its managers and staff 200.
ORGANIZATION_PAGE = {
    "anonymous": 302,
    "learner": 404,
    "member": 403,
    "manager": 200,
    "other_manager": 404,
    "coalition_manager": 404,
    "staff": 200,
    "staff_without_mfa": SET_UP,
    "manager_without_mfa": SET_UP,
    "coalition_manager_without_mfa": 404,
    "manager_mfa_not_used": ENTER_CODE,
}
# A state change: the same, but success is a redirect.
ORGANIZATION_ACTION = {**ORGANIZATION_PAGE, "manager": 302, "staff": 302}
# A coalition's figures: only its managers and staff; its member organizations' people are
# outsiders to the coalition (404).
COALITION_PAGE = {
    "anonymous": 302,
    "learner": 404,
    "member": 404,
    "manager": 404,
    "other_manager": 404,
    "coalition_manager": 200,
    "staff": 200,
    "staff_without_mfa": SET_UP,
    "manager_without_mfa": 404,
    "coalition_manager_without_mfa": SET_UP,
    "manager_mfa_not_used": 404,
}

# url name: (whose slug, extra argument, method, expected status per persona)
MATRIX = {
    "staff": ("organization", None, "get", ORGANIZATION_PAGE),
    "records_csv": ("organization", None, "get", ORGANIZATION_PAGE),
    "certificates": ("organization", None, "get", ORGANIZATION_PAGE),
    "certificate_download": ("organization", "certificate", "get", ORGANIZATION_PAGE),
    "certificates_zip": ("organization", None, "get", ORGANIZATION_PAGE),
    "request_export": ("organization", None, "post", ORGANIZATION_ACTION),
    "export": ("organization", "export", "get", ORGANIZATION_PAGE),
    "export_download": ("organization", "export", "get", ORGANIZATION_PAGE),
    "coalition": ("coalition", None, "get", COALITION_PAGE),
    "coalition_csv": ("coalition", None, "get", COALITION_PAGE),
}


def partner_url_names() -> set[str]:
    return {pattern.name for pattern in partner_urls.urlpatterns}


def test_every_partner_url_has_a_row_in_the_matrix():
    assert partner_url_names() == set(MATRIX)
    for _slug, _argument, method, expected in MATRIX.values():
        assert method in ("get", "post")
        assert set(expected) == set(PERSONAS)


def test_every_partner_url_lives_under_an_organization():
    for pattern in partner_urls.urlpatterns:
        assert str(pattern.pattern).startswith("org/<slug:slug>/")


@pytest.fixture
def world(
    organization,
    manager,
    member,
    learner,
    other_manager,
    coalition,
    coalition_manager,
    site_admin,
    course,
):
    admin_without_mfa = make_user("admin-2@example.org", group=roles.SITE_ADMINS)
    manager_without_mfa = make_user("manager-2@example.org")
    make_member(manager_without_mfa, organization, Membership.Role.MANAGER)
    lead_without_mfa = make_user("coalition-lead-2@example.org")
    make_member(lead_without_mfa, coalition, Membership.Role.MANAGER)
    manager_mfa_not_used = make_user("manager-3@example.org")
    make_member(manager_mfa_not_used, organization, Membership.Role.MANAGER)
    member.certificate_name = "Riley Member"
    member.save()
    certificate = certify(member, course)
    export = PartnerExport.objects.create(
        organization=organization,
        requested_by=manager,
        status=PartnerExport.Status.READY,
        total=1,
        progress=1,
        learner_ids=[member.pk],
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    export.file.save("riverside-certificates.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return {
        "people": {
            "anonymous": None,
            "learner": learner,
            "member": member,
            "manager": manager,
            "other_manager": other_manager,
            "coalition_manager": coalition_manager,
            "staff": site_admin,
            "staff_without_mfa": admin_without_mfa,
            "manager_without_mfa": manager_without_mfa,
            "coalition_manager_without_mfa": lead_without_mfa,
            "manager_mfa_not_used": manager_mfa_not_used,
        },
        "organization": organization,
        "coalition": coalition,
        "certificate": certificate.display_code,
        "export": export.code,
    }


def url_for(name, world):
    whose, argument, _method, _expected = MATRIX[name]
    args = [world[whose].slug] + ([world[argument]] if argument else [])
    return reverse(f"partners:{name}", args=args)


CASES = [(name, persona) for name in sorted(MATRIX) for persona in PERSONAS]


def sign_in_as(client, persona, person):
    how = SIGN_IN.get(persona, "mfa")
    if person is None:
        return
    if persona in ("learner", "member"):
        client.force_login(person)  # no powers: how they signed in changes nothing
    elif how == "mfa":
        sign_in_with_mfa(client, person)
    else:
        sign_in_with_password(client, person)
        if how == "mfa_not_used":
            give_totp(person)  # in another browser: this session has not used it


@pytest.mark.parametrize(("name", "persona"), CASES)
def test_the_matrix(client, world, name, persona):
    _whose, _argument, method, expected = MATRIX[name]
    sign_in_as(client, persona, world["people"][persona])

    response = getattr(client, method)(url_for(name, world))

    if persona == "anonymous":
        assert response.status_code == expected[persona], (name, persona)
        assert response["Location"].startswith(reverse("account_login"))
    elif expected[persona] in (SET_UP, ENTER_CODE):
        assert response.status_code == 302, (name, persona)
        step = reverse("mfa_activate_totp" if expected[persona] == SET_UP else "mfa_reauthenticate")
        assert response["Location"].startswith(step), (name, persona)
        shown = client.get(response["Location"], follow=True).content.decode()
        assert "see other people&#x27;s training records" in shown
        assert expected[persona] in shown
    else:
        assert response.status_code == expected[persona], (name, persona)


@pytest.mark.parametrize(
    "name", sorted(name for name, (_w, _a, method, _e) in MATRIX.items() if method == "post")
)
def test_state_changes_refuse_get(client, world, name):
    sign_in_with_mfa(client, world["people"]["manager"])

    assert client.get(url_for(name, world)).status_code == 405


@pytest.mark.parametrize(
    "name", sorted(name for name, (_w, _a, method, _e) in MATRIX.items() if method == "get")
)
def test_pages_refuse_post(client, world, name):
    client.force_login(
        world["people"]["manager"]
        if "coalition" not in name
        else world["people"]["coalition_manager"]
    )

    assert client.post(url_for(name, world)).status_code == 405


def test_a_member_of_the_coalition_who_is_not_its_manager_gets_403(client, coalition, learner):
    make_member(learner, coalition)
    client.force_login(learner)

    assert client.get(reverse("partners:coalition", args=[coalition.slug])).status_code == 403


def test_an_organization_that_is_not_a_coalition_has_no_coalition_pages(
    client, manager, organization
):
    sign_in_with_mfa(client, manager)

    for name in ("coalition", "coalition_csv"):
        assert client.get(reverse(f"partners:{name}", args=[organization.slug])).status_code == 404


def test_an_unknown_organization_is_404_even_for_staff(client, site_admin):
    sign_in_with_mfa(client, site_admin)

    assert client.get(reverse("partners:staff", args=["nope"])).status_code == 404


def test_the_members_page_links_to_the_partner_pages(client, manager, organization):
    sign_in_with_mfa(client, manager)

    page = client.get(reverse("accounts:organization_members", args=[organization.slug]))

    body = page.content.decode()
    assert reverse("partners:staff", args=[organization.slug]) in body
    assert reverse("partners:certificates", args=[organization.slug]) in body
    assert reverse("partners:coalition", args=[organization.slug]) not in body


def test_a_coalitions_pages_link_to_its_figures(client, coalition, coalition_manager):
    sign_in_with_mfa(client, coalition_manager)

    page = client.get(reverse("accounts:organization_members", args=[coalition.slug]))

    assert reverse("partners:coalition", args=[coalition.slug]) in page.content.decode()
