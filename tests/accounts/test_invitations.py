import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Membership, User
from tests.conftest import sign_in_with_mfa

pytestmark = pytest.mark.django_db


def invite(client, manager, organization, email="new.worker@example.org", role="member"):
    sign_in_with_mfa(client, manager)
    # The email leaves once the invitation is committed; the test's transaction never commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("accounts:organization_invite", args=[organization.slug]),
            {"emails": email, "role": role},
        )
    client.logout()
    return response


def link_path(message) -> str:
    match = re.search(re.escape(settings.SITE_URL) + r"(/invitations/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_invited_person_signs_up_through_the_link_and_lands_in_the_organization(
    client, manager, organization
):
    response = invite(client, manager, organization)
    assert response.status_code == 302
    assert mail.outbox[0].to == ["new.worker@example.org"]
    assert organization.name in mail.outbox[0].subject
    path = link_path(mail.outbox[0])

    invitation_page = client.get(path)
    assert "Create an account" in invitation_page.content.decode()
    signup = client.post(
        reverse("account_signup") + f"?next={path}",
        {"email": "new.worker@example.org", "password1": "a-long-test-passphrase-42"},
    )
    # The link proved the address, so no second confirmation email is needed.
    assert signup.status_code == 302
    assert signup["Location"] == path
    accept_page = client.get(path)
    assert "Accept the invitation" in accept_page.content.decode()
    client.post(path + "accept/", {"share_records": "on"})

    person = User.objects.get(email="new.worker@example.org")
    membership = Membership.objects.get(user=person)
    assert membership.organization == organization
    assert membership.role == Membership.Role.MEMBER
    assert membership.shares_records
    assert Invitation.objects.get().accepted_by == person


def test_accepting_without_ticking_consent_joins_without_sharing(
    client, manager, organization, learner
):
    invite(client, manager, organization, email=learner.email)
    path = link_path(mail.outbox[0])
    client.force_login(learner)

    client.post(path + "accept/")

    assert not Membership.objects.get(user=learner).shares_records


def test_a_reused_invitation_gives_a_clear_message_and_no_second_membership(
    client, manager, organization, learner, outsider
):
    invite(client, manager, organization, email=learner.email)
    path = link_path(mail.outbox[0])
    client.force_login(learner)
    client.post(path + "accept/")

    client.force_login(outsider)
    response = client.post(path + "accept/", follow=True)

    assert "This invitation has already been used." in response.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()


def test_an_expired_invitation_gives_a_clear_message_and_no_membership(
    client, manager, organization, learner
):
    invite(client, manager, organization, email=learner.email)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    path = link_path(mail.outbox[0])
    client.force_login(learner)

    page = client.get(path)
    response = client.post(path + "accept/", follow=True)

    assert "This invitation has expired" in page.content.decode()
    assert "This invitation has expired" in response.content.decode()
    assert not Membership.objects.filter(user=learner).exists()


def test_a_cancelled_invitation_cannot_be_accepted(client, manager, organization, learner):
    invite(client, manager, organization, email=learner.email)
    invitation = Invitation.objects.get()
    sign_in_with_mfa(client, manager)
    client.post(
        reverse(
            "accounts:organization_cancel_invitation", args=[organization.slug, invitation.code]
        )
    )
    client.force_login(learner)

    response = client.post(link_path(mail.outbox[0]) + "accept/", follow=True)

    assert "cancelled" in response.content.decode()
    assert not Membership.objects.filter(user=learner).exists()


def test_an_unknown_invitation_token_is_404(client, learner):
    client.force_login(learner)

    assert client.get("/invitations/not-a-real-token/").status_code == 404
    assert client.post("/invitations/not-a-real-token/accept/").status_code == 404


def test_inviting_the_same_address_twice_keeps_one_pending_invitation(
    client, manager, organization
):
    invite(client, manager, organization)
    invite(client, manager, organization, email="NEW.worker@example.org")

    assert Invitation.objects.pending().count() == 1
    assert len(mail.outbox) == 2


def test_resend_emails_the_same_link_again(client, manager, organization):
    invite(client, manager, organization)
    invitation = Invitation.objects.get()
    sign_in_with_mfa(client, manager)

    client.post(
        reverse(
            "accounts:organization_resend_invitation", args=[organization.slug, invitation.code]
        )
    )

    assert len(mail.outbox) == 2
    assert link_path(mail.outbox[0]) == link_path(mail.outbox[1])


def test_an_invalid_email_is_a_form_error(client, manager, organization):
    response = invite(client, manager, organization, email="not an email")

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_headers_create_an_account_link_on_an_invitation_keeps_the_invitation(
    client, manager, organization
):
    invite(client, manager, organization)
    path = link_path(mail.outbox[0])

    invitation_page = client.get(path).content.decode()
    header = invitation_page.split("<header", 1)[1].split("</header>", 1)[0]
    signup_link = re.search(r'<a href="([^"]+)">Create an account</a>', header).group(1)
    sign_in_link = re.search(r'<a href="([^"]+)">Sign in</a>', header).group(1)
    assert sign_in_link.startswith(reverse("account_login")) and "next=" in sign_in_link
    signup_form = client.get(signup_link).content.decode()
    # allauth's form carries the way back, as it does from the page's own button.
    assert f'name="next" value="{path}"' in signup_form
    signed_up = client.post(
        signup_link,
        {"email": "new.worker@example.org", "password1": "a-long-test-passphrase-42"},
        follow=True,
    )
    assert signed_up.redirect_chain[-1][0] == path
    assert "Accept the invitation" in signed_up.content.decode()
    client.post(path + "accept/", {"share_records": "on"})

    membership = Membership.objects.get(user__email="new.worker@example.org")
    assert membership.organization == organization and membership.shares_records
