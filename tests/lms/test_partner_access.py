"""The permission matrix of the partner pages, generated so that a new URL needs a row.

Every URL of ``lms.partners.urls`` is requested by each persona: anonymous, a learner with no
membership, a member of the organization, its manager, the manager of another organization,
the manager of a coalition the organization belongs to, and site staff (site admin).
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from lms.models import PartnerExport
from lms.partners import urls as partner_urls
from tests.conftest import make_member

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
)
# Pages of one organization: outsiders 404, members 403, its managers and staff 200.
ORGANIZATION_PAGE = {
    "anonymous": 302,
    "learner": 404,
    "member": 403,
    "manager": 200,
    "other_manager": 404,
    "coalition_manager": 404,
    "staff": 200,
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


@pytest.mark.parametrize(("name", "persona"), CASES)
def test_the_matrix(client, world, name, persona):
    _whose, _argument, method, expected = MATRIX[name]
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)

    response = getattr(client, method)(url_for(name, world))

    assert response.status_code == expected[persona], (name, persona)
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "name", sorted(name for name, (_w, _a, method, _e) in MATRIX.items() if method == "post")
)
def test_state_changes_refuse_get(client, world, name):
    client.force_login(world["people"]["manager"])

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
    client.force_login(manager)

    for name in ("coalition", "coalition_csv"):
        assert client.get(reverse(f"partners:{name}", args=[organization.slug])).status_code == 404


def test_an_unknown_organization_is_404_even_for_staff(client, site_admin):
    client.force_login(site_admin)

    assert client.get(reverse("partners:staff", args=["nope"])).status_code == 404


def test_the_members_page_links_to_the_partner_pages(client, manager, organization):
    client.force_login(manager)

    page = client.get(reverse("accounts:organization_members", args=[organization.slug]))

    body = page.content.decode()
    assert reverse("partners:staff", args=[organization.slug]) in body
    assert reverse("partners:certificates", args=[organization.slug]) in body
    assert reverse("partners:coalition", args=[organization.slug]) not in body


def test_a_coalitions_pages_link_to_its_figures(client, coalition, coalition_manager):
    client.force_login(coalition_manager)

    page = client.get(reverse("accounts:organization_members", args=[coalition.slug]))

    assert reverse("partners:coalition", args=[coalition.slug]) in page.content.decode()
