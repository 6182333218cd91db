"""A manager's copy of a sharing member's transcript, from the staff page: the real PDF read
back with pypdf, an audit entry like a certificate download, and a permission row for every
kind of visitor (a member who does not share is a 404, like an unknown code)."""

import io

import pypdf
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.models import Membership
from tests.conftest import make_member, make_user, sign_in_with_mfa
from tests.lms.conftest import certify
from transcripts import audit
from transcripts.models import Transcript

from .conftest import course_with_hours, days_ago

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def sharing(organization):
    user = make_user("sharing@example.org", display_name="Robin", certificate_name="Robin Okafor")
    membership = make_member(user, organization)
    course = course_with_hours("Peer law and ethics", "2", [("Law and ethics", "online", "1.5")])
    certify(user, course, completed_at=days_ago(5))
    return membership


@pytest.fixture
def not_sharing(organization):
    user = make_user("private@example.org", display_name="Kai", certificate_name="Kai Lee")
    return make_member(user, organization, shares=False)


def url(membership):
    return reverse(
        "transcripts:member_transcript", args=[membership.organization.slug, membership.code]
    )


def test_the_manager_downloads_a_sharing_members_transcript_from_the_staff_page(
    client, organization, manager, sharing
):
    sign_in_with_mfa(client, manager)
    staff = BeautifulSoup(
        client.get(reverse("partners:staff", args=[organization.slug])).content, "html.parser"
    )
    form = staff.find("form", action=url(sharing))
    assert form is not None and form["method"] == "post"

    response = client.post(form["action"])

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = text_of(b"".join(response.streaming_content))
    transcript = Transcript.objects.get(user=sharing.user)
    for expected in [
        "Robin Okafor",
        "Peer law and ethics",
        "Law and ethics (Online): 1.5",
        transcript.display_code,
    ]:
        assert expected in text, expected
    entry = ModelLogEntry.objects.get(action=audit.MEMBER_TRANSCRIPT)
    assert entry.user_id == manager.pk and entry.object_id == str(organization.pk)
    assert entry.data["transcript"] == transcript.display_code
    assert entry.data["membership"] == sharing.code
    assert "Robin" not in str(entry.data) and "sharing@example.org" not in str(entry.data)
    assert "Robin" in entry.message  # the report names the member when it is read


def test_a_member_who_does_not_share_is_a_404_and_nothing_is_issued(
    client, manager, not_sharing, sharing
):
    sign_in_with_mfa(client, manager)

    assert client.post(url(not_sharing)).status_code == 404

    sharing.records_shared_at = None  # stops sharing: the link they had goes dead at once
    sharing.save(update_fields=["records_shared_at"])
    assert client.post(url(sharing)).status_code == 404
    assert not Transcript.objects.exists()
    assert not ModelLogEntry.objects.filter(action=audit.MEMBER_TRANSCRIPT).exists()


def test_a_member_without_a_certificate_name_gets_a_clear_message(client, organization, manager):
    user = make_user("noname@example.org", display_name="Ash")
    membership = make_member(user, organization)
    sign_in_with_mfa(client, manager)

    response = client.post(url(membership), follow=True)

    assert "has not given the name to print on their certificates yet" in (
        response.content.decode()
    )
    assert not Transcript.objects.exists()


def test_permission_rows(
    client, organization, other_organization, manager, other_manager, member, outsider, sharing
):
    target = url(sharing)
    # Anonymous: sign in first.
    response = client.post(target)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    # A plain member of the organization: 403.
    client.force_login(member)
    assert client.post(target).status_code == 403
    # An outsider and the manager of another organization: 404.
    client.force_login(outsider)
    assert client.post(target).status_code == 404
    sign_in_with_mfa(client, other_manager)
    assert client.post(target).status_code == 404
    # The other organization's manager with their own slug and this member's code: 404.
    other_url = reverse(
        "transcripts:member_transcript", args=[other_organization.slug, sharing.code]
    )
    assert client.post(other_url).status_code == 404
    # The manager without a second factor in this session: sent to the authenticator.
    client.force_login(manager)
    response = client.post(target)
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/")
    # GET is refused: making a transcript is a change.
    sign_in_with_mfa(client, manager)
    assert client.get(target).status_code == 405
    assert client.post(target).status_code == 200
    assert Membership.objects.get(pk=sharing.pk).shares_records
